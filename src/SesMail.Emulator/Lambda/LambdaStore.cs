using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using SesMail.Emulator.Hosting;
using SesMail.Emulator.Persistence;

namespace SesMail.Emulator.Lambda;

/// <summary>
/// Functions by region and name, event source mappings by UUID, and stream checkpoints, in memory and (through
/// <see cref="EmulatorPersistence"/>) in <c>{DataDirectory}/lambda/state.json</c>. Code packages live on disk under
/// <c>{DataDirectory}/lambda/code/{region}/{function}/{CodeSha256 as hex}.zip</c> whether persistence is on or not
/// (like S3 objects), and are unpacked per execution environment.
/// </summary>
internal sealed class LambdaStore : ISnapshotStore<LambdaSnapshot>
{
    private readonly ConcurrentDictionary<(string Region, string Name), LambdaFunction> _functions = new();
    private readonly ConcurrentDictionary<string, EventSourceMapping> _mappings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _checkpoints = new(StringComparer.Ordinal);

    public LambdaStore(EmulatorOptions options)
    {
        CodeDirectory = Path.Combine(options.DataDirectory, "lambda", "code");
        RuntimeDirectory = Path.Combine(Path.GetTempPath(), "sesmail-lambda", Guid.NewGuid().ToString("N")[..12]);
    }

    /// <summary>Where code packages are kept.</summary>
    public string CodeDirectory { get; }

    /// <summary>Where execution environments unpack their code (a fresh temporary folder per emulator process).</summary>
    public string RuntimeDirectory { get; }

    /// <summary>Raised when a function or mapping changes (a mapping's runner restarts with the new settings).</summary>
    public event Action<string>? MappingChanged;

    /// <summary>Raised when a function's code or configuration changes (warm environments are retired).</summary>
    public event Action<LambdaFunction>? FunctionChanged;

    public LambdaSnapshot Empty => new([], [], new Dictionary<string, string>());

    public LambdaFunction? Find(string region, string name) => _functions.GetValueOrDefault((region, name));

    public bool TryAdd(LambdaFunction function) => _functions.TryAdd((function.Region, function.Name), function);

    public void Replace(LambdaFunction function)
    {
        _functions[(function.Region, function.Name)] = function;
        FunctionChanged?.Invoke(function);
    }

    public bool Remove(LambdaFunction function)
    {
        var removed = _functions.TryRemove((function.Region, function.Name), out _);
        if (removed)
        {
            FunctionChanged?.Invoke(function);
        }

        return removed;
    }

    public IEnumerable<LambdaFunction> InRegion(string region) =>
        _functions.Values.Where(f => f.Region == region).OrderBy(f => f.Name, StringComparer.Ordinal);

    public string CodePath(LambdaFunction function) => CodePath(function.Region, function.Name, function.CodeSha256);

    public string CodePath(string region, string name, string codeSha256) =>
        Path.Combine(CodeDirectory, region, name, Convert.ToHexStringLower(Convert.FromBase64String(codeSha256)) + ".zip");

    public EventSourceMapping? FindMapping(string uuid) => _mappings.GetValueOrDefault(uuid);

    public IEnumerable<EventSourceMapping> Mappings => _mappings.Values.OrderBy(m => m.Uuid, StringComparer.Ordinal);

    public void PutMapping(EventSourceMapping mapping)
    {
        _mappings[mapping.Uuid] = mapping;
        MappingChanged?.Invoke(mapping.Uuid);
    }

    /// <summary>Replaces a mapping's record without restarting its poller (its processing result changed).</summary>
    public void ReplaceMappingQuietly(EventSourceMapping mapping)
    {
        if (_mappings.ContainsKey(mapping.Uuid))
        {
            _mappings[mapping.Uuid] = mapping;
        }
    }

    public bool RemoveMapping(string uuid)
    {
        var removed = _mappings.TryRemove(uuid, out _);
        _checkpoints.TryRemove(uuid, out _);
        if (removed)
        {
            MappingChanged?.Invoke(uuid);
        }

        return removed;
    }

    /// <summary>The last stream sequence number a mapping has finished with, or <c>null</c>.</summary>
    public string? Checkpoint(string uuid) => _checkpoints.GetValueOrDefault(uuid);

    public void SetCheckpoint(string uuid, string sequenceNumber) => _checkpoints[uuid] = sequenceNumber;

    public LambdaSnapshot Capture() =>
        new(
            [.. _functions.Values.OrderBy(f => f.Region, StringComparer.Ordinal).ThenBy(f => f.Name, StringComparer.Ordinal)],
            [.. Mappings],
            new SortedDictionary<string, string>(_checkpoints, StringComparer.Ordinal));

    public void Restore(LambdaSnapshot snapshot)
    {
        _functions.Clear();
        _mappings.Clear();
        _checkpoints.Clear();
        foreach (var function in snapshot.Functions)
        {
            _functions[(function.Region, function.Name)] = function;
        }

        foreach (var mapping in snapshot.Mappings)
        {
            _mappings[mapping.Uuid] = mapping;
        }

        foreach (var (uuid, sequence) in snapshot.Checkpoints)
        {
            _checkpoints[uuid] = sequence;
        }
    }
}

