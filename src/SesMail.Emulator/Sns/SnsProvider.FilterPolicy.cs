using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SesMail.Emulator.EventBridge;
using SesMail.Emulator.Protocols;
using SesMail.Emulator.Sns.Shapes;

namespace SesMail.Emulator.Sns;

/// <summary>
/// Subscription filter policies (https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html):
/// a subscription with a <c>FilterPolicy</c> receives only the messages it matches, on the message attributes
/// (<c>FilterPolicyScope</c> <c>MessageAttributes</c>, the default) or on the JSON message body (<c>MessageBody</c>).
/// </summary>
/// <remarks>
/// The policy language is EventBridge's pattern language (exact values, <c>prefix</c>, <c>suffix</c>,
/// <c>anything-but</c>, <c>numeric</c>, <c>exists</c>, <c>equals-ignore-case</c>, <c>$or</c>), so policies compile
/// with <see cref="EventPattern"/>. Attributes are matched by type: <c>String</c> as a string, <c>Number</c> as a
/// number, <c>String.Array</c> as its JSON array; <c>Binary</c> attributes are never matched, as in SNS.
/// </remarks>
internal sealed partial class SnsProvider
{
    private static readonly ConcurrentDictionary<string, EventPattern> FilterPolicies = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="subscription"/> takes this message under its filter policy (no policy: always).</summary>
    private static bool PassesFilterPolicy(SnsSubscription subscription, string message, Dictionary<string, SnsMessageAttributeValue>? attributes)
    {
        var policy = subscription.Attribute("FilterPolicy");
        if (string.IsNullOrWhiteSpace(policy))
        {
            return true;
        }

        var pattern = FilterPolicies.GetOrAdd(policy, static text => EventPattern.Parse(text));
        if (subscription.Attribute("FilterPolicyScope") == "MessageBody")
        {
            try
            {
                return JsonNode.Parse(message) is JsonObject body && pattern.Matches(body);
            }
            catch (JsonException)
            {
                return false; // a body-scoped policy never matches a body that is not a JSON object
            }
        }

        var document = new JsonObject();
        foreach (var (name, value) in attributes ?? [])
        {
            if (AttributeNode(value) is { } node)
            {
                document[name] = node;
            }
        }

        return pattern.Matches(document);
    }

    private static JsonNode? AttributeNode(SnsMessageAttributeValue value)
    {
        var type = value.DataType ?? string.Empty;
        if (type.StartsWith("Number", StringComparison.Ordinal)
            && double.TryParse(value.StringValue, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        if (type == "String.Array" && value.StringValue is { } array)
        {
            try
            {
                return JsonNode.Parse(array) as JsonArray ?? (JsonNode?)JsonValue.Create(array);
            }
            catch (JsonException)
            {
                return JsonValue.Create(array);
            }
        }

        return type.StartsWith("String", StringComparison.Ordinal) && value.StringValue is { } text ? JsonValue.Create(text) : null;
    }

    /// <summary>Validates <c>FilterPolicy</c> and <c>FilterPolicyScope</c> as Subscribe and SetSubscriptionAttributes do.</summary>
    private static void CheckFilterPolicy(IReadOnlyDictionary<string, string> attributes)
    {
        if (attributes.TryGetValue("FilterPolicyScope", out var scope) && scope is not ("MessageAttributes" or "MessageBody"))
        {
            throw SnsErrors.InvalidParameter($"Attributes Reason: FilterPolicyScope: Invalid value [{scope}]. Please use either MessageBody or MessageAttributes");
        }

        if (attributes.TryGetValue("FilterPolicy", out var policy) && !string.IsNullOrWhiteSpace(policy))
        {
            try
            {
                FilterPolicies.GetOrAdd(policy, static text => EventPattern.Parse(text));
            }
            catch (AwsServiceException error)
            {
                throw SnsErrors.InvalidParameter($"Attributes Reason: FilterPolicy: {error.Message}");
            }
        }
    }
}
