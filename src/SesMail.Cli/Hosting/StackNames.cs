namespace SesMail.Cli.Hosting;

/// <summary>
/// The names of the stack's resources the CLI works on, taken from the stack's outputs (the <c>Outputs</c> of
/// <c>template.yaml</c>): locally from the resolved stack file the runtime writes, in AWS from CloudFormation's
/// <c>DescribeStacks</c> (<see cref="StackOutputs"/>). The CLI keeps no copy of any name.
/// </summary>
/// <param name="Environment">The stack environment (output <c>Environment</c>), <c>test</c> or <c>prod</c>.</param>
/// <param name="Source">Where the outputs were read, for messages (a file path or <c>stack ses-mail-prod</c>).</param>
/// <param name="RoutingTable">Output <c>RoutingTableName</c>: the routing-rule table.</param>
/// <param name="ClientCredentialsParameter">Output <c>ClientCredentialsParameterName</c>: the SSM parameter holding
/// Google's <c>client_secret.json</c>.</param>
/// <param name="RefreshTokenParameter">Output <c>RefreshTokenParameterName</c>: the SSM parameter holding
/// <c>{"token","created_at","expires_at","expires_at_epoch"}</c>.</param>
/// <param name="AccountTokenParameterPath">Output <c>AccountTokenParameterPath</c>: the path under which each Gmail
/// account's own refresh token lives, one SecureString per account at <c>{path}/{domain}/{local-part}</c>
/// (docs/OPERATIONS.md, "Gmail accounts and tokens").</param>
/// <param name="InputQueue">Outputs <c>InputQueueUrl</c>/<c>InputDeadLetterQueueUrl</c>: the input queue (SNS → pipe).</param>
/// <param name="ForwarderQueue">Outputs <c>ForwarderQueueUrl</c>/<c>ForwarderDeadLetterQueueUrl</c>: the Gmail forwarder's queue.</param>
/// <param name="RetryQueue">Outputs <c>RetryQueueUrl</c>/<c>RetryDeadLetterQueueUrl</c>: where the forwarder parks mail while the Gmail token is bad.</param>
/// <param name="BouncerQueue">Outputs <c>BouncerQueueUrl</c>/<c>BouncerDeadLetterQueueUrl</c>: the bouncer's queue.</param>
/// <param name="RetryProcessor">Output <c>RetryProcessorStateMachineArn</c>: the state machine that replays parked mail (docs/RECOVERY.md).</param>
/// <param name="TokenMonitor">Output <c>TokenMonitorStateMachineArn</c>: the state machine that checks the Gmail token's expiry.</param>
internal sealed record StackNames(
    string Environment,
    string Source,
    string RoutingTable,
    string ClientCredentialsParameter,
    string RefreshTokenParameter,
    string AccountTokenParameterPath,
    QueuePair InputQueue,
    QueuePair ForwarderQueue,
    QueuePair RetryQueue,
    QueuePair BouncerQueue,
    string RetryProcessor,
    string TokenMonitor)
{
    /// <summary>Every queue of the stack as (role, queue, DLQ), in pipeline order.</summary>
    public IReadOnlyList<QueuePair> Queues => [InputQueue, ForwarderQueue, RetryQueue, BouncerQueue];

    /// <summary>Reads the names from a stack's outputs.</summary>
    /// <param name="outputs">Output name → value.</param>
    /// <param name="environment">The <c>--env</c> the user asked for; the stack's own must match.</param>
    /// <param name="source">Where the outputs come from, for messages.</param>
    /// <returns>The names.</returns>
    /// <exception cref="CliException">An output is missing (the stack predates this template), or the stack is of another environment.</exception>
    public static StackNames FromOutputs(IReadOnlyDictionary<string, string> outputs, string environment, string source)
    {
        string Output(string key) => outputs.TryGetValue(key, out var value) && value.Length > 0
            ? value
            : throw new CliException(
                $"The stack ({source}) has no output {key}.",
                "Deploy the current template.yaml (its Outputs name every resource the CLI uses), or restart the local stack so it rewrites the file.");

        var stackEnvironment = Output("Environment");
        if (!string.Equals(stackEnvironment, environment, StringComparison.Ordinal))
        {
            throw new CliException($"The stack ({source}) is the {stackEnvironment} stack, not {environment}.", $"Pass --env {stackEnvironment}, or point at the {environment} stack.");
        }

        QueuePair Pair(string role, string prefix) => new(role, QueueName(Output(prefix + "QueueUrl")), QueueName(Output(prefix + "DeadLetterQueueUrl")));

        return new StackNames(
            stackEnvironment,
            source,
            Output("RoutingTableName"),
            Output("ClientCredentialsParameterName"),
            Output("RefreshTokenParameterName"),
            Output("AccountTokenParameterPath"),
            Pair("input", "Input"),
            Pair("forwarder", "Forwarder"),
            Pair("retry", "Retry"),
            Pair("bouncer", "Bouncer"),
            Output("RetryProcessorStateMachineArn"),
            Output("TokenMonitorStateMachineArn"));
    }

    /// <summary>
    /// Resolves what the user typed for <c>dlq redrive --queue</c>: a role (<c>forwarder</c>), a DLQ name or a DLQ URL.
    /// </summary>
    /// <exception cref="CliException">Nothing of the stack matches; the message lists the choices.</exception>
    public QueuePair ResolveDeadLetterQueue(string value)
    {
        var name = QueueName(value);
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
            $"Use one of: {string.Join(", ", Queues.Select(q => q.Role))}, or a DLQ name such as {ForwarderQueue.DeadLetterQueue}.");
    }

    /// <summary>The queue name in a queue URL (its last path segment); a bare name is returned as it is.</summary>
    private static string QueueName(string urlOrName) =>
        urlOrName.Contains('/', StringComparison.Ordinal) ? urlOrName[(urlOrName.TrimEnd('/').LastIndexOf('/') + 1)..].TrimEnd('/') : urlOrName;
}

/// <summary>A work queue and its dead-letter queue.</summary>
/// <param name="Role">Short name (<c>input</c>, <c>forwarder</c>, <c>retry</c>, <c>bouncer</c>).</param>
/// <param name="Queue">The queue name.</param>
/// <param name="DeadLetterQueue">The DLQ name.</param>
internal sealed record QueuePair(string Role, string Queue, string DeadLetterQueue);
