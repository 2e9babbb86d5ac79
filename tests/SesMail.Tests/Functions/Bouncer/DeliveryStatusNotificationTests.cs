using System.Text.Json;
using MimeKit;
using SesMail.Functions;
using SesMail.Functions.Bouncer;
using SesMail.Functions.Routing;
using SesMail.Tests.Support;

namespace SesMail.Tests.Functions.Bouncer;

[Trait("Kind", "Unit")]
public sealed class DeliveryStatusNotificationTests
{
    private static RoutingDetail Detail(params RoutingTarget[] targets)
    {
        var ses = JsonSerializer.Deserialize(EventFixtures.Read("ses-received-s3.json"), FunctionsJsonContext.Default.SesNotification)!;
        return new RoutingDetail("m-1", ses, RoutingActions.Empty with { Bounce = RoutingAction.Of(targets) });
    }

    private static MimeMessage RoundTrip(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        stream.Position = 0;
        return MimeMessage.Load(stream);
    }

    [Fact]
    public void Build_MixedReasons_WritesRfc3464ReportThatMimeKitParses()
    {
        var detail = Detail(RoutingTarget.PolicyBounce("nobody@example.test"), RoutingTarget.Verdict("auth@example.test", RoutingReasons.AuthFail));

        var parsed = RoundTrip(DeliveryStatusNotification.Build(detail, "mailer-daemon@example.test", "sender@origin.example", new DateTimeOffset(2026, 1, 18, 10, 0, 5, TimeSpan.Zero)));

        parsed.Subject.Should().Be("Mail Delivery Failed: Help with my order");
        parsed.InReplyTo.Should().Be("abc123@origin.example");
        var report = parsed.Body.Should().BeOfType<MultipartReport>().Subject;
        report.ContentType.Parameters["report-type"].Should().Be("delivery-status");
        report.Should().HaveCount(3);
        report[0].Should().BeOfType<TextPart>().Which.Text.Should().Contain("nobody@example.test").And.Contain("SPF/DKIM");
        var status = report[1].Should().BeOfType<MessageDeliveryStatus>().Subject;
        // MimeKit's parser reports the blank line that ends the last group as one more, empty group.
        status.StatusGroups.Where(g => g.Count > 0).Should().HaveCount(3, Raw(report[1]));
        status.StatusGroups[0]["Reporting-MTA"].Should().Be("dns; example.test");
        status.StatusGroups[0]["Arrival-Date"].Should().NotBeNullOrEmpty();
        status.StatusGroups[1]["Final-Recipient"].Should().Be("rfc822; nobody@example.test");
        status.StatusGroups[1]["Status"].Should().Be("5.1.1");
        status.StatusGroups[2]["Status"].Should().Be("5.7.1");
        status.StatusGroups[2]["Diagnostic-Code"].Should().StartWith("smtp; 550 5.7.1");
        var headers = report[2].Should().BeOfType<TextRfc822Headers>().Subject;
        headers.ContentType.MimeType.Should().Be("text/rfc822-headers");
        headers.Message!.Subject.Should().Be("Help with my order");
    }

    /// <summary>The body of the <c>text/rfc822-headers</c> part as it is on the wire: after the part's empty line, up to
    /// the CRLF that belongs to the next boundary delimiter (RFC 2046 §5.1.1).</summary>
    internal static byte[] QuotedPartBody(byte[] wire, string boundary)
    {
        var text = System.Text.Encoding.Latin1.GetString(wire);
        var part = text.IndexOf("Content-Type: text/rfc822-headers", StringComparison.Ordinal);
        part.Should().BePositive();
        var start = text.IndexOf("\r\n\r\n", part, StringComparison.Ordinal) + 4;
        var end = text.IndexOf("\r\n--" + boundary, start, StringComparison.Ordinal);
        return wire[start..end];
    }

    private static string Raw(MimeEntity entity)
    {
        using var stream = new MemoryStream();
        entity.WriteTo(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray()).Replace("\r", "<CR>", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_StoredHeaderBlock_QuotesItByteForByteAndShowsTheOriginalDate()
    {
        var stored = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Bouncer", "ses-stored-dkim.eml"), TestContext.Current.CancellationToken);
        var block = OriginalHeaderBlock.Of(stored);
        var notice = DeliveryStatusNotification.Build(Detail(RoutingTarget.PolicyBounce("nobody@example.test")), "mailer-daemon@example.test", "sender@origin.example", new DateTimeOffset(2026, 1, 18, 10, 0, 5, TimeSpan.Zero), block);

        var wire = new MemoryStream();
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        await notice.WriteToAsync(format, wire, TestContext.Current.CancellationToken);
        var parsed = MimeMessage.Load(new MemoryStream(wire.ToArray()), TestContext.Current.CancellationToken);

        var report = parsed.Body.Should().BeOfType<MultipartReport>().Subject;
        report[2].ContentType.MimeType.Should().Be("text/rfc822-headers");
        QuotedPartBody(wire.ToArray(), report.Boundary!).Should().Equal(block, "the header block travels unchanged, not re-folded or RFC 2047-encoded");
        var receipt = System.Text.Encoding.ASCII.GetString(block).Split("\r\n").Single(l => l.StartsWith("X-SES-RECEIPT: ", StringComparison.Ordinal));
        receipt.Length.Should().BeGreaterThan(400, "one long unfolded line, as SES writes it");
        report[0].Should().BeOfType<TextPart>().Which.Text.Should().Contain("Date:    Sun, 18 Jan 2026 09:59:58 +0000").And.Contain("Arrived: ");
    }

    [Fact]
    public void Build_WithoutStoredMessage_ShowsTheDateHeaderNotTheProcessingTime()
    {
        var notice = DeliveryStatusNotification.Build(Detail(RoutingTarget.PolicyBounce("nobody@example.test")), "mailer-daemon@example.test", "sender@origin.example", new DateTimeOffset(2026, 1, 18, 10, 0, 5, TimeSpan.Zero));

        var report = (MultipartReport)notice.Body!;
        string text = ((TextPart)report[0]).Text;
        text.Should().Contain("Date:    Sun, 18 Jan 2026 09:59:58 +0000");
        report[2].Should().BeOfType<TextRfc822Headers>();
    }

    [Theory]
    [InlineData("policy", "5.1.1")]
    [InlineData("auth-fail", "5.7.1")]
    [InlineData(null, "5.1.1")]
    public void StatusFor_Reason_MapsToRfc3463Code(string? reason, string code) =>
        DeliveryStatusNotification.StatusFor(reason).Should().Be(code);
}
