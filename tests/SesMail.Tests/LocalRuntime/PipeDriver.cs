using Amazon.SQS.Model;
using Microsoft.Extensions.Logging.Abstractions;
using SesMail.Infrastructure.Provisioning;
using SesMail.Infrastructure.Template;
using SesMail.LocalRuntime.Invocation;

namespace SesMail.Tests.LocalRuntime;

/// <summary>
/// Runs the stack's pipe (input queue → the real router → bus), which the provisioner created in the emulator, for one
/// SES notification, with the functions attached in this process as the local runtime attaches them, and reports
/// what reached the forwarder queue. Shared by the spine and restart tests.
/// </summary>
internal static class PipeDriver
{
    /// <summary>
    /// Sends <c>Fixtures/Events/ses-received-s3.json</c> to the input queue while the functions are attached, and
    /// returns the first non-empty receive from the forwarder queue (up to ~60 s) and what a further 2 s receive finds
    /// (a duplicate delivery would be there). The attached functions stop before this returns.
    /// </summary>
    public static async Task<(List<Message> Delivered, List<Message> Later)> RouteFixtureAsync(
        TemplateDocument template, ResolvedStack stack, Uri endpoint, ProvisioningClients clients, CancellationToken ct)
    {
        var forwarderUrl = stack.Outputs["ForwarderQueueUrl"];
        foreach (var mapping in (await clients.Lambda.ListEventSourceMappingsAsync(new Amazon.Lambda.Model.ListEventSourceMappingsRequest(), ct)).EventSourceMappings ?? [])
        {
            // the forwarder and bouncer stay still: this drive checks what the router put on the forwarder queue
            await clients.Lambda.UpdateEventSourceMappingAsync(new Amazon.Lambda.Model.UpdateEventSourceMappingRequest { UUID = mapping.UUID, Enabled = false }, ct);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var attached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = new AttachedFunctions(endpoint, NullLoggerFactory.Instance) { Pollers = 1 }.RunAsync(template, stack, attached, stop.Token);
        await attached.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);

        var notification = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Events", "ses-received-s3.json"), ct);
        await clients.Sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = stack.Outputs["InputQueueUrl"], MessageBody = notification }, ct);

        List<Message> delivered = [];
        for (var i = 0; i < 30 && delivered.Count == 0; i++)
        {
            delivered = (await clients.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = forwarderUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 2 }, ct)).Messages ?? [];
        }

        var later = (await clients.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = forwarderUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 2 }, ct)).Messages ?? [];
        await stop.CancelAsync();
        await run;
        return (delivered, later);
    }
}
