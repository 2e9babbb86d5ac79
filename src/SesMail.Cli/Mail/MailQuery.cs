using System.Globalization;
using System.Text.Json.Serialization;

namespace SesMail.Cli.Mail;

/// <summary>
/// <c>mail list</c>'s filters and paging over the stored messages, newest first: <c>--from</c> and <c>--subject</c>
/// match a case-insensitive substring of the <c>From</c>/<c>Subject</c> header, <c>--since</c> keeps messages stored
/// at or after an instant, <c>--page</c>/<c>--limit</c> cut one page.
/// </summary>
/// <param name="From">Substring of <c>From</c>, or null.</param>
/// <param name="Subject">Substring of <c>Subject</c>, or null.</param>
/// <param name="Since">Earliest <c>receivedAt</c>, or null.</param>
/// <param name="Page">1-based page number.</param>
/// <param name="Limit">Messages per page (at least 1).</param>
internal sealed record MailQuery(string? From, string? Subject, DateTimeOffset? Since, int Page, int Limit)
{
    /// <summary>Applies the filters, then cuts the page.</summary>
    public MailPage Apply(IEnumerable<StoredMessage> messages)
    {
        var matching = messages
            .Where(m => From is null || (m.From ?? string.Empty).Contains(From, StringComparison.OrdinalIgnoreCase))
            .Where(m => Subject is null || (m.Subject ?? string.Empty).Contains(Subject, StringComparison.OrdinalIgnoreCase))
            .Where(m => Since is null || m.ReceivedAt >= Since.Value.ToUnixTimeMilliseconds())
            .OrderByDescending(m => m.ReceivedAt)
            .ThenByDescending(m => m.Id, StringComparer.Ordinal)
            .ToList();
        var pages = Math.Max(1, (matching.Count + Limit - 1) / Limit);
        var shown = matching.Skip((Page - 1) * Limit).Take(Limit).ToList();
        return new MailPage(matching.Count, Page, pages, Limit, shown.Count == 0 ? 0 : ((Page - 1) * Limit) + 1, shown);
    }

    /// <summary>
    /// Reads <c>--since</c>: an ISO 8601 date or date-time (<c>2026-12-01</c>, <c>2026-12-01T08:00:00Z</c>; no offset
    /// means UTC) or an age back from <paramref name="now"/> (<c>30m</c>, <c>2h</c>, <c>7d</c>).
    /// </summary>
    /// <exception cref="FormatException">Neither form.</exception>
    public static DateTimeOffset ParseSince(string text, DateTimeOffset now)
    {
        var value = text.Trim();
        if (value.Length >= 2 && char.IsAsciiLetter(value[^1]) && double.TryParse(value[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0)
        {
            var unit = char.ToLowerInvariant(value[^1]) switch
            {
                's' => TimeSpan.FromSeconds(1),
                'm' => TimeSpan.FromMinutes(1),
                'h' => TimeSpan.FromHours(1),
                'd' => TimeSpan.FromDays(1),
                _ => throw new FormatException($"'{text}' has an unknown unit; use s, m, h or d (e.g. 2h)."),
            };
            return now - (unit * amount);
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            return at;
        }

        throw new FormatException($"'{text}' is neither a date (2026-12-01, 2026-12-01T08:00:00Z) nor an age (30m, 2h, 7d).");
    }
}

/// <summary>One page of <c>mail list</c>.</summary>
/// <param name="Total">Messages that match the filters, on every page.</param>
/// <param name="Page">This page's number (1-based).</param>
/// <param name="PageCount">How many pages there are (at least 1).</param>
/// <param name="Limit">Messages per page.</param>
/// <param name="First">1-based position of this page's first message among <see cref="Total"/>; 0 when it shows none.</param>
/// <param name="Messages">This page's messages, newest first.</param>
internal sealed record MailPage(
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("page")] int Page,
    [property: JsonPropertyName("pageCount")] int PageCount,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("first")] int First,
    [property: JsonPropertyName("messages")] IReadOnlyList<StoredMessage> Messages)
{
    /// <summary>"showing 51–100 of 107 (page 2 of 3)".</summary>
    public string Describe() => Messages.Count == 0
        ? $"showing 0 of {Total}{(Page > 1 ? $" (page {Page} of {PageCount})" : string.Empty)}"
        : $"showing {(Messages.Count == 1 ? First.ToString(CultureInfo.InvariantCulture) : $"{First}–{First + Messages.Count - 1}")} of {Total} (page {Page} of {PageCount})";
}
