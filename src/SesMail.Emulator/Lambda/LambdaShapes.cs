using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Lambda;

// Lambda API shapes (https://docs.aws.amazon.com/lambda/latest/api/API_Operations.html), member names as AWS spells
// them. Blobs (ZipFile) travel as base64; LastModified of a function is ISO-8601 text, of a mapping epoch seconds.

/// <summary>A function's code location (https://docs.aws.amazon.com/lambda/latest/api/API_FunctionCode.html).</summary>
internal sealed record FunctionCode(
    [property: JsonPropertyName("ZipFile")] byte[]? ZipFile,
    [property: JsonPropertyName("S3Bucket")] string? S3Bucket,
    [property: JsonPropertyName("S3Key")] string? S3Key,
    [property: JsonPropertyName("S3ObjectVersion")] string? S3ObjectVersion,
    [property: JsonPropertyName("ImageUri")] string? ImageUri);

/// <summary>Environment variables of a function.</summary>
internal sealed record FunctionEnvironment([property: JsonPropertyName("Variables")] IReadOnlyDictionary<string, string>? Variables);

/// <summary>X-Ray tracing mode: <c>Active</c> or <c>PassThrough</c>.</summary>
internal sealed record TracingConfig([property: JsonPropertyName("Mode")] string? Mode);

/// <summary>Ephemeral storage in MB.</summary>
internal sealed record EphemeralStorage([property: JsonPropertyName("Size")] int Size);

/// <summary>Where the function's logs go.</summary>
internal sealed record LoggingConfig(
    [property: JsonPropertyName("LogFormat")] string? LogFormat,
    [property: JsonPropertyName("LogGroup")] string? LogGroup);

/// <summary>A VPC attachment (only an empty one is accepted).</summary>
internal sealed record VpcConfig(
    [property: JsonPropertyName("SubnetIds")] IReadOnlyList<string>? SubnetIds,
    [property: JsonPropertyName("SecurityGroupIds")] IReadOnlyList<string>? SecurityGroupIds);

/// <summary>Input of <c>CreateFunction</c> (https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html).</summary>
internal sealed record CreateFunctionRequest(
    [property: JsonPropertyName("FunctionName")] string? FunctionName,
    [property: JsonPropertyName("Runtime")] string? Runtime,
    [property: JsonPropertyName("Role")] string? Role,
    [property: JsonPropertyName("Handler")] string? Handler,
    [property: JsonPropertyName("Code")] FunctionCode? Code,
    [property: JsonPropertyName("Description")] string? Description,
    [property: JsonPropertyName("Timeout")] int? Timeout,
    [property: JsonPropertyName("MemorySize")] int? MemorySize,
    [property: JsonPropertyName("Publish")] bool? Publish,
    [property: JsonPropertyName("PackageType")] string? PackageType,
    [property: JsonPropertyName("Environment")] FunctionEnvironment? Environment,
    [property: JsonPropertyName("TracingConfig")] TracingConfig? TracingConfig,
    [property: JsonPropertyName("Architectures")] IReadOnlyList<string>? Architectures,
    [property: JsonPropertyName("Tags")] IReadOnlyDictionary<string, string>? Tags,
    [property: JsonPropertyName("Layers")] IReadOnlyList<string>? Layers,
    [property: JsonPropertyName("VpcConfig")] VpcConfig? VpcConfig,
    [property: JsonPropertyName("EphemeralStorage")] EphemeralStorage? EphemeralStorage,
    [property: JsonPropertyName("LoggingConfig")] LoggingConfig? LoggingConfig,
    [property: JsonPropertyName("KMSKeyArn")] string? KMSKeyArn,
    [property: JsonPropertyName("FileSystemConfigs")] JsonArray? FileSystemConfigs,
    [property: JsonPropertyName("ImageConfig")] JsonObject? ImageConfig);

/// <summary>The environment as a function reports it.</summary>
internal sealed record EnvironmentResponse([property: JsonPropertyName("Variables")] IReadOnlyDictionary<string, string> Variables);

