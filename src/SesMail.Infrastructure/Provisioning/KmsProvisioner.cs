using System.Text.Json.Nodes;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using SesMail.Infrastructure.Template;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>
/// <c>AWS::KMS::Key</c> and <c>AWS::KMS::Alias</c>. Keys have no name, so a key is found again through the alias the
/// template gives it: when that alias exists, its key is reused; otherwise a key is created and the alias resource then
/// points the alias at it. Either way the key's rotation is brought to what the template says, so a run leaves the
/// same key, and the same notes, whether it created the key or found it. Deleting schedules the key's deletion and
/// deletes the alias.
/// </summary>
internal sealed class KmsProvisioner(IAmazonKeyManagementService kms) : IResourceProvisioner
{
    public IReadOnlyCollection<string> Types { get; } = ["AWS::KMS::Key", "AWS::KMS::Alias"];

    public Task<ResourceStatus> ApplyAsync(ProvisioningContext context, CancellationToken cancellationToken) =>
        context.Resource.Type == "AWS::KMS::Key" ? ApplyKeyAsync(context, cancellationToken) : ApplyAliasAsync(context, cancellationToken);

    /// <summary>
    /// A key is scheduled for deletion after its <c>PendingWindowInDays</c> (7–30, default 30), as CloudFormation
    /// does; an alias is deleted.
    /// </summary>
    public async Task DeleteAsync(DeletionContext context, CancellationToken cancellationToken)
    {
        try
        {
            if (context.Resource.Type == "AWS::KMS::Key")
            {
                var days = int.TryParse(context.String("PendingWindowInDays"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var d) ? Math.Clamp(d, 7, 30) : 30;
                await kms.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = context.PhysicalId, PendingWindowInDays = days }, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await kms.DeleteAliasAsync(new DeleteAliasRequest { AliasName = context.PhysicalId }, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Amazon.KeyManagementService.Model.NotFoundException)
        {
            // already gone
        }
        catch (KMSInvalidStateException)
        {
            // already pending deletion
        }
    }

    private async Task<ResourceStatus> ApplyKeyAsync(ProvisioningContext context, CancellationToken cancellationToken)
    {
        var aliasNames = context.Template.OfType("AWS::KMS::Alias")
            .Where(a => context.Evaluator.Exists(a) && RefersTo(a.Properties["TargetKeyId"], context.Resource.LogicalId))
            .Select(a => TemplateValues.ScalarText(context.Evaluator.Evaluate(a.Properties["AliasName"], $"{a.Path}.Properties.AliasName"), $"{a.Path}.Properties.AliasName"))
            .ToList();
        var aliases = await ListAliasesAsync(cancellationToken).ConfigureAwait(false);
        var existing = aliases.FirstOrDefault(a => aliasNames.Contains(a.AliasName, StringComparer.Ordinal) && !string.IsNullOrEmpty(a.TargetKeyId));
        ResourceStatus status;
        KeyMetadata metadata;
        if (existing is not null)
        {
            metadata = (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = existing.TargetKeyId }, cancellationToken).ConfigureAwait(false)).KeyMetadata;
            status = context.Bool("EnableKeyRotation") && await EnableRotationIfOffAsync(context, metadata.KeyId, cancellationToken).ConfigureAwait(false)
                ? ResourceStatus.Updated
                : ResourceStatus.Unchanged;
        }
        else
        {
            metadata = (await kms.CreateKeyAsync(
                new CreateKeyRequest
                {
                    Description = context.String("Description"),
                    KeyUsage = context.String("KeyUsage") ?? "ENCRYPT_DECRYPT",
                    KeySpec = context.String("KeySpec") ?? "SYMMETRIC_DEFAULT",
                    Policy = (context.Properties["KeyPolicy"] as JsonObject)?.ToJsonString(),
                },
                cancellationToken).ConfigureAwait(false)).KeyMetadata;
            if (context.Bool("EnableKeyRotation"))
            {
                await BackendOperations.OptionalAsync(context, "EnableKeyRotation", () => kms.EnableKeyRotationAsync(
                    new EnableKeyRotationRequest { KeyId = metadata.KeyId }, cancellationToken)).ConfigureAwait(false);
            }

            if (aliasNames.Count == 0)
            {
                context.Notes.Add("No AWS::KMS::Alias names this key, so a later run cannot find it again and will create another.");
            }

            status = ResourceStatus.Created;
        }

        context.PhysicalId = metadata.KeyId;
        context.Attributes["KeyId"] = JsonValue.Create(metadata.KeyId);
        context.Attributes["Arn"] = JsonValue.Create(metadata.Arn);
        return status;
    }

    /// <summary>
    /// Turns rotation on for a key that has it off; returns whether it did. A backend without rotation gets the same
    /// note as at creation (<c>EnableKeyRotation: not supported by the backend</c>).
    /// </summary>
    private async Task<bool> EnableRotationIfOffAsync(ProvisioningContext context, string keyId, CancellationToken cancellationToken)
    {
        bool enabled;
        try
        {
            enabled = (await kms.GetKeyRotationStatusAsync(new GetKeyRotationStatusRequest { KeyId = keyId }, cancellationToken).ConfigureAwait(false)).KeyRotationEnabled == true;
        }
        catch (Amazon.Runtime.AmazonServiceException ex) when (BackendOperations.IsNotImplemented(ex))
        {
            context.Notes.Add($"EnableKeyRotation: not supported by the backend ({ex.ErrorCode}).");
            return false;
        }

        return !enabled && await BackendOperations.OptionalAsync(context, "EnableKeyRotation", () => kms.EnableKeyRotationAsync(
            new EnableKeyRotationRequest { KeyId = keyId }, cancellationToken)).ConfigureAwait(false);
    }

    private async Task<ResourceStatus> ApplyAliasAsync(ProvisioningContext context, CancellationToken cancellationToken)
    {
        var name = context.PhysicalId;
        var target = context.RequireString("TargetKeyId");
        var keyId = (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = target }, cancellationToken).ConfigureAwait(false)).KeyMetadata.KeyId;
        var existing = (await ListAliasesAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(a => a.AliasName == name);
        if (existing is null)
        {
            await kms.CreateAliasAsync(new CreateAliasRequest { AliasName = name, TargetKeyId = keyId }, cancellationToken).ConfigureAwait(false);
            return ResourceStatus.Created;
        }

        if (existing.TargetKeyId == keyId)
        {
            return ResourceStatus.Unchanged;
        }

        await kms.UpdateAliasAsync(new UpdateAliasRequest { AliasName = name, TargetKeyId = keyId }, cancellationToken).ConfigureAwait(false);
        return ResourceStatus.Updated;
    }

    private async Task<List<AliasListEntry>> ListAliasesAsync(CancellationToken cancellationToken)
    {
        var all = new List<AliasListEntry>();
        string? marker = null;
        do
        {
            var page = await kms.ListAliasesAsync(new ListAliasesRequest { Marker = marker }, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.Aliases ?? []);
            marker = page.Truncated == true ? page.NextMarker : null;
        }
        while (marker is not null);
        return all;
    }

    private static bool RefersTo(JsonNode? node, string logicalId) =>
        TemplateValues.TryGetFunction(node, out var fn, out var arg) && fn switch
        {
            "Ref" => TemplateValues.ScalarText(arg, string.Empty) == logicalId,
            "Fn::GetAtt" => TemplateEvaluator.GetAttArguments(arg, string.Empty).Id == logicalId,
            _ => false,
        };
}
