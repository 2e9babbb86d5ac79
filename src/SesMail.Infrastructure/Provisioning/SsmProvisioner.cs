using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>
/// <c>AWS::SSM::Parameter</c>: created with the template's value when missing; a parameter that exists is never
/// overwritten, because operators replace the placeholders with real OAuth material (docs/OPERATIONS.md#the-gmail-token).
/// Deletion removes the parameter.
/// </summary>
internal sealed class SsmProvisioner(IAmazonSimpleSystemsManagement ssm) : IResourceProvisioner
{
    public IReadOnlyCollection<string> Types { get; } = ["AWS::SSM::Parameter"];

    /// <summary>DeleteParameter (the operator's value goes with it, as with CloudFormation).</summary>
    public async Task DeleteAsync(DeletionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await ssm.DeleteParameterAsync(new DeleteParameterRequest { Name = context.PhysicalId }, cancellationToken).ConfigureAwait(false);
        }
        catch (ParameterNotFoundException)
        {
            // already gone
        }
    }

    public async Task<ResourceStatus> ApplyAsync(ProvisioningContext context, CancellationToken cancellationToken)
    {
        try
        {
            await ssm.GetParameterAsync(new GetParameterRequest { Name = context.PhysicalId }, cancellationToken).ConfigureAwait(false);
            return ResourceStatus.Unchanged;
        }
        catch (ParameterNotFoundException)
        {
            await ssm.PutParameterAsync(
                new PutParameterRequest
                {
                    Name = context.PhysicalId,
                    Value = context.RequireString("Value"),
                    Type = context.String("Type") ?? "String",
                    Description = context.String("Description"),
                    Overwrite = false,
                },
                cancellationToken).ConfigureAwait(false);
            return ResourceStatus.Created;
        }
    }
}
