using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Serialization;
using MailKit.Net.Smtp;
using MimeKit;
using SesMail.Cli.Mail;
using SesMail.Cli.Send;

namespace SesMail.Cli.Load;

/// <summary>What to send in a load run.</summary>
internal sealed record LoadPlan(int Count, int Concurrency, int Size, string From, string To, string? Mailbox, TimeSpan Timeout, SmtpTarget Smtp);

/// <summary>Running totals, for the progress display.</summary>
internal sealed record LoadProgress(int Sent, int Failed, int Delivered);

/// <summary>
/// Sends <see cref="LoadPlan.Count"/> tagged messages over <see cref="LoadPlan.Concurrency"/> SMTP connections and
/// watches the Gmail stand-in until each has arrived. Latency is SMTP <c>250</c> (client clock) to the moment the
/// stand-in stored the message (its <c>receivedAt</c>); both clocks are this machine's.
/// </summary>
internal sealed class LoadRunner
{
    private readonly GmailStandInClient _mailbox;
    private readonly TimeProvider _time;

    public LoadRunner(GmailStandInClient mailbox, TimeProvider? time = null)
    {
        _mailbox = mailbox;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The subject of message <paramref name="index"/> of run <paramref name="runId"/>.</summary>
    public static string Subject(string runId, int index) => $"[sesmail-load {runId}] #{index.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The message index if <paramref name="subject"/> belongs to run <paramref name="runId"/>.</summary>
    public static int? IndexOf(string runId, string? subject)
    {
        var prefix = $"[sesmail-load {runId}] #";
        return subject is not null && subject.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(subject.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : null;
    }

    public async Task<LoadReport> RunAsync(LoadPlan plan, Action<LoadProgress>? progress, CancellationToken cancellationToken)
    {
        var runId = Guid.NewGuid().ToString("N")[..8];
        var accepted = new ConcurrentDictionary<int, long>();
        var delivered = new ConcurrentDictionary<int, long>();
        var failures = new ConcurrentBag<string>();
        var next = -1;
        var sent = 0;
        var failed = 0;
        var started = _time.GetUtcNow();
        using var sendingDone = new CancellationTokenSource();

        void Report() => progress?.Invoke(new LoadProgress(Volatile.Read(ref sent), Volatile.Read(ref failed), delivered.Count));

        async Task SendWorkerAsync()
        {
            using var client = new SmtpClient();
            while (true)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= plan.Count)
                {
                    break;
                }

                var message = TestMessage.Create(plan.From, [plan.To], Subject(runId, index), $"sesmail load run {runId}, message {index}.", plan.Size);
                try
                {
                    if (!client.IsConnected)
                    {
                        await SendCommand.ConnectAsync(client, plan.Smtp, cancellationToken).ConfigureAwait(false);
                    }

                    await client.SendAsync(message, MailboxAddress.Parse(plan.From), [MailboxAddress.Parse(plan.To)], cancellationToken).ConfigureAwait(false);
                    accepted[index] = _time.GetUtcNow().ToUnixTimeMilliseconds();
                    Interlocked.Increment(ref sent);
                }
                catch (Exception error) when (error is SmtpCommandException or SmtpProtocolException or IOException or System.Net.Sockets.SocketException)
                {
                    Interlocked.Increment(ref failed);
                    failures.Add(error.Message);
                    if (client.IsConnected && error is not SmtpCommandException)
                    {
                        await client.DisconnectAsync(false, CancellationToken.None).ConfigureAwait(false);
                    }

                }

                Report();
            }

            if (client.IsConnected)
            {
                await client.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
            }
        }

        async Task WatchAsync()
        {
            var deadline = DateTimeOffset.MaxValue;
            while (true)
            {
                foreach (var message in await _mailbox.AllMessagesAsync(plan.Mailbox, cancellationToken).ConfigureAwait(false))
                {
                    if (IndexOf(runId, message.Subject) is { } index)
                    {
                        delivered.TryAdd(index, message.ReceivedAt);
                    }
                }

                Report();
                if (sendingDone.IsCancellationRequested)
                {
                    if (deadline == DateTimeOffset.MaxValue)
                    {
                        deadline = _time.GetUtcNow() + plan.Timeout;
                    }

                    if (delivered.Count >= Volatile.Read(ref sent) || _time.GetUtcNow() > deadline)
                    {
                        return;
                    }
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), _time, cancellationToken).ConfigureAwait(false);
            }
        }

        var watcher = WatchAsync();
        try
        {
            await Task.WhenAll(Enumerable.Range(0, Math.Max(1, plan.Concurrency)).Select(_ => Task.Run(SendWorkerAsync, cancellationToken))).ConfigureAwait(false);
        }
        finally
        {
            await sendingDone.CancelAsync().ConfigureAwait(false);
        }

        var sendingEnded = _time.GetUtcNow();
        await watcher.ConfigureAwait(false);

        var latencies = delivered
            .Where(d => accepted.ContainsKey(d.Key))
            .Select(d => (double)Math.Max(0, d.Value - accepted[d.Key]))
            .ToList();
        var lastDelivery = delivered.IsEmpty ? started : DateTimeOffset.FromUnixTimeMilliseconds(delivered.Values.Max());
        var smtpSeconds = Math.Max(0.001, (sendingEnded - started).TotalSeconds);
        var totalSeconds = Math.Max(0.001, (lastDelivery - started).TotalSeconds);
        return new LoadReport(
            runId,
            plan.Count,
            plan.Concurrency,
            plan.Size,
            sent,
            failed,
            delivered.Count,
            Math.Round(smtpSeconds, 3),
            Math.Round(totalSeconds, 3),
            Math.Round(sent / smtpSeconds, 2),
            Math.Round(delivered.Count / totalSeconds, 2),
            LatencyStats.From(latencies),
            [.. failures.Distinct().Take(5)]);
    }
}

/// <summary>The outcome of a load run.</summary>
internal sealed record LoadReport(
    [property: JsonPropertyName("runId")] string RunId,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("concurrency")] int Concurrency,
    [property: JsonPropertyName("sizeBytes")] int SizeBytes,
    [property: JsonPropertyName("accepted")] int Accepted,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("delivered")] int Delivered,
    [property: JsonPropertyName("smtpSeconds")] double SmtpSeconds,
    [property: JsonPropertyName("totalSeconds")] double TotalSeconds,
    [property: JsonPropertyName("acceptedPerSecond")] double AcceptedPerSecond,
    [property: JsonPropertyName("deliveredPerSecond")] double DeliveredPerSecond,
    [property: JsonPropertyName("latency")] LatencyStats Latency,
    [property: JsonPropertyName("errors")] IReadOnlyList<string> Errors);