/// <summary>A function's configuration (https://docs.aws.amazon.com/lambda/latest/api/API_FunctionConfiguration.html).</summary>
internal sealed record FunctionConfiguration(
    [property: JsonPropertyName("FunctionName")] string FunctionName,
    [property: JsonPropertyName("FunctionArn")] string FunctionArn,
    [property: JsonPropertyName("Runtime")] string Runtime,
    [property: JsonPropertyName("Role")] string Role,
    [property: JsonPropertyName("Handler")] string Handler,
    [property: JsonPropertyName("CodeSize")] long CodeSize,
    [property: JsonPropertyName("Description")] string Description,
    [property: JsonPropertyName("Timeout")] int Timeout,
    [property: JsonPropertyName("MemorySize")] int MemorySize,
    [property: JsonPropertyName("LastModified")] string LastModified,
    [property: JsonPropertyName("CodeSha256")] string CodeSha256,
    [property: JsonPropertyName("Version")] string Version,
    [property: JsonPropertyName("Environment")] EnvironmentResponse? Environment,
    [property: JsonPropertyName("TracingConfig")] TracingConfig TracingConfig,
    [property: JsonPropertyName("RevisionId")] string RevisionId,
    [property: JsonPropertyName("State")] string State,
    [property: JsonPropertyName("LastUpdateStatus")] string LastUpdateStatus,
    [property: JsonPropertyName("PackageType")] string PackageType,
    [property: JsonPropertyName("Architectures")] IReadOnlyList<string> Architectures,
    [property: JsonPropertyName("EphemeralStorage")] EphemeralStorage EphemeralStorage,
    [property: JsonPropertyName("LoggingConfig")] LoggingConfig LoggingConfig);

/// <summary>Where <c>GetFunction</c> says the code can be downloaded.</summary>
internal sealed record FunctionCodeLocation(
    [property: JsonPropertyName("RepositoryType")] string RepositoryType,
    [property: JsonPropertyName("Location")] string Location);

/// <summary>Output of <c>GetFunction</c>.</summary>
internal sealed record GetFunctionResult(
    [property: JsonPropertyName("Configuration")] FunctionConfiguration Configuration,
    [property: JsonPropertyName("Code")] FunctionCodeLocation Code,
    [property: JsonPropertyName("Tags")] IReadOnlyDictionary<string, string>? Tags);

/// <summary>Input of operations that name a function (<c>GetFunction</c>, <c>DeleteFunction</c>, <c>GetPolicy</c>, …).</summary>
internal sealed record FunctionRequest(
    [property: JsonPropertyName("FunctionName")] string? FunctionName,
    [property: JsonPropertyName("Qualifier")] string? Qualifier);

/// <summary>Input of <c>ListFunctions</c>.</summary>
internal sealed record ListFunctionsRequest(
    [property: JsonPropertyName("Marker")] string? Marker,
    [property: JsonPropertyName("MaxItems")] int? MaxItems,
    [property: JsonPropertyName("FunctionVersion")] string? FunctionVersion,
    [property: JsonPropertyName("MasterRegion")] string? MasterRegion);

/// <summary>Output of <c>ListFunctions</c>.</summary>
internal sealed record ListFunctionsResult(
    [property: JsonPropertyName("Functions")] IReadOnlyList<FunctionConfiguration> Functions,
    [property: JsonPropertyName("NextMarker")] string? NextMarker);

/// <summary>Input of <c>UpdateFunctionCode</c>.</summary>
internal sealed record UpdateFunctionCodeRequest(
    [property: JsonPropertyName("FunctionName")] string? FunctionName,
    [property: JsonPropertyName("ZipFile")] byte[]? ZipFile,
    [property: JsonPropertyName("S3Bucket")] string? S3Bucket,
    [property: JsonPropertyName("S3Key")] string? S3Key,
    [property: JsonPropertyName("S3ObjectVersion")] string? S3ObjectVersion,
    [property: JsonPropertyName("ImageUri")] string? ImageUri,
    [property: JsonPropertyName("Publish")] bool? Publish,
    [property: JsonPropertyName("DryRun")] bool? DryRun,
    [property: JsonPropertyName("RevisionId")] string? RevisionId,
    [property: JsonPropertyName("Architectures")] IReadOnlyList<string>? Architectures);

/// <summary>Input of <c>UpdateFunctionConfiguration</c>.</summary>
internal sealed record UpdateFunctionConfigurationRequest(
    [property: JsonPropertyName("FunctionName")] string? FunctionName,
    [property: JsonPropertyName("Role")] string? Role,
    [property: JsonPropertyName("Handler")] string? Handler,
    [property: JsonPropertyName("Description")] string? Description,
    [property: JsonPropertyName("Timeout")] int? Timeout,
    [property: JsonPropertyName("MemorySize")] int? MemorySize,
    [property: JsonPropertyName("Environment")] FunctionEnvironment? Environment,
    [property: JsonPropertyName("Runtime")] string? Runtime,
    [property: JsonPropertyName("TracingConfig")] TracingConfig? TracingConfig,
    [property: JsonPropertyName("RevisionId")] string? RevisionId,
    [property: JsonPropertyName("Layers")] IReadOnlyList<string>? Layers,
    [property: JsonPropertyName("VpcConfig")] VpcConfig? VpcConfig,
    [property: JsonPropertyName("EphemeralStorage")] EphemeralStorage? EphemeralStorage,
    [property: JsonPropertyName("LoggingConfig")] LoggingConfig? LoggingConfig);

