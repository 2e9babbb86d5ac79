using System.Text.Json;

namespace SesMail.Emulator.Iam.Policies;

/// <summary>What a policy document is attached to, which decides the elements it must and must not have.</summary>
internal enum PolicyKind
{
    /// <summary>An identity-based policy (inline or managed, on a user or role): no <c>Principal</c>.</summary>
    Identity,

    /// <summary>A resource-based policy (bucket, topic, queue): every statement names a <c>Principal</c> or <c>NotPrincipal</c>.</summary>
    Resource,

    /// <summary>A role's trust policy: a resource-based policy whose actions are STS actions.</summary>
    Trust,
}

/// <summary>A statement's <c>Effect</c>.</summary>
internal enum PolicyEffect
{
    /// <summary><c>"Effect": "Allow"</c>.</summary>
    Allow,

    /// <summary><c>"Effect": "Deny"</c>.</summary>
    Deny,
}

/// <summary>
/// An IAM JSON policy document, parsed and validated as IAM validates it
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html): <c>Version</c>, and one or more
/// statements with <c>Sid</c>, <c>Effect</c>, <c>Principal</c>/<c>NotPrincipal</c>, <c>Action</c>/<c>NotAction</c>,
/// <c>Resource</c>/<c>NotResource</c> and <c>Condition</c>. A single value and a one-element array are the same.
/// </summary>
/// <param name="Version"><c>2012-10-17</c> (policy variables are replaced) or <c>2008-10-17</c> (the default; they are not).</param>
/// <param name="Statements">The statements, in document order.</param>
internal sealed record PolicyDocument(string Version, IReadOnlyList<PolicyStatement> Statements)
{
    /// <summary>The current policy language version, the only one in which <c>${…}</c> policy variables are replaced.</summary>
    public const string CurrentVersion = "2012-10-17";

    private static readonly HashSet<string> TopLevel = new(StringComparer.Ordinal) { "Version", "Id", "Statement" };

    private static readonly HashSet<string> StatementMembers = new(StringComparer.Ordinal)
    {
        "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition",
    };

    /// <summary>Whether <c>${…}</c> variables are replaced in this document.</summary>
    public bool SupportsVariables => Version == CurrentVersion;

    /// <summary>Parses and validates a policy document.</summary>
    /// <param name="json">The document text.</param>
    /// <param name="kind">Where the document is used.</param>
    /// <returns>The document.</returns>
    /// <exception cref="PolicyFormatException">The document is not valid for <paramref name="kind"/>; the message is IAM's.</exception>
    public static PolicyDocument Parse(string json, PolicyKind kind)
    {
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException)
        {
            throw new PolicyFormatException("Syntax errors in policy.");
        }

        using (parsed)
        {
            var root = parsed.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new PolicyFormatException("Syntax errors in policy.");
            }

            var version = "2008-10-17";
            JsonElement? statement = null;
            foreach (var member in root.EnumerateObject())
            {
                if (!TopLevel.Contains(member.Name))
                {
                    throw new PolicyFormatException("Syntax errors in policy.");
                }

                switch (member.Name)
                {
                    case "Version":
                        version = member.Value.ValueKind == JsonValueKind.String ? member.Value.GetString()! : string.Empty;
                        if (version is not ("2012-10-17" or "2008-10-17"))
                        {
                            throw new PolicyFormatException("The policy failed legacy parsing");
                        }

                        break;
                    case "Statement":
                        statement = member.Value.Clone();
                        break;
                }
            }

            if (statement is not { } list)
            {
                throw new PolicyFormatException("Missing required field Statement");
            }

            var elements = list.ValueKind switch
            {
                JsonValueKind.Array => [.. list.EnumerateArray()],
                JsonValueKind.Object => new List<JsonElement> { list },
                _ => throw new PolicyFormatException("Syntax errors in policy."),
            };
            if (elements.Count == 0)
            {
                throw new PolicyFormatException("Syntax errors in policy.");
            }

