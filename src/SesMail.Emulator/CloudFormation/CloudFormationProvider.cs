using System.Text;
using System.Text.RegularExpressions;
using SesMail.Emulator.Protocols;
using SesMail.Emulator.S3;
using SesMail.Infrastructure.Provisioning;
using SesMail.Infrastructure.Template;

namespace SesMail.Emulator.CloudFormation;

/// <summary>
/// AWS CloudFormation, one method per operation of the 2010-05-15 API
/// (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_Operations.html), spoken in Query by
/// <see cref="CloudFormationService"/>. Templates are read and evaluated by SesMail.Infrastructure's template model
/// and applied by its <see cref="StackProvisioner"/> (the one implementation of "apply a template"), in the background
/// by <see cref="CloudFormationEngine"/>: calls return at once and the stack progresses, so waiters poll as against AWS.
/// <c>TemplateURL</c> reads the template from the emulator's own S3 (path-style or virtual-hosted URL), and so does an
/// <c>AWS::Include</c> in a section (<see cref="TemplateIncludes"/>): the stack applies the processed template, and
/// <c>GetTemplate</c> returns either stage.
/// </summary>
/// <remarks>
/// Not emulated, refused with <c>ValidationError</c>: <c>RoleARN</c> (operations run with the caller's identity),
/// <c>NotificationARNs</c>, stack policies, <c>TimeoutInMinutes</c>, resource imports (<c>ChangeSetType</c>
/// <c>IMPORT</c>), nested stacks, transforms other than <c>AWS::Include</c> in a section (SAM, macros, a top-level
/// <c>Transform</c>), <c>Fn::ImportValue</c> and exports, custom
/// resources, versioned template URLs. Deviations: a change set is computed during <c>CreateChangeSet</c> (it is
/// <c>CREATE_COMPLETE</c> or <c>FAILED</c> when the call returns, never <c>CREATE_PENDING</c>); operations on all
/// stacks run one at a time; a resource that already exists under the template's name is adopted instead of refused
/// (and not deleted by a rollback); resource types without a provisioner (log groups, alarms, and the
/// Lambda functions, mappings and pipes the local runtime runs) complete with their names and ARNs computed and a
/// <c>ResourceStatusReason</c> saying so; operations run with the caller's credentials (an issued key or role session, else
/// the account's root); stack tags are reported but not propagated to resources; drift is never
/// checked (<c>NOT_CHECKED</c>); deleted stacks stay listed until the emulator's data is removed.
/// </remarks>
internal sealed partial class CloudFormationProvider(CloudFormationStore store, CloudFormationEngine engine, S3Store s3, TimeProvider time)
{
    private const int MaxTemplateBody = 51_200;
    private const int EventPageSize = 100;
    private const string NoChanges = "The submitted information didn't contain changes. Submit different information to create a change set.";

    public ValidateTemplateResult ValidateTemplate(ValidateTemplateRequest request, AwsRequestContext context)
    {
        var (_, template) = LoadTemplate(request.TemplateBody, request.TemplateURL);
        var (capabilities, reason) = TemplateCapabilities.Required(template);
        return new ValidateTemplateResult(
            [.. template.Parameters.Values.Select(p => new TemplateParameterEntry(p.Name, p.Default, false, p.Description))],
            template.Description,
            capabilities,
            reason,
            []);
    }

    public StackIdResult CreateStack(CreateStackRequest request, AwsRequestContext context)
    {
        var name = StackName(request.StackName);
        Refuse(request.RoleARN, "RoleARN");
        Refuse(request.NotificationARNs, "NotificationARNs");
        Refuse(request.StackPolicyBody ?? request.StackPolicyURL, "A stack policy");
        Refuse(request.TimeoutInMinutes, "TimeoutInMinutes");
        if (request.OnFailure is not (null or "ROLLBACK" or "DELETE" or "DO_NOTHING"))
        {
            throw CloudFormationErrors.Validation($"1 validation error detected: Value '{request.OnFailure}' at 'onFailure' failed to satisfy constraint: Member must satisfy enum value set: [DO_NOTHING, ROLLBACK, DELETE]");
        }

        if (request.OnFailure is not null && request.DisableRollback is not null)
        {
            throw CloudFormationErrors.Validation("You cannot specify both DisableRollback and OnFailure.");
        }

        var (body, template) = LoadTemplate(request.TemplateBody, request.TemplateURL);
        var parameters = ResolveParameters(template, request.Parameters, null);
        RequireAutoExpand(template, request.Capabilities);
        (body, template, var original) = Process(body, template, parameters, context, name);
        CheckResourceTypes(template, request.ResourceTypes);
        CheckCapabilities(template, request.Capabilities);
        StackState stack;
        lock (store.Gate)
        {
            if (store.Find(context.Region, name) is not null)
            {
                throw CloudFormationErrors.AlreadyExists(name);
            }

            stack = NewStack(name, context, StackStatuses.CreateInProgress);
            stack.TemplateBody = body;
            stack.OriginalTemplateBody = original;
            stack.Description = template.Description;
            stack.Parameters = parameters;
            stack.Capabilities = [.. request.Capabilities ?? []];
            stack.Tags = Tags(request.Tags);
            stack.DisableRollback = request.DisableRollback ?? false;
            stack.TerminationProtection = request.EnableTerminationProtection ?? false;
            stack.Events.Add(StackEvent(stack, StackStatuses.CreateInProgress, "User Initiated", request.ClientRequestToken));
            store.Add(stack);
        }

        engine.Enqueue(new StackOperation(StackOperationKind.Create, stack.StackId, Endpoint(context), context.AccessKeyId, body, parameters,
            request.DisableRollback ?? false, request.OnFailure, request.ClientRequestToken, null, new HashSet<string>()) { OriginalTemplateBody = original });
        return new StackIdResult(stack.StackId);
    }

