using System.Text.Json.Serialization;

namespace SesMail.Functions.Gmail;

/// <summary>
/// The Gmail API <c>Message</c> resource as <c>users.messages.import</c>/<c>insert</c> return it
/// (<see href="https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages#Message">users.messages#Message</see>).
/// Also the request metadata: on upload only <c>labelIds</c> (and optionally <c>threadId</c>) are sent.
/// </summary>
/// <remarks><c>internalDate</c> is epoch milliseconds and <c>historyId</c> a uint64, both sent as strings.</remarks>
internal sealed record GmailMessage
{
    /// <summary>The immutable message id (16 hex digits).</summary>
    [JsonPropertyName("id")] public string? Id { get; init; }

    /// <summary>The thread id.</summary>
    [JsonPropertyName("threadId")] public string? ThreadId { get; init; }

    /// <summary>Label ids applied to the message (e.g. <c>INBOX</c>, <c>UNREAD</c>).</summary>
    [JsonPropertyName("labelIds")] public IReadOnlyList<string>? LabelIds { get; init; }

    /// <summary>A short part of the message text.</summary>
    [JsonPropertyName("snippet")] public string? Snippet { get; init; }

    /// <summary>The mailbox history record that last changed the message.</summary>
    [JsonPropertyName("historyId")] public string? HistoryId { get; init; }

    /// <summary>Epoch milliseconds, as a string.</summary>
    [JsonPropertyName("internalDate")] public string? InternalDate { get; init; }

    /// <summary>Estimated size in bytes.</summary>
    [JsonPropertyName("sizeEstimate")] public long? SizeEstimate { get; init; }
}

/// <summary>
/// The answer of <c>users.messages.list</c>: <c>{"messages":[{"id","threadId"}],"nextPageToken","resultSizeEstimate"}</c>
/// (<see href="https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/list">users.messages/list</see>);
/// <c>messages</c> is absent when nothing matches.
/// </summary>
internal sealed record GmailListMessagesResponse(
    [property: JsonPropertyName("messages")] IReadOnlyList<GmailMessage>? Messages,
    [property: JsonPropertyName("nextPageToken")] string? NextPageToken,
    [property: JsonPropertyName("resultSizeEstimate")] long? ResultSizeEstimate);

/// <summary>Google's JSON error envelope <c>{"error":{"code","message","errors":[{"domain","reason","message"}],"status"}}</c>.</summary>
internal sealed record GoogleApiErrorResponse([property: JsonPropertyName("error")] GoogleApiError? Error);

/// <summary>The body of <see cref="GoogleApiErrorResponse"/>.</summary>
internal sealed record GoogleApiError(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("errors")] IReadOnlyList<GoogleApiErrorItem>? Errors,
    [property: JsonPropertyName("status")] string? Status);

/// <summary>One <c>errors[]</c> item; <c>reason</c> tells rate limits (<c>rateLimitExceeded</c>, <c>userRateLimitExceeded</c>) from other refusals.</summary>
internal sealed record GoogleApiErrorItem(
    [property: JsonPropertyName("domain")] string? Domain,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("message")] string? Message);
