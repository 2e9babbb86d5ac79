using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SesMail.Emulator.DynamoDb;
using SesMail.Emulator.Protocols;
using SesMail.Emulator.Sqs;

namespace SesMail.Emulator.EventBridge;

/// <summary>
/// Amazon EventBridge, JSON 1.1 protocol, <c>X-Amz-Target: AWSEvents.{Operation}</c>, signing name <c>events</c>
/// (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Operations.html).
/// </summary>
/// <remarks>
/// <para>Operations: CreateEventBus, DeleteEventBus, DescribeEventBus, ListEventBuses, PutRule, DeleteRule,
/// DescribeRule, ListRules, EnableRule, DisableRule, PutTargets, RemoveTargets, ListTargetsByRule,
/// ListRuleNamesByTarget, PutEvents, TestEventPattern, TagResource, UntagResource, ListTagsForResource.</para>
/// <para>Delivery: PutEvents matches each event against the enabled rules of its bus and delivers, before it returns,
/// to every SQS target through <see cref="ISqsDelivery"/> (the event envelope, or the target's Input, InputPath or
/// InputTransformer result); <see cref="ScheduleRunner"/> runs schedule rules. A failed delivery is retried up to the target's RetryPolicy (at most 2 extra attempts
/// here, without delay) and then sent to the target's DeadLetterConfig queue with the message attributes
/// <c>RULE_ARN</c>, <c>TARGET_ARN</c>, <c>ERROR_CODE</c>, <c>ERROR_MESSAGE</c>. Targets of other services (Lambda, log
/// groups, …) are accepted and stored but receive nothing. Not emulated: archives,
/// replays, API destinations, connections, partner sources, permissions.</para>
/// </remarks>
internal sealed partial class EventBridgeProvider(EventBridgeStore store, TimeProvider clock, IServiceProvider services, ILogger<EventBridgeProvider> logger) : IJsonService
{
    private const int MaxEntries = 10;
    private const int MaxPutEventsBytes = 256 * 1024;
    private const int MaxTargetsPerRule = 5;

    public string TargetPrefix => "AWSEvents";

    public string SigningName => "events";

    public string JsonVersion => "1.1";

    public string ErrorNamespace => "com.amazonaws.events";

    public async ValueTask<JsonNode?> InvokeAsync(string operation, JsonObject input, AwsRequestContext context, CancellationToken cancellationToken) =>
        operation switch
        {
            "CreateEventBus" => CreateEventBus(input, context),
            "DeleteEventBus" => DeleteEventBus(input, context),
            "DescribeEventBus" => DescribeEventBus(input, context),
            "ListEventBuses" => ListEventBuses(input, context),
            "PutRule" => PutRule(input, context),
            "DeleteRule" => DeleteRule(input, context),
            "DescribeRule" => DescribeRule(input, context),
            "ListRules" => ListRules(input, context),
            "EnableRule" => SetRuleState(input, context, "ENABLED"),
            "DisableRule" => SetRuleState(input, context, "DISABLED"),
            "PutTargets" => PutTargets(input, context),
            "RemoveTargets" => RemoveTargets(input, context),
            "ListTargetsByRule" => ListTargetsByRule(input, context),
            "ListRuleNamesByTarget" => ListRuleNamesByTarget(input, context),
            "PutEvents" => await PutEventsAsync(input, context, cancellationToken).ConfigureAwait(false),
            "TestEventPattern" => TestEventPattern(input),
            "TagResource" => TagResource(input, context, untag: false),
            "UntagResource" => TagResource(input, context, untag: true),
            "ListTagsForResource" => ListTagsForResource(input, context),
            _ => throw new AwsServiceException("UnknownOperationException", $"The operation '{operation}' is not supported by this emulator."),
        };

    // ---- Buses -------------------------------------------------------------------------------------------------

