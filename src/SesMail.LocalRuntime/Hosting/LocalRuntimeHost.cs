using System.Net.Sockets;
using SesMail.Infrastructure.Provisioning;
using SesMail.Infrastructure.Template;
using SesMail.LocalRuntime.EventSources;
using SesMail.LocalRuntime.Invocation;
using SesMail.LocalRuntime.Pipes;

namespace SesMail.LocalRuntime.Hosting;

/// <summary>
/// Start-up and run loop: read the template, provision it (retrying while the backend is not reachable yet), seed
/// the local values, resolve every function's handler, then run the SQS event source mappings and the pipes until
/// shutdown. A template, provisioning or handler error stops the process with a message that names the cause.
/// </summary>
internal sealed class LocalRuntimeHost(
    LocalRuntimeOptions options,
    ProvisioningClients clients,
    LocalRuntimeState state,
    LocalSeeder seeder,
    RoleCredentials roles,
    ILoggerFactory loggerFactory,
    IHostApplicationLifetime lifetime,
    TimeProvider time) : BackgroundService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<LocalRuntimeHost>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        RuntimeStack stack;
        FunctionHost functions;
        RuntimeTopology topology;
        try
        {
            stack = await ProvisionAndSeedAsync(stoppingToken).ConfigureAwait(false);
            functions = new FunctionHost(stack.Template, stack.Resolved, options.EndpointUrl, loggerFactory, roles: roles);
            topology = RuntimeTopology.Read(stack.Template, stack.Resolved);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex) when (ex is TemplateException or InvalidOperationException or Amazon.Runtime.AmazonServiceException or IOException or KeyNotFoundException)
        {
            _logger.LogCritical("SesMail.LocalRuntime cannot start: {Reason}", ex.Message);
            state.SetFailed(ex);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
            return;
        }

        foreach (var reason in topology.Unsupported)
        {
            _logger.LogWarning("Not run locally: {Reason}", reason);
        }

        state.SetStack(stack);
        _logger.LogInformation("Stack {Stack} ready: {Functions} function(s), {Mappings} event source mapping(s), {Pipes} pipe(s).", stack.Resolved.StackName, functions.Functions.Count(), topology.Mappings.Count, topology.Pipes.Count);

        // Lambda polls an event source with the function's role, and a pipe runs with its pipe role (docs/SECURITY.md).
        var runs = topology.Mappings
            .Select(m => new SqsEventSourceMapping(m, ClientsAs(functions.RoleArn(m.FunctionName), m.FunctionName).Sqs, functions, loggerFactory.CreateLogger("EventSourceMapping." + m.FunctionName), time).RunAsync(stoppingToken))
            .Concat(topology.Pipes.Select(p =>
            {
                var pipeClients = ClientsAs(PipeRoleArn(stack, p.Name), p.Name);
                return new SqsPipe(p, pipeClients.Sqs, functions, new EventBridgeBusPublisher(pipeClients.EventBridge), loggerFactory.CreateLogger("Pipe." + p.Name), time).RunAsync(stoppingToken);
            }))
            .ToList();
        await Task.WhenAll(runs).ConfigureAwait(false);
    }

    /// <summary>Clients that act as a role (the runtime's own clients when roles are not assumed).</summary>
    private ProvisioningClients ClientsAs(string? roleArn, string sessionName) =>
        roles.Enabled && roleArn is not null ? ProvisioningClients.Create(options.EndpointUrl, options.Region, roles.For(roleArn, sessionName)) : clients;

    /// <summary>The <c>RoleArn</c> of the pipe with a physical name.</summary>
    private static string? PipeRoleArn(RuntimeStack stack, string pipeName)
    {
        var evaluator = stack.Resolved.Evaluator(stack.Template);
        var pipe = stack.Template.OfType("AWS::Pipes::Pipe").FirstOrDefault(r => stack.Resolved.Resource(r.LogicalId).PhysicalId == pipeName);
        return pipe is not null && evaluator.Properties(pipe)["RoleArn"] is System.Text.Json.Nodes.JsonValue arn && arn.TryGetValue<string>(out var text) ? text : null;
    }

    private async Task<RuntimeStack> ProvisionAndSeedAsync(CancellationToken cancellationToken)
    {
        var template = TemplateReader.Load(options.TemplatePath);
        TemplateDependencies.Validate(template);
        var settings = new StackSettings(options.Environment, options.AccountId, options.Region, options.EffectiveParameters());
        var provisioner = new StackProvisioner(clients, loggerFactory.CreateLogger<StackProvisioner>());
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                var resolved = await provisioner.ProvisionAsync(template, settings, cancellationToken).ConfigureAwait(false);
                await seeder.SeedAsync(resolved, cancellationToken).ConfigureAwait(false);
                WriteStackFile(resolved);
                return new RuntimeStack(template, resolved);
            }
            catch (Exception ex) when (IsUnreachable(ex) && !cancellationToken.IsCancellationRequested)
            {
                _logger.LogWarning("The backend at {Endpoint} is not reachable yet ({Error}); retrying in {Delay} s.", options.EndpointUrl?.ToString() ?? "AWS", ex.Message, delay.TotalSeconds);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromSeconds(Math.Min(10, delay.TotalSeconds * 2));
            }
        }
    }

    private void WriteStackFile(ResolvedStack resolved)
    {
        var path = options.StackFile ?? Path.Combine(".sesmail", $"stack-{options.Environment}.json");
        if (path.Length == 0)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, resolved.ToJson());
        _logger.LogInformation("Resolved stack written to {Path}.", Path.GetFullPath(path));
    }

    private static bool IsUnreachable(Exception ex) => ex switch
    {
        HttpRequestException or SocketException => true,
        TaskCanceledException { InnerException: TimeoutException } => true,
        Amazon.Runtime.AmazonServiceException { InnerException: { } inner } => IsUnreachable(inner),
        Amazon.Runtime.AmazonClientException { InnerException: { } inner } => IsUnreachable(inner),
        _ => ex.InnerException is { } inner2 && IsUnreachable(inner2),
    };
}
