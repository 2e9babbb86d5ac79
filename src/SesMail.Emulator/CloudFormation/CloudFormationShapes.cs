using System.Text.Json.Serialization;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.CloudFormation;

// Request and response shapes of the CloudFormation API, version 2010-05-15, with AWS's member names
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_Operations.html). Query leaves arrive as
// strings; lists arrive as "Name.member.N".

/// <summary>A parameter value in a request (<c>Parameters.member.N</c>) or a stack's parameter in a response.</summary>
internal sealed record CfnParameter(
    [property: JsonPropertyName("ParameterKey")] string? ParameterKey,
    [property: JsonPropertyName("ParameterValue")] string? ParameterValue,
    [property: JsonPropertyName("UsePreviousValue")] bool? UsePreviousValue = null);

/// <summary>A stack tag.</summary>
internal sealed record CfnTag(
    [property: JsonPropertyName("Key")] string? Key,
    [property: JsonPropertyName("Value")] string? Value);

/// <summary>Input of <c>ValidateTemplate</c> and the template part of other inputs.</summary>
internal sealed record ValidateTemplateRequest(
    [property: JsonPropertyName("TemplateBody")] string? TemplateBody,
    [property: JsonPropertyName("TemplateURL")] string? TemplateURL);

/// <summary>One parameter of <c>ValidateTemplate</c>'s output.</summary>
internal sealed record TemplateParameterEntry(
    [property: JsonPropertyName("ParameterKey")] string ParameterKey,
    [property: JsonPropertyName("DefaultValue")] string? DefaultValue,
    [property: JsonPropertyName("NoEcho")] bool NoEcho,
    [property: JsonPropertyName("Description")] string? Description);

/// <summary>Output of <c>ValidateTemplate</c>.</summary>
internal sealed record ValidateTemplateResult(
    [property: JsonPropertyName("Parameters")] IReadOnlyList<TemplateParameterEntry> Parameters,
    [property: JsonPropertyName("Description")] string? Description,
    [property: JsonPropertyName("Capabilities")] IReadOnlyList<string> Capabilities,
    [property: JsonPropertyName("CapabilitiesReason")] string? CapabilitiesReason,
    [property: JsonPropertyName("DeclaredTransforms")] IReadOnlyList<string> DeclaredTransforms);

/// <summary>Input of <c>CreateStack</c>.</summary>
internal sealed record CreateStackRequest(
    [property: JsonPropertyName("StackName")] string? StackName,
    [property: JsonPropertyName("TemplateBody")] string? TemplateBody,
    [property: JsonPropertyName("TemplateURL")] string? TemplateURL,
    [property: JsonPropertyName("Parameters")] IReadOnlyList<CfnParameter>? Parameters,
    [property: JsonPropertyName("Capabilities")] IReadOnlyList<string>? Capabilities,
    [property: JsonPropertyName("Tags")] IReadOnlyList<CfnTag>? Tags,
    [property: JsonPropertyName("DisableRollback")] bool? DisableRollback,
    [property: JsonPropertyName("OnFailure")] string? OnFailure,
    [property: JsonPropertyName("TimeoutInMinutes")] int? TimeoutInMinutes,
    [property: JsonPropertyName("NotificationARNs")] IReadOnlyList<string>? NotificationARNs,
    [property: JsonPropertyName("RoleARN")] string? RoleARN,
    [property: JsonPropertyName("StackPolicyBody")] string? StackPolicyBody,
    [property: JsonPropertyName("StackPolicyURL")] string? StackPolicyURL,
    [property: JsonPropertyName("ResourceTypes")] IReadOnlyList<string>? ResourceTypes,
    [property: JsonPropertyName("ClientRequestToken")] string? ClientRequestToken,
    [property: JsonPropertyName("EnableTerminationProtection")] bool? EnableTerminationProtection);

/// <summary>Output of <c>CreateStack</c> and <c>UpdateStack</c>.</summary>
internal sealed record StackIdResult([property: JsonPropertyName("StackId")] string StackId);

