using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace SesMail.Emulator.Gmail;

/// <summary>
/// The Gmail API methods of the stand-in: <c>users.messages.import</c>, <c>users.messages.insert</c> (media,
/// multipart, resumable and metadata forms), <c>users.messages.list</c>, <c>users.messages.get</c> and
/// <c>users.labels.list</c> (https://developers.google.com/workspace/gmail/api/reference/rest).
/// </summary>
/// <remarks>
/// The <c>q</c> search of <c>messages.list</c> supports the <c>rfc822msgid:</c> operator only (one or more terms, all
/// must match; the id with or without angle brackets or quotes, compared without regard to case); any other term is
/// refused with <c>400 invalidArgument</c> rather than ignored. Not emulated: other search operators, threads, history,
/// user labels (only system labels exist), the spam classifier, and <c>format=full</c> body parts (<c>full</c> answers
/// like <c>metadata</c>). Every method goes through <see cref="GmailFaultSwitch"/> first.
/// </remarks>
internal sealed class GmailApiEndpoints(
    GmailOAuthServer oauth,
    GmailFaultSwitch faults,
    GmailMaildir maildir,
    GmailUploadSessions uploads,
    TimeProvider time,
    ILogger<GmailApiEndpoints> logger)
{
    /// <summary>The search operator <c>messages.list</c> understands.</summary>
    public const string Rfc822MessageIdOperator = "rfc822msgid:";

    private static readonly byte[] RawPrefix = Encoding.UTF8.GetBytes(",\"raw\":\"");

    /// <summary><c>POST /upload/gmail/v1/users/{userId}/messages/{import|insert}</c> (and the resumable session's <c>PUT</c>).</summary>
    public Task UploadAsync(HttpContext http, string userId, string method) => GmailHttp.RunAsync(http, logger, async () =>
    {
        var after = await BeforeAsync(http, method).ConfigureAwait(false);
        var request = http.Request;
        var uploadType = request.Query["uploadType"].ToString();
        var uploadId = request.Query["upload_id"].ToString();
        if (uploadType == "resumable" && uploadId.Length > 0)
        {
            await ContinueResumableAsync(http, uploads.Require(uploadId), after).ConfigureAwait(false);
            return;
        }

        if (HttpMethods.IsPut(request.Method))
        {
            throw GmailApiException.BadRequest("PUT is only valid on a resumable session URI (uploadType=resumable&upload_id=…).");
        }

        var mailbox = Authorize(http, userId);
        var parameters = GmailImportParameters.FromQuery(request, method, uploadType);
        GmailStoredMessage stored;
        switch (uploadType)
        {
            case "media":
                RequireMessageMediaType(request.ContentType);
                stored = await maildir.StoreAsync(mailbox, request.Body, parameters, http.RequestAborted).ConfigureAwait(false);
                break;
            case "multipart":
                stored = await StoreMultipartAsync(http, mailbox, parameters).ConfigureAwait(false);
                break;
            case "resumable":
                await StartResumableAsync(http, userId, mailbox, parameters, after).ConfigureAwait(false);
                return;
            case "":
                throw GmailApiException.BadRequest("Upload requests must include an uploadType URL parameter and a URL that begins with /upload/");
            default:
                throw GmailApiException.BadRequest($"Invalid upload type: {uploadType}. Use media, multipart or resumable.");
        }

        await AfterAsync(http, after).ConfigureAwait(false);
        await WriteMessageAsync(http, stored, "minimal").ConfigureAwait(false);
    });

    /// <summary><c>POST /gmail/v1/users/{userId}/messages/{import|insert}</c>: a <c>Message</c> JSON body with <c>raw</c> (base64url).</summary>
    public Task MetadataImportAsync(HttpContext http, string userId, string method) => GmailHttp.RunAsync(http, logger, async () =>
    {
        var after = await BeforeAsync(http, method).ConfigureAwait(false);
        var mailbox = Authorize(http, userId);
        var parameters = GmailImportParameters.FromQuery(http.Request, method, "raw");
        var input = await GmailHttp.ReadJsonAsync(http.Request, GmailJsonContext.Default.GmailMessageInput).ConfigureAwait(false);
        if (string.IsNullOrEmpty(input?.Raw))
        {
            throw GmailApiException.BadRequest("'raw' RFC822 payload message string or uploading message via /upload/* URL required");
        }

        var bytes = DecodeBase64Url(input.Raw);
        using var body = new MemoryStream(bytes, writable: false);
        var stored = await maildir.StoreAsync(mailbox, body, parameters.WithMetadata(input, "raw"), http.RequestAborted).ConfigureAwait(false);
        await AfterAsync(http, after).ConfigureAwait(false);
        await WriteMessageAsync(http, stored, "minimal").ConfigureAwait(false);
    });

    /// <summary><c>GET /gmail/v1/users/{userId}/messages</c>.</summary>
    public Task ListAsync(HttpContext http, string userId) => GmailHttp.RunAsync(http, logger, async () =>
    {
        var after = await BeforeAsync(http, "list").ConfigureAwait(false);
        var mailbox = Authorize(http, userId);
        var query = http.Request.Query;
        var messageIds = ParseQuery(query["q"].ToString());
        var maxResults = ParseInt(query["maxResults"].ToString(), "maxResults", 100);
        maxResults = Math.Clamp(maxResults, 1, 500);
        var offset = ParseInt(query["pageToken"].ToString(), "pageToken", 0);
        var includeSpamTrash = query["includeSpamTrash"].ToString().Equals("true", StringComparison.OrdinalIgnoreCase);
        var labelIds = query["labelIds"].Where(l => !string.IsNullOrEmpty(l)).Select(l => l!).ToList();

        var matching = maildir.List(mailbox)
            .Where(m => !m.Deleted)
            .Where(m => includeSpamTrash || !m.LabelIds.Any(l => l is "SPAM" or "TRASH"))
            .Where(m => labelIds.All(l => m.LabelIds.Contains(l, StringComparer.Ordinal)))
            .Where(m => messageIds.All(id => string.Equals(MessageIdOf(m), id, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        var page = matching.Skip(offset).Take(maxResults).Select(m => new GmailMessageRef(m.Id, m.ThreadId)).ToList();
        var next = offset + page.Count < matching.Count ? (offset + page.Count).ToString(CultureInfo.InvariantCulture) : null;
        var response = new GmailListMessagesResponse(page.Count == 0 ? null : page, next, matching.Count);
        await AfterAsync(http, after).ConfigureAwait(false);
        await GmailHttp.WriteJsonAsync(http, response, GmailJsonContext.Default.GmailListMessagesResponse).ConfigureAwait(false);
    });

    /// <summary><c>GET /gmail/v1/users/{userId}/messages/{id}?format=minimal|metadata|raw|full</c>.</summary>
    public Task GetAsync(HttpContext http, string userId, string id) => GmailHttp.RunAsync(http, logger, async () =>
    {
        var after = await BeforeAsync(http, "get").ConfigureAwait(false);
        var mailbox = Authorize(http, userId);
        var format = http.Request.Query["format"].ToString();
        format = format.Length == 0 ? "full" : format;
        if (format is not ("minimal" or "metadata" or "raw" or "full"))
        {
            throw GmailApiException.BadRequest($"Invalid value at 'format' (type.googleapis.com/google.apps.gmail.v1.GetMessageRequest.Format), \"{format}\"");
        }

        var message = maildir.Find(mailbox, id) ?? throw GmailApiException.NotFound();
        await AfterAsync(http, after).ConfigureAwait(false);
        await WriteMessageAsync(http, message, format).ConfigureAwait(false);
    });

    /// <summary><c>GET /gmail/v1/users/{userId}/labels</c>.</summary>
    public Task LabelsAsync(HttpContext http, string userId) => GmailHttp.RunAsync(http, logger, async () =>
    {
        var after = await BeforeAsync(http, "labels").ConfigureAwait(false);
        Authorize(http, userId);
        await AfterAsync(http, after).ConfigureAwait(false);
        var labels = GmailMaildir.SystemLabels
            .Select(l => l.StartsWith("CATEGORY_", StringComparison.Ordinal) || l is "CHAT"
                ? new GmailLabel(l, l, "system")
                : new GmailLabel(l, l, "system", "hide", "labelShow"))
            .ToList();
        await GmailHttp.WriteJsonAsync(http, new GmailListLabelsResponse(labels), GmailJsonContext.Default.GmailListLabelsResponse).ConfigureAwait(false);
    });

    /// <summary>
    /// Takes this call's fault (if any): a slow upload starts now; a fault before the work is applied now (delay, then
    /// an error answer or a broken connection); one after the work is returned for <see cref="AfterAsync"/>.
    /// </summary>
    private async Task<GmailFaultRequest?> BeforeAsync(HttpContext http, string method)
    {
        var fault = faults.Take(method);
        if (fault is null)
        {
            return null;
        }

        if (fault.UploadBytesPerSecond is { } rate)
        {
            http.Request.Body = new PacedReadStream(http.Request.Body, rate, time);
        }

        if (fault.AfterCommit)
        {
            return fault;
        }

        await DisturbAsync(http, fault).ConfigureAwait(false);
        return null;
    }

    /// <summary>Applies a fault taken with <c>afterCommit</c>, once the work is done and before the answer.</summary>
    private Task AfterAsync(HttpContext http, GmailFaultRequest? fault) => fault is null ? Task.CompletedTask : DisturbAsync(http, fault);

    private async Task DisturbAsync(HttpContext http, GmailFaultRequest fault)
    {
        if (fault.DelayMilliseconds is > 0 and var delay)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(delay), time, http.RequestAborted).ConfigureAwait(false);
        }

        if (fault.Abort)
        {
            logger.LogInformation("Gmail stand-in fault switch: breaking the connection of {Method} {Path}", http.Request.Method, http.Request.Path);
            http.Abort();
            throw new OperationCanceledException("The fault switch broke the connection.", http.RequestAborted);
        }

        if (fault.Status is { } status)
        {
            throw GmailApiException.Injected(status, fault.RetryAfterSeconds, fault.Reason);
        }
    }

    /// <summary>
    /// The ids a <c>q</c> asks for: each term must be <c>rfc822msgid:{id}</c> (the id may be in angle brackets or
    /// quotes); an empty <c>q</c> asks for nothing in particular.
    /// </summary>
    /// <exception cref="GmailApiException">400 for any other search term.</exception>
    internal static IReadOnlyList<string> ParseQuery(string q)
    {
        var ids = new List<string>();
        var terms = new List<string>();
        var term = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in q)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (term.Length > 0)
                {
                    terms.Add(term.ToString());
                    term.Clear();
                }

                continue;
            }

            term.Append(c);
        }

        if (term.Length > 0)
        {
            terms.Add(term.ToString());
        }

        foreach (var text in terms)
        {
            if (!text.StartsWith(Rfc822MessageIdOperator, StringComparison.OrdinalIgnoreCase) || NormaliseMessageId(text[Rfc822MessageIdOperator.Length..]) is not { Length: > 0 } id)
            {
                throw GmailApiException.BadRequest($"Invalid query term '{text}': the SesMail Gmail stand-in supports only {Rfc822MessageIdOperator}<message-id> in q.");
            }

            ids.Add(id);
        }

        return ids;
    }

    /// <summary>The message's <c>Message-ID</c> without angle brackets, or <c>null</c>.</summary>
    private static string? MessageIdOf(GmailStoredMessage message) =>
        message.Headers.FirstOrDefault(h => string.Equals(h.Name, "Message-ID", StringComparison.OrdinalIgnoreCase)) is { } header ? NormaliseMessageId(header.Value) : null;

    private static string NormaliseMessageId(string value) => value.Trim().Trim('"').Trim().TrimStart('<').TrimEnd('>').Trim();

    private string Authorize(HttpContext http, string userId)
    {
        var mailbox = oauth.Authenticate(http.Request.Headers.Authorization.ToString());
        if (userId != "me" && !string.Equals(GmailMaildir.Normalise(userId), mailbox, StringComparison.Ordinal))
        {
            throw GmailApiException.DelegationDenied(userId);
        }

        return mailbox;
    }

    private async Task<GmailStoredMessage> StoreMultipartAsync(HttpContext http, string mailbox, GmailImportParameters parameters)
    {
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType) ||
            !contentType.MediaType.Equals("multipart/related", StringComparison.OrdinalIgnoreCase) ||
            HeaderUtilities.RemoveQuotes(contentType.Boundary).Length == 0)
        {
            throw GmailApiException.BadRequest("uploadType=multipart needs Content-Type: multipart/related; boundary=… with a JSON metadata part and a message/rfc822 media part.", "badContent");
        }

        var reader = new MultipartReader(HeaderUtilities.RemoveQuotes(contentType.Boundary).Value!, http.Request.Body);
        var first = await reader.ReadNextSectionAsync(http.RequestAborted).ConfigureAwait(false)
            ?? throw GmailApiException.BadRequest("The multipart body has no parts.", "badContent");
        var metadataJson = await new StreamReader(first.Body, Encoding.UTF8).ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
        GmailMessageInput? metadata;
        try
        {
            metadata = metadataJson.Trim().Length == 0 ? null : JsonSerializer.Deserialize(metadataJson, GmailJsonContext.Default.GmailMessageInput);
        }
        catch (JsonException error)
        {
            throw GmailApiException.BadRequest($"Invalid JSON payload received in the metadata part. {error.Message}");
        }

        var media = await reader.ReadNextSectionAsync(http.RequestAborted).ConfigureAwait(false)
            ?? throw GmailApiException.BadRequest("The multipart body has no media part: the metadata part comes first, the message/rfc822 part second.", "badContent");
        RequireMessageMediaType(media.ContentType);
        return await maildir.StoreAsync(mailbox, media.Body, parameters.WithMetadata(metadata, "multipart"), http.RequestAborted).ConfigureAwait(false);
    }

    private async Task StartResumableAsync(HttpContext http, string userId, string mailbox, GmailImportParameters parameters, GmailFaultRequest? after)
    {
        var request = http.Request;
        var declaredType = request.Headers["X-Upload-Content-Type"].ToString();
        if (declaredType.Length > 0)
        {
            RequireMessageMediaType(declaredType);
        }

        long? declaredLength = null;
        var lengthHeader = request.Headers["X-Upload-Content-Length"].ToString();
        if (lengthHeader.Length > 0)
        {
            declaredLength = long.TryParse(lengthHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var length) && length <= GmailMaildir.MaxMessageBytes
                ? length
                : throw GmailApiException.BadRequest($"Invalid X-Upload-Content-Length: {lengthHeader} (must be a byte count up to {GmailMaildir.MaxMessageBytes}).");
        }

        var metadata = await GmailHttp.ReadJsonAsync(request, GmailJsonContext.Default.GmailMessageInput).ConfigureAwait(false);
        var sessionParameters = parameters.WithMetadata(metadata, "resumable");
        GmailMaildir.ValidateLabels(sessionParameters.LabelIds);
        var session = uploads.Create(mailbox, sessionParameters, maildir.NewTempPath(mailbox), declaredLength);
        await File.WriteAllBytesAsync(session.TempPath, [], http.RequestAborted).ConfigureAwait(false);

        var query = QueryHelpers.ParseQuery(request.QueryString.Value);
        query["upload_id"] = session.Id;
        var location = QueryHelpers.AddQueryString(
            $"{request.Scheme}://{request.Host}/upload/gmail/v1/users/{Uri.EscapeDataString(userId)}/messages/{parameters.Method}",
            query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v))));
        await AfterAsync(http, after).ConfigureAwait(false);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.Headers.Location = location;
        http.Response.Headers["X-GUploader-UploadID"] = session.Id;
        http.Response.ContentLength = 0;
    }

    private async Task ContinueResumableAsync(HttpContext http, GmailUploadSessions.UploadSession session, GmailFaultRequest? after)
    {
        await session.Gate.WaitAsync(http.RequestAborted).ConfigureAwait(false);
        try
        {
            if (session.Result is { } done)
            {
                await AfterAsync(http, after).ConfigureAwait(false);
                await WriteMessageAsync(http, done, "minimal").ConfigureAwait(false);
                return;
            }

            var range = ContentRange.Parse(http.Request.Headers.ContentRange.ToString());
            var total = range.Total ?? session.DeclaredLength;
            if (!range.IsStatusQuery)
            {
                if (range.First is { } first && first != session.Received)
                {
                    throw GmailApiException.BadRequest($"Content-Range starts at {first}, but {session.Received} bytes have been received; query the session and resume from there.");
                }

                long written;
                await using (var file = new FileStream(session.TempPath, FileMode.Append, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
                {
                    var before = file.Length;
                    await http.Request.Body.CopyToAsync(file, 81920, http.RequestAborted).ConfigureAwait(false);
                    written = file.Length - before;
                    if (file.Length > GmailMaildir.MaxMessageBytes)
                    {
                        throw GmailApiException.BadRequest($"Message too large: the limit is {GmailMaildir.MaxMessageBytes} bytes.", "messageTooLarge");
                    }

                    maildir.FlushToDisk(file); // the bytes a 308 reports as received are on the device, and the commit needs them there
                }

                if (range.Last is { } last && range.First is { } start && written != last - start + 1)
                {
                    await using (var file = new FileStream(session.TempPath, FileMode.Open, FileAccess.Write))
                    {
                        file.SetLength(session.Received);
                    }

                    throw GmailApiException.BadRequest($"The chunk holds {written} bytes but Content-Range announced {last - start + 1}.");
                }

                session.Received += written;
                total ??= range.First is null ? session.Received : null; // a PUT without Content-Range carries the whole message
            }

            if (total is { } expected && session.Received >= expected)
            {
                if (session.Received != expected)
                {
                    throw GmailApiException.BadRequest($"Received {session.Received} bytes but the upload declared {expected}.");
                }

                session.Result = await maildir.CommitAsync(session.Mailbox, session.TempPath, session.Parameters, http.RequestAborted).ConfigureAwait(false);
                await AfterAsync(http, after).ConfigureAwait(false);
                await WriteMessageAsync(http, session.Result, "minimal").ConfigureAwait(false);
                return;
            }

            await AfterAsync(http, after).ConfigureAwait(false);

            // 308 Resume Incomplete, with the bytes persisted so far.
            http.Response.StatusCode = 308;
            if (session.Received > 0)
            {
                http.Response.Headers.Range = $"bytes=0-{session.Received - 1}";
            }

            http.Response.ContentLength = 0;
        }
        finally
        {
            session.Gate.Release();
        }
    }

    private async Task WriteMessageAsync(HttpContext http, GmailStoredMessage message, string format)
    {
        var resource = new GmailMessageResource
        {
            Id = message.Id,
            ThreadId = message.ThreadId,
            LabelIds = message.LabelIds,
            Snippet = format == "minimal" && message.Snippet is null ? null : message.Snippet ?? string.Empty,
            HistoryId = message.HistoryId.ToString(CultureInfo.InvariantCulture),
            InternalDate = message.InternalDate.ToString(CultureInfo.InvariantCulture),
            SizeEstimate = message.Size,
            Payload = format is "metadata" or "full" ? Payload(message, http.Request.Query["metadataHeaders"]) : null,
        };

        if (format != "raw")
        {
            await GmailHttp.WriteJsonAsync(http, resource, GmailJsonContext.Default.GmailMessageResource).ConfigureAwait(false);
            return;
        }

        // raw: the base64url text of the stored bytes is streamed, never built as one string.
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=UTF-8";
        var head = JsonSerializer.SerializeToUtf8Bytes(resource, GmailJsonContext.Default.GmailMessageResource);
        var body = http.Response.Body;
        await body.WriteAsync(head.AsMemory(0, head.Length - 1), http.RequestAborted).ConfigureAwait(false);
        await body.WriteAsync(RawPrefix, http.RequestAborted).ConfigureAwait(false);
        await using (var raw = maildir.OpenRaw(message))
        {
            var input = ArrayPool<byte>.Shared.Rent(48 * 1024);
            var output = ArrayPool<byte>.Shared.Rent(Base64Url.GetEncodedLength(48 * 1024));
            try
            {
                int filled;
                while ((filled = await raw.ReadAtLeastAsync(input.AsMemory(0, 48 * 1024), 48 * 1024, throwOnEndOfStream: false, http.RequestAborted).ConfigureAwait(false)) > 0)
                {
                    var encoded = Base64Url.EncodeToUtf8(input.AsSpan(0, filled), output);
                    await body.WriteAsync(output.AsMemory(0, encoded), http.RequestAborted).ConfigureAwait(false);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(input);
                ArrayPool<byte>.Shared.Return(output);
            }
        }

        await body.WriteAsync("\"}"u8.ToArray(), http.RequestAborted).ConfigureAwait(false);
    }

    private static GmailMessagePart Payload(GmailStoredMessage message, Microsoft.Extensions.Primitives.StringValues metadataHeaders)
    {
        var wanted = metadataHeaders.Where(h => !string.IsNullOrEmpty(h)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var headers = wanted.Count == 0 ? message.Headers : [.. message.Headers.Where(h => wanted.Contains(h.Name))];
        return new GmailMessagePart(string.Empty, message.MimeType, string.Empty, headers, new GmailMessagePartBody(0));
    }

    private static void RequireMessageMediaType(string? contentType)
    {
        if (contentType is null || !contentType.TrimStart().StartsWith("message/", StringComparison.OrdinalIgnoreCase))
        {
            throw GmailApiException.BadRequest($"Media type '{contentType}' is not supported. Valid media types: [message/*]", "badContent");
        }
    }

    private static int ParseInt(string value, string name, int fallback) =>
        value.Length == 0 ? fallback
        : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : throw GmailApiException.BadRequest($"Invalid value at '{name}', \"{value}\"");

    /// <summary>Decodes base64url (RFC 4648 §5), tolerating padding and the standard alphabet.</summary>
    internal static byte[] DecodeBase64Url(string text)
    {
        var normalised = text.Trim().TrimEnd('=').Replace('+', '-').Replace('/', '_');
        try
        {
            return Base64Url.DecodeFromChars(normalised);
        }
        catch (FormatException)
        {
            throw GmailApiException.BadRequest("Invalid value for ByteString: 'raw' is not base64url (RFC 4648 §5).");
        }
    }

    /// <summary>A parsed <c>Content-Range</c> request header: <c>bytes a-b/total</c>, <c>bytes */total</c>, <c>bytes a-b/*</c>, or absent.</summary>
    private readonly record struct ContentRange(long? First, long? Last, long? Total, bool IsStatusQuery)
    {
        public static ContentRange Parse(string header)
        {
            if (header.Length == 0)
            {
                return default;
            }

            if (!header.StartsWith("bytes ", StringComparison.OrdinalIgnoreCase) || header.IndexOf('/', StringComparison.Ordinal) is var slash && slash < 0)
            {
                throw GmailApiException.BadRequest($"Invalid Content-Range: {header}");
            }

            var span = header[6..slash].Trim();
            var totalText = header[(slash + 1)..].Trim();
            long? total = totalText == "*" ? null : ParseLong(totalText, header);
            if (span == "*")
            {
                return new ContentRange(null, null, total, true);
            }

            var dash = span.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0)
            {
                throw GmailApiException.BadRequest($"Invalid Content-Range: {header}");
            }

            var first = ParseLong(span[..dash], header);
            var last = ParseLong(span[(dash + 1)..], header);
            return last < first ? throw GmailApiException.BadRequest($"Invalid Content-Range: {header}") : new ContentRange(first, last, total, false);
        }

        private static long ParseLong(string text, string header) =>
            long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw GmailApiException.BadRequest($"Invalid Content-Range: {header}");
    }

    /// <summary>Reads the inner stream at most <c>bytesPerSecond</c> fast (the fault switch's slow upload).</summary>
    private sealed class PacedReadStream(Stream inner, long bytesPerSecond, TimeProvider time) : Stream
    {
        private readonly long _started = time.GetTimestamp();
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            // At most a tenth of a second's worth at a time, then wait until the pace allows what was read.
            var chunk = (int)Math.Clamp(bytesPerSecond / 10, 1, buffer.Length == 0 ? 1 : buffer.Length);
            var read = await inner.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken).ConfigureAwait(false);
            _read += read;
            var due = TimeSpan.FromSeconds((double)_read / bytesPerSecond) - time.GetElapsedTime(_started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, time, cancellationToken).ConfigureAwait(false);
            }

            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
