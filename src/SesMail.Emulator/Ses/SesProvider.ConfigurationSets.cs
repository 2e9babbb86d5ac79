using System.Text.RegularExpressions;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Ses;

/// <summary>SES v1 configuration sets and their event destinations (https://docs.aws.amazon.com/ses/latest/APIReference/API_CreateConfigurationSet.html).</summary>
internal sealed partial class SesProvider
{
    public EmptyResult CreateConfigurationSet(CreateConfigurationSetRequest request, AwsRequestContext context)
    {
        var name = ConfigurationSetName(Required(request.ConfigurationSet?.Name, "ConfigurationSet.Name"));
        Configure(context, region =>
        {
            if (!region.ConfigurationSets.TryAdd(name, new SesConfigurationSet(name, time.GetUtcNow())))
            {
                throw SesErrors.ConfigurationSetAlreadyExists(name);
            }
        });
        return EmptyResult.Instance;
    }

    public EmptyResult DeleteConfigurationSet(ConfigurationSetNameRequest request, AwsRequestContext context)
    {
        var name = Required(request.ConfigurationSetName, "ConfigurationSetName");
        Configure(context, region =>
        {
            region.RequireConfigurationSet(name);
            region.ConfigurationSets.Remove(name);
        });
        return EmptyResult.Instance;
    }

    public DescribeConfigurationSetResult DescribeConfigurationSet(DescribeConfigurationSetRequest request, AwsRequestContext context)
    {
        var name = Required(request.ConfigurationSetName, "ConfigurationSetName");
        var attributes = request.ConfigurationSetAttributeNames ?? [];
        foreach (var attribute in attributes.Where(a => a is not ("eventDestinations" or "trackingOptions" or "deliveryOptions" or "reputationOptions")))
        {
            throw SesErrors.InvalidParameterValue($"Invalid ConfigurationSetAttributeName '{attribute}': use eventDestinations, trackingOptions, deliveryOptions or reputationOptions.");
        }

        return Configure(context, region =>
        {
            var set = region.RequireConfigurationSet(name);
            return new DescribeConfigurationSetResult(
                new ConfigurationSetShape(set.Name),
                attributes.Contains("eventDestinations") ? [.. set.EventDestinations.Select(V1Destination)] : null,
                attributes.Contains("reputationOptions") ? new ReputationOptionsShape(set.SendingEnabled, set.ReputationMetricsEnabled) : null);
        });
    }

    public ListConfigurationSetsResult ListConfigurationSets(ListConfigurationSetsRequest request, AwsRequestContext context)
    {
        var maxItems = request.MaxItems is { } max ? (max is >= 1 and <= 1000 ? max : throw SesErrors.InvalidParameterValue($"Invalid MaxItems '{max}'.")) : 1000;
        var start = PageStart(request.NextToken);
        var all = Configure(context, region => region.ConfigurationSets.Keys.Order(StringComparer.Ordinal).ToList());
        var page = all.Skip(start).Take(maxItems).ToList();
        return new ListConfigurationSetsResult([.. page.Select(n => new ConfigurationSetShape(n))], NextToken(start, page.Count, all.Count));
    }

    public EmptyResult UpdateConfigurationSetSendingEnabled(UpdateConfigurationSetFlagRequest request, AwsRequestContext context)
    {
        var name = Required(request.ConfigurationSetName, "ConfigurationSetName");
        var enabled = request.Enabled ?? throw SesErrors.Missing("Enabled");
        Configure(context, region => region.RequireConfigurationSet(name).SendingEnabled = enabled);
        return EmptyResult.Instance;
    }

    public EmptyResult UpdateConfigurationSetReputationMetricsEnabled(UpdateConfigurationSetFlagRequest request, AwsRequestContext context)
    {
        var name = Required(request.ConfigurationSetName, "ConfigurationSetName");
        var enabled = request.Enabled ?? throw SesErrors.Missing("Enabled");
        Configure(context, region => region.RequireConfigurationSet(name).ReputationMetricsEnabled = enabled);
        return EmptyResult.Instance;
    }

    public EmptyResult CreateConfigurationSetEventDestination(ConfigurationSetEventDestinationRequest request, AwsRequestContext context)
    {
        var setName = Required(request.ConfigurationSetName, "ConfigurationSetName");
        var destination = ReadDestination(request.EventDestination);
        Configure(context, region =>
        {
            var set = region.RequireConfigurationSet(setName);
            if (set.IndexOf(destination.Name) >= 0)
            {
                throw SesErrors.EventDestinationAlreadyExists(setName, destination.Name);
            }

            set.EventDestinations.Add(destination);
        });
        return EmptyResult.Instance;
    }

