using System.Text;

namespace SesMail.Tests.EndToEnd;

/// <summary>
/// The round's goal: real .eml files sent to the SMTP edge arrive in the mailbox exactly once with their original
/// bytes intact (SES's own headers in front, nothing else changed); bounces yield a DSN in the SES outbox; EICAR and
/// GTUBE are silently dropped and stay in S3 tagged <c>silent-drop</c>.
/// </summary>
[Collection(PipelineCollection.Name)]
[Trait("Kind", "EndToEnd")]
public sealed class DeliveryTests(PipelineFixture pipeline) : IDisposable
{
    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(90);
    private readonly PipelineProbe _probe = new(pipeline.EmulatorUrl);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _probe.Dispose();

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Send_CorpusMessage_ArrivesOnceByteForByte(string name)
    {
        pipeline.RequireReady();
        var message = MailCorpus.Load(name);
        Assert.SkipWhen(message is null, MailCorpus.SpamAssassinMissing);
        var (bytes, recipients) = message!.Value;

        var reply = await RawSmtp.SendAsync(pipeline.SmtpPort, MailCorpus.Sender, recipients, bytes, Token);

        reply.Should().StartWith("250");

        // A message that does not end in CRLF (bare LF) travels with the CRLF the client must add before the
        // terminating dot (RFC 5321 §4.1.1.4); that line end is part of what the server received and stores.
        var endsWithCrLf = bytes.Length >= 2 && bytes[^2] == '\r' && bytes[^1] == '\n';
        await AssertDeliveredOnceAsync(endsWithCrLf ? bytes : [.. bytes, (byte)'\r', (byte)'\n']);
    }

    public static TheoryData<string> Corpus() => MailCorpus.Deliverable();

    [Fact]
    public async Task Send_ThirtyMegabyteAttachment_ArrivesOnceByteForByte()
    {
        pipeline.RequireReady();
        var bytes = MailCorpus.WithAttachment(22 * 1024 * 1024, $"big-{Guid.NewGuid():N}"); // 22 MB of data → ~30 MB base64 on the wire
        bytes.Length.Should().BeGreaterThan(29 * 1024 * 1024);

        var reply = await RawSmtp.SendAsync(pipeline.SmtpPort, MailCorpus.Sender, ["corpus@example.test"], bytes, Token);

        reply.Should().StartWith("250");
        await AssertDeliveredOnceAsync(bytes);
    }

    [Fact]
    public async Task Send_ToBounceAddress_SesOutboxHoldsADeliveryStatusNotification()
    {
        pipeline.RequireReady();
        var marker = $"bounce-{Guid.NewGuid():N}";
        var bytes = MailCorpus.Plain("Please bounce me", marker, "This message is for bounce@example.test, which bounces.");

        await RawSmtp.SendAsync(pipeline.SmtpPort, MailCorpus.Sender, ["bounce@example.test"], bytes, Token);

        var dsns = await _probe.WaitForOutboxAsync(MailCorpus.Sender, marker, Arrival, Token);
        dsns.Should().ContainSingle("one bounce per bounced message");
        dsns[0].Should().Contain("multipart/report").And.Contain("delivery-status").And.Contain("bounce@example.test");
        (await _probe.FindAsync(bytes, Token)).Should().BeEmpty("a bounced message is not forwarded");
    }

    [Theory]
    [InlineData("eicar")]
    [InlineData("gtube")]
    [InlineData("spamassassin:sample-spam.txt")]
    public async Task Send_VirusOrSpamDrill_IsSilentlyDroppedAndKeptInS3(string drill)
    {
        pipeline.RequireReady();
        byte[] bytes;
        string needle; // what a notice about this very message would quote: its Message-ID (or Subject) line
        if (drill.StartsWith("spamassassin:", StringComparison.Ordinal))
        {
            var sample = MailCorpus.Load(drill);
            Assert.SkipWhen(sample is null, MailCorpus.SpamAssassinMissing);
            bytes = sample!.Value.Bytes;
            var lines = Encoding.ASCII.GetString(bytes).Split("\r\n");
            needle = lines.FirstOrDefault(l => l.StartsWith("Message-Id:", StringComparison.OrdinalIgnoreCase))
                ?? lines.First(l => l.StartsWith("Subject:", StringComparison.OrdinalIgnoreCase));
        }
        else
        {
            needle = $"{drill}-{Guid.NewGuid():N}";
            bytes = MailCorpus.Plain($"{drill} drill", needle, drill == "eicar" ? MailCorpus.Eicar : MailCorpus.Gtube);
        }

        var reply = await RawSmtp.SendAsync(pipeline.SmtpPort, MailCorpus.Sender, ["corpus@example.test"], bytes, Token);

        reply.Should().StartWith("250", "SES accepts the message and drops it later, so senders learn nothing");
        var (key, tags) = await _probe.WaitForTaggedObjectAsync(bytes, Arrival, Token);
        key.Should().NotBeNull("the raw message stays in the email bucket");
        tags.Should().ContainKey("action").WhoseValue.Should().Be("silent-drop");
        (await _probe.FindAsync(bytes, Token)).Should().BeEmpty("dropped mail never reaches the mailbox");
        (await _probe.WaitForOutboxAsync(MailCorpus.Sender, needle, TimeSpan.Zero, Token))
            .Should().BeEmpty("spam and viruses are never bounced (no backscatter)");
    }

    private async Task AssertDeliveredOnceAsync(byte[] bytes)
    {
        var arrived = await _probe.WaitForDeliveryAsync(bytes, Arrival, Token);
        arrived.Should().NotBeEmpty($"the message should reach {PipelineProbe.Mailbox} within {Arrival.TotalSeconds:0} s");

        await Task.Delay(TimeSpan.FromSeconds(1), Token);
        arrived = await _probe.FindAsync(bytes, Token);
        arrived.Should().ContainSingle("each message is imported exactly once");
        var raw = arrived[0].Raw;
        var prefix = Encoding.ASCII.GetString(raw, 0, raw.Length - bytes.Length);
        prefix.Should().NotContain("\r\n\r\n", "only header fields SES adds come before the original bytes");
        prefix.Should().Contain("X-SES-Spam-Verdict");
    }
}
