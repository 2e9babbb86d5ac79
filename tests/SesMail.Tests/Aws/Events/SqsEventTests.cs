using System.Text.Json;
using System.Text.Json.Nodes;
using SesMail.Aws.Events;
using SesMail.Emulator.Lambda.EventSources;
using SesMail.Tests.Support;

namespace SesMail.Tests.Aws.Events;

[Trait("Kind", "Unit")]
public sealed class SqsEventTests
{
    [Fact]
    public void Deserialize_LambdaSqsEvent_ReadsRecord()
    {
        var sqsEvent = JsonSerializer.Deserialize(EventFixtures.Read("sqs-event.json"), LambdaEventsJsonContext.Default.SqsEvent)!;

        var record = sqsEvent.Records.Should().ContainSingle().Subject;
        record.MessageId.Should().Be("059f36b4-87a3-44ab-83d2-661975830a7d");
        record.EventSourceArn.Should().Be("arn:aws:sqs:ap-southeast-2:000000000000:ses-email-input-test");
        record.Attributes!["ApproximateReceiveCount"].Should().Be("1");
        record.MessageAttributes!["error_type"].StringValue.Should().Be("token_expired");
    }

    [Fact]
    public void Serialize_LambdaSqsEvent_RoundTripsWithAwsSpelling()
    {
        var json = EventFixtures.Read("sqs-event.json");

        var written = JsonSerializer.Serialize(JsonSerializer.Deserialize(json, LambdaEventsJsonContext.Default.SqsEvent)!, LambdaEventsJsonContext.Default.SqsEvent);

        EventFixtures.ShouldBeSameJson(written, json);
    }

    [Fact]
    public void ToRecord_FixtureMessage_WritesWhatLambdaWrites()
    {
        var fixture = JsonNode.Parse(EventFixtures.Read("sqs-event.json"))!["Records"]![0]!;
        var received = new JsonObject
        {
            ["MessageId"] = "059f36b4-87a3-44ab-83d2-661975830a7d",
            ["ReceiptHandle"] = "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...",
            ["Body"] = "test",
            ["Attributes"] = new JsonObject
            {
                ["ApproximateReceiveCount"] = "1",
                ["SentTimestamp"] = "1545082649183",
                ["SenderId"] = "AIDAIENQZJOLO23YVJ4VO",
                ["ApproximateFirstReceiveTimestamp"] = "1545082649185",
            },
            ["MessageAttributes"] = new JsonObject { ["error_type"] = new JsonObject { ["DataType"] = "String", ["StringValue"] = "token_expired" } },
            ["MD5OfBody"] = "098f6bcd4621d373cade4e832627b4f6",
        };

        var record = EventSourceCatalog.ToRecord(received, "arn:aws:sqs:ap-southeast-2:000000000000:ses-email-input-test");

        EventFixtures.ShouldBeSameJson(JsonSerializer.Serialize(new SqsEvent([record]), LambdaEventsJsonContext.Default.SqsEvent), $$"""{"Records":[{{fixture.ToJsonString()}}]}""");
        EventFixtures.ShouldBeSameJson(JsonSerializer.Serialize<IReadOnlyList<SqsEvent.SqsMessage>>([record], LambdaEventsJsonContext.Default.IReadOnlyListSqsMessage), $"[{fixture.ToJsonString()}]");
    }

    [Fact]
    public void Create_BinaryAttributeAndDigest_WritesBase64WithoutStringValue()
    {
        var record = SqsEvent.SqsMessage.Create(
            "m-1",
            "rh",
            null,
            null,
            [KeyValuePair.Create("blob", SqsEvent.MessageAttribute.FromBinary("Binary", "hi"u8))],
            null,
            "0123456789abcdef0123456789abcdef",
            "arn:aws:sqs:ap-southeast-2:000000000000:q",
            "ap-southeast-2");

        EventFixtures.ShouldBeSameJson(
            JsonSerializer.Serialize(record, LambdaEventsJsonContext.Default.SqsEvent.Options),
            """
            {"messageId":"m-1","receiptHandle":"rh","body":"","attributes":{},
             "messageAttributes":{"blob":{"binaryValue":"aGk=","stringListValues":[],"binaryListValues":[],"dataType":"Binary"}},
             "md5OfBody":"","md5OfMessageAttributes":"0123456789abcdef0123456789abcdef",
             "eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:ap-southeast-2:000000000000:q","awsRegion":"ap-southeast-2"}
            """);
    }

    [Fact]
    public void Serialize_BatchResponse_UsesLambdaFieldNames()
    {
        var response = new SqsBatchResponse([new SqsBatchResponse.BatchItemFailure("m-1")]);

        JsonSerializer.Serialize(response, LambdaEventsJsonContext.Default.SqsBatchResponse)
            .Should().Be("""{"batchItemFailures":[{"itemIdentifier":"m-1"}]}""");
    }
}