    public StackIdResult UpdateStack(UpdateStackRequest request, AwsRequestContext context)
    {
        var name = request.StackName ?? throw CloudFormationErrors.Missing("stackName");
        Refuse(request.RoleARN, "RoleARN");
        Refuse(request.NotificationARNs, "NotificationARNs");
        Refuse(request.StackPolicyBody, "A stack policy");
        StackState stack;
        string body;
        string? original;
        List<ParameterValue> parameters;
        lock (store.Gate)
        {
            stack = store.Find(context.Region, name) ?? throw CloudFormationErrors.StackNotFound(name);
            if (!StackStatuses.Updatable(stack.Status))
            {
                throw CloudFormationErrors.NotUpdatable(stack.StackId, stack.Status);
            }

            TemplateDocument template;
            (body, template) = request.UsePreviousTemplate == true
                ? Previous(stack)
                : LoadTemplate(request.TemplateBody, request.TemplateURL);
            parameters = ResolveParameters(template, request.Parameters, stack.Parameters);
            RequireAutoExpand(template, request.Capabilities);
            (body, template, original) = Process(body, template, parameters, context, stack.StackName);
            CheckResourceTypes(template, request.ResourceTypes);
            CheckCapabilities(template, request.Capabilities);
            var plan = Plan(stack, template, parameters);
            if (plan.IsEmpty)
            {
                throw CloudFormationErrors.NoUpdates();
            }

            stack.Status = StackStatuses.UpdateInProgress;
            stack.StatusReason = "User Initiated";
            stack.Capabilities = [.. request.Capabilities ?? []];
            if (request.Tags is not null)
            {
                stack.Tags = Tags(request.Tags);
            }

            stack.LastUpdatedTime = time.GetUtcNow();
            stack.Events.Add(StackEvent(stack, StackStatuses.UpdateInProgress, "User Initiated", request.ClientRequestToken));
        }

        engine.Enqueue(new StackOperation(StackOperationKind.Update, stack.StackId, Endpoint(context), context.AccessKeyId, body, parameters,
            request.DisableRollback ?? stack.DisableRollback, null, request.ClientRequestToken, null, new HashSet<string>()) { OriginalTemplateBody = original });
        return new StackIdResult(stack.StackId);
    }

    public EmptyResult DeleteStack(DeleteStackRequest request, AwsRequestContext context)
    {
        var name = request.StackName ?? throw CloudFormationErrors.Missing("stackName");
        Refuse(request.RoleARN, "RoleARN");
        if (request.DeletionMode is not (null or "STANDARD"))
        {
            throw CloudFormationErrors.NotEmulated($"DeletionMode {request.DeletionMode}");
        }

        StackState? stack;
        lock (store.Gate)
        {
            stack = store.Find(context.Region, name);
            if (stack is null || stack.Status is StackStatuses.DeleteComplete or StackStatuses.DeleteInProgress)
            {
                return EmptyResult.Instance; // DeleteStack of a missing or deleted stack succeeds
            }

            if (stack.TerminationProtection)
            {
                throw CloudFormationErrors.Validation($"Stack [{stack.StackName}] cannot be deleted while TerminationProtection is enabled");
            }

            if (StackStatuses.InProgress(stack.Status))
            {
                throw CloudFormationErrors.Validation($"Stack [{stack.StackName}] cannot be deleted while in status {stack.Status}");
            }

            if (request.RetainResources is { Count: > 0 } && stack.Status != StackStatuses.DeleteFailed)
            {
                throw CloudFormationErrors.Validation("Invalid operation on stack: RetainResources can only be specified when the stack is in the DELETE_FAILED state");
            }

            stack.Events.Add(StackEvent(stack, StackStatuses.DeleteInProgress, "User Initiated", request.ClientRequestToken));
            stack.Status = StackStatuses.DeleteInProgress;
            stack.StatusReason = "User Initiated";
            stack.ChangeSets.Clear();
        }

        engine.Enqueue(new StackOperation(StackOperationKind.Delete, stack.StackId, Endpoint(context), context.AccessKeyId, string.Empty, [],
            false, null, request.ClientRequestToken, null, (request.RetainResources ?? []).ToHashSet(StringComparer.Ordinal)));
        return EmptyResult.Instance;
    }

    public DescribeStacksResult DescribeStacks(StackRequest request, AwsRequestContext context)
    {
        lock (store.Gate)
        {
            if (request.StackName is { } name)
            {
                var stack = store.Find(context.Region, name) ?? throw CloudFormationErrors.StackNotFound(name);
                return new DescribeStacksResult([Describe(stack)], null);
            }

            return new DescribeStacksResult([.. store.Stacks(context.Region).Where(s => s.Status != StackStatuses.DeleteComplete).Select(Describe)], null);
        }
    }