    private JsonObject CreateEventBus(JsonObject input, AwsRequestContext context)
    {
        var name = input.RequiredString("Name", "name");
        if (name == "default" || !BusNamePattern().IsMatch(name) || name.Length > 256)
        {
            throw Validation($"1 validation error detected: Value '{name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+");
        }

        if (input.OptionalString("EventSourceName") is not null)
        {
            throw Validation("Partner event sources are not supported by this emulator.");
        }

        var bus = new EventBus(name, $"arn:aws:events:{context.Region}:{context.AccountId}:event-bus/{name}", clock.GetUtcNow())
        {
            Description = input.OptionalString("Description"),
        };
        foreach (var tag in input.OptionalArray("Tags")?.Objects("Tags") ?? [])
        {
            bus.Tags[tag.RequiredString("Key", "key")] = tag.OptionalString("Value") ?? string.Empty;
        }

        if (!Buses(context).TryAdd(name, bus))
        {
            throw new AwsServiceException("ResourceAlreadyExistsException", $"Event bus {name} already exists.");
        }

        return new JsonObject { ["EventBusArn"] = bus.Arn };
    }

    private JsonObject? DeleteEventBus(JsonObject input, AwsRequestContext context)
    {
        var name = input.RequiredString("Name", "name");
        if (name == "default")
        {
            throw Validation("Cannot delete event bus default.");
        }

        Buses(context).TryRemove(name, out _); // deleting an absent bus succeeds, as in AWS
        return null;
    }

    private JsonObject DescribeEventBus(JsonObject input, AwsRequestContext context)
    {
        var bus = RequireBus(context, input.OptionalString("Name"));
        var result = new JsonObject { ["Name"] = bus.Name, ["Arn"] = bus.Arn };
        if (bus.Description is not null)
        {
            result["Description"] = bus.Description;
        }

        result["CreationTime"] = Epoch(bus.Created);
        result["LastModifiedTime"] = Epoch(bus.Created);
        return result;
    }

