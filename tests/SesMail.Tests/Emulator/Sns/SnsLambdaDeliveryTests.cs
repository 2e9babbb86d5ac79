using Amazon.SimpleNotificationService;
using Amazon.SimpleNotificationService.Model;
using SesMail.Tests.Emulator.Lambda;
using SesMail.Tests.Support;
using static SesMail.Tests.Emulator.Lambda.LambdaTestFunctions;

namespace SesMail.Tests.Emulator.Sns;

/// <summary>SNS delivering to a <c>lambda</c> subscription: an asynchronous invocation with the SNS event Lambda documents, within the publisher's trace.</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class SnsLambdaDeliveryTests(EmulatorFixture emulator) : IDisposable
{
    private readonly Amazon.Lambda.AmazonLambdaClient _lambda = Client(emulator);
    private readonly AmazonSimpleNotificationServiceClient _sns = new(EmulatorFixture.Credentials, new AmazonSimpleNotificationServiceConfig { ServiceURL = emulator.BaseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _lambda.Dispose();
        _sns.Dispose();
    }

    [Fact]
    public async Task Publish_ToLambdaSubscription_InvokesTheFunctionWithTheSnsEvent()
    {
        var name = Name("sns-target");
        var functionArn = await CreateShellFunctionAsync(_lambda, name);
        await using var handler = await AttachedHandler.AttachAsync(emulator.BaseUrl, name, (_, _) => "{}");
        var topic = (await _sns.CreateTopicAsync(new CreateTopicRequest { Name = name }, Ct)).TopicArn;
        var subscription = (await _sns.SubscribeAsync(new SubscribeRequest { TopicArn = topic, Protocol = "lambda", Endpoint = functionArn }, Ct)).SubscriptionArn;

        var published = await _sns.PublishAsync(new PublishRequest { TopicArn = topic, Message = """{"eventType":"Send"}""", Subject = "events" }, Ct);

        var record = (await handler.WaitForAsync(1)).Should().ContainSingle().Subject["Records"]!.AsArray().Should().ContainSingle().Subject!;
        record["EventSource"]!.GetValue<string>().Should().Be("aws:sns");
        record["EventVersion"]!.GetValue<string>().Should().Be("1.0");
        record["EventSubscriptionArn"]!.GetValue<string>().Should().Be(subscription);
        var sns = record["Sns"]!;
        sns["Type"]!.GetValue<string>().Should().Be("Notification");
        sns["MessageId"]!.GetValue<string>().Should().Be(published.MessageId);
        sns["TopicArn"]!.GetValue<string>().Should().Be(topic);
        sns["Subject"]!.GetValue<string>().Should().Be("events");
        sns["Message"]!.GetValue<string>().Should().Be("""{"eventType":"Send"}""");
        sns["SignatureVersion"]!.GetValue<string>().Should().Be("1");
        sns["Signature"]!.GetValue<string>().Should().NotBeEmpty();
        sns["SigningCertUrl"]!.GetValue<string>().Should().StartWith("http");
        sns["UnsubscribeUrl"]!.GetValue<string>().Should().Contain("Action=Unsubscribe");
        sns["MessageAttributes"]!.AsObject().Should().BeEmpty();
    }

    [Fact]
    public async Task Publish_CallerSendsXAmznTraceId_InvokesTheSubscriberWithinThatTrace()
    {
        const string header = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
        var name = Name("sns-trace");
        var functionArn = await CreateShellFunctionAsync(_lambda, name);
        await using var handler = await AttachedHandler.AttachAsync(emulator.BaseUrl, name, (_, _) => "{}");
        var topic = (await _sns.CreateTopicAsync(new CreateTopicRequest { Name = name }, Ct)).TopicArn;
        await _sns.SubscribeAsync(new SubscribeRequest { TopicArn = topic, Protocol = "lambda", Endpoint = functionArn }, Ct);
        using var traced = new AmazonSimpleNotificationServiceClient(
            EmulatorFixture.Credentials,
            new AmazonSimpleNotificationServiceConfig { ServiceURL = emulator.BaseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region },
            new TraceHeaderHandler(header));

        await traced.PublishAsync(new PublishRequest { TopicArn = topic, Message = """{"eventType":"Delivery"}""" }, Ct);

        (await handler.WaitForAsync(1)).Should().ContainSingle();
        SesMail.LambdaRuntime.XRayTraceHeader.TryParse(handler.Traces.Should().ContainSingle().Subject, out var given).Should().BeTrue();
        given.XRayTraceId.Should().Be("1-5759e988-bd862e3fe1be46a994272793", "the subscriber continues the publisher's trace");
    }

    /// <summary>Sends <c>X-Amzn-Trace-Id</c> with every request, as a traced caller's SDK does.</summary>
    private sealed class TraceHeaderHandler(string header) : DelegatingHandler(new HttpClientHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.TryAddWithoutValidation("X-Amzn-Trace-Id", header);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
