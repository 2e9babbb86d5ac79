using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.EventBridge;

/// <summary>
/// Amazon EventBridge, one method per operation (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Operations.html),
/// spoken in JSON 1.1 by <see cref="EventBridgeService"/>: buses, rules, targets and tags here; events and their
/// delivery in <c>EventBridgeProvider.Events.cs</c>.
/// </summary>
/// <remarks>
/// <para>Delivery: PutEvents matches each event against the enabled rules of its bus and delivers, before it returns,
/// to every SQS target through <see cref="Sqs.ISqsDelivery"/> (the event envelope, or the target's Input, InputPath or
/// InputTransformer result); <see cref="ScheduleRunner"/> runs schedule rules. A failed delivery is retried up to the
/// target's RetryPolicy (at most 2 extra attempts here, without delay) and then sent to the target's DeadLetterConfig
/// queue with the message attributes <c>RULE_ARN</c>, <c>TARGET_ARN</c>, <c>ERROR_CODE</c>, <c>ERROR_MESSAGE</c>.</para>
/// <para>Not emulated: targets of other services (Lambda, log groups, …) are accepted and stored but receive nothing
/// from PutEvents; archives, replays, API destinations, connections, partner sources (an <c>EventSourceName</c> is
/// refused), permissions, and <c>ClientRequestToken</c>-style idempotency.</para>
/// </remarks>
internal sealed partial class EventBridgeProvider(EventBridgeStore store, TimeProvider clock, IServiceProvider services, ILogger<EventBridgeProvider> logger)
{
    private const int MaxTargetsPerRule = 5;

    // ---- Buses -------------------------------------------------------------------------------------------------

    public CreateEventBusResult CreateEventBus(CreateEventBusRequest request, AwsRequestContext context)
    {
        var name = request.Name ?? throw EventBridgeErrors.Missing("name");
        if (name == "default" || !BusNamePattern().IsMatch(name) || name.Length > 256)
        {
            throw EventBridgeErrors.Validation($"1 validation error detected: Value '{name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+");
        }

        if (request.EventSourceName is not null)
        {
            throw EventBridgeErrors.Validation("Partner event sources are not supported by this emulator.");
        }

        var bus = new EventBus(name, $"arn:aws:events:{context.Region}:{context.AccountId}:event-bus/{name}", clock.GetUtcNow())
        {
            Description = request.Description,
        };
        foreach (var (key, value) in Tags(request.Tags))
        {
            bus.Tags[key] = value;
        }

        if (!Buses(context).TryAdd(name, bus))
        {
            throw EventBridgeErrors.BusAlreadyExists(name);
        }

        return new CreateEventBusResult(bus.Arn);
    }

    public EmptyResult DeleteEventBus(EventBusRequest request, AwsRequestContext context)
    {
        var name = request.Name ?? throw EventBridgeErrors.Missing("name");
        if (name == "default")
        {
            throw EventBridgeErrors.Validation("Cannot delete event bus default.");
        }

        Buses(context).TryRemove(name, out _); // deleting an absent bus succeeds, as in AWS
        return EmptyResult.Instance;
    }

    public EventBusEntry DescribeEventBus(EventBusRequest request, AwsRequestContext context)
    {
        var bus = RequireBus(context, request.Name);
        return new EventBusEntry(bus.Name, bus.Arn, bus.Description, Epoch(bus.Created), Epoch(bus.Created));
    }