/// <summary>Input of <c>AddPermission</c> (https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html).</summary>
internal sealed record AddPermissionRequest(
    [property: JsonPropertyName("FunctionName")] string? FunctionName,
    [property: JsonPropertyName("StatementId")] string? StatementId,
    [property: JsonPropertyName("Action")] string? Action,
    [property: JsonPropertyName("Principal")] string? Principal,
    [property: JsonPropertyName("SourceArn")] string? SourceArn,
    [property: JsonPropertyName("SourceAccount")] string? SourceAccount,
    [property: JsonPropertyName("EventSourceToken")] string? EventSourceToken,
    [property: JsonPropertyName("PrincipalOrgID")] string? PrincipalOrgID,
    [property: JsonPropertyName("FunctionUrlAuthType")] string? FunctionUrlAuthType,
    [property: JsonPropertyName("Qualifier")] string? Qualifier,
    [property: JsonPropertyName("RevisionId")] string? RevisionId);

/// <summary>Output of <c>AddPermission</c>: the statement added, as JSON text.</summary>
internal sealed record AddPermissionResult([property: JsonPropertyName("Statement")] string Statement);

/// <summary>Input of <c>RemovePermission</c>.</summary>
internal sealed record RemovePermissionRequest(
    [property: JsonPropertyName("FunctionName")] string? FunctionName,
    [property: JsonPropertyName("StatementId")] string? StatementId,
    [property: JsonPropertyName("Qualifier")] string? Qualifier,
    [property: JsonPropertyName("RevisionId")] string? RevisionId);

/// <summary>Output of <c>GetPolicy</c>: the resource-based policy as JSON text.</summary>
internal sealed record GetPolicyResult(
    [property: JsonPropertyName("Policy")] string Policy,
    [property: JsonPropertyName("RevisionId")] string RevisionId);

/// <summary>One filter of <c>FilterCriteria</c>: an EventBridge pattern as JSON text.</summary>
internal sealed record EventSourceFilter([property: JsonPropertyName("Pattern")] string? Pattern);

/// <summary>Which records reach the function (https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html).</summary>
internal sealed record FilterCriteria([property: JsonPropertyName("Filters")] IReadOnlyList<EventSourceFilter>? Filters);

/// <summary>SQS pollers' concurrency.</summary>
internal sealed record ScalingConfig([property: JsonPropertyName("MaximumConcurrency")] int? MaximumConcurrency);

/// <summary>Where failed stream batches are reported (only accepted empty).</summary>
internal sealed record DestinationConfig(
    [property: JsonPropertyName("OnSuccess")] JsonObject? OnSuccess,
    [property: JsonPropertyName("OnFailure")] JsonObject? OnFailure);

/// <summary>Input of <c>CreateEventSourceMapping</c> and <c>UpdateEventSourceMapping</c> (https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html).</summary>
internal sealed record EventSourceMappingRequest(
    [property: JsonPropertyName("UUID")] string? UUID,
    [property: JsonPropertyName("EventSourceArn")] string? EventSourceArn,
    [property: JsonPropertyName("FunctionName")] string? FunctionName,
    [property: JsonPropertyName("Enabled")] bool? Enabled,
    [property: JsonPropertyName("BatchSize")] int? BatchSize,
    [property: JsonPropertyName("MaximumBatchingWindowInSeconds")] int? MaximumBatchingWindowInSeconds,
    [property: JsonPropertyName("FilterCriteria")] FilterCriteria? FilterCriteria,
    [property: JsonPropertyName("StartingPosition")] string? StartingPosition,
    [property: JsonPropertyName("StartingPositionTimestamp")] double? StartingPositionTimestamp,
    [property: JsonPropertyName("ParallelizationFactor")] int? ParallelizationFactor,
    [property: JsonPropertyName("MaximumRecordAgeInSeconds")] int? MaximumRecordAgeInSeconds,
    [property: JsonPropertyName("BisectBatchOnFunctionError")] bool? BisectBatchOnFunctionError,
    [property: JsonPropertyName("MaximumRetryAttempts")] int? MaximumRetryAttempts,
    [property: JsonPropertyName("TumblingWindowInSeconds")] int? TumblingWindowInSeconds,
    [property: JsonPropertyName("FunctionResponseTypes")] IReadOnlyList<string>? FunctionResponseTypes,
    [property: JsonPropertyName("ScalingConfig")] ScalingConfig? ScalingConfig,
    [property: JsonPropertyName("DestinationConfig")] DestinationConfig? DestinationConfig,
    [property: JsonPropertyName("Topics")] IReadOnlyList<string>? Topics,
    [property: JsonPropertyName("Queues")] IReadOnlyList<string>? Queues,
    [property: JsonPropertyName("Tags")] IReadOnlyDictionary<string, string>? Tags);

