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
    /// <returns>The message.</returns>
    public static MimeMessage Build(RoutingDetail detail, string bounceSender, string recipient, DateTimeOffset now)
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
            new TextPart("plain") { Text = HumanReadable(mail, targets, subject) },
            DeliveryStatus(mail, targets, reportingDomain),
        };
        if (OriginalHeaders(mail) is { } headers)
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

    private static string HumanReadable(SesNotification.MailObject? mail, IReadOnlyList<RoutingTarget> targets, string subject)
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
        text.Append("  Date:    ").AppendLine(mail?.Timestamp ?? string.Empty);
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