    public DescribeStackEventsResult DescribeStackEvents(StackRequest request, AwsRequestContext context)
    {
        var name = request.StackName ?? throw CloudFormationErrors.Missing("stackName");
        lock (store.Gate)
        {
            var stack = store.Find(context.Region, name) ?? throw CloudFormationErrors.StackNotFound(name);
            var start = int.TryParse(request.NextToken, out var offset) && offset >= 0 ? offset : 0;
            var newestFirst = Enumerable.Reverse(stack.Events).Skip(start).Take(EventPageSize + 1).ToList();
            var page = newestFirst.Take(EventPageSize).Select(e => new CfnStackEvent(
                stack.StackId, e.EventId, stack.StackName, e.LogicalId, e.PhysicalId, e.Type, CloudFormationEngine.Timestamp(e.Timestamp),
                e.Status, e.Reason, e.Properties, e.ClientRequestToken)).ToList();
            return new DescribeStackEventsResult(page, newestFirst.Count > EventPageSize ? (start + EventPageSize).ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
        }
    }

    public DescribeStackResourcesResult DescribeStackResources(DescribeStackResourcesRequest request, AwsRequestContext context)
    {
        lock (store.Gate)
        {
            StackState stack;
            if (request.StackName is { } name)
            {
                stack = store.Find(context.Region, name) ?? throw CloudFormationErrors.StackNotFound(name);
            }
            else if (request.PhysicalResourceId is { } physical)
            {
                stack = store.Stacks(context.Region).LastOrDefault(s => s.Resources.Any(r => r.PhysicalId == physical))
                    ?? throw CloudFormationErrors.Validation($"Stack for {physical} does not exist");
            }
            else
            {
                throw CloudFormationErrors.Validation("Either StackName or PhysicalResourceId must be specified.");
            }

            return new DescribeStackResourcesResult([.. stack.Resources
                .Where(r => request.LogicalResourceId is null || r.LogicalId == request.LogicalResourceId)
                .Select(r => new CfnStackResource(stack.StackName, stack.StackId, r.LogicalId, r.PhysicalId, r.Type, CloudFormationEngine.Timestamp(r.Timestamp),
                    r.Status, r.Reason, new ResourceDriftInformation("NOT_CHECKED")))]);
        }
    }

    public DescribeStackResourceResult DescribeStackResource(DescribeStackResourceRequest request, AwsRequestContext context)
    {
        var name = request.StackName ?? throw CloudFormationErrors.Missing("stackName");
        var logicalId = request.LogicalResourceId ?? throw CloudFormationErrors.Missing("logicalResourceId");
        lock (store.Gate)
        {
            var stack = store.Find(context.Region, name) ?? throw CloudFormationErrors.StackNotFound(name);
            var r = stack.Resources.FirstOrDefault(x => x.LogicalId == logicalId)
                ?? throw CloudFormationErrors.Validation($"Resource {logicalId} does not exist for stack {stack.StackName}");
            return new DescribeStackResourceResult(new CfnStackResourceDetail(stack.StackName, stack.StackId, r.LogicalId, r.PhysicalId, r.Type,
                CloudFormationEngine.Timestamp(r.Timestamp), r.Status, r.Reason, null, new ResourceDriftInformation("NOT_CHECKED")));
        }
    }

    public ListStackResourcesResult ListStackResources(StackRequest request, AwsRequestContext context)
    {
        var name = request.StackName ?? throw CloudFormationErrors.Missing("stackName");
        lock (store.Gate)
        {
            var stack = store.Find(context.Region, name) ?? throw CloudFormationErrors.StackNotFound(name);
            return new ListStackResourcesResult([.. stack.Resources.Select(r => new CfnStackResourceSummary(r.LogicalId, r.PhysicalId, r.Type,
                CloudFormationEngine.Timestamp(r.Timestamp), r.Status, r.Reason, new ResourceDriftInformation("NOT_CHECKED")))], null);
        }
    }

    public ListStacksResult ListStacks(ListStacksRequest request, AwsRequestContext context)
    {
        var filter = (request.StackStatusFilter ?? []).ToHashSet(StringComparer.Ordinal);
        foreach (var status in filter.Where(s => !StackStatuses.All.Contains(s)))
        {
            throw CloudFormationErrors.Validation($"1 validation error detected: Value '[{status}]' at 'stackStatusFilter' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [{string.Join(", ", StackStatuses.All)}]]");
        }

        lock (store.Gate)
        {
            return new ListStacksResult([.. store.Stacks(context.Region).Reverse()
                .Where(s => filter.Count == 0 || filter.Contains(s.Status))
                .Select(s => new CfnStackSummary(s.StackId, s.StackName, s.Description, CloudFormationEngine.Timestamp(s.CreationTime),
                    s.LastUpdatedTime is { } u ? CloudFormationEngine.Timestamp(u) : null, s.DeletionTime is { } d ? CloudFormationEngine.Timestamp(d) : null,
                    s.Status, s.StatusReason, new StackDriftInformation("NOT_CHECKED")))], null);
        }
    }

    public CreateChangeSetResult CreateChangeSet(CreateChangeSetRequest request, AwsRequestContext context)
    {
        var stackName = request.StackName ?? throw CloudFormationErrors.Missing("stackName");
        var changeSetName = request.ChangeSetName ?? throw CloudFormationErrors.Missing("changeSetName");
        if (!NamePattern().IsMatch(changeSetName) || changeSetName.Length > 128)
        {
            throw CloudFormationErrors.Validation($"1 validation error detected: Value '{changeSetName}' at 'changeSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*");
        }

        var type = request.ChangeSetType ?? "UPDATE";
        if (type == "IMPORT" || request.ResourcesToImport is not null || request.ImportExistingResources == true)
        {
            throw CloudFormationErrors.NotEmulated("Importing resources");
        }

        if (type is not ("CREATE" or "UPDATE"))
        {
            throw CloudFormationErrors.Validation($"1 validation error detected: Value '{type}' at 'changeSetType' failed to satisfy constraint: Member must satisfy enum value set: [CREATE, UPDATE, IMPORT]");
        }

        Refuse(request.RoleARN, "RoleARN");
        Refuse(request.NotificationARNs, "NotificationARNs");
        if (request.IncludeNestedStacks == true)
        {
            throw CloudFormationErrors.NotEmulated("IncludeNestedStacks");
        }

        if (request.OnStackFailure is not (null or "ROLLBACK"))
        {
            throw CloudFormationErrors.NotEmulated($"OnStackFailure {request.OnStackFailure}");
        }

        lock (store.Gate)
        {
            var stack = store.Find(context.Region, stackName);
            string body;
            TemplateDocument template;
            if (type == "CREATE")
            {
                StackName(stackName);
                if (stack is not null && stack.Status != StackStatuses.ReviewInProgress)
                {
                    throw CloudFormationErrors.Validation($"Stack [{stackName}] already exists and cannot be created again with the changeSet [{changeSetName}].");
                }

                (body, template) = LoadTemplate(request.TemplateBody, request.TemplateURL);
            }
            else
            {
                if (stack is null)
                {
                    throw CloudFormationErrors.Validation($"Stack [{stackName}] does not exist");
                }

                if (!StackStatuses.Updatable(stack.Status))
                {
                    throw CloudFormationErrors.NotUpdatable(stack.StackId, stack.Status);
                }

                (body, template) = request.UsePreviousTemplate == true
                    ? Previous(stack)
                    : LoadTemplate(request.TemplateBody, request.TemplateURL);
            }

            var parameters = ResolveParameters(template, request.Parameters, type == "UPDATE" ? stack!.Parameters : null);
            string? original = null, transformFailure = null;
            try
            {
                (body, template, original) = Process(body, template, parameters, context, stackName);
            }
            catch (AwsServiceException error) when (TemplateIncludes.Any(template.Root))
            {
                transformFailure = error.Message; // as in AWS, the change set is created and FAILED with the reason
            }

            CheckResourceTypes(template, request.ResourceTypes);
            CheckCapabilities(template, request.Capabilities);
            if (stack is null)
            {
                stack = NewStack(stackName, context, StackStatuses.ReviewInProgress);
                stack.Events.Add(StackEvent(stack, StackStatuses.ReviewInProgress, "User Initiated", null));
                store.Add(stack);
            }

            if (stack.ChangeSets.Any(c => c.ChangeSetName == changeSetName))
            {
                throw CloudFormationErrors.ChangeSetAlreadyExists(changeSetName);
            }

            string status = "CREATE_COMPLETE", execution = "AVAILABLE";
            string? reason = null;
            var changes = new List<PlannedChange>();
            try
            {
                if (transformFailure is not null)
                {
                    throw new TemplateException(transformFailure);
                }

                var plan = Plan(type == "CREATE" ? null : stack, template, parameters);
                changes = [.. plan.Changes.Select(c => new PlannedChange(c.Action, c.LogicalId, c.PhysicalId, c.Type, c.Replacement, [.. c.Scope], [.. c.ChangedProperties]))];
                if (plan.IsEmpty)
                {
                    (status, execution, reason) = ("FAILED", "UNAVAILABLE", NoChanges);
                }
            }
            catch (TemplateException error)
            {
                (status, execution, reason) = ("FAILED", "UNAVAILABLE", transformFailure ?? $"Template error: {error.Message}");
            }

            var changeSet = new ChangeSetState
            {
                ChangeSetId = $"arn:aws:cloudformation:{context.Region}:{context.AccountId}:changeSet/{changeSetName}/{Guid.NewGuid()}",
                ChangeSetName = changeSetName,
                ChangeSetType = type,
                CreationTime = time.GetUtcNow(),
                Description = request.Description,
                TemplateBody = body,
                OriginalTemplateBody = original,
                Parameters = parameters,
                Capabilities = [.. request.Capabilities ?? []],
                Tags = Tags(request.Tags),
                Status = status,
                StatusReason = reason,
                ExecutionStatus = execution,
                Changes = changes,
            };
            stack.ChangeSets.Add(changeSet);
            return new CreateChangeSetResult(changeSet.ChangeSetId, stack.StackId);
        }
    }

    public DescribeChangeSetResult DescribeChangeSet(ChangeSetRequest request, AwsRequestContext context)
    {
        lock (store.Gate)
        {
            var (stack, changeSet) = FindChangeSet(request, context);
            return new DescribeChangeSetResult(
                changeSet.ChangeSetName,
                changeSet.ChangeSetId,
                stack.StackId,
                stack.StackName,
                changeSet.Description,
                [.. changeSet.Parameters.Select(p => new CfnParameter(p.Key, p.Value))],
                CloudFormationEngine.Timestamp(changeSet.CreationTime),
                changeSet.ExecutionStatus,
                changeSet.Status,
                changeSet.StatusReason,
                [],
                changeSet.Capabilities,
                [.. changeSet.Tags.Select(t => new CfnTag(t.Key, t.Value))],
                [.. changeSet.Changes.Select(c => new CfnChange("Resource", c.Action == "Modify" ? 0 : null, new CfnResourceChange(
                    c.Action, c.LogicalId, c.PhysicalId, c.Type, c.Replacement, c.Scope,
                    [.. c.Properties.Select(p => new CfnResourceChangeDetail(
                        new CfnResourceTargetDefinition("Properties", p, c.Replacement == "True" ? "Always" : "Never"), "Static", "DirectModification"))])))],
                null,
                false);
        }
    }

    public EmptyResult ExecuteChangeSet(ChangeSetRequest request, AwsRequestContext context)
    {
        StackOperation operation;
        lock (store.Gate)
        {
            var (stack, changeSet) = FindChangeSet(request, context);
            if (changeSet.Status != "CREATE_COMPLETE" || changeSet.ExecutionStatus != "AVAILABLE")
            {
                throw CloudFormationErrors.InvalidChangeSetStatus(changeSet.ChangeSetId, changeSet.Status == "CREATE_COMPLETE" ? changeSet.ExecutionStatus : changeSet.Status);
            }

            var create = changeSet.ChangeSetType == "CREATE";
            if (create ? stack.Status != StackStatuses.ReviewInProgress : !StackStatuses.Updatable(stack.Status))
            {
                throw CloudFormationErrors.NotUpdatable(stack.StackId, stack.Status);
            }

            var status = create ? StackStatuses.CreateInProgress : StackStatuses.UpdateInProgress;
            stack.Status = status;
            stack.StatusReason = "User Initiated";
            stack.ChangeSetId = changeSet.ChangeSetId;
            stack.Capabilities = changeSet.Capabilities;
            stack.Tags = changeSet.Tags;
            stack.DisableRollback = request.DisableRollback ?? false;
            if (create)
            {
                stack.TemplateBody = changeSet.TemplateBody;
                stack.OriginalTemplateBody = changeSet.OriginalTemplateBody;
                stack.Parameters = changeSet.Parameters;
                stack.Description = TemplateReader.Parse(changeSet.TemplateBody).Description;
            }
            else
            {
                stack.LastUpdatedTime = time.GetUtcNow();
            }

            stack.Events.Add(StackEvent(stack, status, "User Initiated", request.ClientRequestToken));
            changeSet.ExecutionStatus = "EXECUTE_IN_PROGRESS";
            stack.ChangeSets.RemoveAll(c => c != changeSet); // executing one change set deletes the stack's others
            operation = new StackOperation(create ? StackOperationKind.Create : StackOperationKind.Update, stack.StackId, Endpoint(context), context.AccessKeyId,
                changeSet.TemplateBody, changeSet.Parameters, request.DisableRollback ?? false, null, request.ClientRequestToken, changeSet.ChangeSetId, new HashSet<string>())
            {
                OriginalTemplateBody = changeSet.OriginalTemplateBody,
            };
        }

        engine.Enqueue(operation);
        return EmptyResult.Instance;
    }

    public EmptyResult DeleteChangeSet(ChangeSetRequest request, AwsRequestContext context)
    {
        lock (store.Gate)
        {
            var (stack, changeSet) = FindChangeSet(request, context);
            if (changeSet.ExecutionStatus == "EXECUTE_IN_PROGRESS")
            {
                throw new AwsServiceException("InvalidChangeSetStatus", $"ChangeSet [{changeSet.ChangeSetId}] cannot be deleted in its current status of [EXECUTE_IN_PROGRESS]");
            }

            stack.ChangeSets.Remove(changeSet);
            return EmptyResult.Instance;
        }
    }

    public ListChangeSetsResult ListChangeSets(StackRequest request, AwsRequestContext context)
    {
        var name = request.StackName ?? throw CloudFormationErrors.Missing("stackName");
        lock (store.Gate)
        {
            var stack = store.Find(context.Region, name) ?? throw CloudFormationErrors.StackNotFound(name);
            return new ListChangeSetsResult([.. stack.ChangeSets.Select(c => new CfnChangeSetSummary(stack.StackId, stack.StackName, c.ChangeSetId, c.ChangeSetName,
                c.ExecutionStatus, c.Status, c.StatusReason, CloudFormationEngine.Timestamp(c.CreationTime), c.Description, false))], null);
        }
    }

    public GetTemplateResult GetTemplate(GetTemplateRequest request, AwsRequestContext context)
    {
        if (request.TemplateStage is not (null or "Original" or "Processed"))
        {
            throw CloudFormationErrors.Validation($"1 validation error detected: Value '{request.TemplateStage}' at 'templateStage' failed to satisfy constraint: Member must satisfy enum value set: [Original, Processed]");
        }

        lock (store.Gate)
        {
            if (request.ChangeSetName is not null)
            {
                var (_, changeSet) = FindChangeSet(new ChangeSetRequest(request.ChangeSetName, request.StackName, null, null, null, null, null), context);
                return new GetTemplateResult(Stage(changeSet.TemplateBody, changeSet.OriginalTemplateBody), ["Original", "Processed"]);
            }

            var name = request.StackName ?? throw CloudFormationErrors.Validation("Either StackName or ChangeSetName must be specified.");
            var stack = store.Find(context.Region, name) ?? throw CloudFormationErrors.StackNotFound(name);
            var (body, original) = stack.TemplateBody is { } applied
                ? (applied, stack.OriginalTemplateBody)
                : (stack.ChangeSets.LastOrDefault()?.TemplateBody ?? throw CloudFormationErrors.StackNotFound(name), stack.ChangeSets.LastOrDefault()?.OriginalTemplateBody);
            return new GetTemplateResult(Stage(body, original), ["Original", "Processed"]);
        }

        // Processed is the template applied (AWS::Include snippets expanded), Original the one submitted.
        string Stage(string processed, string? original) => request.TemplateStage == "Processed" ? processed : original ?? processed;
    }

    public GetTemplateSummaryResult GetTemplateSummary(GetTemplateSummaryRequest request, AwsRequestContext context)
    {
        if (request.StackSetName is not null)
        {
            throw CloudFormationErrors.NotEmulated("StackSetName (StackSets)");
        }

        TemplateDocument template;
        IReadOnlyList<ParameterValue> current = [];
        if (request.StackName is { } name)
        {
            lock (store.Gate)
            {
                var stack = store.Find(context.Region, name) ?? throw CloudFormationErrors.StackNotFound(name);
                template = TemplateReader.Parse(stack.TemplateBody ?? stack.ChangeSets.LastOrDefault()?.TemplateBody ?? throw CloudFormationErrors.StackNotFound(name));
                current = [.. stack.Parameters];
            }
        }
        else
        {
            (_, template) = LoadTemplate(request.TemplateBody, request.TemplateURL);
        }

        var (capabilities, reason) = TemplateCapabilities.Required(template);
        return new GetTemplateSummaryResult(
            [.. template.Parameters.Values.Select(p => new ParameterDeclaration(p.Name, p.Default, p.Type, false, p.Description, new CfnParameterConstraints(p.AllowedValues)))],
            template.Description,
            capabilities,
            reason,
            [.. template.Resources.Select(r => r.Type).Distinct(StringComparer.Ordinal)],
            template.Root["AWSTemplateFormatVersion"]?.ToString(),
            TemplateIncludes.Any(template.Root) ? [TemplateIncludes.IncludeTransform] : [],
            [.. template.Resources.GroupBy(r => r.Type, StringComparer.Ordinal).Select(g => new ResourceIdentifierSummary(g.Key, [.. g.Select(r => r.LogicalId)]))]);
    }

    private (StackState Stack, ChangeSetState ChangeSet) FindChangeSet(ChangeSetRequest request, AwsRequestContext context)
    {
        var name = request.ChangeSetName ?? throw CloudFormationErrors.Missing("changeSetName");
        if (name.StartsWith("arn:", StringComparison.Ordinal))
        {
            foreach (var candidate in store.Stacks(context.Region))
            {
                if (candidate.ChangeSets.FirstOrDefault(c => c.ChangeSetId == name) is { } match)
                {
                    return (candidate, match);
                }
            }

            throw CloudFormationErrors.ChangeSetNotFound(name);
        }

        var stackName = request.StackName ?? throw CloudFormationErrors.Validation("StackName must be specified if ChangeSetName is not specified as an ARN.");
        var stack = store.Find(context.Region, stackName) ?? throw CloudFormationErrors.ChangeSetNotFound(name);
        return (stack, stack.ChangeSets.FirstOrDefault(c => c.ChangeSetName == name) ?? throw CloudFormationErrors.ChangeSetNotFound(name));
    }

    private static StackPlan Plan(StackState? stack, TemplateDocument template, IReadOnlyList<ParameterValue> parameters)
    {
        var pseudo = stack is null
            ? new PseudoParameters("000000000000", "us-east-1", "planned")
            : new PseudoParameters(stack.AccountId, stack.Region, stack.StackName) { StackId = stack.StackId };
        var previous = stack?.Resolved is { } json ? ResolvedStack.FromJson(json) : null;
        var previousTemplate = stack?.TemplateBody is { } body ? TemplateReader.Parse(body) : null;
        return StackPlanner.Plan(template, pseudo, parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), previous, previousTemplate);
    }

