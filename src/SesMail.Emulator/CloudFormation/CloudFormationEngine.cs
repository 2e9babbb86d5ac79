using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Amazon.Runtime;
using SesMail.Emulator.Iam;
using SesMail.Emulator.Persistence;
using SesMail.Emulator.Sts;
using SesMail.Infrastructure.Provisioning;
using SesMail.Infrastructure.Template;

namespace SesMail.Emulator.CloudFormation;

/// <summary>What a queued stack operation does.</summary>
internal enum StackOperationKind
{
    /// <summary>Create the stack (CreateStack, or a CREATE change set).</summary>
    Create,

    /// <summary>Update the stack (UpdateStack, or an UPDATE change set).</summary>
    Update,

    /// <summary>Delete the stack.</summary>
    Delete,
}

/// <summary>
/// One stack operation, queued by the provider and run by <see cref="CloudFormationEngine"/>.
/// </summary>
/// <param name="Kind">Create, update or delete.</param>
/// <param name="StackId">The stack.</param>
/// <param name="Endpoint">The emulator's own base URL as the caller reached it; the provisioner calls the services there.</param>
/// <param name="AccessKeyId">The caller's access key id: resources are made with the caller's identity and permissions, as CloudFormation does without a service role.</param>
/// <param name="TemplateBody">The template to apply (create, update).</param>
/// <param name="Parameters">The parameter values to apply (create, update).</param>
/// <param name="DisableRollback">Leave a failed create or update in place.</param>
/// <param name="OnFailure">For creates: <c>ROLLBACK</c>, <c>DELETE</c> or <c>DO_NOTHING</c>.</param>
/// <param name="ClientRequestToken">Echoed in every event.</param>
/// <param name="ChangeSetId">The change set executed, if any.</param>
/// <param name="Retain">For deletes: logical ids to keep.</param>
internal sealed record StackOperation(
    StackOperationKind Kind,
    string StackId,
    Uri Endpoint,
    string? AccessKeyId,
    string TemplateBody,
    IReadOnlyList<ParameterValue> Parameters,
    bool DisableRollback,
    string? OnFailure,
    string? ClientRequestToken,
    string? ChangeSetId,
    IReadOnlySet<string> Retain)
{
    /// <summary>The template as submitted when it had <c>AWS::Include</c>s (GetTemplate's original stage), else <c>null</c>.</summary>
    public string? OriginalTemplateBody { get; init; }
}

