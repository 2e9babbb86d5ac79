using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amazon.SQS;
using Amazon.SQS.Model;
using MailKit.Net.Smtp;
using MimeKit;
using SesMail.Tests.Support;

namespace SesMail.Tests.EndToEnd.Drill;

/// <summary>What a durability drill does: how many mails, how many at once, how many kills, from which seed.</summary>
/// <param name="Seed">Chooses every random thing: which mails bounce or lack a Message-ID, when a process is killed, which one, how long it stays down.</param>
/// <param name="Count">Mails sent through SMTP.</param>
/// <param name="Concurrency">SMTP connections at once.</param>
/// <param name="Kills">SIGKILLs in the run, each followed by a restart on the same data folder.</param>
/// <param name="KillGap">The range of pauses between one process being back and the next kill.</param>
/// <param name="BounceShare">The share of mails to <c>bounce@example.test</c> (answered with one notification each).</param>
/// <param name="NoMessageIdShare">The share of mails sent without a <c>Message-ID</c>.</param>
internal sealed record DrillPlan(int Seed, int Count, int Concurrency, int Kills, (TimeSpan Min, TimeSpan Max) KillGap, double BounceShare = 0.15, double NoMessageIdShare = 0.25);

/// <summary>The exact count at the end of a drill.</summary>
internal sealed record DrillReport(
    int Seed,
    int Sent,
    int Accepted,
    int NotAccepted,
    int ForwardAccepted,
    int DeliveredOnce,
    int Lost,
    int Duplicated,
    int BounceAccepted,
    int BouncedOnce,
    int BounceLost,
    int BounceDuplicated,
    int BounceUnknownReported,
    int UnacceptedArrivedTwice,
    int ArrivedFromUnacceptedTransactions,
    int EmulatorKills,
    int RuntimeKills,
    IReadOnlyDictionary<string, int> DeadLetters,
    IReadOnlyList<string> Problems,
    TimeSpan Elapsed)
{
    /// <summary>One line for the test output and docs: the figures the issue asks for.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"seed {Seed}: sent {Sent}, accepted {Accepted} ({ForwardAccepted} forward, {BounceAccepted} bounce), not accepted {NotAccepted}; " +
        $"delivered once {DeliveredOnce}, lost {Lost}, duplicated {Duplicated}; bounced once {BouncedOnce}, bounce lost {BounceLost}, bounce duplicated {BounceDuplicated}, bounce outcome unknown (recorded as sending, none sent) {BounceUnknownReported}; " +
        $"arrived from transactions SMTP did not accept (at most once each) {ArrivedFromUnacceptedTransactions}; " +
        $"kills {EmulatorKills + RuntimeKills} (emulator {EmulatorKills}, runtime {RuntimeKills}); dead letters {DeadLetters.Values.Sum()}; {Elapsed.TotalSeconds:0} s");
}

/// <summary>
/// The durability drill (docs/DELIVERY.md, "The durability drill"): the stack as separate processes with persistence
/// on, <see cref="DrillPlan.Count"/> mails at <see cref="DrillPlan.Concurrency"/> through SMTP while the emulator and the
/// runtime are killed with SIGKILL at seeded random moments and started again on the same folder; then, once every
/// queue is empty, the exact count: each mail SMTP accepted is in the mailbox exactly once (or answered by exactly one
/// notification, for <c>bounce@example.test</c>), a mail SMTP did not accept arrived at most once, and no dead-letter
/// queue holds anything.
/// </summary>
internal sealed partial class DurabilityDrill(StackProcesses stack, DrillPlan plan)
{
    /// <summary>The forwarded mail's recipient and mailbox (the local seed forwards it to a stand-in mailbox of that name).</summary>
    public const string ForwardAddress = "load@example.test";

    /// <summary>The bounced mail's recipient (the local seed bounces it).</summary>
    public const string BounceAddress = "bounce@example.test";

    /// <summary>The envelope sender, to whom notifications go.</summary>
    public const string Sender = "drill@sender.test";

    /// <summary>
    /// The handler queues' visibility timeout during a drill: 40 s, just above the handlers' 35 s lease, so that a
    /// record whose handler was killed comes back once the lease allows a takeover (the template's 180 s would make a
    /// drill last minutes).
    /// </summary>
    public static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(40);

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly ConcurrentDictionary<int, Outcome> _outcomes = new();
    private readonly ConcurrentDictionary<int, string> _acceptedIds = new();
    private readonly ConcurrentDictionary<string, bool> _bounceUnknown = new(StringComparer.Ordinal);
    private int _emulatorKills;
    private int _runtimeKills;

