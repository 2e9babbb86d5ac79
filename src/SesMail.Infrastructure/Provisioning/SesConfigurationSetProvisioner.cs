using System.Text.Json.Nodes;
using Amazon.SimpleEmailV2;
using Amazon.SimpleEmailV2.Model;
using SesMail.Infrastructure.Template;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>
/// <c>AWS::SES::ConfigurationSet</c> (SESv2 CreateConfigurationSet; DeleteConfigurationSet) and
/// <c>AWS::SES::ConfigurationSetEventDestination</c> (CreateConfigurationSetEventDestination, or Update when it differs;
/// DeleteConfigurationSetEventDestination). Only SNS destinations are applied; the template's event types
/// (<c>send</c>, <c>bounce</c>, …) are written in SESv2's spelling (<c>SEND</c>, <c>BOUNCE</c>, …).
/// </summary>
/// <remarks>A set's reputation and sending options are applied when it is created; other options are left out with a note.</remarks>
internal sealed class SesConfigurationSetProvisioner(IAmazonSimpleEmailServiceV2 ses) : IResourceProvisioner
{
    public IReadOnlyCollection<string> Types { get; } = ["AWS::SES::ConfigurationSet", "AWS::SES::ConfigurationSetEventDestination"];

    public Task<ResourceStatus> ApplyAsync(ProvisioningContext context, CancellationToken cancellationToken) =>
        context.Resource.Type == "AWS::SES::ConfigurationSet" ? ApplySetAsync(context, cancellationToken) : ApplyDestinationAsync(context, cancellationToken);

    public async Task DeleteAsync(DeletionContext context, CancellationToken cancellationToken)
    {
        try
        {
            if (context.Resource.Type == "AWS::SES::ConfigurationSet")
            {
                await ses.DeleteConfigurationSetAsync(new DeleteConfigurationSetRequest { ConfigurationSetName = context.PhysicalId }, cancellationToken).ConfigureAwait(false);
            }
            else if (context.String("ConfigurationSetName") is { } set)
            {
                await ses.DeleteConfigurationSetEventDestinationAsync(new DeleteConfigurationSetEventDestinationRequest { ConfigurationSetName = set, EventDestinationName = context.PhysicalId }, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (AmazonSimpleEmailServiceV2Exception error) when (error.ErrorCode == "NotFoundException")
        {
            // already gone
        }
    }

    private async Task<ResourceStatus> ApplySetAsync(ProvisioningContext context, CancellationToken cancellationToken)
    {
        try
        {
            await ses.GetConfigurationSetAsync(new GetConfigurationSetRequest { ConfigurationSetName = context.PhysicalId }, cancellationToken).ConfigureAwait(false);
            return ResourceStatus.Unchanged;
        }
        catch (AmazonSimpleEmailServiceV2Exception error) when (error.ErrorCode == "NotFoundException")
        {
        }

        foreach (var other in new[] { "TrackingOptions", "DeliveryOptions", "SuppressionOptions", "VdmOptions" }.Where(o => context.Properties[o] is not null))
        {
            context.Notes.Add($"{other} is not applied locally.");
        }

        await ses.CreateConfigurationSetAsync(
            new CreateConfigurationSetRequest
            {
                ConfigurationSetName = context.PhysicalId,
                ReputationOptions = Flag(context, "ReputationOptions", "ReputationMetricsEnabled") is { } reputation ? new ReputationOptions { ReputationMetricsEnabled = reputation } : null,
                SendingOptions = Flag(context, "SendingOptions", "SendingEnabled") is { } sending ? new SendingOptions { SendingEnabled = sending } : null,
            },
            cancellationToken).ConfigureAwait(false);
        return ResourceStatus.Created;
    }

    private async Task<ResourceStatus> ApplyDestinationAsync(ProvisioningContext context, CancellationToken cancellationToken)
    {
        var set = context.RequireString("ConfigurationSetName");
        var node = context.Properties["EventDestination"] as JsonObject
            ?? throw new TemplateException(context.Path("EventDestination"), "AWS::SES::ConfigurationSetEventDestination requires EventDestination.");
        var topic = node["SnsDestination"]?["TopicARN"] is { } t
            ? TemplateValues.ScalarText(t, context.Path("EventDestination.SnsDestination.TopicARN"))
            : throw new TemplateException(context.Path("EventDestination.SnsDestination"), "only SNS event destinations are applied locally.");
        var definition = new EventDestinationDefinition
        {
            Enabled = node["Enabled"] is { } e && string.Equals(TemplateValues.ScalarText(e, context.Path("EventDestination.Enabled")), "true", StringComparison.OrdinalIgnoreCase),
            MatchingEventTypes = [.. (node["MatchingEventTypes"] as JsonArray ?? []).Select(m => V2Type(TemplateValues.ScalarText(m, context.Path("EventDestination.MatchingEventTypes"))))],
            SnsDestination = new SnsDestination { TopicArn = topic },
        };
        var existing = (await ses.GetConfigurationSetEventDestinationsAsync(new GetConfigurationSetEventDestinationsRequest { ConfigurationSetName = set }, cancellationToken).ConfigureAwait(false))
            .EventDestinations.FirstOrDefault(d => d.Name == context.PhysicalId);
        if (existing is null)
        {
            await ses.CreateConfigurationSetEventDestinationAsync(new CreateConfigurationSetEventDestinationRequest { ConfigurationSetName = set, EventDestinationName = context.PhysicalId, EventDestination = definition }, cancellationToken).ConfigureAwait(false);
            return ResourceStatus.Created;
        }

        if ((existing.Enabled ?? false) == (definition.Enabled ?? false) && existing.SnsDestination?.TopicArn == topic && existing.MatchingEventTypes.Order().SequenceEqual(definition.MatchingEventTypes.Order()))
        {
            return ResourceStatus.Unchanged;
        }

        await ses.UpdateConfigurationSetEventDestinationAsync(new UpdateConfigurationSetEventDestinationRequest { ConfigurationSetName = set, EventDestinationName = context.PhysicalId, EventDestination = definition }, cancellationToken).ConfigureAwait(false);
        return ResourceStatus.Updated;
    }

    /// <summary>A CloudFormation event type (<c>send</c>, <c>renderingFailure</c>) in SESv2's spelling (<c>SEND</c>, <c>RENDERING_FAILURE</c>).</summary>
    private static string V2Type(string type) => type switch
    {
        "renderingFailure" => "RENDERING_FAILURE",
        "deliveryDelay" => "DELIVERY_DELAY",
        _ => type.ToUpperInvariant(),
    };

    private static bool? Flag(ProvisioningContext context, string property, string member) =>
        context.Properties[property]?[member] is { } value
            ? string.Equals(TemplateValues.ScalarText(value, context.Path($"{property}.{member}")), "true", StringComparison.OrdinalIgnoreCase)
            : null;
}
