using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SesMail.Emulator.Persistence;

namespace SesMail.Emulator.StepFunctions;

/// <summary>
/// State machines and executions (with their history and, while running, where to resume), in memory and (through
/// <see cref="EmulatorPersistence"/>) in <c>{DataDirectory}/states/state.json</c>. One lock guards everything.
/// </summary>
internal sealed class StepFunctionsStore : ISnapshotStore<StepFunctionsSnapshot>
{
    private readonly Dictionary<string, StateMachineEntry> _machines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ExecutionEntry> _executions = new(StringComparer.Ordinal);

    /// <summary>Guards every read and write of the store's entries.</summary>
    public Lock Lock { get; } = new();

    public StepFunctionsSnapshot Empty => new([], []);

    public StateMachineEntry? Machine(string arn)
    {
        lock (Lock)
        {
            return _machines.GetValueOrDefault(arn);
        }
    }

    public void SaveMachine(StateMachineEntry machine)
    {
        lock (Lock)
        {
            _machines[machine.Arn] = machine;
        }
    }

    public bool RemoveMachine(string arn)
    {
        lock (Lock)
        {
            return _machines.Remove(arn);
        }
    }

    public IReadOnlyList<StateMachineEntry> Machines(string region)
    {
        lock (Lock)
        {
            return [.. _machines.Values.Where(m => m.Region == region).OrderBy(m => m.Name, StringComparer.Ordinal)];
        }
    }

    public ExecutionEntry? Execution(string arn)
    {
        lock (Lock)
        {
            return _executions.GetValueOrDefault(arn);
        }
    }

    /// <summary>Adds an execution unless one with its ARN exists.</summary>
    /// <returns>The existing execution, or <c>null</c> when <paramref name="execution"/> was added.</returns>
    public ExecutionEntry? TryAddExecution(ExecutionEntry execution)
    {
        lock (Lock)
        {
            if (_executions.TryGetValue(execution.Arn, out var existing))
            {
                return existing;
            }

            _executions[execution.Arn] = execution;
            return null;
        }
    }

    public IReadOnlyList<ExecutionEntry> Executions(string stateMachineArn)
    {
        lock (Lock)
        {
            return [.. _executions.Values.Where(e => e.StateMachineArn == stateMachineArn).OrderByDescending(e => e.StartDate).ThenByDescending(e => e.Arn, StringComparer.Ordinal)];
        }
    }

    public IReadOnlyList<ExecutionEntry> Running()
    {
        lock (Lock)
        {
            return [.. _executions.Values.Where(e => e.Status == "RUNNING")];
        }
    }

    public StepFunctionsSnapshot Capture()
    {
        lock (Lock)
        {
            return new(
                [.. _machines.Values.OrderBy(m => m.Arn, StringComparer.Ordinal)],
                [.. _executions.Values.OrderBy(e => e.StartDate).ThenBy(e => e.Arn, StringComparer.Ordinal).Select(e => e.ToRecord())]);
        }
    }

    public void Restore(StepFunctionsSnapshot snapshot)
    {
        lock (Lock)
        {
            _machines.Clear();
            _executions.Clear();
            foreach (var machine in snapshot.StateMachines)
            {
                _machines[machine.Arn] = machine;
            }

            foreach (var execution in snapshot.Executions)
            {
                _executions[execution.Arn] = ExecutionEntry.FromRecord(execution);
            }
        }
    }
}

