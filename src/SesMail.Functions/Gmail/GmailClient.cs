using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace SesMail.Functions.Gmail;

/// <summary>
/// The smallest Gmail API client SesMail needs: <c>users.messages.import</c> and <c>users.messages.insert</c> by media
/// upload, and <c>users.messages.list</c> with an <c>rfc822msgid:</c> query to find an import again, over <see cref="HttpClient"/> with OAuth bearer tokens from an <see cref="IGmailAccessTokenSource"/>
/// (<see href="https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/import">users.messages/import</see>,
/// <see href="https://developers.google.com/workspace/gmail/api/guides/uploads">upload guide</see>).
/// Stands in for the missing <c>Google.Apis.Gmail.v1</c> package.
/// </summary>
/// <remarks>
/// <para>Messages up to <see cref="ResumableThreshold"/> bytes go as <c>uploadType=multipart</c> (JSON metadata +
/// <c>message/rfc822</c> in one request); larger ones as <c>uploadType=resumable</c>: an initiating <c>POST</c> with the
/// metadata, then one <c>PUT</c> of the whole message to the session URI. Either way the message is streamed from
/// <see cref="GmailMessageSource.Open"/> into the request with its exact <c>Content-Length</c>; no copy is held in memory.</para>
/// <para>A <c>401</c> makes the client refresh the access token once and repeat the upload (reopening the source);
/// a second <c>401</c> or a refused refresh is <see cref="GmailTokenExpiredException"/>. Other failures are mapped by
/// <see cref="ClassifyAsync"/>. A broken resumable upload is not resumed from its last byte: the caller retries
/// the whole call (the source cannot seek).</para>
/// </remarks>
internal sealed class GmailClient
{
    /// <summary>Default largest message sent as multipart (5 MiB, Google's advice for "small" media).</summary>
    public const long DefaultResumableThreshold = 5L * 1024 * 1024;

    /// <summary>Largest message Gmail accepts for import/insert (150 MB; SES delivers at most 40 MB).</summary>
    public const long MaxMessageBytes = 150L * 1024 * 1024;

    /// <summary>The public Gmail API endpoint.</summary>
    public static readonly Uri GoogleBaseUrl = new("https://gmail.googleapis.com");

    private readonly HttpClient _http;
    private readonly IGmailAccessTokenSource _tokens;
    private readonly Uri _baseUrl;
    private readonly TimeProvider _time;

