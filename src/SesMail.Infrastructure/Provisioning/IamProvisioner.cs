using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.IdentityManagement;
using Amazon.IdentityManagement.Model;
using SesMail.Infrastructure.Template;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>
/// <c>AWS::IAM::Role</c>: the role with its trust policy (<c>AssumeRolePolicyDocument</c>), <c>Path</c>,
/// <c>Description</c> and <c>MaxSessionDuration</c>; its inline <c>Policies</c> (added, replaced when they differ, and
/// removed when the template no longer has them, so a role never keeps a grant the template dropped); and its
/// <c>ManagedPolicyArns</c> (attached and detached to match). A second run with the same template changes nothing.
/// Deletion removes the policies, then the role.
/// </summary>
/// <remarks>
/// Not applied: <c>Tags</c> after creation, <c>PermissionsBoundary</c> (recorded as a note), and a changed <c>Path</c>,
/// which CloudFormation applies by replacing the role.
/// </remarks>
internal sealed class IamProvisioner(IAmazonIdentityManagementService iam) : IResourceProvisioner
{
    public IReadOnlyCollection<string> Types { get; } = ["AWS::IAM::Role"];

    public async Task<ResourceStatus> ApplyAsync(ProvisioningContext context, CancellationToken cancellationToken)
    {
        var name = context.PhysicalId;
        var trust = Document(context.Properties["AssumeRolePolicyDocument"], context.Path("AssumeRolePolicyDocument"))
            ?? throw new TemplateException(context.Path("AssumeRolePolicyDocument"), "AWS::IAM::Role requires AssumeRolePolicyDocument.");
        if (context.Properties["PermissionsBoundary"] is not null)
        {
            context.Notes.Add("PermissionsBoundary: not applied (the emulator does not evaluate permissions boundaries).");
        }

        var status = ResourceStatus.Unchanged;
        Role role;
        try
        {
            role = (await iam.GetRoleAsync(new GetRoleRequest { RoleName = name }, cancellationToken).ConfigureAwait(false)).Role;
            if (!SameJson(role.AssumeRolePolicyDocument, trust))
            {
                await iam.UpdateAssumeRolePolicyAsync(new UpdateAssumeRolePolicyRequest { RoleName = name, PolicyDocument = trust }, cancellationToken).ConfigureAwait(false);
                status = ResourceStatus.Updated;
            }
        }
        catch (AmazonIdentityManagementServiceException ex) when (ex.ErrorCode == "NoSuchEntity")
        {
            role = (await iam.CreateRoleAsync(new CreateRoleRequest
            {
                RoleName = name,
                AssumeRolePolicyDocument = trust,
                Path = context.String("Path"),
                Description = context.String("Description"),
                MaxSessionDuration = context.String("MaxSessionDuration") is { } seconds ? int.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture) : null,
                Tags = [.. (context.Properties["Tags"] as JsonArray ?? []).Select(t => new Tag
                {
                    Key = TemplateValues.ScalarText(t?["Key"], context.Path("Tags")),
                    Value = TemplateValues.ScalarText(t?["Value"], context.Path("Tags")),
                })],
            }, cancellationToken).ConfigureAwait(false)).Role;
            status = ResourceStatus.Created;
        }

        if (await ApplyInlinePoliciesAsync(context, name, cancellationToken).ConfigureAwait(false) && status == ResourceStatus.Unchanged)
        {
            status = ResourceStatus.Updated;
        }

        if (await ApplyManagedPoliciesAsync(context, name, cancellationToken).ConfigureAwait(false) && status == ResourceStatus.Unchanged)
        {
            status = ResourceStatus.Updated;
        }

