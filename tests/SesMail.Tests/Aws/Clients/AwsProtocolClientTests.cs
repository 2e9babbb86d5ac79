using System.Net;
using System.Text;
using Amazon.CloudFormation;
using Amazon.CloudFormation.Model;
using Amazon.EventBridge;
using Amazon.EventBridge.Model;
using Amazon.SimpleEmail;
using Amazon.SimpleEmail.Model;
using Amazon.SimpleNotificationService;
using Amazon.SimpleNotificationService.Model;

namespace SesMail.Tests.Aws.Clients;

/// <summary>The hand-written SNS, EventBridge, SES and CloudFormation clients: what they put on the wire and how they read answers.</summary>
[Trait("Kind", "Unit")]
public sealed class AwsProtocolClientTests
{
    private static readonly Amazon.Runtime.BasicAWSCredentials Credentials = new("AKIDEXAMPLE", "secret");

    [Fact]
    public async Task Publish_WithAttributes_SendsSignedQueryFormAndReadsMessageId()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK,
            """<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>""");
        using var sns = new AmazonSimpleNotificationServiceClient(Credentials, new AmazonSimpleNotificationServiceConfig { ServiceURL = "http://127.0.0.1:4566", AuthenticationRegion = "ap-southeast-2" }, handler);

        var response = await sns.PublishAsync(new PublishRequest
        {
            TopicArn = "arn:aws:sns:ap-southeast-2:000000000000:t",
            Message = "hello & bye",
            MessageAttributes = { ["kind"] = new MessageAttributeValue { DataType = "String", StringValue = "x" } },
        }, TestContext.Current.CancellationToken);

        response.MessageId.Should().Be("m-1");
        handler.Body.Should().Contain("Action=Publish").And.Contain("Version=2010-03-31")
            .And.Contain("Message=hello%20%26%20bye")
            .And.Contain("MessageAttributes.entry.1.Name=kind")
            .And.Contain("MessageAttributes.entry.1.Value.DataType=String");
        handler.Authorization.Should().MatchRegex(@"^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\d{8}/ap-southeast-2/sns/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[0-9a-f]{64}$");
    }

    [Fact]
    public async Task QueryError_IsThrownWithServiceCodeAndStatus()
    {
        var handler = new RecordingHandler(HttpStatusCode.BadRequest,
            """<ErrorResponse><Error><Type>Sender</Type><Code>RuleSetDoesNotExist</Code><Message>Rule set does not exist: x</Message></Error><RequestId>req-9</RequestId></ErrorResponse>""");
        using var ses = new AmazonSimpleEmailServiceClient(Credentials, new AmazonSimpleEmailServiceConfig { ServiceURL = "http://127.0.0.1:4566" }, handler);

        var act = () => ses.DescribeReceiptRuleSetAsync(new DescribeReceiptRuleSetRequest { RuleSetName = "x" }, TestContext.Current.CancellationToken);

        var error = (await act.Should().ThrowAsync<AmazonSimpleEmailServiceException>()).Which;
        error.ErrorCode.Should().Be("RuleSetDoesNotExist");
        error.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        error.RequestId.Should().Be("req-9");
        error.Message.Should().Be("Rule set does not exist: x");
    }

    [Fact]
    public async Task CreateReceiptRule_WithS3Action_FlattensRuleAsQueryMembers()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, "<CreateReceiptRuleResponse><CreateReceiptRuleResult/></CreateReceiptRuleResponse>");
        using var ses = new AmazonSimpleEmailServiceClient(Credentials, new AmazonSimpleEmailServiceConfig { ServiceURL = "http://127.0.0.1:4566" }, handler);

        await ses.CreateReceiptRuleAsync(new CreateReceiptRuleRequest
        {
            RuleSetName = "ses-mail-receipt-rules-test",
            Rule = new ReceiptRule
            {
                Name = "ses-mail-receive-emails-test",
                Enabled = true,
                ScanEnabled = true,
                Recipients = ["example.test"],
                Actions = [new ReceiptAction { S3Action = new S3Action { BucketName = "b", ObjectKeyPrefix = "emails/", TopicArn = "arn:t" } }],
            },
        }, TestContext.Current.CancellationToken);

        var form = handler.Form();
        form.Should().Contain(new KeyValuePair<string, string>("Rule.Name", "ses-mail-receive-emails-test"))
            .And.Contain(new KeyValuePair<string, string>("Rule.Enabled", "true"))
            .And.Contain(new KeyValuePair<string, string>("Rule.Recipients.member.1", "example.test"))
            .And.Contain(new KeyValuePair<string, string>("Rule.Actions.member.1.S3Action.BucketName", "b"))
            .And.Contain(new KeyValuePair<string, string>("Rule.Actions.member.1.S3Action.ObjectKeyPrefix", "emails/"))
            .And.Contain(new KeyValuePair<string, string>("Rule.Actions.member.1.S3Action.TopicArn", "arn:t"));
        handler.Authorization.Should().Contain("/ses/aws4_request");
    }

    [Fact]
    public async Task DescribeActiveReceiptRuleSet_ReadsRulesAndActions()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, """
            <DescribeActiveReceiptRuleSetResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><DescribeActiveReceiptRuleSetResult>
              <Metadata><Name>set</Name><CreatedTimestamp>2026-01-02T03:04:05.000Z</CreatedTimestamp></Metadata>
              <Rules><member><Name>r1</Name><Enabled>true</Enabled><TlsPolicy>Optional</TlsPolicy><ScanEnabled>true</ScanEnabled>
                <Recipients><member>example.test</member><member>.sub.example.test</member></Recipients>
                <Actions><member><S3Action><BucketName>b</BucketName><ObjectKeyPrefix>emails/</ObjectKeyPrefix><TopicArn>arn:t</TopicArn></S3Action></member></Actions>
              </member></Rules>
            </DescribeActiveReceiptRuleSetResult></DescribeActiveReceiptRuleSetResponse>
            """);
        using var ses = new AmazonSimpleEmailServiceClient(Credentials, new AmazonSimpleEmailServiceConfig { ServiceURL = "http://127.0.0.1:4566" }, handler);

        var response = await ses.DescribeActiveReceiptRuleSetAsync(new DescribeActiveReceiptRuleSetRequest(), TestContext.Current.CancellationToken);

        response.Metadata!.Name.Should().Be("set");
        response.Metadata.CreatedTimestamp.Should().Be(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        var rule = response.Rules.Should().ContainSingle().Subject;
        rule.Enabled.Should().BeTrue();
        rule.Recipients.Should().Equal("example.test", ".sub.example.test");
        rule.Actions.Should().ContainSingle().Which.S3Action!.TopicArn.Should().Be("arn:t");
    }

    [Fact]
    public async Task PutEvents_SendsJson11WithTargetAndReadsEntries()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, """{"FailedEntryCount":1,"Entries":[{"EventId":"e-1"},{"ErrorCode":"InternalFailure","ErrorMessage":"x"}]}""");
        using var events = new AmazonEventBridgeClient(Credentials, new AmazonEventBridgeConfig { ServiceURL = "http://127.0.0.1:4566" }, handler);

        var response = await events.PutEventsAsync(new PutEventsRequest
        {
            Entries =
            [
                new PutEventsRequestEntry { Source = "ses.email.router", DetailType = "Email Routing Decision", Detail = "{}", EventBusName = "bus", Time = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc) },
                new PutEventsRequestEntry { Source = "s", DetailType = "d", Detail = "{}" },
            ],
        }, TestContext.Current.CancellationToken);

        handler.Target.Should().Be("AWSEvents.PutEvents");
        handler.ContentType.Should().Be("application/x-amz-json-1.1");
        handler.Body.Should().Contain("\"DetailType\":\"Email Routing Decision\"").And.Contain("\"Time\":1767225600").And.NotContain("null");
        response.FailedEntryCount.Should().Be(1);
        response.Entries.Select(e => e.EventId ?? e.ErrorCode).Should().Equal("e-1", "InternalFailure");
        handler.Authorization.Should().Contain("SignedHeaders=content-type;host;x-amz-date;x-amz-target").And.Contain("/events/aws4_request");
    }

    [Fact]
    public async Task JsonError_IsThrownWithCodeAfterHash()
    {
        var handler = new RecordingHandler(HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.events#ResourceNotFoundException","message":"Rule r does not exist."}""");
        using var events = new AmazonEventBridgeClient(Credentials, new AmazonEventBridgeConfig { ServiceURL = "http://127.0.0.1:4566" }, handler);

        var act = () => events.DescribeRuleAsync(new DescribeRuleRequest { Name = "r" }, TestContext.Current.CancellationToken);

        var error = (await act.Should().ThrowAsync<AmazonEventBridgeException>()).Which;
        error.ErrorCode.Should().Be("ResourceNotFoundException");
        error.Message.Should().Be("Rule r does not exist.");
    }

    [Fact]
    public async Task UnreachableEndpoint_ThrowsServiceUnavailableNamingTheEndpoint()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now
        using var sns = new AmazonSimpleNotificationServiceClient(Credentials, new AmazonSimpleNotificationServiceConfig { ServiceURL = $"http://127.0.0.1:{port}" });

        var act = () => sns.ListTopicsAsync(new ListTopicsRequest(), TestContext.Current.CancellationToken);

        (await act.Should().ThrowAsync<AmazonSimpleNotificationServiceException>())
            .Which.Message.Should().Contain($"127.0.0.1:{port}");
    }

    [Fact]
    public async Task DescribeStacks_Stack_SendsSignedQueryAndReadsOutputs()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, """
            <DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
              <DescribeStacksResult><Stacks><member>
                <StackName>ses-mail-prod</StackName>
                <StackId>arn:aws:cloudformation:ap-southeast-2:123456789012:stack/ses-mail-prod/aaf549a0-a413-11df-adb3-5081b3858e83</StackId>
                <StackStatus>UPDATE_COMPLETE</StackStatus>
                <Outputs>
                  <member><OutputKey>RoutingTableName</OutputKey><OutputValue>ses-mail-email-routing-prod</OutputValue></member>
                  <member><OutputKey>EventBusArn</OutputKey><OutputValue>arn:aws:events:ap-southeast-2:123456789012:event-bus/ses-mail-email-routing-prod</OutputValue><Description>the bus</Description></member>
                </Outputs>
              </member></Stacks></DescribeStacksResult>
              <ResponseMetadata><RequestId>b9b4b068-3a41-11e5-94eb-example</RequestId></ResponseMetadata>
            </DescribeStacksResponse>
            """);
        using var cloudFormation = new AmazonCloudFormationClient(Credentials, new AmazonCloudFormationConfig { RegionEndpoint = Amazon.RegionEndpoint.APSoutheast2 }, handler);

        var response = await cloudFormation.DescribeStacksAsync(new DescribeStacksRequest { StackName = "ses-mail-prod" }, TestContext.Current.CancellationToken);

        handler.Form().Should().Contain(new Dictionary<string, string> { ["Action"] = "DescribeStacks", ["Version"] = "2010-05-15", ["StackName"] = "ses-mail-prod" });
        handler.Authorization.Should().Contain("/ap-southeast-2/cloudformation/aws4_request");
        var stack = response.Stacks.Should().ContainSingle().Subject;
        stack.StackStatus.Should().Be("UPDATE_COMPLETE");
        stack.Outputs.Select(o => (o.OutputKey, o.OutputValue)).Should().Equal(
            ("RoutingTableName", "ses-mail-email-routing-prod"),
            ("EventBusArn", "arn:aws:events:ap-southeast-2:123456789012:event-bus/ses-mail-email-routing-prod"));
        stack.Outputs[1].Description.Should().Be("the bus");
    }

    [Fact]
    public async Task DescribeStacks_NoSuchStack_ThrowsValidationError()
    {
        var handler = new RecordingHandler(HttpStatusCode.BadRequest, """
            <ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
              <Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id nope does not exist</Message></Error>
              <RequestId>r-1</RequestId>
            </ErrorResponse>
            """);
        using var cloudFormation = new AmazonCloudFormationClient(Credentials, new AmazonCloudFormationConfig { RegionEndpoint = Amazon.RegionEndpoint.APSoutheast2 }, handler);

        var act = () => cloudFormation.DescribeStacksAsync(new DescribeStacksRequest { StackName = "nope" }, TestContext.Current.CancellationToken);

        var error = (await act.Should().ThrowAsync<AmazonCloudFormationException>()).Which;
        error.ErrorCode.Should().Be("ValidationError");
        error.Message.Should().Be("Stack with id nope does not exist");
        error.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        error.RequestId.Should().Be("r-1");
    }

    private sealed class RecordingHandler(HttpStatusCode status, string response) : HttpMessageHandler
    {
        public string Body { get; private set; } = string.Empty;

        public string Authorization { get; private set; } = string.Empty;

        public string? Target { get; private set; }

        public string? ContentType { get; private set; }

        public Dictionary<string, string> Form() =>
            Body.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1]));

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Body = await request.Content!.ReadAsStringAsync(cancellationToken);
            Authorization = request.Headers.TryGetValues("Authorization", out var a) ? a.Single() : string.Empty;
            Target = request.Headers.TryGetValues("X-Amz-Target", out var t) ? t.Single() : null;
            ContentType = request.Content.Headers.ContentType?.MediaType;
            return new HttpResponseMessage(status) { Content = new StringContent(response, Encoding.UTF8, "text/xml") };
        }
    }
}
