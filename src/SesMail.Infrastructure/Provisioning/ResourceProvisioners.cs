namespace SesMail.Infrastructure.Provisioning;

/// <summary>
/// The registry of resource provisioners: one line per AWS service. A new service's provisioner (and its client in
/// <see cref="ProvisioningClients"/>) is added here and nowhere else; <see cref="StackProvisioner"/>, the emulator's
/// CloudFormation and the change-set planner pick it up from this list.
/// </summary>
internal static class ResourceProvisioners
{
    /// <summary>Every provisioner, over one backend's clients.</summary>
    /// <param name="clients">The backend's API clients.</param>
    /// <returns>The provisioners; each declares the types it applies.</returns>
    public static IReadOnlyList<IResourceProvisioner> For(ProvisioningClients clients) =>
    [
        new S3Provisioner(clients.S3),
        new SqsProvisioner(clients.Sqs),
        new DynamoDbProvisioner(clients.DynamoDb),
        new SsmProvisioner(clients.Ssm),
        new KmsProvisioner(clients.Kms),
        new SnsProvisioner(clients.Sns),
        new EventBridgeProvisioner(clients.EventBridge),
        new SesProvisioner(clients.Ses),
        new IamProvisioner(clients.Iam),
        new LambdaProvisioner(clients.Lambda, clients.S3),
        new PipesProvisioner(clients.Pipes),
        .. clients.CloudWatch is null ? (IResourceProvisioner[])[] : [new CloudWatchProvisioner(clients.CloudWatch)],
        .. clients.CloudWatchLogs is null ? (IResourceProvisioner[])[] : [new LogsProvisioner(clients.CloudWatchLogs)],
        .. clients.StepFunctions is null ? (IResourceProvisioner[])[] : [new StepFunctionsProvisioner(clients.StepFunctions, clients.S3)],
        .. clients.SesV2 is null ? (IResourceProvisioner[])[] : [new SesConfigurationSetProvisioner(clients.SesV2)],
    ];
}