    public EmptyResult UpdateConfigurationSetEventDestination(ConfigurationSetEventDestinationRequest request, AwsRequestContext context)
    {
        var setName = Required(request.ConfigurationSetName, "ConfigurationSetName");
        var destination = ReadDestination(request.EventDestination);
        Configure(context, region =>
        {
            var set = region.RequireConfigurationSet(setName);
            var index = set.IndexOf(destination.Name);
            set.EventDestinations[index >= 0 ? index : throw SesErrors.EventDestinationDoesNotExist(setName, destination.Name)] = destination;
        });
        return EmptyResult.Instance;
    }

    public EmptyResult DeleteConfigurationSetEventDestination(DeleteConfigurationSetEventDestinationRequest request, AwsRequestContext context)
    {
        var setName = Required(request.ConfigurationSetName, "ConfigurationSetName");
        var name = Required(request.EventDestinationName, "EventDestinationName");
        Configure(context, region =>
        {
            var set = region.RequireConfigurationSet(setName);
            var index = set.IndexOf(name);
            set.EventDestinations.RemoveAt(index >= 0 ? index : throw SesErrors.EventDestinationDoesNotExist(setName, name));
        });
        return EmptyResult.Instance;
    }

    /// <summary>Checks a configuration set or event destination name as SES does: letters, digits, <c>_</c>, <c>-</c>, at most 64.</summary>
    /// <exception cref="AwsServiceException"><c>InvalidConfigurationSet</c>.</exception>
    internal static string ConfigurationSetName(string name) =>
        SetNamePattern().IsMatch(name)
            ? name
            : throw new AwsServiceException("InvalidConfigurationSet", $"Configuration set name <{name}> is invalid: use only ASCII letters, numbers, underscores or dashes, at most 64 characters.");

    /// <summary>
    /// Checks one event destination and turns it into the stored form: a name, at least one known event type, and
    /// exactly one destination, which must be SNS (the only kind emulated).
    /// </summary>
    /// <exception cref="AwsServiceException"><c>MissingParameter</c>, <c>InvalidParameterValue</c> or <c>InvalidSNSDestination</c>.</exception>
    private static SesEventDestination ReadDestination(EventDestinationShape? destination)
    {
        var name = Required(destination?.Name, "EventDestination.Name");
        if (!SetNamePattern().IsMatch(name))
        {
            throw SesErrors.InvalidParameterValue($"Event destination name <{name}> is invalid: use only ASCII letters, numbers, underscores or dashes, at most 64 characters.");
        }

        var types = destination!.MatchingEventTypes ?? [];
        if (types.Count == 0)
        {
            throw SesErrors.Missing("EventDestination.MatchingEventTypes");
        }

        var v2 = types.Select(t => SesEventTypes.FromV1(t) ?? throw SesErrors.InvalidParameterValue($"Invalid event type '{t}'.")).Distinct(StringComparer.Ordinal).ToList();
        if (destination.CloudWatchDestination is not null || destination.KinesisFirehoseDestination is not null)
        {
            throw SesErrors.InvalidParameterValue("Only SNS event destinations (SNSDestination) are emulated by SesMail.Emulator.");
        }

        var topic = Required(destination.SNSDestination?.TopicARN, "EventDestination.SNSDestination.TopicARN");
        return new SesEventDestination(name, destination.Enabled ?? false, v2, SnsTopic(topic));
    }

    /// <summary>A topic ARN an event destination may name.</summary>
    /// <exception cref="AwsServiceException"><c>InvalidSNSDestination</c>.</exception>
    internal static string SnsTopic(string arn) =>
        arn.Split(':') is ["arn", _, "sns", { Length: > 0 }, { Length: 12 }, { Length: > 0 }]
            ? arn
            : throw SesErrors.InvalidSnsDestination($"Invalid SNS topic ARN <{arn}>.");

    private static EventDestinationShape V1Destination(SesEventDestination destination) =>
        new(destination.Name, destination.Enabled, [.. destination.MatchingEventTypes.Select(SesEventTypes.ToV1)], new SnsDestinationShape(destination.TopicArn), null, null);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex SetNamePattern();
}
