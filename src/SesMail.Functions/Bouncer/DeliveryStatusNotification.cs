using System.Globalization;
using System.Text;
using MimeKit;
using MimeKit.Utils;
using SesMail.Aws.Events;
using SesMail.Functions.Routing;

namespace SesMail.Functions.Bouncer;

/// <summary>
/// Builds an RFC 3464 delivery-status notification for the bounced recipients of one message:
/// <c>multipart/report; report-type=delivery-status</c> (RFC 6522) with a human-readable <c>text/plain</c> part, a
/// <c>message/delivery-status</c> part and the original's header fields as <c>text/rfc822-headers</c>.
/// </summary>
/// <remarks>
/// The <c>text/rfc822-headers</c> part quotes the stored message's header block byte for byte (RFC 3464 §2.1,
/// RFC 6522 §4: the headers as received), folded and encoded as the sender and SES wrote them. Only when the stored
/// message cannot be read does it fall back to the SES notification's parsed <c>headers</c>.
/// </remarks>
internal static class DeliveryStatusNotification
{
    /// <summary>RFC 3463 status for a recipient a rule refuses: bad destination mailbox address.</summary>
    public const string PolicyStatus = "5.1.1";

    /// <summary>RFC 3463 status for an authentication failure: delivery not authorized, message refused.</summary>
    public const string AuthFailStatus = "5.7.1";

    /// <summary>Builds the notification.</summary>
    /// <param name="detail">The routing detail (its <c>ses</c> notification and bounce targets).</param>
    /// <param name="bounceSender">The <c>From</c> address, <c>mailer-daemon@{first domain}</c>.</param>
    /// <param name="recipient">Where the notification goes: the original envelope sender.</param>
    /// <param name="now">The notification's <c>Date</c>.</param>
    /// <param name="originalHeaderBlock">The stored message's header block as received (<see cref="OriginalHeaderBlock"/>),
    /// or null to quote the notification's parsed headers instead.</param>
    /// <returns>The message.</returns>
    public static MimeMessage Build(RoutingDetail detail, string bounceSender, string recipient, DateTimeOffset now, byte[]? originalHeaderBlock = null)
    {
        var mail = detail.Ses?.Mail;
        var targets = detail.Actions.Bounce.Targets;
        var reportingDomain = bounceSender[(bounceSender.LastIndexOf('@') + 1)..];
        var subject = mail?.CommonHeaders?.Subject is { Length: > 0 } s ? s : "No Subject";

        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Mail Delivery System", bounceSender));
        message.To.Add(MailboxAddress.Parse(recipient));
        message.Subject = $"Mail Delivery Failed: {subject}";
        message.Date = now;
        message.MessageId = MimeUtils.GenerateMessageId(reportingDomain);
        message.Headers.Add("Auto-Submitted", "auto-replied");
        if (mail?.CommonHeaders?.MessageId is { Length: > 0 } originalId)
        {
            var id = originalId.Trim().Trim('<', '>');
            message.InReplyTo = id;
            message.References.Add(id);
        }

        var report = new MultipartReport("delivery-status")
        {
            new TextPart("plain") { Text = HumanReadable(mail, targets, subject, originalHeaderBlock) },
            DeliveryStatus(mail, targets, reportingDomain),
        };
        if ((originalHeaderBlock is { Length: > 0 } block ? QuotedHeaders(block) : (MimeEntity?)OriginalHeaders(mail)) is { } headers)
        {
            report.Add(headers);
        }

        message.Body = report;
        return message;
    }

    /// <summary>The RFC 3463 status code for a target's reason.</summary>
    /// <param name="reason">The target's <c>reason</c>.</param>
    /// <returns><c>5.7.1</c> for <c>auth-fail</c>, otherwise <c>5.1.1</c>.</returns>
    public static string StatusFor(string? reason) => reason == RoutingReasons.AuthFail ? AuthFailStatus : PolicyStatus;

