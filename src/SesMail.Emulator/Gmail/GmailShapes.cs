using System.Text.Json.Serialization;

namespace SesMail.Emulator.Gmail;

/// <summary>
/// The Gmail API <c>Message</c> resource as the stand-in returns it
/// (https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages#Message).
/// </summary>
/// <remarks><c>internalDate</c> is epoch milliseconds sent as a string; <c>historyId</c> is a uint64 sent as a string.</remarks>
internal sealed record GmailMessageResource
{
    [JsonPropertyName("id")] public required string Id { get; init; }

    [JsonPropertyName("threadId")] public required string ThreadId { get; init; }

    [JsonPropertyName("labelIds")] public IReadOnlyList<string>? LabelIds { get; init; }

    [JsonPropertyName("snippet")] public string? Snippet { get; init; }

    [JsonPropertyName("historyId")] public string? HistoryId { get; init; }

    [JsonPropertyName("internalDate")] public string? InternalDate { get; init; }

    [JsonPropertyName("payload")] public GmailMessagePart? Payload { get; init; }

    [JsonPropertyName("sizeEstimate")] public long? SizeEstimate { get; init; }

    [JsonPropertyName("raw")] public string? Raw { get; init; }
}

/// <summary>The <c>MessagePart</c> of a <c>Message</c>; the stand-in fills headers only (formats <c>metadata</c> and <c>full</c>).</summary>
internal sealed record GmailMessagePart(
    [property: JsonPropertyName("partId")] string PartId,
    [property: JsonPropertyName("mimeType")] string MimeType,
    [property: JsonPropertyName("filename")] string Filename,
    [property: JsonPropertyName("headers")] IReadOnlyList<GmailHeader> Headers,
    [property: JsonPropertyName("body")] GmailMessagePartBody Body);

/// <summary>One <c>{name, value}</c> header of a <c>MessagePart</c>.</summary>
internal sealed record GmailHeader(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("value")] string Value);

/// <summary>The <c>MessagePartBody</c>; only <c>size</c> is filled.</summary>
internal sealed record GmailMessagePartBody([property: JsonPropertyName("size")] long Size);

/// <summary>
/// The request body of the metadata form of <c>users.messages.import</c>/<c>insert</c> and the metadata part of the
/// multipart and resumable forms: a <c>Message</c> whose writable fields are <c>raw</c>, <c>labelIds</c> and <c>threadId</c>.
/// </summary>
internal sealed record GmailMessageInput
{
    [JsonPropertyName("raw")] public string? Raw { get; init; }

    [JsonPropertyName("labelIds")] public IReadOnlyList<string>? LabelIds { get; init; }

    [JsonPropertyName("threadId")] public string? ThreadId { get; init; }
}

/// <summary>
/// Response of <c>users.messages.list</c>
/// (https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/list#response-body).
/// </summary>
internal sealed record GmailListMessagesResponse(
    [property: JsonPropertyName("messages")] IReadOnlyList<GmailMessageRef>? Messages,
    [property: JsonPropertyName("nextPageToken")] string? NextPageToken,
    [property: JsonPropertyName("resultSizeEstimate")] int ResultSizeEstimate);

/// <summary>An entry of <c>messages.list</c>: only <c>id</c> and <c>threadId</c>.</summary>
internal sealed record GmailMessageRef(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("threadId")] string ThreadId);

/// <summary>
/// The <c>Label</c> resource (https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.labels#Label).
/// </summary>
internal sealed record GmailLabel(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("messageListVisibility")] string? MessageListVisibility = null,
    [property: JsonPropertyName("labelListVisibility")] string? LabelListVisibility = null);

/// <summary>Response of <c>users.labels.list</c>: <c>{"labels":[…]}</c>.</summary>
internal sealed record GmailListLabelsResponse([property: JsonPropertyName("labels")] IReadOnlyList<GmailLabel> Labels);

/// <summary>
/// Google's JSON error envelope <c>{"error":{"code","message","errors":[…],"status"}}</c>
/// (https://cloud.google.com/apis/design/errors#http_mapping and the Gmail "Resolve errors" guide).
/// </summary>
internal sealed record GoogleErrorResponse([property: JsonPropertyName("error")] GoogleError Error);

