using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SesMail.Emulator.Protocols;
using SesMail.Emulator.Sqs;
using SesMail.Emulator.XRay;

namespace SesMail.Emulator.EventBridge;

/// <summary>
/// <c>PutEvents</c> (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html): builds each
/// event's envelope, matches it against the bus's enabled rules and delivers it to their SQS targets before answering;
/// and <c>TestEventPattern</c>. The envelope is the event's own JSON document, which patterns and input paths read.
/// </summary>
internal sealed partial class EventBridgeProvider
{
    private const int MaxEntries = 10;
    private const int MaxPutEventsBytes = 256 * 1024;

    public async ValueTask<PutEventsResult> PutEventsAsync(PutEventsRequest request, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var entries = request.Entries ?? throw EventBridgeErrors.Missing("entries");
        if (entries.Count is < 1 or > MaxEntries)
        {
            throw EventBridgeErrors.Validation($"1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length {(entries.Count < 1 ? "greater than or equal to 1" : "less than or equal to 10")}");
        }

        var total = entries.Sum(e =>
            (e.Time is null ? 0 : 14)
            + EventPattern.Utf8(e.Source)
            + EventPattern.Utf8(e.DetailType)
            + EventPattern.Utf8(e.Detail)
            + (e.Resources?.Sum(EventPattern.Utf8) ?? 0));
        if (total > MaxPutEventsBytes)
        {
            throw EventBridgeErrors.Validation("Total size of the entries in the request is over the limit.");
        }

        var results = new List<PutEventsResultEntry>();
        var failedCount = 0;
        var now = clock.GetUtcNow();
        foreach (var entry in entries)
        {
            var (evt, bus, error) = BuildEvent(entry, context, now);
            if (error is not null)
            {
                failedCount++;
                results.Add(error);
                continue;
            }

            var id = evt!["id"]!.GetValue<string>();
            results.Add(new PutEventsResultEntry(id, null, null));
            await DeliverAsync(bus!, evt, now, cancellationToken, entry.TraceHeader ?? context.TraceHeader).ConfigureAwait(false);
        }

        return new PutEventsResult(failedCount, results);
    }

    /// <summary>
    /// The event envelope (https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html) of one
    /// entry, or the entry's error when it names no source, detail type or detail, its detail is not a JSON object, or
    /// its bus does not exist.
    /// </summary>
    private (JsonObject? Event, EventBus? Bus, PutEventsResultEntry? Error) BuildEvent(PutEventsRequestEntry entry, AwsRequestContext context, DateTimeOffset now)
    {
        static PutEventsResultEntry Fail(string code, string message) => new(null, code, message);

        if (string.IsNullOrEmpty(entry.Source))
        {
            return (null, null, Fail("InvalidArgument", "Parameter Source is not valid. Reason: Source is a required argument."));
        }

        if (string.IsNullOrEmpty(entry.DetailType))
        {
            return (null, null, Fail("InvalidArgument", "Parameter DetailType is not valid. Reason: DetailType is a required argument."));
        }

        if (string.IsNullOrEmpty(entry.Detail))
        {
            return (null, null, Fail("InvalidArgument", "Parameter Detail is not valid. Reason: Detail is a required argument."));
        }

        JsonObject detail;
        try
        {
            detail = JsonNode.Parse(entry.Detail) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            return (null, null, Fail("MalformedDetail", "Detail is malformed."));
        }

        var busName = BusName(entry.EventBusName);
        if (!Buses(context).TryGetValue(busName, out var bus))
        {
            return (null, null, Fail("ResourceNotFoundException", $"Event bus {busName} does not exist."));
        }

        var evt = new JsonObject
        {
            ["version"] = "0",
            ["id"] = Guid.NewGuid().ToString(),
            ["detail-type"] = entry.DetailType,
            ["source"] = entry.Source,
            ["account"] = context.AccountId,
            ["time"] = (entry.Time ?? now).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["region"] = context.Region,
            ["resources"] = new JsonArray([.. (entry.Resources ?? []).Select(r => (JsonNode?)r)]),
            ["detail"] = detail,
        };
        return (evt, bus, null);
    }

    private async Task DeliverAsync(EventBus bus, JsonObject evt, DateTimeOffset ingestion, CancellationToken cancellationToken, string? traceHeader = null)
    {
        using var publish = EmulatorTracing.Start($"{bus.Name} publish", ActivityKind.Producer, traceHeader).Messaging("aws_eventbridge", "publish", bus.Name, bus.Arn);
        publish?.SetTag("messaging.message.id", evt["id"]?.GetValue<string>());
        var trace = EmulatorTracing.HeaderOf(publish, traceHeader);
        List<(EventRule Rule, Target Target)> deliveries;
        lock (store.Lock)
        {
            deliveries = [.. bus.Rules.Values
                .Where(r => r.State != "DISABLED" && r.EventPattern is { } p && p.Matches(evt))
                .SelectMany(r => r.Targets.Values.Select(t => (r, t)))];
        }

        foreach (var (rule, target) in deliveries)
        {
            var arn = target.Arn ?? string.Empty;
            if (!arn.StartsWith("arn:aws:sqs:", StringComparison.Ordinal))
            {
                LogSkippedTarget(logger, rule.Arn, arn);
                continue;
            }

            var body = TargetInput.Render(target, evt, rule, ingestion);
            var queue = EmulatorTracing.NameOf(arn);
            using var send = EmulatorTracing.Start($"{queue} send", ActivityKind.Producer, trace).Messaging("aws_sqs", "send", queue, arn);
            send?.SetTag("aws.eventbridge.rule", rule.Name);
            var attempts = 1 + Math.Min(2, target.RetryPolicy?.MaximumRetryAttempts ?? 185);
            Exception? last = null;
            for (var attempt = 0; attempt < attempts; attempt++)
            {
                try
                {
                    await Delivery().DeliverAsync(arn, body, null, EmulatorTracing.HeaderOf(send, trace), cancellationToken).ConfigureAwait(false);
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

            send.Fail(last.Message);
            LogDeliveryFailed(logger, last, rule.Arn, arn);
            if (target.DeadLetterConfig?.Arn is { } dlq)
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
                    await Delivery().DeliverAsync(dlq, JsonBody.Text(evt), attributes, EmulatorTracing.HeaderOf(send, trace), cancellationToken).ConfigureAwait(false);
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

    /// <summary><c>TestEventPattern</c>: whether an event (JSON text with the envelope's required fields) matches a pattern.</summary>
    public static TestEventPatternResult TestEventPattern(TestEventPatternRequest request)
    {
        var pattern = EventPattern.Parse(request.EventPattern ?? throw EventBridgeErrors.Missing("eventPattern"));
        var eventText = request.Event ?? throw EventBridgeErrors.Missing("event");
        JsonObject evt;
        try
        {
            evt = JsonNode.Parse(eventText) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            throw EventBridgeErrors.Validation("Parameter Event is not valid.");
        }

        foreach (var required in new[] { "id", "account", "source", "time", "region", "detail-type" })
        {
            if (!evt.ContainsKey(required))
            {
                throw EventBridgeErrors.Validation($"Parameter Event is not valid. Reason: Provided Event is missing required field '{required}'.");
            }
        }

        return new TestEventPatternResult(pattern.Matches(evt));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rule {RuleArn} matched; target {TargetArn} is not an SQS queue, nothing delivered")]
    private static partial void LogSkippedTarget(ILogger logger, string ruleArn, string targetArn);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rule {RuleArn}: delivery to {TargetArn} failed")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception error, string ruleArn, string targetArn);
}