/// <summary>One function, as stored (immutable; changes replace it).</summary>
/// <param name="Region">The region.</param>
/// <param name="Name">The function name.</param>
/// <param name="Arn">The unqualified function ARN.</param>
/// <param name="Runtime"><c>dotnet10</c> or <c>provided.al2023</c>.</param>
/// <param name="Role">The execution role ARN.</param>
/// <param name="Handler">The handler string.</param>
/// <param name="Description">Free text.</param>
/// <param name="Timeout">Seconds, 1–900.</param>
/// <param name="MemorySize">MB, 128–10240.</param>
/// <param name="Environment">Environment variables.</param>
/// <param name="TracingMode"><c>PassThrough</c> or <c>Active</c>.</param>
/// <param name="Architectures"><c>x86_64</c> or <c>arm64</c>.</param>
/// <param name="CodeSha256">Base64 SHA-256 of the package.</param>
/// <param name="CodeSize">Package size in bytes.</param>
/// <param name="LastModified">When the function last changed.</param>
/// <param name="RevisionId">Changes with every update.</param>
/// <param name="Tags">Tags.</param>
/// <param name="Policy">Resource-policy statements (JSON text each), by statement id.</param>
internal sealed record LambdaFunction(
    string Region,
    string Name,
    string Arn,
    string Runtime,
    string Role,
    string Handler,
    string Description,
    int Timeout,
    int MemorySize,
    IReadOnlyDictionary<string, string> Environment,
    string TracingMode,
    IReadOnlyList<string> Architectures,
    string CodeSha256,
    long CodeSize,
    DateTimeOffset LastModified,
    string RevisionId,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, string> Policy)
{
    /// <summary>The log group the function writes to.</summary>
    [JsonIgnore]
    public string LogGroup => $"/aws/lambda/{Name}";
}

/// <summary>One event source mapping, as stored.</summary>
/// <param name="Uuid">The mapping id.</param>
/// <param name="Region">The region.</param>
/// <param name="Arn">The mapping ARN.</param>
/// <param name="EventSourceArn">An SQS queue or DynamoDB stream ARN.</param>
/// <param name="FunctionArn">The function.</param>
/// <param name="Enabled">Whether it polls.</param>
/// <param name="BatchSize">Records per invocation.</param>
/// <param name="MaximumBatchingWindowInSeconds">Gathering time, 0–300.</param>
/// <param name="Filters">EventBridge patterns (JSON text); a record passes when any matches; none = all pass.</param>
/// <param name="StartingPosition">Streams: <c>TRIM_HORIZON</c>, <c>LATEST</c> or <c>AT_TIMESTAMP</c>.</param>
/// <param name="StartingPositionTimestamp">Streams with <c>AT_TIMESTAMP</c>: epoch seconds.</param>
/// <param name="MaximumRecordAgeInSeconds">Streams: -1 (infinite) or 60–604800.</param>
/// <param name="BisectBatchOnFunctionError">Streams: split a failing batch in two and retry the halves.</param>
/// <param name="MaximumRetryAttempts">Streams: -1 (infinite) or 0–10000.</param>
/// <param name="ReportBatchItemFailures">Whether <c>FunctionResponseTypes</c> holds <c>ReportBatchItemFailures</c>.</param>
/// <param name="MaximumConcurrency">SQS: <c>ScalingConfig.MaximumConcurrency</c>, or <c>null</c>.</param>
/// <param name="LastModified">When it last changed.</param>
/// <param name="LastProcessingResult">Lambda's wording: <c>No records processed</c>, <c>OK</c>, <c>PROBLEM: …</c>.</param>
internal sealed record EventSourceMapping(
    string Uuid,
    string Region,
    string Arn,
    string EventSourceArn,
    string FunctionArn,
    bool Enabled,
    int BatchSize,
    int MaximumBatchingWindowInSeconds,
    IReadOnlyList<string> Filters,
    string? StartingPosition,
    double? StartingPositionTimestamp,
    int MaximumRecordAgeInSeconds,
    bool BisectBatchOnFunctionError,
    int MaximumRetryAttempts,
    bool ReportBatchItemFailures,
    int? MaximumConcurrency,
    DateTimeOffset LastModified,
    string LastProcessingResult)
{
    /// <summary>Whether the source is a DynamoDB stream (else an SQS queue).</summary>
    [JsonIgnore]
    public bool IsStream => EventSourceArn.StartsWith("arn:aws:dynamodb:", StringComparison.Ordinal);
}

/// <summary>The persisted form of <see cref="LambdaStore"/>.</summary>
/// <param name="Functions">Every function.</param>
/// <param name="Mappings">Every event source mapping.</param>
/// <param name="Checkpoints">Stream mappings' last finished sequence number, by mapping UUID.</param>
internal sealed record LambdaSnapshot(
    IReadOnlyList<LambdaFunction> Functions,
    IReadOnlyList<EventSourceMapping> Mappings,
    IReadOnlyDictionary<string, string> Checkpoints);

[JsonSourceGenerationOptions(RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(LambdaSnapshot))]
internal sealed partial class LambdaSnapshotJsonContext : JsonSerializerContext;