/// <summary>The body of <see cref="GoogleErrorResponse"/>.</summary>
internal sealed record GoogleError(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("errors")] IReadOnlyList<GoogleErrorItem> Errors,
    [property: JsonPropertyName("status")] string Status);

/// <summary>One legacy <c>errors[]</c> item: <c>domain</c>, <c>reason</c> (e.g. <c>rateLimitExceeded</c>), optional location.</summary>
internal sealed record GoogleErrorItem(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("domain")] string Domain,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("location")] string? Location = null,
    [property: JsonPropertyName("locationType")] string? LocationType = null);

/// <summary>
/// Successful response of the OAuth 2.0 token endpoint (RFC 6749 §5.1;
/// https://developers.google.com/identity/protocols/oauth2/native-app#exchange-authorization-code): for
/// <c>grant_type=refresh_token</c> without <c>refresh_token</c>; for <c>grant_type=authorization_code</c> with it when the
/// consent asked for <c>access_type=offline</c>.
/// </summary>
internal sealed record OAuthTokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken = null);

/// <summary>OAuth 2.0 error response (RFC 6749 §5.2), e.g. <c>{"error":"invalid_grant","error_description":"Token has been expired or revoked."}</c>.</summary>
internal sealed record OAuthErrorResponse(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription);

/// <summary>
/// Body of <c>POST /_sesmail/gmail/faults</c>: disturb the next <c>count</c> Gmail API calls (of <c>methods</c>, default
/// all).
/// </summary>
/// <param name="Status">Answer this error status (400–599) instead of the result; with <c>Retry-After</c> when <paramref name="RetryAfterSeconds"/> is set.</param>
/// <param name="Count">How many calls to disturb (default 1).</param>
/// <param name="RetryAfterSeconds">The <c>Retry-After</c> header of an error answer.</param>
/// <param name="Reason">Google's <c>errors[].reason</c> (e.g. <c>rateLimitExceeded</c>).</param>
/// <param name="DelayMilliseconds"><c>delayMs</c>: hold the answer this long (a slow server; longer than the caller's timeout, a timeout).</param>
/// <param name="Abort">Break the connection instead of answering (the caller sees no answer at all).</param>
/// <param name="AfterCommit">Do the call's work first (the message is stored) and only then delay, fail or break: the answer is lost, not the work.</param>
/// <param name="UploadBytesPerSecond">Read the upload's body at most this fast (a slow upload).</param>
/// <param name="Methods">Only calls of these methods: <c>import</c>, <c>insert</c>, <c>list</c>, <c>get</c>, <c>labels</c>.</param>
internal sealed record GmailFaultRequest(
    [property: JsonPropertyName("status")] int? Status = null,
    [property: JsonPropertyName("count")] int Count = 1,
    [property: JsonPropertyName("retryAfterSeconds")] int? RetryAfterSeconds = null,
    [property: JsonPropertyName("reason")] string? Reason = null,
    [property: JsonPropertyName("delayMs")] int? DelayMilliseconds = null,
    [property: JsonPropertyName("abort")] bool Abort = false,
    [property: JsonPropertyName("afterCommit")] bool AfterCommit = false,
    [property: JsonPropertyName("uploadBytesPerSecond")] long? UploadBytesPerSecond = null,
    [property: JsonPropertyName("methods")] IReadOnlyList<string>? Methods = null);

/// <summary>Body of <c>POST</c>/<c>DELETE /_sesmail/gmail/revoked-refresh-tokens</c>.</summary>
internal sealed record GmailRevokeRequest([property: JsonPropertyName("refreshToken")] string? RefreshToken);

/// <summary>Body of <c>PUT /_sesmail/gmail/access-token-lifetime</c>.</summary>
internal sealed record GmailTokenLifetimeRequest([property: JsonPropertyName("seconds")] int Seconds);

/// <summary>Body of <c>GET /_sesmail/gmail/state</c>: the current switches.</summary>
internal sealed record GmailStandInState(
    [property: JsonPropertyName("accessTokenLifetimeSeconds")] int AccessTokenLifetimeSeconds,
    [property: JsonPropertyName("revokedRefreshTokens")] IReadOnlyList<string> RevokedRefreshTokens,
    [property: JsonPropertyName("pendingFaults")] int PendingFaults,
    [property: JsonPropertyName("faultStatus")] int? FaultStatus,
    [property: JsonPropertyName("mailboxes")] IReadOnlyList<GmailMailboxSummary> Mailboxes,
    [property: JsonPropertyName("tokenRequests")] long TokenRequests);

