using System.Text;
using System.Text.Json.Nodes;
using Amazon.Pipes;
using Amazon.Pipes.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SesMail.Emulator.Lambda;
using PipeRunner = SesMail.Emulator.Pipes.PipeRunner;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Pipes;

/// <summary>
/// A pipe works on several batches of a standard queue at once (<see cref="PipeRunner.Pollers"/>), as Pipes and
/// Lambda's SQS pollers do: a slow enrichment does not hold up the messages behind it, and every message still reaches
/// the bus once.
/// </summary>
[Trait("Kind", "Contract")]
public sealed class PipeConcurrencyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pipe_SlowEnrichment_WorksOnSeveralBatchesAtOnceAndDeliversEachMessageOnce()
    {
        const int messages = 3;
        var enrichment = new GatheringEnrichment(messages);
        var folder = Path.Combine(Path.GetTempPath(), "sesmail-tests", Guid.NewGuid().ToString("N"));
        var (app, baseUrl) = await SesMail.Emulator.Hosting.EmulatorApp.StartAsync(
            o =>
            {
                o.Port = 0;
                o.DataDirectory = folder;
                o.EnforceIam = false;
            },
            Ct,
            services => services.Replace(ServiceDescriptor.Singleton<ILambdaInvoker>(enrichment)));
        try
        {
            using var sqs = new AmazonSQSClient(EmulatorFixture.Credentials, new AmazonSQSConfig { ServiceURL = baseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });
            using var pipes = new AmazonPipesClient(EmulatorFixture.Credentials, new AmazonPipesConfig { ServiceURL = baseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });
            var sourceUrl = (await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = "concurrent-in", Attributes = new() { ["VisibilityTimeout"] = "30" } }, Ct)).QueueUrl;
            var sourceArn = (await sqs.GetQueueAttributesAsync(sourceUrl, ["QueueArn"], Ct)).QueueARN;
            var targetUrl = (await sqs.CreateQueueAsync("concurrent-out", Ct)).QueueUrl;
            var targetArn = (await sqs.GetQueueAttributesAsync(targetUrl, ["QueueArn"], Ct)).QueueARN;
            var events = new AwsJsonClient(baseUrl, "AWSEvents", "1.1", "events");
            await events.OkAsync("CreateEventBus", new JsonObject { ["Name"] = "concurrent" }, Ct);
            await events.OkAsync("PutRule", new JsonObject { ["Name"] = "all", ["EventBusName"] = "concurrent", ["EventPattern"] = """{"source":["test.pipe"]}""" }, Ct);
            await events.OkAsync("PutTargets", new JsonObject { ["Rule"] = "all", ["EventBusName"] = "concurrent", ["Targets"] = new JsonArray(new JsonObject { ["Id"] = "q", ["Arn"] = targetArn }) }, Ct);
            for (var i = 0; i < messages; i++)
            {
                await sqs.SendMessageAsync(sourceUrl, $$"""{"n":{{i}}}""", Ct);
            }

            await pipes.CreatePipeAsync(
                new CreatePipeRequest
                {
                    Name = "concurrent",
                    DesiredState = "RUNNING",
                    Source = sourceArn,
                    SourceParameters = new PipeSourceParameters { SqsQueueParameters = new PipeSourceSqsQueueParameters { BatchSize = 1 } },
                    Enrichment = $"arn:aws:lambda:{EmulatorFixture.Region}:000000000000:function:slow-enrichment",
                    Target = $"arn:aws:events:{EmulatorFixture.Region}:000000000000:event-bus/concurrent",
                    TargetParameters = new PipeTargetParameters { EventBridgeEventBusParameters = new PipeTargetEventBridgeEventBusParameters { Source = "test.pipe", DetailType = "Pipe Test" } },
                    RoleArn = "arn:aws:iam::000000000000:role/pipe",
                },
                Ct);
            var delivered = new List<string>();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (delivered.Count < messages && DateTime.UtcNow < deadline)
            {
                var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = targetUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 }, Ct);
                delivered.AddRange((received.Messages ?? []).Select(m => JsonNode.Parse(m.Body)!["detail"]!["body"]!.GetValue<string>()));
            }

            enrichment.MostAtOnce.Should().Be(messages, "each batch holds one message and the enrichment answers only once all three are in");
            delivered.Should().BeEquivalentTo(Enumerable.Range(0, messages).Select(i => $$"""{"n":{{i}}}"""), "every message reaches the bus exactly once");
        }
        finally
        {
            await app.StopAsync(Ct);
            await app.DisposeAsync();
            TestFolders.DeleteQuietly(folder);
        }
    }

    /// <summary>An enrichment that returns its records unchanged once <c>gather</c> invocations are in flight together (or after 10 s).</summary>
    private sealed class GatheringEnrichment(int gather) : ILambdaInvoker
    {
        private readonly TaskCompletionSource _gathered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _inFlight;
        private int _most;

        public int MostAtOnce => Volatile.Read(ref _most);

        public async Task<LambdaInvocationResult> InvokeAsync(LambdaInvocationRequest request, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _most, now);
            if (now >= gather)
            {
                _gathered.TrySetResult();
            }

            try
            {
                await _gathered.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }

            return new LambdaInvocationResult(200, Encoding.UTF8.GetBytes(JsonNode.Parse(request.Payload.Span)!.ToJsonString()), null, Guid.NewGuid().ToString());
        }

        private static void InterlockedMax(ref int target, int value)
        {
            var seen = Volatile.Read(ref target);
            while (value > seen && Interlocked.CompareExchange(ref target, value, seen) is var prior && prior != seen)
            {
                seen = prior;
            }
        }
    }
}