/// <summary>
/// Runs stack operations one at a time in the background, as CloudFormation does after a call returns: applies the
/// template with <see cref="StackProvisioner"/> against the emulator's own endpoint, records one event per resource
/// step, moves the stack through its statuses (<c>CREATE_IN_PROGRESS</c> → <c>CREATE_COMPLETE</c>, or
/// <c>ROLLBACK_IN_PROGRESS</c> → <c>ROLLBACK_COMPLETE</c> after a failure; <c>UPDATE_IN_PROGRESS</c> →
/// <c>UPDATE_COMPLETE_CLEANUP_IN_PROGRESS</c> → <c>UPDATE_COMPLETE</c>, or through <c>UPDATE_ROLLBACK_*</c>;
/// <c>DELETE_IN_PROGRESS</c> → <c>DELETE_COMPLETE</c>), and deletes what a rollback, an update's cleanup or a
/// deletion removes.
/// </summary>
internal sealed partial class CloudFormationEngine(CloudFormationStore store, IStateChanges changes, IamStore iam, StsSessionStore sessions, TimeProvider time, ILoggerFactory loggers)
    : BackgroundService
{
    /// <summary>The signing name state changes are reported under.</summary>
    public const string SigningName = "cloudformation";

    private readonly Channel<StackOperation> _queue = Channel.CreateUnbounded<StackOperation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<(Uri, string, string?), ProvisioningClients> _clients = new();
    private readonly ILogger _logger = loggers.CreateLogger<CloudFormationEngine>();

    /// <summary>Queues an operation; the stack is already in its in-progress status.</summary>
    /// <param name="operation">The operation.</param>
    public void Enqueue(StackOperation operation) => _queue.Writer.TryWrite(operation);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var operation in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await RunAsync(operation, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return; // the stack's in-progress status is turned into a failure when the snapshot is restored
                }
#pragma warning disable CA1031 // an operation never takes the engine down: the stack records the failure
                catch (Exception error)
#pragma warning restore CA1031
                {
                    LogOperationFailed(_logger, error, operation.Kind, operation.StackId);
                    Fail(operation.StackId, operation.Kind, $"Internal failure: {error.Message}");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunAsync(StackOperation operation, CancellationToken cancellationToken)
    {
        var (pseudo, previousBody, previousResolved, previousParameters) = Read(operation.StackId);
        var provisioner = new StackProvisioner(Clients(operation, pseudo.Region), loggers.CreateLogger<StackProvisioner>());
        var recorder = new Recorder(store, changes, time, operation.StackId, operation.ClientRequestToken);
        switch (operation.Kind)
        {
            case StackOperationKind.Create:
                await CreateAsync(operation, provisioner, pseudo, recorder, cancellationToken).ConfigureAwait(false);
                break;
            case StackOperationKind.Update:
                await UpdateAsync(operation, provisioner, pseudo, recorder, previousBody!, previousResolved!, previousParameters, cancellationToken).ConfigureAwait(false);
                break;
            default:
                await DeleteAsync(operation, provisioner, previousBody, previousResolved, recorder, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async Task CreateAsync(StackOperation operation, StackProvisioner provisioner, PseudoParameters pseudo, Recorder recorder, CancellationToken cancellationToken)
    {
        var template = TemplateReader.Parse(operation.TemplateBody);
        try
        {
            var resolved = await provisioner.ApplyAsync(template, pseudo, Values(operation.Parameters), null, recorder, cancellationToken).ConfigureAwait(false);
            Complete(operation, template, resolved, StackStatuses.CreateComplete, "EXECUTE_COMPLETE");
            return;
        }
        catch (Exception error) when (error is StackOperationException or TemplateException)
        {
            var partial = (error as StackOperationException)?.Partial;
            var reason = FailureReason(error, "create");
            if (operation.DisableRollback || operation.OnFailure == "DO_NOTHING")
            {
                SetStatus(operation.StackId, StackStatuses.CreateFailed, reason, s => s.Resolved = partial?.ToJson(), "EXECUTE_FAILED", operation.ChangeSetId);
                return;
            }

            SetStatus(operation.StackId, StackStatuses.RollbackInProgress, reason + "Rollback requested by user.");
            try
            {
                if (partial is not null)
                {
                    await provisioner.DeleteAsync(template, partial, r => r.Status == ResourceStatus.Created, failedCreate: true, recorder, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (StackOperationException rollback)
            {
                SetStatus(operation.StackId, StackStatuses.RollbackFailed, FailureReason(rollback, "delete"), s => s.Resolved = partial?.ToJson(), "EXECUTE_FAILED", operation.ChangeSetId);
                return;
            }

            if (operation.OnFailure == "DELETE")
            {
                SetStatus(operation.StackId, StackStatuses.DeleteInProgress, null);
                SetStatus(operation.StackId, StackStatuses.DeleteComplete, null, s =>
                {
                    s.Resolved = null;
                    s.DeletionTime = time.GetUtcNow();
                    s.Resources.Clear();
                }, "EXECUTE_FAILED", operation.ChangeSetId);
                return;
            }

            SetStatus(operation.StackId, StackStatuses.RollbackComplete, reason + "Rollback requested by user.", s =>
            {
                s.Resolved = null; // nothing the stack made is left; resources it adopted are not its to delete
                s.Resources.Clear();
            }, "EXECUTE_FAILED", operation.ChangeSetId);
        }
    }

    private async Task UpdateAsync(
        StackOperation operation,
        StackProvisioner provisioner,
        PseudoParameters pseudo,
        Recorder recorder,
        string previousBody,
        ResolvedStack previous,
        IReadOnlyList<ParameterValue> previousParameters,
        CancellationToken cancellationToken)
    {
        var template = TemplateReader.Parse(operation.TemplateBody);
        var previousTemplate = TemplateReader.Parse(previousBody);
        ResolvedStack resolved;
        try
        {
            resolved = await provisioner.ApplyAsync(template, pseudo, Values(operation.Parameters), previous, recorder, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is StackOperationException or TemplateException)
        {
            var partial = (error as StackOperationException)?.Partial ?? previous;
            var reason = FailureReason(error, "update");
            if (operation.DisableRollback)
            {
                SetStatus(operation.StackId, StackStatuses.UpdateFailed, reason, s => s.Resolved = partial.ToJson(), "EXECUTE_FAILED", operation.ChangeSetId);
                return;
            }

            SetStatus(operation.StackId, StackStatuses.UpdateRollbackInProgress, reason);
            ResolvedStack restored;
            try
            {
                restored = await provisioner.ApplyAsync(previousTemplate, pseudo, Values(previousParameters), partial, recorder, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception rollback) when (rollback is StackOperationException or TemplateException)
            {
                SetStatus(operation.StackId, StackStatuses.UpdateRollbackFailed, FailureReason(rollback, "update"),
                    s => s.Resolved = ((rollback as StackOperationException)?.Partial ?? partial).ToJson(), "EXECUTE_FAILED", operation.ChangeSetId);
                return;
            }

            SetStatus(operation.StackId, StackStatuses.UpdateRollbackCleanup, null, s => s.Resolved = restored.ToJson());
            await CleanUpAsync(provisioner, template, partial, restored, recorder, cancellationToken).ConfigureAwait(false);
            SetStatus(operation.StackId, StackStatuses.UpdateRollbackComplete, null, null, "EXECUTE_FAILED", operation.ChangeSetId);
            return;
        }

        SetStatus(operation.StackId, StackStatuses.UpdateCleanup, null, s => Apply(s, operation, template, resolved));
        await CleanUpAsync(provisioner, previousTemplate, previous, resolved, recorder, cancellationToken).ConfigureAwait(false);
        SetStatus(operation.StackId, StackStatuses.UpdateComplete, null, null, "EXECUTE_COMPLETE", operation.ChangeSetId);
    }

    /// <summary>Deletes what <paramref name="after"/> no longer holds; failures are recorded as events and do not fail the stack, as in CloudFormation.</summary>
    private static async Task CleanUpAsync(StackProvisioner provisioner, TemplateDocument template, ResolvedStack before, ResolvedStack after, Recorder recorder, CancellationToken cancellationToken)
    {
        try
        {
            await provisioner.DeleteAsync(template, before, StackProvisioner.Superseded(before, after), failedCreate: false, recorder, cancellationToken).ConfigureAwait(false);
        }
        catch (StackOperationException)
        {
            // reported as DELETE_FAILED events
        }
    }

    private async Task DeleteAsync(StackOperation operation, StackProvisioner provisioner, string? body, ResolvedStack? resolved, Recorder recorder, CancellationToken cancellationToken)
    {
        if (resolved is not null && body is not null)
        {
            try
            {
                await provisioner.DeleteAsync(TemplateReader.Parse(body), resolved, r => !operation.Retain.Contains(r.LogicalId), failedCreate: false, recorder, cancellationToken).ConfigureAwait(false);
            }
            catch (StackOperationException error)
            {
                var failed = error.Failed.Select(f => f.LogicalId).ToHashSet(StringComparer.Ordinal);
                var left = resolved with
                {
                    Resources = resolved.Resources.Where(r => failed.Contains(r.Key)).ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal),
                };
                SetStatus(operation.StackId, StackStatuses.DeleteFailed, FailureReason(error, "delete"), s => s.Resolved = left.ToJson());
                return;
            }
        }

        SetStatus(operation.StackId, StackStatuses.DeleteComplete, null, s =>
        {
            s.DeletionTime = time.GetUtcNow();
            s.Resolved = null;
            s.Resources.Clear();
        });
    }

    /// <summary>CloudFormation's stack reason for a failed operation.</summary>
    private static string FailureReason(Exception error, string verb) => error switch
    {
        StackOperationException { Failed.Count: > 0 } failed => $"The following resource(s) failed to {verb}: [{string.Join(", ", failed.Failed.Select(f => f.LogicalId))}]. ",
        _ => $"Template error: {error.Message} ",
    };

    private static Dictionary<string, string> Values(IReadOnlyList<ParameterValue> parameters) =>
        parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private (PseudoParameters Pseudo, string? Body, ResolvedStack? Resolved, List<ParameterValue> Parameters) Read(string stackId)
    {
        lock (store.Gate)
        {
            var stack = store.Find(string.Empty, stackId) ?? throw new InvalidOperationException($"The stack {stackId} is gone.");
            var pseudo = new PseudoParameters(stack.AccountId, stack.Region, stack.StackName) { StackId = stack.StackId };
            return (pseudo, stack.TemplateBody, stack.Resolved is null ? null : ResolvedStack.FromJson(stack.Resolved), [.. stack.Parameters]);
        }
    }

    private ProvisioningClients Clients(StackOperation operation, string region) =>
        _clients.GetOrAdd((operation.Endpoint, region, operation.AccessKeyId), key => ProvisioningClients.Create(key.Item1, key.Item2, CallerCredentials(key.Item3)));

    /// <summary>
    /// The caller's own credentials, so that what the stack does is allowed exactly when the caller may do it (as
    /// CloudFormation without a service role): an IAM user's key or a role session with the secret the emulator issued
    /// it; the account's root for any other key and for unsigned calls.
    /// </summary>
    private AWSCredentials CallerCredentials(string? accessKeyId)
    {
        if (accessKeyId is not null && sessions.Session(accessKeyId) is { } session)
        {
            return new SessionAWSCredentials(accessKeyId, session.SecretAccessKey, session.SessionToken);
        }

        if (accessKeyId is not null && iam.AccessKey(accessKeyId) is { } key)
        {
            return new BasicAWSCredentials(accessKeyId, key.SecretAccessKey);
        }

        return new BasicAWSCredentials(accessKeyId ?? "cloudformation", "sesmail-cloudformation");
    }

    private void Complete(StackOperation operation, TemplateDocument template, ResolvedStack resolved, string status, string executionStatus) =>
        SetStatus(operation.StackId, status, null, s => Apply(s, operation, template, resolved), executionStatus, operation.ChangeSetId);

    /// <summary>Records the applied template, parameters, outputs and resources on the stack.</summary>
    private static void Apply(StackState stack, StackOperation operation, TemplateDocument template, ResolvedStack resolved)
    {
        stack.TemplateBody = operation.TemplateBody;
        stack.OriginalTemplateBody = operation.OriginalTemplateBody;
        stack.Description = template.Description;
        stack.Parameters = [.. operation.Parameters];
        stack.Resolved = resolved.ToJson();
        stack.Outputs = [.. resolved.Outputs.Select(o => new OutputValue(o.Key, o.Value, template.Outputs[o.Key]?["Description"] is { } d ? TemplateText(d) : null))];
    }

    private static string? TemplateText(System.Text.Json.Nodes.JsonNode node) =>
        node is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private void Fail(string stackId, StackOperationKind kind, string reason) => SetStatus(stackId, kind switch
    {
        StackOperationKind.Create => StackStatuses.CreateFailed,
        StackOperationKind.Update => StackStatuses.UpdateRollbackFailed,
        _ => StackStatuses.DeleteFailed,
    }, reason);

    /// <summary>Moves the stack to a status with its stack event, optionally changing it and its executed change set.</summary>
    private void SetStatus(string stackId, string status, string? reason, Action<StackState>? change = null, string? executionStatus = null, string? changeSetId = null)
    {
        lock (store.Gate)
        {
            var stack = store.Find(string.Empty, stackId);
            if (stack is null)
            {
                return;
            }

            change?.Invoke(stack);
            stack.Status = status;
            stack.StatusReason = reason?.TrimEnd();
            if (status is StackStatuses.UpdateInProgress or StackStatuses.UpdateComplete or StackStatuses.UpdateRollbackComplete)
            {
                stack.LastUpdatedTime = time.GetUtcNow();
            }

            stack.Events.Add(new EventRecord(Guid.NewGuid().ToString(), stack.StackName, stack.StackId, "AWS::CloudFormation::Stack", time.GetUtcNow(), status, reason?.TrimEnd(), null, null));
            if (executionStatus is not null && changeSetId is not null && stack.ChangeSets.FirstOrDefault(c => c.ChangeSetId == changeSetId) is { } changeSet)
            {
                changeSet.ExecutionStatus = executionStatus;
            }
        }

        changes.Changed(SigningName);
    }

    /// <summary>Records the provisioner's resource steps as stack events and resource statuses.</summary>
    private sealed class Recorder(CloudFormationStore store, IStateChanges changes, TimeProvider time, string stackId, string? clientRequestToken) : IStackObserver
    {
        public void OnResourceEvent(ResourceEvent resourceEvent)
        {
            var now = time.GetUtcNow();
            lock (store.Gate)
            {
                var stack = store.Find(string.Empty, stackId);
                if (stack is null)
                {
                    return;
                }

                stack.Events.Add(new EventRecord(
                    Guid.NewGuid().ToString(),
                    resourceEvent.LogicalId,
                    resourceEvent.PhysicalId ?? string.Empty,
                    resourceEvent.Type,
                    now,
                    resourceEvent.Status,
                    resourceEvent.Reason,
                    resourceEvent.Properties?.ToJsonString(),
                    clientRequestToken));
                var index = stack.Resources.FindIndex(r => r.LogicalId == resourceEvent.LogicalId);
                var replacedOne = index >= 0 && resourceEvent.Status.StartsWith("DELETE_", StringComparison.Ordinal)
                    && resourceEvent.PhysicalId is { Length: > 0 } deleted && stack.Resources[index].PhysicalId is { Length: > 0 } current && deleted != current;
                if (replacedOne)
                {
                    // the cleanup of a replaced resource: the logical id now names its replacement
                }
                else if (resourceEvent.Status is "DELETE_COMPLETE" or "DELETE_SKIPPED")
                {
                    if (index >= 0)
                    {
                        stack.Resources.RemoveAt(index);
                    }
                }
                else
                {
                    var state = new ResourceState(resourceEvent.LogicalId, resourceEvent.Type, resourceEvent.PhysicalId, resourceEvent.Status, resourceEvent.Reason, now);
                    if (index >= 0)
                    {
                        stack.Resources[index] = state with { PhysicalId = state.PhysicalId ?? stack.Resources[index].PhysicalId };
                    }
                    else
                    {
                        stack.Resources.Add(state);
                    }
                }
            }

            changes.Changed(SigningName);
        }
    }

    /// <summary>Formats a timestamp as CloudFormation does (ISO 8601, UTC, milliseconds).</summary>
    public static string Timestamp(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Error, Message = "CloudFormation: the {Kind} operation on {StackId} failed unexpectedly")]
    private static partial void LogOperationFailed(ILogger logger, Exception error, StackOperationKind kind, string stackId);
}