            var statements = elements.Select(e => ParseStatement(e, kind)).ToList();
            var sids = statements.Where(s => s.Sid is { Length: > 0 }).GroupBy(s => s.Sid, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (sids is not null)
            {
                throw new PolicyFormatException("Statement IDs (SID) in a single policy must be unique");
            }

            return new PolicyDocument(version, statements);
        }
    }

    /// <summary>Parses a document, or returns <c>null</c> when it is not valid (a stored resource policy that no longer parses grants nothing).</summary>
    /// <param name="json">The document text, or <c>null</c>.</param>
    /// <param name="kind">Where the document is used.</param>
    /// <returns>The document or <c>null</c>.</returns>
    public static PolicyDocument? TryParse(string? json, PolicyKind kind)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        if (ParsedCache.TryGetValue((json, kind), out var cached))
        {
            return cached;
        }

        PolicyDocument? document;
        try
        {
            document = Parse(json, kind);
        }
        catch (PolicyFormatException)
        {
            document = null;
        }

        if (ParsedCache.Count >= ParsedCacheLimit)
        {
            ParsedCache.Clear(); // a few dozen documents in practice; the bound only stops unbounded growth
        }

        ParsedCache[(json, kind)] = document;
        return document;
    }

    /// <summary>Documents already parsed by <see cref="TryParse"/>: every authorized request evaluates the caller's
    /// policies, whose text rarely changes, and a parsed document is immutable, so it is shared.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Json, PolicyKind Kind), PolicyDocument?> ParsedCache = new();

    private const int ParsedCacheLimit = 1024;

    private static PolicyStatement ParseStatement(JsonElement element, PolicyKind kind)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyFormatException("Syntax errors in policy.");
        }

        foreach (var member in element.EnumerateObject())
        {
            if (!StatementMembers.Contains(member.Name))
            {
                throw new PolicyFormatException("Syntax errors in policy.");
            }
        }

        var sid = element.TryGetProperty("Sid", out var s) ? s.ValueKind == JsonValueKind.String ? s.GetString() : throw new PolicyFormatException("Syntax errors in policy.") : null;
        if (!element.TryGetProperty("Effect", out var effectElement))
        {
            throw new PolicyFormatException("Missing required field Effect");
        }

        var effect = effectElement.ValueKind == JsonValueKind.String ? effectElement.GetString() : null;
        var parsedEffect = effect switch
        {
            "Allow" => PolicyEffect.Allow,
            "Deny" => PolicyEffect.Deny,
            _ => throw new PolicyFormatException($"Invalid effect: {effect}"),
        };

        var action = Strings(element, "Action");
        var notAction = Strings(element, "NotAction");
        if (action is null == notAction is null)
        {
            throw new PolicyFormatException(action is null ? "Policy statement must contain actions." : "Syntax errors in policy.");
        }

        foreach (var a in action ?? notAction!)
        {
            if (a != "*" && !ActionPattern(a))
            {
                throw new PolicyFormatException($"Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
            }
        }

        var resource = Strings(element, "Resource");
        var notResource = Strings(element, "NotResource");
        if (resource is not null && notResource is not null)
        {
            throw new PolicyFormatException("Syntax errors in policy.");
        }

        if (resource is null && notResource is null && kind == PolicyKind.Identity)
        {
            throw new PolicyFormatException("Policy statement must contain resources.");
        }

        foreach (var r in resource ?? notResource ?? [])
        {
            if (r != "*" && !r.StartsWith("arn:", StringComparison.Ordinal))
            {
                throw new PolicyFormatException($"Resource {r} must be in ARN format or \"*\".");
            }
        }

        var principal = Principals(element, "Principal");
        var notPrincipal = Principals(element, "NotPrincipal");
        if (kind == PolicyKind.Identity && (principal is not null || notPrincipal is not null))
        {
            throw new PolicyFormatException("Policy document should not specify a principal.");
        }

        if (kind != PolicyKind.Identity && principal is null && notPrincipal is null)
        {
            throw new PolicyFormatException("Missing required field Principal");
        }

        if (kind == PolicyKind.Trust && (action ?? []).Any(a => !a.StartsWith("sts:", StringComparison.OrdinalIgnoreCase) && a != "*"))
        {
            throw new PolicyFormatException("AssumeRole policy may only specify STS AssumeRole actions.");
        }

        return new PolicyStatement(sid, parsedEffect, principal, notPrincipal, action, notAction, resource, notResource, Conditions(element));
    }

    private static bool ActionPattern(string action)
    {
        var colon = action.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < action.Length - 1 && action[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
    }

    private static List<string>? Strings(JsonElement statement, string name)
    {
        if (!statement.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString()!],
            JsonValueKind.Array when value.GetArrayLength() > 0 && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String) =>
                [.. value.EnumerateArray().Select(v => v.GetString()!)],
            _ => throw new PolicyFormatException("Syntax errors in policy."),
        };
    }

    private static PolicyPrincipal? Principals(JsonElement statement, string name)
    {
        if (!statement.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString() == "*"
                ? PolicyPrincipal.Everyone
                : throw new PolicyFormatException($"Invalid principal in policy: \"{value.GetString()}\"");
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyFormatException("Syntax errors in policy.");
        }

        var byType = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var member in value.EnumerateObject())
        {
            if (member.Name is not ("AWS" or "Service" or "Federated" or "CanonicalUser"))
            {
                throw new PolicyFormatException($"Invalid principal in policy: \"{member.Name}\"");
            }

            byType[member.Name] = member.Value.ValueKind switch
            {
                JsonValueKind.String => [member.Value.GetString()!],
                JsonValueKind.Array when member.Value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String) =>
                    [.. member.Value.EnumerateArray().Select(v => v.GetString()!)],
                _ => throw new PolicyFormatException("Syntax errors in policy."),
            };
        }

        return new PolicyPrincipal(byType);
    }

    private static List<PolicyCondition> Conditions(JsonElement statement)
    {
        var conditions = new List<PolicyCondition>();
        if (!statement.TryGetProperty("Condition", out var block))
        {
            return conditions;
        }

        if (block.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyFormatException("Syntax errors in policy.");
        }

        foreach (var op in block.EnumerateObject())
        {
            if (!ConditionOperators.IsKnown(op.Name))
            {
                throw new PolicyFormatException($"Invalid Condition type : {op.Name}.");
            }

            if (op.Value.ValueKind != JsonValueKind.Object)
            {
                throw new PolicyFormatException("Syntax errors in policy.");
            }

            foreach (var key in op.Value.EnumerateObject())
            {
                var values = key.Value.ValueKind switch
                {
                    JsonValueKind.Array => key.Value.EnumerateArray().Select(Scalar).ToList(),
                    _ => [Scalar(key.Value)],
                };
                conditions.Add(new PolicyCondition(op.Name, key.Name, values));
            }
        }

        return conditions;

        static string Scalar(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => value.GetRawText(),
            _ => throw new PolicyFormatException("Syntax errors in policy."),
        };
    }
}