/// <summary>One mailbox in <see cref="GmailStandInState"/> and in <c>GET /_sesmail/gmail/mailboxes</c>.</summary>
internal sealed record GmailMailboxSummary(
    [property: JsonPropertyName("mailbox")] string Mailbox,
    [property: JsonPropertyName("messageCount")] int MessageCount);

/// <summary>Stored metadata of one message, written beside the Maildir file as <c>{id}.json</c>.</summary>
internal sealed record GmailStoredMessage
{
    [JsonPropertyName("id")] public required string Id { get; init; }

    [JsonPropertyName("threadId")] public required string ThreadId { get; init; }

    [JsonPropertyName("mailbox")] public required string Mailbox { get; init; }

    /// <summary>File name under the Maildir's <c>new/</c> folder.</summary>
    [JsonPropertyName("file")] public required string File { get; init; }

    [JsonPropertyName("labelIds")] public required IReadOnlyList<string> LabelIds { get; init; }

    /// <summary>Epoch milliseconds.</summary>
    [JsonPropertyName("internalDate")] public long InternalDate { get; init; }

    /// <summary>Epoch milliseconds when the stand-in stored it.</summary>
    [JsonPropertyName("receivedAt")] public long ReceivedAt { get; init; }

    [JsonPropertyName("historyId")] public long HistoryId { get; init; }

    /// <summary>Exact byte length of the stored message.</summary>
    [JsonPropertyName("size")] public long Size { get; init; }

    [JsonPropertyName("from")] public string? From { get; init; }

    [JsonPropertyName("to")] public string? To { get; init; }

    [JsonPropertyName("subject")] public string? Subject { get; init; }

    [JsonPropertyName("date")] public string? Date { get; init; }

    [JsonPropertyName("snippet")] public string? Snippet { get; init; }

    /// <summary>Headers in order (for <c>format=metadata</c>).</summary>
    [JsonPropertyName("headers")] public IReadOnlyList<GmailHeader> Headers { get; init; } = [];

    [JsonPropertyName("mimeType")] public string MimeType { get; init; } = "text/plain";

    /// <summary><c>import</c> or <c>insert</c>.</summary>
    [JsonPropertyName("method")] public required string Method { get; init; }

    /// <summary>How the bytes arrived: <c>media</c>, <c>multipart</c>, <c>resumable</c> or <c>raw</c>.</summary>
    [JsonPropertyName("uploadType")] public required string UploadType { get; init; }

    [JsonPropertyName("internalDateSource")] public required string InternalDateSource { get; init; }

    [JsonPropertyName("neverMarkSpam")] public bool NeverMarkSpam { get; init; }

    [JsonPropertyName("processForCalendar")] public bool ProcessForCalendar { get; init; }

    /// <summary>Vault-only (<c>deleted=true</c>): kept on disk, hidden from <c>messages.list</c>.</summary>
    [JsonPropertyName("deleted")] public bool Deleted { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = false)]
[JsonSerializable(typeof(GmailMessageResource))]
[JsonSerializable(typeof(GmailMessageInput))]
[JsonSerializable(typeof(GmailListMessagesResponse))]
[JsonSerializable(typeof(GmailListLabelsResponse))]
[JsonSerializable(typeof(GoogleErrorResponse))]
[JsonSerializable(typeof(OAuthTokenResponse))]
[JsonSerializable(typeof(OAuthErrorResponse))]
[JsonSerializable(typeof(GmailFaultRequest))]
[JsonSerializable(typeof(GmailRevokeRequest))]
[JsonSerializable(typeof(GmailTokenLifetimeRequest))]
[JsonSerializable(typeof(GmailStandInState))]
[JsonSerializable(typeof(IReadOnlyList<GmailMailboxSummary>))]
[JsonSerializable(typeof(IReadOnlyList<GmailStoredMessage>))]
[JsonSerializable(typeof(GmailStoredMessage))]
internal sealed partial class GmailJsonContext : JsonSerializerContext;