    private StackState NewStack(string name, AwsRequestContext context, string status) => new()
    {
        StackId = $"arn:aws:cloudformation:{context.Region}:{context.AccountId}:stack/{name}/{Guid.NewGuid()}",
        StackName = name,
        Region = context.Region,
        AccountId = context.AccountId,
        Status = status,
        StatusReason = "User Initiated",
        CreationTime = time.GetUtcNow(),
    };

    private EventRecord StackEvent(StackState stack, string status, string? reason, string? token) =>
        new(Guid.NewGuid().ToString(), stack.StackName, stack.StackId, "AWS::CloudFormation::Stack", time.GetUtcNow(), status, reason, null, token);

    private static CfnStack Describe(StackState s) => new(
        s.StackId,
        s.StackName,
        s.ChangeSetId,
        s.Description,
        [.. s.Parameters.Select(p => new CfnParameter(p.Key, p.Value))],
        CloudFormationEngine.Timestamp(s.CreationTime),
        s.DeletionTime is { } d ? CloudFormationEngine.Timestamp(d) : null,
        s.LastUpdatedTime is { } u ? CloudFormationEngine.Timestamp(u) : null,
        s.Status,
        s.StatusReason,
        s.DisableRollback,
        [],
        s.Capabilities,
        StackStatuses.HasOutputs(s.Status) ? [.. s.Outputs.Select(o => new CfnOutput(o.Key, o.Value, o.Description))] : null,
        [.. s.Tags.Select(t => new CfnTag(t.Key, t.Value))],
        s.TerminationProtection,
        new StackDriftInformation("NOT_CHECKED"));

