namespace SesMail.Cli.Hosting;

/// <summary>Physical names of the stack's resources for one environment (spec index.md §3).</summary>
/// <param name="Environment">The environment suffix, <c>test</c> or <c>prod</c>.</param>
internal sealed record StackNames(string Environment)
{
    /// <summary>The routing-rule table.</summary>
    public string RoutingTable => $"ses-mail-email-routing-{Environment}";

    /// <summary>SSM SecureString holding Google's <c>client_secret.json</c> (handlers.md §1 step 2).</summary>
    public string ClientCredentialsParameter => $"/ses-mail/{Environment}/gmail-forwarder/oauth/client-credentials";

    /// <summary>SSM SecureString holding <c>{"token","created_at","expires_at","expires_at_epoch"}</c> (handlers.md §1 step 1).</summary>
    public string RefreshTokenParameter => $"/ses-mail/{Environment}/gmail-forwarder/oauth/refresh-token";

    /// <summary>The retry processor state machine (docs/RECOVERY.md).</summary>
    public string RetryProcessor => $"ses-mail-gmail-forwarder-retry-processor-{Environment}";

    /// <summary>The token monitor state machine.</summary>
    public string TokenMonitor => $"ses-mail-gmail-token-monitor-{Environment}";

    /// <summary>The email bucket for an account.</summary>
    public string EmailBucket(string accountId) => $"ses-mail-storage-{accountId}-{Environment}";

    /// <summary>Every queue of the stack as (role, queue, DLQ), in pipeline order.</summary>
    public IReadOnlyList<QueuePair> Queues =>
    [
        new("input", $"ses-email-input-{Environment}", $"ses-email-input-dlq-{Environment}"),
        new("forwarder", $"ses-mail-gmail-forwarder-{Environment}", $"ses-mail-gmail-forwarder-dlq-{Environment}"),
        new("retry", $"ses-mail-gmail-forwarder-retry-{Environment}", $"ses-mail-gmail-forwarder-retry-dlq-{Environment}"),
        new("bouncer", $"ses-mail-bouncer-{Environment}", $"ses-mail-bouncer-dlq-{Environment}"),
    ];

    /// <summary>
    /// Resolves what the user typed for <c>dlq redrive --queue</c>: a role (<c>forwarder</c>), a DLQ name or a DLQ URL.
    /// </summary>
    /// <exception cref="CliException">Nothing of the stack matches; the message lists the choices.</exception>
    public QueuePair ResolveDeadLetterQueue(string value)
    {
        var name = value.Contains('/', StringComparison.Ordinal) ? value[(value.LastIndexOf('/') + 1)..] : value;
        foreach (var pair in Queues)
        {
            if (string.Equals(name, pair.Role, StringComparison.OrdinalIgnoreCase) ||
                string.Equals(name, pair.DeadLetterQueue, StringComparison.Ordinal))
            {
                return pair;
            }

            if (string.Equals(name, pair.Queue, StringComparison.Ordinal))
            {
                throw new CliException(
                    $"{name} is a source queue, not a dead-letter queue.",
                    $"Redrive from its DLQ: --queue {pair.DeadLetterQueue} (or --queue {pair.Role}).");
            }
        }

        throw new CliException(
            $"'{value}' is not a dead-letter queue of the {Environment} stack.",
            $"Use one of: {string.Join(", ", Queues.Select(q => q.Role))}, or a DLQ name such as {Queues[1].DeadLetterQueue}.");
    }
}

/// <summary>A work queue and its dead-letter queue.</summary>
/// <param name="Role">Short name (<c>input</c>, <c>forwarder</c>, <c>retry</c>, <c>bouncer</c>).</param>
/// <param name="Queue">The queue name.</param>
/// <param name="DeadLetterQueue">The DLQ name.</param>
internal sealed record QueuePair(string Role, string Queue, string DeadLetterQueue);
