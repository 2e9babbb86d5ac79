using System.Text.Json.Nodes;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Ses;

/// <summary>
/// Binds <see cref="SesProvider"/> to the SES v1 Query protocol (version 2010-12-01, signing name <c>email</c>,
/// <c>member</c>/<c>entry</c> lists and maps): parameters are read into typed shapes through <see cref="QueryDocument"/>
/// and results written back the same way.
/// </summary>
internal sealed class SesService(SesProvider provider) : QueryServiceBinding("email", "http://ses.amazonaws.com/doc/2010-12-01/", Conventions, Actions)
{
    private static readonly QueryConventions Conventions = new()
    {
        Flattened = false,
        ResponseMember = static (_, member) => member == "VerificationAttributes" ? new("VerificationAttributes", QueryMemberKind.Map) : null,
    };

    private static readonly HashSet<string> Actions = new(StringComparer.Ordinal)
    {
        "SendRawEmail", "SendEmail", "SendBounce",
        "VerifyEmailIdentity", "VerifyEmailAddress", "VerifyDomainIdentity", "DeleteIdentity", "ListIdentities",
        "GetIdentityVerificationAttributes", "GetSendQuota",
        "CreateReceiptRuleSet", "DeleteReceiptRuleSet", "DescribeReceiptRuleSet", "ListReceiptRuleSets",
        "SetActiveReceiptRuleSet", "DescribeActiveReceiptRuleSet",
        "CreateReceiptRule", "UpdateReceiptRule", "DeleteReceiptRule", "DescribeReceiptRule", "SetReceiptRulePosition",
        "CreateConfigurationSet", "DeleteConfigurationSet", "DescribeConfigurationSet", "ListConfigurationSets",
        "UpdateConfigurationSetSendingEnabled", "UpdateConfigurationSetReputationMetricsEnabled",
        "CreateConfigurationSetEventDestination", "UpdateConfigurationSetEventDestination", "DeleteConfigurationSetEventDestination",
    };