/// <summary>Input of <c>UpdateStack</c>.</summary>
internal sealed record UpdateStackRequest(
    [property: JsonPropertyName("StackName")] string? StackName,
    [property: JsonPropertyName("TemplateBody")] string? TemplateBody,
    [property: JsonPropertyName("TemplateURL")] string? TemplateURL,
    [property: JsonPropertyName("UsePreviousTemplate")] bool? UsePreviousTemplate,
    [property: JsonPropertyName("Parameters")] IReadOnlyList<CfnParameter>? Parameters,
    [property: JsonPropertyName("Capabilities")] IReadOnlyList<string>? Capabilities,
    [property: JsonPropertyName("Tags")] IReadOnlyList<CfnTag>? Tags,
    [property: JsonPropertyName("DisableRollback")] bool? DisableRollback,
    [property: JsonPropertyName("NotificationARNs")] IReadOnlyList<string>? NotificationARNs,
    [property: JsonPropertyName("RoleARN")] string? RoleARN,
    [property: JsonPropertyName("StackPolicyBody")] string? StackPolicyBody,
    [property: JsonPropertyName("ResourceTypes")] IReadOnlyList<string>? ResourceTypes,
    [property: JsonPropertyName("ClientRequestToken")] string? ClientRequestToken);

/// <summary>Input of <c>DeleteStack</c>.</summary>
internal sealed record DeleteStackRequest(
    [property: JsonPropertyName("StackName")] string? StackName,
    [property: JsonPropertyName("RetainResources")] IReadOnlyList<string>? RetainResources,
    [property: JsonPropertyName("RoleARN")] string? RoleARN,
    [property: JsonPropertyName("ClientRequestToken")] string? ClientRequestToken,
    [property: JsonPropertyName("DeletionMode")] string? DeletionMode);

