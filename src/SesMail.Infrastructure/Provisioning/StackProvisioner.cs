using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SesMail.Infrastructure.Template;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>
/// Applies a CloudFormation template to a backend through the AWS APIs, in dependency order and idempotently
/// (a second run creates nothing and changes nothing), and deletes what a stack holds. The one implementation of
/// "apply a template": the emulator's CloudFormation runs it for <c>CreateStack</c>, <c>UpdateStack</c>,
/// <c>ExecuteChangeSet</c> and <c>DeleteStack</c>; tests run it directly.
/// </summary>
/// <remarks>
/// Held in the backend: S3 buckets and bucket policies, SQS queues and queue policies, DynamoDB tables with streams,
/// SSM parameters (never overwritten once they exist), KMS keys and aliases, SNS topics, policies and subscriptions,
/// EventBridge buses and rules, SES receipt rule sets and rules (never activated: CloudFormation does not), IAM roles
/// with their inline and managed policies, Step Functions state machines, CloudWatch alarms, composite alarms and
/// dashboards, log groups with their retention, Lambda functions (from the package already in <c>Code.S3Bucket</c>), event source mappings, permissions
/// and pipes, which the backend runs. Skipped by name (names and ARNs computed so references resolve): every type
/// without a provisioner; their deletion is a no-op. A resource that already exists under the template's name is
/// adopted (CloudFormation would refuse it as existing); adopted resources are not deleted when a failed create rolls back.
/// </remarks>
public sealed class StackProvisioner
{
    private readonly Dictionary<string, IResourceProvisioner> _provisioners = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    /// <summary>Creates a provisioner over a set of clients, with every provisioner of <see cref="ResourceProvisioners"/>.</summary>
    /// <param name="clients">The backend's API clients.</param>
    /// <param name="logger">Receives one line per resource; <c>null</c> for none.</param>
    public StackProvisioner(ProvisioningClients clients, ILogger<StackProvisioner>? logger = null)
        : this(ResourceProvisioners.For(clients ?? throw new ArgumentNullException(nameof(clients))), logger)
    {
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

    /// <summary>Applies the template as a fresh stack (nothing previous), for tests and tools that bypass CloudFormation.</summary>
    /// <param name="template">The template.</param>
    /// <param name="settings">Environment, account, region and parameter values.</param>
    /// <param name="cancellationToken">Cancels the run (resources already applied stay).</param>
    /// <returns>The resolved stack.</returns>
    /// <exception cref="TemplateException">The template is invalid for these parameters; the message names the place.</exception>
    /// <exception cref="StackOperationException">A resource failed; the message names it and gives the backend's reason.</exception>
    public Task<ResolvedStack> ProvisionAsync(TemplateDocument template, StackSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return ApplyAsync(template, new PseudoParameters(settings.AccountId, settings.Region, settings.StackName), settings.TemplateParameters(), null, null, cancellationToken);
    }

    /// <summary>
    /// Makes the backend hold the template's resources: creates what <paramref name="previous"/> lacks, updates what
    /// differs from it (by evaluated properties), and leaves unchanged resources untouched. Resources dropped from the
    /// template (or replaced under a new name) are not deleted here: see <see cref="DeleteAsync"/>.
    /// </summary>
    /// <param name="template">The template.</param>
    /// <param name="pseudo">The stack's pseudo parameters (name, id, account, region).</param>
    /// <param name="parameters">Parameter values by name (lists comma-joined); missing ones take their default.</param>
    /// <param name="previous">The stack as it was, or <c>null</c> for a new stack.</param>
    /// <param name="observer">Receives one event per resource step, as CloudFormation's stack events; <c>null</c> for none.</param>
    /// <param name="cancellationToken">Cancels the run (resources already applied stay).</param>
    /// <returns>The resolved stack.</returns>
    /// <exception cref="TemplateException">A parameter value is invalid; the message names it.</exception>
    /// <exception cref="StackOperationException">A resource failed; <see cref="StackOperationException.Partial"/> holds what the backend holds now.</exception>
    public async Task<ResolvedStack> ApplyAsync(
        TemplateDocument template,
        PseudoParameters pseudo,
        IReadOnlyDictionary<string, string> parameters,
        ResolvedStack? previous,
        IStackObserver? observer,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(pseudo);
        var resolved = new Dictionary<string, ResolvedResource>(StringComparer.Ordinal);
        var evaluator = new TemplateEvaluator(template, parameters, pseudo, new PartialStack(resolved));
        var parameterValues = template.Parameters.Keys.ToDictionary(name => name, evaluator.ParameterText, StringComparer.Ordinal);

        ResolvedStack Partial()
        {
            var current = new Dictionary<string, ResolvedResource>(resolved, StringComparer.Ordinal);
            foreach (var (id, old) in previous?.Resources ?? new Dictionary<string, ResolvedResource>())
            {
                current.TryAdd(id, old);
            }

            return new ResolvedStack(pseudo.StackName, pseudo.AccountId, pseudo.Region, parameterValues, current, previous?.Outputs ?? new Dictionary<string, string>(), pseudo.StackId);
        }

        foreach (var resource in TemplateDependencies.Order(template))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!evaluator.Exists(resource))
            {
                resolved[resource.LogicalId] = new ResolvedResource(resource.LogicalId, resource.Type, string.Empty, new Dictionary<string, JsonNode>(), ResourceStatus.ConditionFalse);
                continue;
            }

            var before = previous?.Resources.GetValueOrDefault(resource.LogicalId) is { Status: not ResourceStatus.ConditionFalse } p && p.Type == resource.Type ? p : null;
            var action = before is null ? ResourceAction.Create : ResourceAction.Update;
            JsonObject properties;
            try
            {
                properties = evaluator.Properties(resource);
            }
            catch (TemplateException ex)
            {
                Report(observer, resource, before?.PhysicalId, action, ResourceEvent.Failed(action), ex.Message);
                throw new StackOperationException([new FailedResource(resource.LogicalId, resource.Type, ex.Message)], Partial(), ex);
            }

            if (before?.Properties is { } applied && JsonNode.DeepEquals(applied, properties))
            {
                resolved[resource.LogicalId] = before with { Status = ResourceStatus.Unchanged };
                continue;
            }

            var (physicalId, attributes) = ResourceIdentity.Compute(resource, properties, pseudo);
            var replacement = before?.Properties is { } old && ResourceIdentity.Compute(resource, old, pseudo).PhysicalId != physicalId;
            Report(observer, resource, before?.PhysicalId, action, ResourceEvent.InProgress(action),
                replacement ? "Requested update requires the creation of a new physical resource; hence creating one." : action == ResourceAction.Create ? "Resource creation Initiated" : null);
            var context = new ProvisioningContext(resource, properties, physicalId, attributes, pseudo, template, evaluator, _logger);
            ResourceStatus status;
            string? note;
            try
            {
                (status, note) = await ApplyOneAsync(resource, context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var reason = Reason(ex);
                _logger.LogWarning("{LogicalId} ({Type}): {Action} failed — {Reason}", resource.LogicalId, resource.Type, action, reason);
                Report(observer, resource, before?.PhysicalId ?? context.PhysicalId, action, ResourceEvent.Failed(action), reason);
                throw new StackOperationException([new FailedResource(resource.LogicalId, resource.Type, reason)], Partial(), ex);
            }

            var done = new ResolvedResource(resource.LogicalId, resource.Type, context.PhysicalId, context.Attributes, status, note, properties);
            resolved[resource.LogicalId] = done;
            _logger.LogInformation("{LogicalId} ({Type}): {Status} {PhysicalId}{Note}", resource.LogicalId, resource.Type, status, context.PhysicalId, note is null ? string.Empty : $" — {note}");
            observer?.OnResourceEvent(new ResourceEvent(resource.LogicalId, resource.Type, done.PhysicalId, ResourceEvent.Complete(action), note, properties));
        }

        IReadOnlyDictionary<string, string> outputs;
        try
        {
            outputs = evaluator.Outputs();
        }
        catch (TemplateException ex)
        {
            throw new StackOperationException([], Partial(), ex);
        }

        var ordered = template.Resources.ToDictionary(r => r.LogicalId, r => resolved[r.LogicalId], StringComparer.Ordinal);
        return new ResolvedStack(pseudo.StackName, pseudo.AccountId, pseudo.Region, parameterValues, ordered, outputs, pseudo.StackId);
    }