    public ListEventBusesResult ListEventBuses(ListEventBusesRequest request, AwsRequestContext context)
    {
        var prefix = request.NamePrefix ?? string.Empty;
        var buses = Buses(context).Values
            .Where(b => b.Name.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(b => b.Name, StringComparer.Ordinal)
            .Select(b => new EventBusEntry(b.Name, b.Arn, null, Epoch(b.Created), Epoch(b.Created)))
            .ToList();
        var (page, next) = Page(buses, request.Limit, request.NextToken);
        return new ListEventBusesResult(page, next);
    }

    // ---- Rules -------------------------------------------------------------------------------------------------

    public PutRuleResult PutRule(PutRuleRequest request, AwsRequestContext context)
    {
        var name = request.Name ?? throw EventBridgeErrors.Missing("name");
        if (!RuleNamePattern().IsMatch(name) || name.Length > 64)
        {
            throw EventBridgeErrors.Validation($"1 validation error detected: Value '{name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
        }

        var bus = RequireBus(context, request.EventBusName);
        var patternText = request.EventPattern;
        var schedule = request.ScheduleExpression;
        if (patternText is null && schedule is null)
        {
            throw EventBridgeErrors.Validation("Parameter(s) EventPattern or ScheduleExpression must be specified.");
        }

        if (schedule is not null)
        {
            if (bus.Name != "default")
            {
                throw EventBridgeErrors.Validation("ScheduleExpression is supported only on the default event bus.");
            }

            if (!ScheduleExpression.TryParse(schedule, out _, out var reason))
            {
                throw EventBridgeErrors.Validation($"Parameter ScheduleExpression is not valid. {reason}");
            }
        }

        var pattern = patternText is null ? null : EventPattern.Parse(patternText);
        var state = request.State ?? "ENABLED";
        if (state is not ("ENABLED" or "DISABLED" or "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"))
        {
            throw EventBridgeErrors.Validation($"1 validation error detected: Value '{state}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]");
        }

        var tags = Tags(request.Tags);
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
            rule.Description = request.Description;
            rule.RoleArn = request.RoleArn;
            foreach (var (key, value) in tags)
            {
                rule.Tags[key] = value;
            }

            return new PutRuleResult(rule.Arn);
        }
    }

    public EmptyResult DeleteRule(RuleRequest request, AwsRequestContext context)
    {
        var bus = RequireBus(context, request.EventBusName);
        var name = request.Name ?? throw EventBridgeErrors.Missing("name");
        lock (store.Lock)
        {
            if (bus.Rules.TryGetValue(name, out var rule))
            {
                if (rule.Targets.Count > 0)
                {
                    throw EventBridgeErrors.Validation("Rule can't be deleted since it has targets.");
                }

                bus.Rules.Remove(name);
            }
        }

        return EmptyResult.Instance;
    }

    public RuleEntry DescribeRule(RuleRequest request, AwsRequestContext context)
    {
        var (bus, rule) = RequireRule(context, request.EventBusName, request.Name ?? throw EventBridgeErrors.Missing("name"));
        lock (store.Lock)
        {
            return Describe(bus, rule) with { CreatedBy = context.AccountId };
        }
    }

    public ListRulesResult ListRules(ListRulesRequest request, AwsRequestContext context)
    {
        var bus = RequireBus(context, request.EventBusName);
        var prefix = request.NamePrefix ?? string.Empty;
        lock (store.Lock)
        {
            var rules = bus.Rules.Values
                .Where(r => r.Name.StartsWith(prefix, StringComparison.Ordinal))
                .OrderBy(r => r.Name, StringComparer.Ordinal)
                .Select(r => Describe(bus, r))
                .ToList();
            var (page, next) = Page(rules, request.Limit, request.NextToken);
            return new ListRulesResult(page, next);
        }
    }

    public EmptyResult EnableRule(RuleRequest request, AwsRequestContext context) => SetRuleState(request, context, "ENABLED");

    public EmptyResult DisableRule(RuleRequest request, AwsRequestContext context) => SetRuleState(request, context, "DISABLED");

    private EmptyResult SetRuleState(RuleRequest request, AwsRequestContext context, string state)
    {
        var (_, rule) = RequireRule(context, request.EventBusName, request.Name ?? throw EventBridgeErrors.Missing("name"));
        lock (store.Lock)
        {
            rule.State = state;
        }

        return EmptyResult.Instance;
    }

    private static RuleEntry Describe(EventBus bus, EventRule rule) =>
        new(rule.Name, rule.Arn, rule.EventPatternText, rule.ScheduleExpression, rule.State, rule.Description, rule.RoleArn, bus.Name, null);

    // ---- Targets -----------------------------------------------------------------------------------------------

    public TargetsResult PutTargets(PutTargetsRequest request, AwsRequestContext context)
    {
        var (_, rule) = RequireRule(context, request.EventBusName, request.Rule ?? throw EventBridgeErrors.Missing("rule"));
        var targets = request.Targets ?? throw EventBridgeErrors.Missing("targets");
        if (targets.Count is < 1 or > 10)
        {
            throw EventBridgeErrors.Validation($"1 validation error detected: Value at 'targets' failed to satisfy constraint: Member must have length {(targets.Count < 1 ? "greater than or equal to 1" : "less than or equal to 10")}");
        }

        foreach (var target in targets)
        {
            ValidateTarget(target);
        }

        lock (store.Lock)
        {
            foreach (var target in targets)
            {
                if (!rule.Targets.ContainsKey(target.Id!) && rule.Targets.Count >= MaxTargetsPerRule)
                {
                    throw EventBridgeErrors.LimitExceeded();
                }

                rule.Targets[target.Id!] = target;
            }
        }

        return new TargetsResult(0, []);
    }

    private static void ValidateTarget(Target target)
    {
        var id = target.Id ?? throw EventBridgeErrors.Missing("targets.1.member.id");
        if (!RuleNamePattern().IsMatch(id) || id.Length > 64)
        {
            throw EventBridgeErrors.Validation($"1 validation error detected: Value '{id}' at 'targets.1.member.id' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
        }

        var arn = target.Arn ?? throw EventBridgeErrors.Missing("targets.1.member.arn");
        if (!arn.StartsWith("arn:", StringComparison.Ordinal))
        {
            throw EventBridgeErrors.Validation($"Parameter {arn} is not valid. Reason: Provided Arn is not in correct format.");
        }

        if (new object?[] { target.Input, target.InputPath, target.InputTransformer }.Count(i => i is not null) > 1)
        {
            throw EventBridgeErrors.Validation("Only one of Input, InputPath, or InputTransformer must be provided.");
        }

        if (target.Input is { } constant && !IsJson(constant))
        {
            throw EventBridgeErrors.Validation("Parameter Input is not valid. Reason: Input is not a valid JSON text.");
        }

        if (target.InputPath is { } path && !TargetInput.IsValidPath(path))
        {
            throw EventBridgeErrors.Validation($"Parameter InputPath is not valid. Reason: {path} is not a valid JSONPath.");
        }

        if (target.InputTransformer is { } transformer)
        {
            if (transformer.InputTemplate is null)
            {
                throw EventBridgeErrors.Missing("targets.1.member.inputTransformer.inputTemplate");
            }

            foreach (var (key, mapped) in transformer.InputPathsMap ?? new Dictionary<string, string>())
            {
                if (key.StartsWith("aws.", StringComparison.Ordinal))
                {
                    throw EventBridgeErrors.Validation($"Parameter InputPathsMap is not valid. Reason: Keys starting with 'aws.' are reserved: {key}.");
                }

                if (!TargetInput.IsValidPath(mapped))
                {
                    throw EventBridgeErrors.Validation($"Parameter InputPathsMap is not valid. Reason: Value of {key} is not a valid JSONPath.");
                }
            }
        }
    }

    public TargetsResult RemoveTargets(RemoveTargetsRequest request, AwsRequestContext context)
    {
        var (_, rule) = RequireRule(context, request.EventBusName, request.Rule ?? throw EventBridgeErrors.Missing("rule"));
        var ids = request.Ids ?? throw EventBridgeErrors.Missing("ids");
        lock (store.Lock)
        {
            foreach (var id in ids)
            {
                rule.Targets.Remove(id);
            }
        }

        return new TargetsResult(0, []);
    }

    public ListTargetsByRuleResult ListTargetsByRule(ListTargetsByRuleRequest request, AwsRequestContext context)
    {
        var (_, rule) = RequireRule(context, request.EventBusName, request.Rule ?? throw EventBridgeErrors.Missing("rule"));
        lock (store.Lock)
        {
            var (page, next) = Page([.. rule.Targets.Values], request.Limit, request.NextToken);
            return new ListTargetsByRuleResult(page, next);
        }
    }

    public ListRuleNamesByTargetResult ListRuleNamesByTarget(ListRuleNamesByTargetRequest request, AwsRequestContext context)
    {
        var bus = RequireBus(context, request.EventBusName);
        var arn = request.TargetArn ?? throw EventBridgeErrors.Missing("targetArn");
        lock (store.Lock)
        {
            var names = bus.Rules.Values.Where(r => r.Targets.Values.Any(t => t.Arn == arn)).Select(r => r.Name).ToList();
            var (page, next) = Page(names, request.Limit, request.NextToken);
            return new ListRuleNamesByTargetResult(page, next);
        }
    }

    // ---- Tags --------------------------------------------------------------------------------------------------

    public EmptyResult TagResource(TagResourceRequest request, AwsRequestContext context)
    {
        var tags = FindTags(context, request.ResourceARN ?? throw EventBridgeErrors.Missing("resourceARN"));
        var added = Tags(request.Tags);
        lock (store.Lock)
        {
            foreach (var (key, value) in added)
            {
                tags[key] = value;
            }
        }

        return EmptyResult.Instance;
    }

    public EmptyResult UntagResource(UntagResourceRequest request, AwsRequestContext context)
    {
        var tags = FindTags(context, request.ResourceARN ?? throw EventBridgeErrors.Missing("resourceARN"));
        lock (store.Lock)
        {
            foreach (var key in request.TagKeys ?? [])
            {
                tags.Remove(key);
            }
        }

        return EmptyResult.Instance;
    }

    public ListTagsForResourceResult ListTagsForResource(ListTagsForResourceRequest request, AwsRequestContext context)
    {
        var tags = FindTags(context, request.ResourceARN ?? throw EventBridgeErrors.Missing("resourceARN"));
        lock (store.Lock)
        {
            return new ListTagsForResourceResult([.. tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new EventBridgeTag(t.Key, t.Value))]);
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

        throw EventBridgeErrors.ResourceNotFound(arn);
    }

    /// <summary>Reads a <c>Tags</c> list: a key is required, a missing value is empty.</summary>
    private static List<KeyValuePair<string, string>> Tags(IReadOnlyList<EventBridgeTag>? tags) =>
        [.. (tags ?? []).Select(t => KeyValuePair.Create(t.Key ?? throw EventBridgeErrors.Missing("key"), t.Value ?? string.Empty))];

    // ---- Helpers -----------------------------------------------------------------------------------------------

    private ConcurrentDictionary<string, EventBus> Buses(AwsRequestContext context) =>
        store.Buses(context.Region, context.AccountId, clock.GetUtcNow());

    private EventBus RequireBus(AwsRequestContext context, string? nameOrArn)
    {
        var name = BusName(nameOrArn);
        return Buses(context).TryGetValue(name, out var bus) ? bus : throw EventBridgeErrors.BusNotFound(name);
    }

    private (EventBus Bus, EventRule Rule) RequireRule(AwsRequestContext context, string? busName, string ruleName)
    {
        var bus = RequireBus(context, busName);
        lock (store.Lock)
        {
            return bus.Rules.TryGetValue(ruleName, out var rule) ? (bus, rule) : throw EventBridgeErrors.RuleNotFound(ruleName, bus.Name);
        }
    }

    /// <summary>A bus name from a name or an <c>event-bus/</c> ARN; <c>default</c> when absent.</summary>
    private static string BusName(string? nameOrArn)
    {
        if (string.IsNullOrEmpty(nameOrArn))
        {
            return "default";
        }

        var at = nameOrArn.IndexOf(":event-bus/", StringComparison.Ordinal);
        return nameOrArn.StartsWith("arn:", StringComparison.Ordinal) && at >= 0 ? nameOrArn[(at + 11)..] : nameOrArn;
    }

    /// <summary>One page of a list: <c>NextToken</c> is the offset of the next item; <c>Limit</c> defaults to 100.</summary>
    private static (List<T> Page, string? NextToken) Page<T>(List<T> all, int? limit, string? nextToken)
    {
        var offset = int.TryParse(nextToken, NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o : 0;
        var page = all.Skip(offset).Take(Math.Max(1, limit ?? 100)).ToList();
        return (page, offset + page.Count < all.Count ? (offset + page.Count).ToString(CultureInfo.InvariantCulture) : null);
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

    [GeneratedRegex("^[/\\.\\-_A-Za-z0-9]+$")]
    private static partial Regex BusNamePattern();

    [GeneratedRegex("^[\\.\\-_A-Za-z0-9]+$")]
    private static partial Regex RuleNamePattern();
}