    private static List<ParameterValue> Tags(IReadOnlyList<CfnTag>? tags) =>
        [.. (tags ?? []).Select(t => new ParameterValue(t.Key ?? throw CloudFormationErrors.Missing("tags.member.key"), t.Value ?? string.Empty))];

    private static Uri Endpoint(AwsRequestContext context) => new(context.BaseUrl);

    private static string StackName(string? name)
    {
        if (name is null)
        {
            throw CloudFormationErrors.Missing("stackName");
        }

        if (!NamePattern().IsMatch(name) || name.Length > 128)
        {
            throw CloudFormationErrors.Validation($"1 validation error detected: Value '{name}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*");
        }

        return name;
    }

    private static void Refuse<T>(T? value, string what)
    {
        if (value is not null && value is not System.Collections.ICollection { Count: 0 })
        {
            throw CloudFormationErrors.NotEmulated(what);
        }
    }

    /// <summary>The template from <c>TemplateBody</c> or <c>TemplateURL</c>, parsed and checked.</summary>
    private (string Body, TemplateDocument Template) LoadTemplate(string? body, string? url)
    {
        if ((body is null) == (url is null))
        {
            throw CloudFormationErrors.Validation(body is null
                ? "Either Template URL or Template Body must be specified."
                : "Specify exactly one of TemplateBody or TemplateURL.");
        }

        if (body is not null && Encoding.UTF8.GetByteCount(body) > MaxTemplateBody)
        {
            throw CloudFormationErrors.Validation($"1 validation error detected: Value at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to {MaxTemplateBody}");
        }

        body ??= ReadTemplateUrl(url!);
        TemplateDocument template;
        try
        {
            template = TemplateReader.Parse(body);
            if (!TemplateIncludes.Any(template.Root))
            {
                TemplateDependencies.Validate(template); // else once the includes are read (Process)
            }
        }
        catch (TemplateException error)
        {
            throw CloudFormationErrors.TemplateFormat(error.Message);
        }

        if (template.Root["Transform"] is not null)
        {
            throw CloudFormationErrors.NotEmulated("Transform (SAM, macros)");
        }

        var unknown = template.Resources.Select(r => r.Type).Where(t => !ResourceType().IsMatch(t)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw CloudFormationErrors.TemplateFormat($"Unrecognized resource types: [{string.Join(", ", unknown)}]");
        }

        return (body, template);
    }

