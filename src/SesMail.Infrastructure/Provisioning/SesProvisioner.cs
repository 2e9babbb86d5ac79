using System.Text.Json.Nodes;
using Amazon.SimpleEmail;
using Amazon.SimpleEmail.Model;
using SesMail.Infrastructure.Template;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>
/// <c>AWS::SES::ReceiptRuleSet</c> (CreateReceiptRuleSet; DeleteReceiptRuleSet) and <c>AWS::SES::ReceiptRule</c>
/// (CreateReceiptRule, or UpdateReceiptRule when it differs; DeleteReceiptRule).
/// </summary>
/// <remarks>
/// As with CloudFormation, a rule set is never activated here (SES allows one active set per region): the local runtime
/// and <c>sesmail deploy</c> activate it afterwards through <see cref="ReceiptRuleSets"/>.
/// </remarks>
internal sealed class SesProvisioner(IAmazonSimpleEmailService ses) : IResourceProvisioner
{
    public IReadOnlyCollection<string> Types { get; } = ["AWS::SES::ReceiptRuleSet", "AWS::SES::ReceiptRule"];

    public Task<ResourceStatus> ApplyAsync(ProvisioningContext context, CancellationToken cancellationToken) =>
        context.Resource.Type == "AWS::SES::ReceiptRuleSet" ? ApplyRuleSetAsync(context, cancellationToken) : ApplyRuleAsync(context, cancellationToken);