    private static string HumanReadable(SesNotification.MailObject? mail, IReadOnlyList<RoutingTarget> targets, string subject, byte[]? headerBlock)
    {
        var text = new StringBuilder();
        text.AppendLine("This is an automatically generated Delivery Status Notification.");
        text.AppendLine();
        text.AppendLine("Your message could not be delivered to the following recipients:");
        text.AppendLine();
        foreach (var target in targets)
        {
            text.Append("  ").AppendLine(target.Target);
            text.Append("    ").AppendLine(target.Reason == RoutingReasons.AuthFail
                ? "The message failed SPF/DKIM authentication. Please check your mail server's SPF and DKIM setup."
                : $"The recipient address ({target.Target}) is not configured to receive mail.");
        }

        text.AppendLine();
        text.AppendLine("Original message:");
        text.Append("  From:    ").AppendLine(string.Join(", ", mail?.CommonHeaders?.From ?? [mail?.Source ?? string.Empty]));
        text.Append("  To:      ").AppendLine(string.Join(", ", mail?.CommonHeaders?.To ?? []));
        text.Append("  Subject: ").AppendLine(subject);
        text.Append("  Date:    ").AppendLine(OriginalDate(mail, headerBlock) ?? "(the message has no Date header)");
        if (mail?.Timestamp is { Length: > 0 } arrived)
        {
            text.Append("  Arrived: ").AppendLine(arrived);
        }
        text.AppendLine();
        text.AppendLine("This notice was sent automatically; please do not reply to it.");
        return text.ToString();
    }

    private static MessageDeliveryStatus DeliveryStatus(SesNotification.MailObject? mail, IReadOnlyList<RoutingTarget> targets, string reportingDomain)
    {
        var status = new MessageDeliveryStatus();
        var perMessage = new HeaderList { { "Reporting-MTA", $"dns; {reportingDomain}" } };
        if (DateTimeOffset.TryParse(mail?.Timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var arrival))
        {
            perMessage.Add("Arrival-Date", DateUtils.FormatDate(arrival));
        }

        status.StatusGroups.Add(perMessage);
        foreach (var target in targets)
        {
            var code = StatusFor(target.Reason);
            var diagnostic = code == AuthFailStatus
                ? $"smtp; 550 {code} Message failed SPF/DKIM authentication"
                : $"smtp; 550 {code} <{target.Target}>: Recipient address rejected";
            status.StatusGroups.Add(new HeaderList
            {
                { "Final-Recipient", $"rfc822; {target.Target}" },
                { "Action", "failed" },
                { "Status", code },
                { "Diagnostic-Code", diagnostic },
            });
        }

        return status;
    }

    /// <summary>The original's <c>Date:</c> field as the sender wrote it (unfolded): from the stored header block, else
    /// SES's <c>commonHeaders.date</c>, else its <c>headers</c>; null when the message has none.</summary>
    private static string? OriginalDate(SesNotification.MailObject? mail, byte[]? headerBlock)
    {
        if (headerBlock is { Length: > 0 })
        {
            using var stream = new MemoryStream(headerBlock, writable: false);
            try
            {
                if (HeaderList.Load(stream)[HeaderId.Date] is { } raw)
                {
                    return Unfold(raw);
                }
            }
            catch (FormatException)
            {
                // an unparsable block: fall back to SES's parse
            }
        }

        return mail?.CommonHeaders?.Date is { Length: > 0 } date ? date
            : mail?.Headers?.FirstOrDefault(h => string.Equals(h.Name, "Date", StringComparison.OrdinalIgnoreCase))?.Value is { Length: > 0 } value ? Unfold(value)
            : null;
    }

    private static string Unfold(string value) => Header.Unfold(value).Trim();

    /// <summary>The stored header block, quoted byte for byte (7bit when it is ASCII, else 8bit).</summary>
    private static MimePart QuotedHeaders(byte[] block)
    {
        var eightBit = block.AsSpan().IndexOfAnyExceptInRange((byte)0, (byte)127) >= 0;
        return new MimePart("text", "rfc822-headers")
        {
            Content = new MimeContent(new MemoryStream(block, writable: false)),
            ContentTransferEncoding = eightBit ? ContentEncoding.EightBit : ContentEncoding.SevenBit,
        };
    }

    private static TextRfc822Headers? OriginalHeaders(SesNotification.MailObject? mail)
    {
        if (mail?.Headers is not { Count: > 0 } fields)
        {
            return null;
        }

        var headers = new HeaderList();
        foreach (var field in fields)
        {
            try
            {
                headers.Add(new Header(field.Name, field.Value ?? string.Empty));
            }
            catch (ArgumentException)
            {
                // A field name MimeKit refuses (illegal characters) is left out of the copy.
            }
        }

        var original = new MimeMessage(headers);
        return new TextRfc822Headers { Message = original };
    }
}
