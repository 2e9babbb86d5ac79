using Amazon.CloudFormation;
using Amazon.CloudFormation.Model;
using SesMail.Infrastructure.Template;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>
/// What <c>aws cloudformation deploy</c> does, through any backend's CloudFormation: create a change set (CREATE for a
/// new stack, UPDATE otherwise), wait until it is computed, report "no changes" when CloudFormation says so, execute
/// it, follow the stack's events until the operation ends, and read the stack back. The local runtime runs it at
/// start-up, <c>sesmail deploy</c> runs it for an environment, tests run it against the emulator.
/// </summary>
/// <param name="cloudFormation">The backend's CloudFormation.</param>
/// <param name="time">Clock for polling delays.</param>
/// <param name="pollInterval">How long to wait between two status reads (the AWS CLI waits 5 s for change sets and 30 s for stacks; locally 250 ms suffice).</param>
public sealed class StackDeployer(IAmazonCloudFormation cloudFormation, TimeProvider time, TimeSpan pollInterval)
{
    /// <summary>The capabilities SesMail's template needs (its IAM roles carry names).</summary>
    public static readonly IReadOnlyList<string> Capabilities = ["CAPABILITY_NAMED_IAM"];

    /// <summary>The stack, or <c>null</c> when CloudFormation says it does not exist.</summary>
    /// <param name="stackName">The stack name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stack.</returns>
    /// <exception cref="AmazonCloudFormationException">Any other error.</exception>
    public async Task<Stack?> DescribeAsync(string stackName, CancellationToken cancellationToken)
    {
        try
        {
            var stacks = (await cloudFormation.DescribeStacksAsync(new DescribeStacksRequest { StackName = stackName }, cancellationToken).ConfigureAwait(false)).Stacks;
            return stacks.Count == 1 ? stacks[0] : null;
        }
        catch (AmazonCloudFormationException ex) when (ex.ErrorCode == "ValidationError" && ex.Message.Contains("does not exist", StringComparison.Ordinal))
        {
            return null;
        }
    }