    private JsonObject ListEventBuses(JsonObject input, AwsRequestContext context)
    {
        var prefix = input.OptionalString("NamePrefix") ?? string.Empty;
        var buses = Buses(context).Values
            .Where(b => b.Name.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(b => b.Name, StringComparer.Ordinal)
            .Select(b => (JsonNode)new JsonObject { ["Name"] = b.Name, ["Arn"] = b.Arn, ["CreationTime"] = Epoch(b.Created), ["LastModifiedTime"] = Epoch(b.Created) });
        return Paged(input, "EventBuses", [.. buses]);
    }

    // ---- Rules -------------------------------------------------------------------------------------------------

    private JsonObject PutRule(JsonObject input, AwsRequestContext context)
    {
        var name = input.RequiredString("Name", "name");
        if (!RuleNamePattern().IsMatch(name) || name.Length > 64)
        {
            throw Validation($"1 validation error detected: Value '{name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
        }

        var bus = RequireBus(context, input.OptionalString("EventBusName"));
        var patternText = input.OptionalString("EventPattern");
        var schedule = input.OptionalString("ScheduleExpression");
        if (patternText is null && schedule is null)
        {
            throw Validation("Parameter(s) EventPattern or ScheduleExpression must be specified.");
        }

        if (schedule is not null)
        {
            if (bus.Name != "default")
            {
                throw Validation("ScheduleExpression is supported only on the default event bus.");
            }

            if (!ScheduleExpression.TryParse(schedule, out _, out var reason))
            {
                throw Validation($"Parameter ScheduleExpression is not valid. {reason}");
            }
        }

        var pattern = patternText is null ? null : EventPattern.Parse(patternText);
        var state = input.OptionalString("State") ?? "ENABLED";
        if (state is not ("ENABLED" or "DISABLED" or "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"))
        {
            throw Validation($"1 validation error detected: Value '{state}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]");
        }

        lock (store.Lock)
        {
            if (!bus.Rules.TryGetValue(name, out var rule))
            {
                var arn = bus.Name == "default"
                    ? $"arn:aws:events:{context.Region}:{context.AccountId}:rule/{name}"
                    : $"arn:aws:events:{context.Region}:{context.AccountId}:rule/{bus.Name}/{name}";
                rule = new EventRule(name, arn, bus.Name);
                bus.Rules[name] = rule;
            }

            rule.EventPatternText = patternText;
            rule.EventPattern = pattern;
            rule.ScheduleExpression = schedule;
            rule.State = state;
            rule.Description = input.OptionalString("Description");
            rule.RoleArn = input.OptionalString("RoleArn");
            foreach (var tag in input.OptionalArray("Tags")?.Objects("Tags") ?? [])
            {
                rule.Tags[tag.RequiredString("Key", "key")] = tag.OptionalString("Value") ?? string.Empty;
            }

            return new JsonObject { ["RuleArn"] = rule.Arn };
        }
    }

    private JsonObject? DeleteRule(JsonObject input, AwsRequestContext context)
    {
        var bus = RequireBus(context, input.OptionalString("EventBusName"));
        var name = input.RequiredString("Name", "name");
        lock (store.Lock)
        {
            if (bus.Rules.TryGetValue(name, out var rule))
            {
                if (rule.Targets.Count > 0)
                {
                    throw Validation("Rule can't be deleted since it has targets.");
                }

                bus.Rules.Remove(name);
            }
        }

        return null;
    }

    private JsonObject DescribeRule(JsonObject input, AwsRequestContext context)
    {
        var (bus, rule) = RequireRule(context, input.OptionalString("EventBusName"), input.RequiredString("Name", "name"));
        lock (store.Lock)
        {
            return DescribeRule(bus, rule, context);
        }
    }

    private static JsonObject DescribeRule(EventBus bus, EventRule rule, AwsRequestContext context)
    {
        var result = new JsonObject { ["Name"] = rule.Name, ["Arn"] = rule.Arn };
        if (rule.EventPatternText is not null)
        {
            result["EventPattern"] = rule.EventPatternText;
        }

        if (rule.ScheduleExpression is not null)
        {
            result["ScheduleExpression"] = rule.ScheduleExpression;
        }

        result["State"] = rule.State;
        if (rule.Description is not null)
        {
            result["Description"] = rule.Description;
        }

        if (rule.RoleArn is not null)
        {
            result["RoleArn"] = rule.RoleArn;
        }

        result["EventBusName"] = bus.Name;
        result["CreatedBy"] = context.AccountId;
        return result;
    }

    private JsonObject ListRules(JsonObject input, AwsRequestContext context)
    {
        var bus = RequireBus(context, input.OptionalString("EventBusName"));
        var prefix = input.OptionalString("NamePrefix") ?? string.Empty;
        lock (store.Lock)
        {
            var rules = bus.Rules.Values
                .Where(r => r.Name.StartsWith(prefix, StringComparison.Ordinal))
                .OrderBy(r => r.Name, StringComparer.Ordinal)
                .Select(r =>
                {
                    var described = DescribeRule(bus, r, context);
                    described.Remove("CreatedBy");
                    return (JsonNode)described;
                });
            return Paged(input, "Rules", [.. rules]);
        }
    }

    private JsonObject? SetRuleState(JsonObject input, AwsRequestContext context, string state)
    {
        var (_, rule) = RequireRule(context, input.OptionalString("EventBusName"), input.RequiredString("Name", "name"));
        lock (store.Lock)
        {
            rule.State = state;
        }

        return null;
    }

    // ---- Targets -----------------------------------------------------------------------------------------------

    private JsonObject PutTargets(JsonObject input, AwsRequestContext context)
    {
        var (_, rule) = RequireRule(context, input.OptionalString("EventBusName"), input.RequiredString("Rule", "rule"));
        var targets = input.OptionalArray("Targets") ?? throw Validation("1 validation error detected: Value null at 'targets' failed to satisfy constraint: Member must not be null");
        if (targets.Count is < 1 or > 10)
        {
            throw Validation($"1 validation error detected: Value at 'targets' failed to satisfy constraint: Member must have length {(targets.Count < 1 ? "greater than or equal to 1" : "less than or equal to 10")}");
        }

        var parsed = new List<JsonObject>();
        foreach (var node in targets)
        {
            if (node is not JsonObject target)
            {
                throw Validation("Each target must be an object.");
            }

            var id = target.OptionalString("Id") ?? throw Validation("1 validation error detected: Value null at 'targets.1.member.id' failed to satisfy constraint: Member must not be null");
            if (!RuleNamePattern().IsMatch(id) || id.Length > 64)
            {
                throw Validation($"1 validation error detected: Value '{id}' at 'targets.1.member.id' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
            }

            var arn = target.OptionalString("Arn") ?? throw Validation("1 validation error detected: Value null at 'targets.1.member.arn' failed to satisfy constraint: Member must not be null");
            if (!arn.StartsWith("arn:", StringComparison.Ordinal))
            {
                throw Validation($"Parameter {arn} is not valid. Reason: Provided Arn is not in correct format.");
            }

            var inputs = new[] { "Input", "InputPath", "InputTransformer" }.Count(target.ContainsKey);
            if (inputs > 1)
            {
                throw Validation("Only one of Input, InputPath, or InputTransformer must be provided.");
            }

            if (target.OptionalString("Input") is { } constant && !IsJson(constant))
            {
                throw Validation($"Parameter Input is not valid. Reason: Input is not a valid JSON text.");
            }

            if (target.OptionalString("InputPath") is { } path && !TargetInput.IsValidPath(path))
            {
                throw Validation($"Parameter InputPath is not valid. Reason: {path} is not a valid JSONPath.");
            }

            if (target.OptionalObject("InputTransformer") is { } transformer)
            {
                if (transformer.OptionalString("InputTemplate") is null)
                {
                    throw Validation("1 validation error detected: Value null at 'targets.1.member.inputTransformer.inputTemplate' failed to satisfy constraint: Member must not be null");
                }

                foreach (var (key, mapped) in transformer.OptionalObject("InputPathsMap") ?? [])
                {
                    if (key.StartsWith("aws.", StringComparison.Ordinal))
                    {
                        throw Validation($"Parameter InputPathsMap is not valid. Reason: Keys starting with 'aws.' are reserved: {key}.");
                    }

                    if (mapped is not JsonValue v || v.GetValueKind() != JsonValueKind.String || !TargetInput.IsValidPath(v.GetValue<string>()))
                    {
                        throw Validation($"Parameter InputPathsMap is not valid. Reason: Value of {key} is not a valid JSONPath.");
                    }
                }
            }

            parsed.Add((JsonObject)target.DeepClone());
        }

        var failed = new JsonArray();
        lock (store.Lock)
        {
            foreach (var target in parsed)
            {
                var id = target.OptionalString("Id")!;
                if (!rule.Targets.ContainsKey(id) && rule.Targets.Count >= MaxTargetsPerRule)
                {
                    throw new AwsServiceException("LimitExceededException", $"The requested resource exceeds the maximum number allowed.");
                }

                rule.Targets[id] = target;
            }
        }

        return new JsonObject { ["FailedEntryCount"] = failed.Count, ["FailedEntries"] = failed };
    }

    private JsonObject RemoveTargets(JsonObject input, AwsRequestContext context)
    {
        var (_, rule) = RequireRule(context, input.OptionalString("EventBusName"), input.RequiredString("Rule", "rule"));
        var ids = (input.OptionalArray("Ids") ?? throw Validation("1 validation error detected: Value null at 'ids' failed to satisfy constraint: Member must not be null")).Strings("Ids").ToList();
        lock (store.Lock)
        {
            foreach (var id in ids)
            {
                rule.Targets.Remove(id);
            }
        }

        return new JsonObject { ["FailedEntryCount"] = 0, ["FailedEntries"] = new JsonArray() };
    }

    private JsonObject ListTargetsByRule(JsonObject input, AwsRequestContext context)
    {
        var (_, rule) = RequireRule(context, input.OptionalString("EventBusName"), input.RequiredString("Rule", "rule"));
        lock (store.Lock)
        {
            return Paged(input, "Targets", [.. rule.Targets.Values.Select(t => t.DeepClone())]);
        }
    }

    private JsonObject ListRuleNamesByTarget(JsonObject input, AwsRequestContext context)
    {
        var bus = RequireBus(context, input.OptionalString("EventBusName"));
        var arn = input.RequiredString("TargetArn", "targetArn");
        lock (store.Lock)
        {
            var names = bus.Rules.Values
                .Where(r => r.Targets.Values.Any(t => t.OptionalString("Arn") == arn))
                .Select(r => (JsonNode)r.Name);
            return Paged(input, "RuleNames", [.. names]);
        }
    }

    // ---- Events ------------------------------------------------------------------------------------------------

    private async Task<JsonObject> PutEventsAsync(JsonObject input, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var entries = input.OptionalArray("Entries") ?? throw Validation("1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null");
        if (entries.Count is < 1 or > MaxEntries)
        {
            throw Validation($"1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length {(entries.Count < 1 ? "greater than or equal to 1" : "less than or equal to 10")}");
        }

        var total = entries.OfType<JsonObject>().Sum(e =>
            (e["Time"] is null ? 0 : 14)
            + EventPattern.Utf8(e.OptionalString("Source"))
            + EventPattern.Utf8(e.OptionalString("DetailType"))
            + EventPattern.Utf8(e.OptionalString("Detail"))
            + (e.OptionalArray("Resources")?.Sum(r => EventPattern.Utf8(r?.ToString())) ?? 0));
        if (total > MaxPutEventsBytes)
        {
            throw Validation("Total size of the entries in the request is over the limit.");
        }

        var results = new JsonArray();
        var failedCount = 0;
        var now = clock.GetUtcNow();
        foreach (var node in entries)
        {
            var (evt, bus, error) = BuildEvent(node as JsonObject ?? [], context, now);
            if (error is not null)
            {
                failedCount++;
                results.Add(error);
                continue;
            }

            results.Add(new JsonObject { ["EventId"] = evt!["id"]!.GetValue<string>() });
            await DeliverAsync(bus!, evt, now, cancellationToken).ConfigureAwait(false);
        }

        return new JsonObject { ["FailedEntryCount"] = failedCount, ["Entries"] = results };
    }

    private (JsonObject? Event, EventBus? Bus, JsonObject? Error) BuildEvent(JsonObject entry, AwsRequestContext context, DateTimeOffset now)
    {
        static JsonObject Fail(string code, string message) => new() { ["ErrorCode"] = code, ["ErrorMessage"] = message };

        var source = entry.OptionalString("Source");
        var detailType = entry.OptionalString("DetailType");
        var detailText = entry.OptionalString("Detail");
        if (string.IsNullOrEmpty(source))
        {
            return (null, null, Fail("InvalidArgument", "Parameter Source is not valid. Reason: Source is a required argument."));
        }

        if (string.IsNullOrEmpty(detailType))
        {
            return (null, null, Fail("InvalidArgument", "Parameter DetailType is not valid. Reason: DetailType is a required argument."));
        }

        if (string.IsNullOrEmpty(detailText))
        {
            return (null, null, Fail("InvalidArgument", "Parameter Detail is not valid. Reason: Detail is a required argument."));
        }

        JsonObject detail;
        try
        {
            detail = JsonNode.Parse(detailText) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            return (null, null, Fail("MalformedDetail", "Detail is malformed."));
        }

        var busName = BusName(entry.OptionalString("EventBusName"));
        if (!Buses(context).TryGetValue(busName, out var bus))
        {
            return (null, null, Fail("ResourceNotFoundException", $"Event bus {busName} does not exist."));
        }

        var time = now;
        if (entry["Time"] is JsonValue t)
        {
            if (t.GetValueKind() == JsonValueKind.Number)
            {
                var seconds = t.GetValue<double>();
                time = seconds is >= -62_135_596_800 and <= 253_402_300_799
                    ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
                    : throw new AwsServiceException("SerializationException", $"Member 'Time' ({t.ToJsonString()}) is not a timestamp between years 1 and 9999.");
            }
            else if (t.GetValueKind() == JsonValueKind.String && DateTimeOffset.TryParse(t.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                time = parsed;
            }
        }

        var resources = new JsonArray();
        foreach (var resource in entry.OptionalArray("Resources") ?? [])
        {
            resources.Add(resource?.DeepClone());
        }

        var evt = new JsonObject
        {
            ["version"] = "0",
            ["id"] = Guid.NewGuid().ToString(),
            ["detail-type"] = detailType,
            ["source"] = source,
            ["account"] = context.AccountId,
            ["time"] = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["region"] = context.Region,
            ["resources"] = resources,
            ["detail"] = detail,
        };
        return (evt, bus, null);
    }

    private async Task DeliverAsync(EventBus bus, JsonObject evt, DateTimeOffset ingestion, CancellationToken cancellationToken)
    {
        List<(EventRule Rule, JsonObject Target)> deliveries;
        lock (store.Lock)
        {
            deliveries = [.. bus.Rules.Values
                .Where(r => r.State != "DISABLED" && r.EventPattern is { } p && p.Matches(evt))
                .SelectMany(r => r.Targets.Values.Select(t => (r, (JsonObject)t.DeepClone())))];
        }

        foreach (var (rule, target) in deliveries)
        {
            var arn = target.OptionalString("Arn") ?? string.Empty;
            if (!arn.StartsWith("arn:aws:sqs:", StringComparison.Ordinal))
            {
                LogSkippedTarget(logger, rule.Arn, arn);
                continue;
            }

            var body = TargetInput.Render(target, evt, rule, ingestion);
            var attempts = 1 + Math.Min(2, (int)(target.OptionalObject("RetryPolicy")?.OptionalLong("MaximumRetryAttempts") ?? 185));
            Exception? last = null;
            for (var attempt = 0; attempt < attempts; attempt++)
            {
                try
                {
                    await Delivery().DeliverAsync(arn, body, null, cancellationToken).ConfigureAwait(false);
                    last = null;
                    break;
                }
                catch (AwsServiceException error)
                {
                    last = error; // a missing queue or a refused message does not get better by retrying
                    break;
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    last = error;
                }
            }

            if (last is null)
            {
                continue;
            }

            LogDeliveryFailed(logger, last, rule.Arn, arn);
            if (target.OptionalObject("DeadLetterConfig")?.OptionalString("Arn") is { } dlq)
            {
                var attributes = new Dictionary<string, SqsMessageAttribute>(StringComparer.Ordinal)
                {
                    ["RULE_ARN"] = new("String", rule.Arn, null),
                    ["TARGET_ARN"] = new("String", arn, null),
                    ["ERROR_CODE"] = new("String", last is AwsServiceException aws ? aws.Code : "SDK_CLIENT_ERROR", null),
                    ["ERROR_MESSAGE"] = new("String", last.Message, null),
                };
                try
                {
                    await Delivery().DeliverAsync(dlq, evt.ToJsonString(), attributes, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    LogDeliveryFailed(logger, error, rule.Arn, dlq);
                }
            }
        }
    }

    private ISqsDelivery Delivery() =>
        services.GetService<ISqsDelivery>() ?? throw new InvalidOperationException("No SQS service is registered in this emulator.");

    private static JsonObject TestEventPattern(JsonObject input)
    {
        var pattern = EventPattern.Parse(input.RequiredString("EventPattern", "eventPattern"));
        var eventText = input.RequiredString("Event", "event");
        JsonObject evt;
        try
        {
            evt = JsonNode.Parse(eventText) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            throw Validation("Parameter Event is not valid.");
        }

        foreach (var required in new[] { "id", "account", "source", "time", "region", "detail-type" })
        {
            if (!evt.ContainsKey(required))
            {
                throw Validation($"Parameter Event is not valid. Reason: Provided Event is missing required field '{required}'.");
            }
        }

        return new JsonObject { ["Result"] = pattern.Matches(evt) };
    }

    // ---- Tags --------------------------------------------------------------------------------------------------

    private JsonObject? TagResource(JsonObject input, AwsRequestContext context, bool untag)
    {
        var tags = FindTags(context, input.RequiredString("ResourceARN", "resourceARN"));
        lock (store.Lock)
        {
            if (untag)
            {
                foreach (var key in input.OptionalArray("TagKeys") ?? [])
                {
                    tags.Remove(key?.GetValue<string>() ?? string.Empty);
                }
            }
            else
            {
                foreach (var tag in input.OptionalArray("Tags")?.Objects("Tags") ?? [])
                {
                    tags[tag.RequiredString("Key", "key")] = tag.OptionalString("Value") ?? string.Empty;
                }
            }
        }

        return null;
    }

    private JsonObject ListTagsForResource(JsonObject input, AwsRequestContext context)
    {
        var tags = FindTags(context, input.RequiredString("ResourceARN", "resourceARN"));
        lock (store.Lock)
        {
            return new JsonObject
            {
                ["Tags"] = new JsonArray([.. tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })]),
            };
        }
    }

    private Dictionary<string, string> FindTags(AwsRequestContext context, string arn)
    {
        foreach (var bus in Buses(context).Values)
        {
            if (bus.Arn == arn)
            {
                return bus.Tags;
            }

            lock (store.Lock)
            {
                if (bus.Rules.Values.FirstOrDefault(r => r.Arn == arn) is { } rule)
                {
                    return rule.Tags;
                }
            }
        }

        throw new AwsServiceException("ResourceNotFoundException", $"Resource {arn} does not exist.");
    }

    // ---- Helpers -----------------------------------------------------------------------------------------------

    private System.Collections.Concurrent.ConcurrentDictionary<string, EventBus> Buses(AwsRequestContext context) =>
        store.Buses(context.Region, context.AccountId, clock.GetUtcNow());

    private EventBus RequireBus(AwsRequestContext context, string? nameOrArn)
    {
        var name = BusName(nameOrArn);
        return Buses(context).TryGetValue(name, out var bus)
            ? bus
            : throw new AwsServiceException("ResourceNotFoundException", $"Event bus {name} does not exist.");
    }

    private (EventBus Bus, EventRule Rule) RequireRule(AwsRequestContext context, string? busName, string ruleName)
    {
        var bus = RequireBus(context, busName);
        lock (store.Lock)
        {
            return bus.Rules.TryGetValue(ruleName, out var rule)
                ? (bus, rule)
                : throw new AwsServiceException("ResourceNotFoundException", $"Rule {ruleName} does not exist on EventBus {bus.Name}.");
        }
    }

    private static string BusName(string? nameOrArn)
    {
        if (string.IsNullOrEmpty(nameOrArn))
        {
            return "default";
        }

        var at = nameOrArn.IndexOf(":event-bus/", StringComparison.Ordinal);
        return nameOrArn.StartsWith("arn:", StringComparison.Ordinal) && at >= 0 ? nameOrArn[(at + 11)..] : nameOrArn;
    }

    private static JsonObject Paged(JsonObject input, string member, List<JsonNode> all)
    {
        var limit = (int)(input.OptionalLong("Limit") ?? 100);
        var offset = int.TryParse(input.OptionalString("NextToken"), NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o : 0;
        var page = all.Skip(offset).Take(Math.Max(1, limit)).ToList();
        var result = new JsonObject { [member] = new JsonArray([.. page]) };
        if (offset + page.Count < all.Count)
        {
            result["NextToken"] = (offset + page.Count).ToString(CultureInfo.InvariantCulture);
        }

        return result;
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static double Epoch(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;

    private static AwsServiceException Validation(string message) => new("ValidationException", message, HttpStatusCode.BadRequest);

    [GeneratedRegex("^[/\\.\\-_A-Za-z0-9]+$")]
    private static partial Regex BusNamePattern();

    [GeneratedRegex("^[\\.\\-_A-Za-z0-9]+$")]
    private static partial Regex RuleNamePattern();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rule {RuleArn} matched; target {TargetArn} is not an SQS queue, nothing delivered")]
    private static partial void LogSkippedTarget(ILogger logger, string ruleArn, string targetArn);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rule {RuleArn}: delivery to {TargetArn} failed")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception error, string ruleArn, string targetArn);
}
