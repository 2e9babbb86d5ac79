using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.EventBridge;

// EventBridge shapes (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Operations.html), JSON 1.1.
// Member names are AWS's. Timestamps travel as epoch seconds with a fraction. Every request member is nullable:
// the provider names a missing required member in AWS's own validation message.

/// <summary>A resource tag (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Tag.html).</summary>
/// <param name="Key">The tag key (required).</param>
/// <param name="Value">The tag value (empty when absent).</param>
internal sealed record EventBridgeTag(
    [property: JsonPropertyName("Key")] string? Key,
    [property: JsonPropertyName("Value")] string? Value);

/// <summary>Input of <c>CreateEventBus</c>.</summary>
internal sealed record CreateEventBusRequest(
    [property: JsonPropertyName("Name")] string? Name,
    [property: JsonPropertyName("EventSourceName")] string? EventSourceName,
    [property: JsonPropertyName("Description")] string? Description,
    [property: JsonPropertyName("Tags")] IReadOnlyList<EventBridgeTag>? Tags);

/// <summary>Output of <c>CreateEventBus</c>.</summary>
internal sealed record CreateEventBusResult([property: JsonPropertyName("EventBusArn")] string EventBusArn);

/// <summary>Input of <c>DeleteEventBus</c> and <c>DescribeEventBus</c> (a name or an ARN; <c>default</c> when absent for Describe).</summary>
internal sealed record EventBusRequest([property: JsonPropertyName("Name")] string? Name);

/// <summary>
/// An event bus as <c>DescribeEventBus</c> and <c>ListEventBuses</c> return it
/// (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_EventBus.html).
/// </summary>
/// <param name="Name">The bus name.</param>
/// <param name="Arn">The bus ARN.</param>
/// <param name="Description">The description (<c>DescribeEventBus</c> only).</param>
/// <param name="CreationTime">Creation time, epoch seconds.</param>
/// <param name="LastModifiedTime">Last change, epoch seconds (the creation time: buses are not updated here).</param>
internal sealed record EventBusEntry(
    [property: JsonPropertyName("Name")] string Name,
    [property: JsonPropertyName("Arn")] string Arn,
    [property: JsonPropertyName("Description")] string? Description,
    [property: JsonPropertyName("CreationTime")] double CreationTime,
    [property: JsonPropertyName("LastModifiedTime")] double LastModifiedTime);

/// <summary>Input of <c>ListEventBuses</c>.</summary>
internal sealed record ListEventBusesRequest(
    [property: JsonPropertyName("NamePrefix")] string? NamePrefix,
    [property: JsonPropertyName("NextToken")] string? NextToken,
    [property: JsonPropertyName("Limit")] int? Limit);

