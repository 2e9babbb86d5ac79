using SesMail.Infrastructure.Provisioning;
using SesMail.LocalRuntime.EventSources;
using SesMail.LocalRuntime.Invocation;
using SesMail.LocalRuntime.Pipes;

namespace SesMail.LocalRuntime.Hosting;

/// <summary>
/// What the local runtime runs for one stack: its functions (resolved from the template, built at start so a handler
/// that does not resolve stops this stack with a message naming it), its SQS event source mappings and its pipes,
/// until stopped.
/// </summary>
internal sealed class StackRunner : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _running;

    private StackRunner(RuntimeStack stack, string version, CancellationTokenSource stop, Task running)
    {
        Stack = stack;
        Version = version;
        _stop = stop;
        _running = running;
    }

    /// <summary>The stack run.</summary>
    public RuntimeStack Stack { get; }

    /// <summary>The stack's version as CloudFormation reported it (last update time and status), to notice updates.</summary>
    public string Version { get; }

    /// <summary>Builds the stack's functions and starts its mappings and pipes.</summary>
    /// <param name="stack">The stack.</param>
    /// <param name="version">Its version.</param>
    /// <param name="options">The runtime's options (endpoint).</param>
    /// <param name="clients">The backend's clients.</param>
    /// <param name="roles">Turns each function's and pipe's role into credentials.</param>
    /// <param name="loggers">Creates the loggers.</param>
    /// <param name="time">The clock.</param>
    /// <param name="stopping">Stops everything at shutdown.</param>
    /// <returns>The running stack.</returns>
    /// <exception cref="InvalidOperationException">A function's handler does not resolve.</exception>
    public static StackRunner Start(RuntimeStack stack, string version, LocalRuntimeOptions options, ProvisioningClients clients, RoleCredentials roles, ILoggerFactory loggers, TimeProvider time, CancellationToken stopping)
    {
        var logger = loggers.CreateLogger<StackRunner>();
        var functions = new FunctionHost(stack.Template, stack.Resolved, options.EndpointUrl, loggers, roles: roles);
        var topology = RuntimeTopology.Read(stack.Template, stack.Resolved);
        foreach (var reason in topology.Unsupported)
        {
            logger.LogWarning("{Stack}: not run locally: {Reason}", stack.Resolved.StackName, reason);
        }

        logger.LogInformation("Stack {Stack} running: {Functions} function(s), {Mappings} event source mapping(s), {Pipes} pipe(s).",
            stack.Resolved.StackName, functions.Functions.Count(), topology.Mappings.Count, topology.Pipes.Count);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        // Lambda polls an event source with the function's role, and a pipe runs with its pipe role (docs/SECURITY.md).
        ProvisioningClients ClientsAs(string? roleArn, string sessionName) =>
            roles.Enabled && roleArn is not null ? ProvisioningClients.Create(options.EndpointUrl, options.Region, roles.For(roleArn, sessionName)) : clients;
        var runs = topology.Mappings
            .Select(m => new SqsEventSourceMapping(m, ClientsAs(functions.RoleArn(m.FunctionName), m.FunctionName).Sqs, functions, loggers.CreateLogger("EventSourceMapping." + m.FunctionName), time).RunAsync(stop.Token))
            .Concat(topology.Pipes.Select(p =>
            {
                var pipeClients = ClientsAs(PipeRoleArn(stack, p.Name), p.Name);
                return new SqsPipe(p, pipeClients.Sqs, functions, new EventBridgeBusPublisher(pipeClients.EventBridge), loggers.CreateLogger("Pipe." + p.Name), time).RunAsync(stop.Token);
            }))
            .ToList();
        return new StackRunner(stack, version, stop, Task.WhenAll(runs));
    }

    /// <summary>The <c>RoleArn</c> of the pipe with a physical name.</summary>
    private static string? PipeRoleArn(RuntimeStack stack, string pipeName)
    {
        var evaluator = stack.Resolved.Evaluator(stack.Template);
        var pipe = stack.Template.OfType("AWS::Pipes::Pipe").FirstOrDefault(r => stack.Resolved.Resource(r.LogicalId).PhysicalId == pipeName);
        return pipe is not null && evaluator.Properties(pipe)["RoleArn"] is System.Text.Json.Nodes.JsonValue arn && arn.TryGetValue<string>(out var text) ? text : null;
    }

    /// <summary>Completes when every mapping and pipe has stopped.</summary>
    public Task Completion => _running;

    /// <summary>Stops the mappings and pipes and waits for them.</summary>
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
