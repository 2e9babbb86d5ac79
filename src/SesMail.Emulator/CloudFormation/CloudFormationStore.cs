using System.Text.Json;
using System.Text.Json.Serialization;
using SesMail.Emulator.Persistence;

namespace SesMail.Emulator.CloudFormation;

/// <summary>
/// Stacks (with their events, resources and change sets) of every region, in memory and persisted in
/// <c>{DataDirectory}/cloudformation/state.json</c>. Everything is read and changed under <see cref="Gate"/>.
/// </summary>
internal sealed class CloudFormationStore : ISnapshotStore<CloudFormationSnapshot>
{
    private readonly List<StackState> _stacks = [];

    /// <summary>Guards every stack and change set.</summary>
    public Lock Gate { get; } = new();

    /// <summary>Every stack of a region, deleted ones included, oldest first. Call under <see cref="Gate"/>.</summary>
    public IEnumerable<StackState> Stacks(string region) => _stacks.Where(s => s.Region == region);

    /// <summary>A stack by ARN (deleted ones too) or by name (the one not deleted), or <c>null</c>. Call under <see cref="Gate"/>.</summary>
    public StackState? Find(string region, string nameOrId) => nameOrId.StartsWith("arn:", StringComparison.Ordinal)
        ? _stacks.FirstOrDefault(s => s.StackId == nameOrId)
        : _stacks.LastOrDefault(s => s.Region == region && s.StackName == nameOrId && s.Status != StackStatuses.DeleteComplete);

    /// <summary>Adds a stack. Call under <see cref="Gate"/>.</summary>
    public void Add(StackState stack) => _stacks.Add(stack);

    /// <summary>Removes a stack that never existed beyond review (a deleted <c>REVIEW_IN_PROGRESS</c> stack stays listed as deleted). Call under <see cref="Gate"/>.</summary>
    public void Remove(StackState stack) => _stacks.Remove(stack);

    /// <inheritdoc />
    public CloudFormationSnapshot Empty => new([]);

    /// <inheritdoc />
    public CloudFormationSnapshot Capture()
    {
        lock (Gate)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(new CloudFormationSnapshot(_stacks), CloudFormationStateJsonContext.Default.CloudFormationSnapshot);
            return JsonSerializer.Deserialize(bytes, CloudFormationStateJsonContext.Default.CloudFormationSnapshot)!;
        }
    }

    /// <summary>
    /// Restores the stacks. An operation that was running when the emulator stopped cannot resume: its stack is put in
    /// the matching failed status (<c>CREATE_FAILED</c>, <c>UPDATE_ROLLBACK_FAILED</c>, <c>ROLLBACK_FAILED</c>,
    /// <c>DELETE_FAILED</c>) with the reason.
    /// </summary>
    public void Restore(CloudFormationSnapshot snapshot)
    {
        lock (Gate)
        {
            _stacks.Clear();
            foreach (var stack in snapshot.Stacks)
            {
                if (StackStatuses.Interrupted(stack.Status) is { } failed)
                {
                    stack.Status = failed;
                    stack.StatusReason = "SesMail.Emulator stopped while this operation ran; the stack's resources may be partly applied.";
                }

                _stacks.Add(stack);
            }
        }
    }
}

/// <summary>CloudFormation's stack status values (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_Stack.html).</summary>
internal static class StackStatuses
{
    public const string CreateInProgress = "CREATE_IN_PROGRESS";
    public const string CreateFailed = "CREATE_FAILED";
    public const string CreateComplete = "CREATE_COMPLETE";
    public const string RollbackInProgress = "ROLLBACK_IN_PROGRESS";
    public const string RollbackFailed = "ROLLBACK_FAILED";
    public const string RollbackComplete = "ROLLBACK_COMPLETE";
    public const string DeleteInProgress = "DELETE_IN_PROGRESS";
    public const string DeleteFailed = "DELETE_FAILED";
    public const string DeleteComplete = "DELETE_COMPLETE";
    public const string UpdateInProgress = "UPDATE_IN_PROGRESS";
    public const string UpdateCleanup = "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS";
    public const string UpdateComplete = "UPDATE_COMPLETE";
    public const string UpdateFailed = "UPDATE_FAILED";
    public const string UpdateRollbackInProgress = "UPDATE_ROLLBACK_IN_PROGRESS";
    public const string UpdateRollbackFailed = "UPDATE_ROLLBACK_FAILED";
    public const string UpdateRollbackCleanup = "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS";
    public const string UpdateRollbackComplete = "UPDATE_ROLLBACK_COMPLETE";
    public const string ReviewInProgress = "REVIEW_IN_PROGRESS";