    /// <summary>
    /// Creates a change set and waits until CloudFormation has computed it. Parameters not in
    /// <see cref="DeployRequest.Parameters"/> keep the stack's previous values when <see cref="DeployRequest.KeepPreviousValues"/>
    /// is set (as <c>aws cloudformation deploy</c> does), else take the template's defaults.
    /// </summary>
    /// <param name="request">What to deploy.</param>
    /// <param name="cancellationToken">Cancels the wait (the change set stays).</param>
    /// <returns>The computed change set.</returns>
    /// <exception cref="AmazonCloudFormationException">CloudFormation refused the change set (template, parameters, capabilities).</exception>
    /// <exception cref="InvalidOperationException">The change set failed for another reason than "no changes"; the message is CloudFormation's.</exception>
    public async Task<DeployPlan> CreateChangeSetAsync(DeployRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var existing = await DescribeAsync(request.StackName, cancellationToken).ConfigureAwait(false);
        var type = existing is null || existing.StackStatus == "REVIEW_IN_PROGRESS" ? "CREATE" : "UPDATE";
        var template = TemplateReader.Parse(request.TemplateBody);
        var parameters = new List<Parameter>();
        foreach (var name in template.Parameters.Keys)
        {
            if (request.Parameters.TryGetValue(name, out var value))
            {
                parameters.Add(new Parameter { ParameterKey = name, ParameterValue = value });
            }
            else if (type == "UPDATE" && request.KeepPreviousValues && existing!.Parameters.Any(p => p.ParameterKey == name))
            {
                parameters.Add(new Parameter { ParameterKey = name, UsePreviousValue = true });
            }
        }

        var created = await cloudFormation.CreateChangeSetAsync(
            new CreateChangeSetRequest
            {
                StackName = request.StackName,
                ChangeSetName = request.ChangeSetName ?? $"sesmail-deploy-{time.GetUtcNow().ToUnixTimeMilliseconds()}",
                ChangeSetType = type,
                TemplateBody = request.TemplateUrl is null ? request.TemplateBody : null,
                TemplateURL = request.TemplateUrl?.AbsoluteUri,
                Parameters = parameters,
                Capabilities = [.. request.Capabilities ?? Capabilities],
                Description = request.Description,
            },
            cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var described = await cloudFormation.DescribeChangeSetAsync(new DescribeChangeSetRequest { ChangeSetName = created.Id }, cancellationToken).ConfigureAwait(false);
            switch (described.Status)
            {
                case "CREATE_COMPLETE":
                    return new DeployPlan(created.Id, created.StackId, request.StackName, type, described.Changes, false, null);
                case "FAILED" when IsNoChanges(described.StatusReason):
                    return new DeployPlan(created.Id, created.StackId, request.StackName, type, [], true, described.StatusReason);
                case "FAILED":
                    throw new InvalidOperationException($"CloudFormation could not create the change set for {request.StackName}: {described.StatusReason}");
            }

            await Task.Delay(pollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Executes a change set and follows the stack until the operation ends.</summary>
    /// <param name="plan">A change set from <see cref="CreateChangeSetAsync"/> with changes.</param>
    /// <param name="onEvent">Receives each new stack event, oldest first; <c>null</c> for none.</param>
    /// <param name="cancellationToken">Cancels the wait (the operation goes on in CloudFormation).</param>
    /// <returns>The stack in its final status (<c>CREATE_COMPLETE</c>, <c>UPDATE_COMPLETE</c>, <c>ROLLBACK_COMPLETE</c>…).</returns>
    public async Task<Stack> ExecuteAsync(DeployPlan plan, Action<StackEvent>? onEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var seen = await EventIdsAsync(plan.StackId, cancellationToken).ConfigureAwait(false);
        await cloudFormation.ExecuteChangeSetAsync(new ExecuteChangeSetRequest { ChangeSetName = plan.ChangeSetId }, cancellationToken).ConfigureAwait(false);
        return await WaitAsync(plan.StackId, seen, onEvent, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a change set (one that found no changes, or one a dry run does not execute).</summary>
    /// <param name="plan">The change set.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when CloudFormation has deleted it.</returns>
    public Task DeleteChangeSetAsync(DeployPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return cloudFormation.DeleteChangeSetAsync(new DeleteChangeSetRequest { ChangeSetName = plan.ChangeSetId }, cancellationToken);
    }

    /// <summary>Deletes a stack and follows it until it is gone (or its deletion failed).</summary>
    /// <param name="stackName">The stack name.</param>
    /// <param name="onEvent">Receives each new stack event, oldest first; <c>null</c> for none.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The stack in its final status (<c>DELETE_COMPLETE</c> or <c>DELETE_FAILED</c>), or <c>null</c> when there was none.</returns>
    public async Task<Stack?> DeleteAsync(string stackName, Action<StackEvent>? onEvent, CancellationToken cancellationToken)
    {
        var stack = await DescribeAsync(stackName, cancellationToken).ConfigureAwait(false);
        if (stack is null)
        {
            return null;
        }

        var seen = await EventIdsAsync(stack.StackId, cancellationToken).ConfigureAwait(false);
        await cloudFormation.DeleteStackAsync(new DeleteStackRequest { StackName = stack.StackId }, cancellationToken).ConfigureAwait(false);
        return await WaitAsync(stack.StackId, seen, onEvent, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Polls a stack until no operation runs on it, reporting new events as they appear.</summary>
    /// <param name="stackId">The stack id (works for deleted stacks too).</param>
    /// <param name="seen">Event ids not to report (those before the operation).</param>
    /// <param name="onEvent">Receives each new event, oldest first; <c>null</c> for none.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The stack in its final status.</returns>
    public async Task<Stack> WaitAsync(string stackId, ISet<string> seen, Action<StackEvent>? onEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seen);
        while (true)
        {
            var stack = (await cloudFormation.DescribeStacksAsync(new DescribeStacksRequest { StackName = stackId }, cancellationToken).ConfigureAwait(false)).Stacks.Single();
            await ReportEventsAsync(stackId, seen, onEvent, cancellationToken).ConfigureAwait(false);
            if (!IsInProgress(stack.StackStatus))
            {
                return stack;
            }

            await Task.Delay(pollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads a stack back as a <see cref="ResolvedStack"/>: <c>DescribeStacks</c> (parameters, outputs),
    /// <c>DescribeStackResources</c> (physical ids) and <c>GetTemplate</c> (the processed stage: <c>AWS::Include</c>
    /// snippets expanded).
    /// </summary>
    /// <param name="stackName">The stack name or id.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The stack and the template it was applied from.</returns>
    /// <exception cref="AmazonCloudFormationException">The stack does not exist (<c>ValidationError</c>).</exception>
    /// <exception cref="TemplateException">The stack's template does not evaluate.</exception>
    public async Task<(TemplateDocument Template, ResolvedStack Stack)> ReadAsync(string stackName, CancellationToken cancellationToken)
    {
        var stack = (await cloudFormation.DescribeStacksAsync(new DescribeStacksRequest { StackName = stackName }, cancellationToken).ConfigureAwait(false)).Stacks.Single();
        var resources = (await cloudFormation.DescribeStackResourcesAsync(new DescribeStackResourcesRequest { StackName = stack.StackId }, cancellationToken).ConfigureAwait(false)).StackResources;
        var body = (await cloudFormation.GetTemplateAsync(new GetTemplateRequest { StackName = stack.StackId, TemplateStage = "Processed" }, cancellationToken).ConfigureAwait(false)).TemplateBody;
        var template = TemplateReader.Parse(body);
        var arn = stack.StackId.Split(':');
        var pseudo = new PseudoParameters(arn[4], arn[3], stack.StackName, arn[1]) { StackId = stack.StackId };
        var resolved = DeployedStack.Resolve(
            template,
            pseudo,
            stack.Parameters.ToDictionary(p => p.ParameterKey, p => p.ParameterValue ?? string.Empty, StringComparer.Ordinal),
            resources.Where(r => r.PhysicalResourceId is not null).ToDictionary(r => r.LogicalResourceId, r => r.PhysicalResourceId!, StringComparer.Ordinal),
            stack.Outputs.ToDictionary(o => o.OutputKey, o => o.OutputValue, StringComparer.Ordinal));
        return (template, resolved);
    }

    /// <summary>Whether an operation runs on a stack in this status (<c>REVIEW_IN_PROGRESS</c> waits for a change set, not an operation).</summary>
    /// <param name="status">A stack status.</param>
    /// <returns><c>true</c> while CloudFormation works on the stack.</returns>
    public static bool IsInProgress(string status) =>
        status.EndsWith("_IN_PROGRESS", StringComparison.Ordinal) && status != "REVIEW_IN_PROGRESS";

    /// <summary>Whether a final status means the operation succeeded.</summary>
    /// <param name="status">A final stack status.</param>
    /// <returns><c>true</c> for <c>CREATE_COMPLETE</c>, <c>UPDATE_COMPLETE</c>, <c>DELETE_COMPLETE</c>, <c>IMPORT_COMPLETE</c>.</returns>
    public static bool Succeeded(string status) => status is "CREATE_COMPLETE" or "UPDATE_COMPLETE" or "DELETE_COMPLETE" or "IMPORT_COMPLETE";

    /// <summary>Whether a change set's failure reason says there was nothing to change (what <c>aws cloudformation deploy</c> reports as "No changes to deploy").</summary>
    /// <param name="reason">The change set's <c>StatusReason</c>.</param>
    /// <returns><c>true</c> for an empty change set.</returns>
    public static bool IsNoChanges(string? reason) =>
        reason is not null && (reason.Contains("The submitted information didn't contain changes.", StringComparison.Ordinal) || reason.Contains("No updates are to be performed", StringComparison.Ordinal));

    private async Task<HashSet<string>> EventIdsAsync(string stackId, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await cloudFormation.DescribeStackEventsAsync(new DescribeStackEventsRequest { StackName = stackId, NextToken = token }, cancellationToken).ConfigureAwait(false);
            ids.UnionWith(page.StackEvents.Select(e => e.EventId));
            token = page.NextToken;
        }
        while (token is not null);
        return ids;
    }

    private async Task ReportEventsAsync(string stackId, ISet<string> seen, Action<StackEvent>? onEvent, CancellationToken cancellationToken)
    {
        var fresh = new List<StackEvent>();
        string? token = null;
        do
        {
            var page = await cloudFormation.DescribeStackEventsAsync(new DescribeStackEventsRequest { StackName = stackId, NextToken = token }, cancellationToken).ConfigureAwait(false);
            var unseen = page.StackEvents.TakeWhile(e => !seen.Contains(e.EventId)).ToList();
            fresh.AddRange(unseen);
            token = unseen.Count == page.StackEvents.Count ? page.NextToken : null;
        }
        while (token is not null);
        fresh.Reverse();
        foreach (var stackEvent in fresh)
        {
            seen.Add(stackEvent.EventId);
            onEvent?.Invoke(stackEvent);
        }
    }
}

/// <summary>What to deploy.</summary>
/// <param name="StackName">The stack name, e.g. <c>ses-mail-prod</c>.</param>
/// <param name="TemplateBody">The template text.</param>
/// <param name="Parameters">Parameter values to set.</param>
/// <param name="KeepPreviousValues">On an update, whether parameters not given keep the stack's values (else they take the template's defaults).</param>
public sealed record DeployRequest(string StackName, string TemplateBody, IReadOnlyDictionary<string, string> Parameters, bool KeepPreviousValues)
{
    /// <summary>The change set's name; default <c>sesmail-deploy-{unix ms}</c>.</summary>
    public string? ChangeSetName { get; init; }

    /// <summary>The change set's description.</summary>
    public string? Description { get; init; }

    /// <summary>Capabilities to acknowledge; default <see cref="StackDeployer.Capabilities"/>.</summary>
    public IReadOnlyList<string>? Capabilities { get; init; }

    /// <summary>
    /// Where the template was uploaded (<see cref="TemplateUpload.UploadAsync"/>), sent as <c>TemplateURL</c> instead of
    /// <c>TemplateBody</c>; <c>null</c> sends the body. CloudFormation takes at most 51,200 bytes as a body and 1 MB
    /// from S3 (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html).
    /// </summary>
    public Uri? TemplateUrl { get; init; }
}

/// <summary>A computed change set.</summary>
/// <param name="ChangeSetId">Its ARN.</param>
/// <param name="StackId">The stack's id.</param>
/// <param name="StackName">The stack's name.</param>
/// <param name="ChangeSetType"><c>CREATE</c> or <c>UPDATE</c>.</param>
/// <param name="Changes">The resource changes.</param>
/// <param name="NoChanges">Whether CloudFormation found nothing to change (the change set is then <c>FAILED</c>).</param>
/// <param name="StatusReason">CloudFormation's reason when <paramref name="NoChanges"/>.</param>
public sealed record DeployPlan(string ChangeSetId, string StackId, string StackName, string ChangeSetType, IReadOnlyList<Change> Changes, bool NoChanges, string? StatusReason);
