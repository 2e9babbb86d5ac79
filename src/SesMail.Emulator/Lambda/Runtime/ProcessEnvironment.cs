using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace SesMail.Emulator.Lambda.Runtime;

/// <summary>
/// One execution environment run out of process, as Lambda runs one: a process started from the function's package
/// (<c>bootstrap</c>, or the managed runtime host for <c>dotnet10</c>) that pulls its invocations from its own
/// <see cref="RuntimeApiServer"/>. It is reused while warm; a timeout, a memory overrun or an exit ends it.
/// </summary>
/// <remarks>
/// Memory is the resident set of the process and its children, sampled every 20 ms; above <c>MemorySize</c> the
/// process tree is killed and the invocation fails with <c>Runtime.OutOfMemory</c> (Lambda's wording:
/// <c>Runtime exited with error: signal: killed</c>). The init phase may take up to 10 s, apart from the function's
/// <c>Timeout</c>, as in Lambda's on-demand initialization.
/// </remarks>
internal sealed class ProcessEnvironment : IRuntimeApiHandler, IAsyncDisposable
{
    /// <summary>How long initialization (process start to the first <c>next</c>) may take.</summary>
    public static readonly TimeSpan InitTimeout = TimeSpan.FromSeconds(10);

    private readonly Channel<RuntimeInvocation> _next = Channel.CreateBounded<RuntimeInvocation>(1);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<(byte[] Error, string? Type)> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeProvider _time;
    private RuntimeApiServer? _server;
    private Process? _process;
    private RuntimeInvocation? _current;
    private long _startedAt;
    private volatile bool _outOfMemory;
    private long _peakBytes;
    private TimeSpan? _initDuration;

    private ProcessEnvironment(LambdaFunction function, ExecutionLog log, TimeProvider time)
    {
        Function = function;
        Log = log;
        _time = time;
    }

    /// <summary>The function (as it was when the environment started).</summary>
    public LambdaFunction Function { get; }

    /// <summary>The environment's log stream.</summary>
    public ExecutionLog Log { get; }

    /// <summary>Whether the environment can take another invocation.</summary>
    public bool IsAlive => !_exited.Task.IsCompleted && !_stopping.IsCancellationRequested;

    /// <summary>When the environment last finished an invocation.</summary>
    public DateTimeOffset LastUsed { get; private set; }

    /// <summary>The largest resident set seen, in MB.</summary>
    public int PeakMemoryMb => (int)Math.Ceiling(Interlocked.Read(ref _peakBytes) / (1024.0 * 1024.0));

    /// <summary>The process id, while it runs.</summary>
    public int? ProcessId => _process?.Id;