    /// <summary>
    /// Deletes resources of a stack in reverse dependency order: every one for a stack deletion, the ones dropped or
    /// replaced for an update's cleanup, the ones a failed create made for its rollback. Resources with
    /// <c>DeletionPolicy: Retain</c> stay (reported <c>DELETE_SKIPPED</c>). A failure is reported and the other
    /// resources are still deleted; the call then throws.
    /// </summary>
    /// <param name="template">The template the resources were applied from (gives the order and deletion policies).</param>
    /// <param name="stack">The stack as applied.</param>
    /// <param name="select">Which resources to delete.</param>
    /// <param name="failedCreate">Whether this rolls back the stack's first creation (<c>RetainExceptOnCreate</c> then deletes).</param>
    /// <param name="observer">Receives the deletion events; <c>null</c> for none.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>A task that completes when every selected resource is gone or retained.</returns>
    /// <exception cref="StackOperationException">Some resources could not be deleted; each is named with the backend's reason.</exception>
    public async Task DeleteAsync(
        TemplateDocument template,
        ResolvedStack stack,
        Func<ResolvedResource, bool> select,
        bool failedCreate,
        IStackObserver? observer,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(select);
        var failures = new List<FailedResource>();
        var order = TemplateDependencies.Order(template).Select(r => r.LogicalId).Reverse()
            .Concat(stack.Resources.Keys.Where(id => !template.ResourcesById.ContainsKey(id)))
            .ToList();
        foreach (var id in order)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!stack.Resources.TryGetValue(id, out var resource) || resource.Status == ResourceStatus.ConditionFalse || !select(resource))
            {
                continue;
            }

