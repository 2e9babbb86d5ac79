using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;

namespace SesMail.Emulator.Lambda.Runtime;

/// <summary>
/// A runtime that attached itself to a function from outside (the local runtime, which runs the handlers in its own
/// process for the fast dev loop): it pulls the function's invocations from a Runtime API of its own, as many at once
/// as it polls <c>next</c>. The emulator cannot kill it, so a timeout answers <c>Sandbox.Timedout</c> and the late
/// answer is dropped; <c>MemorySize</c> is not enforced. When no poller has been seen for <see cref="Lease"/>, the
/// attachment lapses and the function runs out of process again. The runtime's output is not the function's log
/// stream, so it posts each invocation's output with its answer (<see cref="Output"/>), written between
/// <c>START</c> and <c>END</c> as Lambda writes a function's standard output.
/// </summary>
internal sealed class AttachedRuntime : IRuntimeApiHandler, IAsyncDisposable
{
    /// <summary>How long an attachment lives without a poller.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);

    private readonly Channel<RuntimeInvocation> _queue = Channel.CreateUnbounded<RuntimeInvocation>();
    private readonly ConcurrentDictionary<string, RuntimeInvocation> _inFlight = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeProvider _time;
    private RuntimeApiServer? _server;
    private int _polling;
    private long _lastPoll;

    private AttachedRuntime(LambdaFunction function, ExecutionLog log, TimeProvider time)
    {
        Function = function;
        Log = log;
        _time = time;
        _lastPoll = Stopwatch.GetTimestamp();
    }

    /// <summary>The function as it was when the runtime attached.</summary>
    public LambdaFunction Function { get; }

    /// <summary>The attachment's log stream.</summary>
    public ExecutionLog Log { get; }

    /// <summary>The Runtime API address the attached runtime polls.</summary>
    public string Address => _server?.Address ?? string.Empty;

    /// <summary>Whether a poller is waiting now or was seen within <see cref="Lease"/>.</summary>
    public bool IsLive => !_stopping.IsCancellationRequested
        && (Volatile.Read(ref _polling) > 0 || Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastPoll)) < Lease);

    /// <summary>Starts the Runtime API of an attachment.</summary>
    /// <param name="function">The function.</param>
    /// <param name="log">Its log stream.</param>
    /// <param name="time">The clock.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The attachment.</returns>
    public static async Task<AttachedRuntime> StartAsync(LambdaFunction function, ExecutionLog log, TimeProvider time, CancellationToken cancellationToken)
    {
        var runtime = new AttachedRuntime(function, log, time);
        runtime._server = await RuntimeApiServer.StartAsync(runtime, cancellationToken).ConfigureAwait(false);
        return runtime;
    }

    /// <summary>Queues one invocation and waits for its answer or its timeout.</summary>
    /// <param name="function">The function's current configuration (its timeout).</param>
    /// <param name="requestId">The request id.</param>
    /// <param name="payload">The event.</param>
    /// <param name="traceId">The trace header.</param>
    /// <param name="clientContext">The client context, or <c>null</c>.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The outcome.</returns>
    public async Task<EnvironmentOutcome> InvokeAsync(LambdaFunction function, string requestId, byte[] payload, string traceId, string? clientContext, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(function.Timeout);
        var invocation = new RuntimeInvocation(requestId, payload, _time.GetUtcNow() + timeout, function.Arn, traceId, clientContext);
        _inFlight[requestId] = invocation;
        var started = Stopwatch.GetTimestamp();
        try
        {
            await _queue.Writer.WriteAsync(invocation, cancellationToken).ConfigureAwait(false);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var timer = Task.Delay(timeout, _time, deadline.Token);
            var done = await Task.WhenAny(invocation.Outcome.Task, timer).ConfigureAwait(false);
            await deadline.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (done == invocation.Outcome.Task)
            {
                var outcome = await invocation.Outcome.Task.ConfigureAwait(false);
                return new EnvironmentOutcome(outcome.Payload, outcome.ErrorType, Stopwatch.GetElapsedTime(started), null, Dead: false, Status: null);
            }

            var seconds = timeout.TotalSeconds.ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
            Log.Write($"{requestId} Task timed out after {seconds} seconds");
            return new EnvironmentOutcome(
                ProcessEnvironment.ErrorDocument("Sandbox.Timedout", $"RequestId: {requestId} Error: Task timed out after {seconds} seconds"),
                "Sandbox.Timedout", Stopwatch.GetElapsedTime(started), null, Dead: false, Status: "timeout");
        }
        finally
        {
            _inFlight.TryRemove(requestId, out _);
        }
    }

    /// <inheritdoc />
    public async Task<RuntimeInvocation?> NextAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _polling);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        try
        {
            while (true)
            {
                var invocation = await _queue.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
                if (_inFlight.ContainsKey(invocation.RequestId))
                {
                    return invocation; // skip invocations whose caller already gave up
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return null;
        }
        finally
        {
            Interlocked.Decrement(ref _polling);
            Interlocked.Exchange(ref _lastPoll, Stopwatch.GetTimestamp());
        }
    }

    /// <inheritdoc />
    /// <remarks>The output of an invocation that already timed out is dropped, as its answer is.</remarks>
    public void Output(string requestId, IReadOnlyList<string> lines)
    {
        if (_inFlight.TryGetValue(requestId, out var invocation) && !invocation.Outcome.Task.IsCompleted)
        {
            Log.WriteAll(lines);
        }
    }

    /// <inheritdoc />
    public bool Respond(string requestId, byte[] payload) =>
        _inFlight.TryGetValue(requestId, out var invocation) && invocation.Outcome.TrySetResult(new RuntimeOutcome(payload, null));

    /// <inheritdoc />
    public bool Fail(string requestId, byte[] error, string? errorType) =>
        _inFlight.TryGetValue(requestId, out var invocation)
            && invocation.Outcome.TrySetResult(new RuntimeOutcome(error, errorType ?? ProcessEnvironment.ErrorTypeOf(error) ?? "Function.Unhandled"));

    /// <inheritdoc />
    public void InitError(byte[] error, string? errorType) =>
        Log.Write($"INIT_REPORT Phase: init\tStatus: error\tError Type: {errorType ?? ProcessEnvironment.ErrorTypeOf(error) ?? "Runtime.Unknown"}");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        _queue.Writer.TryComplete();
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }
}
