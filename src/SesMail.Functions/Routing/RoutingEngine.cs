using SesMail.Aws.Events;
using SesMail.Functions.Observability;

namespace SesMail.Functions.Routing;

/// <summary>
/// Decides what happens to each recipient of an SES message (docs/OPERATIONS.md#routing-rules, docs/ARCHITECTURE.md#security-verdicts): one security verdict for the
/// message (skipped for integration-test mail carrying the right token), otherwise a rule lookup per recipient
/// (exact → sub-address-less → <c>*@domain</c> → <c>*</c>, disabled rules fall through, default <c>store</c>).
/// </summary>
internal sealed class RoutingEngine
{
    /// <summary>The header that carries the integration-test token.</summary>
    public const string IntegrationTestTokenHeader = "X-Integration-Test-Token";

    private readonly IRoutingRuleStore _rules;
    private readonly IIntegrationTestTokenSource _testTokens;
    private readonly StructuredLogger _logger;

    /// <summary>Creates the engine.</summary>
    /// <param name="rules">The rule store (normally cached).</param>
    /// <param name="testTokens">The integration-test token source.</param>
    /// <param name="logger">The router's logger (warnings and errors about rules).</param>
    public RoutingEngine(IRoutingRuleStore rules, IIntegrationTestTokenSource testTokens, StructuredLogger logger)
    {
        _rules = rules;
        _testTokens = testTokens;
        _logger = logger;
    }

    /// <summary>Routes one SES <c>Received</c> notification.</summary>
    /// <param name="notification">The notification.</param>
    /// <param name="cancellationToken">Cancels rule reads.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="RoutingDataException">The notification has no <c>mail.messageId</c> or no <c>receipt.recipients</c>.</exception>
    /// <exception cref="Amazon.Runtime.AmazonServiceException">A rule read failed; the message must be retried.</exception>
    public async Task<RoutingDecision> DecideAsync(SesNotification notification, CancellationToken cancellationToken)
    {
        var messageId = notification.Mail?.MessageId;
        if (string.IsNullOrEmpty(messageId))
        {
            throw new RoutingDataException("The SES notification has no mail.messageId.");
        }

        var recipients = notification.Receipt?.Recipients
            ?? throw new RoutingDataException("The SES notification has no receipt.recipients.");

        var verdict = await BypassesVerdictsAsync(notification.Mail!, cancellationToken).ConfigureAwait(false)
            ? null
            : SecurityVerdict.Evaluate(notification.Receipt);
        var decisions = new List<RecipientDecision>(recipients.Count);
        var hasDataProblem = false;
        foreach (var recipient in recipients)
        {
            if (verdict is not null)
            {
                decisions.Add(new RecipientDecision(recipient, verdict.Action, null, null, verdict.Reason, null));
                continue;
            }

            var (lookedUp, dataProblem) = await LookupAsync(messageId, recipient, cancellationToken).ConfigureAwait(false);
            hasDataProblem |= dataProblem;
            decisions.AddRange(lookedUp);
        }

        return new RoutingDecision(new RoutingDetail(messageId, notification, BuildActions(decisions)), decisions, verdict, hasDataProblem);
    }

    /// <summary>Groups decisions into the five action entries, keeping recipient order within each.</summary>
    /// <param name="decisions">Per-recipient decisions.</param>
    /// <returns>The <c>actions</c> object.</returns>
    public static RoutingActions BuildActions(IReadOnlyList<RecipientDecision> decisions)
    {
        List<RoutingTarget>? store = null, forward = null, bounce = null, drop = null;
        foreach (var decision in decisions)
        {
            var list = decision.Action switch
            {
                RoutingActionNames.ForwardToGmail => forward ??= [],
                RoutingActionNames.Bounce => bounce ??= [],
                RoutingActionNames.SilentDrop => drop ??= [],
                _ => store ??= [],
            };
            list.Add(decision.ToTarget());
        }

        return new RoutingActions(
            store is null ? RoutingAction.None : RoutingAction.Of(store),
            forward is null ? RoutingAction.None : RoutingAction.Of(forward),
            bounce is null ? RoutingAction.None : RoutingAction.Of(bounce),
            RoutingAction.None,
            drop is null ? RoutingAction.None : RoutingAction.Of(drop));
    }