    /// <inheritdoc />
    protected override ValueTask<JsonNode?> InvokeAsync(string action, JsonObject input, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var json = SesApiJsonContext.Default;
        const string invalid = "InvalidParameterValue";
        return action switch
        {
            "SendRawEmail" => AwsOperation.InvokeAsync(input, json.SendRawEmailRequest, json.MessageIdResult, r => provider.SendRawEmailAsync(r, context, cancellationToken), invalid),
            "SendEmail" => AwsOperation.InvokeAsync(input, json.SendEmailRequest, json.MessageIdResult, r => provider.SendEmailAsync(r, context, cancellationToken), invalid),
            "SendBounce" => AwsOperation.InvokeAsync(input, json.SendBounceRequest, json.MessageIdResult, r => provider.SendBounceAsync(r, context, cancellationToken), invalid),
            "VerifyEmailIdentity" => AwsOperation.Invoke(input, json.VerifyEmailIdentityRequest, json.EmptyResult, r => provider.VerifyEmailIdentity(r, context), invalid),
            "VerifyEmailAddress" => AwsOperation.Invoke(input, json.VerifyEmailIdentityRequest, json.EmptyResult, r => provider.VerifyEmailAddress(r, context), invalid),
            "VerifyDomainIdentity" => AwsOperation.Invoke(input, json.VerifyDomainIdentityRequest, json.VerifyDomainIdentityResult, r => provider.VerifyDomainIdentity(r, context), invalid),
            "DeleteIdentity" => AwsOperation.Invoke(input, json.DeleteIdentityRequest, json.EmptyResult, r => provider.DeleteIdentity(r, context), invalid),
            "ListIdentities" => AwsOperation.Invoke(input, json.ListIdentitiesRequest, json.ListIdentitiesResult, r => provider.ListIdentities(r, context), invalid),
            "GetIdentityVerificationAttributes" => AwsOperation.Invoke(input, json.GetIdentityVerificationAttributesRequest, json.GetIdentityVerificationAttributesResult, r => provider.GetIdentityVerificationAttributes(r, context), invalid),
            "GetSendQuota" => AwsOperation.Invoke(input, json.GetSendQuotaRequest, json.GetSendQuotaResult, r => provider.GetSendQuota(r, context), invalid),
            "CreateReceiptRuleSet" => AwsOperation.Invoke(input, json.RuleSetRequest, json.EmptyResult, r => provider.CreateReceiptRuleSet(r, context), invalid),
            "DeleteReceiptRuleSet" => AwsOperation.Invoke(input, json.RuleSetRequest, json.EmptyResult, r => provider.DeleteReceiptRuleSet(r, context), invalid),
            "DescribeReceiptRuleSet" => AwsOperation.Invoke(input, json.RuleSetRequest, json.DescribeReceiptRuleSetResult, r => provider.DescribeReceiptRuleSet(r, context), invalid),
            "ListReceiptRuleSets" => AwsOperation.Invoke(input, json.ListReceiptRuleSetsRequest, json.ListReceiptRuleSetsResult, r => provider.ListReceiptRuleSets(r, context), invalid),
            "SetActiveReceiptRuleSet" => AwsOperation.Invoke(input, json.RuleSetRequest, json.EmptyResult, r => provider.SetActiveReceiptRuleSet(r, context), invalid),
            "DescribeActiveReceiptRuleSet" => AwsOperation.Invoke(input, json.DescribeActiveReceiptRuleSetRequest, json.DescribeReceiptRuleSetResult, r => provider.DescribeActiveReceiptRuleSet(r, context), invalid),
            "CreateReceiptRule" => AwsOperation.Invoke(input, json.CreateReceiptRuleRequest, json.EmptyResult, r => provider.CreateReceiptRule(r, context), invalid),
            "UpdateReceiptRule" => AwsOperation.Invoke(input, json.UpdateReceiptRuleRequest, json.EmptyResult, r => provider.UpdateReceiptRule(r, context), invalid),
            "DeleteReceiptRule" => AwsOperation.Invoke(input, json.RuleRequest, json.EmptyResult, r => provider.DeleteReceiptRule(r, context), invalid),
            "DescribeReceiptRule" => AwsOperation.Invoke(input, json.RuleRequest, json.DescribeReceiptRuleResult, r => provider.DescribeReceiptRule(r, context), invalid),
            "SetReceiptRulePosition" => AwsOperation.Invoke(input, json.SetReceiptRulePositionRequest, json.EmptyResult, r => provider.SetReceiptRulePosition(r, context), invalid),
            "CreateConfigurationSet" => AwsOperation.Invoke(input, json.CreateConfigurationSetRequest, json.EmptyResult, r => provider.CreateConfigurationSet(r, context), invalid),
            "DeleteConfigurationSet" => AwsOperation.Invoke(input, json.ConfigurationSetNameRequest, json.EmptyResult, r => provider.DeleteConfigurationSet(r, context), invalid),
            "DescribeConfigurationSet" => AwsOperation.Invoke(input, json.DescribeConfigurationSetRequest, json.DescribeConfigurationSetResult, r => provider.DescribeConfigurationSet(r, context), invalid),
            "ListConfigurationSets" => AwsOperation.Invoke(input, json.ListConfigurationSetsRequest, json.ListConfigurationSetsResult, r => provider.ListConfigurationSets(r, context), invalid),
            "UpdateConfigurationSetSendingEnabled" => AwsOperation.Invoke(input, json.UpdateConfigurationSetFlagRequest, json.EmptyResult, r => provider.UpdateConfigurationSetSendingEnabled(r, context), invalid),
            "UpdateConfigurationSetReputationMetricsEnabled" => AwsOperation.Invoke(input, json.UpdateConfigurationSetFlagRequest, json.EmptyResult, r => provider.UpdateConfigurationSetReputationMetricsEnabled(r, context), invalid),
            "CreateConfigurationSetEventDestination" => AwsOperation.Invoke(input, json.ConfigurationSetEventDestinationRequest, json.EmptyResult, r => provider.CreateConfigurationSetEventDestination(r, context), invalid),
            "UpdateConfigurationSetEventDestination" => AwsOperation.Invoke(input, json.ConfigurationSetEventDestinationRequest, json.EmptyResult, r => provider.UpdateConfigurationSetEventDestination(r, context), invalid),
            "DeleteConfigurationSetEventDestination" => AwsOperation.Invoke(input, json.DeleteConfigurationSetEventDestinationRequest, json.EmptyResult, r => provider.DeleteConfigurationSetEventDestination(r, context), invalid),
            _ => throw AwsServiceException.Common.UnknownOperation("InvalidAction", action),
        };
    }
}
