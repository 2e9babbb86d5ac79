using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SesMail.Emulator.Protocols;
using SesMail.Emulator.StepFunctions.Asl;

namespace SesMail.Emulator.StepFunctions;

/// <summary>
/// AWS Step Functions, one method per operation (https://docs.aws.amazon.com/step-functions/latest/apireference/API_Operations.html),
/// spoken in JSON 1.0 by <see cref="StepFunctionsService"/>. Definitions are validated and run by the ASL interpreter
/// (<see cref="AslInterpreter"/>; the supported language is documented in docs/DEVELOPMENT.md, "Step Functions");
/// executions run in the background (<see cref="StepFunctionsExecutor"/>) on the injected clock and survive a restart.
/// </summary>
/// <remarks>
/// Not emulated: versions and aliases (<c>publish</c> is refused), Map runs, redrive, activities, callbacks
/// (<c>SendTaskSuccess</c> …), <c>TestState</c>, encryption configuration, and the 256 KiB data limits. Express state
/// machines run like standard ones (their executions are also listed and described); <c>StartSyncExecution</c> is
/// refused for standard ones, as in AWS.
/// </remarks>
internal sealed class StepFunctionsProvider(StepFunctionsStore store, StepFunctionsExecutor executor, TimeProvider time)
{
    private const int MaxListResults = 1000;

    public CreateStateMachineResult CreateStateMachine(CreateStateMachineRequest request, AwsRequestContext context)
    {
        var name = RequireName(request.Name, "name");
        var definition = RequireDefinition(request.Definition);
        var roleArn = RequireRole(request.RoleArn);
        var type = request.Type ?? "STANDARD";
        if (type is not ("STANDARD" or "EXPRESS"))
        {
            throw StepFunctionsErrors.Validation($"1 validation error detected: Value '{type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]");
        }

        RefuseUnsupported(request.Publish, request.VersionDescription, request.EncryptionConfiguration);
        var logging = CheckLogging(request.LoggingConfiguration);
        var arn = $"arn:aws:states:{context.Region}:{context.AccountId}:stateMachine:{name}";
        var machine = new StateMachineEntry(context.Region, arn, name, definition, roleArn, type, time.GetUtcNow(), logging,
            request.TracingConfiguration?.Enabled == true, Guid.NewGuid().ToString(), (request.Tags ?? []).ToDictionary(t => t.Key ?? string.Empty, t => t.Value ?? string.Empty, StringComparer.Ordinal));
        lock (store.Lock)
        {
            if (store.Machine(arn) is { } existing)
            {
                // CreateStateMachine is idempotent for an identical request (same definition, role, type and logging).
                if (existing.Definition == definition && existing.RoleArn == roleArn && existing.Type == type && SameLogging(existing.LoggingConfiguration, logging))
                {
                    return new CreateStateMachineResult(existing.Arn, Epoch(existing.CreationDate));
                }

                throw StepFunctionsErrors.StateMachineAlreadyExists(arn);
            }

            store.SaveMachine(machine);
        }

        return new CreateStateMachineResult(arn, Epoch(machine.CreationDate));
    }

    public UpdateStateMachineResult UpdateStateMachine(UpdateStateMachineRequest request, AwsRequestContext context)
    {
        var arn = RequireArn(request.StateMachineArn, "stateMachine", "stateMachineArn");
        if (request.Definition is null && request.RoleArn is null && request.LoggingConfiguration is null && request.TracingConfiguration is null)
        {
            throw new AwsServiceException("MissingRequiredParameter", "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified");
        }

        RefuseUnsupported(request.Publish, request.VersionDescription, request.EncryptionConfiguration);
        var definition = request.Definition is null ? null : RequireDefinition(request.Definition);
        var role = request.RoleArn is null ? null : RequireRole(request.RoleArn);
        var logging = request.LoggingConfiguration is null ? null : CheckLogging(request.LoggingConfiguration);
        lock (store.Lock)
        {
            var machine = store.Machine(arn) ?? throw StepFunctionsErrors.StateMachineDoesNotExist(arn);
            var updated = machine with
            {
                Definition = definition ?? machine.Definition,
                RoleArn = role ?? machine.RoleArn,
                LoggingConfiguration = logging ?? machine.LoggingConfiguration,
                TracingEnabled = request.TracingConfiguration?.Enabled ?? machine.TracingEnabled,
                RevisionId = Guid.NewGuid().ToString(),
            };
            store.SaveMachine(updated);
            return new UpdateStateMachineResult(Epoch(time.GetUtcNow()), updated.RevisionId);
        }
    }