/// <summary>Output of <c>ListEventBuses</c>.</summary>
internal sealed record ListEventBusesResult(
    [property: JsonPropertyName("EventBuses")] IReadOnlyList<EventBusEntry> EventBuses,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>Input of <c>PutRule</c>.</summary>
internal sealed record PutRuleRequest(
    [property: JsonPropertyName("Name")] string? Name,
    [property: JsonPropertyName("ScheduleExpression")] string? ScheduleExpression,
    [property: JsonPropertyName("EventPattern")] string? EventPattern,
    [property: JsonPropertyName("State")] string? State,
    [property: JsonPropertyName("Description")] string? Description,
    [property: JsonPropertyName("RoleArn")] string? RoleArn,
    [property: JsonPropertyName("Tags")] IReadOnlyList<EventBridgeTag>? Tags,
    [property: JsonPropertyName("EventBusName")] string? EventBusName);

/// <summary>Output of <c>PutRule</c>.</summary>
internal sealed record PutRuleResult([property: JsonPropertyName("RuleArn")] string RuleArn);

/// <summary>Input of the operations that name one rule (<c>DeleteRule</c>, <c>DescribeRule</c>, <c>EnableRule</c>, <c>DisableRule</c>).</summary>
internal sealed record RuleRequest(
    [property: JsonPropertyName("Name")] string? Name,
    [property: JsonPropertyName("EventBusName")] string? EventBusName);

/// <summary>
/// A rule as <c>DescribeRule</c> and <c>ListRules</c> return it
/// (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DescribeRule.html); <c>CreatedBy</c> only in DescribeRule.
/// </summary>
internal sealed record RuleEntry(
    [property: JsonPropertyName("Name")] string Name,
    [property: JsonPropertyName("Arn")] string Arn,
    [property: JsonPropertyName("EventPattern")] string? EventPattern,
    [property: JsonPropertyName("ScheduleExpression")] string? ScheduleExpression,
    [property: JsonPropertyName("State")] string State,
    [property: JsonPropertyName("Description")] string? Description,
    [property: JsonPropertyName("RoleArn")] string? RoleArn,
    [property: JsonPropertyName("EventBusName")] string EventBusName,
    [property: JsonPropertyName("CreatedBy")] string? CreatedBy);

/// <summary>Input of <c>ListRules</c>.</summary>
internal sealed record ListRulesRequest(
    [property: JsonPropertyName("NamePrefix")] string? NamePrefix,
    [property: JsonPropertyName("EventBusName")] string? EventBusName,
    [property: JsonPropertyName("NextToken")] string? NextToken,
    [property: JsonPropertyName("Limit")] int? Limit);

/// <summary>Output of <c>ListRules</c>.</summary>
internal sealed record ListRulesResult(
    [property: JsonPropertyName("Rules")] IReadOnlyList<RuleEntry> Rules,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>
/// A rule's target (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Target.html). SQS targets receive
/// events; the members for other target services are stored and returned as given, not acted on.
/// </summary>
internal sealed record Target(
    [property: JsonPropertyName("Id")] string? Id,
    [property: JsonPropertyName("Arn")] string? Arn,
    [property: JsonPropertyName("RoleArn")] string? RoleArn,
    [property: JsonPropertyName("Input")] string? Input,
    [property: JsonPropertyName("InputPath")] string? InputPath,
    [property: JsonPropertyName("InputTransformer")] InputTransformer? InputTransformer,
    [property: JsonPropertyName("KinesisParameters")] JsonElement? KinesisParameters,
    [property: JsonPropertyName("RunCommandParameters")] JsonElement? RunCommandParameters,
    [property: JsonPropertyName("EcsParameters")] JsonElement? EcsParameters,
    [property: JsonPropertyName("BatchParameters")] JsonElement? BatchParameters,
    [property: JsonPropertyName("SqsParameters")] SqsParameters? SqsParameters,
    [property: JsonPropertyName("HttpParameters")] JsonElement? HttpParameters,
    [property: JsonPropertyName("RedshiftDataParameters")] JsonElement? RedshiftDataParameters,
    [property: JsonPropertyName("SageMakerPipelineParameters")] JsonElement? SageMakerPipelineParameters,
    [property: JsonPropertyName("DeadLetterConfig")] DeadLetterConfig? DeadLetterConfig,
    [property: JsonPropertyName("RetryPolicy")] RetryPolicy? RetryPolicy,
    [property: JsonPropertyName("AppSyncParameters")] JsonElement? AppSyncParameters);

/// <summary>A target's <c>InputTransformer</c>: JSONPaths into the event and the template they fill.</summary>
internal sealed record InputTransformer(
    [property: JsonPropertyName("InputPathsMap")] IReadOnlyDictionary<string, string>? InputPathsMap,
    [property: JsonPropertyName("InputTemplate")] string? InputTemplate);

/// <summary>A target's <c>SqsParameters</c> (the FIFO message group; stored, not applied).</summary>
internal sealed record SqsParameters([property: JsonPropertyName("MessageGroupId")] string? MessageGroupId);

/// <summary>A target's <c>DeadLetterConfig</c>: the SQS queue that receives events that could not be delivered.</summary>
internal sealed record DeadLetterConfig([property: JsonPropertyName("Arn")] string? Arn);

/// <summary>A target's <c>RetryPolicy</c> (here at most 2 extra attempts, without delay; the age limit is stored only).</summary>
internal sealed record RetryPolicy(
    [property: JsonPropertyName("MaximumRetryAttempts")] int? MaximumRetryAttempts,
    [property: JsonPropertyName("MaximumEventAgeInSeconds")] int? MaximumEventAgeInSeconds);

/// <summary>Input of <c>PutTargets</c>.</summary>
internal sealed record PutTargetsRequest(
    [property: JsonPropertyName("Rule")] string? Rule,
    [property: JsonPropertyName("EventBusName")] string? EventBusName,
    [property: JsonPropertyName("Targets")] IReadOnlyList<Target>? Targets);

/// <summary>One target <c>PutTargets</c> or <c>RemoveTargets</c> could not handle.</summary>
internal sealed record FailedTargetEntry(
    [property: JsonPropertyName("TargetId")] string TargetId,
    [property: JsonPropertyName("ErrorCode")] string ErrorCode,
    [property: JsonPropertyName("ErrorMessage")] string ErrorMessage);

/// <summary>Output of <c>PutTargets</c> and <c>RemoveTargets</c>.</summary>
internal sealed record TargetsResult(
    [property: JsonPropertyName("FailedEntryCount")] int FailedEntryCount,
    [property: JsonPropertyName("FailedEntries")] IReadOnlyList<FailedTargetEntry> FailedEntries);

/// <summary>Input of <c>RemoveTargets</c>.</summary>
internal sealed record RemoveTargetsRequest(
    [property: JsonPropertyName("Rule")] string? Rule,
    [property: JsonPropertyName("EventBusName")] string? EventBusName,
    [property: JsonPropertyName("Ids")] IReadOnlyList<string>? Ids,
    [property: JsonPropertyName("Force")] bool? Force);

/// <summary>Input of <c>ListTargetsByRule</c>.</summary>
internal sealed record ListTargetsByRuleRequest(
    [property: JsonPropertyName("Rule")] string? Rule,
    [property: JsonPropertyName("EventBusName")] string? EventBusName,
    [property: JsonPropertyName("NextToken")] string? NextToken,
    [property: JsonPropertyName("Limit")] int? Limit);

/// <summary>Output of <c>ListTargetsByRule</c>.</summary>
internal sealed record ListTargetsByRuleResult(
    [property: JsonPropertyName("Targets")] IReadOnlyList<Target> Targets,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>Input of <c>ListRuleNamesByTarget</c>.</summary>
internal sealed record ListRuleNamesByTargetRequest(
    [property: JsonPropertyName("TargetArn")] string? TargetArn,
    [property: JsonPropertyName("EventBusName")] string? EventBusName,
    [property: JsonPropertyName("NextToken")] string? NextToken,
    [property: JsonPropertyName("Limit")] int? Limit);

/// <summary>Output of <c>ListRuleNamesByTarget</c>.</summary>
internal sealed record ListRuleNamesByTargetResult(
    [property: JsonPropertyName("RuleNames")] IReadOnlyList<string> RuleNames,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>Input of <c>PutEvents</c>.</summary>
internal sealed record PutEventsRequest(
    [property: JsonPropertyName("Entries")] IReadOnlyList<PutEventsRequestEntry>? Entries,
    [property: JsonPropertyName("EndpointId")] string? EndpointId);

/// <summary>
/// One event to put (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsRequestEntry.html).
/// <c>Time</c> is epoch seconds or an ISO 8601 string; an unreadable string means "now".
/// </summary>
internal sealed record PutEventsRequestEntry(
    [property: JsonPropertyName("Time"), JsonConverter(typeof(EventTimeConverter))] DateTimeOffset? Time,
    [property: JsonPropertyName("Source")] string? Source,
    [property: JsonPropertyName("Resources")] IReadOnlyList<string>? Resources,
    [property: JsonPropertyName("DetailType")] string? DetailType,
    [property: JsonPropertyName("Detail")] string? Detail,
    [property: JsonPropertyName("EventBusName")] string? EventBusName,
    [property: JsonPropertyName("TraceHeader")] string? TraceHeader);

/// <summary>One entry of <c>PutEvents</c>' answer: the event id, or why the entry failed.</summary>
internal sealed record PutEventsResultEntry(
    [property: JsonPropertyName("EventId")] string? EventId,
    [property: JsonPropertyName("ErrorCode")] string? ErrorCode,
    [property: JsonPropertyName("ErrorMessage")] string? ErrorMessage);

/// <summary>Output of <c>PutEvents</c>.</summary>
internal sealed record PutEventsResult(
    [property: JsonPropertyName("FailedEntryCount")] int FailedEntryCount,
    [property: JsonPropertyName("Entries")] IReadOnlyList<PutEventsResultEntry> Entries);

/// <summary>Input of <c>TestEventPattern</c>: the pattern and an event, both JSON text.</summary>
internal sealed record TestEventPatternRequest(
    [property: JsonPropertyName("EventPattern")] string? EventPattern,
    [property: JsonPropertyName("Event")] string? Event);

/// <summary>Output of <c>TestEventPattern</c>.</summary>
internal sealed record TestEventPatternResult([property: JsonPropertyName("Result")] bool Result);

/// <summary>Input of <c>TagResource</c>.</summary>
internal sealed record TagResourceRequest(
    [property: JsonPropertyName("ResourceARN")] string? ResourceARN,
    [property: JsonPropertyName("Tags")] IReadOnlyList<EventBridgeTag>? Tags);

/// <summary>Input of <c>UntagResource</c>.</summary>
internal sealed record UntagResourceRequest(
    [property: JsonPropertyName("ResourceARN")] string? ResourceARN,
    [property: JsonPropertyName("TagKeys")] IReadOnlyList<string>? TagKeys);

/// <summary>Input of <c>ListTagsForResource</c>.</summary>
internal sealed record ListTagsForResourceRequest([property: JsonPropertyName("ResourceARN")] string? ResourceARN);

/// <summary>Output of <c>ListTagsForResource</c>.</summary>
internal sealed record ListTagsForResourceResult([property: JsonPropertyName("Tags")] IReadOnlyList<EventBridgeTag> Tags);

/// <summary>
/// Reads <c>PutEventsRequestEntry.Time</c>: epoch seconds (a JSON number, between the years 1 and 9999) or an
/// ISO 8601 string; a string that is not a date reads as absent.
/// </summary>
internal sealed class EventTimeConverter : JsonConverter<DateTimeOffset?>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                var seconds = reader.GetDouble();
                return seconds is >= -62_135_596_800 and <= 253_402_300_799
                    ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
                    : throw new JsonException($"Member 'Time' ({seconds.ToString(CultureInfo.InvariantCulture)}) is not a timestamp between years 1 and 9999.");
            case JsonTokenType.String:
                return DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
            default:
                throw new JsonException("Member 'Time' is not a timestamp.");
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } time)
        {
            writer.WriteNumberValue(time.ToUnixTimeMilliseconds() / 1000.0);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>Source-generated serialization of every EventBridge wire shape (numbers and booleans only as JSON numbers and booleans).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EmptyResult))]
