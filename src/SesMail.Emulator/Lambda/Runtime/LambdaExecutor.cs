using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SesMail.Emulator.CloudWatch;
using SesMail.Emulator.Hosting;
using SesMail.Emulator.Logs;
using SesMail.Emulator.XRay;
using SesMail.LambdaRuntime;

namespace SesMail.Emulator.Lambda.Runtime;

/// <summary>
/// Runs invocations as Lambda does: in a warm execution environment of the function when one is idle, else in a new
/// one (a cold start) up to <see cref="EmulatorOptions.LambdaConcurrencyLimit"/> per function, else throttled with
/// <c>TooManyRequestsException</c>. Writes <c>START</c>/<c>END</c>/<c>REPORT</c> (with <c>Init Duration</c> on a cold start)
/// to <c>/aws/lambda/{function}</c> and the <c>AWS/Lambda</c> metrics <c>Invocations</c>, <c>Errors</c>,
/// <c>Duration</c>, <c>Throttles</c> and <c>ConcurrentExecutions</c>. A function with an attached runtime runs there.
/// </summary>
/// <remarks>
/// Environments idle for <see cref="IdleLifetime"/> are ended; a change of the function's code or configuration ends
/// its idle environments and those in use once they finish. The emulator's shutdown ends every environment.
/// </remarks>
internal sealed partial class LambdaExecutor : IAsyncDisposable
{
    /// <summary>How long an idle environment stays warm.</summary>
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromMinutes(10);

    /// <summary>Environment variables a function may not set (Lambda's reserved keys).</summary>
    public static readonly IReadOnlySet<string> ReservedVariables = new HashSet<string>(StringComparer.Ordinal)
    {
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    };

    private readonly ConcurrentDictionary<(string Region, string Name), FunctionPool> _pools = new();
    private readonly ConcurrentDictionary<(string Region, string Name), AttachedRuntime> _attached = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _unpacked = new(StringComparer.Ordinal);
    private readonly LambdaStore _store;
    private readonly FunctionCredentials _credentials;
    private readonly ILogSink _logs;
    private readonly IMetricPublisher _metrics;
    private readonly TimeProvider _time;
    private readonly EmulatorOptions _options;
    private readonly IServiceProvider _services;
    private readonly ILogger<LambdaExecutor> _logger;

    public LambdaExecutor(
        LambdaStore store,
        FunctionCredentials credentials,
        ILogSink logs,
        IMetricPublisher metrics,
        TimeProvider time,
        EmulatorOptions options,
        IServiceProvider services,
        ILogger<LambdaExecutor> logger)
    {
        _store = store;
        _credentials = credentials;
        _logs = logs;
        _metrics = metrics;
        _time = time;
        _options = options;
        _services = services;
        _logger = logger;
        store.FunctionChanged += Retire;
    }

    /// <summary>The managed runtime host started for <c>dotnet10</c> functions (shipped beside the emulator).</summary>
    public static string RuntimeHostPath => Path.Combine(AppContext.BaseDirectory, "SesMail.Lambda.RuntimeHost.dll");

    /// <summary>Runs one invocation of the function's <c>$LATEST</c>.</summary>
    /// <param name="function">The function.</param>
    /// <param name="payload">The event.</param>
    /// <param name="traceHeader">The trace header to continue, or <c>null</c> to start a trace.</param>
    /// <param name="clientContext">The base64 client context, or <c>null</c>.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The outcome with the invocation's log tail.</returns>
    /// <exception cref="Protocols.AwsServiceException"><c>TooManyRequestsException</c> at the concurrency limit; <c>ServiceException</c> when no environment can start.</exception>
    public async Task<ExecutionResult> InvokeAsync(LambdaFunction function, byte[] payload, string? traceHeader, string? clientContext, CancellationToken cancellationToken)
    {
        var requestId = Guid.NewGuid().ToString();
        using var span = EmulatorTracing.Start($"{function.Name} invoke", ActivityKind.Internal, traceHeader);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("faas.invoked_name", function.Name);
            span.SetTag("faas.invoked_provider", "aws");
            span.SetTag("faas.invoked_region", function.Region);
            span.SetTag("faas.invocation_id", requestId);
            span.SetTag("cloud.resource_id", function.Arn);
        }

