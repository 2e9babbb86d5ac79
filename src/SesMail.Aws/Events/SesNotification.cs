using System.Text.Json;
using System.Text.Json.Serialization;

namespace SesMail.Aws.Events;

/// <summary>
/// The notification SES publishes when it receives a message (<c>notificationType</c> <c>Received</c>)
/// (<see href="https://docs.aws.amazon.com/ses/latest/dg/receiving-email-notifications-contents.html">Contents of notifications for Amazon SES email receiving</see>).
/// </summary>
/// <remarks>
/// Timestamps stay strings so a notification written back (the router copies it into its event) is byte-for-byte what
/// SES wrote. Members this type does not name are kept in <see cref="ExtensionData"/> on each object and written back.
/// </remarks>
public sealed record SesNotification
{
    /// <summary><c>Received</c> for receipt notifications.</summary>
    [JsonPropertyName("notificationType")]
    public string? NotificationType { get; init; }

    /// <summary>The message: envelope, headers and common headers.</summary>
    [JsonPropertyName("mail")]
    public MailObject? Mail { get; init; }

    /// <summary>What SES did: recipients, verdicts and the action.</summary>
    [JsonPropertyName("receipt")]
    public ReceiptObject? Receipt { get; init; }

    /// <summary>The raw message, only for an SNS action configured to include it (not for the S3 action).</summary>
    [JsonPropertyName("content")]
    public string? Content { get; init; }

    /// <summary>Members not named above, preserved for round-tripping (settable: the serializer cannot init extension data).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The <c>mail</c> object.</summary>
    public sealed record MailObject
    {
        /// <summary>ISO-8601 time SES received the message.</summary>
        [JsonPropertyName("timestamp")]
        public string? Timestamp { get; init; }

        /// <summary>The envelope sender (RFC 5321 <c>MAIL FROM</c>); empty for a null reverse-path.</summary>
        [JsonPropertyName("source")]
        public string? Source { get; init; }

        /// <summary>SES's id for the message; the S3 object key under <c>emails/</c> and SesMail's correlation id.</summary>
        [JsonPropertyName("messageId")]
        public string? MessageId { get; init; }

        /// <summary>Every envelope recipient (RFC 5321 <c>RCPT TO</c>), including other domains'.</summary>
        [JsonPropertyName("destination")]
        public IReadOnlyList<string>? Destination { get; init; }

        /// <summary>Whether SES cut <see cref="Headers"/> short (notifications are limited in size).</summary>
        [JsonPropertyName("headersTruncated")]
        public bool? HeadersTruncated { get; init; }

        /// <summary>The message's header fields in order, values unfolded.</summary>
        [JsonPropertyName("headers")]
        public IReadOnlyList<HeaderObject>? Headers { get; init; }

        /// <summary>Parsed copies of the common header fields.</summary>
        [JsonPropertyName("commonHeaders")]
        public CommonHeadersObject? CommonHeaders { get; init; }

        /// <summary>Members not named above, preserved for round-tripping (settable: the serializer cannot init extension data).</summary>
        [JsonExtensionData]
        public Dictionary<string, JsonElement>? ExtensionData { get; set; }
    }