/// <summary>A state machine (immutable; replaced on update).</summary>
internal sealed record StateMachineEntry(
    string Region,
    string Arn,
    string Name,
    string Definition,
    string RoleArn,
    string Type,
    DateTimeOffset CreationDate,
    SfnLoggingConfiguration LoggingConfiguration,
    bool TracingEnabled,
    string RevisionId,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>An execution; its mutable parts change under <see cref="StepFunctionsStore.Lock"/>.</summary>
internal sealed class ExecutionEntry
{
    public required string Arn { get; init; }

    public required string StateMachineArn { get; init; }

    public required string StateMachineName { get; init; }

    public required string Name { get; init; }

    public required string Region { get; init; }

    /// <summary>The definition as it was when the execution started.</summary>
    public required string Definition { get; init; }

    public required string RoleArn { get; init; }

    public required string Type { get; init; }

    public required string Input { get; init; }

    /// <summary>
    /// The X-Ray header the execution's span descends from (<c>DescribeExecution</c>'s <c>traceHeader</c>): the caller's,
    /// or, for an execution that <see cref="StartsTrace"/>, its own root span's once the executor has started it.
    /// </summary>
    public string? TraceHeader { get; set; }

    /// <summary>A traced machine's execution started without a header: its span is the root of a new trace.</summary>
    public bool StartsTrace { get; init; }

    public required DateTimeOffset StartDate { get; init; }

    public required SfnLoggingConfiguration LoggingConfiguration { get; init; }

    public string Status { get; set; } = "RUNNING";

    public DateTimeOffset? StopDate { get; set; }

    public string? Output { get; set; }

    public string? Error { get; set; }

    public string? Cause { get; set; }

    /// <summary>History events, oldest first (ids are 1-based positions).</summary>
    public List<JsonObject> Events { get; init; } = [];

    /// <summary>Where a running execution resumes after a restart.</summary>
    public ExecutionCheckpoint? Checkpoint { get; set; }

    public ExecutionRecord ToRecord() => new(
        Arn, StateMachineArn, StateMachineName, Name, Region, Definition, RoleArn, Type, Input, TraceHeader, StartDate, LoggingConfiguration,
        Status, StopDate, Output, Error, Cause, [.. Events.Select(e => (JsonObject)e.DeepClone())], Checkpoint, StartsTrace);

    public static ExecutionEntry FromRecord(ExecutionRecord record) => new()
    {
        Arn = record.Arn,
        StateMachineArn = record.StateMachineArn,
        StateMachineName = record.StateMachineName,
        Name = record.Name,
        Region = record.Region,
        Definition = record.Definition,
        RoleArn = record.RoleArn,
        Type = record.Type,
        Input = record.Input,
        TraceHeader = record.TraceHeader,
        StartsTrace = record.StartsTrace,
        StartDate = record.StartDate,
        LoggingConfiguration = record.LoggingConfiguration,
        Status = record.Status,
        StopDate = record.StopDate,
        Output = record.Output,
        Error = record.Error,
        Cause = record.Cause,
        Events = [.. record.Events],
        Checkpoint = record.Checkpoint,
    };
}

/// <summary>Where a running execution resumes: the top-level state, its raw input (JSON text), the variables and a Wait deadline.</summary>
internal sealed record ExecutionCheckpoint(string StateName, string Input, JsonObject Variables, DateTimeOffset? WaitUntil, long LastEventId);

/// <summary>The persisted form of an execution.</summary>
internal sealed record ExecutionRecord(
    string Arn,
    string StateMachineArn,
    string StateMachineName,
    string Name,
    string Region,
    string Definition,
    string RoleArn,
    string Type,
    string Input,
    string? TraceHeader,
    DateTimeOffset StartDate,
    SfnLoggingConfiguration LoggingConfiguration,
    string Status,
    DateTimeOffset? StopDate,
    string? Output,
    string? Error,
    string? Cause,
    IReadOnlyList<JsonObject> Events,
    ExecutionCheckpoint? Checkpoint,
    bool StartsTrace = false);

/// <summary>The persisted form of <see cref="StepFunctionsStore"/>.</summary>
internal sealed record StepFunctionsSnapshot(IReadOnlyList<StateMachineEntry> StateMachines, IReadOnlyList<ExecutionRecord> Executions);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StepFunctionsSnapshot))]
internal sealed partial class StepFunctionsSnapshotJsonContext : JsonSerializerContext;
