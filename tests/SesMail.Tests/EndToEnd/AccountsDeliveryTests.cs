using Amazon.SQS;
using Amazon.SQS.Model;
using SesMail.Cli.Hosting;
using SesMail.Tests.Emulator.Gmail;
using SesMail.Tests.Support;

namespace SesMail.Tests.EndToEnd;

/// <summary>
/// Several Gmail accounts through the whole local pipeline (docs/OPERATIONS.md, "Gmail accounts and tokens"): account A
/// is the seeded default token's mailbox, account B gets its own token with <c>sesmail token refresh --account</c>; rules
/// added with <c>sesmail rules add</c> send <c>sales@</c> to B, <c>team@</c> to A and B, and the seeded
/// <c>*@example.test</c> to A. Mail sent over SMTP lands in exactly the right mailboxes, byte for byte, once; with B's
/// token revoked, team mail lands once in A and is parked for B only, and after a new consent for B and a replay of the
/// parked record, B has it once and A still once. A rule for an account without a token is refused, and with
/// <c>--force</c> its mail is parked for that account (<c>token_missing</c>).
/// </summary>
[Collection(PipelineCollection.Name)]
[Trait("Kind", "EndToEnd")]
public sealed class AccountsDeliveryTests(PipelineFixture pipeline) : IDisposable
{
    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(90);
    private readonly PipelineProbe _probe = new(pipeline.EmulatorUrl);
    private readonly GmailStandInDriver _gmail = new(pipeline.EmulatorUrl);
    private readonly AmazonSQSClient _sqs = new(EmulatorFixture.Credentials, new AmazonSQSConfig { ServiceURL = pipeline.EmulatorUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });
    private readonly string _id = Guid.NewGuid().ToString("N")[..12];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _probe.Dispose();
        _gmail.Dispose();
        _sqs.Dispose();
    }

    [Fact]
    public async Task Send_TwoAccounts_EachMailLandsOnceInItsAccountsAndARevokedAccountIsParkedAlone()
    {
        pipeline.RequireReady();
        var a = PipelineProbe.Mailbox;
        var b = $"b-{_id}@example.test";
        var sales = $"sales-{_id}@example.test";
        var team = $"team-{_id}@example.test";

        // B's own token through the consent flow of the stand-in, and the rules, as an operator does it.
        await CliAsync(0, "token", "refresh", "--account", b, "--port", "0", "--timeout", "60");
        await CliAsync(0, "rules", "add", sales, "--forward", b);
        await CliAsync(0, "rules", "add", team, "--forward", a, "--forward", b);
        var c = $"c-{_id}@example.test";
        var nobody = $"nobody-{_id}@example.test";
        (await CliAsync(1, "rules", "add", nobody, "--forward", c)).Should().Contain($"sesmail token refresh --account {c}");
        (await CliAsync(0, "rules", "add", nobody, "--forward", c, "--force")).Should().Contain("warning: added with --force");

        var toSales = await SendAsync(sales, "sales");
        var toOther = await SendAsync($"other-{_id}@example.test", "other");
        var toTeam = await SendAsync(team, "team");

        await AssertInAsync(b, toSales);
        await AssertInAsync(a, toOther);
        await AssertInAsync(a, toTeam);
        await AssertInAsync(b, toTeam);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        (await _probe.FindAsync(a, toSales, Ct)).Should().BeEmpty("sales@ goes to B only");
        (await _probe.FindAsync(b, toOther, Ct)).Should().BeEmpty("the catch-all goes to A only");
        (await _probe.FindAsync(a, toTeam, Ct)).Should().ContainSingle();
        (await _probe.FindAsync(b, toTeam, Ct)).Should().ContainSingle();

        // An account without a token (rule added with --force): parked for that account, never delivered elsewhere.
        var toNobody = await SendAsync(nobody, "nobody");
        var (missing, _) = await WaitForParkedAsync($"nobody-{_id}");
        missing.MessageAttributes["gmail_account"].StringValue.Should().Be(c);
        missing.MessageAttributes["error_type"].StringValue.Should().Be("token_missing");
        (await _probe.FindAsync(a, toNobody, Ct)).Should().BeEmpty("the default token belongs to A and is never used for another account");
        (await _probe.FindAsync(c, toNobody, Ct)).Should().BeEmpty();

        // B's access is revoked: team mail lands once in A and is parked for B alone.
        await _gmail.RevokeAsync(b, Ct);
        var revoked = await SendAsync(team, "revoked");
        await AssertInAsync(a, revoked);
        var (parked, parkedIn) = await WaitForParkedAsync($"revoked-{_id}");
        parked.MessageAttributes["gmail_account"].StringValue.Should().Be(b);
        parked.MessageAttributes["error_type"].StringValue.Should().Be("token_expired");
        (await _probe.FindAsync(b, revoked, Ct)).Should().BeEmpty();

        // A new consent for B, then the parked record goes back to the forwarder queue with its attributes, as the retry
        // processor replays it.
        await CliAsync(0, "token", "refresh", "--account", b, "--port", "0", "--timeout", "60");
        var forwarderQueue = (await _sqs.GetQueueUrlAsync("ses-mail-gmail-forwarder-test", Ct)).QueueUrl;
        await _sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = forwarderQueue, MessageBody = parked.Body, MessageAttributes = parked.MessageAttributes }, Ct);
        await _sqs.DeleteMessageAsync(parkedIn, parked.ReceiptHandle, Ct);

        await AssertInAsync(b, revoked);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        (await _probe.FindAsync(b, revoked, Ct)).Should().ContainSingle();
        (await _probe.FindAsync(a, revoked, Ct)).Should().ContainSingle("the replay is for B only and A is not imported into again");
    }

    [Fact]
    public async Task Load_Default_DeliversIntoTheLoadMailboxAndLeavesTheUsersMailAlone()
    {
        pipeline.RequireReady();
        var loadBefore = (await _gmail.StoredAsync("load@example.test", Ct)).Count;

        await CliAsync(0, "load", "-n", "4", "-c", "2", "-s", "2KB", "--timeout", "90", "--smtp", $"127.0.0.1:{pipeline.SmtpPort}");

        (await _gmail.StoredAsync("load@example.test", Ct)).Count.Should().Be(loadBefore + 4, "load mail goes to the mailbox of its own that the local stack seeds");
        (await _gmail.StoredAsync(PipelineProbe.Mailbox, Ct)).Select(m => m!["subject"]?.GetValue<string>() ?? string.Empty)
            .Should().NotContain(subject => subject.StartsWith("[sesmail-load ", StringComparison.Ordinal), "the user's mailbox is left alone");
    }

    private async Task<string> CliAsync(int expected, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var browser = new List<Task>();
        var host = new CliHost(TimeProvider.System, url =>
        {
            browser.Add(FollowAsync(url));
            return true;
        });
        var code = await CliApp.RunAsync([.. args, "--endpoint", pipeline.EmulatorUrl.ToString(), "--stack-file", pipeline.StackFile], CliConsole.ForText(output, error), host, Ct);
        await Task.WhenAll(browser);
        code.Should().Be(expected, $"sesmail {string.Join(' ', args)}: {output}{error}");
        return error.ToString();
    }

    /// <summary>The browser of the consent flow: the stand-in's consent page redirects to the CLI's listener.</summary>
    private static async Task FollowAsync(Uri url)
    {
        using var browser = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var response = await browser.GetAsync(url, Ct);
        response.EnsureSuccessStatusCode();
    }

    private async Task<byte[]> SendAsync(string recipient, string name)
    {
        var bytes = MailCorpus.Plain($"accounts {name}-{_id}", $"{name}-{_id}", $"For {recipient}.");
        (await RawSmtp.SendAsync(pipeline.SmtpPort, MailCorpus.Sender, [recipient], bytes, Ct)).Should().StartWith("250");
        return bytes; // ends in CRLF, so it travels and is stored exactly as it is
    }

    private async Task AssertInAsync(string mailbox, byte[] bytes)
    {
        if ((await _probe.WaitForDeliveryAsync(mailbox, bytes, Arrival, Ct)).Count > 0)
        {
            return;
        }

        // What the pipeline did with it: the router's tags on the stored object and where the forwarder's records are.
        var (key, tags) = await _probe.WaitForTaggedObjectAsync(bytes, TimeSpan.Zero, Ct);
        var depths = new List<string>();
        foreach (var queue in new[] { "ses-mail-gmail-forwarder-test", "ses-mail-gmail-forwarder-dlq-test", "ses-mail-gmail-forwarder-retry-test" })
        {
            var url = (await _sqs.GetQueueUrlAsync(queue, Ct)).QueueUrl;
            var attributes = await _sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = ["All"] }, Ct);
            depths.Add($"{queue}: {attributes.ApproximateNumberOfMessages} visible, {attributes.ApproximateNumberOfMessagesNotVisible} in flight");
        }

        Assert.Fail(
            $"the message did not reach {mailbox} within {Arrival.TotalSeconds:0} s. Object {key}, tags {string.Join(", ", tags.Select(t => $"{t.Key}={t.Value}"))}; " +
            $"{string.Join("; ", depths)}; mailboxes: {await _gmail.Http.GetStringAsync(new Uri("/_sesmail/gmail/mailboxes", UriKind.Relative), Ct)}");
    }

    private Task<string> RetryQueueUrlAsync() => _sqs.GetQueueUrlAsync("ses-mail-gmail-forwarder-retry-test", Ct).ContinueWith(t => t.Result.QueueUrl, Ct, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);

    /// <summary>
    /// The parked record whose body contains <paramref name="marker"/>, from the retry queue or the retry DLQ: a retry
    /// processor started by an earlier <c>token refresh</c> may still be replaying, and while the token stays bad it
    /// moves the record on to the retry DLQ at its third parking (docs/RECOVERY.md). Either way it is parked.
    /// </summary>
    private async Task<(Message Message, string QueueUrl)> WaitForParkedAsync(string marker)
    {
        string[] urls = [await RetryQueueUrlAsync(), (await _sqs.GetQueueUrlAsync("ses-mail-gmail-forwarder-retry-dlq-test", Ct)).QueueUrl];
        var deadline = DateTime.UtcNow + Arrival;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var url in urls)
            {
                var received = await _sqs.ReceiveMessageAsync(
                    new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 1, VisibilityTimeout = 30, MessageAttributeNames = ["All"] },
                    Ct);
                if ((received.Messages ?? []).FirstOrDefault(m => m.Body.Contains(marker, StringComparison.Ordinal)) is { } parked)
                {
                    return (parked, url);
                }
            }
        }

        throw new TimeoutException($"no record for {marker} was parked in the retry queue or the retry DLQ within {Arrival.TotalSeconds:0} s");
    }
}
