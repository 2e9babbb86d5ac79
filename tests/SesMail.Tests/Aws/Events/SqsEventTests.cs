using System.Text.Json;
using SesMail.Functions;
using SesMail.Aws.Events;
using SesMail.Tests.Functions;

namespace SesMail.Tests.Aws.Events;

[Trait("Kind", "Unit")]
public sealed class SqsEventTests
{
    [Fact]
    public void Deserialize_LambdaSqsEvent_ReadsRecord()
    {
        var sqsEvent = JsonSerializer.Deserialize(EventFixtures.Read("sqs-event.json"), FunctionsJsonContext.Default.SqsEvent)!;

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

        var written = JsonSerializer.Serialize(JsonSerializer.Deserialize(json, FunctionsJsonContext.Default.SqsEvent)!, FunctionsJsonContext.Default.SqsEvent);

        EventFixtures.ShouldBeSameJson(written, json);
    }

    [Fact]
    public void Serialize_BatchResponse_UsesLambdaFieldNames()
    {
        var response = new SqsBatchResponse([new SqsBatchResponse.BatchItemFailure("m-1")]);

        JsonSerializer.Serialize(response, FunctionsJsonContext.Default.SqsBatchResponse)
            .Should().Be("""{"batchItemFailures":[{"itemIdentifier":"m-1"}]}""");
    }
}