    /// <summary>One header field of <see cref="MailObject.Headers"/>.</summary>
    /// <param name="Name">The field name as written.</param>
    /// <param name="Value">The field value.</param>
    public sealed record HeaderObject(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("value")] string? Value);

    /// <summary>The <c>commonHeaders</c> object; address lists are header texts (display names included).</summary>
    public sealed record CommonHeadersObject
    {
        /// <summary>The <c>Return-Path</c> value.</summary>
        [JsonPropertyName("returnPath")]
        public string? ReturnPath { get; init; }

        /// <summary>The <c>From</c> mailboxes.</summary>
        [JsonPropertyName("from")]
        public IReadOnlyList<string>? From { get; init; }

        /// <summary>The <c>Sender</c> mailbox, when present.</summary>
        [JsonPropertyName("sender")]
        public string? Sender { get; init; }

        /// <summary>The <c>Reply-To</c> mailboxes, when present.</summary>
        [JsonPropertyName("replyTo")]
        public IReadOnlyList<string>? ReplyTo { get; init; }

        /// <summary>The <c>Date</c> value (RFC 5322 format).</summary>
        [JsonPropertyName("date")]
        public string? Date { get; init; }

        /// <summary>The <c>To</c> mailboxes.</summary>
        [JsonPropertyName("to")]
        public IReadOnlyList<string>? To { get; init; }

        /// <summary>The <c>Cc</c> mailboxes.</summary>
        [JsonPropertyName("cc")]
        public IReadOnlyList<string>? Cc { get; init; }

        /// <summary>The <c>Bcc</c> mailboxes.</summary>
        [JsonPropertyName("bcc")]
        public IReadOnlyList<string>? Bcc { get; init; }

        /// <summary>The <c>Message-ID</c> value.</summary>
        [JsonPropertyName("messageId")]
        public string? MessageId { get; init; }

        /// <summary>The <c>Subject</c> value.</summary>
        [JsonPropertyName("subject")]
        public string? Subject { get; init; }

        /// <summary>Members not named above, preserved for round-tripping (settable: the serializer cannot init extension data).</summary>
        [JsonExtensionData]
        public Dictionary<string, JsonElement>? ExtensionData { get; set; }
    }

    /// <summary>The <c>receipt</c> object.</summary>
    public sealed record ReceiptObject
    {
        /// <summary>ISO-8601 time the action was triggered.</summary>
        [JsonPropertyName("timestamp")]
        public string? Timestamp { get; init; }

        /// <summary>Milliseconds from receipt to the action.</summary>
        [JsonPropertyName("processingTimeMillis")]
        public long? ProcessingTimeMillis { get; init; }

        /// <summary>The recipients the receipt rule matched (a subset of <see cref="MailObject.Destination"/>).</summary>
        [JsonPropertyName("recipients")]
        public IReadOnlyList<string>? Recipients { get; init; }

        /// <summary>Spam scan result.</summary>
        [JsonPropertyName("spamVerdict")]
        public VerdictObject? SpamVerdict { get; init; }

        /// <summary>Virus scan result.</summary>
        [JsonPropertyName("virusVerdict")]
        public VerdictObject? VirusVerdict { get; init; }

        /// <summary>SPF check result.</summary>
        [JsonPropertyName("spfVerdict")]
        public VerdictObject? SpfVerdict { get; init; }

        /// <summary>DKIM check result.</summary>
        [JsonPropertyName("dkimVerdict")]
        public VerdictObject? DkimVerdict { get; init; }

        /// <summary>DMARC check result.</summary>
        [JsonPropertyName("dmarcVerdict")]
        public VerdictObject? DmarcVerdict { get; init; }

        /// <summary>The sender domain's DMARC policy (<c>none</c>, <c>quarantine</c>, <c>reject</c>); only present
        /// when <see cref="DmarcVerdict"/> is <c>FAIL</c>.</summary>
        [JsonPropertyName("dmarcPolicy")]
        public string? DmarcPolicy { get; init; }

        /// <summary>The receipt-rule action that produced this notification.</summary>
        [JsonPropertyName("action")]
        public ActionObject? Action { get; init; }

        /// <summary>Members not named above, preserved for round-tripping (settable: the serializer cannot init extension data).</summary>
        [JsonExtensionData]
        public Dictionary<string, JsonElement>? ExtensionData { get; set; }
    }

    /// <summary>A verdict: <c>{"status": "PASS" | "FAIL" | "GRAY" | "PROCESSING_FAILED" | "DISABLED"}</c>.</summary>
    /// <param name="Status">The verdict status as SES spells it.</param>
    public sealed record VerdictObject(
        [property: JsonPropertyName("status")] string? Status);

    /// <summary>The <c>receipt.action</c> object.</summary>
    public sealed record ActionObject
    {
        /// <summary><c>S3</c>, <c>SNS</c>, <c>Lambda</c>, …</summary>
        [JsonPropertyName("type")]
        public string? Type { get; init; }

        /// <summary>The SNS topic notified.</summary>
        [JsonPropertyName("topicArn")]
        public string? TopicArn { get; init; }

        /// <summary>S3 action: the bucket holding the raw message.</summary>
        [JsonPropertyName("bucketName")]
        public string? BucketName { get; init; }

        /// <summary>S3 action: the key prefix (SesMail: <c>emails/</c>).</summary>
        [JsonPropertyName("objectKeyPrefix")]
        public string? ObjectKeyPrefix { get; init; }

        /// <summary>S3 action: the full object key (prefix + message id).</summary>
        [JsonPropertyName("objectKey")]
        public string? ObjectKey { get; init; }

        /// <summary>SNS action: <c>UTF-8</c> or <c>Base64</c>.</summary>
        [JsonPropertyName("encoding")]
        public string? Encoding { get; init; }

        /// <summary>Lambda action: the function ARN.</summary>
        [JsonPropertyName("functionArn")]
        public string? FunctionArn { get; init; }

        /// <summary>Lambda action: <c>Event</c> or <c>RequestResponse</c>.</summary>
        [JsonPropertyName("invocationType")]
        public string? InvocationType { get; init; }

        /// <summary>Members not named above, preserved for round-tripping (settable: the serializer cannot init extension data).</summary>
        [JsonExtensionData]
        public Dictionary<string, JsonElement>? ExtensionData { get; set; }
    }
}