    /// <summary>
    /// DeleteReceiptRuleSet (SES refuses to delete the active set, <c>CannotDelete</c>: deactivate it first, as
    /// <c>sesmail destroy</c> does), or DeleteReceiptRule from the rule's set.
    /// </summary>
    public async Task DeleteAsync(DeletionContext context, CancellationToken cancellationToken)
    {
        try
        {
            if (context.Resource.Type == "AWS::SES::ReceiptRuleSet")
            {
                await ses.DeleteReceiptRuleSetAsync(new DeleteReceiptRuleSetRequest { RuleSetName = context.PhysicalId }, cancellationToken).ConfigureAwait(false);
            }
            else if (context.String("RuleSetName") is { } ruleSet)
            {
                await ses.DeleteReceiptRuleAsync(new DeleteReceiptRuleRequest { RuleSetName = ruleSet, RuleName = context.PhysicalId }, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (AmazonSimpleEmailServiceException ex) when (ex.ErrorCode is "RuleSetDoesNotExist" or "RuleDoesNotExist")
        {
            // already gone
        }
    }

    private async Task<ResourceStatus> ApplyRuleSetAsync(ProvisioningContext context, CancellationToken cancellationToken)
    {
        var name = context.PhysicalId;
        var sets = new List<ReceiptRuleSetMetadata>();
        string? token = null;
        do
        {
            var page = await ses.ListReceiptRuleSetsAsync(new ListReceiptRuleSetsRequest { NextToken = token }, cancellationToken).ConfigureAwait(false);
            sets.AddRange(page.RuleSets);
            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));

        if (sets.Any(s => s.Name == name))
        {
            return ResourceStatus.Unchanged;
        }

        await ses.CreateReceiptRuleSetAsync(new CreateReceiptRuleSetRequest { RuleSetName = name }, cancellationToken).ConfigureAwait(false);
        return ResourceStatus.Created;
    }

    private async Task<ResourceStatus> ApplyRuleAsync(ProvisioningContext context, CancellationToken cancellationToken)
    {
        var ruleSet = context.RequireString("RuleSetName");
        var rule = Rule(context);
        var existing = (await ses.DescribeReceiptRuleSetAsync(new DescribeReceiptRuleSetRequest { RuleSetName = ruleSet }, cancellationToken).ConfigureAwait(false))
            .Rules.FirstOrDefault(r => r.Name == rule.Name);
        if (existing is null)
        {
            await ses.CreateReceiptRuleAsync(new CreateReceiptRuleRequest { RuleSetName = ruleSet, After = context.String("After"), Rule = rule }, cancellationToken).ConfigureAwait(false);
            return ResourceStatus.Created;
        }

        if (Same(existing, rule))
        {
            return ResourceStatus.Unchanged;
        }

        await ses.UpdateReceiptRuleAsync(new UpdateReceiptRuleRequest { RuleSetName = ruleSet, Rule = rule }, cancellationToken).ConfigureAwait(false);
        return ResourceStatus.Updated;
    }

    private static ReceiptRule Rule(ProvisioningContext context)
    {
        var node = context.Properties["Rule"] as JsonObject ?? throw new TemplateException(context.Path("Rule"), "AWS::SES::ReceiptRule requires Rule.");
        string? Text(JsonNode? n, string p) => n is null ? null : TemplateValues.ScalarText(n, context.Path($"Rule.{p}"));
        bool? Flag(JsonNode? n, string p) => Text(n, p) is { } s ? string.Equals(s, "true", StringComparison.OrdinalIgnoreCase) : null;
        var actions = new List<ReceiptAction>();
        var index = 0;
        foreach (var action in (node["Actions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var p = $"Actions[{index++}]";
            if (action["S3Action"] is JsonObject s3)
            {
                actions.Add(new ReceiptAction
                {
                    S3Action = new S3Action
                    {
                        BucketName = Text(s3["BucketName"], $"{p}.S3Action.BucketName") ?? string.Empty,
                        ObjectKeyPrefix = Text(s3["ObjectKeyPrefix"], $"{p}.S3Action.ObjectKeyPrefix"),
                        TopicArn = Text(s3["TopicArn"], $"{p}.S3Action.TopicArn"),
                        KmsKeyArn = Text(s3["KmsKeyArn"], $"{p}.S3Action.KmsKeyArn"),
                        IamRoleArn = Text(s3["IamRoleArn"], $"{p}.S3Action.IamRoleArn"),
                    },
                });
            }
            else if (action["SNSAction"] is JsonObject snsAction)
            {
                actions.Add(new ReceiptAction { SNSAction = new SNSAction { TopicArn = Text(snsAction["TopicArn"], $"{p}.SNSAction.TopicArn") ?? string.Empty, Encoding = Text(snsAction["Encoding"], $"{p}.SNSAction.Encoding") } });
            }
            else if (action["StopAction"] is JsonObject stop)
            {
                actions.Add(new ReceiptAction { StopAction = new StopAction { Scope = Text(stop["Scope"], $"{p}.StopAction.Scope") ?? "RuleSet", TopicArn = Text(stop["TopicArn"], $"{p}.StopAction.TopicArn") } });
            }
            else if (action["AddHeaderAction"] is JsonObject header)
            {
                actions.Add(new ReceiptAction { AddHeaderAction = new AddHeaderAction { HeaderName = Text(header["HeaderName"], $"{p}.AddHeaderAction.HeaderName") ?? string.Empty, HeaderValue = Text(header["HeaderValue"], $"{p}.AddHeaderAction.HeaderValue") ?? string.Empty } });
            }
            else
            {
                context.Notes.Add($"Rule.{p}: only S3, SNS, Stop and AddHeader actions are applied locally.");
            }
        }

        return new ReceiptRule
        {
            Name = Text(node["Name"], "Name") ?? context.PhysicalId,
            Enabled = Flag(node["Enabled"], "Enabled") ?? false,
            ScanEnabled = Flag(node["ScanEnabled"], "ScanEnabled") ?? false,
            TlsPolicy = Text(node["TlsPolicy"], "TlsPolicy") ?? "Optional",
            Recipients = (node["Recipients"] as JsonArray ?? []).Select(r => TemplateValues.ScalarText(r, context.Path("Rule.Recipients"))).ToList(),
            Actions = actions,
        };
    }

    private static bool Same(ReceiptRule a, ReceiptRule b) =>
        a.Name == b.Name && (a.Enabled ?? false) == (b.Enabled ?? false) && (a.ScanEnabled ?? false) == (b.ScanEnabled ?? false)
        && (a.TlsPolicy ?? "Optional") == (b.TlsPolicy ?? "Optional")
        && a.Recipients.SequenceEqual(b.Recipients, StringComparer.OrdinalIgnoreCase)
        && a.Actions.Count == b.Actions.Count
        && a.Actions.Zip(b.Actions).All(p =>
            p.First.S3Action?.BucketName == p.Second.S3Action?.BucketName
            && p.First.S3Action?.ObjectKeyPrefix == p.Second.S3Action?.ObjectKeyPrefix
            && p.First.S3Action?.TopicArn == p.Second.S3Action?.TopicArn
            && p.First.SNSAction?.TopicArn == p.Second.SNSAction?.TopicArn
            && p.First.StopAction?.Scope == p.Second.StopAction?.Scope
            && p.First.AddHeaderAction?.HeaderName == p.Second.AddHeaderAction?.HeaderName);
}