    /// <summary>
    /// The template CloudFormation applies: its <c>AWS::Include</c> snippets read from the emulator's S3 with the stack's
    /// parameter values (<see cref="TemplateIncludes"/>), validated, as JSON. Without includes the template is applied
    /// as submitted and there is no separate original.
    /// </summary>
    private (string Body, TemplateDocument Template, string? Original) Process(string body, TemplateDocument template, IReadOnlyList<ParameterValue> parameters, AwsRequestContext context, string stackName)
    {
        if (!TemplateIncludes.Any(template.Root))
        {
            return (body, template, null);
        }

        TemplateDocument expanded;
        try
        {
            expanded = TemplateIncludes.Expand(
                template,
                parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
                new PseudoParameters(context.AccountId, context.Region, stackName),
                ReadIncluded);
            TemplateDependencies.Validate(expanded);
        }
        catch (TemplateException error)
        {
            throw CloudFormationErrors.Validation($"Transform AWS::Include failed with: {error.Message}");
        }

        var unknown = expanded.Resources.Select(r => r.Type).Where(t => !ResourceType().IsMatch(t)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw CloudFormationErrors.TemplateFormat($"Unrecognized resource types: [{string.Join(", ", unknown)}]");
        }

        return (expanded.Root.ToJsonString(), expanded, body);
    }

