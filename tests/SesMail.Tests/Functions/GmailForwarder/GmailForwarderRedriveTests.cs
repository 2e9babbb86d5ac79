using System.Text.Json.Nodes;
using Amazon.SQS;
using Amazon.SQS.Model;
using SesMail.Tests.Emulator.Gmail;
using SesMail.Tests.Support;

namespace SesMail.Tests.Functions.GmailForwarder;

/// <summary>
/// The forwarder driven like an SQS event source mapping (batch 1, <c>ReportBatchItemFailures</c>) over a queue whose
/// redrive policy has <c>maxReceiveCount</c> 3, as the template's handler queues do: a permanent Gmail refusal ends in the DLQ.
/// </summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class GmailForwarderRedriveTests(EmulatorFixture emulator)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HandleAsync_Gmail400OnEveryReceive_MessageMovesToDlqAfterThirdReceive()
    {
        using var harness = new GmailForwarderHarness(emulator);
        harness.Objects.Put("ses-msg-dlq", GmailStandInDriver.Fixture("report.eml"));
        var sqs = harness.Sqs;
        var suffix = Guid.NewGuid().ToString("N");
        var dlqUrl = (await sqs.CreateQueueAsync($"ses-mail-gmail-forwarder-dlq-{suffix}", Ct)).QueueUrl;
        var dlqArn = (await sqs.GetQueueAttributesAsync(dlqUrl, ["QueueArn"], Ct)).QueueARN;
        var queueUrl = (await sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = $"ses-mail-gmail-forwarder-{suffix}",
            Attributes = new Dictionary<string, string>
            {
                ["VisibilityTimeout"] = "30",
                ["RedrivePolicy"] = $"{{\"deadLetterTargetArn\":\"{dlqArn}\",\"maxReceiveCount\":\"3\"}}",
            },
        }, Ct)).QueueUrl;
        await sqs.SendMessageAsync(queueUrl, GmailForwarderHarness.RoutingEvent("ses-msg-dlq", "support@example.test"), Ct);
        await harness.Gmail.SetFaultAsync(400, 100, null, Ct);
        var receives = 0;
        try
        {
            for (var poll = 0; poll < 6; poll++)
            {
                var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 1, WaitTimeSeconds = 1, MessageSystemAttributeNames = ["All"] }, Ct);
                foreach (var message in received.Messages ?? [])
                {
                    receives++;
                    var failures = await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(message.Body, message.MessageId));
                    if (failures.Contains(message.MessageId))
                    {
                        // What the mapping's visibility timeout does, without waiting 30 s.
                        await sqs.ChangeMessageVisibilityAsync(queueUrl, message.ReceiptHandle, 0, Ct);
                    }
                    else
                    {
                        await sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle, Ct);
                    }
                }
            }
        }
        finally
        {
            await harness.Gmail.ClearFaultAsync(Ct);
        }

        receives.Should().Be(3);
        var dead = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = dlqUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 }, Ct);
        dead.Messages.Should().ContainSingle().Which.Body.Should().Contain("ses-msg-dlq");
        (await harness.StoredAsync()).Should().BeEmpty();
        harness.Metrics.Should().Contain("GmailForwardFailure", 3);
    }
}
