namespace SesMail.Infrastructure.Template;

/// <summary>
/// The capabilities a template needs acknowledged before CloudFormation creates or updates a stack from it: IAM
/// resources need <c>CAPABILITY_IAM</c>, and <c>CAPABILITY_NAMED_IAM</c> when they carry a custom name
/// (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html, <c>Capabilities</c>).
/// </summary>
public static class TemplateCapabilities
{
    /// <summary>IAM resource types and the property that names each.</summary>
    private static readonly Dictionary<string, string?> IamTypes = new(StringComparer.Ordinal)
    {
        ["AWS::IAM::Role"] = "RoleName",
        ["AWS::IAM::User"] = "UserName",
        ["AWS::IAM::Group"] = "GroupName",
        ["AWS::IAM::ManagedPolicy"] = "ManagedPolicyName",
        ["AWS::IAM::InstanceProfile"] = "InstanceProfileName",
        ["AWS::IAM::Policy"] = null,
        ["AWS::IAM::AccessKey"] = null,
        ["AWS::IAM::UserToGroupAddition"] = null,
    };

    /// <summary>What the template requires.</summary>
    /// <param name="template">The template.</param>
    /// <returns>
    /// The capabilities (empty, <c>CAPABILITY_IAM</c> or <c>CAPABILITY_NAMED_IAM</c>) and CloudFormation's reason text,
    /// <c>The following resource(s) require capabilities: [AWS::IAM::Role]</c>, or <c>null</c>.
    /// </returns>
    public static (IReadOnlyList<string> Capabilities, string? Reason) Required(TemplateDocument template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var iam = template.Resources.Where(r => IamTypes.ContainsKey(r.Type)).ToList();
        if (iam.Count == 0)
        {
            return ([], null);
        }

        var named = iam.Any(r => IamTypes[r.Type] is { } nameProperty && r.Properties.ContainsKey(nameProperty));
        var reason = $"The following resource(s) require capabilities: [{string.Join(", ", iam.Select(r => r.Type).Distinct(StringComparer.Ordinal))}]";
        return ([named ? "CAPABILITY_NAMED_IAM" : "CAPABILITY_IAM"], reason);
    }

    /// <summary>The capabilities the template requires that <paramref name="acknowledged"/> lacks (<c>CAPABILITY_NAMED_IAM</c> covers <c>CAPABILITY_IAM</c>).</summary>
    /// <param name="template">The template.</param>
    /// <param name="acknowledged">The request's <c>Capabilities</c>.</param>
    /// <returns>The missing capabilities; empty when the request may proceed.</returns>
    public static IReadOnlyList<string> Missing(TemplateDocument template, IEnumerable<string> acknowledged)
    {
        var given = acknowledged.ToHashSet(StringComparer.Ordinal);
        return [.. Required(template).Capabilities.Where(c => !given.Contains(c) && !(c == "CAPABILITY_IAM" && given.Contains("CAPABILITY_NAMED_IAM")))];
    }
}