/// <summary>One statement of a <see cref="PolicyDocument"/>. Exactly one of each pair (<c>Action</c>/<c>NotAction</c>, …) is set.</summary>
/// <param name="Sid">The statement id, or <c>null</c>.</param>
/// <param name="Effect">Allow or Deny.</param>
/// <param name="Principal">Who the statement applies to (resource-based policies), or <c>null</c>.</param>
/// <param name="NotPrincipal">Who it does not apply to, or <c>null</c>.</param>
/// <param name="Action">Action patterns (<c>service:Operation</c>, wildcards <c>*</c> and <c>?</c>), or <c>null</c>.</param>
/// <param name="NotAction">Excluded action patterns, or <c>null</c>.</param>
/// <param name="Resource">Resource ARN patterns, or <c>null</c> (resource-based policies may omit it).</param>
/// <param name="NotResource">Excluded resource ARN patterns, or <c>null</c>.</param>
/// <param name="Conditions">Every operator/key pair of the <c>Condition</c> block; all must hold.</param>
internal sealed record PolicyStatement(
    string? Sid,
    PolicyEffect Effect,
    PolicyPrincipal? Principal,
    PolicyPrincipal? NotPrincipal,
    IReadOnlyList<string>? Action,
    IReadOnlyList<string>? NotAction,
    IReadOnlyList<string>? Resource,
    IReadOnlyList<string>? NotResource,
    IReadOnlyList<PolicyCondition> Conditions);

/// <summary>A <c>Principal</c> element: <c>"*"</c>, or principals by type (<c>AWS</c>, <c>Service</c>, <c>Federated</c>, <c>CanonicalUser</c>).</summary>
/// <param name="ByType">Type → principal identifiers (ARNs, account ids, service names).</param>
internal sealed record PolicyPrincipal(IReadOnlyDictionary<string, IReadOnlyList<string>> ByType)
{
    /// <summary><c>"Principal": "*"</c>: everyone.</summary>
    public static PolicyPrincipal Everyone { get; } = new(new Dictionary<string, IReadOnlyList<string>> { ["AWS"] = ["*"] });
}

/// <summary>One operator/key pair of a <c>Condition</c> block.</summary>
/// <param name="Operator">The operator as written, e.g. <c>ForAnyValue:StringLikeIfExists</c>.</param>
/// <param name="Key">The condition key, e.g. <c>aws:SourceArn</c> (matched case-insensitively).</param>
/// <param name="Values">The policy's values; any may match.</param>
internal sealed record PolicyCondition(string Operator, string Key, IReadOnlyList<string> Values);

/// <summary>A policy document that IAM would refuse with <c>MalformedPolicyDocument</c>.</summary>
/// <param name="message">IAM's message, e.g. <c>Syntax errors in policy.</c>.</param>
internal sealed class PolicyFormatException(string message) : Exception(message);
