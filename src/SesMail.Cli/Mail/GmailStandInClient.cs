using System.Net;
using System.Text.Json.Serialization;
using SesMail.Cli.Hosting;

namespace SesMail.Cli.Mail;

/// <summary>
/// Reads the emulator's Gmail stand-in through its inspection endpoints (<c>/_sesmail/gmail/mailboxes…</c>), which
/// need no OAuth token and give each message's exact size and the time it was stored.
/// </summary>
internal sealed class GmailStandInClient
{
    private readonly HttpClient _http;
    private readonly Uri _baseUrl;

    public GmailStandInClient(HttpClient http, Uri baseUrl)
    {
        _http = http;
        _baseUrl = new Uri(baseUrl.ToString().TrimEnd('/') + "/");
    }

    /// <summary>The stand-in on the endpoint of <paramref name="run"/>.</summary>
    /// <exception cref="CliException">The CLI points at real AWS, where mail goes to real Gmail.</exception>
    public static GmailStandInClient For(CliRun run) => new(
        run.Http,
        run.Settings.GmailStandIn ?? throw new CliException(
            "with real AWS, mail is delivered to real Gmail; there is no stand-in mailbox to read.",
            "Open Gmail, or pass --endpoint http://127.0.0.1:4566 to read the local stand-in."));

    public Uri MailboxPage => new(_baseUrl, "gmail/");

    public async Task<IReadOnlyList<MailboxSummary>> MailboxesAsync(CancellationToken cancellationToken) =>
        await GetJsonAsync("_sesmail/gmail/mailboxes", CliJsonContext.Default.IReadOnlyListMailboxSummary, cancellationToken).ConfigureAwait(false) ?? [];

    public async Task<IReadOnlyList<StoredMessage>> MessagesAsync(string mailbox, CancellationToken cancellationToken) =>
        await MessagesAsync(mailbox, null, cancellationToken).ConfigureAwait(false);

    /// <summary>The messages of one mailbox stored at or after <paramref name="since"/> (all of them when <c>null</c>; an older stand-in that ignores the filter answers all of them too).</summary>
    public async Task<IReadOnlyList<StoredMessage>> MessagesAsync(string mailbox, DateTimeOffset? since, CancellationToken cancellationToken) =>
        await GetJsonAsync(
            $"_sesmail/gmail/mailboxes/{Uri.EscapeDataString(mailbox)}/messages{(since is { } from ? "?since=" + from.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty)}",
            CliJsonContext.Default.IReadOnlyListStoredMessage,
            cancellationToken).ConfigureAwait(false) ?? [];

    /// <summary>The message's stored bytes, exactly.</summary>
    public async Task<byte[]> RawAsync(string mailbox, string id, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(_baseUrl, $"_sesmail/gmail/mailboxes/{Uri.EscapeDataString(mailbox)}/messages/{Uri.EscapeDataString(id)}/raw"), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new CliException($"no message '{id}' in mailbox {mailbox}.", "List messages with: sesmail mail list");
        }

        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every message of every mailbox (or of one).</summary>
    public Task<IReadOnlyList<StoredMessage>> AllMessagesAsync(string? mailbox, CancellationToken cancellationToken) =>
        AllMessagesAsync(mailbox, null, cancellationToken);

    /// <summary>Every message of every mailbox (or of one) stored at or after <paramref name="since"/> (all when <c>null</c>).</summary>
    public async Task<IReadOnlyList<StoredMessage>> AllMessagesAsync(string? mailbox, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var mailboxes = mailbox is not null ? [mailbox] : (await MailboxesAsync(cancellationToken).ConfigureAwait(false)).Select(m => m.Mailbox).ToList();
        var messages = new List<StoredMessage>();
        foreach (var name in mailboxes)
        {
            messages.AddRange((await MessagesAsync(name, since, cancellationToken).ConfigureAwait(false)).Select(m => m with { Mailbox = m.Mailbox ?? name }));
        }

        return messages;
    }

    private async Task<T?> GetJsonAsync<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(_baseUrl, path), cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await System.Text.Json.JsonSerializer.DeserializeAsync(body, type, cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        throw response.StatusCode == HttpStatusCode.NotFound
            ? new CliException($"{_baseUrl} has no Gmail stand-in ({(int)response.StatusCode}).", "Point --endpoint at the SesMail emulator (http://127.0.0.1:4566), not LocalStack or AWS.")
            : new CliException($"the Gmail stand-in answered {(int)response.StatusCode}: {text.Trim()}");
    }
}

/// <summary>One mailbox of the stand-in.</summary>
internal sealed record MailboxSummary(
    [property: JsonPropertyName("mailbox")] string Mailbox,
    [property: JsonPropertyName("messageCount")] int MessageCount);

/// <summary>A stored message as the stand-in's inspection endpoint describes it.</summary>
internal sealed record StoredMessage
{
    [JsonPropertyName("id")] public required string Id { get; init; }

    [JsonPropertyName("threadId")] public string? ThreadId { get; init; }

    [JsonPropertyName("mailbox")] public string? Mailbox { get; init; }

    [JsonPropertyName("labelIds")] public IReadOnlyList<string> LabelIds { get; init; } = [];

    /// <summary>Epoch milliseconds (Gmail's internalDate).</summary>
    [JsonPropertyName("internalDate")] public long InternalDate { get; init; }

    /// <summary>Epoch milliseconds when the stand-in stored the message.</summary>
    [JsonPropertyName("receivedAt")] public long ReceivedAt { get; init; }

    /// <summary>Exact byte length.</summary>
    [JsonPropertyName("size")] public long Size { get; init; }

    [JsonPropertyName("from")] public string? From { get; init; }

    [JsonPropertyName("to")] public string? To { get; init; }

    [JsonPropertyName("subject")] public string? Subject { get; init; }

    [JsonPropertyName("date")] public string? Date { get; init; }

    [JsonPropertyName("snippet")] public string? Snippet { get; init; }
}
