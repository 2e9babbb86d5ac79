using SesMail.LocalRuntime.Invocation;

namespace SesMail.LocalRuntime.Hosting;

/// <summary>
/// What the local runtime runs for one stack, until stopped. The emulator's Lambda service holds the stack's functions,
/// runs their event source mappings and the pipes (CloudFormation created them through the Lambda and Pipes APIs); in
/// the attached mode (<c>SesMail:Functions:Mode</c>) this process is the functions' runtime, attached to the emulator's
/// Runtime API; in the process mode the emulator starts the package itself and nothing runs here.
/// </summary>
internal sealed class StackRunner : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _running;

    private StackRunner(RuntimeStack stack, string version, CancellationTokenSource stop, Task attached, Task running)
    {
        Stack = stack;
        Version = version;
        _stop = stop;
        Attached = attached;
        _running = running;
    }

    /// <summary>The stack run.</summary>
    public RuntimeStack Stack { get; }

    /// <summary>The stack's version as CloudFormation reported it (last update time and status), to notice updates.</summary>
    public string Version { get; }

    /// <summary>Completes once every function of the stack is attached (at once when nothing runs here).</summary>
    public Task Attached { get; }

    /// <summary>Completes when the attached functions have stopped.</summary>
    public Task Completion => _running;

    /// <summary>Attaches to the stack's functions when the runtime runs them in this process.</summary>
    /// <param name="stack">The stack.</param>
    /// <param name="version">Its version.</param>
    /// <param name="options">The runtime's options (endpoint, functions mode).</param>
    /// <param name="loggers">Creates the loggers.</param>
    /// <param name="stopping">Stops everything at shutdown.</param>
    /// <returns>The running stack.</returns>
    public static StackRunner Start(RuntimeStack stack, string version, LocalRuntimeOptions options, ILoggerFactory loggers, CancellationToken stopping)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        if (!options.Functions.Attached || options.EndpointUrl is null)
        {
            return new StackRunner(stack, version, stop, Task.CompletedTask, Task.CompletedTask);
        }

        var attached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = new AttachedFunctions(options.EndpointUrl, loggers) { Pollers = options.Functions.Pollers }
            .RunAsync(stack.Template, stack.Resolved, attached, stop.Token);
        return new StackRunner(stack, version, stop, Task.WhenAny(attached.Task, run), run);
    }

    /// <summary>Detaches the functions and waits for them.</summary>
    /// <returns>A task that completes once they stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _running.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