    /// <summary>
    /// The first enabled rule in lookup order decides; each of its actions gives one decision (an action that repeats an
    /// earlier one — same type, same Gmail account — is dropped, so a recipient is never delivered twice into the same
    /// mailbox). An unknown or malformed action, and a rule with no actions at all, is stored instead and reported.
    /// </summary>
    private async ValueTask<(IReadOnlyList<RecipientDecision> Decisions, bool DataProblem)> LookupAsync(string messageId, string recipient, CancellationToken cancellationToken)
    {
        foreach (var key in RoutingAddress.LookupKeys(recipient))
        {
            var rule = await _rules.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (rule is null || !rule.Enabled)
            {
                continue;
            }

            var dataProblem = false;
            var decisions = new List<RecipientDecision>(Math.Max(1, rule.Actions.Count));
            var seen = new List<RuleAction>(rule.Actions.Count);
            foreach (var action in rule.Actions)
            {
                if (seen.Any(action.SameAs))
                {
                    continue;
                }

                seen.Add(action);
                switch (action.Type)
                {
                    case RoutingActionNames.ForwardToGmail:
                        decisions.Add(new RecipientDecision(recipient, action.Type, key, action.Target, null, rule.Metadata));
                        break;
                    case RoutingActionNames.Store:
                        // Once per recipient, also after an unknown action was already stored in its place.
                        if (!decisions.Any(d => d.Action == RoutingActionNames.Store))
                        {
                            decisions.Add(new RecipientDecision(recipient, action.Type, key, action.Target, null, rule.Metadata));
                        }

                        break;
                    case RoutingActionNames.Bounce:
                        decisions.Add(new RecipientDecision(recipient, action.Type, key, action.Target, RoutingReasons.Policy, rule.Metadata));
                        break;
                    default:
                        _logger.Error(
                            "Routing rule has an unknown action; the recipient is stored instead",
                            null,
                            new LogField("messageId", messageId),
                            new LogField("recipient", recipient),
                            new LogField("lookupKey", key),
                            new LogField("ruleAction", action.Type),
                            new LogField("hint", "Set the rule's action to forward-to-gmail, bounce or store."));
                        dataProblem = true;
                        if (!decisions.Any(d => d.Action == RoutingActionNames.Store))
                        {
                            decisions.Add(new RecipientDecision(recipient, RoutingActionNames.Store, key, action.Target, null, rule.Metadata));
                        }

                        break;
                }
            }

            if (decisions.Count == 0)
            {
                _logger.Error(
                    "Routing rule has no actions; the recipient is stored instead",
                    null,
                    new LogField("messageId", messageId),
                    new LogField("recipient", recipient),
                    new LogField("lookupKey", key),
                    new LogField("hint", "Give the rule at least one action: sesmail rules add <pattern> --forward <gmail> | --bounce | --store."));
                return ([new RecipientDecision(recipient, RoutingActionNames.Store, key, string.Empty, null, rule.Metadata)], true);
            }

            return (decisions, dataProblem);
        }

        _logger.Warning("No routing rule found; storing the message", new LogField("messageId", messageId), new LogField("recipient", recipient));
        return ([new RecipientDecision(recipient, RoutingActionNames.Store, null, null, null, RoutingTarget.EmptyMetadata)], false);
    }

    private async ValueTask<bool> BypassesVerdictsAsync(SesNotification.MailObject mail, CancellationToken cancellationToken)
    {
        string? presented = null;
        foreach (var header in mail.Headers ?? [])
        {
            if (string.Equals(header.Name, IntegrationTestTokenHeader, StringComparison.OrdinalIgnoreCase))
            {
                presented = header.Value?.Trim();
                break;
            }
        }

        if (presented is null)
        {
            return false;
        }

        var expected = await _testTokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        if (expected is not null && string.Equals(presented, expected, StringComparison.Ordinal))
        {
            _logger.Info("Integration-test token accepted; security verdicts skipped", new LogField("messageId", mail.MessageId));
            return true;
        }

        _logger.Warning(
            "Integration-test token does not match; header ignored",
            new LogField("messageId", mail.MessageId),
            new LogField("tokenConfigured", expected is not null));
        return false;
    }
}
