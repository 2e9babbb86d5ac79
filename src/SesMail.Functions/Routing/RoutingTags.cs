namespace SesMail.Functions.Routing;

/// <summary>The ten tags the router puts on the stored message (docs/ARCHITECTURE.md#tags-on-stored-mail).</summary>
internal static class RoutingTags
{
    /// <summary>
    /// Builds the tag set: <c>messageId</c>, <c>sender</c>, <c>subject</c>, <c>recipient</c> (all recipients, space
    /// separated, each once), <c>action</c> (per decision: a recipient whose rule has several actions has one entry per
    /// action), <c>target</c> (per decision: destination if non-empty, else the recipient), each sanitised, then <c>Project</c>, <c>ManagedBy</c>, <c>Environment</c>, <c>Application</c>.
    /// </summary>
    /// <param name="messageId">SES message id.</param>
    /// <param name="sender">The envelope sender.</param>
    /// <param name="subject">The subject (already cut to 64 characters).</param>
    /// <param name="decisions">Per-recipient decisions.</param>
    /// <param name="environment">The environment name.</param>
    /// <returns>Ten key/value pairs in that order.</returns>
    public static IReadOnlyList<KeyValuePair<string, string>> Build(
        string messageId, string? sender, string? subject, IReadOnlyList<RecipientDecision> decisions, string environment) =>
    [
        new("messageId", TagSanitizer.Sanitize(messageId)),
        new("sender", TagSanitizer.Sanitize(sender)),
        new("subject", TagSanitizer.Sanitize(subject)),
        new("recipient", TagSanitizer.Sanitize(string.Join(' ', decisions.Select(d => d.Recipient).Distinct(StringComparer.Ordinal)))),
        new("action", TagSanitizer.Sanitize(string.Join(' ', decisions.Select(d => d.Action)))),
        new("target", TagSanitizer.Sanitize(string.Join(' ', decisions.Select(d => string.IsNullOrEmpty(d.Destination) ? d.Recipient : d.Destination)))),
        new("Project", "ses-mail"),
        new("ManagedBy", "terraform"),
        new("Environment", TagSanitizer.Sanitize(environment)),
        new("Application", TagSanitizer.Sanitize($"ses-mail-{environment}")),
    ];
}