    public DescribeStateMachineResult DescribeStateMachine(StateMachineRequest request, AwsRequestContext context)
    {
        var machine = RequireMachine(request.StateMachineArn);
        return new DescribeStateMachineResult(machine.Arn, machine.Name, "ACTIVE", machine.Definition, machine.RoleArn, machine.Type, Epoch(machine.CreationDate),
            machine.LoggingConfiguration, new SfnTracingConfiguration(machine.TracingEnabled), machine.RevisionId);
    }

    public ListStateMachinesResult ListStateMachines(ListStateMachinesRequest request, AwsRequestContext context)
    {
        var (page, next) = Page(store.Machines(context.Region), request.MaxResults, request.NextToken);
        return new ListStateMachinesResult([.. page.Select(m => new StateMachineListItem(m.Arn, m.Name, m.Type, Epoch(m.CreationDate)))], next);
    }

    public async Task<EmptyResult> DeleteStateMachineAsync(StateMachineRequest request, AwsRequestContext context)
    {
        var arn = RequireArn(request.StateMachineArn, "stateMachine", "stateMachineArn");
        if (!store.RemoveMachine(arn))
        {
            return EmptyResult.Instance; // deleting an absent state machine succeeds, as in AWS
        }

        foreach (var execution in store.Executions(arn).Where(e => e.Status == "RUNNING"))
        {
            await executor.StopAsync(execution.Arn, "States.Runtime", "The state machine was deleted.").ConfigureAwait(false);
        }

        return EmptyResult.Instance;
    }

    public StartExecutionResult StartExecution(StartExecutionRequest request, AwsRequestContext context)
    {
        var (execution, existing) = NewExecution(request, context);
        if (existing is not null)
        {
            return new StartExecutionResult(existing.Arn, Epoch(existing.StartDate));
        }

        executor.Start(execution);
        return new StartExecutionResult(execution.Arn, Epoch(execution.StartDate));
    }

    public async Task<StartSyncExecutionResult> StartSyncExecutionAsync(StartExecutionRequest request, AwsRequestContext context)
    {
        var machine = RequireMachine(request.StateMachineArn);
        if (machine.Type != "EXPRESS")
        {
            throw StepFunctionsErrors.StateMachineTypeNotSupported("This operation is not supported by this type of state machine");
        }

        var (execution, _) = NewExecution(request, context);
        await executor.RunAsync(execution).ConfigureAwait(false);
        lock (store.Lock)
        {
            var duration = (long)Math.Ceiling(((execution.StopDate ?? time.GetUtcNow()) - execution.StartDate).TotalMilliseconds);
            return new StartSyncExecutionResult(execution.Arn, execution.StateMachineArn, execution.Name, Epoch(execution.StartDate), Epoch(execution.StopDate ?? time.GetUtcNow()),
                execution.Status, execution.Error, execution.Cause, execution.Input, new SfnDataDetails(true), execution.Output,
                execution.Output is null ? null : new SfnDataDetails(true), execution.TraceHeader, new SfnBillingDetails(64, Math.Max(100, duration)));
        }
    }

    public DescribeExecutionResult DescribeExecution(ExecutionRequest request, AwsRequestContext context)
    {
        var execution = RequireExecution(request.ExecutionArn);
        lock (store.Lock)
        {
            return new DescribeExecutionResult(execution.Arn, execution.StateMachineArn, execution.Name, execution.Status, Epoch(execution.StartDate),
                execution.StopDate is { } stop ? Epoch(stop) : null, execution.Input, new SfnDataDetails(true), execution.Output,
                execution.Output is null ? null : new SfnDataDetails(true), execution.TraceHeader, execution.Error, execution.Cause, 0, "NOT_REDRIVABLE",
                execution.Status == "RUNNING" ? "Execution is RUNNING and cannot be redriven" : "Redrive is not emulated");
        }
    }

    public ListExecutionsResult ListExecutions(ListExecutionsRequest request, AwsRequestContext context)
    {
        if (request.MapRunArn is not null || request.RedriveFilter is not null)
        {
            throw StepFunctionsErrors.Validation("mapRunArn and redriveFilter are not supported by SesMail.Emulator (Map runs and redrive are not emulated).");
        }

        var machine = RequireMachine(request.StateMachineArn);
        var filter = request.StatusFilter;
        if (filter is not (null or "RUNNING" or "SUCCEEDED" or "FAILED" or "TIMED_OUT" or "ABORTED" or "PENDING_REDRIVE"))
        {
            throw StepFunctionsErrors.Validation($"1 validation error detected: Value '{filter}' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]");
        }

        List<ExecutionListItem> items;
        lock (store.Lock)
        {
            items = [.. store.Executions(machine.Arn).Where(e => filter is null || e.Status == filter)
                .Select(e => new ExecutionListItem(e.Arn, e.StateMachineArn, e.Name, e.Status, Epoch(e.StartDate), e.StopDate is { } stop ? Epoch(stop) : null))];
        }

        var (page, next) = Page(items, request.MaxResults, request.NextToken);
        return new ListExecutionsResult(page, next);
    }

