using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Serialization;
using MailKit.Net.Smtp;
using MimeKit;
using SesMail.Cli.Mail;
using SesMail.Cli.Send;

namespace SesMail.Cli.Load;

/// <summary>
/// What <c>sesmail load</c> sends. <c>Rate</c>, when set, is an open-loop arrival rate in messages per second: message
/// <c>i</c> is due <c>i / Rate</c> seconds after the start whatever became of the ones before, as mail from many
/// independent senders arrives (at most <c>Concurrency</c> are in flight; a message no connection is free for starts
/// late, and the report says how late). Without it the <c>Concurrency</c> connections send back to back (closed loop).
/// </summary>
internal sealed record LoadPlan(int Count, int Concurrency, int Size, string From, string To, string? Mailbox, TimeSpan Timeout, SmtpTarget Smtp, double? Rate = null);

/// <summary>Running totals, for the progress display.</summary>
internal sealed record LoadProgress(int Sent, int Failed, int Delivered);

/// <summary>
/// Sends <see cref="LoadPlan.Count"/> tagged messages over <see cref="LoadPlan.Concurrency"/> SMTP connections and
/// watches the Gmail stand-in until each has arrived. Two latencies per message: <em>accept</em>, the SMTP
/// transaction as the client sees it (MAIL FROM to the reply after DATA's terminator, monotonic clock); and
/// <em>delivery</em>, from the moment the client has written the message's last byte (before the terminating
/// <c>CRLF.CRLF</c>, so the server cannot have acknowledged it yet) to the moment the stand-in stored it (its
/// <c>receivedAt</c>); both clocks are this machine's. Taking the start before the terminator means a delivery can
/// only read negative through clock granularity (1 ms); such samples are counted (<see cref="LoadReport.ClampedSamples"/>)
/// and reported as 0. Without a mailbox (the bare sink of <c>--compare-sink</c>) only the accept side is measured.
/// </summary>
internal sealed class LoadRunner
{
    /// <summary>Every this many polls of the mailbox (four a second) one reads everything stored since the run began.</summary>
    internal const int SweepEvery = 8;

    /// <summary>How far before the newest message seen the polls between sweeps read.</summary>
    internal static readonly TimeSpan RecentMargin = TimeSpan.FromSeconds(3);

    private readonly GmailStandInClient? _mailbox;
    private readonly TimeProvider _time;

    /// <param name="mailbox">The stand-in to watch, or <c>null</c> to measure SMTP acceptance only.</param>
    /// <param name="time">The clock (tests pass a fake).</param>
    public LoadRunner(GmailStandInClient? mailbox, TimeProvider? time = null)
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
        var acceptMs = new ConcurrentBag<double>();
        var delivered = new ConcurrentDictionary<int, long>();
        var failures = new ConcurrentBag<string>();
        var lateMs = new ConcurrentBag<double>();
        var next = -1;
        var sent = 0;
        var failed = 0;
        var started = _time.GetUtcNow();
        var startedTimestamp = _time.GetTimestamp();
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

                if (plan.Rate is { } rate)
                {
                    var early = DueAfter(index, rate) - _time.GetElapsedTime(startedTimestamp);
                    if (early > TimeSpan.Zero)
                    {
                        await Task.Delay(early, _time, cancellationToken).ConfigureAwait(false);
                    }

                    lateMs.Add(Math.Max(0, -early.TotalMilliseconds));
                }

