using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SesMail.Infrastructure.Template;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>
/// Applies a CloudFormation template to a backend through the AWS APIs, in dependency order and idempotently
/// (a second run creates nothing and changes nothing), and returns the resolved stack.
/// </summary>
/// <remarks>
/// Held in the backend: S3 buckets and bucket policies, SQS queues and queue policies, DynamoDB tables with streams,
/// SSM parameters (never overwritten once they exist), KMS keys and aliases, IAM roles with their inline and managed
/// policies, Step Functions state machines; SNS, EventBridge and SES resources as their clients allow; CloudWatch alarms, composite alarms and
/// dashboards, and log groups with their retention; Lambda functions (from the package already in
/// <c>Code.S3Bucket</c>), event source mappings, permissions and pipes, which the backend runs.
/// Skipped by name (names and ARNs computed so references resolve): every other type.
/// Deviation: nothing is ever deleted; resources removed from the template stay in the backend.
/// </remarks>
public sealed class StackProvisioner
{
    private readonly Dictionary<string, IResourceProvisioner> _provisioners = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    /// <summary>Creates a provisioner over a set of clients.</summary>
    /// <param name="clients">The backend's API clients.</param>
    /// <param name="logger">Receives one line per resource; <c>null</c> for none.</param>
    public StackProvisioner(ProvisioningClients clients, ILogger<StackProvisioner>? logger = null)
        : this(
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
                .. clients.StepFunctions is null ? (IResourceProvisioner[])[] : [new StepFunctionsProvisioner(clients.StepFunctions)],
            ],
            logger)
    {
        ArgumentNullException.ThrowIfNull(clients);
    }

    internal StackProvisioner(IEnumerable<IResourceProvisioner> provisioners, ILogger? logger)
    {
        foreach (var provisioner in provisioners)
        {
            foreach (var type in provisioner.Types)
            {
                _provisioners[type] = provisioner;
            }
        }

        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Types to skip even though a provisioner exists (for a backend that lacks a service); their names and ARNs are
    /// still computed. Empty by default.
    /// </summary>
    public IReadOnlySet<string> SkipTypes { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The resource types this provisioner creates in the backend.</summary>
    public IReadOnlyCollection<string> SupportedTypes => _provisioners.Keys;

    /// <summary>Applies the template.</summary>
    /// <param name="template">The template.</param>
    /// <param name="settings">Environment, account, region and parameter values.</param>
    /// <param name="cancellationToken">Cancels the run (resources already applied stay).</param>
    /// <returns>The resolved stack.</returns>
    /// <exception cref="TemplateException">The template is invalid for these parameters; the message names the place.</exception>
    /// <exception cref="Amazon.Runtime.AmazonServiceException">The backend refused a call; the message is the backend's.</exception>
    public async Task<ResolvedStack> ProvisionAsync(TemplateDocument template, StackSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(settings);
        var pseudo = new PseudoParameters(settings.AccountId, settings.Region, settings.StackName);
        var resolved = new Dictionary<string, ResolvedResource>(StringComparer.Ordinal);
        var partial = new PartialStack(resolved);
        var parameters = settings.TemplateParameters();
        var evaluator = new TemplateEvaluator(template, parameters, pseudo, partial);

        foreach (var resource in TemplateDependencies.Order(template))
        {
            if (!evaluator.Exists(resource))
            {
                resolved[resource.LogicalId] = new ResolvedResource(resource.LogicalId, resource.Type, string.Empty, new Dictionary<string, JsonNode>(), ResourceStatus.ConditionFalse);
                continue;
            }

            var properties = evaluator.Properties(resource);
            var (physicalId, attributes) = ResourceIdentity.Compute(resource, properties, pseudo);
            var context = new ProvisioningContext(resource, properties, physicalId, attributes, pseudo, template, evaluator, _logger);
            ResourceStatus status;
            string? note = null;
            if (SkipTypes.Contains(resource.Type))
            {
                status = ResourceStatus.Skipped;
                note = "skipped by configuration (the backend lacks this service)";
            }
            else if (_provisioners.TryGetValue(resource.Type, out var provisioner))
            {
                try
                {
                    status = await provisioner.ApplyAsync(context, cancellationToken).ConfigureAwait(false);
                    note = context.Notes.Count == 0 ? null : string.Join(" ", context.Notes);
                }
                catch (Amazon.Runtime.AmazonServiceException ex) when (BackendOperations.IsNotImplemented(ex))
                {
                    status = ResourceStatus.Skipped;
                    note = $"the backend does not serve {resource.Type} ({ex.ErrorCode}: {ex.Message}); only its names and ARNs are computed";
                    _logger.LogWarning("{LogicalId}: {Note}", resource.LogicalId, note);
                }
            }
            else
            {
                status = ResourceStatus.Skipped;
                note = $"the backend holds no {resource.Type}; only its names and ARNs are computed";
            }

            resolved[resource.LogicalId] = new ResolvedResource(resource.LogicalId, resource.Type, context.PhysicalId, context.Attributes, status, note);
            _logger.LogInformation("{LogicalId} ({Type}): {Status} {PhysicalId}{Note}", resource.LogicalId, resource.Type, status, context.PhysicalId, note is null ? string.Empty : $" — {note}");
        }

        var outputs = evaluator.Outputs();
        var parameterValues = template.Parameters.Keys.ToDictionary(name => name, evaluator.ParameterText, StringComparer.Ordinal);
        var ordered = template.Resources.ToDictionary(r => r.LogicalId, r => resolved[r.LogicalId], StringComparer.Ordinal);
        return new ResolvedStack(settings.StackName, settings.AccountId, settings.Region, parameterValues, ordered, outputs);
    }

    /// <summary>Answers references from the resources resolved so far.</summary>
    private sealed class PartialStack(Dictionary<string, ResolvedResource> resolved) : IResourceResolver
    {
        public string Ref(TemplateResource resource) => Require(resource).PhysicalId;

        public JsonNode GetAtt(TemplateResource resource, string attribute) =>
            Require(resource).Attributes.TryGetValue(attribute, out var value)
                ? value
                : throw new TemplateException(resource.Path, $"Fn::GetAtt: {resource.Type} has no attribute {attribute} (known here: {string.Join(", ", Require(resource).Attributes.Keys)}).");

        private ResolvedResource Require(TemplateResource resource) =>
            resolved.TryGetValue(resource.LogicalId, out var r)
                ? r
                : throw new TemplateException(resource.Path, "referenced before it was provisioned (a missing DependsOn?).");
    }
}
