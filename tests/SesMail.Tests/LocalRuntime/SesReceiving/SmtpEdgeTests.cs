using System.Text;
using System.Text.Json.Nodes;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using SesMail.Tests.Support;

namespace SesMail.Tests.LocalRuntime.SesReceiving;

/// <summary>The SMTP edge in-process against the emulator's SES rules, with S3 and SNS recorded.</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class SmtpEdgeTests(EmulatorFixture emulator)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Mail", name);

    private Task<SmtpEdgeHarness> StartAsync(Action<SesMail.LocalRuntime.SesReceiving.SmtpEdgeOptions>? configure = null) =>
        SmtpEdgeHarness.StartAsync(emulator, "ap-northeast-3", configure: configure, cancellationToken: Token);

    [Fact]
    public async Task Send_WithMailKit_StoresSesHeadersThenOriginalBytesAndPublishesNotification()
    {
        await using var edge = await StartAsync();
        var original = await File.ReadAllBytesAsync(Fixture("plain.eml"), Token);

        var replies = await RawSmtp.SendAsync(edge.Endpoint, "sender@origin.test", ["support@example.test"], original, Token);

        replies[^2].Should().StartWith("250").And.Contain("Ok ");
        var stored = edge.Objects!.Objects.Should().ContainSingle().Subject;
        var messageId = replies[^2].Split(' ')[^1];
        stored.Key.Should().Be($"{SmtpEdgeHarness.Bucket}/emails/{messageId}");
        stored.Value.AsSpan()[^original.Length..].ToArray().Should().Equal(original, "the original bytes follow the prepended headers unchanged");
        var head = Encoding.UTF8.GetString(stored.Value, 0, stored.Value.Length - original.Length);
        head.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)])
            .Should().Equal("Return-Path", "Received", "X-SES-Spam-Verdict", "X-SES-Virus-Verdict", "Received-SPF", "Authentication-Results", "X-SES-RECEIPT", "X-SES-DKIM-SIGNATURE");
        head.Should().StartWith("Return-Path: <sender@origin.test>\r\nReceived: from client.origin.test (client.origin.test [127.0.0.1]) by inbound-smtp.ap-northeast-3.amazonaws.com with SMTP id " + messageId + " for support@example.test;");

        var (topic, message) = edge.Notifier!.Published.Should().ContainSingle().Subject;
        topic.Should().Be(SmtpEdgeHarness.Topic);
        var json = JsonNode.Parse(message)!;
        json["mail"]!["messageId"]!.GetValue<string>().Should().Be(messageId);
        json["mail"]!["source"]!.GetValue<string>().Should().Be("sender@origin.test");
        json["receipt"]!["action"]!["objectKey"]!.GetValue<string>().Should().Be($"emails/{messageId}");
        message.Should().Contain("\"value\":\"<sender@origin.test>\"", "SES escapes only what JSON requires").And.NotContain("\\u003C");
    }

    [Fact]
    public async Task Send_Notification_HasEveryFieldOfAwsDocumentedExample()
    {
        await using var edge = await StartAsync();
        var original = await File.ReadAllBytesAsync(Fixture("plain.eml"), Token);

        await RawSmtp.SendAsync(edge.Endpoint, "sender@origin.test", ["support@example.test", "other@example.test"], original, Token);

        var actual = JsonNode.Parse(edge.Notifier!.Published.Single().Message)!.AsObject();
        var documented = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Events", "ses-received-s3.json"), Token))!.AsObject();
        Keys(actual).Should().BeEquivalentTo(Keys(documented));
        Keys(actual["mail"]!.AsObject()).Should().BeEquivalentTo(Keys(documented["mail"]!.AsObject()));
        Keys(actual["mail"]!["commonHeaders"]!.AsObject()).Should().BeEquivalentTo(Keys(documented["mail"]!["commonHeaders"]!.AsObject()));
        Keys(actual["receipt"]!.AsObject()).Should().BeEquivalentTo(Keys(documented["receipt"]!.AsObject()), "dmarcPolicy appears only when DMARC failed");
        Keys(actual["receipt"]!["action"]!.AsObject()).Should().BeEquivalentTo(Keys(documented["receipt"]!["action"]!.AsObject()));

        var mail = actual["mail"]!;
        mail["timestamp"]!.GetValue<string>().Should().MatchRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$");
        mail["messageId"]!.GetValue<string>().Should().MatchRegex("^[0-9a-v]{40}$");
        mail["destination"]!.AsArray().Select(d => d!.GetValue<string>()).Should().Equal("support@example.test", "other@example.test");
        mail["headersTruncated"]!.GetValue<bool>().Should().BeFalse();
        mail["headers"]!.AsArray().Select(h => h!["name"]!.GetValue<string>()).Should().ContainInOrder("Return-Path", "Received", "X-SES-Spam-Verdict", "From", "To", "Subject", "Message-ID", "Date", "MIME-Version", "Content-Type");
        var common = mail["commonHeaders"]!;
        common["returnPath"]!.GetValue<string>().Should().Be("sender@origin.test");
        common["from"]![0]!.GetValue<string>().Should().Be("Sender Person <sender@origin.test>");
        common["to"]![0]!.GetValue<string>().Should().Be("support@example.test");
        common["messageId"]!.GetValue<string>().Should().Be("<abc123@origin.test>");
        common["date"]!.GetValue<string>().Should().Be("Sun, 18 Jan 2026 09:59:58 +0000");
        common["subject"]!.GetValue<string>().Should().Be("Help with my order");
        var receipt = actual["receipt"]!;
        receipt["recipients"]!.AsArray().Select(d => d!.GetValue<string>()).Should().Equal("support@example.test", "other@example.test");
        receipt["processingTimeMillis"]!.GetValue<long>().Should().BeGreaterThanOrEqualTo(0);
        receipt["spamVerdict"]!["status"]!.GetValue<string>().Should().Be("PASS");
        receipt["virusVerdict"]!["status"]!.GetValue<string>().Should().Be("PASS");
        receipt["spfVerdict"]!["status"]!.GetValue<string>().Should().Be("GRAY", "the local zone publishes no SPF record for origin.test");
        receipt["dkimVerdict"]!["status"]!.GetValue<string>().Should().Be("GRAY", "the message is not signed");
        receipt["dmarcVerdict"]!["status"]!.GetValue<string>().Should().Be("GRAY");
        var action = receipt["action"]!;
        action["type"]!.GetValue<string>().Should().Be("S3");
        action["topicArn"]!.GetValue<string>().Should().Be(SmtpEdgeHarness.Topic);
        action["bucketName"]!.GetValue<string>().Should().Be(SmtpEdgeHarness.Bucket);
        action["objectKeyPrefix"]!.GetValue<string>().Should().Be("emails/");
    }

    [Fact]
    public async Task Rcpt_UnknownDomain_Gets550AndNothingIsStored()
    {
        await using var edge = await StartAsync();

        var replies = await RawSmtp.SendAsync(edge.Endpoint, "sender@origin.test", ["someone@unknown.test", "a@example.test.evil", "b@example.test"[..0] + "c@deeper.sub.example.test"],
            await File.ReadAllBytesAsync(Fixture("plain.eml"), Token), Token);

        replies.Should().Contain(r => r.StartsWith("550 5.1.1", StringComparison.Ordinal) && r.Contains("someone@unknown.test", StringComparison.Ordinal));
        replies.Count(r => r.StartsWith("550", StringComparison.Ordinal)).Should().Be(2);
        replies[^2].Should().StartWith("250", "the subdomain rule .sub.example.test covers c@deeper.sub.example.test");
        var json = JsonNode.Parse(edge.Notifier!.Published.Single().Message)!;
        json["receipt"]!["recipients"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Equal("c@deeper.sub.example.test");
    }

    [Fact]
    public async Task Replies_Refusal_HasNoRetrySuffixAndEveryReplyAnEnhancedCode()
    {
        await using var edge = await StartAsync();

        var replies = await RawSmtp.SendAsync(edge.Endpoint, "sender@origin.test", ["someone@unknown.test", "support@example.test"], Encoding.ASCII.GetBytes("Subject: x\r\n\r\nx\r\n"), Token);

        replies.Should().Contain("550 5.1.1 <someone@unknown.test>: Recipient address rejected: no active receipt rule covers it");
        replies.Should().NotContain(r => r.Contains("retry(ies)", StringComparison.Ordinal));
        replies.Should().Contain(r => r.EndsWith("-ENHANCEDSTATUSCODES", StringComparison.Ordinal) || r == "250 ENHANCEDSTATUSCODES");
        var ehloEnd = replies.FindLastIndex(r => r.StartsWith("250-", StringComparison.Ordinal)) + 1; // the last line of the EHLO reply
        replies.Skip(ehloEnd + 1).Where(r => !r.StartsWith("354", StringComparison.Ordinal))
            .Should().OnlyContain(r => System.Text.RegularExpressions.Regex.IsMatch(r, @"^[245]\d\d [245]\.\d{1,3}\.\d{1,3} "), string.Join("\n", replies));
        replies.Should().Contain("250 2.1.0 Ok").And.Contain("250 2.1.5 Ok");
        replies[^2].Should().StartWith("250 2.0.0 Ok ");
    }

    [Fact]
    public async Task Rcpt_OnlyUnknownDomains_NothingIsStored()
    {
        await using var edge = await StartAsync();

        var replies = await RawSmtp.SendAsync(edge.Endpoint, "sender@origin.test", ["someone@unknown.test"], Encoding.ASCII.GetBytes("Subject: x\r\n\r\nx\r\n"), Token);

        replies.Should().Contain(r => r.StartsWith("550 5.1.1", StringComparison.Ordinal));
        edge.Objects!.Objects.Should().BeEmpty();
        edge.Notifier!.Published.Should().BeEmpty();
    }

    [Fact]
    public async Task Data_Oversize_Gets552AndNothingIsStored()
    {
        await using var edge = await StartAsync(o => o.MaxMessageSize = 64 * 1024);
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(edge.Endpoint.Address.ToString(), edge.Endpoint.Port, SecureSocketOptions.None, Token);
        smtp.MaxSize.Should().Be(64 * 1024, "EHLO advertises SIZE");
        var message = new MimeMessage { Subject = "big", Body = new TextPart("plain") { Text = new string('x', 100 * 1024) } };
        message.From.Add(MailboxAddress.Parse("sender@origin.test"));
        message.To.Add(MailboxAddress.Parse("support@example.test"));

        var send = async () => await smtp.SendAsync(message, Token);

        (await send.Should().ThrowAsync<SmtpCommandException>()).Which.StatusCode.Should().Be((SmtpStatusCode)552);
        edge.Objects!.Objects.Should().BeEmpty();
        edge.Notifier!.Published.Should().BeEmpty();
    }

    [Fact]
    public async Task Data_BackendOutage_Gets451AndNothingIsPublished()
    {
        await using var edge = await StartAsync();
        edge.Objects!.Failure = new HttpRequestException("S3 is down");

        var replies = await RawSmtp.SendAsync(edge.Endpoint, "sender@origin.test", ["support@example.test"], await File.ReadAllBytesAsync(Fixture("plain.eml"), Token), Token);

        replies[^2].Should().StartWith("451 4.3.0");
        edge.Notifier!.Published.Should().BeEmpty();

        edge.Objects.Failure = null;
        edge.Notifier.Failure = new HttpRequestException("SNS is down");
        var again = await RawSmtp.SendAsync(edge.Endpoint, "sender@origin.test", ["support@example.test"], await File.ReadAllBytesAsync(Fixture("plain.eml"), Token), Token);
        again[^2].Should().StartWith("451 4.3.0", "a notification that was not published must not be acknowledged");
    }

    [Fact]
    public async Task Rcpt_MoreThanLimit_Gets452ForTheExtraRecipients()
    {
        await using var edge = await StartAsync(o => o.MaxRecipients = 3);

        var replies = await RawSmtp.SendAsync(edge.Endpoint, "sender@origin.test", ["a@example.test", "b@example.test", "c@example.test", "d@example.test"],
            Encoding.ASCII.GetBytes("Subject: many\r\n\r\nx\r\n"), Token);

        replies.Should().Contain(r => r.StartsWith("452 4.5.3", StringComparison.Ordinal));
        JsonNode.Parse(edge.Notifier!.Published.Single().Message)!["mail"]!["destination"]!.AsArray().Should().HaveCount(3);
    }

    [Fact]
    public async Task Session_UnrecognizedAndOutOfSequenceCommands_GetEnhancedCodesAndTheSessionGoesOn()
    {
        await using var edge = await StartAsync();

        var replies = await RawSmtp.ConverseAsync(edge.Endpoint, Encoding.ASCII.GetBytes("EHLO client.origin.test\r\nFROB\r\nRCPT TO:<a@example.test>\r\nMAIL FROM:<x\r\nNOOP\r\nQUIT\r\n"), Token);

        replies.Should().Contain("502 5.5.1 Unrecognized command", string.Join("\n", replies));
        replies.Should().Contain(r => r.StartsWith("503 5.5.1", StringComparison.Ordinal) || r.StartsWith("501 5.5.4", StringComparison.Ordinal));
        replies.Should().Contain("250 2.0.0 Ok", "NOOP after the refusals is still served");
        replies[^1].Should().StartWith("221");
    }

    [Fact]
    public async Task Mail_DuplicateEsmtpParameter_Gets421AndTheEdgeKeepsServing()
    {
        // Found by the smtp fuzz target (tests/SesMail.Fuzzing/Crashers/smtp/duplicate-esmtp-parameter): SmtpServer's
        // parser throws on a repeated parameter, which ended the session without a word.
        await using var edge = await StartAsync();

        var replies = await RawSmtp.ConverseAsync(edge.Endpoint, Encoding.ASCII.GetBytes("EHLO client.origin.test\r\nMAIL FROM:<a@origin.test> SIZE=10 SIZE=20\r\nNOOP\r\n"), Token);

        replies[^1].Should().StartWith("421 4.5.2 ").And.Contain("could not be parsed");
        var next = await RawSmtp.SendAsync(edge.Endpoint, "sender@origin.test", ["support@example.test"], Encoding.ASCII.GetBytes("Subject: x\r\n\r\nx\r\n"), Token);
        next[^2].Should().StartWith("250 2.0.0 Ok ");
    }

    [Fact]
    public async Task Connect_OverMaxConnections_Gets421AndClosedWhileOthersAreServed()
    {
        await using var edge = await StartAsync(o => o.MaxConnections = 2);
        using var first = new System.Net.Sockets.TcpClient();
        using var second = new System.Net.Sockets.TcpClient();
        await first.ConnectAsync(edge.Endpoint, Token);
        await second.ConnectAsync(edge.Endpoint, Token);
        var firstReader = new StreamReader(first.GetStream(), Encoding.ASCII);
        (await firstReader.ReadLineAsync(Token)).Should().StartWith("220");
        (await new StreamReader(second.GetStream(), Encoding.ASCII).ReadLineAsync(Token)).Should().StartWith("220");

        var third = await RawSmtp.ConverseAsync(edge.Endpoint, [], Token);

        third.Should().ContainSingle().Which.Should().StartWith("421 4.7.0 ").And.Contain("Too many connections");
        await first.GetStream().WriteAsync(Encoding.ASCII.GetBytes("NOOP\r\n"), Token);
        (await firstReader.ReadLineAsync(Token)).Should().Be("250 2.0.0 Ok", "connections within the limit are served");
        first.Close();
        second.Close();
        var again = await RetryAsync(() => RawSmtp.ConverseAsync(edge.Endpoint, Encoding.ASCII.GetBytes("NOOP\r\nQUIT\r\n"), Token), r => r.Count > 0 && r[0].StartsWith("220", StringComparison.Ordinal));
        again.Should().Contain("250 2.0.0 Ok", "closed connections free their place");
    }

    [Fact]
    public async Task Commands_OverRate_Get421AndTheConnectionIsClosed()
    {
        await using var edge = await StartAsync(o => o.MaxCommandsPerMinute = 3);

        var replies = await RawSmtp.ConverseAsync(edge.Endpoint, Encoding.ASCII.GetBytes("EHLO client.origin.test\r\nNOOP\r\nNOOP\r\nNOOP\r\nNOOP\r\n"), Token);

        replies.Count(r => r == "250 2.0.0 Ok").Should().Be(2);
        replies[^1].Should().StartWith("421 4.7.0 ").And.Contain("Too many commands");
    }

    [Theory]
    [InlineData("NOOP ")]
    [InlineData("EHLO client.origin.test\r\nMAIL FROM:<a@origin.test>\r\nRCPT TO:<support@example.test>\r\nDATA\r\nSubject: long\r\n\r\n")]
    public async Task Line_OverMaxLineLength_Gets500AndTheConnectionIsClosed(string before)
    {
        await using var edge = await StartAsync(o => o.MaxLineLength = 1000);

        var replies = await RawSmtp.ConverseAsync(edge.Endpoint, Encoding.ASCII.GetBytes(before + new string('x', 50_000) + "\r\n.\r\nQUIT\r\n"), Token);

        replies[^1].Should().StartWith("500 5.5.2 Line too long");
        edge.Objects!.Objects.Should().BeEmpty();
    }

    [Fact]
    public async Task Line_AtMaxLineLength_IsAccepted()
    {
        await using var edge = await StartAsync(o => o.MaxLineLength = 1000);
        var body = "Subject: long\r\n\r\n" + new string('x', 998) + "\r\n";

        var replies = await RawSmtp.SendAsync(edge.Endpoint, "sender@origin.test", ["support@example.test"], Encoding.ASCII.GetBytes(body), Token);

        replies[^2].Should().StartWith("250 2.0.0 Ok ");
    }

    private static async Task<List<string>> RetryAsync(Func<Task<List<string>>> action, Func<List<string>, bool> done)
    {
        for (var attempt = 0; ; attempt++)
        {
            var result = await action();
            if (done(result) || attempt == 50)
            {
                return result;
            }

            await Task.Delay(100, Token);
        }
    }

    [Fact]
    public void DefaultLimits_AreSesReceivingQuotas()
    {
        var options = new SesMail.LocalRuntime.SesReceiving.SmtpEdgeOptions();

        options.MaxMessageSize.Should().Be(40 * 1024 * 1024);
        options.MaxRecipients.Should().Be(50);
        options.MaxConnections.Should().Be(100);
        options.MaxCommandsPerMinute.Should().Be(60_000);
        options.BacklogLimit.Should().Be(500);
        options.InFlowDelay.Should().Be(TimeSpan.FromSeconds(1));
        options.MaxLineLength.Should().Be(64 * 1024);
        options.BindAddress.Should().Be("127.0.0.1");
        options.Port.Should().Be(2525);
    }

    [Theory]
    [InlineData("bare-lf.eml")]
    [InlineData("eightbit-no-8bitmime.eml")]
    [InlineData("no-date-no-message-id.eml")]
    [InlineData("folded-encoded.eml")]
    [InlineData("nul-bytes.eml")]
    [InlineData("malformed-addresses.eml")]
    public async Task Send_UnusualMessage_IsStoredAsReceivedWithValidNotification(string fixture)
    {
        await using var edge = await StartAsync();
        var original = await File.ReadAllBytesAsync(Fixture(fixture), Token);

        var replies = await RawSmtp.SendAsync(edge.Endpoint, "sender@origin.test", ["support@example.test"], original, Token);
        if (original[^2] != '\r')
        {
            original = [.. original, (byte)'\r', (byte)'\n']; // the CRLF before the terminating dot ends the last line (RFC 5321 §4.1.1.4)
        }

        replies[^2].Should().StartWith("250");
        var stored = edge.Objects!.Objects.Single().Value;
        stored.AsSpan()[^original.Length..].ToArray().Should().Equal(original);
        var json = JsonNode.Parse(edge.Notifier!.Published.Single().Message)!;
        json["notificationType"]!.GetValue<string>().Should().Be("Received");
        json["mail"]!["headers"]!.AsArray().Should().NotBeEmpty();
        json["receipt"]!["action"]!["objectKey"]!.GetValue<string>().Should().EndWith(json["mail"]!["messageId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Send_FoldedEncodedHeaders_NotificationUnfoldsAndDecodesCommonHeaders()
    {
        await using var edge = await StartAsync();

        await RawSmtp.SendAsync(edge.Endpoint, "juergen@origin.test", ["support@example.test"], await File.ReadAllBytesAsync(Fixture("folded-encoded.eml"), Token), Token);

        var mail = JsonNode.Parse(edge.Notifier!.Published.Single().Message)!["mail"]!;
        mail["commonHeaders"]!["subject"]!.GetValue<string>().Should().Be("Grüße aus München and a very long folded subject line that continues here");
        mail["commonHeaders"]!["from"]![0]!.GetValue<string>().Should().Contain("Jürgen Müller");
        mail["commonHeaders"]!["to"]!.AsArray().Should().HaveCount(2);
        mail["headers"]!.AsArray().Single(h => h!["name"]!.GetValue<string>() == "Subject")!["value"]!.GetValue<string>()
            .Should().NotContain("\n").And.StartWith("=?UTF-8?Q?");
    }

    [Fact]
    public async Task Send_VeryLongHeaderSection_TruncatesNotificationHeaders()
    {
        await using var edge = await StartAsync();
        var head = new StringBuilder("From: sender@origin.test\r\nTo: support@example.test\r\nSubject: long\r\n");
        for (var i = 0; i < 300; i++)
        {
            head.Append(System.Globalization.CultureInfo.InvariantCulture, $"X-Filler-{i}: {new string('y', 60)}\r\n");
        }

        var original = Encoding.ASCII.GetBytes(head + "\r\nbody\r\n");

        await RawSmtp.SendAsync(edge.Endpoint, "sender@origin.test", ["support@example.test"], original, Token);

        var mail = JsonNode.Parse(edge.Notifier!.Published.Single().Message)!["mail"]!;
        mail["headersTruncated"]!.GetValue<bool>().Should().BeTrue();
        mail["headers"]!.AsArray().Count.Should().BeLessThan(300);
        edge.Objects!.Objects.Single().Value.AsSpan()[^original.Length..].ToArray().Should().Equal(original);
    }

    [Theory]
    [InlineData("eicar.eml", "virusVerdict", "X-SES-Virus-Verdict: FAIL")]
    [InlineData("gtube.eml", "spamVerdict", "X-SES-Spam-Verdict: FAIL")]
    public async Task Send_TestString_FailsTheMatchingScanVerdict(string fixture, string verdict, string header)
    {
        await using var edge = await StartAsync();

        await RawSmtp.SendAsync(edge.Endpoint, "sender@origin.test", ["support@example.test"], await File.ReadAllBytesAsync(Fixture(fixture), Token), Token);

        JsonNode.Parse(edge.Notifier!.Published.Single().Message)!["receipt"]![verdict]!["status"]!.GetValue<string>().Should().Be("FAIL");
        Encoding.UTF8.GetString(edge.Objects!.Objects.Single().Value).Should().Contain(header);
    }

    [Fact]
    public async Task Send_WithMailKitOverStartTls_IsAccepted()
    {
        await using var edge = await StartAsync();
        using var smtp = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await smtp.ConnectAsync(edge.Endpoint.Address.ToString(), edge.Endpoint.Port, SecureSocketOptions.StartTls, Token);
        smtp.Capabilities.Should().HaveFlag(SmtpCapabilities.EightBitMime).And.HaveFlag(SmtpCapabilities.Pipelining).And.HaveFlag(SmtpCapabilities.Size);
        var message = await MimeMessage.LoadAsync(Fixture("plain.eml"), Token);

        var reply = await smtp.SendAsync(message, Token);
        await smtp.DisconnectAsync(true, Token);

        reply.Should().StartWith("2.0.0 Ok ");
        smtp.IsSecure.Should().BeFalse("disconnected");
        edge.Notifier!.Published.Should().ContainSingle();
    }

    [Fact]
    public async Task Send_WithSwaks_IsAccepted()
    {
        Assert.SkipUnless(File.Exists("/usr/bin/swaks"), "swaks is not installed at /usr/bin/swaks");
        await using var edge = await StartAsync();
        var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/swaks") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--server", edge.Endpoint.Address.ToString(), "--port", edge.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--from", "sender@origin.test", "--to", "support@example.test", "--helo", "swaks.origin.test", "--data", Fixture("plain.eml"), "--silent", "2" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(Token);
        await process.WaitForExitAsync(Token);

        process.ExitCode.Should().Be(0, await stderr);
        var json = JsonNode.Parse(edge.Notifier!.Published.Single().Message)!;
        json["mail"]!["commonHeaders"]!["subject"]!.GetValue<string>().Should().Be("Help with my order");
        Encoding.UTF8.GetString(edge.Objects!.Objects.Single().Value).Should().Contain("Received: from swaks.origin.test");
    }

    private static IEnumerable<string> Keys(JsonObject o) => o.Select(p => p.Key);
}