[JsonSerializable(typeof(CreateEventBusRequest))]
[JsonSerializable(typeof(CreateEventBusResult))]
[JsonSerializable(typeof(EventBusRequest))]
[JsonSerializable(typeof(EventBusEntry))]
[JsonSerializable(typeof(ListEventBusesRequest))]
[JsonSerializable(typeof(ListEventBusesResult))]
[JsonSerializable(typeof(PutRuleRequest))]
[JsonSerializable(typeof(PutRuleResult))]
[JsonSerializable(typeof(RuleRequest))]
[JsonSerializable(typeof(RuleEntry))]
[JsonSerializable(typeof(ListRulesRequest))]
[JsonSerializable(typeof(ListRulesResult))]
[JsonSerializable(typeof(Target))]
[JsonSerializable(typeof(PutTargetsRequest))]
[JsonSerializable(typeof(TargetsResult))]
[JsonSerializable(typeof(RemoveTargetsRequest))]
[JsonSerializable(typeof(ListTargetsByRuleRequest))]
[JsonSerializable(typeof(ListTargetsByRuleResult))]
[JsonSerializable(typeof(ListRuleNamesByTargetRequest))]
[JsonSerializable(typeof(ListRuleNamesByTargetResult))]
[JsonSerializable(typeof(PutEventsRequest))]
[JsonSerializable(typeof(PutEventsResult))]
[JsonSerializable(typeof(TestEventPatternRequest))]
[JsonSerializable(typeof(TestEventPatternResult))]
[JsonSerializable(typeof(TagResourceRequest))]
[JsonSerializable(typeof(UntagResourceRequest))]
[JsonSerializable(typeof(ListTagsForResourceRequest))]
[JsonSerializable(typeof(ListTagsForResourceResult))]
internal sealed partial class EventBridgeJsonContext : JsonSerializerContext;