    /// <summary>The template a stack was last applied from, as submitted (its includes are read again).</summary>
    private static (string Body, TemplateDocument Template) Previous(StackState stack)
    {
        var body = stack.OriginalTemplateBody ?? stack.TemplateBody!;
        return (body, TemplateReader.Parse(body));
    }

    /// <summary>
    /// <c>CreateStack</c> and <c>UpdateStack</c> of a template with a transform need <c>CAPABILITY_AUTO_EXPAND</c>
    /// (a change set, which shows the processed template first, does not).
    /// </summary>
    private static void RequireAutoExpand(TemplateDocument template, IReadOnlyList<string>? capabilities)
    {
        if (TemplateIncludes.Any(template.Root) && !(capabilities ?? []).Contains("CAPABILITY_AUTO_EXPAND"))
        {
            throw CloudFormationErrors.InsufficientCapabilities(["CAPABILITY_AUTO_EXPAND"]);
        }
    }

    /// <summary>An included snippet's text from the emulator's S3.</summary>
    private string ReadIncluded(string bucket, string key)
    {
        try
        {
            var (_, content) = S3Store.OpenObject(s3.RequireBucket(bucket), key);
            using (content)
            using (var reader = new StreamReader(content, Encoding.UTF8))
            {
                return reader.ReadToEnd();
            }
        }
        catch (AwsServiceException error) when (error.Code is "NoSuchBucket" or "NoSuchKey")
        {
            throw new TemplateException($"S3 object s3://{bucket}/{key} cannot be read ({error.Code}); upload the snippet first.");
        }
    }

