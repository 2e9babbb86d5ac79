using System.Text.Json;
using SesMail.Aws.Events;
using SesMail.Functions;
using SesMail.Tests.Support;

namespace SesMail.Tests.Aws.Events;

[Trait("Kind", "Unit")]
public sealed class SesNotificationTests
{
    [Fact]
    public void Deserialize_S3ActionNotification_ReadsAwsFields()
    {
        var notification = JsonSerializer.Deserialize(EventFixtures.Read("ses-received-s3.json"), FunctionsJsonContext.Default.SesNotification)!;

        notification.NotificationType.Should().Be("Received");
        notification.Mail!.MessageId.Should().Be("o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1");
        notification.Mail.Source.Should().Be("sender@origin.example");
        notification.Mail.Headers.Should().Contain(new SesNotification.HeaderObject("Subject", "Help with my order"));
        notification.Mail.CommonHeaders!.From.Should().Equal("Sender Person <sender@origin.example>");
        notification.Receipt!.Recipients.Should().Equal("support@example.test");
        notification.Receipt.ProcessingTimeMillis.Should().Be(412);
        notification.Receipt.SpfVerdict!.Status.Should().Be("PASS");
        notification.Receipt.Action!.ObjectKey.Should().Be("emails/o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1");
    }

    [Fact]
    public void Serialize_AfterDeserialize_RoundTripsDocumentIncludingUnknownMembers()
    {
        var json = EventFixtures.Read("ses-received-s3.json").Replace("\"headersTruncated\"", "\"futureField\": {\"x\": [1, 2]}, \"headersTruncated\"", StringComparison.Ordinal);

        var notification = JsonSerializer.Deserialize(json, FunctionsJsonContext.Default.SesNotification)!;
        var written = JsonSerializer.Serialize(notification, FunctionsJsonContext.Default.SesNotification);

        EventFixtures.ShouldBeSameJson(written, json);
    }
}