    public GetExecutionHistoryResult GetExecutionHistory(GetExecutionHistoryRequest request, AwsRequestContext context)
    {
        var execution = RequireExecution(request.ExecutionArn);
        List<JsonObject> events;
        lock (store.Lock)
        {
            events = [.. execution.Events.Select(e => (JsonObject)e.DeepClone())];
        }

        if (request.ReverseOrder == true)
        {
            events.Reverse();
        }

        if (request.IncludeExecutionData == false)
        {
            foreach (var details in events.SelectMany(e => e.Where(p => p.Key.EndsWith("EventDetails", StringComparison.Ordinal)).Select(p => p.Value).OfType<JsonObject>().ToList()))
            {
                foreach (var key in new[] { "input", "output", "parameters", "assignedVariables" })
                {
                    details.Remove(key);
                }
            }
        }

        var (page, next) = Page(events, request.MaxResults, request.NextToken);
        return new GetExecutionHistoryResult(page, next);
    }

    public async Task<StopExecutionResult> StopExecutionAsync(StopExecutionRequest request, AwsRequestContext context)
    {
        var execution = RequireExecution(request.ExecutionArn);
        if (request.Error is { Length: > 256 })
        {
            throw StepFunctionsErrors.Validation("1 validation error detected: Value at 'error' failed to satisfy constraint: Member must have length less than or equal to 256");
        }

        await executor.StopAsync(execution.Arn, request.Error, request.Cause).ConfigureAwait(false);
        lock (store.Lock)
        {
            return new StopExecutionResult(Epoch(execution.StopDate ?? time.GetUtcNow()));
        }
    }

    public static ValidateStateMachineDefinitionResult ValidateStateMachineDefinition(ValidateStateMachineDefinitionRequest request)
    {
        var definition = request.Definition ?? throw StepFunctionsErrors.Validation("1 validation error detected: Value null at 'definition' failed to satisfy constraint: Member must not be null");
        var type = request.Type ?? "STANDARD";
        if (type is not ("STANDARD" or "EXPRESS"))
        {
            throw StepFunctionsErrors.Validation($"1 validation error detected: Value '{type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]");
        }

        var max = request.MaxResults is null or 0 ? 100 : request.MaxResults.Value;
        if (max is < 0 or > 100)
        {
            throw StepFunctionsErrors.Validation("1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value between 0 and 100");
        }

        var severity = request.Severity ?? "ERROR";
        var (_, diagnostics) = StateMachineDefinition.Validate(definition);
        var listed = diagnostics.Where(d => severity == "WARNING" || d.Severity == "ERROR").ToList();
        return new ValidateStateMachineDefinitionResult(
            diagnostics.Any(d => d.Severity == "ERROR") ? "FAIL" : "OK",
            [.. listed.Take(max).Select(d => new ValidateDiagnostic(d.Severity, d.Code, d.Message, d.Location))],
            listed.Count > max);
    }

    public EmptyResult TagResource(SfnTagResourceRequest request, AwsRequestContext context)
    {
        var machine = RequireTaggable(request.ResourceArn);
        lock (store.Lock)
        {
            var tags = new Dictionary<string, string>(machine.Tags, StringComparer.Ordinal);
            foreach (var tag in request.Tags ?? [])
            {
                tags[tag.Key ?? string.Empty] = tag.Value ?? string.Empty;
            }

            store.SaveMachine(machine with { Tags = tags });
        }

        return EmptyResult.Instance;
    }

    public EmptyResult UntagResource(SfnUntagResourceRequest request, AwsRequestContext context)
    {
        var machine = RequireTaggable(request.ResourceArn);
        lock (store.Lock)
        {
            var tags = new Dictionary<string, string>(machine.Tags, StringComparer.Ordinal);
            foreach (var key in request.TagKeys ?? [])
            {
                tags.Remove(key);
            }

            store.SaveMachine(machine with { Tags = tags });
        }

        return EmptyResult.Instance;
    }

