using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.SQS;
using Amazon.SQS.Model;
using MailKit.Net.Smtp;
using MimeKit;
using SesMail.Tests.Support;

namespace SesMail.Tests.EndToEnd.Drill;

/// <summary>
/// The running stack (emulator and runtime as separate processes) while one dependency misbehaves on request
/// (docs/DELIVERY.md, "Fault drills"): each drill sends a few mails through SMTP, waits until every queue is empty,
/// and ends with the exact count — every mail in the mailbox (or answered) once, nothing in a dead-letter queue — and
/// with what the functions' own metrics (their Embedded Metric Format lines, as CloudWatch would sum them) say.
/// </summary>
[Collection(SesMail.Tests.EndToEnd.Drill.DrillCollection.Name)]
[Trait("Kind", "EndToEnd")]
public sealed class FaultDrillTests(FaultDrillTests.Stack stack) : IClassFixture<FaultDrillTests.Stack>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GmailRateLimited_429WithRetryAfter_EveryMailOnceRetriedInProcess()
    {
        var drill = await stack.RunAsync(
            """{"status":429,"retryAfterSeconds":1,"reason":"rateLimitExceeded","count":4,"methods":["import"]}""",
            gmail: true,
            forwards: 4);

        drill.AssertExactlyOnce();
        drill.Metric("GmailForwardSuccess").Should().Be(4);
        drill.Metric("GmailForwardFailure").Should().Be(0, "Retry-After was honoured within the retry budget");
        drill.Metric("GmailImportRecovered").Should().Be(0, "a 429 says nothing was stored, so nothing was looked for");
    }

    [Fact]
    public async Task GmailServerErrors_500_EveryMailOnce()
    {
        var drill = await stack.RunAsync("""{"status":500,"count":4,"methods":["import"]}""", gmail: true, forwards: 4);

        drill.AssertExactlyOnce();
        drill.Metric("GmailForwardSuccess").Should().Be(4);
        drill.Metric("GmailImportRecovered").Should().Be(0, "the 500s were answered before anything was stored");
    }

    [Fact]
    public async Task GmailAnswersLostAfterStoring_TimeoutsAsTheForwarderSeesThem_FoundNotImportedTwice()
    {
        var drill = await stack.RunAsync("""{"abort":true,"afterCommit":true,"count":3,"methods":["import"]}""", gmail: true, forwards: 3);

        drill.AssertExactlyOnce();
        drill.Metric("GmailImportRecovered").Should().Be(3, "each lost answer was followed by a look into the mailbox that found the copy");
        drill.Metric("GmailForwardSuccess").Should().Be(3);
    }

    [Fact]
    public async Task GmailSlowUploads_EveryMailOnce()
    {
        var drill = await stack.RunAsync("""{"uploadBytesPerSecond":40000,"count":3,"methods":["import"]}""", gmail: true, forwards: 3, bodyBytes: 60_000);

        drill.AssertExactlyOnce();
        drill.Metric("GmailForwardSuccess").Should().Be(3);
    }

    [Fact]
    public async Task DynamoDbThrottled_ProvisionedThroughputExceeded_EveryMailAndBounceOnce()
    {
        var drill = await stack.RunAsync(
            """{"service":"dynamodb","operation":"PutItem","error":"ProvisionedThroughputExceededException","count":12}""",
            gmail: false,
            forwards: 3,
            bounces: 2);

        drill.AssertExactlyOnce();
        drill.FaultsLeft.Should().Be(0, "every injected throttle was met");
        drill.Metric("GmailForwardSuccess").Should().Be(3);
        drill.Metric("BounceSendSuccess").Should().Be(2);
    }

    [Fact]
    public async Task S3SlowDown_OnReadingStoredMail_EveryMailAndBounceOnce()
    {
        var drill = await stack.RunAsync("""{"service":"s3","operation":"GetObject","error":"SlowDown","count":6}""", gmail: false, forwards: 3, bounces: 2);

        drill.AssertExactlyOnce();
        drill.FaultsLeft.Should().Be(0, "every injected SlowDown was met");
        drill.Metric("GmailForwardSuccess").Should().Be(3);
        drill.Metric("BounceSendSuccess").Should().Be(2);
    }

    [Fact]
    public async Task SqsVisibilityExpiresMidHandler_SecondDeliveryWaitsAndTheMailLandsOnce()
    {
        // The import takes 5 s while the queue hides a received record for 3 s: the record is delivered again about 3 s
        // in, while the first handler still holds the claim, and a third time once it is done (3 receives, the DLQ's limit).
        var drill = await stack.RunAsync(
            """{"delayMs":5000,"count":1,"methods":["import"]}""",
            gmail: true,
            forwards: 1,
            forwarderVisibilitySeconds: 3);

        drill.AssertExactlyOnce();
        drill.Metric("GmailForwardFailure").Should().BeGreaterThanOrEqualTo(1, "the second delivery found the claim in progress and failed");
        drill.Metric("GmailForwardSuccess").Should().BeGreaterThanOrEqualTo(1);
    }

    /// <summary>One drill's outcome.</summary>
    /// <param name="Copies">Per mail index: copies in the mailbox (forwards) or notifications (bounces).</param>
    /// <param name="Expected">The indexes sent and accepted.</param>
    /// <param name="DeadLetters">Messages in dead-letter queues.</param>
    /// <param name="Metrics">The functions' metric totals during the drill.</param>
    /// <param name="FaultsLeft">Armed faults not met.</param>
    public sealed record DrillOutcome(IReadOnlyDictionary<int, int> Copies, IReadOnlyList<int> Expected, int DeadLetters, IReadOnlyDictionary<string, double> Metrics, int FaultsLeft)
    {
        public double Metric(string name) => Metrics.GetValueOrDefault(name);

        public void AssertExactlyOnce()
        {
            Expected.Where(i => Copies.GetValueOrDefault(i) != 1).Select(i => $"#{i}: {Copies.GetValueOrDefault(i)} copies").Should().BeEmpty();
            DeadLetters.Should().Be(0);
        }
    }

    /// <summary>The stack the drills share: started once, the handler queues' visibility timeout at 10 s so that a failed record comes back soon.</summary>
    public sealed class Stack : IAsyncLifetime
    {
        private const string ForwardAddress = "load@example.test";
        private const string Sender = "drill@sender.test";
        private readonly StackProcesses _processes = new();
        private readonly ConcurrentQueue<string> _metricLines = new();
        private readonly SemaphoreSlim _one = new(1, 1);

        public async ValueTask InitializeAsync()
        {
            _processes.RuntimeOutput += line =>
            {
                if (line.Contains("\"_aws\"", StringComparison.Ordinal))
                {
                    _metricLines.Enqueue(line);
                }
            };
            using var start = new CancellationTokenSource(TimeSpan.FromMinutes(6));
            await _processes.StartEmulatorAsync(start.Token);
            await _processes.StartRuntimeAsync(start.Token);
            await SetVisibilityAsync(null, 10, start.Token);
        }

        public async ValueTask DisposeAsync() => await _processes.DisposeAsync();

        /// <summary>Arms <paramref name="fault"/>, sends the mails, waits until every queue is empty, and counts.</summary>
        public async Task<DrillOutcome> RunAsync(string fault, bool gmail, int forwards, int bounces = 0, int bodyBytes = 200, int? forwarderVisibilitySeconds = null)
        {
            await _one.WaitAsync(Ct);
            try
            {
                var run = Guid.NewGuid().ToString("N")[..8];
                using var http = new HttpClient { BaseAddress = _processes.EmulatorUrl };
                var faultPath = gmail ? "/_sesmail/gmail/faults" : "/_sesmail/faults";
                if (forwarderVisibilitySeconds is { } seconds)
                {
                    await SetVisibilityAsync("ses-mail-gmail-forwarder", seconds, Ct);
                }

                _metricLines.Clear();
                (await http.PostAsync(faultPath, new StringContent(fault, Encoding.UTF8, "application/json"), Ct)).EnsureSuccessStatusCode();
                try
                {
                    var mails = Enumerable.Range(0, forwards + bounces).Select(i => (Index: i, Bounce: i >= forwards)).ToList();
                    await Task.WhenAll(mails.Select(m => SendAsync(run, m.Index, m.Bounce, bodyBytes)));
                    var deadLetters = await WaitQuietAsync(TimeSpan.FromMinutes(3));
                    var copies = await CountAsync(http, run, mails.Count(m => !m.Bounce) > 0, bounces > 0);
                    var left = gmail
                        ? (await http.GetFromJsonAsync<JsonObject>("/_sesmail/gmail/state", Ct))!["pendingFaults"]!.GetValue<int>()
                        : (await http.GetFromJsonAsync<JsonObject>("/_sesmail/faults", Ct))!["faults"]!.AsArray().Sum(f => f!["remaining"]!.GetValue<int>());
                    return new DrillOutcome(copies, [.. mails.Select(m => m.Index)], deadLetters, SumMetrics(), left);
                }
                finally
                {
                    await http.DeleteAsync(faultPath, CancellationToken.None);
                    if (forwarderVisibilitySeconds is not null)
                    {
                        await SetVisibilityAsync("ses-mail-gmail-forwarder", 10, CancellationToken.None);
                    }
                }
            }
            finally
            {
                _one.Release();
            }
        }

        private async Task SendAsync(string run, int index, bool bounce, int bodyBytes)
        {
            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse(Sender));
            message.To.Add(MailboxAddress.Parse(bounce ? "bounce@example.test" : ForwardAddress));
            message.Subject = string.Create(CultureInfo.InvariantCulture, $"[fault {run}] #{index}");
            message.Body = new TextPart("plain") { Text = $"Fault drill {run}, mail {index}.\r\n" + new string('x', bodyBytes) };
            using var client = new SmtpClient();
            await client.ConnectAsync("127.0.0.1", _processes.SmtpPort, MailKit.Security.SecureSocketOptions.None, Ct);
            await client.SendAsync(message, Ct);
            await client.DisconnectAsync(true, Ct);
        }

        private AmazonSQSClient Sqs() => new(EmulatorFixture.Credentials, new AmazonSQSConfig { ServiceURL = _processes.EmulatorUrl.ToString(), AuthenticationRegion = "ap-southeast-2" });

        private async Task SetVisibilityAsync(string? queuePrefix, int seconds, CancellationToken cancellationToken)
        {
            using var sqs = Sqs();
            foreach (var url in (await sqs.ListQueuesAsync(new ListQueuesRequest(), cancellationToken)).QueueUrls ?? [])
            {
                var name = url[(url.LastIndexOf('/') + 1)..];
                if (!name.Contains("dlq", StringComparison.Ordinal) && !name.Contains("retry", StringComparison.Ordinal) && (queuePrefix is null || name.StartsWith(queuePrefix, StringComparison.Ordinal)))
                {
                    await sqs.SetQueueAttributesAsync(url, new Dictionary<string, string> { ["VisibilityTimeout"] = seconds.ToString(CultureInfo.InvariantCulture) }, cancellationToken);
                }
            }
        }

        /// <summary>Waits until every queue but the dead-letter queues is empty twice in a row; returns the dead-letter count.</summary>
        private async Task<int> WaitQuietAsync(TimeSpan timeout)
        {
            using var sqs = Sqs();
            var deadline = DateTime.UtcNow + timeout;
            var quiet = 0;
            await Task.Delay(1500, Ct); // let the mails reach the input queue
            while (true)
            {
                var busy = 0;
                var dead = 0;
                foreach (var url in (await sqs.ListQueuesAsync(new ListQueuesRequest(), Ct)).QueueUrls ?? [])
                {
                    var attributes = (await sqs.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"], Ct)).Attributes;
                    var depth = int.Parse(attributes["ApproximateNumberOfMessages"], CultureInfo.InvariantCulture) + int.Parse(attributes["ApproximateNumberOfMessagesNotVisible"], CultureInfo.InvariantCulture);
                    if (url.Contains("dlq", StringComparison.Ordinal))
                    {
                        dead += depth;
                    }
                    else
                    {
                        busy += depth;
                    }
                }

                quiet = busy == 0 ? quiet + 1 : 0;
                if (quiet >= 3 || DateTime.UtcNow > deadline)
                {
                    return dead;
                }

                await Task.Delay(500, Ct);
            }
        }

        private static async Task<Dictionary<int, int>> CountAsync(HttpClient http, string run, bool forwards, bool bounces)
        {
            var copies = new Dictionary<int, int>();
            int? Index(string? text)
            {
                var marker = $"[fault {run}] #";
                var at = text?.IndexOf(marker, StringComparison.Ordinal) ?? -1;
                if (at < 0)
                {
                    return null;
                }

                var digits = new string(text![(at + marker.Length)..].TakeWhile(char.IsAsciiDigit).ToArray());
                return int.Parse(digits, CultureInfo.InvariantCulture);
            }

            if (forwards)
            {
                foreach (var stored in (await http.GetFromJsonAsync<JsonArray>($"/_sesmail/gmail/mailboxes/{Uri.EscapeDataString(ForwardAddress)}/messages", Ct)) ?? [])
                {
                    if (Index(stored?["subject"]?.GetValue<string>()) is { } index)
                    {
                        copies[index] = copies.GetValueOrDefault(index) + 1;
                    }
                }
            }

            if (bounces)
            {
                foreach (var sent in (await http.GetFromJsonAsync<JsonObject>("/_sesmail/ses/messages", Ct))?["messages"]?.AsArray() ?? [])
                {
                    if (sent?["destinations"]?.AsArray().Any(d => d?.GetValue<string>() == Sender) == true
                        && Index(await http.GetStringAsync($"/_sesmail/ses/messages/{sent["messageId"]!.GetValue<string>()}/raw", Ct)) is { } index)
                    {
                        copies[index] = copies.GetValueOrDefault(index) + 1;
                    }
                }
            }

            return copies;
        }

        /// <summary>Sums the metric values of the EMF lines the functions wrote since the drill started.</summary>
        private Dictionary<string, double> SumMetrics()
        {
            var totals = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var line in _metricLines)
            {
                var json = line[line.IndexOf('{', StringComparison.Ordinal)..];
                using var document = JsonDocument.Parse(json);
                var root = document.RootElement;
                foreach (var metric in root.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").EnumerateArray())
                {
                    var name = metric.GetProperty("Name").GetString()!;
                    totals[name] = totals.GetValueOrDefault(name) + (root.TryGetProperty(name, out var value) ? value.GetDouble() : 0);
                }
            }

            return totals;
        }
    }
}