            var retained = template.ResourcesById.TryGetValue(id, out var declared) && declared.IsRetained(failedCreate);
            if (retained)
            {
                observer?.OnResourceEvent(new ResourceEvent(id, resource.Type, resource.PhysicalId, "DELETE_SKIPPED", "DeletionPolicy: Retain", null));
                continue;
            }

            observer?.OnResourceEvent(new ResourceEvent(id, resource.Type, resource.PhysicalId, "DELETE_IN_PROGRESS", null, null));
            try
            {
                if (!SkipTypes.Contains(resource.Type) && _provisioners.TryGetValue(resource.Type, out var provisioner) && resource.Status != ResourceStatus.Skipped)
                {
                    await provisioner.DeleteAsync(new DeletionContext(resource, stack.Pseudo, _logger), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var reason = Reason(ex);
                _logger.LogWarning("{LogicalId} ({Type}): delete failed — {Reason}", id, resource.Type, reason);
                observer?.OnResourceEvent(new ResourceEvent(id, resource.Type, resource.PhysicalId, "DELETE_FAILED", reason, null));
                failures.Add(new FailedResource(id, resource.Type, reason));
                continue;
            }

            _logger.LogInformation("{LogicalId} ({Type}): deleted {PhysicalId}", id, resource.Type, resource.PhysicalId);
            observer?.OnResourceEvent(new ResourceEvent(id, resource.Type, resource.PhysicalId, "DELETE_COMPLETE", null, null));
        }

        if (failures.Count > 0)
        {
            throw new StackOperationException(failures, stack, null);
        }
    }

    /// <summary>The resources of <paramref name="before"/> that <paramref name="after"/> no longer holds: dropped from the template, condition now false, or replaced under a new physical id.</summary>
    /// <param name="before">The stack before the operation.</param>
    /// <param name="after">The stack after it.</param>
    /// <returns>A selector for <see cref="DeleteAsync"/>.</returns>
    public static Func<ResolvedResource, bool> Superseded(ResolvedStack before, ResolvedStack after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return old => !after.Resources.TryGetValue(old.LogicalId, out var now)
            || now.Status == ResourceStatus.ConditionFalse
            || now.Type != old.Type
            || !string.Equals(now.PhysicalId, old.PhysicalId, StringComparison.Ordinal);
    }

    private async Task<(ResourceStatus Status, string? Note)> ApplyOneAsync(TemplateResource resource, ProvisioningContext context, CancellationToken cancellationToken)
    {
        if (SkipTypes.Contains(resource.Type))
        {
            return (ResourceStatus.Skipped, "skipped by configuration (the backend lacks this service)");
        }

        if (_provisioners.TryGetValue(resource.Type, out var provisioner))
        {
            try
            {
                var status = await provisioner.ApplyAsync(context, cancellationToken).ConfigureAwait(false);
                return (status, context.Notes.Count == 0 ? null : string.Join(" ", context.Notes));
            }
            catch (Amazon.Runtime.AmazonServiceException ex) when (BackendOperations.IsNotImplemented(ex))
            {
                var note = $"the backend does not serve {resource.Type} ({ex.ErrorCode}: {ex.Message}); only its names and ARNs are computed";
                _logger.LogWarning("{LogicalId}: {Note}", resource.LogicalId, note);
                return (ResourceStatus.Skipped, note);
            }
        }

        return (ResourceStatus.Skipped, $"the backend holds no {resource.Type}; only its names and ARNs are computed");
    }

    private static void Report(IStackObserver? observer, TemplateResource resource, string? physicalId, ResourceAction action, string status, string? reason) =>
        observer?.OnResourceEvent(new ResourceEvent(resource.LogicalId, resource.Type, physicalId, status, reason, null));

    /// <summary>The backend's words for a failure: an AWS error as <c>{Code}: {Message}</c>, anything else its message.</summary>
    private static string Reason(Exception ex) => ex switch
    {
        Amazon.Runtime.AmazonServiceException aws => $"{aws.Message} (Service: {ServiceName(aws)}; Status Code: {(int)aws.StatusCode}; Error Code: {aws.ErrorCode}; Request ID: {aws.RequestId})",
        _ => ex.Message,
    };

