using System.Text.Json.Nodes;
using Amazon.SimpleNotificationService;
using Amazon.SimpleNotificationService.Model;
using SesMail.Infrastructure.Template;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>
/// <c>AWS::SNS::Topic</c> (CreateTopic; <c>TracingConfig</c>, <c>DisplayName</c>, <c>KmsMasterKeyId</c> as topic
/// attributes), <c>AWS::SNS::TopicPolicy</c> (the <c>Policy</c> attribute) and <c>AWS::SNS::Subscription</c>
/// (Subscribe once per topic, protocol and endpoint; <c>RawMessageDelivery</c>, <c>FilterPolicy</c> and
/// <c>RedrivePolicy</c> as subscription attributes). Deletion: DeleteTopic, Unsubscribe, and SNS's default policy back
/// on the topics of a topic policy.
/// </summary>
internal sealed class SnsProvisioner(IAmazonSimpleNotificationService sns) : IResourceProvisioner
{
    private static readonly string[] TopicAttributes = ["DisplayName", "TracingConfig", "KmsMasterKeyId"];
    private static readonly string[] SubscriptionAttributes = ["RawMessageDelivery", "FilterPolicy", "FilterPolicyScope", "RedrivePolicy"];

    public IReadOnlyCollection<string> Types { get; } = ["AWS::SNS::Topic", "AWS::SNS::TopicPolicy", "AWS::SNS::Subscription"];

    public Task<ResourceStatus> ApplyAsync(ProvisioningContext context, CancellationToken cancellationToken) => context.Resource.Type switch
    {
        "AWS::SNS::Topic" => ApplyTopicAsync(context, cancellationToken),
        "AWS::SNS::TopicPolicy" => ApplyPolicyAsync(context, cancellationToken),
        _ => ApplySubscriptionAsync(context, cancellationToken),
    };