    public SfnListTagsResult ListTagsForResource(SfnListTagsRequest request, AwsRequestContext context) =>
        new([.. RequireTaggable(request.ResourceArn).Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new SfnTag(t.Key, t.Value))]);

    /// <summary>The log group name in a log group ARN (<c>arn:aws:logs:region:account:log-group:NAME:*</c>).</summary>
    /// <param name="arn">The ARN.</param>
    /// <returns>The name.</returns>
    public static string LogGroupName(string arn)
    {
        var at = arn.IndexOf(":log-group:", StringComparison.Ordinal);
        var name = at < 0 ? arn : arn[(at + ":log-group:".Length)..];
        return name.EndsWith(":*", StringComparison.Ordinal) ? name[..^2] : name;
    }

    private (ExecutionEntry Execution, ExecutionEntry? Existing) NewExecution(StartExecutionRequest request, AwsRequestContext context)
    {
        var machine = RequireMachine(request.StateMachineArn);
        var name = request.Name is null ? Guid.NewGuid().ToString() : RequireName(request.Name, "name");
        var input = request.Input ?? "{}";
        try
        {
            using var _ = JsonDocument.Parse(input);
        }
        catch (JsonException error)
        {
            throw StepFunctionsErrors.InvalidExecutionInput($"Invalid JSON input: {error.Message}");
        }

        if (request.IncludedData is not (null or "ALL_DATA" or "METADATA_ONLY"))
        {
            throw StepFunctionsErrors.Validation($"1 validation error detected: Value '{request.IncludedData}' at 'includedData' failed to satisfy constraint: Member must satisfy enum value set: [ALL_DATA, METADATA_ONLY]");
        }

        var arn = machine.Type == "EXPRESS"
            ? $"arn:aws:states:{machine.Region}:{context.AccountId}:express:{machine.Name}:{name}:{Guid.NewGuid()}"
            : $"arn:aws:states:{machine.Region}:{context.AccountId}:execution:{machine.Name}:{name}";
        var execution = new ExecutionEntry
        {
            Arn = arn,
            StateMachineArn = machine.Arn,
            StateMachineName = machine.Name,
            Name = name,
            Region = machine.Region,
            Definition = machine.Definition,
            RoleArn = machine.RoleArn,
            Type = machine.Type,
            Input = input,
            // Without a caller's header, a traced machine's execution starts a trace of its own: the executor's root
            // span (sampled as every root is, docs/TRACING.md) gives the header DescribeExecution then reports.
            TraceHeader = request.TraceHeader,
            StartsTrace = request.TraceHeader is null && machine.TracingEnabled,
            StartDate = time.GetUtcNow(),
            LoggingConfiguration = machine.LoggingConfiguration,
        };
        if (store.TryAddExecution(execution) is { } existing)
        {
            // StartExecution is idempotent for the same name and input while the first execution runs.
            lock (store.Lock)
            {
                if (existing.Status == "RUNNING" && existing.Input == input)
                {
                    return (existing, existing);
                }
            }

            throw StepFunctionsErrors.ExecutionAlreadyExists(arn);
        }

        return (execution, null);
    }

    private StateMachineEntry RequireMachine(string? arn)
    {
        var checkedArn = RequireArn(arn, "stateMachine", "stateMachineArn");
        return store.Machine(checkedArn) ?? throw StepFunctionsErrors.StateMachineDoesNotExist(checkedArn);
    }

    private StateMachineEntry RequireTaggable(string? arn)
    {
        var checkedArn = RequireArn(arn, "stateMachine", "resourceArn");
        return store.Machine(checkedArn) ?? throw StepFunctionsErrors.ResourceNotFound(checkedArn);
    }

    private ExecutionEntry RequireExecution(string? arn)
    {
        if (arn is null)
        {
            throw StepFunctionsErrors.Validation("1 validation error detected: Value null at 'executionArn' failed to satisfy constraint: Member must not be null");
        }

        var parts = arn.Split(':');
        if (parts.Length < 8 || parts[0] != "arn" || parts[2] != "states" || parts[5] is not ("execution" or "express"))
        {
            throw StepFunctionsErrors.InvalidArn(arn);
        }

        return store.Execution(arn) ?? throw StepFunctionsErrors.ExecutionDoesNotExist(arn);
    }

    private static string RequireArn(string? arn, string resource, string member)
    {
        if (arn is null)
        {
            throw StepFunctionsErrors.Validation($"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null");
        }

        var parts = arn.Split(':');
        return parts.Length == 7 && parts[0] == "arn" && parts[2] == "states" && parts[5] == resource && parts[6].Length > 0
            ? arn
            : throw StepFunctionsErrors.InvalidArn(arn);
    }

    private static string RequireName(string? name, string member)
    {
        if (name is null)
        {
            throw StepFunctionsErrors.Validation($"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null");
        }

        var valid = name.Length is >= 1 and <= 80 && !name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || "<>{}[]?*\"#%\\^|~`$&,;:/".Contains(c));
        return valid ? name : throw StepFunctionsErrors.InvalidName(name);
    }

    private static string RequireDefinition(string? definition)
    {
        if (definition is null)
        {
            throw StepFunctionsErrors.Validation("1 validation error detected: Value null at 'definition' failed to satisfy constraint: Member must not be null");
        }

        try
        {
            StateMachineDefinition.Parse(definition);
        }
        catch (AslDefinitionException error)
        {
            throw StepFunctionsErrors.InvalidDefinition(error.Message);
        }

        return definition;
    }

    private static string RequireRole(string? roleArn)
    {
        if (roleArn is null)
        {
            throw StepFunctionsErrors.Validation("1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
        }

        return roleArn.StartsWith("arn:aws:iam::", StringComparison.Ordinal) && roleArn.Contains(":role/", StringComparison.Ordinal)
            ? roleArn
            : throw StepFunctionsErrors.InvalidArn(roleArn);
    }

    private static void RefuseUnsupported(bool? publish, string? versionDescription, JsonObject? encryption)
    {
        if (publish == true || versionDescription is not null)
        {
            throw StepFunctionsErrors.Validation("State machine versions (publish, versionDescription) are not supported by SesMail.Emulator.");
        }

        if (encryption is not null && JsonValues.AsString(encryption["type"]) is not (null or "AWS_OWNED_KEY"))
        {
            throw StepFunctionsErrors.Validation("Customer managed KMS keys for state machines are not supported by SesMail.Emulator; use AWS_OWNED_KEY.");
        }
    }

    private static SfnLoggingConfiguration CheckLogging(SfnLoggingConfiguration? logging)
    {
        if (logging is null)
        {
            return new SfnLoggingConfiguration("OFF", false, []);
        }

        var level = logging.Level ?? "OFF";
        if (level is not ("ALL" or "ERROR" or "FATAL" or "OFF"))
        {
            throw StepFunctionsErrors.Validation($"1 validation error detected: Value '{level}' at 'loggingConfiguration.level' failed to satisfy constraint: Member must satisfy enum value set: [ALL, ERROR, FATAL, OFF]");
        }

        var destinations = logging.Destinations ?? [];
        if (destinations.Count > 1)
        {
            throw StepFunctionsErrors.InvalidLoggingConfiguration("Invalid Logging Configuration: Must contain only one destination.");
        }

        if (level != "OFF" && destinations.Count == 0)
        {
            throw StepFunctionsErrors.InvalidLoggingConfiguration("Invalid Logging Configuration: Must specify exactly one Log Destination.");
        }

        foreach (var destination in destinations)
        {
            var arn = destination.CloudWatchLogsLogGroup?.LogGroupArn;
            if (arn is null || !arn.StartsWith("arn:aws:logs:", StringComparison.Ordinal) || !arn.Contains(":log-group:", StringComparison.Ordinal))
            {
                throw StepFunctionsErrors.InvalidLoggingConfiguration($"Invalid Logging Configuration: Invalid log group ARN '{arn}'.");
            }
        }

        return new SfnLoggingConfiguration(level, logging.IncludeExecutionData ?? false, destinations);
    }

    private static bool SameLogging(SfnLoggingConfiguration a, SfnLoggingConfiguration b) =>
        a.Level == b.Level && a.IncludeExecutionData == b.IncludeExecutionData
        && (a.Destinations ?? []).Select(d => d.CloudWatchLogsLogGroup?.LogGroupArn).SequenceEqual((b.Destinations ?? []).Select(d => d.CloudWatchLogsLogGroup?.LogGroupArn));

    private static (List<T> Page, string? Next) Page<T>(IReadOnlyList<T> all, int? maxResults, string? nextToken)
    {
        var limit = maxResults is null or 0 ? 100 : maxResults.Value;
        if (limit is < 0 or > MaxListResults)
        {
            throw StepFunctionsErrors.Validation($"1 validation error detected: Value '{limit}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000");
        }

        var offset = 0;
        if (nextToken is not null && !int.TryParse(nextToken, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            throw StepFunctionsErrors.InvalidToken();
        }

        var page = all.Skip(offset).Take(limit).ToList();
        return (page, offset + page.Count < all.Count ? (offset + page.Count).ToString(CultureInfo.InvariantCulture) : null);
    }

    private static double Epoch(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;
}
