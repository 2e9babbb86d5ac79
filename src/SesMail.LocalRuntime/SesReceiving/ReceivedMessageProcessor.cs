using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.SimpleEmail.Model;
using MimeKit;
using MimeKit.Cryptography;
using MimeKit.Utils;
using SesMail.Aws.Events;
using SesMail.LocalRuntime.SesReceiving.Authentication;

namespace SesMail.LocalRuntime.SesReceiving;

/// <summary>The SMTP envelope of one accepted message.</summary>
/// <param name="ClientIp">The connecting client's address.</param>
/// <param name="Helo">The EHLO/HELO name, or <c>null</c>.</param>
/// <param name="MailFrom">The reverse-path (<c>MAIL FROM</c>); empty for the null sender <c>&lt;&gt;</c>.</param>
/// <param name="Recipients">Accepted forward-paths (<c>RCPT TO</c>) in order.</param>
internal sealed record SmtpEnvelope(IPAddress ClientIp, string? Helo, string MailFrom, IReadOnlyList<string> Recipients);

/// <summary>
/// Does for one accepted message what SES does for the active rule set's rules with an S3 action: assigns an SES
/// message id, scans and authenticates once, then per matching rule (in order, honouring <c>StopAction</c>) writes the
/// message — SES's headers (https://docs.aws.amazon.com/ses/latest/dg/receiving-email-concepts.html, "Email receiving
/// headers") followed by the original bytes unchanged — to <c>ObjectKeyPrefix + messageId</c> and publishes the
/// <c>Received</c> notification to the action's topic. Returns only when every object and notification is durable.
/// </summary>
/// <remarks>Actions other than S3 and Stop (Lambda, Bounce, SNS, WorkMail, AddHeader) are not emulated and are logged.</remarks>
internal sealed partial class ReceivedMessageProcessor(
    ReceiptRuleCatalog catalog,
    MailAuthenticator authenticator,
    IContentScanner scanner,
    IReceivedMailObjectStore objects,
    IReceivedMailNotifier notifier,
    SmtpEdgeOptions options,
    TimeProvider time,
    ILogger<ReceivedMessageProcessor> logger)
{
    /// <summary>SES truncates the notification's header list beyond 10 KB (mail object, <c>headersTruncated</c>).</summary>
    internal const int NotificationHeaderLimit = 10 * 1024;

    private const string Base32Hex = "0123456789abcdefghijklmnopqrstuv";
    private static readonly Lazy<RsaDkimSigner> SesSigner = new(CreateSigner);

    internal string Region => options.Region ?? "ap-southeast-2";

    internal string ServerName => options.ServerName ?? $"inbound-smtp.{Region}.amazonaws.com";

    /// <summary>Processes one message.</summary>
    /// <returns>The SES message id.</returns>
    /// <exception cref="Exception">Storing or publishing failed (the caller answers 451; nothing was acknowledged).</exception>
    public async Task<string> ProcessAsync(SmtpEnvelope envelope, ReadOnlyMemory<byte> original, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var receivedAt = time.GetUtcNow();
        var messageId = NewMessageId();
        Activity.Current = null; // each message is the root of its own trace
        using var activity = SesReceivingTelemetry.Source.StartActivity("smtp receive", ActivityKind.Server);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("network.protocol.name", "smtp");
            activity.SetTag("client.address", envelope.ClientIp.ToString());
            activity.SetTag(SesReceivingTelemetry.MessageIdAttribute, messageId);
            activity.SetTag("messaging.message.body.size", original.Length);
            activity.SetTag("sesmail.recipients.count", envelope.Recipients.Count);
            activity.SetTag("sesmail.recipients", envelope.Recipients.ToArray());
        }

        MimeMessage? message = null;
        try
        {
            message = await MimeMessage.LoadAsync(ParserOptions.Default, new ReadOnlyMemoryStream(original), persistent: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is FormatException or IOException or ArgumentException)
        {
            LogUnparsable(logger, messageId, error.Message);
        }

        var (spam, virus) = await SafeScanAsync(original, message, cancellationToken).ConfigureAwait(false);
        var auth = await authenticator.AuthenticateAsync(envelope.ClientIp, envelope.Helo, envelope.MailFrom, message, cancellationToken).ConfigureAwait(false);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(SesReceivingTelemetry.HeaderMessageIdAttribute, SesReceivingTelemetry.NormalizeMessageId(message?.Headers[HeaderId.MessageId]));
            activity.SetTag("sesmail.verdict.spam", spam);
            activity.SetTag("sesmail.verdict.virus", virus);
            activity.SetTag("sesmail.verdict.spf", auth.Spf);
            activity.SetTag("sesmail.verdict.dkim", auth.Dkim);
            activity.SetTag("sesmail.verdict.dmarc", auth.Dmarc);
        }

        var originalHeaders = await OriginalHeadersAsync(original, cancellationToken).ConfigureAwait(false);

        var snapshot = catalog.Current ?? await catalog.RefreshAsync(cancellationToken).ConfigureAwait(false);
        var stopped = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var delivered = 0;
        foreach (var rule in snapshot.Rules.Where(r => r.Enabled == true))
        {
            var recipients = envelope.Recipients.Where(r => !stopped.Contains(r) && ReceiptRuleMatcher.Covers(rule.Recipients, r)).ToList();
            if (recipients.Count == 0)
            {
                continue;
            }

            var scan = rule.ScanEnabled == true ? (spam, virus) : (VerdictStatus.Disabled, VerdictStatus.Disabled);
            foreach (var action in rule.Actions)
            {
                if (action.S3Action is { } s3)
                {
                    var key = (s3.ObjectKeyPrefix ?? string.Empty) + messageId;
                    using var step = SesReceivingTelemetry.Source.StartActivity("receipt-rule S3Action");
                    if (step is { IsAllDataRequested: true })
                    {
                        step.SetTag(SesReceivingTelemetry.MessageIdAttribute, messageId);
                        step.SetTag("sesmail.receipt_rule", rule.Name);
                        step.SetTag("aws.s3.bucket", s3.BucketName);
                        step.SetTag("aws.s3.key", key);
                        step.SetTag("aws.sns.topic.arn", s3.TopicArn);
                    }

                    var head = BuildHeaderBlock(envelope, messageId, receivedAt, recipients, scan, auth, rule, message);
                    using (var content = new PrependedStream(head.Bytes, original))
                    {
                        await objects.PutAsync(s3.BucketName, key, content, cancellationToken).ConfigureAwait(false);
                    }

                    if (s3.TopicArn is { Length: > 0 } topic)
                    {
                        var notification = BuildNotification(envelope, messageId, receivedAt, recipients, scan, auth, head.Fields, originalHeaders, message, s3, key, started);
                        await notifier.PublishAsync(topic, JsonSerializer.Serialize(notification, SesReceivingJsonContext.AsSesWrites.SesNotification), cancellationToken).ConfigureAwait(false);
                    }

                    delivered++;
                    LogStored(logger, messageId, s3.BucketName, key, string.Join(", ", recipients));
                }
                else if (action.StopAction is not null)
                {
                    stopped.UnionWith(recipients);
                    break;
                }
                else
                {
                    LogActionSkipped(logger, messageId, rule.Name);
                }
            }
        }

        if (delivered == 0)
        {
            LogNoAction(logger, messageId, string.Join(", ", envelope.Recipients));
        }

        return messageId;
    }

    /// <summary>A 40-character SES receiving message id (lower-case base32hex, like <c>o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1</c>).</summary>
    internal static string NewMessageId()
    {
        Span<byte> random = stackalloc byte[40];
        RandomNumberGenerator.Fill(random);
        var chars = new char[40];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Base32Hex[random[i] & 31];
        }

        return new string(chars);
    }

    private async Task<(string Spam, string Virus)> SafeScanAsync(ReadOnlyMemory<byte> original, MimeMessage? message, CancellationToken cancellationToken)
    {
        try
        {
            return await scanner.ScanAsync(original, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogScanFailed(logger, error);
            return (VerdictStatus.ProcessingFailed, VerdictStatus.ProcessingFailed);
        }
    }

    private sealed record HeaderBlock(byte[] Bytes, IReadOnlyList<SesNotification.HeaderObject> Fields);

    private HeaderBlock BuildHeaderBlock(
        SmtpEnvelope envelope, string messageId, DateTimeOffset receivedAt, IReadOnlyList<string> recipients,
        (string Spam, string Virus) scan, AuthenticationVerdicts auth, ReceiptRule rule, MimeMessage? message)
    {
        var helo = string.IsNullOrWhiteSpace(envelope.Helo) ? envelope.ClientIp.ToString() : envelope.Helo;
        var clientInfo = $"client-ip={envelope.ClientIp}; envelope-from={envelope.MailFrom}; helo={helo};";
        var dkimResult = auth.Dkim switch
        {
            VerdictStatus.Pass => $"pass header.i=@{auth.DkimDomains[0]}",
            VerdictStatus.Fail => "fail",
            VerdictStatus.ProcessingFailed => "temperror",
            _ => "none",
        };
        var dmarcResult = auth.Dmarc switch
        {
            VerdictStatus.Pass => "pass",
            VerdictStatus.Fail => "fail",
            VerdictStatus.ProcessingFailed => "temperror",
            _ => "none",
        };
        var fields = new List<SesNotification.HeaderObject>
        {
            new("Return-Path", $"<{envelope.MailFrom}>"),
            new("Received", $"from {helo} ({helo} [{envelope.ClientIp}]) by {ServerName} with SMTP id {messageId} for {recipients[0]}; {DateUtils.FormatDate(receivedAt.ToUniversalTime())} (UTC)"),
        };
        if (scan.Spam != VerdictStatus.Disabled)
        {
            fields.Add(new("X-SES-Spam-Verdict", scan.Spam));
            fields.Add(new("X-SES-Virus-Verdict", scan.Virus));
        }

        fields.Add(new("Received-SPF", $"{auth.SpfDetail} {clientInfo}"));
        fields.Add(new("Authentication-Results",
            $"amazonses.com; spf={auth.SpfResult} ({auth.SpfDetail[(auth.SpfDetail.IndexOf('(', StringComparison.Ordinal) + 1)..].TrimEnd(')')}) {clientInfo} dkim={dkimResult}; dmarc={dmarcResult} header.from={auth.FromDomain ?? "unknown"};"));
        var receipt = Convert.ToBase64String(Encoding.UTF8.GetBytes(
            $"SesMail local receipt; id={messageId}; rule={rule.Name}; spam={scan.Spam}; virus={scan.Virus}; spf={auth.Spf}; dkim={auth.Dkim}; dmarc={auth.Dmarc}; t={receivedAt.ToUnixTimeSeconds()}"));
        fields.Add(new("X-SES-RECEIPT", receipt));
        if (SignReceipt(message, receipt) is { } signature)
        {
            fields.Add(new("X-SES-DKIM-SIGNATURE", signature));
        }

        var text = new StringBuilder();
        foreach (var field in fields)
        {
            text.Append(field.Name).Append(": ").Append(field.Value).Append("\r\n");
        }

        return new HeaderBlock(Encoding.UTF8.GetBytes(text.ToString()), fields);
    }

    /// <summary>
    /// SES signs the receipt headers with its own key (<c>d=amazonses.com</c>); locally a key generated per process
    /// signs the same header list, so the header has SES's shape (its key is not published anywhere).
    /// </summary>
    private string? SignReceipt(MimeMessage? message, string receipt)
    {
        if (message is null)
        {
            return null;
        }

        try
        {
            var copy = new MimeMessage(message.Headers.Select(h => h.Clone())) { Body = message.Body };
            copy.Headers.Add("X-SES-RECEIPT", receipt);
            var headers = new List<HeaderId> { HeaderId.From, HeaderId.To, HeaderId.Cc, HeaderId.Bcc, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId, HeaderId.MimeVersion, HeaderId.ContentType }
                .Where(id => id == HeaderId.From || copy.Headers.Contains(id))
                .Select(id => id.ToHeaderName())
                .Append("X-SES-RECEIPT")
                .ToList();
            if (!copy.Headers.Contains(HeaderId.From))
            {
                return null;
            }

            SesSigner.Value.Sign(copy, headers);

            var value = copy.Headers[HeaderId.DkimSignature];
            return value is null ? null : Unfold(value).Trim();
        }
        catch (Exception error) when (error is FormatException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            LogSignFailed(logger, error.Message);
            return null;
        }
    }

    private static RsaDkimSigner CreateSigner() =>
        new(RSA.Create(1024), "amazonses.com", "sesmaillocal")
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Simple,
        };

    /// <summary>The top-level header fields in order as sent (MimeKit's message object moves Content-* to the body).</summary>
    private static async Task<List<SesNotification.HeaderObject>> OriginalHeadersAsync(ReadOnlyMemory<byte> original, CancellationToken cancellationToken)
    {
        try
        {
            var headers = await HeaderList.LoadAsync(ParserOptions.Default, new ReadOnlyMemoryStream(original), cancellationToken).ConfigureAwait(false);
            return [.. headers.Select(h => new SesNotification.HeaderObject(h.Field, Unfold(DecodeRaw(h.RawValue)).Trim()))];
        }
        catch (Exception error) when (error is FormatException or IOException)
        {
            return [];
        }
    }

    private static string DecodeRaw(byte[] raw)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(raw);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(raw);
        }
    }

    private SesNotification BuildNotification(
        SmtpEnvelope envelope, string messageId, DateTimeOffset receivedAt, IReadOnlyList<string> recipients,
        (string Spam, string Virus) scan, AuthenticationVerdicts auth,
        IReadOnlyList<SesNotification.HeaderObject> prepended, IReadOnlyList<SesNotification.HeaderObject> originalHeaders,
        MimeMessage? message, S3Action s3, string key, long started)
    {
        var headers = new List<SesNotification.HeaderObject>();
        var size = 0;
        var truncated = false;
        foreach (var header in prepended.Concat(originalHeaders))
        {
            size += header.Name.Length + (header.Value?.Length ?? 0) + 4;
            if (size > NotificationHeaderLimit)
            {
                truncated = true;
                break;
            }

            headers.Add(header);
        }

        var stamp = Iso(receivedAt);
        return new SesNotification
        {
            NotificationType = "Received",
            Mail = new SesNotification.MailObject
            {
                Timestamp = stamp,
                Source = envelope.MailFrom,
                MessageId = messageId,
                Destination = envelope.Recipients,
                HeadersTruncated = truncated,
                Headers = headers,
                CommonHeaders = CommonHeaders(envelope, message),
            },
            Receipt = new SesNotification.ReceiptObject
            {
                Timestamp = Iso(time.GetUtcNow()),
                ProcessingTimeMillis = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                Recipients = recipients,
                SpamVerdict = new(scan.Spam),
                VirusVerdict = new(scan.Virus),
                SpfVerdict = new(auth.Spf),
                DkimVerdict = new(auth.Dkim),
                DmarcVerdict = new(auth.Dmarc),
                DmarcPolicy = auth.Dmarc == VerdictStatus.Fail ? auth.DmarcPolicy : null,
                Action = new SesNotification.ActionObject
                {
                    Type = "S3",
                    TopicArn = s3.TopicArn,
                    BucketName = s3.BucketName,
                    ObjectKeyPrefix = s3.ObjectKeyPrefix ?? string.Empty,
                    ObjectKey = key,
                },
            },
        };
    }

    private static SesNotification.CommonHeadersObject CommonHeaders(SmtpEnvelope envelope, MimeMessage? message)
    {
        static string Text(MailboxAddress m) => string.IsNullOrEmpty(m.Name) ? m.Address : $"{m.Name} <{m.Address}>";

        static List<string>? Addresses(InternetAddressList list) =>
            list.Mailboxes.Any() ? [.. list.Mailboxes.Select(Text)] : null;

        string? Raw(HeaderId id) => message?.Headers[id] is { } value ? Unfold(value).Trim() : null;

        return new SesNotification.CommonHeadersObject
        {
            ReturnPath = envelope.MailFrom,
            From = message is null ? null : Addresses(message.From),
            Sender = message?.Sender is { } sender ? Text(sender) : null,
            ReplyTo = message is null ? null : Addresses(message.ReplyTo),
            Date = Raw(HeaderId.Date),
            To = message is null ? null : Addresses(message.To),
            Cc = message is null ? null : Addresses(message.Cc),
            Bcc = message is null ? null : Addresses(message.Bcc),
            MessageId = message?.Headers[HeaderId.MessageId] is { } id ? Unfold(id).Trim() : null,
            Subject = message?.Headers.Contains(HeaderId.Subject) == true ? message.Subject : null,
        };
    }

    /// <summary>RFC 5322 §2.2.3 unfolding: CRLF (or a bare LF) followed by white space is removed.</summary>
    internal static string Unfold(string value) =>
        value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n\t", "\t", StringComparison.Ordinal).Replace("\n ", " ", StringComparison.Ordinal).TrimEnd('\r', '\n');

    private static string Iso(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "SES receiving: {MessageId} stored at s3://{Bucket}/{Key} for {Recipients}")]
    private static partial void LogStored(ILogger logger, string messageId, string bucket, string key, string recipients);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SES receiving: {MessageId}: rule {Rule} has an action other than S3 or Stop; it is not emulated")]
    private static partial void LogActionSkipped(ILogger logger, string messageId, string rule);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SES receiving: {MessageId} matched no S3 action for {Recipients} (rules changed since RCPT?); accepted and dropped as SES would")]
    private static partial void LogNoAction(ILogger logger, string messageId, string recipients);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SES receiving: {MessageId} could not be parsed as MIME ({Reason}); stored as received")]
    private static partial void LogUnparsable(ILogger logger, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SES receiving: content scan failed; verdicts PROCESSING_FAILED")]
    private static partial void LogScanFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "SES receiving: X-SES-DKIM-SIGNATURE omitted: {Reason}")]
    private static partial void LogSignFailed(ILogger logger, string reason);
}

/// <summary>A read-only stream over memory (MimeKit parses the received bytes in place).</summary>
internal sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> memory) : Stream
{
    private readonly PrependedStream _inner = new([], memory);

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _inner.Length;

    public override long Position { get => _inner.Position; set => _inner.Position = value; }

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _inner.Read(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Source-generated JSON for what the edge writes (the SES notification).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SesNotification))]
internal sealed partial class SesReceivingJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The notification as SES writes it: only what JSON requires is escaped, so a <c>+</c> in an address or the
    /// <c>&lt;…&gt;</c> of a Message-ID stay as they are (the default encoder would write <c>\u002B</c> and <c>\u003C</c>).
    /// </summary>
    public static SesReceivingJsonContext AsSesWrites { get; } = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
