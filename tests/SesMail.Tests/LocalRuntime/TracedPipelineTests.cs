using System.Diagnostics;
using System.Text;
using Amazon.DynamoDBv2.Model;
using Amazon.SimpleSystemsManagement.Model;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry;
using OpenTelemetry.Trace;
using SesMail.Cli.Hosting;
using SesMail.Infrastructure.Provisioning;
using SesMail.LocalRuntime.Hosting;
using SesMail.LocalRuntime.Invocation;
using SesMail.Tests.Infrastructure;
using SesMail.Tests.Infrastructure.Provisioning;
using SesMail.Tests.LocalRuntime.SesReceiving;
using SesMail.Tests.Support;

namespace SesMail.Tests.LocalRuntime;

/// <summary>
/// One trace per message (docs/TRACING.md): the whole local pipeline in this process — the emulator, the stack
/// provisioned from the template, the SMTP edge and the functions attached to the emulator's Lambda service — with an
/// in-memory exporter. One mail for three recipients (forward to one account, forward to another, bounce) makes one
/// trace whose every span descends from the SMTP span through S3/SNS, SQS, the pipe, the router, the bus and the
/// handler queues to the Gmail imports and the SES send, with the attributes each step promises; and
/// <c>sesmail trace</c> prints that path from the emulator's trace store.
/// </summary>
[Collection(TracedPipelineCollection.Name)]
[Trait("Kind", "EndToEnd")]
public sealed class TracedPipelineTests
{
    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(90);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Send_ThreeRecipients_OneTraceFromSmtpToGmailAndSes()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource("SesMail.*")
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddInMemoryExporter(spans)
            .Build();
        var emulator = new EmulatorFixture();
        await emulator.InitializeAsync();
        try
        {
            var (stack, edge, functions, stop) = await StartPipelineAsync(emulator);
            await using var _ = edge;
            try
            {
                var headerId = $"{Guid.NewGuid():N}@origin.test";
                var mail = Encoding.ASCII.GetBytes(
                    $"From: Sender <sender@origin.test>\r\nTo: one@example.test, two@example.test, bounce@example.test\r\nSubject: traced\r\nMessage-ID: <{headerId}>\r\n\r\nOne message, three recipients.\r\n");

                var replies = await RawSmtp.SendAsync(edge.Endpoint, "sender@origin.test", ["one@example.test", "two@example.test", "bounce@example.test"], mail, Ct);

                replies[^2].Should().StartWith("250");
                var messageId = replies[^2].Split(' ')[^1];
                // Finished means both imports and the bounce ended and so did every span they hang under: the
                // exporter holds only ended spans, and a function's span ends after its last call (the bounce's
                // SES send is not the bouncer's last HTTP request).
                var done = await WaitForAsync(() =>
                {
                    var ended = Snapshot(spans);
                    var leaves = ended.Where(s => (s.DisplayName == "gmail import" || s.DisplayName == "ses SendRawEmail") && Tag(s, "sesmail.message_id") == messageId).ToList();
                    if (leaves.Count(s => s.DisplayName == "gmail import") != 2 || !leaves.Any(s => s.DisplayName == "ses SendRawEmail"))
                    {
                        return false;
                    }

                    var inTrace = ended.Where(s => s.TraceId == leaves[0].TraceId).ToList();
                    var ids = inTrace.Select(s => s.SpanId).ToHashSet();
                    return inTrace.All(s => s.ParentSpanId == default || ids.Contains(s.ParentSpanId));
                });
                done.Should().BeTrue($"both imports and the bounce should finish within {Arrival.TotalSeconds:0} s");

                var all = Snapshot(spans);
                var root = all.Single(s => s.DisplayName == "smtp receive" && Tag(s, "sesmail.message_id") == messageId);
                var trace = all.Where(s => s.TraceId == root.TraceId).ToList();
                var byId = trace.ToDictionary(s => s.SpanId);
                List<string> Ancestry(Activity span)
                {
                    var names = new List<string>();
                    for (var current = span; current is not null; current = byId.GetValueOrDefault(current.ParentSpanId))
                    {
                        names.Add(current.DisplayName);
                    }

                    names.Reverse();
                    return names;
                }

                // One trace id on every span about the message, and none left as a second root.
                all.Where(s => Tag(s, "sesmail.message_id") == messageId).Should().OnlyContain(s => s.TraceId == root.TraceId);
                trace.Should().OnlyContain(s => s == root || byId.ContainsKey(s.ParentSpanId), "every span hangs under the SMTP span");
                root.ParentSpanId.Should().Be(default(ActivitySpanId));

                // Three delivery branches under one root, each through every hop in order.
                var imports = trace.Where(s => s.DisplayName == "gmail import").ToList();
                var bounce = trace.Single(s => s.DisplayName == "ses SendRawEmail");
                imports.Should().HaveCount(2);
                var forwarderChain = new[]
                {
                    "smtp receive", "receipt-rule S3Action", $"{Name(stack, "InboundTopic")} publish", $"{Name(stack, "InputQueue")} send",
                    $"{Name(stack, "RouterPipe")} process", $"{Name(stack, "RouterFunction")} invoke", $"{stack.Outputs["EventBusName"]} publish",
                    $"{Name(stack, "ForwarderQueue")} send", $"{Name(stack, "ForwarderQueue")} process", $"{Name(stack, "ForwarderFunction")} invoke",
                    Name(stack, "ForwarderFunction"), "gmail import",
                };
                var bouncerChain = forwarderChain[..7].Concat([
                    $"{Name(stack, "BouncerQueue")} send", $"{Name(stack, "BouncerQueue")} process", $"{Name(stack, "BouncerFunction")} invoke",
                    Name(stack, "BouncerFunction"), "ses SendRawEmail"]).ToArray();
                foreach (var import in imports)
                {
                    Ancestry(import).Should().ContainInOrder(forwarderChain);
                }

                Ancestry(bounce).Should().ContainInOrder(bouncerChain);
                var route = trace.Single(s => s.DisplayName == "route");
                Ancestry(route).Should().ContainInOrder("smtp receive", $"{Name(stack, "RouterPipe")} process", $"{Name(stack, "RouterFunction")} invoke", Name(stack, "RouterFunction"), "route");

                // The attributes each step promises.
                root.Kind.Should().Be(ActivityKind.Server);
                root.GetTagItem("sesmail.recipients.count").Should().Be(3);
                root.GetTagItem("messaging.message.body.size").Should().Be(mail.Length);
                Tag(root, "sesmail.mail.message_id").Should().Be(headerId);
                Tag(root, "sesmail.verdict.spam").Should().Be("PASS");
                Tag(root, "sesmail.verdict.virus").Should().Be("PASS");
                ((string[])route.GetTagItem("sesmail.recipients")!).Should().Equal("one@example.test", "two@example.test", "bounce@example.test");
                ((string[])route.GetTagItem("sesmail.actions")!).Should().Equal("forward-to-gmail", "forward-to-gmail", "bounce");
                ((string[])route.GetTagItem("sesmail.rules")!).Should().Equal("ROUTE#*@example.test", "ROUTE#two@example.test", "ROUTE#bounce@example.test");
                route.Events.Where(e => e.Name == "routing.decision").Should().HaveCount(3);
                imports.Select(i => Tag(i, "sesmail.gmail.account")).Should().BeEquivalentTo("me@example.test", "other@example.test");
                imports.Should().OnlyContain(i => !string.IsNullOrEmpty(Tag(i, "sesmail.gmail.message_id"))
                    && Tag(i, "sesmail.gmail.upload_type") == "multipart"
                    && (long)i.GetTagItem("sesmail.gmail.bytes")! > mail.Length
                    && (int)i.GetTagItem("sesmail.gmail.attempts")! == 1
                    && Tag(i, "rpc.method") == "users.messages.import");
                Tag(bounce, "rpc.method").Should().Be("SendRawEmail");
                Tag(bounce, "aws.ses.message_id").Should().NotBeNullOrEmpty();
                trace.Should().OnlyContain(span => span.Status != ActivityStatusCode.Error, "every step succeeded");
                trace.Single(s => s.DisplayName == $"{Name(stack, "InputQueue")} send").GetTagItem("messaging.system").Should().Be("aws_sqs");
                trace.Single(s => s.DisplayName == Name(stack, "RouterFunction")).GetTagItem("faas.invocation_id").Should().NotBeNull();

                // sesmail trace reads the same path from the emulator's trace store, by either id.
                var printed = await WaitForTraceAsync(emulator.BaseUrl, messageId, "gmail import", 2);
                printed.Should().Contain("smtp receive").And.Contain("ses SendRawEmail").And.Contain("route");
                (await WaitForTraceAsync(emulator.BaseUrl, $"<{headerId}>", "gmail import", 2)).Should().Contain(XRayId(root.TraceId));
            }
            finally
            {
                await stop.CancelAsync();
                await functions;
                stop.Dispose();
            }
        }
        finally
        {
            await emulator.DisposeAsync();
        }
    }

    private static async Task<(ResolvedStack Stack, SmtpEdgeHarness Edge, Task Functions, CancellationTokenSource Stop)> StartPipelineAsync(EmulatorFixture emulator)
    {
        var clients = ProvisioningClients.Create(emulator.BaseUrl, EmulatorFixture.Region, EmulatorFixture.Credentials);
        var template = TemplateYamlTests.Load();
        var settings = StackProvisionerTests.Settings with
        {
            Parameters = new Dictionary<string, string>(StackProvisionerTests.Settings.Parameters) { ["GmailApiBaseUrl"] = emulator.BaseUrl.ToString().TrimEnd('/') },
        };
        var stack = await (await StackProvisionerTests.ProvisionerAsync(emulator, clients, Ct)).ProvisionAsync(template, settings, Ct);
        await new LocalSeeder(clients, new LocalRuntimeOptions { EndpointUrl = emulator.BaseUrl, Seed = new SeedOptions() }, TimeProvider.System, NullLogger<LocalSeeder>.Instance)
            .SeedAsync(stack, Ct);

        // A second Gmail account with a token of its own, and a rule forwarding two@ to it.
        await clients.DynamoDb.PutItemAsync(new PutItemRequest
        {
            TableName = stack.Outputs["RoutingTableName"],
            Item = new()
            {
                ["PK"] = new() { S = "ROUTE#two@example.test" }, ["SK"] = new() { S = "RULE#v1" }, ["entity_type"] = new() { S = "ROUTE" },
                ["recipient"] = new() { S = "two@example.test" }, ["action"] = new() { S = "forward-to-gmail" }, ["target"] = new() { S = "other@example.test" },
                ["enabled"] = new() { BOOL = true },
            },
        }, Ct);
        await clients.Ssm.PutParameterAsync(new PutParameterRequest
        {
            Name = "/ses-mail/test/gmail-forwarder/oauth/accounts/example.test/other",
            Type = "String",
            Value = "{\"token\":\"sesmail-local-refresh:other@example.test\",\"account\":\"other@example.test\"}",
        }, Ct);

        var edge = await SmtpEdgeHarness.StartAsync(emulator, EmulatorFixture.Region, fakeBackends: false, cancellationToken: Ct,
            bucket: stack.Outputs["EmailBucketName"], topic: stack.Outputs["InboundTopicArn"]);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var attached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var functions = new AttachedFunctions(emulator.BaseUrl, NullLoggerFactory.Instance) { Pollers = 2 }.RunAsync(template, stack, attached, stop.Token);
        await attached.Task.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        return (stack, edge, functions, stop);
    }

    /// <summary>
    /// Runs <c>sesmail trace</c> until the printed trace holds <paramref name="count"/> spans named
    /// <paramref name="needle"/> and a span named <c>ses SendRawEmail</c>: spans reach the emulator's trace store
    /// in export batches, so the bounce's branch may arrive after both imports.
    /// </summary>
    private static async Task<string> WaitForTraceAsync(Uri emulator, string id, string needle, int count)
    {
        var output = string.Empty;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var text = new StringWriter();
            var error = new StringWriter();
            await CliApp.RunAsync(["trace", id, "--endpoint", emulator.ToString(), "--region", EmulatorFixture.Region, "--output", "json"], CliConsole.ForText(text, error), cancellationToken: Ct);
            output = text.ToString();
            if (output.Split($"\"{needle}\"").Length - 1 >= count && output.Contains("\"ses SendRawEmail\"", StringComparison.Ordinal))
            {
                return output;
            }

            await Task.Delay(500, Ct);
        }

        return output;
    }

    private static async Task<bool> WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Arrival;
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(250, Ct);
        }

        return condition();
    }

    private static List<Activity> Snapshot(List<Activity> spans) => [.. spans.ToArray()];

    private static string? Tag(Activity activity, string name) => activity.GetTagItem(name) as string;

    private static string Name(ResolvedStack stack, string logicalId)
    {
        var id = stack.Resource(logicalId).PhysicalId;
        return id[(id.LastIndexOfAny([':', '/']) + 1)..];
    }

    private static string XRayId(ActivityTraceId id) => SesMail.LambdaRuntime.XRayTraceHeader.ToXRayTraceId(id);
}

/// <summary>Runs <see cref="TracedPipelineTests"/> alone: its listener records every span made in this process meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TracedPipelineCollection
{
    public const string Name = "traced-pipeline";
}