        context.Attributes["Arn"] = JsonValue.Create(role.Arn);
        context.Attributes["RoleId"] = JsonValue.Create(role.RoleId);
        return status;
    }

    /// <summary>
    /// Deletes the role as CloudFormation does: its inline policies, then its managed policy attachments, then the role
    /// (IAM refuses a role that still has either: <c>DeleteConflict</c>).
    /// </summary>
    public async Task DeleteAsync(DeletionContext context, CancellationToken cancellationToken)
    {
        var name = context.PhysicalId;
        try
        {
            foreach (var policy in (await iam.ListRolePoliciesAsync(new ListRolePoliciesRequest { RoleName = name }, cancellationToken).ConfigureAwait(false)).PolicyNames)
            {
                await iam.DeleteRolePolicyAsync(new DeleteRolePolicyRequest { RoleName = name, PolicyName = policy }, cancellationToken).ConfigureAwait(false);
            }

            foreach (var attached in (await iam.ListAttachedRolePoliciesAsync(new ListAttachedRolePoliciesRequest { RoleName = name }, cancellationToken).ConfigureAwait(false)).AttachedPolicies)
            {
                await iam.DetachRolePolicyAsync(new DetachRolePolicyRequest { RoleName = name, PolicyArn = attached.PolicyArn }, cancellationToken).ConfigureAwait(false);
            }

            await iam.DeleteRoleAsync(new DeleteRoleRequest { RoleName = name }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonIdentityManagementServiceException ex) when (ex.ErrorCode == "NoSuchEntity")
        {
            // already gone
        }
    }

    private async Task<bool> ApplyInlinePoliciesAsync(ProvisioningContext context, string role, CancellationToken cancellationToken)
    {
        var wanted = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var policy in context.Properties["Policies"] as JsonArray ?? [])
        {
            var name = TemplateValues.ScalarText(policy?["PolicyName"], context.Path("Policies"));
            wanted[name] = Document(policy?["PolicyDocument"], context.Path($"Policies.{name}.PolicyDocument"))
                ?? throw new TemplateException(context.Path("Policies"), $"The policy {name} has no PolicyDocument.");
        }

        var changed = false;
        var existing = (await iam.ListRolePoliciesAsync(new ListRolePoliciesRequest { RoleName = role }, cancellationToken).ConfigureAwait(false)).PolicyNames;
        foreach (var (name, document) in wanted)
        {
            if (existing.Contains(name, StringComparer.Ordinal))
            {
                var current = await iam.GetRolePolicyAsync(new GetRolePolicyRequest { RoleName = role, PolicyName = name }, cancellationToken).ConfigureAwait(false);
                if (SameJson(current.PolicyDocument, document))
                {
                    continue;
                }
            }

            await iam.PutRolePolicyAsync(new PutRolePolicyRequest { RoleName = role, PolicyName = name, PolicyDocument = document }, cancellationToken).ConfigureAwait(false);
            changed = true;
        }

        foreach (var stale in existing.Where(n => !wanted.ContainsKey(n)))
        {
            await iam.DeleteRolePolicyAsync(new DeleteRolePolicyRequest { RoleName = role, PolicyName = stale }, cancellationToken).ConfigureAwait(false);
            changed = true;
        }

        return changed;
    }

    private async Task<bool> ApplyManagedPoliciesAsync(ProvisioningContext context, string role, CancellationToken cancellationToken)
    {
        var wanted = (context.Properties["ManagedPolicyArns"] as JsonArray ?? [])
            .Select(a => TemplateValues.ScalarText(a, context.Path("ManagedPolicyArns")))
            .ToHashSet(StringComparer.Ordinal);
        var attached = (await iam.ListAttachedRolePoliciesAsync(new ListAttachedRolePoliciesRequest { RoleName = role }, cancellationToken).ConfigureAwait(false))
            .AttachedPolicies.Select(p => p.PolicyArn).ToHashSet(StringComparer.Ordinal);
        var changed = false;
        foreach (var arn in wanted.Except(attached))
        {
            await iam.AttachRolePolicyAsync(new AttachRolePolicyRequest { RoleName = role, PolicyArn = arn }, cancellationToken).ConfigureAwait(false);
            changed = true;
        }

        foreach (var arn in attached.Except(wanted))
        {
            await iam.DetachRolePolicyAsync(new DetachRolePolicyRequest { RoleName = role, PolicyArn = arn }, cancellationToken).ConfigureAwait(false);
            changed = true;
        }

        return changed;
    }

    /// <summary>A policy document as JSON text: CloudFormation accepts it as an object or as a JSON string.</summary>
    private static string? Document(JsonNode? node, string path) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonObject => node.ToJsonString(),
        _ => throw new TemplateException(path, "A policy document must be an object or a JSON string."),
    };

    private static bool SameJson(string a, string b)
    {
        try
        {
            return JsonNode.DeepEquals(JsonNode.Parse(a), JsonNode.Parse(b));
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