    /// <summary>Starts the Runtime API and the process.</summary>
    /// <param name="function">The function.</param>
    /// <param name="start">The executable, its arguments and its working directory.</param>
    /// <param name="environment">The process environment (nothing is inherited).</param>
    /// <param name="log">The environment's log stream.</param>
    /// <param name="time">The clock.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The started environment (initializing).</returns>
    public static async Task<ProcessEnvironment> StartAsync(
        LambdaFunction function,
        ProcessStartInfo start,
        IDictionary<string, string> environment,
        ExecutionLog log,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var env = new ProcessEnvironment(function, log, time);
        env._server = await RuntimeApiServer.StartAsync(env, cancellationToken).ConfigureAwait(false);
        environment["AWS_LAMBDA_RUNTIME_API"] = env._server.Address;
        start.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = false;
        start.UseShellExecute = false;
        var runtimeVersion = function.Runtime == "dotnet10" ? "dotnet:10.v1" : "provided:al2023.v1";
        log.Write($"INIT_START Runtime Version: {runtimeVersion}");
        env._startedAt = Stopwatch.GetTimestamp();
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => env.Output(e.Data);
        process.ErrorDataReceived += (_, e) => env.Output(e.Data);
        process.Exited += (_, _) => env._exited.TrySetResult();
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            await env.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"The runtime {start.FileName} could not start: {error.Message}", error);
        }

        env._process = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _ = env.WatchMemoryAsync(function.MemorySize * 1024L * 1024L);
        return env;
    }

    /// <summary>Runs one invocation: waits for initialization when cold, hands the event over, waits for the answer.</summary>
    /// <param name="requestId">The request id.</param>
    /// <param name="payload">The event.</param>
    /// <param name="traceId">The trace header.</param>
    /// <param name="clientContext">The base64 client context, or <c>null</c>.</param>
    /// <param name="cancellationToken">Stops waiting (the environment is then ended).</param>
    /// <returns>The outcome.</returns>
    public async Task<EnvironmentOutcome> InvokeAsync(string requestId, byte[] payload, string traceId, string? clientContext, CancellationToken cancellationToken)
    {
        var cold = !_ready.Task.IsCompleted;
        if (cold)
        {
            var init = await Task.WhenAny(_ready.Task, _initError.Task, _exited.Task, Task.Delay(InitTimeout, _time, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (init == _initError.Task)
            {
                var (error, type) = await _initError.Task.ConfigureAwait(false);
                Log.Write($"INIT_REPORT Init Duration: {Ms(Elapsed())} ms\tPhase: init\tStatus: error\tError Type: {type ?? ErrorTypeOf(error) ?? "Runtime.Unknown"}");
                await StopAsync().ConfigureAwait(false);
                return new EnvironmentOutcome(error, type ?? ErrorTypeOf(error) ?? "Runtime.Unknown", TimeSpan.Zero, Elapsed(), Dead: true, Status: "error");
            }

            if (init == _exited.Task)
            {
                await Task.Delay(50, CancellationToken.None).ConfigureAwait(false); // let the last output lines arrive
                var reason = ExitReason();
                Log.Write($"INIT_REPORT Init Duration: {Ms(Elapsed())} ms\tPhase: init\tStatus: error\tError Type: Runtime.ExitError");
                return new EnvironmentOutcome(ErrorDocument("Runtime.ExitError", $"RequestId: {requestId} Error: {reason}"), "Runtime.ExitError", TimeSpan.Zero, Elapsed(), Dead: true, Status: "error");
            }

            if (init != _ready.Task)
            {
                Log.Write($"INIT_REPORT Init Duration: {Ms(Elapsed())} ms\tPhase: init\tStatus: timeout");
                await StopAsync().ConfigureAwait(false);
                return new EnvironmentOutcome(ErrorDocument("Sandbox.Timedout", $"RequestId: {requestId} Error: Task timed out after {InitTimeout.TotalSeconds:F2} seconds during initialization"), "Sandbox.Timedout", TimeSpan.Zero, Elapsed(), Dead: true, Status: "timeout");
            }
        }

        var timeout = TimeSpan.FromSeconds(Function.Timeout);
        var invocation = new RuntimeInvocation(requestId, payload, _time.GetUtcNow() + timeout, Function.Arn, traceId, clientContext);
        var started = Stopwatch.GetTimestamp();
        _current = invocation;
        await _next.Writer.WriteAsync(invocation, cancellationToken).ConfigureAwait(false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(timeout, _time, deadline.Token);
        var done = await Task.WhenAny(invocation.Outcome.Task, _exited.Task, timer).ConfigureAwait(false);
        await deadline.CancelAsync().ConfigureAwait(false);
        var duration = Stopwatch.GetElapsedTime(started);
        _current = null;
        LastUsed = _time.GetUtcNow();
        var initDuration = cold ? _initDuration : null;
        if (done == invocation.Outcome.Task)
        {
            var outcome = await invocation.Outcome.Task.ConfigureAwait(false);
            return new EnvironmentOutcome(outcome.Payload, outcome.ErrorType, duration, initDuration, Dead: false, Status: null);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (done == timer)
        {
            Log.Write($"{_time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)} {requestId} Task timed out after {timeout.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} seconds");
            await StopAsync().ConfigureAwait(false);
            return new EnvironmentOutcome(
                ErrorDocument("Sandbox.Timedout", $"RequestId: {requestId} Error: Task timed out after {timeout.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} seconds"),
                "Sandbox.Timedout", duration, initDuration, Dead: true, Status: "timeout");
        }

        await Task.Delay(50, CancellationToken.None).ConfigureAwait(false); // let the last output lines arrive
        if (_outOfMemory)
        {
            Log.Write($"RequestId: {requestId} Error: Runtime exited with error: signal: killed");
            Log.Write("Runtime.OutOfMemory");
            return new EnvironmentOutcome(
                ErrorDocument("Runtime.OutOfMemory", $"RequestId: {requestId} Error: Runtime exited with error: signal: killed"),
                "Runtime.OutOfMemory", duration, initDuration, Dead: true, Status: "error");
        }

        var why = ExitReason();
        Log.Write($"RequestId: {requestId} Error: {why}");
        Log.Write("Runtime.ExitError");
        return new EnvironmentOutcome(ErrorDocument("Runtime.ExitError", $"RequestId: {requestId} Error: {why}"), "Runtime.ExitError", duration, initDuration, Dead: true, Status: "error");
    }

    /// <inheritdoc />
    public async Task<RuntimeInvocation?> NextAsync(CancellationToken cancellationToken)
    {
        if (!_ready.Task.IsCompleted)
        {
            _initDuration = Elapsed();
            _ready.TrySetResult();
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        try
        {
            return await _next.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return null;
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public void Output(string requestId, IReadOnlyList<string> lines)
    {
        if (_current is { } current && current.RequestId == requestId)
        {
            Log.WriteAll(lines);
        }
    }

    /// <inheritdoc />
    public bool Respond(string requestId, byte[] payload) =>
        _current is { } current && current.RequestId == requestId && current.Outcome.TrySetResult(new RuntimeOutcome(payload, null));

    /// <inheritdoc />
    public bool Fail(string requestId, byte[] error, string? errorType) =>
        _current is { } current && current.RequestId == requestId
            && current.Outcome.TrySetResult(new RuntimeOutcome(error, errorType ?? ErrorTypeOf(error) ?? "Function.Unhandled"));

    /// <inheritdoc />
    public void InitError(byte[] error, string? errorType) => _initError.TrySetResult((error, errorType));

    /// <summary>Ends the environment: the process tree is killed and the Runtime API stops.</summary>
    /// <returns>A task that completes when both are gone.</returns>
    public async Task StopAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        _next.Writer.TryComplete();
        Kill();
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _process?.Dispose();
        _stopping.Dispose();
    }

    private void Output(string? line)
    {
        if (line is not null)
        {
            Log.Write(line);
        }
    }

    private void Kill()
    {
        try
        {
            if (_process is { HasExited: false } process)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
    }

    private async Task WatchMemoryAsync(long limitBytes)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        try
        {
            while (!_exited.Task.IsCompleted && await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                if (_process is not { } process)
                {
                    continue;
                }

                var used = ProcessMemory.TreeResidentBytes(process.Id);
                if (used > Interlocked.Read(ref _peakBytes))
                {
                    Interlocked.Exchange(ref _peakBytes, used);
                }

                if (used > limitBytes)
                {
                    _outOfMemory = true;
                    Kill();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private string ExitReason()
    {
        if (_process is not { HasExited: true } process)
        {
            return "Runtime exited without providing a reason";
        }

        // .NET reports a signal death as 128 + signal number.
        return process.ExitCode switch
        {
            0 => "Runtime exited without providing a reason",
            137 => "Runtime exited with error: signal: killed",
            > 128 and < 160 => $"Runtime exited with error: signal: {SignalName(process.ExitCode - 128)}",
            var code => $"Runtime exited with error: exit status {code}",
        };
    }

    private static string SignalName(int signal) => signal switch
    {
        6 => "aborted",
        9 => "killed",
        11 => "segmentation fault",
        15 => "terminated",
        _ => signal.ToString(CultureInfo.InvariantCulture),
    };

    private TimeSpan Elapsed() => Stopwatch.GetElapsedTime(_startedAt);

    internal static string Ms(TimeSpan span) => span.TotalMilliseconds.ToString("F2", CultureInfo.InvariantCulture);

    internal static byte[] ErrorDocument(string type, string message) =>
        System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["errorType"] = type, ["errorMessage"] = message }.ToJsonString());

    internal static string? ErrorTypeOf(byte[] error)
    {
        try
        {
            return JsonNode.Parse(error)?["errorType"]?.GetValue<string>();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}

/// <summary>What one invocation in an environment came to.</summary>
/// <param name="Payload">The response, or the error document.</param>
/// <param name="ErrorType">The error type when the invocation failed; <c>null</c> on success.</param>
/// <param name="Duration">Time from handing the event over to the answer.</param>
/// <param name="InitDuration">On a cold start, time from process start to the first <c>next</c>; otherwise <c>null</c>.</param>
/// <param name="Dead">Whether the environment ended (timeout, memory, exit, init failure).</param>
/// <param name="Status">The REPORT line's <c>Status</c> (<c>timeout</c>, <c>error</c>) when the platform ended it; <c>null</c> otherwise.</param>
internal sealed record EnvironmentOutcome(byte[] Payload, string? ErrorType, TimeSpan Duration, TimeSpan? InitDuration, bool Dead, string? Status);

/// <summary>Resident memory of a process tree, from <c>/proc</c> (Linux).</summary>
internal static class ProcessMemory
{
    /// <summary>The resident set (<c>VmRSS</c>) of a process and all its descendants, in bytes; 0 when unreadable.</summary>
    /// <param name="pid">The root process id.</param>
    /// <returns>Bytes.</returns>
    public static long TreeResidentBytes(int pid)
    {
        long total = 0;
        var pending = new Stack<int>([pid]);
        var seen = new HashSet<int>();
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!seen.Add(current))
            {
                continue;
            }

            total += ResidentBytes(current);
            try
            {
                foreach (var task in Directory.EnumerateDirectories($"/proc/{current}/task"))
                {
                    var children = File.ReadAllText(Path.Combine(task, "children"));
                    foreach (var child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        if (int.TryParse(child, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                        {
                            pending.Push(id);
                        }
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return total;
    }

    private static long ResidentBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }

        return 0;
    }
}