        var traceId = EmulatorTracing.HeaderOf(span, traceHeader) ?? NewTraceHeader(function.TracingMode == "Active");
        var result = await RunAsync(function, requestId, payload, traceId, clientContext, cancellationToken).ConfigureAwait(false);
        if (result.ErrorType is { } error)
        {
            span.Fail(error);
        }

        return result;
    }

    private async Task<ExecutionResult> RunAsync(LambdaFunction function, string requestId, byte[] payload, string traceId, string? clientContext, CancellationToken cancellationToken)
    {
        var key = (function.Region, function.Name);
        if (_attached.TryGetValue(key, out var attached))
        {
            if (attached.IsLive)
            {
                return await RunAttachedAsync(attached, function, requestId, payload, traceId, clientContext, cancellationToken).ConfigureAwait(false);
            }

            if (_attached.TryRemove(new KeyValuePair<(string, string), AttachedRuntime>(key, attached)))
            {
                LogAttachmentLapsed(_logger, function.Name);
                await attached.DisposeAsync().ConfigureAwait(false);
            }
        }

        var pool = _pools.GetOrAdd(key, _ => new FunctionPool());
        var environment = pool.TakeIdle(function.RevisionId, _time.GetUtcNow() - IdleLifetime, out var retired);
        foreach (var old in retired)
        {
            _ = old.DisposeAsync().AsTask();
        }

        if (environment is null)
        {
            if (!pool.TryReserve(_options.LambdaConcurrencyLimit))
            {
                Publish(function, "Throttles", 1, "Count");
                throw LambdaErrors.Throttled("ReservedFunctionConcurrentInvocationLimitExceeded");
            }

            try
            {
                environment = await StartEnvironmentAsync(function, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                pool.Release();
                throw;
            }
        }

        Publish(function, "ConcurrentExecutions", pool.Busy, "Count");
        var log = environment.Log;
        log.BeginTail();
        log.Write($"START RequestId: {requestId} Version: $LATEST");
        EnvironmentOutcome outcome;
        try
        {
            outcome = await environment.InvokeAsync(requestId, payload, traceId, clientContext, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await environment.DisposeAsync().ConfigureAwait(false);
            pool.Release();
            throw;
        }

        var tail = Report(function, log, requestId, outcome, environment.PeakMemoryMb);
        if (outcome.Dead)
        {
            await environment.DisposeAsync().ConfigureAwait(false);
            pool.Release();
        }
        else
        {
            pool.ReturnIdle(environment);
        }

        return new ExecutionResult(requestId, outcome.Payload, outcome.ErrorType, tail, traceId);
    }

    /// <summary>
    /// Attaches an outside runtime to a function: from now on its invocations are queued on a Runtime API that the
    /// caller polls. Idempotent while the attachment is live.
    /// </summary>
    /// <param name="function">The function.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The Runtime API address and the environment variables the function would see in Lambda.</returns>
    public async Task<(string RuntimeApi, IReadOnlyDictionary<string, string> Environment)> AttachAsync(LambdaFunction function, CancellationToken cancellationToken)
    {
        var key = (function.Region, function.Name);
        if (!_attached.TryGetValue(key, out var runtime) || !runtime.IsLive)
        {
            var log = new ExecutionLog(_logs, function.Region, function.LogGroup, _time);
            var fresh = await AttachedRuntime.StartAsync(function, log, _time, cancellationToken).ConfigureAwait(false);
            if (runtime is not null && _attached.TryUpdate(key, fresh, runtime))
            {
                await runtime.DisposeAsync().ConfigureAwait(false);
                runtime = fresh;
            }
            else if (_attached.TryAdd(key, fresh))
            {
                runtime = fresh;
            }
            else
            {
                await fresh.DisposeAsync().ConfigureAwait(false);
                runtime = _attached[key];
            }
        }

        var credentials = await _credentials.AssumeAsync(function, cancellationToken).ConfigureAwait(false);
        var environment = Environment(function, credentials, runtime.Log.StreamName, taskRoot: AppContext.BaseDirectory);
        environment["AWS_LAMBDA_RUNTIME_API"] = runtime.Address;
        environment["AWS_EXECUTION_ENV"] = "AWS_Lambda_dotnet10";
        return (runtime.Address, environment);
    }

    /// <summary>Ends a function's attachment (its invocations run out of process again).</summary>
    /// <param name="region">The region.</param>
    /// <param name="name">The function name.</param>
    /// <returns>Whether there was one.</returns>
    public async Task<bool> DetachAsync(string region, string name)
    {
        if (_attached.TryRemove((region, name), out var runtime))
        {
            await runtime.DisposeAsync().ConfigureAwait(false);
            return true;
        }

        return false;
    }

    /// <summary>Whether an outside runtime is attached to the function.</summary>
    /// <param name="region">The region.</param>
    /// <param name="name">The function name.</param>
    /// <returns>Whether a live attachment exists.</returns>
    public bool IsAttached(string region, string name) => _attached.TryGetValue((region, name), out var runtime) && runtime.IsLive;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _store.FunctionChanged -= Retire;
        foreach (var pool in _pools.Values)
        {
            foreach (var environment in pool.DrainAll())
            {
                await environment.DisposeAsync().ConfigureAwait(false);
            }
        }

        foreach (var runtime in _attached.Values)
        {
            await runtime.DisposeAsync().ConfigureAwait(false);
        }

        _attached.Clear();
        try
        {
            if (Directory.Exists(_store.RuntimeDirectory))
            {
                Directory.Delete(_store.RuntimeDirectory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private async Task<ExecutionResult> RunAttachedAsync(AttachedRuntime runtime, LambdaFunction function, string requestId, byte[] payload, string traceId, string? clientContext, CancellationToken cancellationToken)
    {
        runtime.Log.BeginTail();
        runtime.Log.Write($"START RequestId: {requestId} Version: $LATEST");
        var outcome = await runtime.InvokeAsync(function, requestId, payload, traceId, clientContext, cancellationToken).ConfigureAwait(false);
        var tail = Report(function, runtime.Log, requestId, outcome, peakMemoryMb: null);
        return new ExecutionResult(requestId, outcome.Payload, outcome.ErrorType, tail, traceId);
    }

    private string Report(LambdaFunction function, ExecutionLog log, string requestId, EnvironmentOutcome outcome, int? peakMemoryMb)
    {
        var ms = outcome.Duration.TotalMilliseconds;
        log.Write($"END RequestId: {requestId}");
        var report = $"REPORT RequestId: {requestId}\tDuration: {ProcessEnvironment.Ms(outcome.Duration)} ms\tBilled Duration: {Math.Max(1, (long)Math.Ceiling(ms + (outcome.InitDuration?.TotalMilliseconds ?? 0)))} ms\tMemory Size: {function.MemorySize} MB";
        if (peakMemoryMb is { } peak)
        {
            report += $"\tMax Memory Used: {Math.Min(peak, function.MemorySize)} MB";
        }

        if (outcome.InitDuration is { } init)
        {
            report += $"\tInit Duration: {ProcessEnvironment.Ms(init)} ms";
        }

        if (outcome.Status is { } status)
        {
            report += $"\tStatus: {status}";
            if (status == "error" && outcome.ErrorType is { } type)
            {
                report += $"\tError Type: {type}";
            }
        }

        log.Write(report);
        Publish(function, "Invocations", 1, "Count");
        Publish(function, "Errors", outcome.ErrorType is null ? 0 : 1, "Count");
        Publish(function, "Duration", ms, "Milliseconds");
        return log.EndTail();
    }

    private void Publish(LambdaFunction function, string metric, double value, string unit) =>
        _metrics.Publish(new MetricDatum("AWS/Lambda", metric, [new("FunctionName", function.Name)], value, unit, _time.GetUtcNow(), function.Region));

    private async Task<ProcessEnvironment> StartEnvironmentAsync(LambdaFunction function, CancellationToken cancellationToken)
    {
        var taskRoot = await Unpack(function).ConfigureAwait(false);
        var credentials = await _credentials.AssumeAsync(function, cancellationToken).ConfigureAwait(false);
        var log = new ExecutionLog(_logs, function.Region, function.LogGroup, _time);
        var environment = Environment(function, credentials, log.StreamName, taskRoot);
        var tmp = Path.Combine(_store.RuntimeDirectory, "tmp", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(tmp);
        environment["TMPDIR"] = tmp;
        environment["HOME"] = tmp;
        ProcessStartInfo start;
        if (function.Runtime == "dotnet10")
        {
            environment["AWS_EXECUTION_ENV"] = "AWS_Lambda_dotnet10";
            environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            environment["DOTNET_NOLOGO"] = "1";
            start = new ProcessStartInfo(DotnetHost()) { WorkingDirectory = taskRoot };
            start.ArgumentList.Add(RuntimeHostPath);
        }
        else
        {
            var bootstrap = Path.Combine(taskRoot, "bootstrap");
            if (!File.Exists(bootstrap))
            {
                throw LambdaErrors.Service($"Couldn't find valid bootstrap(s): [{bootstrap}] (Runtime.InvalidEntrypoint); a provided.al2023 package needs an executable named bootstrap at its root.");
            }

            start = new ProcessStartInfo(bootstrap) { WorkingDirectory = taskRoot };
        }

        try
        {
            return await ProcessEnvironment.StartAsync(function, start, environment, log, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException error)
        {
            throw LambdaErrors.Service(error.Message);
        }
    }

    private Dictionary<string, string> Environment(LambdaFunction function, SessionCredentials credentials, string logStream, string taskRoot)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
            ["LANG"] = "en_US.UTF-8",
            ["TZ"] = ":UTC",
            ["LAMBDA_TASK_ROOT"] = taskRoot,
            ["LAMBDA_RUNTIME_DIR"] = AppContext.BaseDirectory,
            ["_HANDLER"] = function.Handler,
            ["AWS_REGION"] = function.Region,
            ["AWS_DEFAULT_REGION"] = function.Region,
            ["AWS_LAMBDA_FUNCTION_NAME"] = function.Name,
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = function.MemorySize.ToString(CultureInfo.InvariantCulture),
            ["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST",
            ["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand",
            ["AWS_LAMBDA_LOG_GROUP_NAME"] = function.LogGroup,
            ["AWS_LAMBDA_LOG_STREAM_NAME"] = logStream,
            ["AWS_ACCESS_KEY_ID"] = credentials.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = credentials.SecretAccessKey,
            ["AWS_SESSION_TOKEN"] = credentials.SessionToken,
        };
        if (EndpointUrl() is { } endpoint)
        {
            environment["AWS_ENDPOINT_URL"] = endpoint; // the function's AWS calls come back to this emulator
            if (function.Runtime == "dotnet10")
            {
                // As the ADOT layer's collector in AWS: the function's spans go to this emulator's trace store (docs/TRACING.md).
                environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint;
                environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
            }
        }

        foreach (var (name, value) in function.Environment)
        {
            environment[name] = value;
        }

        return environment;
    }

    private string? EndpointUrl()
    {
        var addresses = _services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        var address = addresses?.FirstOrDefault();
        return address?.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
    }

    private Task<string> Unpack(LambdaFunction function)
    {
        var zip = _store.CodePath(function);
        var lazy = _unpacked.GetOrAdd(zip, path => new Lazy<Task<string>>(() => Task.Run(() =>
        {
            var target = Path.Combine(_store.RuntimeDirectory, "task", Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(path)))[..16]);
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }

            Directory.CreateDirectory(target);
            ZipFile.ExtractToDirectory(path, target);
            var bootstrap = Path.Combine(target, "bootstrap");
            if (File.Exists(bootstrap) && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(bootstrap, File.GetUnixFileMode(bootstrap) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }

            return target;
        })));
        return lazy.Value;
    }

    private void Retire(LambdaFunction function)
    {
        if (_pools.TryGetValue((function.Region, function.Name), out var pool))
        {
            foreach (var environment in pool.RetireIdle())
            {
                _ = environment.DisposeAsync().AsTask();
            }
        }
    }

    /// <summary>A new X-Ray trace header: <c>Root=1-{epoch hex}-{96-bit hex};Parent={64-bit hex};Sampled={0|1}</c>.</summary>
    /// <param name="sampled">Whether the trace is sampled (tracing mode <c>Active</c>).</param>
    /// <returns>The header.</returns>
    internal string NewTraceHeader(bool sampled) => XRayTraceHeader.NewRoot(_time.GetUtcNow(), sampled).ToString();

    /// <summary>The <c>dotnet</c> executable that runs the managed runtime host.</summary>
    /// <returns>Its path.</returns>
    internal static string DotnetHost()
    {
        if (System.Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        if (System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        foreach (var folder in (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, "dotnet");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return System.Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root ? Path.Combine(root, "dotnet") : "dotnet";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The runtime attached to {Function} stopped polling; its invocations run out of process again")]
    private static partial void LogAttachmentLapsed(ILogger logger, string function);

    /// <summary>The environments of one function.</summary>
    private sealed class FunctionPool
    {
        private readonly Lock _lock = new();
        private readonly List<ProcessEnvironment> _idle = [];
        private int _count;

        /// <summary>Environments that exist and are not idle.</summary>
        public int Busy
        {
            get
            {
                lock (_lock)
                {
                    return _count - _idle.Count;
                }
            }
        }

        public ProcessEnvironment? TakeIdle(string revisionId, DateTimeOffset staleBefore, out List<ProcessEnvironment> retired)
        {
            retired = [];
            lock (_lock)
            {
                for (var i = _idle.Count - 1; i >= 0; i--)
                {
                    var environment = _idle[i];
                    if (!environment.IsAlive || environment.Function.RevisionId != revisionId || environment.LastUsed < staleBefore)
                    {
                        _idle.RemoveAt(i);
                        _count--;
                        retired.Add(environment);
                    }
                }

                if (_idle.Count == 0)
                {
                    return null;
                }

                var warm = _idle[^1];
                _idle.RemoveAt(_idle.Count - 1);
                return warm;
            }
        }

        public bool TryReserve(int limit)
        {
            lock (_lock)
            {
                if (_count >= limit)
                {
                    return false;
                }

                _count++;
                return true;
            }
        }

        public void Release()
        {
            lock (_lock)
            {
                _count--;
            }
        }

        public void ReturnIdle(ProcessEnvironment environment)
        {
            lock (_lock)
            {
                _idle.Add(environment);
            }
        }

        public List<ProcessEnvironment> RetireIdle()
        {
            lock (_lock)
            {
                var retired = _idle.ToList();
                _idle.Clear();
                _count -= retired.Count;
                return retired;
            }
        }

        public List<ProcessEnvironment> DrainAll()
        {
            lock (_lock)
            {
                var all = _idle.ToList();
                _idle.Clear();
                _count = 0;
                return all;
            }
        }
    }
}

/// <summary>One invocation's result as the Lambda service reports it.</summary>
/// <param name="RequestId">The request id.</param>
/// <param name="Payload">The response, or the error document.</param>
/// <param name="ErrorType">The error type when the function failed; <c>null</c> on success.</param>
/// <param name="LogTail">Base64 of the invocation's last 4 KB of log (<c>X-Amz-Log-Result</c>).</param>
/// <param name="TraceHeader">The trace header the function ran under (<c>Lambda-Runtime-Trace-Id</c>).</param>
internal sealed record ExecutionResult(string RequestId, byte[] Payload, string? ErrorType, string LogTail, string? TraceHeader = null);
