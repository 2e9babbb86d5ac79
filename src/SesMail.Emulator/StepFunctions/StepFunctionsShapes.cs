using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.StepFunctions;

// Step Functions API shapes (https://docs.aws.amazon.com/step-functions/latest/apireference/API_Operations.html).
// Members are camelCase on the wire; timestamps are epoch seconds with a fraction (JSON 1.0).

/// <summary>A resource tag (<c>key</c>/<c>value</c>).</summary>
internal sealed record SfnTag([property: JsonPropertyName("key")] string? Key, [property: JsonPropertyName("value")] string? Value);

/// <summary>A log group destination.</summary>
internal sealed record SfnLogGroup([property: JsonPropertyName("logGroupArn")] string? LogGroupArn);

/// <summary>One logging destination.</summary>
internal sealed record SfnLogDestination([property: JsonPropertyName("cloudWatchLogsLogGroup")] SfnLogGroup? CloudWatchLogsLogGroup);

/// <summary><c>LoggingConfiguration</c> (https://docs.aws.amazon.com/step-functions/latest/apireference/API_LoggingConfiguration.html).</summary>
internal sealed record SfnLoggingConfiguration(
    [property: JsonPropertyName("level")] string? Level,
    [property: JsonPropertyName("includeExecutionData")] bool? IncludeExecutionData,
    [property: JsonPropertyName("destinations")] IReadOnlyList<SfnLogDestination>? Destinations);

/// <summary><c>TracingConfiguration</c>.</summary>
internal sealed record SfnTracingConfiguration([property: JsonPropertyName("enabled")] bool? Enabled);

/// <summary>Input of <c>CreateStateMachine</c>.</summary>
internal sealed record CreateStateMachineRequest(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("definition")] string? Definition,
    [property: JsonPropertyName("roleArn")] string? RoleArn,
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("loggingConfiguration")] SfnLoggingConfiguration? LoggingConfiguration,
    [property: JsonPropertyName("tags")] IReadOnlyList<SfnTag>? Tags,
    [property: JsonPropertyName("tracingConfiguration")] SfnTracingConfiguration? TracingConfiguration,
    [property: JsonPropertyName("publish")] bool? Publish,
    [property: JsonPropertyName("versionDescription")] string? VersionDescription,
    [property: JsonPropertyName("encryptionConfiguration")] JsonObject? EncryptionConfiguration);

/// <summary>Output of <c>CreateStateMachine</c>.</summary>
internal sealed record CreateStateMachineResult(
    [property: JsonPropertyName("stateMachineArn")] string StateMachineArn,
    [property: JsonPropertyName("creationDate")] double CreationDate);

/// <summary>Input of <c>UpdateStateMachine</c>.</summary>
internal sealed record UpdateStateMachineRequest(
    [property: JsonPropertyName("stateMachineArn")] string? StateMachineArn,
    [property: JsonPropertyName("definition")] string? Definition,
    [property: JsonPropertyName("roleArn")] string? RoleArn,
    [property: JsonPropertyName("loggingConfiguration")] SfnLoggingConfiguration? LoggingConfiguration,
    [property: JsonPropertyName("tracingConfiguration")] SfnTracingConfiguration? TracingConfiguration,
    [property: JsonPropertyName("publish")] bool? Publish,
    [property: JsonPropertyName("versionDescription")] string? VersionDescription,
    [property: JsonPropertyName("encryptionConfiguration")] JsonObject? EncryptionConfiguration);

/// <summary>Output of <c>UpdateStateMachine</c>.</summary>
internal sealed record UpdateStateMachineResult(
    [property: JsonPropertyName("updateDate")] double UpdateDate,
    [property: JsonPropertyName("revisionId")] string RevisionId);

/// <summary>Input naming a state machine.</summary>
internal sealed record StateMachineRequest([property: JsonPropertyName("stateMachineArn")] string? StateMachineArn);

/// <summary>Output of <c>DescribeStateMachine</c>.</summary>
internal sealed record DescribeStateMachineResult(
    [property: JsonPropertyName("stateMachineArn")] string StateMachineArn,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("definition")] string Definition,
    [property: JsonPropertyName("roleArn")] string RoleArn,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("creationDate")] double CreationDate,
    [property: JsonPropertyName("loggingConfiguration")] SfnLoggingConfiguration LoggingConfiguration,
    [property: JsonPropertyName("tracingConfiguration")] SfnTracingConfiguration TracingConfiguration,
    [property: JsonPropertyName("revisionId")] string RevisionId);

/// <summary>Input of <c>ListStateMachines</c>.</summary>
internal sealed record ListStateMachinesRequest(
    [property: JsonPropertyName("maxResults")] int? MaxResults,
    [property: JsonPropertyName("nextToken")] string? NextToken);

