using System.Text.Json.Nodes;
using System.Xml.Linq;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.CloudFormation;

/// <summary>Binds <see cref="CloudFormationProvider"/> to the CloudFormation Query protocol (version 2010-05-15, <c>member</c> lists).</summary>
internal sealed class CloudFormationService(CloudFormationProvider provider) : IQueryService
{
    private static readonly QueryConventions Conventions = new() { Flattened = false };

    private static readonly HashSet<string> Actions = new(StringComparer.Ordinal)
    {
        "ValidateTemplate", "CreateStack", "UpdateStack", "DeleteStack", "DescribeStacks", "DescribeStackEvents",
        "DescribeStackResources", "DescribeStackResource", "ListStackResources", "ListStacks", "CreateChangeSet",
        "DescribeChangeSet", "ExecuteChangeSet", "DeleteChangeSet", "ListChangeSets", "GetTemplate", "GetTemplateSummary",
    };

    /// <summary>List members that the AWS CLI sends as <c>Name=</c> when the list is empty.</summary>
    private static readonly HashSet<string> ListMembers = new(StringComparer.Ordinal)
    {
        "Capabilities", "Tags", "Parameters", "NotificationARNs", "ResourceTypes", "RetainResources", "StackStatusFilter",
    };

    /// <inheritdoc />
    public string SigningName => CloudFormationEngine.SigningName;

    /// <inheritdoc />
    public string XmlNamespace => "http://cloudformation.amazonaws.com/doc/2010-05-15/";

    /// <inheritdoc />
    public bool Handles(string action) => Actions.Contains(action);

    /// <inheritdoc />
    public async ValueTask<IEnumerable<XElement>> InvokeAsync(string action, IReadOnlyDictionary<string, string> parameters, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var present = parameters.Where(p => !(p.Value.Length == 0 && ListMembers.Contains(p.Key))).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var input = QueryDocument.ToJson(present, Conventions);
        var result = await InvokeAsync(action, input, context).ConfigureAwait(false);
        return QueryDocument.ToXml(action, result, Conventions);
    }

    private ValueTask<JsonNode?> InvokeAsync(string action, JsonObject input, AwsRequestContext context)
    {
        var json = CloudFormationJsonContext.Default;
        const string invalid = "ValidationError";
        return action switch
        {
            "ValidateTemplate" => AwsOperation.Invoke(input, json.ValidateTemplateRequest, json.ValidateTemplateResult, r => provider.ValidateTemplate(r, context), invalid),
            "CreateStack" => AwsOperation.Invoke(input, json.CreateStackRequest, json.StackIdResult, r => provider.CreateStack(r, context), invalid),
            "UpdateStack" => AwsOperation.Invoke(input, json.UpdateStackRequest, json.StackIdResult, r => provider.UpdateStack(r, context), invalid),
            "DeleteStack" => AwsOperation.Invoke(input, json.DeleteStackRequest, json.EmptyResult, r => provider.DeleteStack(r, context), invalid),
            "DescribeStacks" => AwsOperation.Invoke(input, json.StackRequest, json.DescribeStacksResult, r => provider.DescribeStacks(r, context), invalid),
            "DescribeStackEvents" => AwsOperation.Invoke(input, json.StackRequest, json.DescribeStackEventsResult, r => provider.DescribeStackEvents(r, context), invalid),
            "DescribeStackResources" => AwsOperation.Invoke(input, json.DescribeStackResourcesRequest, json.DescribeStackResourcesResult, r => provider.DescribeStackResources(r, context), invalid),
            "DescribeStackResource" => AwsOperation.Invoke(input, json.DescribeStackResourceRequest, json.DescribeStackResourceResult, r => provider.DescribeStackResource(r, context), invalid),
            "ListStackResources" => AwsOperation.Invoke(input, json.StackRequest, json.ListStackResourcesResult, r => provider.ListStackResources(r, context), invalid),
            "ListStacks" => AwsOperation.Invoke(input, json.ListStacksRequest, json.ListStacksResult, r => provider.ListStacks(r, context), invalid),
            "CreateChangeSet" => AwsOperation.Invoke(input, json.CreateChangeSetRequest, json.CreateChangeSetResult, r => provider.CreateChangeSet(r, context), invalid),
            "DescribeChangeSet" => AwsOperation.Invoke(input, json.ChangeSetRequest, json.DescribeChangeSetResult, r => provider.DescribeChangeSet(r, context), invalid),
            "ExecuteChangeSet" => AwsOperation.Invoke(input, json.ChangeSetRequest, json.EmptyResult, r => provider.ExecuteChangeSet(r, context), invalid),
            "DeleteChangeSet" => AwsOperation.Invoke(input, json.ChangeSetRequest, json.EmptyResult, r => provider.DeleteChangeSet(r, context), invalid),
            "ListChangeSets" => AwsOperation.Invoke(input, json.StackRequest, json.ListChangeSetsResult, r => provider.ListChangeSets(r, context), invalid),
            "GetTemplate" => AwsOperation.Invoke(input, json.GetTemplateRequest, json.GetTemplateResult, r => provider.GetTemplate(r, context), invalid),
            "GetTemplateSummary" => AwsOperation.Invoke(input, json.GetTemplateSummaryRequest, json.GetTemplateSummaryResult, r => provider.GetTemplateSummary(r, context), invalid),
            _ => throw CloudFormationErrors.UnknownOperation(action),
        };
    }
}
