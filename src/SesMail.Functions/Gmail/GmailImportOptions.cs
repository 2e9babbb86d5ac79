namespace SesMail.Functions.Gmail;

/// <summary>
/// Query flags and metadata of one <c>users.messages.import</c> or <c>users.messages.insert</c> call
/// (<see href="https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/import#query-parameters">users.messages/import</see>).
/// </summary>
/// <remarks>The defaults are the forwarder's (docs/ARCHITECTURE.md#the-gmail-forwarder): <c>me</c>, <c>receivedTime</c>, labels <c>INBOX</c> + <c>UNREAD</c>, other flags off.</remarks>
internal sealed record GmailImportOptions
{
    /// <summary>The mailbox: <c>me</c> (the account that granted the token) or its address.</summary>
    public string UserId { get; init; } = "me";

    /// <summary><c>receivedTime</c> or <c>dateHeader</c>.</summary>
    public string InternalDateSource { get; init; } = "receivedTime";

    /// <summary>Ignore the spam classifier (import only).</summary>
    public bool NeverMarkSpam { get; init; }

    /// <summary>Add calendar invitations to the user's calendar (import only).</summary>
    public bool ProcessForCalendar { get; init; }

    /// <summary>Store as permanently deleted, visible only in Vault (Workspace accounts).</summary>
    public bool Deleted { get; init; }

    /// <summary>Labels to apply.</summary>
    public IReadOnlyList<string> LabelIds { get; init; } = ["INBOX", "UNREAD"];
}
