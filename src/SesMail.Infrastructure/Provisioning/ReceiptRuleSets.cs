using System.Text.Json.Nodes;
using Amazon.SimpleEmail;
using Amazon.SimpleEmail.Model;
using SesMail.Infrastructure.Template;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>
/// SES allows one active receipt rule set per region, and CloudFormation never activates one. This is the step a
/// deployment takes around CloudFormation (the local runtime at start-up, <c>sesmail deploy</c>): choose whether the
/// stack owns a rule set or joins the one that is active (the template parameter <c>JoinExistingRuleSet</c>, the
/// shared-account mode where <c>test</c> adds its rule to <c>prod</c>'s set), and activate an owned set when no
/// other set is active. See docs/SETUP.md, "Several environments".
/// </summary>
public static class ReceiptRuleSets
{
    /// <summary>The template parameter that names the rule set a stack joins (empty: the stack owns its set).</summary>
    public const string JoinParameter = "JoinExistingRuleSet";

    /// <summary>The prefix of SesMail's own rule set names, <c>ses-mail-receipt-rules-{env}</c>.</summary>
    public const string SesMailPrefix = "ses-mail-receipt-rules-";

    /// <summary>
    /// The name of the rule set a stack owns when it does not join another: the template's
    /// <c>AWS::SES::ReceiptRuleSet</c> <c>RuleSetName</c> evaluated with the deployment's parameters, or <c>null</c>
    /// when the template has no rule set (or names none).
    /// </summary>
    /// <param name="template">The template.</param>
    /// <param name="pseudo">The stack's pseudo parameters.</param>
    /// <param name="parameters">The deployment's parameter values.</param>
    /// <returns>The name, e.g. <c>ses-mail-receipt-rules-prod</c>.</returns>
    public static string? OwnRuleSet(TemplateDocument template, PseudoParameters pseudo, IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(template);
        var known = parameters.Where(p => template.Parameters.ContainsKey(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        known[JoinParameter] = string.Empty;
        if (!template.Parameters.ContainsKey(JoinParameter))
        {
            known.Remove(JoinParameter);
        }

        var evaluator = new TemplateEvaluator(template, known, pseudo, new NoResources());
        var ruleSet = template.OfType("AWS::SES::ReceiptRuleSet").FirstOrDefault(evaluator.Exists);
        return ruleSet is null ? null : evaluator.Properties(ruleSet)["RuleSetName"] is JsonValue v && v.TryGetValue<string>(out var name) ? name : null;
    }

    /// <summary>
    /// The value of <see cref="JoinParameter"/> for a deployment: empty (own set) when no rule set is active or the
    /// active one is the stack's own, the active set's name when it is another SesMail environment's, and empty with a
    /// warning when it is some other application's set (joining it would hand SesMail's rule to that set's owner).
    /// </summary>
    /// <param name="ses">SES in the stack's region.</param>
    /// <param name="ownRuleSet">The stack's own set, <c>ses-mail-receipt-rules-{env}</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The parameter value and, when the choice needs the operator's attention, why.</returns>
    /// <exception cref="Amazon.Runtime.AmazonServiceException">SES refused the call.</exception>
    public static async Task<(string Join, string? Warning)> ChooseAsync(IAmazonSimpleEmailService ses, string ownRuleSet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ses);
        var active = (await ses.DescribeActiveReceiptRuleSetAsync(new DescribeActiveReceiptRuleSetRequest(), cancellationToken).ConfigureAwait(false)).Metadata?.Name;
        if (string.IsNullOrEmpty(active) || active == ownRuleSet)
        {
            return (string.Empty, null);
        }

        return active.StartsWith(SesMailPrefix, StringComparison.Ordinal)
            ? (active, null)
            : (string.Empty, $"The active receipt rule set is {active}, which is not SesMail's; {ownRuleSet} is created but not activated, so SES does not receive for this stack's domains until you add its rule to {active} (--parameter {JoinParameter}={active}) or activate {ownRuleSet}.");
    }

    /// <summary>
    /// Activates <paramref name="ruleSet"/> when no rule set is active (never replaces another active set: that would
    /// stop mail for whoever owns it).
    /// </summary>
    /// <param name="ses">SES in the stack's region.</param>
    /// <param name="ruleSet">The stack's <c>ReceiptRuleSetName</c> output.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The active set's name after the call, and whether this call activated it.</returns>
    /// <exception cref="Amazon.Runtime.AmazonServiceException">SES refused the call.</exception>
    public static async Task<(string Active, bool Activated)> ActivateAsync(IAmazonSimpleEmailService ses, string ruleSet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ses);
        var active = (await ses.DescribeActiveReceiptRuleSetAsync(new DescribeActiveReceiptRuleSetRequest(), cancellationToken).ConfigureAwait(false)).Metadata?.Name;
        if (!string.IsNullOrEmpty(active))
        {
            return (active, false);
        }

        await ses.SetActiveReceiptRuleSetAsync(new SetActiveReceiptRuleSetRequest { RuleSetName = ruleSet }, cancellationToken).ConfigureAwait(false);
        return (ruleSet, true);
    }

    private sealed class NoResources : IResourceResolver
    {
        public string Ref(TemplateResource resource) => throw new TemplateException(resource.Path, "a rule set name cannot refer to a resource here.");

        public JsonNode GetAtt(TemplateResource resource, string attribute) => throw new TemplateException(resource.Path, "a rule set name cannot refer to a resource here.");
    }
}
