using Amazon.SQS.Model;
using Microsoft.Extensions.Logging.Abstractions;
using SesMail.Infrastructure.Provisioning;
using SesMail.Infrastructure.Template;
using SesMail.LocalRuntime.Hosting;
using SesMail.LocalRuntime.Invocation;
using SesMail.LocalRuntime.Pipes;

namespace SesMail.Tests.LocalRuntime;

/// <summary>
/// Runs the stack's pipe (input queue → the real router → bus) for one SES notification and reports what reached the
/// forwarder queue. Shared by the spine and restart tests.
/// </summary>
internal static class PipeDriver
{
    /// <summary>
    /// Sends <c>Fixtures/Events/ses-received-s3.json</c> to the input queue while the pipe runs, and returns the first
    /// non-empty receive from the forwarder queue (up to ~30 s) and what a further 2 s receive finds (a duplicate
    /// delivery would be there). The pipe is stopped before this returns.
    /// </summary>
    public static async Task<(List<Message> Delivered, List<Message> Later)> RouteFixtureAsync(
        TemplateDocument template, ResolvedStack stack, Uri endpoint, ProvisioningClients clients, CancellationToken ct)
    {
        var forwarderUrl = stack.Outputs["ForwarderQueueUrl"];
        var functions = new FunctionHost(template, stack, endpoint, NullLoggerFactory.Instance, r => r.LogicalId == "RouterFunction");
        var settings = RuntimeTopology.Read(template, stack).Pipes.Should().ContainSingle().Subject with { WaitTimeSeconds = 1 };
        var pipe = new SqsPipe(settings, clients.Sqs, functions, new EventBridgeBusPublisher(clients.EventBridge), NullLogger.Instance, TimeProvider.System);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = pipe.RunAsync(stop.Token);

        var notification = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Events", "ses-received-s3.json"), ct);
        await clients.Sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = stack.Outputs["InputQueueUrl"], MessageBody = notification }, ct);

        List<Message> delivered = [];
        for (var i = 0; i < 30 && delivered.Count == 0; i++)
        {
            delivered = (await clients.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = forwarderUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 }, ct)).Messages ?? [];
        }

        var later = (await clients.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = forwarderUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 2 }, ct)).Messages ?? [];
        await stop.CancelAsync();
        await run;
        return (delivered, later);
    }
}