/// <summary>One entry of <c>ListStateMachines</c>.</summary>
internal sealed record StateMachineListItem(
    [property: JsonPropertyName("stateMachineArn")] string StateMachineArn,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("creationDate")] double CreationDate);

/// <summary>Output of <c>ListStateMachines</c>.</summary>
internal sealed record ListStateMachinesResult(
    [property: JsonPropertyName("stateMachines")] IReadOnlyList<StateMachineListItem> StateMachines,
    [property: JsonPropertyName("nextToken")] string? NextToken);

/// <summary>Input of <c>StartExecution</c> and <c>StartSyncExecution</c>.</summary>
internal sealed record StartExecutionRequest(
    [property: JsonPropertyName("stateMachineArn")] string? StateMachineArn,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("input")] string? Input,
    [property: JsonPropertyName("traceHeader")] string? TraceHeader,
    [property: JsonPropertyName("includedData")] string? IncludedData);

/// <summary>Output of <c>StartExecution</c>.</summary>
internal sealed record StartExecutionResult(
    [property: JsonPropertyName("executionArn")] string ExecutionArn,
    [property: JsonPropertyName("startDate")] double StartDate);

/// <summary>Whether data was included (<c>inputDetails</c>, <c>outputDetails</c>).</summary>
internal sealed record SfnDataDetails([property: JsonPropertyName("included")] bool Included);

/// <summary>Billing details of a synchronous Express execution.</summary>
internal sealed record SfnBillingDetails(
    [property: JsonPropertyName("billedMemoryUsedInMB")] long BilledMemoryUsedInMB,
    [property: JsonPropertyName("billedDurationInMilliseconds")] long BilledDurationInMilliseconds);

/// <summary>Output of <c>StartSyncExecution</c>.</summary>
internal sealed record StartSyncExecutionResult(
    [property: JsonPropertyName("executionArn")] string ExecutionArn,
    [property: JsonPropertyName("stateMachineArn")] string StateMachineArn,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("startDate")] double StartDate,
    [property: JsonPropertyName("stopDate")] double StopDate,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("cause")] string? Cause,
    [property: JsonPropertyName("input")] string Input,
    [property: JsonPropertyName("inputDetails")] SfnDataDetails InputDetails,
    [property: JsonPropertyName("output")] string? Output,
    [property: JsonPropertyName("outputDetails")] SfnDataDetails? OutputDetails,
    [property: JsonPropertyName("traceHeader")] string? TraceHeader,
    [property: JsonPropertyName("billingDetails")] SfnBillingDetails BillingDetails);

/// <summary>Input naming an execution.</summary>
internal sealed record ExecutionRequest([property: JsonPropertyName("executionArn")] string? ExecutionArn);

/// <summary>Output of <c>DescribeExecution</c>.</summary>
internal sealed record DescribeExecutionResult(
    [property: JsonPropertyName("executionArn")] string ExecutionArn,
    [property: JsonPropertyName("stateMachineArn")] string StateMachineArn,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("startDate")] double StartDate,
    [property: JsonPropertyName("stopDate")] double? StopDate,
    [property: JsonPropertyName("input")] string Input,
    [property: JsonPropertyName("inputDetails")] SfnDataDetails InputDetails,
    [property: JsonPropertyName("output")] string? Output,
    [property: JsonPropertyName("outputDetails")] SfnDataDetails? OutputDetails,
    [property: JsonPropertyName("traceHeader")] string? TraceHeader,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("cause")] string? Cause,
    [property: JsonPropertyName("redriveCount")] int RedriveCount,
    [property: JsonPropertyName("redriveStatus")] string RedriveStatus,
    [property: JsonPropertyName("redriveStatusReason")] string? RedriveStatusReason);

/// <summary>Input of <c>ListExecutions</c>.</summary>
internal sealed record ListExecutionsRequest(
    [property: JsonPropertyName("stateMachineArn")] string? StateMachineArn,
    [property: JsonPropertyName("statusFilter")] string? StatusFilter,
    [property: JsonPropertyName("maxResults")] int? MaxResults,
    [property: JsonPropertyName("nextToken")] string? NextToken,
    [property: JsonPropertyName("mapRunArn")] string? MapRunArn,
    [property: JsonPropertyName("redriveFilter")] string? RedriveFilter);

/// <summary>One entry of <c>ListExecutions</c>.</summary>
internal sealed record ExecutionListItem(
    [property: JsonPropertyName("executionArn")] string ExecutionArn,
    [property: JsonPropertyName("stateMachineArn")] string StateMachineArn,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("startDate")] double StartDate,
    [property: JsonPropertyName("stopDate")] double? StopDate);

/// <summary>Output of <c>ListExecutions</c>.</summary>
internal sealed record ListExecutionsResult(
    [property: JsonPropertyName("executions")] IReadOnlyList<ExecutionListItem> Executions,
    [property: JsonPropertyName("nextToken")] string? NextToken);