    private enum Outcome
    {
        Accepted,
        Refused,
        Unknown,
    }

    /// <summary>Runs the drill; the stack must not be started yet.</summary>
    public async Task<DrillReport> RunAsync(Action<string> log, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(plan.Seed);
        var mails = Enumerable.Range(0, plan.Count)
            .Select(i => (Index: i, Bounce: random.NextDouble() < plan.BounceShare, NoMessageId: random.NextDouble() < plan.NoMessageIdShare))
            .ToList();
        var killRandom = new Random(random.Next());
        await stack.StartEmulatorAsync(cancellationToken);
        await stack.StartRuntimeAsync(cancellationToken);
        await ShortenVisibilityAsync(cancellationToken);
        log($"drill {_run}: stack up after {clock.Elapsed.TotalSeconds:0} s; {plan.Count} mails at {plan.Concurrency}, {plan.Kills} kills, seed {plan.Seed}");

        using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var next = -1;
        var senders = Enumerable.Range(0, plan.Concurrency).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) is var i && i < mails.Count)
            {
                var (outcome, sesId) = await SendAsync(mails[i].Index, mails[i].Bounce, mails[i].NoMessageId, sending.Token);
                _outcomes[i] = outcome;
                if (sesId is not null)
                {
                    _acceptedIds[i] = sesId;
                }
            }
        }, cancellationToken)).ToList();
        var killer = KillAsync(killRandom, log, cancellationToken);
        await Task.WhenAll(senders);
        log($"drill {_run}: sending done after {clock.Elapsed.TotalSeconds:0} s: {_outcomes.Values.Count(o => o == Outcome.Accepted)} accepted");
        await killer;

        var problems = new List<string>();
        var (forwarded, bounced, queues) = await DrainAsync(mails, problems, log, cancellationToken);
        await ReadUnknownBouncesAsync(cancellationToken);
        log($"drill {_run}: quiet after {clock.Elapsed.TotalSeconds:0} s");

        var accepted = mails.Where(m => _outcomes[m.Index] == Outcome.Accepted).ToList();
        var forwardAccepted = accepted.Where(m => !m.Bounce).ToList();
        var bounceAccepted = accepted.Where(m => m.Bounce).ToList();

        // Counted per SMTP transaction, by the SES message id the edge gave it (its 250 reply, the Received header of
        // each copy): a mail the sender sent again after a 451 is two transactions, and only the accepted one must
        // arrive exactly once; the other may arrive at most once (the edge's answer was lost, docs/DELIVERY.md).
        List<string> CopiesOf((int Index, bool Bounce, bool NoMessageId) mail) => (mail.Bounce ? bounced : forwarded).GetValueOrDefault(mail.Index) ?? [];
        int Own((int Index, bool Bounce, bool NoMessageId) mail) => CopiesOf(mail).Count(id => id == _acceptedIds.GetValueOrDefault(mail.Index));
        bool Doubled((int Index, bool Bounce, bool NoMessageId) mail) => CopiesOf(mail).GroupBy(id => id).Any(g => g.Count() > 1);
        int Others((int Index, bool Bounce, bool NoMessageId) mail) => CopiesOf(mail).Count(id => id != _acceptedIds.GetValueOrDefault(mail.Index));

        // A notification whose record says "sending" and that was not repeated is the bouncer's documented window, not a loss.
        bool Unknown((int Index, bool Bounce, bool NoMessageId) mail) => _acceptedIds.TryGetValue(mail.Index, out var id) && _bounceUnknown.ContainsKey(id);
        foreach (var mail in forwardAccepted.Where(m => Own(m) != 1 || Doubled(m)))
        {
            problems.Add($"mail #{mail.Index} (no Message-ID: {mail.NoMessageId}) is in the mailbox {Own(mail)} times as {_acceptedIds.GetValueOrDefault(mail.Index)}; copies: {string.Join(", ", CopiesOf(mail))}");
        }

        foreach (var mail in bounceAccepted.Where(m => Own(m) > 1 || Doubled(m) || (Own(m) == 0 && !Unknown(m))))
        {
            problems.Add($"bounce #{mail.Index} was answered {Own(mail)} times as {_acceptedIds.GetValueOrDefault(mail.Index)}; copies: {string.Join(", ", CopiesOf(mail))}");
        }

        var unacceptedTwice = mails.Where(m => _outcomes[m.Index] != Outcome.Accepted && Doubled(m)).ToList();
        foreach (var mail in unacceptedTwice)
        {
            problems.Add($"mail #{mail.Index} ({_outcomes[mail.Index]}) arrived twice from one transaction: {string.Join(", ", CopiesOf(mail))}");
        }

        foreach (var (queue, depth) in queues.Where(q => q.Value > 0))
        {
            problems.Add($"dead-letter queue {queue} holds {depth} message(s)");
        }

        return new DrillReport(
            plan.Seed,
            mails.Count,
            accepted.Count,
            mails.Count - accepted.Count,
            forwardAccepted.Count,
            forwardAccepted.Count(m => Own(m) == 1 && !Doubled(m)),
            forwardAccepted.Count(m => Own(m) == 0),
            forwardAccepted.Count(m => Own(m) > 1 || Doubled(m)),
            bounceAccepted.Count,
            bounceAccepted.Count(m => Own(m) == 1 && !Doubled(m)),
            bounceAccepted.Count(m => Own(m) == 0 && !Unknown(m)),
            bounceAccepted.Count(m => Own(m) > 1 || Doubled(m)),
            bounceAccepted.Count(m => Own(m) == 0 && Unknown(m)),
            unacceptedTwice.Count,
            mails.Sum(Others),
            _emulatorKills,
            _runtimeKills,
            queues,
            problems,
            clock.Elapsed);
    }

    private string Subject(int index) => string.Create(CultureInfo.InvariantCulture, $"[drill {_run}] #{index}");

    [GeneratedRegex(@"\[drill (?<run>[0-9a-f]{8})\] #(?<index>\d+)")]
    private static partial Regex SubjectPattern();

    /// <summary>Sends one mail, retrying only what SMTP says it did not take (a refused connection, a 4xx reply); an answer lost after DATA is not retried.</summary>
    private async Task<(Outcome Outcome, string? SesId)> SendAsync(int index, bool bounce, bool noMessageId, CancellationToken cancellationToken)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(Sender));
        message.To.Add(MailboxAddress.Parse(bounce ? BounceAddress : ForwardAddress));
        message.Subject = Subject(index);
        message.Body = new TextPart("plain") { Text = $"Durability drill {_run}, mail {index}.\r\n" };
        if (noMessageId)
        {
            message.Headers.Remove(HeaderId.MessageId);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        using var client = new SmtpClient { Timeout = 60_000 };
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await client.ConnectAsync("127.0.0.1", stack.SmtpPort, MailKit.Security.SecureSocketOptions.None, cancellationToken);
            }
            catch (Exception error) when (error is System.Net.Sockets.SocketException or IOException or SmtpProtocolException or SmtpCommandException)
            {
                await Task.Delay(300, cancellationToken);
                continue; // nothing was sent
            }

            try
            {
                var reply = await client.SendAsync(message, cancellationToken); // "2.0.0 Ok {SES message id}"
                await Disconnect(client);
                return (Outcome.Accepted, reply.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault());
            }
            catch (SmtpCommandException error) when ((int)error.StatusCode is >= 400 and < 500)
            {
                await Disconnect(client);
                await Task.Delay(300, cancellationToken); // the server said it did not take the mail: send it again
            }
            catch (SmtpCommandException)
            {
                await Disconnect(client);
                return (Outcome.Refused, null);
            }
            catch (Exception error) when (error is IOException or SmtpProtocolException or MailKit.ServiceNotConnectedException or System.Net.Sockets.SocketException)
            {
                await Disconnect(client);
                return (Outcome.Unknown, null); // the connection died mid-transaction: it may have been taken, so it is not sent again
            }
        }

        return (Outcome.Unknown, null);
    }

    private static async Task Disconnect(SmtpClient client)
    {
        try
        {
            await client.DisconnectAsync(false, CancellationToken.None);
        }
        catch (Exception error) when (error is IOException or SmtpProtocolException or System.Net.Sockets.SocketException)
        {
        }
    }

    private async Task KillAsync(Random random, Action<string> log, CancellationToken cancellationToken)
    {
        for (var kill = 0; kill < plan.Kills; kill++)
        {
            var gap = plan.KillGap.Min + TimeSpan.FromMilliseconds(random.NextDouble() * (plan.KillGap.Max - plan.KillGap.Min).TotalMilliseconds);
            await Task.Delay(gap, cancellationToken);
            var emulator = random.Next(2) == 0;
            var down = TimeSpan.FromMilliseconds(random.Next(1000));
            if (emulator)
            {
                stack.KillEmulator();
                _emulatorKills++;
            }
            else
            {
                stack.KillRuntime();
                _runtimeKills++;
            }

            log($"drill {_run}: kill {kill + 1}: SIGKILL {(emulator ? "emulator" : "runtime")} after {gap.TotalSeconds:0.0} s, down {down.TotalMilliseconds:0} ms");
            await Task.Delay(down, cancellationToken);
            if (emulator)
            {
                await stack.StartEmulatorAsync(cancellationToken);
            }
            else
            {
                await stack.StartRuntimeAsync(cancellationToken);
            }
        }
    }

    /// <summary>
    /// The bounces whose record still says <c>sending</c>: the bouncer called SES (or was about to) and never learnt the
    /// answer, so it sends no second notification (docs/DELIVERY.md, "The bouncer"). Read from the routing table, the
    /// bouncer's own record, by SES message id.
    /// </summary>
    private async Task ReadUnknownBouncesAsync(CancellationToken cancellationToken)
    {
        var credentials = EmulatorFixture.Credentials;
        using var dynamoDb = new Amazon.DynamoDBv2.AmazonDynamoDBClient(credentials, new Amazon.DynamoDBv2.AmazonDynamoDBConfig { ServiceURL = stack.EmulatorUrl.ToString(), AuthenticationRegion = "ap-southeast-2" });
        Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>? start = null;
        do
        {
            var page = await dynamoDb.ScanAsync(new Amazon.DynamoDBv2.Model.ScanRequest
            {
                TableName = "ses-mail-email-routing-test",
                FilterExpression = "begins_with(PK, :bounce) AND #status = :sending",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "status" },
                ExpressionAttributeValues = new Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue> { [":bounce"] = new() { S = "BOUNCE#" }, [":sending"] = new() { S = "sending" } },
                ExclusiveStartKey = start,
            }, cancellationToken);
            foreach (var item in page.Items)
            {
                _bounceUnknown[item["PK"].S["BOUNCE#".Length..]] = true;
            }

            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
    }

    private AmazonSQSClient Sqs() => new(EmulatorFixture.Credentials, new AmazonSQSConfig { ServiceURL = stack.EmulatorUrl.ToString(), AuthenticationRegion = "ap-southeast-2" });

    private async Task ShortenVisibilityAsync(CancellationToken cancellationToken)
    {
        using var sqs = Sqs();
        foreach (var url in (await sqs.ListQueuesAsync(new ListQueuesRequest(), cancellationToken)).QueueUrls ?? [])
        {
            if (!url.Contains("dlq", StringComparison.OrdinalIgnoreCase) && !url.Contains("retry", StringComparison.OrdinalIgnoreCase))
            {
                await sqs.SetQueueAttributesAsync(url, new Dictionary<string, string> { ["VisibilityTimeout"] = ((int)VisibilityTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture) }, cancellationToken);
            }
        }
    }

    /// <summary>Waits until every queue but the dead-letter queues is empty (nothing visible, nothing in flight) twice in a row, then counts.</summary>
    private async Task<(Dictionary<int, List<string>> Forwarded, Dictionary<int, List<string>> Bounced, Dictionary<string, int> DeadLetters)> DrainAsync(
        List<(int Index, bool Bounce, bool NoMessageId)> mails, List<string> problems, Action<string> log, CancellationToken cancellationToken)
    {
        using var sqs = Sqs();
        using var http = new HttpClient { BaseAddress = stack.EmulatorUrl, Timeout = TimeSpan.FromSeconds(30) };
        var deadline = DateTime.UtcNow + VisibilityTimeout * 4;
        var quietRounds = 0;
        var deadLetters = new Dictionary<string, int>(StringComparer.Ordinal);
        var round = 0;
        while (true)
        {
            var busy = 0;
            var busyQueues = new List<string>();
            deadLetters.Clear();
            foreach (var url in (await sqs.ListQueuesAsync(new ListQueuesRequest(), cancellationToken)).QueueUrls ?? [])
            {
                var attributes = (await sqs.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"], cancellationToken)).Attributes;
                var depth = int.Parse(attributes["ApproximateNumberOfMessages"], CultureInfo.InvariantCulture) + int.Parse(attributes["ApproximateNumberOfMessagesNotVisible"], CultureInfo.InvariantCulture);
                if (url.Contains("dlq", StringComparison.OrdinalIgnoreCase))
                {
                    deadLetters[url[(url.LastIndexOf('/') + 1)..]] = depth;
                }
                else
                {
                    busy += depth;
                    if (depth > 0)
                    {
                        busyQueues.Add($"{url[(url.LastIndexOf('/') + 1)..]} {attributes["ApproximateNumberOfMessages"]}+{attributes["ApproximateNumberOfMessagesNotVisible"]}");
                    }
                }
            }

            if (++round % 10 == 0 && busy > 0)
            {
                log($"drill {_run}: waiting for {string.Join(", ", busyQueues)} (visible+in flight)");
            }

            quietRounds = busy == 0 ? quietRounds + 1 : 0;
            if (quietRounds >= 2)
            {
                break;
            }

            if (DateTime.UtcNow > deadline)
            {
                problems.Add($"the queues still held {busy} message(s) {(VisibilityTimeout * 4).TotalSeconds:0} s after the last kill: {string.Join(", ", busyQueues)}");
                break;
            }

            await Task.Delay(1000, cancellationToken);
        }

        var forwarded = new Dictionary<int, List<string>>();
        foreach (var stored in (await http.GetFromJsonAsync<JsonArray>($"/_sesmail/gmail/mailboxes/{Uri.EscapeDataString(ForwardAddress)}/messages", cancellationToken)) ?? [])
        {
            if (Index(stored?["subject"]?.GetValue<string>()) is { } index)
            {
                var received = stored!["headers"]?.AsArray().Select(h => h?["value"]?.GetValue<string>()).FirstOrDefault(v => v?.Contains(" with SMTP id ", StringComparison.Ordinal) == true);
                (forwarded.TryGetValue(index, out var ids) ? ids : forwarded[index] = []).Add(SesId(received) ?? "?");
                if (mails[index].NoMessageId && stored!["headers"]?.AsArray().Any(h => string.Equals(h?["name"]?.GetValue<string>(), "Message-ID", StringComparison.OrdinalIgnoreCase)) != true)
                {
                    problems.Add($"mail #{index} was sent without a Message-ID and arrived without the one the forwarder adds");
                }
            }
        }

        var bounced = new Dictionary<int, List<string>>();
        foreach (var sent in (await http.GetFromJsonAsync<JsonObject>("/_sesmail/ses/messages", cancellationToken))?["messages"]?.AsArray() ?? [])
        {
            var id = sent?["messageId"]?.GetValue<string>();
            if (id is null || sent!["destinations"]?.AsArray().Any(d => d?.GetValue<string>() == Sender) != true)
            {
                continue;
            }

            var raw = await http.GetStringAsync($"/_sesmail/ses/messages/{id}/raw", cancellationToken);
            if (Index(raw) is { } index)
            {
                (bounced.TryGetValue(index, out var ids) ? ids : bounced[index] = []).Add(SesId(raw) ?? "?");
            }
        }

        return (forwarded, bounced, deadLetters);
    }

    /// <summary>The SES message id in the edge's <c>Received</c> header (<c>… with SMTP id {id} for …</c>), or <c>null</c>.</summary>
    private static string? SesId(string? text) =>
        text is not null && SesIdPattern().Match(text) is { Success: true } match ? match.Groups["id"].Value : null;

    [GeneratedRegex(@" with SMTP id (?<id>[0-9a-z]+)")]
    private static partial Regex SesIdPattern();

    private int? Index(string? text) =>
        text is not null && SubjectPattern().Match(text) is { Success: true } match && match.Groups["run"].Value == _run
            ? int.Parse(match.Groups["index"].Value, CultureInfo.InvariantCulture)
            : null;
}