/// <summary>A mapping as the API returns it (https://docs.aws.amazon.com/lambda/latest/api/API_EventSourceMappingConfiguration.html).</summary>
internal sealed record EventSourceMappingConfiguration(
    [property: JsonPropertyName("UUID")] string UUID,
    [property: JsonPropertyName("EventSourceMappingArn")] string EventSourceMappingArn,
    [property: JsonPropertyName("EventSourceArn")] string EventSourceArn,
    [property: JsonPropertyName("FunctionArn")] string FunctionArn,
    [property: JsonPropertyName("BatchSize")] int BatchSize,
    [property: JsonPropertyName("MaximumBatchingWindowInSeconds")] int MaximumBatchingWindowInSeconds,
    [property: JsonPropertyName("FilterCriteria")] FilterCriteria? FilterCriteria,
    [property: JsonPropertyName("StartingPosition")] string? StartingPosition,
    [property: JsonPropertyName("StartingPositionTimestamp")] double? StartingPositionTimestamp,
    [property: JsonPropertyName("ParallelizationFactor")] int? ParallelizationFactor,
    [property: JsonPropertyName("MaximumRecordAgeInSeconds")] int? MaximumRecordAgeInSeconds,
    [property: JsonPropertyName("BisectBatchOnFunctionError")] bool? BisectBatchOnFunctionError,
    [property: JsonPropertyName("MaximumRetryAttempts")] int? MaximumRetryAttempts,
    [property: JsonPropertyName("FunctionResponseTypes")] IReadOnlyList<string> FunctionResponseTypes,
    [property: JsonPropertyName("ScalingConfig")] ScalingConfig? ScalingConfig,
    [property: JsonPropertyName("State")] string State,
    [property: JsonPropertyName("StateTransitionReason")] string StateTransitionReason,
    [property: JsonPropertyName("LastModified")] double LastModified,
    [property: JsonPropertyName("LastProcessingResult")] string LastProcessingResult);

/// <summary>Input of <c>ListEventSourceMappings</c>.</summary>
internal sealed record ListEventSourceMappingsRequest(
    [property: JsonPropertyName("EventSourceArn")] string? EventSourceArn,
    [property: JsonPropertyName("FunctionName")] string? FunctionName,
    [property: JsonPropertyName("Marker")] string? Marker,
    [property: JsonPropertyName("MaxItems")] int? MaxItems);

/// <summary>Output of <c>ListEventSourceMappings</c>.</summary>
internal sealed record ListEventSourceMappingsResult(
    [property: JsonPropertyName("EventSourceMappings")] IReadOnlyList<EventSourceMappingConfiguration> EventSourceMappings,
    [property: JsonPropertyName("NextMarker")] string? NextMarker);

/// <summary>Input of <c>GetEventSourceMapping</c> and <c>DeleteEventSourceMapping</c>.</summary>
internal sealed record EventSourceMappingIdRequest([property: JsonPropertyName("UUID")] string? UUID);

/// <summary>Source-generated serialization of every Lambda wire shape (query and header members arrive as strings).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(LenientBooleanConverter)])]
[JsonSerializable(typeof(CreateFunctionRequest))]
[JsonSerializable(typeof(FunctionConfiguration))]
[JsonSerializable(typeof(GetFunctionResult))]
[JsonSerializable(typeof(FunctionRequest))]
[JsonSerializable(typeof(ListFunctionsRequest))]
[JsonSerializable(typeof(ListFunctionsResult))]
[JsonSerializable(typeof(UpdateFunctionCodeRequest))]
[JsonSerializable(typeof(UpdateFunctionConfigurationRequest))]
[JsonSerializable(typeof(AddPermissionRequest))]
[JsonSerializable(typeof(AddPermissionResult))]
[JsonSerializable(typeof(RemovePermissionRequest))]
[JsonSerializable(typeof(GetPolicyResult))]
[JsonSerializable(typeof(EventSourceMappingRequest))]
[JsonSerializable(typeof(EventSourceMappingConfiguration))]
[JsonSerializable(typeof(ListEventSourceMappingsRequest))]
[JsonSerializable(typeof(ListEventSourceMappingsResult))]
[JsonSerializable(typeof(EventSourceMappingIdRequest))]
[JsonSerializable(typeof(EmptyResult))]
internal sealed partial class LambdaJsonContext : JsonSerializerContext;