/// <summary>Input of <c>GetExecutionHistory</c>.</summary>
internal sealed record GetExecutionHistoryRequest(
    [property: JsonPropertyName("executionArn")] string? ExecutionArn,
    [property: JsonPropertyName("maxResults")] int? MaxResults,
    [property: JsonPropertyName("reverseOrder")] bool? ReverseOrder,
    [property: JsonPropertyName("nextToken")] string? NextToken,
    [property: JsonPropertyName("includeExecutionData")] bool? IncludeExecutionData);

/// <summary>Output of <c>GetExecutionHistory</c>: events as <c>HistoryEvent</c> objects (https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html).</summary>
internal sealed record GetExecutionHistoryResult(
    [property: JsonPropertyName("events")] IReadOnlyList<JsonObject> Events,
    [property: JsonPropertyName("nextToken")] string? NextToken);

/// <summary>Input of <c>StopExecution</c>.</summary>
internal sealed record StopExecutionRequest(
    [property: JsonPropertyName("executionArn")] string? ExecutionArn,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("cause")] string? Cause);

/// <summary>Output of <c>StopExecution</c>.</summary>
internal sealed record StopExecutionResult([property: JsonPropertyName("stopDate")] double StopDate);

/// <summary>Input of <c>ValidateStateMachineDefinition</c>.</summary>
internal sealed record ValidateStateMachineDefinitionRequest(
    [property: JsonPropertyName("definition")] string? Definition,
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("severity")] string? Severity,
    [property: JsonPropertyName("maxResults")] int? MaxResults);

/// <summary>One diagnostic.</summary>
internal sealed record ValidateDiagnostic(
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("location")] string? Location);

/// <summary>Output of <c>ValidateStateMachineDefinition</c>.</summary>
internal sealed record ValidateStateMachineDefinitionResult(
    [property: JsonPropertyName("result")] string Result,
    [property: JsonPropertyName("diagnostics")] IReadOnlyList<ValidateDiagnostic> Diagnostics,
    [property: JsonPropertyName("truncated")] bool Truncated);

/// <summary>Input of <c>TagResource</c>.</summary>
internal sealed record SfnTagResourceRequest(
    [property: JsonPropertyName("resourceArn")] string? ResourceArn,
    [property: JsonPropertyName("tags")] IReadOnlyList<SfnTag>? Tags);

/// <summary>Input of <c>UntagResource</c>.</summary>
internal sealed record SfnUntagResourceRequest(
    [property: JsonPropertyName("resourceArn")] string? ResourceArn,
    [property: JsonPropertyName("tagKeys")] IReadOnlyList<string>? TagKeys);

/// <summary>Input of <c>ListTagsForResource</c>.</summary>
internal sealed record SfnListTagsRequest([property: JsonPropertyName("resourceArn")] string? ResourceArn);

/// <summary>Output of <c>ListTagsForResource</c>.</summary>
internal sealed record SfnListTagsResult([property: JsonPropertyName("tags")] IReadOnlyList<SfnTag> Tags);

/// <summary>Source-generated serialization of every Step Functions wire shape.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EmptyResult))]
[JsonSerializable(typeof(CreateStateMachineRequest))]
[JsonSerializable(typeof(CreateStateMachineResult))]
[JsonSerializable(typeof(UpdateStateMachineRequest))]
[JsonSerializable(typeof(UpdateStateMachineResult))]
[JsonSerializable(typeof(StateMachineRequest))]
[JsonSerializable(typeof(DescribeStateMachineResult))]
[JsonSerializable(typeof(ListStateMachinesRequest))]
[JsonSerializable(typeof(ListStateMachinesResult))]
[JsonSerializable(typeof(StartExecutionRequest))]
[JsonSerializable(typeof(StartExecutionResult))]
[JsonSerializable(typeof(StartSyncExecutionResult))]
[JsonSerializable(typeof(ExecutionRequest))]
[JsonSerializable(typeof(DescribeExecutionResult))]
[JsonSerializable(typeof(ListExecutionsRequest))]
[JsonSerializable(typeof(ListExecutionsResult))]
[JsonSerializable(typeof(GetExecutionHistoryRequest))]
[JsonSerializable(typeof(GetExecutionHistoryResult))]
[JsonSerializable(typeof(StopExecutionRequest))]
[JsonSerializable(typeof(StopExecutionResult))]
[JsonSerializable(typeof(ValidateStateMachineDefinitionRequest))]
[JsonSerializable(typeof(ValidateStateMachineDefinitionResult))]
[JsonSerializable(typeof(SfnTagResourceRequest))]
[JsonSerializable(typeof(SfnUntagResourceRequest))]
[JsonSerializable(typeof(SfnListTagsRequest))]
[JsonSerializable(typeof(SfnListTagsResult))]
internal sealed partial class StepFunctionsJsonContext : JsonSerializerContext;