    /// <summary>DeleteTopic; Unsubscribe; a topic policy is put back to SNS's default policy on each of its topics.</summary>
    public async Task DeleteAsync(DeletionContext context, CancellationToken cancellationToken)
    {
        try
        {
            switch (context.Resource.Type)
            {
                case "AWS::SNS::Topic":
                    await sns.DeleteTopicAsync(new DeleteTopicRequest { TopicArn = context.PhysicalId }, cancellationToken).ConfigureAwait(false);
                    break;
                case "AWS::SNS::Subscription":
                    await sns.UnsubscribeAsync(new UnsubscribeRequest { SubscriptionArn = context.PhysicalId }, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    foreach (var topic in context.Strings("Topics"))
                    {
                        try
                        {
                            await sns.SetTopicAttributesAsync(
                                new SetTopicAttributesRequest { TopicArn = topic, AttributeName = "Policy", AttributeValue = DefaultPolicy(topic, context.Pseudo.AccountId) },
                                cancellationToken).ConfigureAwait(false);
                        }
                        catch (AmazonSimpleNotificationServiceException ex) when (ex.ErrorCode == "NotFound")
                        {
                            // the topic is gone
                        }
                    }

                    break;
            }
        }
        catch (AmazonSimpleNotificationServiceException ex) when (ex.ErrorCode == "NotFound")
        {
            // already gone
        }
    }

    /// <summary>The policy SNS gives a new topic: the owning account may use it.</summary>
    private static string DefaultPolicy(string topicArn, string accountId) => new JsonObject
    {
        ["Version"] = "2008-10-17",
        ["Id"] = "__default_policy_ID",
        ["Statement"] = new JsonArray(new JsonObject
        {
            ["Sid"] = "__default_statement_ID",
            ["Effect"] = "Allow",
            ["Principal"] = new JsonObject { ["AWS"] = "*" },
            ["Action"] = new JsonArray(
                "SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission", "SNS:RemovePermission", "SNS:DeleteTopic",
                "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish"),
            ["Resource"] = topicArn,
            ["Condition"] = new JsonObject { ["StringEquals"] = new JsonObject { ["AWS:SourceOwner"] = accountId } },
        }),
    }.ToJsonString();

    private async Task<ResourceStatus> ApplyTopicAsync(ProvisioningContext context, CancellationToken cancellationToken)
    {
        var name = context.Attributes["TopicName"].GetValue<string>();
        var wanted = Attributes(context, TopicAttributes);
        var existing = await FindTopicAsync(name, cancellationToken).ConfigureAwait(false);
        var status = ResourceStatus.Unchanged;
        string arn;
        if (existing is null)
        {
            arn = (await sns.CreateTopicAsync(new CreateTopicRequest { Name = name }, cancellationToken).ConfigureAwait(false)).TopicArn;
            status = ResourceStatus.Created;
        }
        else
        {
            arn = existing;
        }

        var current = (await sns.GetTopicAttributesAsync(new GetTopicAttributesRequest { TopicArn = arn }, cancellationToken).ConfigureAwait(false)).Attributes;
        foreach (var (key, value) in wanted.Where(w => !current.TryGetValue(w.Key, out var c) || c != w.Value))
        {
            var applied = await BackendOperations.OptionalAsync(context, key, () => sns.SetTopicAttributesAsync(
                new SetTopicAttributesRequest { TopicArn = arn, AttributeName = key, AttributeValue = value }, cancellationToken)).ConfigureAwait(false);
            if (applied && status == ResourceStatus.Unchanged)
            {
                status = ResourceStatus.Updated;
            }
        }

        context.PhysicalId = arn;
        context.Attributes["TopicArn"] = JsonValue.Create(arn);
        return status;
    }

    private async Task<ResourceStatus> ApplyPolicyAsync(ProvisioningContext context, CancellationToken cancellationToken)
    {
        var policy = (context.Properties["PolicyDocument"] as JsonObject
            ?? throw new TemplateException(context.Path("PolicyDocument"), "AWS::SNS::TopicPolicy requires a PolicyDocument mapping.")).ToJsonString();
        var topics = context.Properties["Topics"] as JsonArray
            ?? throw new TemplateException(context.Path("Topics"), "AWS::SNS::TopicPolicy requires Topics (a list of topic ARNs).");
        var status = ResourceStatus.Unchanged;
        foreach (var topic in topics)
        {
            var arn = TemplateValues.ScalarText(topic, context.Path("Topics"));
            var current = (await sns.GetTopicAttributesAsync(new GetTopicAttributesRequest { TopicArn = arn }, cancellationToken).ConfigureAwait(false)).Attributes.GetValueOrDefault("Policy");
            if (current is not null && SqsProvisioner.SameAttribute(current, policy))
            {
                continue;
            }

            if (await BackendOperations.OptionalAsync(context, "PolicyDocument", () => sns.SetTopicAttributesAsync(
                new SetTopicAttributesRequest { TopicArn = arn, AttributeName = "Policy", AttributeValue = policy }, cancellationToken)).ConfigureAwait(false))
            {
                status = ResourceStatus.Updated;
            }
        }

        return status;
    }

    private async Task<ResourceStatus> ApplySubscriptionAsync(ProvisioningContext context, CancellationToken cancellationToken)
    {
        var topicArn = context.RequireString("TopicArn");
        var protocol = context.RequireString("Protocol");
        var endpoint = context.String("Endpoint");
        var wanted = Attributes(context, SubscriptionAttributes);
        Subscription? existing = null;
        string? token = null;
        do
        {
            var page = await sns.ListSubscriptionsByTopicAsync(new ListSubscriptionsByTopicRequest { TopicArn = topicArn, NextToken = token }, cancellationToken).ConfigureAwait(false);
            existing = page.Subscriptions.FirstOrDefault(s => s.Protocol == protocol && s.Endpoint == endpoint);
            token = existing is null ? page.NextToken : null;
        }
        while (token is not null);

        ResourceStatus status;
        string arn;
        if (existing is null || existing.SubscriptionArn is "" or "PendingConfirmation")
        {
            arn = (await sns.SubscribeAsync(
                new SubscribeRequest { TopicArn = topicArn, Protocol = protocol, Endpoint = endpoint, Attributes = wanted, ReturnSubscriptionArn = true },
                cancellationToken).ConfigureAwait(false)).SubscriptionArn;
            status = ResourceStatus.Created;
        }
        else
        {
            arn = existing.SubscriptionArn;
            status = ResourceStatus.Unchanged;
            var current = (await sns.GetSubscriptionAttributesAsync(new GetSubscriptionAttributesRequest { SubscriptionArn = arn }, cancellationToken).ConfigureAwait(false)).Attributes;
            foreach (var (key, value) in wanted.Where(w => !current.TryGetValue(w.Key, out var c) || !SqsProvisioner.SameAttribute(c, w.Value)))
            {
                await sns.SetSubscriptionAttributesAsync(new SetSubscriptionAttributesRequest { SubscriptionArn = arn, AttributeName = key, AttributeValue = value }, cancellationToken).ConfigureAwait(false);
                status = ResourceStatus.Updated;
            }
        }

        context.PhysicalId = arn;
        context.Attributes["Arn"] = JsonValue.Create(arn);
        return status;
    }

    private async Task<string?> FindTopicAsync(string name, CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await sns.ListTopicsAsync(new ListTopicsRequest { NextToken = token }, cancellationToken).ConfigureAwait(false);
            var match = page.Topics.FirstOrDefault(t => t.TopicArn.EndsWith(":" + name, StringComparison.Ordinal));
            if (match is not null)
            {
                return match.TopicArn;
            }

            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));
        return null;
    }

    private static Dictionary<string, string> Attributes(ProvisioningContext context, string[] names)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (context.Properties[name] is { } value)
            {
                values[name] = value is JsonObject obj ? obj.ToJsonString() : TemplateValues.ScalarText(value, context.Path(name));
            }
        }

        return values;
    }
}