/// <summary>Input of operations on one stack (and pagination).</summary>
internal sealed record StackRequest(
    [property: JsonPropertyName("StackName")] string? StackName,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>A stack output.</summary>
internal sealed record CfnOutput(
    [property: JsonPropertyName("OutputKey")] string OutputKey,
    [property: JsonPropertyName("OutputValue")] string OutputValue,
    [property: JsonPropertyName("Description")] string? Description);

/// <summary>Drift information: always <c>NOT_CHECKED</c> (drift detection is not emulated).</summary>
internal sealed record StackDriftInformation([property: JsonPropertyName("StackDriftStatus")] string StackDriftStatus);

/// <summary>A resource's drift information: always <c>NOT_CHECKED</c>.</summary>
internal sealed record ResourceDriftInformation([property: JsonPropertyName("StackResourceDriftStatus")] string StackResourceDriftStatus);

/// <summary>A stack in <c>DescribeStacks</c>.</summary>
internal sealed record CfnStack(
    [property: JsonPropertyName("StackId")] string StackId,
    [property: JsonPropertyName("StackName")] string StackName,
    [property: JsonPropertyName("ChangeSetId")] string? ChangeSetId,
    [property: JsonPropertyName("Description")] string? Description,
    [property: JsonPropertyName("Parameters")] IReadOnlyList<CfnParameter> Parameters,
    [property: JsonPropertyName("CreationTime")] string CreationTime,
    [property: JsonPropertyName("DeletionTime")] string? DeletionTime,
    [property: JsonPropertyName("LastUpdatedTime")] string? LastUpdatedTime,
    [property: JsonPropertyName("StackStatus")] string StackStatus,
    [property: JsonPropertyName("StackStatusReason")] string? StackStatusReason,
    [property: JsonPropertyName("DisableRollback")] bool DisableRollback,
    [property: JsonPropertyName("NotificationARNs")] IReadOnlyList<string> NotificationARNs,
    [property: JsonPropertyName("Capabilities")] IReadOnlyList<string> Capabilities,
    [property: JsonPropertyName("Outputs")] IReadOnlyList<CfnOutput>? Outputs,
    [property: JsonPropertyName("Tags")] IReadOnlyList<CfnTag> Tags,
    [property: JsonPropertyName("EnableTerminationProtection")] bool EnableTerminationProtection,
    [property: JsonPropertyName("DriftInformation")] StackDriftInformation DriftInformation);

/// <summary>Output of <c>DescribeStacks</c>.</summary>
internal sealed record DescribeStacksResult(
    [property: JsonPropertyName("Stacks")] IReadOnlyList<CfnStack> Stacks,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>One stack event.</summary>
internal sealed record CfnStackEvent(
    [property: JsonPropertyName("StackId")] string StackId,
    [property: JsonPropertyName("EventId")] string EventId,
    [property: JsonPropertyName("StackName")] string StackName,
    [property: JsonPropertyName("LogicalResourceId")] string LogicalResourceId,
    [property: JsonPropertyName("PhysicalResourceId")] string? PhysicalResourceId,
    [property: JsonPropertyName("ResourceType")] string ResourceType,
    [property: JsonPropertyName("Timestamp")] string Timestamp,
    [property: JsonPropertyName("ResourceStatus")] string ResourceStatus,
    [property: JsonPropertyName("ResourceStatusReason")] string? ResourceStatusReason,
    [property: JsonPropertyName("ResourceProperties")] string? ResourceProperties,
    [property: JsonPropertyName("ClientRequestToken")] string? ClientRequestToken);

/// <summary>Output of <c>DescribeStackEvents</c>.</summary>
internal sealed record DescribeStackEventsResult(
    [property: JsonPropertyName("StackEvents")] IReadOnlyList<CfnStackEvent> StackEvents,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>Input of <c>DescribeStackResources</c>.</summary>
internal sealed record DescribeStackResourcesRequest(
    [property: JsonPropertyName("StackName")] string? StackName,
    [property: JsonPropertyName("LogicalResourceId")] string? LogicalResourceId,
    [property: JsonPropertyName("PhysicalResourceId")] string? PhysicalResourceId);

/// <summary>A resource in <c>DescribeStackResources</c>.</summary>
internal sealed record CfnStackResource(
    [property: JsonPropertyName("StackName")] string StackName,
    [property: JsonPropertyName("StackId")] string StackId,
    [property: JsonPropertyName("LogicalResourceId")] string LogicalResourceId,
    [property: JsonPropertyName("PhysicalResourceId")] string? PhysicalResourceId,
    [property: JsonPropertyName("ResourceType")] string ResourceType,
    [property: JsonPropertyName("Timestamp")] string Timestamp,
    [property: JsonPropertyName("ResourceStatus")] string ResourceStatus,
    [property: JsonPropertyName("ResourceStatusReason")] string? ResourceStatusReason,
    [property: JsonPropertyName("DriftInformation")] ResourceDriftInformation DriftInformation);

/// <summary>Output of <c>DescribeStackResources</c>.</summary>
internal sealed record DescribeStackResourcesResult([property: JsonPropertyName("StackResources")] IReadOnlyList<CfnStackResource> StackResources);

/// <summary>Input of <c>DescribeStackResource</c>.</summary>
internal sealed record DescribeStackResourceRequest(
    [property: JsonPropertyName("StackName")] string? StackName,
    [property: JsonPropertyName("LogicalResourceId")] string? LogicalResourceId);

/// <summary>A resource in <c>DescribeStackResource</c>.</summary>
internal sealed record CfnStackResourceDetail(
    [property: JsonPropertyName("StackName")] string StackName,
    [property: JsonPropertyName("StackId")] string StackId,
    [property: JsonPropertyName("LogicalResourceId")] string LogicalResourceId,
    [property: JsonPropertyName("PhysicalResourceId")] string? PhysicalResourceId,
    [property: JsonPropertyName("ResourceType")] string ResourceType,
    [property: JsonPropertyName("LastUpdatedTimestamp")] string LastUpdatedTimestamp,
    [property: JsonPropertyName("ResourceStatus")] string ResourceStatus,
    [property: JsonPropertyName("ResourceStatusReason")] string? ResourceStatusReason,
    [property: JsonPropertyName("Metadata")] string? Metadata,
    [property: JsonPropertyName("DriftInformation")] ResourceDriftInformation DriftInformation);

/// <summary>Output of <c>DescribeStackResource</c>.</summary>
internal sealed record DescribeStackResourceResult([property: JsonPropertyName("StackResourceDetail")] CfnStackResourceDetail StackResourceDetail);

/// <summary>A resource in <c>ListStackResources</c>.</summary>
internal sealed record CfnStackResourceSummary(
    [property: JsonPropertyName("LogicalResourceId")] string LogicalResourceId,
    [property: JsonPropertyName("PhysicalResourceId")] string? PhysicalResourceId,
    [property: JsonPropertyName("ResourceType")] string ResourceType,
    [property: JsonPropertyName("LastUpdatedTimestamp")] string LastUpdatedTimestamp,
    [property: JsonPropertyName("ResourceStatus")] string ResourceStatus,
    [property: JsonPropertyName("ResourceStatusReason")] string? ResourceStatusReason,
    [property: JsonPropertyName("DriftInformation")] ResourceDriftInformation DriftInformation);

/// <summary>Output of <c>ListStackResources</c>.</summary>
internal sealed record ListStackResourcesResult(
    [property: JsonPropertyName("StackResourceSummaries")] IReadOnlyList<CfnStackResourceSummary> StackResourceSummaries,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>Input of <c>ListStacks</c>.</summary>
internal sealed record ListStacksRequest(
    [property: JsonPropertyName("NextToken")] string? NextToken,
    [property: JsonPropertyName("StackStatusFilter")] IReadOnlyList<string>? StackStatusFilter);

/// <summary>A stack in <c>ListStacks</c>.</summary>
internal sealed record CfnStackSummary(
    [property: JsonPropertyName("StackId")] string StackId,
    [property: JsonPropertyName("StackName")] string StackName,
    [property: JsonPropertyName("TemplateDescription")] string? TemplateDescription,
    [property: JsonPropertyName("CreationTime")] string CreationTime,
    [property: JsonPropertyName("LastUpdatedTime")] string? LastUpdatedTime,
    [property: JsonPropertyName("DeletionTime")] string? DeletionTime,
    [property: JsonPropertyName("StackStatus")] string StackStatus,
    [property: JsonPropertyName("StackStatusReason")] string? StackStatusReason,
    [property: JsonPropertyName("DriftInformation")] StackDriftInformation DriftInformation);

/// <summary>Output of <c>ListStacks</c>.</summary>
internal sealed record ListStacksResult(
    [property: JsonPropertyName("StackSummaries")] IReadOnlyList<CfnStackSummary> StackSummaries,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>Input of <c>CreateChangeSet</c>.</summary>
internal sealed record CreateChangeSetRequest(
    [property: JsonPropertyName("StackName")] string? StackName,
    [property: JsonPropertyName("ChangeSetName")] string? ChangeSetName,
    [property: JsonPropertyName("ChangeSetType")] string? ChangeSetType,
    [property: JsonPropertyName("TemplateBody")] string? TemplateBody,
    [property: JsonPropertyName("TemplateURL")] string? TemplateURL,
    [property: JsonPropertyName("UsePreviousTemplate")] bool? UsePreviousTemplate,
    [property: JsonPropertyName("Parameters")] IReadOnlyList<CfnParameter>? Parameters,
    [property: JsonPropertyName("Capabilities")] IReadOnlyList<string>? Capabilities,
    [property: JsonPropertyName("Tags")] IReadOnlyList<CfnTag>? Tags,
    [property: JsonPropertyName("Description")] string? Description,
    [property: JsonPropertyName("ClientToken")] string? ClientToken,
    [property: JsonPropertyName("NotificationARNs")] IReadOnlyList<string>? NotificationARNs,
    [property: JsonPropertyName("RoleARN")] string? RoleARN,
    [property: JsonPropertyName("ResourceTypes")] IReadOnlyList<string>? ResourceTypes,
    [property: JsonPropertyName("ResourcesToImport")] System.Text.Json.Nodes.JsonNode? ResourcesToImport,
    [property: JsonPropertyName("IncludeNestedStacks")] bool? IncludeNestedStacks,
    [property: JsonPropertyName("OnStackFailure")] string? OnStackFailure,
    [property: JsonPropertyName("ImportExistingResources")] bool? ImportExistingResources);

/// <summary>Output of <c>CreateChangeSet</c>.</summary>
internal sealed record CreateChangeSetResult(
    [property: JsonPropertyName("Id")] string Id,
    [property: JsonPropertyName("StackId")] string StackId);

/// <summary>Input of operations on one change set.</summary>
internal sealed record ChangeSetRequest(
    [property: JsonPropertyName("ChangeSetName")] string? ChangeSetName,
    [property: JsonPropertyName("StackName")] string? StackName,
    [property: JsonPropertyName("NextToken")] string? NextToken,
    [property: JsonPropertyName("DisableRollback")] bool? DisableRollback,
    [property: JsonPropertyName("ClientRequestToken")] string? ClientRequestToken,
    [property: JsonPropertyName("IncludePropertyValues")] bool? IncludePropertyValues,
    [property: JsonPropertyName("RetainExceptOnCreate")] bool? RetainExceptOnCreate);

/// <summary>The property a change detail is about.</summary>
internal sealed record CfnResourceTargetDefinition(
    [property: JsonPropertyName("Attribute")] string Attribute,
    [property: JsonPropertyName("Name")] string Name,
    [property: JsonPropertyName("RequiresRecreation")] string RequiresRecreation);

/// <summary>One changed property.</summary>
internal sealed record CfnResourceChangeDetail(
    [property: JsonPropertyName("Target")] CfnResourceTargetDefinition Target,
    [property: JsonPropertyName("Evaluation")] string Evaluation,
    [property: JsonPropertyName("ChangeSource")] string ChangeSource);

/// <summary>What a change set does to one resource.</summary>
internal sealed record CfnResourceChange(
    [property: JsonPropertyName("Action")] string Action,
    [property: JsonPropertyName("LogicalResourceId")] string LogicalResourceId,
    [property: JsonPropertyName("PhysicalResourceId")] string? PhysicalResourceId,
    [property: JsonPropertyName("ResourceType")] string ResourceType,
    [property: JsonPropertyName("Replacement")] string? Replacement,
    [property: JsonPropertyName("Scope")] IReadOnlyList<string> Scope,
    [property: JsonPropertyName("Details")] IReadOnlyList<CfnResourceChangeDetail> Details);

/// <summary>One change of a change set.</summary>
internal sealed record CfnChange(
    [property: JsonPropertyName("Type")] string Type,
    [property: JsonPropertyName("HookInvocationCount")] int? HookInvocationCount,
    [property: JsonPropertyName("ResourceChange")] CfnResourceChange ResourceChange);

/// <summary>Output of <c>DescribeChangeSet</c>.</summary>
internal sealed record DescribeChangeSetResult(
    [property: JsonPropertyName("ChangeSetName")] string ChangeSetName,
    [property: JsonPropertyName("ChangeSetId")] string ChangeSetId,
    [property: JsonPropertyName("StackId")] string StackId,
    [property: JsonPropertyName("StackName")] string StackName,
    [property: JsonPropertyName("Description")] string? Description,
    [property: JsonPropertyName("Parameters")] IReadOnlyList<CfnParameter> Parameters,
    [property: JsonPropertyName("CreationTime")] string CreationTime,
    [property: JsonPropertyName("ExecutionStatus")] string ExecutionStatus,
    [property: JsonPropertyName("Status")] string Status,
    [property: JsonPropertyName("StatusReason")] string? StatusReason,
    [property: JsonPropertyName("NotificationARNs")] IReadOnlyList<string> NotificationARNs,
    [property: JsonPropertyName("Capabilities")] IReadOnlyList<string> Capabilities,
    [property: JsonPropertyName("Tags")] IReadOnlyList<CfnTag> Tags,
    [property: JsonPropertyName("Changes")] IReadOnlyList<CfnChange> Changes,
    [property: JsonPropertyName("NextToken")] string? NextToken,
    [property: JsonPropertyName("IncludeNestedStacks")] bool IncludeNestedStacks);

/// <summary>A change set in <c>ListChangeSets</c>.</summary>
internal sealed record CfnChangeSetSummary(
    [property: JsonPropertyName("StackId")] string StackId,
    [property: JsonPropertyName("StackName")] string StackName,
    [property: JsonPropertyName("ChangeSetId")] string ChangeSetId,
    [property: JsonPropertyName("ChangeSetName")] string ChangeSetName,
    [property: JsonPropertyName("ExecutionStatus")] string ExecutionStatus,
    [property: JsonPropertyName("Status")] string Status,
    [property: JsonPropertyName("StatusReason")] string? StatusReason,
    [property: JsonPropertyName("CreationTime")] string CreationTime,
    [property: JsonPropertyName("Description")] string? Description,
    [property: JsonPropertyName("IncludeNestedStacks")] bool IncludeNestedStacks);

/// <summary>Output of <c>ListChangeSets</c>.</summary>
internal sealed record ListChangeSetsResult(
    [property: JsonPropertyName("Summaries")] IReadOnlyList<CfnChangeSetSummary> Summaries,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>Input of <c>GetTemplate</c>.</summary>
internal sealed record GetTemplateRequest(
    [property: JsonPropertyName("StackName")] string? StackName,
    [property: JsonPropertyName("ChangeSetName")] string? ChangeSetName,
    [property: JsonPropertyName("TemplateStage")] string? TemplateStage);

/// <summary>Output of <c>GetTemplate</c>.</summary>
internal sealed record GetTemplateResult(
    [property: JsonPropertyName("TemplateBody")] string TemplateBody,
    [property: JsonPropertyName("StagesAvailable")] IReadOnlyList<string> StagesAvailable);

/// <summary>Input of <c>GetTemplateSummary</c>.</summary>
internal sealed record GetTemplateSummaryRequest(
    [property: JsonPropertyName("StackName")] string? StackName,
    [property: JsonPropertyName("TemplateBody")] string? TemplateBody,
    [property: JsonPropertyName("TemplateURL")] string? TemplateURL,
    [property: JsonPropertyName("StackSetName")] string? StackSetName);

/// <summary>The allowed values of a parameter.</summary>
internal sealed record CfnParameterConstraints([property: JsonPropertyName("AllowedValues")] IReadOnlyList<string> AllowedValues);

/// <summary>One parameter of <c>GetTemplateSummary</c>'s output.</summary>
internal sealed record ParameterDeclaration(
    [property: JsonPropertyName("ParameterKey")] string ParameterKey,
    [property: JsonPropertyName("DefaultValue")] string? DefaultValue,
    [property: JsonPropertyName("ParameterType")] string ParameterType,
    [property: JsonPropertyName("NoEcho")] bool NoEcho,
    [property: JsonPropertyName("Description")] string? Description,
    [property: JsonPropertyName("ParameterConstraints")] CfnParameterConstraints ParameterConstraints);

/// <summary>The logical ids of one resource type (<c>ResourceIdentifierSummaries</c>).</summary>
internal sealed record ResourceIdentifierSummary(
    [property: JsonPropertyName("ResourceType")] string ResourceType,
    [property: JsonPropertyName("LogicalResourceIds")] IReadOnlyList<string> LogicalResourceIds);

/// <summary>Output of <c>GetTemplateSummary</c>.</summary>
internal sealed record GetTemplateSummaryResult(
    [property: JsonPropertyName("Parameters")] IReadOnlyList<ParameterDeclaration> Parameters,
    [property: JsonPropertyName("Description")] string? Description,
    [property: JsonPropertyName("Capabilities")] IReadOnlyList<string> Capabilities,
    [property: JsonPropertyName("CapabilitiesReason")] string? CapabilitiesReason,
    [property: JsonPropertyName("ResourceTypes")] IReadOnlyList<string> ResourceTypes,
    [property: JsonPropertyName("Version")] string? Version,
    [property: JsonPropertyName("DeclaredTransforms")] IReadOnlyList<string> DeclaredTransforms,
    [property: JsonPropertyName("ResourceIdentifierSummaries")] IReadOnlyList<ResourceIdentifierSummary> ResourceIdentifierSummaries);

/// <summary>Source-generated serialization of every CloudFormation shape (Query leaves arrive as strings).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(LenientBooleanConverter)])]
[JsonSerializable(typeof(EmptyResult))]
[JsonSerializable(typeof(ValidateTemplateRequest))]
[JsonSerializable(typeof(ValidateTemplateResult))]
[JsonSerializable(typeof(CreateStackRequest))]
[JsonSerializable(typeof(StackIdResult))]
[JsonSerializable(typeof(UpdateStackRequest))]
[JsonSerializable(typeof(DeleteStackRequest))]
[JsonSerializable(typeof(StackRequest))]
[JsonSerializable(typeof(DescribeStacksResult))]
[JsonSerializable(typeof(DescribeStackEventsResult))]
[JsonSerializable(typeof(DescribeStackResourcesRequest))]
[JsonSerializable(typeof(DescribeStackResourcesResult))]
[JsonSerializable(typeof(DescribeStackResourceRequest))]
[JsonSerializable(typeof(DescribeStackResourceResult))]
[JsonSerializable(typeof(ListStackResourcesResult))]
[JsonSerializable(typeof(ListStacksRequest))]
[JsonSerializable(typeof(ListStacksResult))]
[JsonSerializable(typeof(CreateChangeSetRequest))]
[JsonSerializable(typeof(CreateChangeSetResult))]
[JsonSerializable(typeof(ChangeSetRequest))]
[JsonSerializable(typeof(DescribeChangeSetResult))]
[JsonSerializable(typeof(ListChangeSetsResult))]
[JsonSerializable(typeof(GetTemplateRequest))]
[JsonSerializable(typeof(GetTemplateResult))]
[JsonSerializable(typeof(GetTemplateSummaryRequest))]
[JsonSerializable(typeof(GetTemplateSummaryResult))]
internal sealed partial class CloudFormationJsonContext : JsonSerializerContext;
