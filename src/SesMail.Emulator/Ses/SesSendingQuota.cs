using SesMail.Emulator.Hosting;

namespace SesMail.Emulator.Ses;

/// <summary>
/// SES's sending limits per region, counted in recipients as SES counts them: at most
/// <see cref="EmulatorOptions.SesMaxSendRate"/> in any second and <see cref="EmulatorOptions.SesMax24HourSend"/> in any
/// 24 hours (https://docs.aws.amazon.com/ses/latest/dg/manage-sending-quotas.html). Every send path (the Query and REST
/// APIs and the SMTP endpoint) takes its recipients from here before it accepts a message.
/// </summary>
internal sealed class SesSendingQuota(EmulatorOptions options, SesOutbox outbox, TimeProvider time)
{
    private readonly Dictionary<string, Queue<(DateTimeOffset At, int Count)>> _recent = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>The 24-hour quota (recipients).</summary>
    public double Max24HourSend => options.SesMax24HourSend;

    /// <summary>The rate limit (recipients per second).</summary>
    public double MaxSendRate => options.SesMaxSendRate;

    /// <summary>Recipients of the messages sent in <paramref name="region"/> during the last 24 hours.</summary>
    /// <param name="region">The region.</param>
    /// <returns>The count.</returns>
    public int SentLast24Hours(string region)
    {
        var since = time.GetUtcNow().AddHours(-24);
        return outbox.List().Where(m => m.Region == region && m.Timestamp > since).Sum(m => Math.Max(1, m.Destinations.Count));
    }

    /// <summary>Takes <paramref name="recipients"/> from the region's rate and quota, or refuses the send.</summary>
    /// <param name="region">The region.</param>
    /// <param name="recipients">The message's recipients.</param>
    /// <exception cref="Protocols.AwsServiceException"><c>Throttling</c>: "Maximum sending rate exceeded." or "Daily message quota exceeded.".</exception>
    public void Take(string region, int recipients)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_recent.TryGetValue(region, out var recent))
            {
                _recent[region] = recent = new Queue<(DateTimeOffset, int)>();
            }

            while (recent.Count > 0 && recent.Peek().At <= now.AddSeconds(-1))
            {
                recent.Dequeue();
            }

            // A message with more recipients than the rate goes out alone (SES allows up to 50 per message).
            if (recent.Count > 0 && recent.Sum(r => r.Count) + recipients > MaxSendRate)
            {
                throw SesErrors.Throttling("Maximum sending rate exceeded.");
            }

            if (SentLast24Hours(region) + recipients > Max24HourSend)
            {
                throw SesErrors.Throttling("Daily message quota exceeded.");
            }

            recent.Enqueue((now, recipients));
        }
    }
}
