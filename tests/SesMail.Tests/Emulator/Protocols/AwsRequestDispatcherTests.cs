using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Protocols;

/// <summary>
/// Malformed requests from outside the SDKs (nulls where the SDKs never send them, members of the wrong JSON type,
/// half-filled Query parameter groups): each must come back as the service's own 4xx error, never a 500.
/// </summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class AwsRequestDispatcherTests(EmulatorFixture emulator) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = emulator.BaseUrl };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _http.Dispose();

    private AwsJsonClient Sqs => new(emulator.BaseUrl, "AmazonSQS", "1.0", "sqs");

    private async Task<string> NewQueueAsync()
    {
        var created = await Sqs.OkAsync("CreateQueue", new JsonObject { ["QueueName"] = "wire-" + Guid.NewGuid().ToString("N")[..12] }, Ct);
        return created["QueueUrl"]!.GetValue<string>();
    }

    [Theory]
    [InlineData("SendMessage", """{"MessageBody":"x","MessageAttributes":{"a":null}}""")]
    [InlineData("SendMessageBatch", """{"Entries":[null]}""")]
    [InlineData("DeleteMessageBatch", """{"Entries":[null]}""")]
    [InlineData("ChangeMessageVisibilityBatch", """{"Entries":[null]}""")]
    [InlineData("ReceiveMessage", """{"MessageAttributeNames":[null]}""")]
    [InlineData("UntagQueue", """{"TagKeys":[null]}""")]
    [InlineData("CreateQueue", """{"QueueName":"wire-null-attr","Attributes":{"RedrivePolicy":null}}""")]
    public async Task SqsJson_NullListElementOrMapValue_ReturnsInvalidParameterValue(string operation, string members)
    {
        var input = JsonNode.Parse(members)!.AsObject();
        if (operation != "CreateQueue")
        {
            input["QueueUrl"] = await NewQueueAsync();
        }

        var (status, body) = await Sqs.CallAsync(operation, input, Ct);

        status.Should().Be(HttpStatusCode.BadRequest, body.ToJsonString());
        body["__type"]!.GetValue<string>().Should().Be("com.amazonaws.sqs#InvalidParameterValue");
        body["message"]!.GetValue<string>().Should().Contain("must not be null");
    }

    [Theory]
    [InlineData("CreateTable", """{"TableName":"wire-t1","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"KeySchema":[null],"BillingMode":"PAY_PER_REQUEST"}""")]
    [InlineData("CreateTable", """{"TableName":"wire-t2","AttributeDefinitions":[5],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"}""")]
    [InlineData("CreateTable", """{"TableName":"wire-t3","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST","Tags":[true]}""")]
    [InlineData("GetItem", """{"TableName":"{table}","Key":{"pk":{"S":"a"}},"ProjectionExpression":"#p","ExpressionAttributeNames":{"#p":{}}}""")]
    [InlineData("GetItem", """{"TableName":"{table}","Key":{"pk":{"S":"a"}},"AttributesToGet":[7]}""")]
    public async Task DynamoDb_MemberOfTheWrongJsonType_ReturnsSerializationException(string operation, string body)
    {
        var ddb = new AwsJsonClient(emulator.BaseUrl, "DynamoDB_20120810", "1.0", "dynamodb");
        var table = "wire-" + Guid.NewGuid().ToString("N")[..12];
        await ddb.OkAsync("CreateTable", JsonNode.Parse($$"""{"TableName":"{{table}}","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"}""")!.AsObject(), Ct);

        var (status, error) = await ddb.CallAsync(operation, JsonNode.Parse(body.Replace("{table}", table, StringComparison.Ordinal))!.AsObject(), Ct);

        status.Should().Be(HttpStatusCode.BadRequest, error.ToJsonString());
        error["__type"]!.GetValue<string>().Should().EndWith("#SerializationException");
    }

    [Theory]
    [InlineData("RemoveTargets", """{"Rule":"wire-rule","Ids":[{}]}""")]
    [InlineData("RemoveTargets", """{"Rule":"wire-rule","Ids":[3]}""")]
    [InlineData("PutEvents", """{"Entries":[{"Source":"a","DetailType":"b","Detail":"{}","Time":1e308}]}""")]
    [InlineData("PutRule", """{"Name":"wire-rule-2","EventPattern":"{\"source\":[\"a\"]}","Tags":[null]}""")]
    public async Task EventBridge_MemberOfTheWrongJsonType_ReturnsSerializationException(string operation, string body)
    {
        var events = new AwsJsonClient(emulator.BaseUrl, "AWSEvents", "1.1", "events");
        await events.OkAsync("PutRule", new JsonObject { ["Name"] = "wire-rule", ["EventPattern"] = """{"source":["a"]}""" }, Ct);

        var (status, error) = await events.CallAsync(operation, JsonNode.Parse(body)!.AsObject(), Ct);

        status.Should().Be(HttpStatusCode.BadRequest, error.ToJsonString());
        error["__type"]!.GetValue<string>().Should().EndWith("#SerializationException");
    }

    [Theory]
    [InlineData("sns", "Action=Publish&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aap-southeast-2%3A000000000000%3Anone&Message=a%00b")]
    [InlineData("sqs", "Action=ListQueues&Version=2012-11-05&QueueNamePrefix=%00")]
    [InlineData("ses", "Action=SendEmail&Version=2010-12-01&Source=%00")]
    public async Task QueryForm_UndecodableValue_ReturnsQueryErrorNot500(string service, string form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new StringContent(form, Encoding.ASCII, "application/x-www-form-urlencoded"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential=AKIDSESMAILTEST/20260101/ap-southeast-2/{service}/aws4_request, SignedHeaders=host, Signature=0");

        using var response = await _http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        text.Should().Contain("<ErrorResponse").And.Contain("<Code>InvalidQueryParameter</Code>");
    }

    [Fact]
    public async Task SqsQuery_MessageAttributeWithoutValue_ReturnsInvalidParameterValue()
    {
        var url = await NewQueueAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Action"] = "SendMessage",
                ["Version"] = "2012-11-05",
                ["QueueUrl"] = url,
                ["MessageBody"] = "x",
                ["MessageAttribute.1.Name"] = "a",
            }),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDSESMAILTEST/20260101/ap-southeast-2/sqs/aws4_request, SignedHeaders=host, Signature=0");

        using var response = await _http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        text.Should().Contain("<Code>InvalidParameterValue</Code>");
    }

    [Fact]
    public async Task SqsJson_ReceiveMessage_BodyIsEscapedOnlyAsJsonRequires_WithAContentLength()
    {
        var url = await NewQueueAsync();
        await Sqs.OkAsync("SendMessage", new JsonObject { ["QueueUrl"] = url, ["MessageBody"] = """{"to":"ops+alerts@example.test","subject":"<R&D> café"}""" }, Ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new StringContent(new JsonObject { ["QueueUrl"] = url, ["WaitTimeSeconds"] = 1 }.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.0"),
        };
        request.Headers.Add("X-Amz-Target", "AmazonSQS.ReceiveMessage");
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDSESMAILTEST/20260101/ap-southeast-2/sqs/aws4_request, SignedHeaders=host, Signature=0");

        using var response = await _http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        response.Content.Headers.ContentLength.Should().Be(Encoding.UTF8.GetByteCount(text));
        text.Should().Contain("""{\"to\":\"ops+alerts@example.test\",\"subject\":\"<R&D> café\"}""", "a quote is \\\" and '+', '<', '&' and 'é' stay as they are, as SQS writes them");
        JsonNode.Parse(text)!["Messages"]![0]!["Body"]!.GetValue<string>().Should().Be("""{"to":"ops+alerts@example.test","subject":"<R&D> café"}""");
    }
}
