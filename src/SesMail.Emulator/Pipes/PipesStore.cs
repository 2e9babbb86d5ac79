using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SesMail.Emulator.Persistence;

namespace SesMail.Emulator.Pipes;

/// <summary>Pipes by region and name, in memory and (through <see cref="EmulatorPersistence"/>) in <c>{DataDirectory}/pipes/state.json</c>.</summary>
internal sealed class PipesStore : ISnapshotStore<PipesSnapshot>
{
    private readonly ConcurrentDictionary<(string Region, string Name), Pipe> _pipes = new();
    private readonly ConcurrentDictionary<(string Region, string Name), PipeStatus> _status = new();

    /// <summary>Raised with the pipe's key when it is created, changed or deleted (its runner restarts).</summary>
    public event Action<(string Region, string Name)>? Changed;

    public PipesSnapshot Empty => new([]);

    public Pipe? Find(string region, string name) => _pipes.GetValueOrDefault((region, name));

    public IEnumerable<Pipe> All => _pipes.Values.OrderBy(p => p.Region, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal);

    /// <summary>What the pipe is doing now, as <c>DescribePipe</c> reports it; <c>null</c> until its runner or an operation set it.</summary>
    /// <param name="region">The region.</param>
    /// <param name="name">The pipe.</param>
    /// <returns>The status, or <c>null</c>.</returns>
    public PipeStatus? Status(string region, string name) => _status.GetValueOrDefault((region, name));

    /// <summary>Records what the pipe is doing now (kept in memory: a restarted runner sets it again).</summary>
    /// <param name="region">The region.</param>
    /// <param name="name">The pipe.</param>
    /// <param name="status">Its <c>CurrentState</c> and <c>StateReason</c>.</param>
    public void SetStatus(string region, string name, PipeStatus status)
    {
        if (_pipes.ContainsKey((region, name)))
        {
            _status[(region, name)] = status;
        }
    }

    /// <summary>Adds a pipe in its transitional state (<c>CREATING</c>) and restarts its runner.</summary>
    /// <param name="pipe">The pipe.</param>
    /// <param name="transition">The state to report until the runner settles it.</param>
    /// <returns>Whether it was added (no pipe of that name existed).</returns>
    public bool TryAdd(Pipe pipe, string transition)
    {
        var added = _pipes.TryAdd((pipe.Region, pipe.Name), pipe);
        if (added)
        {
            _status[(pipe.Region, pipe.Name)] = new PipeStatus(transition, null);
            Changed?.Invoke((pipe.Region, pipe.Name));
        }

        return added;
    }

    /// <summary>Replaces a pipe, reports <paramref name="transition"/> (<c>UPDATING</c>, <c>STARTING</c>, <c>STOPPING</c>) and restarts its runner.</summary>
    /// <param name="pipe">The pipe.</param>
    /// <param name="transition">The state to report until the runner settles it.</param>
    public void Replace(Pipe pipe, string transition)
    {
        _pipes[(pipe.Region, pipe.Name)] = pipe;
        _status[(pipe.Region, pipe.Name)] = new PipeStatus(transition, null);
        Changed?.Invoke((pipe.Region, pipe.Name));
    }

    public bool Remove(Pipe pipe)
    {
        var removed = _pipes.TryRemove((pipe.Region, pipe.Name), out _);
        if (removed)
        {
            _status.TryRemove((pipe.Region, pipe.Name), out _);
            Changed?.Invoke((pipe.Region, pipe.Name));
        }

        return removed;
    }

    public PipesSnapshot Capture() => new([.. All]);

    public void Restore(PipesSnapshot snapshot)
    {
        _pipes.Clear();
        _status.Clear();
        foreach (var pipe in snapshot.Pipes)
        {
            _pipes[(pipe.Region, pipe.Name)] = pipe;
        }
    }
}

/// <summary>One pipe as stored.</summary>
/// <param name="Region">The region.</param>
/// <param name="Name">The name.</param>
/// <param name="Arn">The ARN.</param>
/// <param name="Description">Free text.</param>
/// <param name="DesiredState"><c>RUNNING</c> or <c>STOPPED</c>.</param>
/// <param name="Source">The SQS queue ARN.</param>
/// <param name="BatchSize">1–10000, default 10.</param>
/// <param name="MaximumBatchingWindowInSeconds">0–300, default 0.</param>
/// <param name="Filters">EventBridge patterns (JSON text) the records must pass.</param>
/// <param name="Enrichment">The enrichment function ARN, or <c>null</c>.</param>
/// <param name="Target">The event bus ARN.</param>
/// <param name="DetailSource">The events' <c>source</c>.</param>
/// <param name="DetailType">The events' <c>detail-type</c>.</param>
/// <param name="Resources">The events' <c>resources</c>.</param>
/// <param name="RoleArn">The execution role.</param>
/// <param name="Tags">Tags.</param>
/// <param name="LogConfiguration">As given (stored, not acted on).</param>
/// <param name="CreationTime">Created.</param>
/// <param name="LastModifiedTime">Last changed.</param>
internal sealed record Pipe(
    string Region,
    string Name,
    string Arn,
    string? Description,
    string DesiredState,
    string Source,
    int BatchSize,
    int MaximumBatchingWindowInSeconds,
    IReadOnlyList<string> Filters,
    string? Enrichment,
    string Target,
    string DetailSource,
    string DetailType,
    IReadOnlyList<string> Resources,
    string RoleArn,
    IReadOnlyDictionary<string, string> Tags,
    JsonObject? LogConfiguration,
    DateTimeOffset CreationTime,
    DateTimeOffset LastModifiedTime);

/// <summary>What a pipe is doing now (https://docs.aws.amazon.com/eventbridge/latest/pipes-reference/API_DescribePipe.html).</summary>
/// <param name="CurrentState"><c>RUNNING</c>, <c>STOPPED</c>, a transitional state (<c>CREATING</c>, <c>UPDATING</c>,
/// <c>STARTING</c>, <c>STOPPING</c>) or a failed one (<c>CREATE_FAILED</c>, <c>UPDATE_FAILED</c>, <c>START_FAILED</c>).</param>
/// <param name="StateReason">Why, when something is wrong (e.g. the role lacks a permission); else <c>null</c>.</param>
internal sealed record PipeStatus(string CurrentState, string? StateReason);

/// <summary>The persisted form of <see cref="PipesStore"/>.</summary>
/// <param name="Pipes">Every pipe.</param>
internal sealed record PipesSnapshot(IReadOnlyList<Pipe> Pipes);

[JsonSourceGenerationOptions(RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(PipesSnapshot))]
internal sealed partial class PipesSnapshotJsonContext : JsonSerializerContext;