    /// <summary>Every status, for validating <c>StackStatusFilter</c>.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        CreateInProgress, CreateFailed, CreateComplete, RollbackInProgress, RollbackFailed, RollbackComplete,
        DeleteInProgress, DeleteFailed, DeleteComplete, UpdateInProgress, UpdateCleanup, UpdateComplete, UpdateFailed,
        UpdateRollbackInProgress, UpdateRollbackFailed, UpdateRollbackCleanup, UpdateRollbackComplete, ReviewInProgress,
        "IMPORT_IN_PROGRESS", "IMPORT_COMPLETE", "IMPORT_ROLLBACK_IN_PROGRESS", "IMPORT_ROLLBACK_FAILED", "IMPORT_ROLLBACK_COMPLETE",
    };

    /// <summary>Statuses a stack can be updated from (and its change sets executed).</summary>
    public static bool Updatable(string status) => status is CreateComplete or UpdateComplete or UpdateRollbackComplete;

    /// <summary>Statuses in which an operation runs.</summary>
    public static bool InProgress(string status) => status.EndsWith("_IN_PROGRESS", StringComparison.Ordinal) && status != ReviewInProgress;

    /// <summary>Statuses whose outputs DescribeStacks reports.</summary>
    public static bool HasOutputs(string status) => status is CreateComplete or UpdateComplete or UpdateRollbackComplete or UpdateCleanup or UpdateRollbackCleanup;

    /// <summary>The failed status an interrupted operation ends in, or <c>null</c> when the status is not one of a running operation.</summary>
    public static string? Interrupted(string status) => status switch
    {
        CreateInProgress => CreateFailed,
        RollbackInProgress => RollbackFailed,
        DeleteInProgress => DeleteFailed,
        UpdateInProgress or UpdateCleanup or UpdateRollbackInProgress or UpdateRollbackCleanup => UpdateRollbackFailed,
        _ => null,
    };
}

/// <summary>One stack: what DescribeStacks, DescribeStackEvents, DescribeStackResources and GetTemplate read.</summary>
internal sealed class StackState
{
    public required string StackId { get; init; }

    public required string StackName { get; init; }

    public required string Region { get; init; }

    public required string AccountId { get; init; }

    public required string Status { get; set; }

    public string? StatusReason { get; set; }

    public required DateTimeOffset CreationTime { get; init; }

    public DateTimeOffset? LastUpdatedTime { get; set; }

    public DateTimeOffset? DeletionTime { get; set; }

    /// <summary>The template applied (its includes expanded), or <c>null</c> before the first execution.</summary>
    public string? TemplateBody { get; set; }

    /// <summary>The template as submitted when it differs from <see cref="TemplateBody"/> (it had <c>AWS::Include</c>s), else <c>null</c>.</summary>
    public string? OriginalTemplateBody { get; set; }

    /// <summary>The template's description.</summary>
    public string? Description { get; set; }

    /// <summary>Parameter values in force, in template order.</summary>
    public List<ParameterValue> Parameters { get; set; } = [];

    /// <summary>Acknowledged capabilities.</summary>
    public List<string> Capabilities { get; set; } = [];

    /// <summary>Stack tags (kept and reported; not propagated to resources).</summary>
    public List<ParameterValue> Tags { get; set; } = [];

    /// <summary>Whether a failure leaves resources in place instead of rolling back.</summary>
    public bool DisableRollback { get; set; }

    /// <summary>Whether DeleteStack is refused.</summary>
    public bool TerminationProtection { get; set; }

    /// <summary>The change set that last changed the stack.</summary>
    public string? ChangeSetId { get; set; }

    /// <summary>The stack as applied (resources with physical ids, attributes and properties; outputs), as <c>ResolvedStack</c> JSON.</summary>
    public string? Resolved { get; set; }

    /// <summary>Outputs with their descriptions, in template order (empty until the stack completes).</summary>
    public List<OutputValue> Outputs { get; set; } = [];

    /// <summary>Resources as DescribeStackResources reports them, in template order.</summary>
    public List<ResourceState> Resources { get; set; } = [];

    /// <summary>Events, oldest first.</summary>
    public List<EventRecord> Events { get; set; } = [];

    /// <summary>Change sets by creation order.</summary>
    public List<ChangeSetState> ChangeSets { get; set; } = [];
}

/// <summary>A name-value pair (parameter, tag).</summary>
internal sealed record ParameterValue(string Key, string Value);

/// <summary>An output with its template description.</summary>
internal sealed record OutputValue(string Key, string Value, string? Description);

/// <summary>A resource's last status.</summary>
internal sealed record ResourceState(string LogicalId, string Type, string? PhysicalId, string Status, string? Reason, DateTimeOffset Timestamp);

/// <summary>One stack event.</summary>
internal sealed record EventRecord(
    string EventId,
    string LogicalId,
    string? PhysicalId,
    string Type,
    DateTimeOffset Timestamp,
    string Status,
    string? Reason,
    string? Properties,
    string? ClientRequestToken);

/// <summary>One change set.</summary>
internal sealed class ChangeSetState
{
    public required string ChangeSetId { get; init; }

    public required string ChangeSetName { get; init; }

    /// <summary><c>CREATE</c> or <c>UPDATE</c>.</summary>
    public required string ChangeSetType { get; init; }

    public required DateTimeOffset CreationTime { get; init; }

    public string? Description { get; init; }

    /// <summary>The template to apply (its includes expanded).</summary>
    public required string TemplateBody { get; init; }

    /// <summary>The template as submitted when it had <c>AWS::Include</c>s, else <c>null</c>.</summary>
    public string? OriginalTemplateBody { get; init; }

    public List<ParameterValue> Parameters { get; init; } = [];

    public List<string> Capabilities { get; init; } = [];

    public List<ParameterValue> Tags { get; init; } = [];

    public required string Status { get; set; }

    public string? StatusReason { get; set; }

    public required string ExecutionStatus { get; set; }

    public List<PlannedChange> Changes { get; init; } = [];
}

/// <summary>One planned resource change of a change set.</summary>
internal sealed record PlannedChange(string Action, string LogicalId, string? PhysicalId, string Type, string? Replacement, List<string> Scope, List<string> Properties);

/// <summary>The persisted form of <see cref="CloudFormationStore"/>.</summary>
internal sealed record CloudFormationSnapshot(List<StackState> Stacks);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CloudFormationSnapshot))]
internal sealed partial class CloudFormationStateJsonContext : JsonSerializerContext;