    /// <summary>The service an SDK exception comes from, by its namespace (<c>Amazon.SQS.Model</c> → <c>SQS</c>).</summary>
    private static string ServiceName(Amazon.Runtime.AmazonServiceException ex) =>
        (ex.GetType().Namespace ?? "Amazon").Split('.') is [_, var service, ..] ? service : "Amazon";

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

/// <summary>What a stack operation does to one resource.</summary>
public enum ResourceAction
{
    /// <summary>The resource is new to the stack.</summary>
    Create,

    /// <summary>The resource exists and its properties change.</summary>
    Update,

    /// <summary>The resource leaves the stack.</summary>
    Delete,
}

/// <summary>Receives what a stack operation does, resource by resource (CloudFormation's stack events).</summary>
public interface IStackObserver
{
    /// <summary>One resource step.</summary>
    /// <param name="resourceEvent">The step.</param>
    void OnResourceEvent(ResourceEvent resourceEvent);
}

/// <summary>One step of a stack operation on one resource, as a CloudFormation stack event reports it.</summary>
/// <param name="LogicalId">The template's logical id.</param>
/// <param name="Type">The resource type.</param>
/// <param name="PhysicalId">The physical id, when known.</param>
/// <param name="Status">
/// CloudFormation's resource status: <c>CREATE_IN_PROGRESS</c>, <c>CREATE_COMPLETE</c>, <c>CREATE_FAILED</c>,
/// <c>UPDATE_*</c>, <c>DELETE_*</c>, <c>DELETE_SKIPPED</c>
/// (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackEvent.html).
/// </param>
/// <param name="Reason">Why (a failure's message, a note on what the backend could not apply), or <c>null</c>.</param>
/// <param name="Properties">The evaluated properties on completion, else <c>null</c>.</param>
public sealed record ResourceEvent(string LogicalId, string Type, string? PhysicalId, string Status, string? Reason, JsonObject? Properties)
{
    /// <summary><c>CREATE_IN_PROGRESS</c> or <c>UPDATE_IN_PROGRESS</c>.</summary>
    /// <param name="action">Create or update.</param>
    /// <returns>The status.</returns>
    public static string InProgress(ResourceAction action) => $"{Verb(action)}_IN_PROGRESS";

    /// <summary><c>CREATE_COMPLETE</c> or <c>UPDATE_COMPLETE</c>.</summary>
    /// <param name="action">Create or update.</param>
    /// <returns>The status.</returns>
    public static string Complete(ResourceAction action) => $"{Verb(action)}_COMPLETE";

    /// <summary><c>CREATE_FAILED</c> or <c>UPDATE_FAILED</c>.</summary>
    /// <param name="action">Create or update.</param>
    /// <returns>The status.</returns>
    public static string Failed(ResourceAction action) => $"{Verb(action)}_FAILED";

    private static string Verb(ResourceAction action) => action switch
    {
        ResourceAction.Create => "CREATE",
        ResourceAction.Update => "UPDATE",
        _ => "DELETE",
    };
}

/// <summary>A resource a stack operation could not create, update or delete.</summary>
/// <param name="LogicalId">The template's logical id.</param>
/// <param name="Type">The resource type.</param>
/// <param name="Reason">The backend's reason.</param>
public sealed record FailedResource(string LogicalId, string Type, string Reason);

/// <summary>A stack operation stopped because resources failed; names them with the backend's reasons.</summary>
public sealed class StackOperationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="failed">The failed resources (empty when the failure is the template's, e.g. an output).</param>
    /// <param name="partial">What the backend holds now: resources applied so far and the previous state of the rest.</param>
    /// <param name="inner">The first cause, or <c>null</c>.</param>
    public StackOperationException(IReadOnlyList<FailedResource> failed, ResolvedStack partial, Exception? inner)
        : base(failed.Count == 0
            ? inner?.Message ?? "The stack operation failed."
            : string.Join(" ", failed.Select(f => $"{f.LogicalId} ({f.Type}): {f.Reason}")), inner)
    {
        Failed = failed;
        Partial = partial;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public StackOperationException()
        : this("The stack operation failed.")
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">The message.</param>
    public StackOperationException(string message)
        : this(message, null)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public StackOperationException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Failed = [];
        Partial = new ResolvedStack(string.Empty, string.Empty, string.Empty, new Dictionary<string, string>(), new Dictionary<string, ResolvedResource>(), new Dictionary<string, string>());
    }

    /// <summary>The failed resources, in the order they failed.</summary>
    public IReadOnlyList<FailedResource> Failed { get; }

    /// <summary>What the backend holds now (for rollback).</summary>
    public ResolvedStack Partial { get; }
}