    /// <summary>Creates the client.</summary>
    /// <param name="http">The HTTP client (no base address needed; its timeout bounds each request).</param>
    /// <param name="tokens">Bearer tokens.</param>
    /// <param name="baseUrl">The API root, e.g. <c>https://gmail.googleapis.com</c> or the emulator URL (<c>GMAIL_API_BASE_URL</c>).</param>
    /// <param name="resumableThreshold">Messages larger than this use resumable upload.</param>
    /// <param name="time">Clock for <c>Retry-After</c> dates.</param>
    public GmailClient(HttpClient http, IGmailAccessTokenSource tokens, Uri? baseUrl = null, long resumableThreshold = DefaultResumableThreshold, TimeProvider? time = null)
    {
        _http = http;
        _tokens = tokens;
        var root = (baseUrl ?? GoogleBaseUrl).AbsoluteUri;
        _baseUrl = new Uri(root.EndsWith('/') ? root : root + "/");
        ResumableThreshold = resumableThreshold;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Messages larger than this many bytes use resumable upload.</summary>
    public long ResumableThreshold { get; }

    /// <summary>
    /// <c>users.messages.import</c>: imports a message into the mailbox with standard delivery scanning and
    /// classification, like receiving it over SMTP.
    /// </summary>
    /// <param name="source">The raw message.</param>
    /// <param name="options">Mailbox, flags and labels.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The created message (<c>id</c>, <c>threadId</c>, <c>labelIds</c>).</returns>
    /// <exception cref="GmailException">A classified failure: <see cref="GmailTokenExpiredException"/>, <see cref="GmailRateLimitedException"/>, <see cref="GmailTransientException"/> or <see cref="GmailPermanentException"/>.</exception>
    public Task<GmailMessage> ImportAsync(GmailMessageSource source, GmailImportOptions options, CancellationToken cancellationToken) =>
        SendAsync("import", source, options, cancellationToken);

    /// <summary><c>users.messages.insert</c>: stores a message directly, without scanning or classification (like IMAP APPEND).</summary>
    /// <param name="source">The raw message.</param>
    /// <param name="options">Mailbox, <c>internalDateSource</c>, <c>deleted</c> and labels (spam/calendar flags are import-only and ignored).</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The created message.</returns>
    /// <exception cref="GmailException">A classified failure.</exception>
    public Task<GmailMessage> InsertAsync(GmailMessageSource source, GmailImportOptions options, CancellationToken cancellationToken) =>
        SendAsync("insert", source, options, cancellationToken);

    /// <summary>
    /// <c>users.messages.list</c> with <c>q=rfc822msgid:{id}</c> and <c>includeSpamTrash=true</c>: the first message of
    /// <paramref name="userId"/>'s mailbox whose <c>Message-ID</c> header is <paramref name="rfc822MessageId"/>, in any
    /// label (an import Gmail classified as spam counts), or <c>null</c>
    /// (<see href="https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/list">users.messages/list</see>;
    /// the operator is the Gmail search box's, <see href="https://support.google.com/mail/answer/7190">search operators</see>).
    /// </summary>
    /// <param name="userId">The mailbox (<c>me</c>).</param>
    /// <param name="rfc822MessageId">The Message-ID without angle brackets; see <see cref="IsSearchableMessageId"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The message (<c>id</c>, <c>threadId</c>), or <c>null</c> when none matches.</returns>
    /// <exception cref="ArgumentException">The id cannot be written as a Gmail query.</exception>
    /// <exception cref="GmailException">A classified failure, as for <see cref="ImportAsync"/>.</exception>
    public async Task<GmailMessage?> FindByRfc822MessageIdAsync(string userId, string rfc822MessageId, CancellationToken cancellationToken)
    {
        if (!IsSearchableMessageId(rfc822MessageId))
        {
            throw new ArgumentException($"The Message-ID '{rfc822MessageId}' cannot be written as a Gmail query term.", nameof(rfc822MessageId));
        }

        var term = rfc822MessageId.AsSpan().IndexOfAny("(){}:".AsSpan()) >= 0 ? $"\"{rfc822MessageId}\"" : rfc822MessageId;
        var url = new Uri(_baseUrl, $"gmail/v1/users/{Uri.EscapeDataString(userId)}/messages?q={Uri.EscapeDataString("rfc822msgid:" + term)}&includeSpamTrash=true&maxResults=10");
        var token = await _tokens.GetAccessTokenAsync(false, cancellationToken).ConfigureAwait(false);
        try
        {
            return await ListFirstAsync(url, token, cancellationToken).ConfigureAwait(false);
        }
        catch (GmailTokenExpiredException error) when (error.StatusCode == HttpStatusCode.Unauthorized)
        {
            token = await _tokens.GetAccessTokenAsync(true, cancellationToken).ConfigureAwait(false);
            return await ListFirstAsync(url, token, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Whether a Message-ID (without angle brackets) can be searched with <c>rfc822msgid:</c>: 1–900 printable ASCII
    /// characters without white space or <c>"</c> (RFC 5322 §3.6.4 <c>msg-id</c> allows neither; other characters Gmail
    /// reads as query syntax are quoted).
    /// </summary>
    /// <param name="rfc822MessageId">The id.</param>
    /// <returns><c>true</c> when <see cref="FindByRfc822MessageIdAsync"/> accepts it.</returns>
    public static bool IsSearchableMessageId(string? rfc822MessageId) =>
        rfc822MessageId is { Length: > 0 and <= 900 } && rfc822MessageId.All(c => c is > ' ' and < (char)127 and not '"');

    private async Task<GmailMessage?> ListFirstAsync(Uri url, string accessToken, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await ClassifyAsync(response, _time, cancellationToken).ConfigureAwait(false);
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var list = await JsonSerializer.DeserializeAsync(body, FunctionsJsonContext.Default.GmailListMessagesResponse, cancellationToken).ConfigureAwait(false);
            return list?.Messages?.FirstOrDefault(m => m.Id is { Length: > 0 });
        }
        catch (JsonException error)
        {
            throw new GmailTransientException($"Gmail answered messages.list with a body that is not a ListMessagesResponse: {error.Message}", innerException: error);
        }
        catch (HttpRequestException error)
        {
            throw new GmailTransientException($"The Gmail API could not be reached: {error.Message}", innerException: error);
        }
        catch (IOException error)
        {
            throw new GmailTransientException($"The Gmail answer broke off: {error.Message}", innerException: error);
        }
        catch (TaskCanceledException error) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GmailTransientException("The Gmail API call timed out.", innerException: error);
        }
    }

    private async Task<GmailMessage> SendAsync(string method, GmailMessageSource source, GmailImportOptions options, CancellationToken cancellationToken)
    {
        if (source.Length > MaxMessageBytes)
        {
            throw new GmailPermanentException($"The message is {source.Length} bytes; Gmail accepts at most {MaxMessageBytes} bytes.");
        }

        var token = await _tokens.GetAccessTokenAsync(false, cancellationToken).ConfigureAwait(false);
        try
        {
            return await UploadAsync(method, source, options, token, cancellationToken).ConfigureAwait(false);
        }
        catch (GmailTokenExpiredException error) when (error.StatusCode == HttpStatusCode.Unauthorized)
        {
            // The access token may simply have expired early (clock skew, server-side revocation of one token): refresh once.
            token = await _tokens.GetAccessTokenAsync(true, cancellationToken).ConfigureAwait(false);
            return await UploadAsync(method, source, options, token, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<GmailMessage> UploadAsync(string method, GmailMessageSource source, GmailImportOptions options, string accessToken, CancellationToken cancellationToken)
    {
        var multipart = source.Length <= ResumableThreshold;
        var url = new Uri(_baseUrl, $"upload/gmail/v1/users/{Uri.EscapeDataString(options.UserId)}/messages/{method}?uploadType={(multipart ? "multipart" : "resumable")}{Flags(method, options)}");
        var metadata = JsonSerializer.SerializeToUtf8Bytes(new GmailMessage { LabelIds = options.LabelIds }, FunctionsJsonContext.Default.GmailMessage);

        try
        {
            await using var stream = await source.Open(cancellationToken).ConfigureAwait(false);
            var media = new StreamContent(stream, 81920);
            media.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
            media.Headers.ContentLength = source.Length;

            if (multipart)
            {
                using var content = new MultipartContent("related", "sesmail-" + Guid.NewGuid().ToString("N"));
                content.Add(JsonContent(metadata));
                content.Add(media);
                using var request = Request(HttpMethod.Post, url, accessToken, content);
                return await SendForMessageAsync(request, cancellationToken).ConfigureAwait(false);
            }

            using (media)
            {
                using var initiate = Request(HttpMethod.Post, url, accessToken, JsonContent(metadata));
                initiate.Headers.Add("X-Upload-Content-Type", "message/rfc822");
                initiate.Headers.Add("X-Upload-Content-Length", source.Length.ToString(CultureInfo.InvariantCulture));
                Uri session;
                using (var started = await _http.SendAsync(initiate, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false))
                {
                    if (!started.IsSuccessStatusCode)
                    {
                        throw await ClassifyAsync(started, _time, cancellationToken).ConfigureAwait(false);
                    }

                    session = started.Headers.Location is { } location
                        ? (location.IsAbsoluteUri ? location : new Uri(_baseUrl, location))
                        : throw new GmailTransientException("Gmail started a resumable upload but sent no session URI (Location header).", started.StatusCode);
                }

                using var upload = Request(HttpMethod.Put, session, accessToken, media);
                return await SendForMessageAsync(upload, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (HttpRequestException error)
        {
            throw new GmailTransientException($"The Gmail API could not be reached: {error.Message}", innerException: error);
        }
        catch (IOException error)
        {
            throw new GmailTransientException($"The Gmail upload broke off: {error.Message}", innerException: error);
        }
        catch (TaskCanceledException error) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GmailTransientException("The Gmail API call timed out.", innerException: error);
        }
    }

    private async Task<GmailMessage> SendForMessageAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ClassifyAsync(response, _time, cancellationToken).ConfigureAwait(false);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        GmailMessage? message;
        try
        {
            message = await JsonSerializer.DeserializeAsync(body, FunctionsJsonContext.Default.GmailMessage, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException error)
        {
            throw new GmailTransientException($"Gmail answered {(int)response.StatusCode} with a body that is not a Message: {error.Message}", response.StatusCode, innerException: error);
        }

        return message is { Id.Length: > 0 } ? message : throw new GmailTransientException("Gmail answered without a message id.", response.StatusCode);
    }

    /// <summary>
    /// Maps an unsuccessful Gmail response to an error type (docs/ARCHITECTURE.md#the-gmail-forwarder): <c>401</c> and <c>403</c> (unless its
    /// reason is <c>rateLimitExceeded</c>/<c>userRateLimitExceeded</c>) → token expired; <c>429</c> and those
    /// <c>403</c>s → rate limited (with <c>Retry-After</c>); <c>408</c> and <c>5xx</c> → transient; other <c>4xx</c> → permanent.
    /// </summary>
    /// <param name="response">The response.</param>
    /// <param name="time">Clock for an HTTP-date <c>Retry-After</c>.</param>
    /// <param name="cancellationToken">Cancels reading the body.</param>
    /// <returns>The exception to throw.</returns>
    internal static async Task<GmailException> ClassifyAsync(HttpResponseMessage response, TimeProvider time, CancellationToken cancellationToken)
    {
        GoogleApiError? error = null;
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            error = text.Length > 0 ? JsonSerializer.Deserialize(text, FunctionsJsonContext.Default.GoogleApiErrorResponse)?.Error : null;
        }
        catch (JsonException)
        {
            // Not Google's error envelope (a proxy's HTML page, say): classify by status alone.
        }

        var status = response.StatusCode;
        var reason = error?.Errors?.FirstOrDefault()?.Reason;
        var message = $"Gmail answered {(int)status} {error?.Status ?? response.ReasonPhrase}: {error?.Message ?? "(no error body)"}";
        var retryAfter = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - time.GetUtcNow(),
            _ => (TimeSpan?)null,
        };

        return status switch
        {
            HttpStatusCode.Unauthorized => new GmailTokenExpiredException(message, status, reason),
            HttpStatusCode.Forbidden when reason is "rateLimitExceeded" or "userRateLimitExceeded" => new GmailRateLimitedException(message, status, reason, retryAfter),
            HttpStatusCode.Forbidden => new GmailTokenExpiredException(message, status, reason),
            HttpStatusCode.TooManyRequests => new GmailRateLimitedException(message, status, reason, retryAfter),
            HttpStatusCode.RequestTimeout => new GmailTransientException(message, status, reason, retryAfter),
            >= HttpStatusCode.InternalServerError => new GmailTransientException(message, status, reason, retryAfter),
            _ => new GmailPermanentException(message, status, reason),
        };
    }

    private static string Flags(string method, GmailImportOptions options)
    {
        var query = new StringBuilder();
        query.Append("&internalDateSource=").Append(Uri.EscapeDataString(options.InternalDateSource));
        if (method == "import" && options.NeverMarkSpam)
        {
            query.Append("&neverMarkSpam=true");
        }

        if (method == "import" && options.ProcessForCalendar)
        {
            query.Append("&processForCalendar=true");
        }

        if (options.Deleted)
        {
            query.Append("&deleted=true");
        }

        return query.ToString();
    }

    private static ByteArrayContent JsonContent(byte[] json)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "UTF-8" };
        return content;
    }

    private static HttpRequestMessage Request(HttpMethod method, Uri url, string accessToken, HttpContent content)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return request;
    }
}
