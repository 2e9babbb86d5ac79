using System.Globalization;
using System.Net;

namespace SesMail.Emulator.Iam.Policies;

/// <summary>
/// IAM condition operators (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html):
/// string, numeric, date, Boolean, binary, IP address and ARN operators, each with its <c>…IfExists</c> form, the
/// <c>Null</c> check, and the set qualifiers <c>ForAnyValue:</c>/<c>ForAllValues:</c>
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
/// </summary>
/// <remarks>
/// A key absent from the request makes a condition false, except that negated operators (<c>StringNotEquals</c>,
/// <c>ArnNotLike</c>, …), <c>…IfExists</c> and <c>ForAllValues:</c> are then true. Several values for one key are
/// alternatives (any may match); for negated operators the request value must match none of them.
/// </remarks>
internal static class ConditionOperators
{
    private static readonly HashSet<string> Positive = new(StringComparer.Ordinal)
    {
        "StringEquals", "StringEqualsIgnoreCase", "StringLike", "NumericEquals", "NumericLessThan", "NumericLessThanEquals",
        "NumericGreaterThan", "NumericGreaterThanEquals", "DateEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan",
        "DateGreaterThanEquals", "Bool", "BinaryEquals", "IpAddress", "ArnEquals", "ArnLike",
    };

    private static readonly Dictionary<string, string> Negated = new(StringComparer.Ordinal)
    {
        ["StringNotEquals"] = "StringEquals",
        ["StringNotEqualsIgnoreCase"] = "StringEqualsIgnoreCase",
        ["StringNotLike"] = "StringLike",
        ["NumericNotEquals"] = "NumericEquals",
        ["DateNotEquals"] = "DateEquals",
        ["NotIpAddress"] = "IpAddress",
        ["ArnNotEquals"] = "ArnEquals",
        ["ArnNotLike"] = "ArnLike",
    };

    /// <summary>Whether IAM knows the operator (with its qualifier and suffix).</summary>
    /// <param name="name">E.g. <c>ForAnyValue:StringLikeIfExists</c>.</param>
    /// <returns><c>true</c> when known.</returns>
    public static bool IsKnown(string name) => Parse(name) is not null;

    /// <summary>Whether one operator/key pair holds for the request.</summary>
    /// <param name="condition">The pair and its policy values.</param>
    /// <param name="keys">The request's condition keys.</param>
    /// <param name="variables">Whether the document replaces policy variables.</param>
    /// <returns><c>true</c> when the condition holds.</returns>
    public static bool Holds(PolicyCondition condition, RequestContextKeys keys, bool variables)
    {
        var op = Parse(condition.Operator) ?? throw new PolicyFormatException($"Invalid Condition type : {condition.Operator}.");
        var values = keys.Get(condition.Key);
        if (op.Base == "Null")
        {
            var absent = values is null or { Count: 0 };
            return condition.Values.Any(v => string.Equals(v, "true", StringComparison.OrdinalIgnoreCase) == absent);
        }

        if (values is null || (values.Count == 0 && op.Set is not null))
        {
            return op.IfExists || op.Set == "ForAllValues" || (op.Set is null && op.Negated);
        }

        var policyValues = condition.Values
            .Select(v => variables && op.AllowsVariables ? PolicyVariables.Substitute(v, keys) : v)
            .OfType<string>()
            .ToList();

        bool MatchesOne(string requestValue)
        {
            var any = policyValues.Any(p => Compare(op.Base, p, requestValue));
            return op.Negated ? !any : any;
        }

        return op.Set switch
        {
            "ForAllValues" => values.All(MatchesOne),
            "ForAnyValue" => values.Any(MatchesOne),
            _ when op.Negated => values.All(MatchesOne),
            _ => values.Any(MatchesOne),
        };
    }

    private static bool Compare(string op, string policy, string request) => op switch
    {
        "StringEquals" => Wildcard.IsEqual(policy, request),
        "StringEqualsIgnoreCase" => Wildcard.IsEqual(policy, request, ignoreCase: true),
        "StringLike" => Wildcard.IsMatch(policy, request),
        "ArnEquals" or "ArnLike" => Wildcard.IsArnMatch(policy, request),
        "Bool" => string.Equals(policy, request, StringComparison.OrdinalIgnoreCase),
        "BinaryEquals" => string.Equals(policy, request, StringComparison.Ordinal),
        "IpAddress" => IpMatch(policy, request),
        _ when op.StartsWith("Numeric", StringComparison.Ordinal) => Number(policy) is { } p && Number(request) is { } r && Order(op["Numeric".Length..], r.CompareTo(p)),
        _ when op.StartsWith("Date", StringComparison.Ordinal) => Date(policy) is { } p && Date(request) is { } r && Order(op["Date".Length..], r.CompareTo(p)),
        _ => false,
    };

    private static bool Order(string relation, int comparison) => relation switch
    {
        "Equals" => comparison == 0,
        "LessThan" => comparison < 0,
        "LessThanEquals" => comparison <= 0,
        "GreaterThan" => comparison > 0,
        "GreaterThanEquals" => comparison >= 0,
        _ => false,
    };

    private static decimal? Number(string text) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static DateTimeOffset? Date(string text)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch))
        {
            return DateTimeOffset.FromUnixTimeSeconds(epoch);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
    }

    private static bool IpMatch(string policy, string request)
    {
        if (!IPAddress.TryParse(request, out var address))
        {
            return false;
        }

        if (!policy.Contains('/', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(policy, out var single) && single.Equals(address);
        }

        return IPNetwork.TryParse(policy, out var network) && network.Contains(address);
    }

    private static Operator? Parse(string name)
    {
        string? set = null;
        var rest = name;
        foreach (var qualifier in (string[])["ForAnyValue:", "ForAllValues:"])
        {
            if (rest.StartsWith(qualifier, StringComparison.Ordinal))
            {
                set = qualifier[..^1];
                rest = rest[qualifier.Length..];
            }
        }

        if (rest == "Null")
        {
            return set is null ? new Operator("Null", set, false, false) : null;
        }

        var ifExists = rest.EndsWith("IfExists", StringComparison.Ordinal);
        if (ifExists)
        {
            rest = rest[..^"IfExists".Length];
        }

        if (Positive.Contains(rest))
        {
            return new Operator(rest, set, ifExists, false);
        }

        return Negated.TryGetValue(rest, out var positive) ? new Operator(positive, set, ifExists, true) : null;
    }

    private sealed record Operator(string Base, string? Set, bool IfExists, bool Negated)
    {
        public bool AllowsVariables => Base.StartsWith("String", StringComparison.Ordinal) || Base.StartsWith("Arn", StringComparison.Ordinal);
    }
}