    /// <summary>Reads a template from the emulator's S3: <c>https://s3[.region].amazonaws.com/bucket/key</c>, <c>https://bucket.s3[.region].amazonaws.com/key</c>, or <c>http://{emulator}/bucket/key</c>.</summary>
    private string ReadTemplateUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw CloudFormationErrors.Validation("TemplateURL must be a supported URL.");
        }

        if (uri.Query.Contains("versionId=", StringComparison.Ordinal))
        {
            throw CloudFormationErrors.NotEmulated("A versioned TemplateURL");
        }

        var path = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        string bucket, key;
        var host = uri.Host;
        var virtualHosted = host.Contains(".s3.", StringComparison.Ordinal) || host.Contains(".s3-", StringComparison.Ordinal);
        if (virtualHosted && host.EndsWith(".amazonaws.com", StringComparison.Ordinal))
        {
            bucket = host[..host.IndexOf(".s3", StringComparison.Ordinal)];
            key = path;
        }
        else
        {
            var slash = path.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0)
            {
                throw CloudFormationErrors.Validation("TemplateURL must be a supported URL.");
            }

            (bucket, key) = (path[..slash], path[(slash + 1)..]);
        }

        try
        {
            var (_, content) = S3Store.OpenObject(s3.RequireBucket(bucket), key);
            using (content)
            using (var reader = new StreamReader(content, Encoding.UTF8))
            {
                return reader.ReadToEnd();
            }
        }
        catch (AwsServiceException error) when (error.Code is "NoSuchBucket" or "NoSuchKey")
        {
            throw CloudFormationErrors.Validation($"S3 error: {error.Message}");
        }
    }

    private static void CheckResourceTypes(TemplateDocument template, IReadOnlyList<string>? allowed)
    {
        if (allowed is null || allowed.Count == 0)
        {
            return;
        }

        bool Allowed(string type) => allowed.Any(a => a == "AWS::*" || a == type || (a.EndsWith("::*", StringComparison.Ordinal) && type.StartsWith(a[..^1], StringComparison.Ordinal)));
        foreach (var resource in template.Resources.Where(r => !Allowed(r.Type)))
        {
            throw CloudFormationErrors.Validation($"Resource type {resource.Type} is not allowed by ResourceTypes [{string.Join(", ", allowed)}]");
        }
    }

    private static void CheckCapabilities(TemplateDocument template, IReadOnlyList<string>? acknowledged)
    {
        var missing = TemplateCapabilities.Missing(template, acknowledged ?? []);
        if (missing.Count > 0)
        {
            throw CloudFormationErrors.InsufficientCapabilities(missing);
        }
    }

    /// <summary>The parameter values a call applies: given values, previous values (<c>UsePreviousValue</c>), defaults; checked against the template's constraints.</summary>
    private static List<ParameterValue> ResolveParameters(TemplateDocument template, IReadOnlyList<CfnParameter>? given, IReadOnlyList<ParameterValue>? previous)
    {
        var byKey = new Dictionary<string, CfnParameter>(StringComparer.Ordinal);
        foreach (var parameter in given ?? [])
        {
            byKey[parameter.ParameterKey ?? throw CloudFormationErrors.Missing("parameters.member.parameterKey")] = parameter;
        }

        var unknown = byKey.Keys.Where(k => !template.Parameters.ContainsKey(k)).ToList();
        if (unknown.Count > 0)
        {
            throw CloudFormationErrors.Validation($"Parameters: [{string.Join(", ", unknown)}] do not exist in the template");
        }

        var result = new List<ParameterValue>();
        var missing = new List<string>();
        foreach (var declared in template.Parameters.Values)
        {
            string value;
            if (byKey.TryGetValue(declared.Name, out var parameter))
            {
                value = parameter.UsePreviousValue == true
                    ? previous?.FirstOrDefault(p => p.Key == declared.Name)?.Value
                        ?? throw CloudFormationErrors.Validation($"Invalid input for parameter key {declared.Name}. Cannot specify usePreviousValue as true for a parameter key not in the previous template")
                    : parameter.ParameterValue ?? string.Empty;
            }
            else if (declared.Default is { } fallback)
            {
                value = fallback;
            }
            else
            {
                missing.Add(declared.Name);
                continue;
            }

            Check(declared, value);
            result.Add(new ParameterValue(declared.Name, value));
        }

        if (missing.Count > 0)
        {
            throw CloudFormationErrors.Validation($"Parameters: [{string.Join(", ", missing)}] must have values");
        }

        return result;
    }

    private static void Check(TemplateParameter declared, string value)
    {
        var items = declared.IsList ? value.Split(',').Select(s => s.Trim()).ToArray() : [value];
        foreach (var item in items)
        {
            if (declared.AllowedValues.Count > 0 && !declared.AllowedValues.Contains(item, StringComparer.Ordinal))
            {
                throw CloudFormationErrors.Validation($"Parameter '{declared.Name}' must be one of AllowedValues");
            }

            if (declared.AllowedPattern is { } pattern && !Regex.IsMatch(item, $"^(?:{pattern})$", RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                throw CloudFormationErrors.Validation($"Parameter '{declared.Name}' must match pattern {pattern}");
            }

            if (declared.Type is "Number" or "List<Number>" && !double.TryParse(item, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                throw CloudFormationErrors.Validation($"Parameter '{declared.Name}' must be a number.");
            }
        }
    }

    [GeneratedRegex("^[a-zA-Z][-a-zA-Z0-9]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$")]
    private static partial Regex ResourceType();
}