                var message = TestMessage.Create(plan.From, [plan.To], Subject(runId, index), $"sesmail load run {runId}, message {index}.", plan.Size);
                try
                {
                    if (!client.IsConnected)
                    {
                        await SendCommand.ConnectAsync(client, plan.Smtp, cancellationToken, noDelay: true).ConfigureAwait(false);

                        // Without PIPELINING each command waits for its reply, so the server never writes two replies in a
                        // row; SmtpServer does not set TCP_NODELAY, and its second reply would wait for this side's
                        // delayed ACK (about 40 ms a transaction on Linux), which measures the socket, not the server.
                        client.Capabilities &= ~SmtpCapabilities.Pipelining;
                    }

                    var written = new LastByteWritten(_time);
                    var begun = _time.GetTimestamp();
                    await client.SendAsync(message, MailboxAddress.Parse(plan.From), [MailboxAddress.Parse(plan.To)], cancellationToken, written).ConfigureAwait(false);
                    acceptMs.Add(_time.GetElapsedTime(begun).TotalMilliseconds);
                    accepted[index] = written.At ?? _time.GetUtcNow().ToUnixTimeMilliseconds();
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
            if (_mailbox is null)
            {
                return;
            }

            var deadline = DateTimeOffset.MaxValue;
            long? newest = null;
            for (var poll = 0; ; poll++)
            {
                // Only what the stand-in stored since the run began (a minute's margin for clock steps): a mailbox holding
                // thousands of earlier runs would otherwise be serialized by the emulator four times a second, on the
                // same cores as the pipeline being measured. Between those sweeps (every SweepEvery-th poll) only what
                // was stored since the newest message seen, less RecentMargin: the stand-in stamps a message before it
                // is durable and listed, so a neighbour may appear late, and the next sweep finds any that appeared
                // later still. A delivery's time is the stand-in's stamp, so when it is seen does not change its latency.
                var since = poll % SweepEvery == 0 || newest is not { } last
                    ? started - TimeSpan.FromMinutes(1)
                    : DateTimeOffset.FromUnixTimeMilliseconds(last) - RecentMargin;
                foreach (var message in await _mailbox.AllMessagesAsync(plan.Mailbox, since, cancellationToken).ConfigureAwait(false))
                {
                    if (IndexOf(runId, message.Subject) is { } index)
                    {
                        delivered.TryAdd(index, message.ReceivedAt);
                        newest = Math.Max(newest ?? long.MinValue, message.ReceivedAt);
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

        var byIndex = delivered
            .Where(d => accepted.ContainsKey(d.Key))
            .ToDictionary(d => d.Key, d => (double)(d.Value - accepted[d.Key]));
        var raw = byIndex.Values.ToList();
        var clamped = raw.Count(l => l < 0);
        var lastDelivery = delivered.IsEmpty ? sendingEnded : DateTimeOffset.FromUnixTimeMilliseconds(delivered.Values.Max());
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
            LatencyStats.From(raw.Select(l => Math.Max(0, l))),
            clamped,
            LatencyStats.From(acceptMs),
            [.. failures.Distinct().Take(5)],
            plan.Rate,
            plan.Rate is null ? null : LatencyStats.From(lateMs),
            _mailbox is null ? [] : Thirds(byIndex, plan.Count));
    }

    /// <summary>
    /// Reads the watched mailbox as a run's polls do (all messages stored in the last minute), a few times, changing
    /// nothing: the warm-up of <c>--compare-sink</c>, so that the mailbox client is compiled before it is measured. Does
    /// nothing without a mailbox.
    /// </summary>
    public async Task ReadMailboxAsync(LoadPlan plan, CancellationToken cancellationToken)
    {
        if (_mailbox is null)
        {
            return;
        }

        for (var poll = 0; poll < SweepEvery; poll++)
        {
            _ = await _mailbox.AllMessagesAsync(plan.Mailbox, _time.GetUtcNow() - TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>When message <paramref name="index"/> of an open-loop run is due, counted from the run's start.</summary>
    /// <param name="index">The message's 0-based index.</param>
    /// <param name="rate">Messages per second, above 0.</param>
    public static TimeSpan DueAfter(int index, double rate) => TimeSpan.FromSeconds(index / rate);

    /// <summary>
    /// Last byte → mailbox latency (ms, below 0 counted as 0) of the messages sent in the first, middle and last third
    /// of the run, by send order: alike when the pipeline keeps up, rising third by third when mail queues up faster
    /// than it is delivered (docs/DEVELOPMENT.md, Measuring the pipeline).
    /// </summary>
    /// <param name="latencyByIndex">Latency by message index, for the messages delivered.</param>
    /// <param name="count">How many messages the run meant to send.</param>
    /// <returns>Three statistics; a third nothing of was delivered is <see cref="LatencyStats.Empty"/>.</returns>
    public static IReadOnlyList<LatencyStats> Thirds(IReadOnlyDictionary<int, double> latencyByIndex, int count) =>
        [.. Enumerable.Range(0, 3).Select(third => LatencyStats.From(latencyByIndex
            .Where(l => l.Key * 3L / Math.Max(1, count) == third)
            .Select(l => Math.Max(0, l.Value))))];

    /// <summary>
    /// Notes when MailKit has written the message's last byte to the DATA stream (progress reaches the total), which
    /// is before it writes the terminating <c>CRLF.CRLF</c> and so before the server can answer.
    /// </summary>
    private sealed class LastByteWritten(TimeProvider time) : MailKit.ITransferProgress
    {
        public long? At { get; private set; }

        public void Report(long bytesTransferred, long totalSize)
        {
            if (bytesTransferred >= totalSize && At is null)
            {
                At = time.GetUtcNow().ToUnixTimeMilliseconds();
            }
        }

        public void Report(long bytesTransferred)
        {
        }
    }
}

/// <summary>
/// The outcome of a load run. <c>latency</c> is last byte written → stored in the mailbox (ms; empty without a
/// mailbox); <c>clampedSamples</c> how many of those read below zero (clock granularity) and count as 0;
/// <c>acceptLatency</c> the SMTP transaction as the client saw it, MAIL FROM to the final reply (ms). With
/// <c>--rate</c>, <c>rate</c> is the arrival rate asked for (messages/s, else null) and <c>lateStart</c> how long after
/// its due time each message began (ms; 0 for those on time, null without a rate): a p99 that grows means the SMTP side
/// could not take mail that fast. <c>latencyByThird</c> is <see cref="LoadRunner.Thirds"/> (empty without a mailbox).
/// </summary>
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
    [property: JsonPropertyName("clampedSamples")] int ClampedSamples,
    [property: JsonPropertyName("acceptLatency")] LatencyStats AcceptLatency,
    [property: JsonPropertyName("errors")] IReadOnlyList<string> Errors,
    [property: JsonPropertyName("rate")] double? Rate,
    [property: JsonPropertyName("lateStart")] LatencyStats? LateStart,
    [property: JsonPropertyName("latencyByThird")] IReadOnlyList<LatencyStats> LatencyByThird);
