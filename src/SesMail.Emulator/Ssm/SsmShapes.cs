using System.Text.Json.Serialization;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Ssm;

// Parameter Store shapes (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_Operations.html).

/// <summary>A resource tag.</summary>
internal sealed record SsmTag([property: JsonPropertyName("Key")] string? Key, [property: JsonPropertyName("Value")] string? Value);

/// <summary>Input of <c>PutParameter</c>.</summary>
internal sealed record PutParameterRequest(
    [property: JsonPropertyName("Name")] string? Name,
    [property: JsonPropertyName("Description")] string? Description,
    [property: JsonPropertyName("Value")] string? Value,
    [property: JsonPropertyName("Type")] string? Type,
    [property: JsonPropertyName("KeyId")] string? KeyId,
    [property: JsonPropertyName("Overwrite")] bool? Overwrite,
    [property: JsonPropertyName("AllowedPattern")] string? AllowedPattern,
    [property: JsonPropertyName("Tags")] IReadOnlyList<SsmTag>? Tags,
    [property: JsonPropertyName("Tier")] string? Tier,
    [property: JsonPropertyName("DataType")] string? DataType);

/// <summary>Output of <c>PutParameter</c>.</summary>
internal sealed record PutParameterResult([property: JsonPropertyName("Version")] long Version, [property: JsonPropertyName("Tier")] string Tier);

/// <summary>Input of <c>GetParameter</c>.</summary>
internal sealed record GetParameterRequest([property: JsonPropertyName("Name")] string? Name, [property: JsonPropertyName("WithDecryption")] bool? WithDecryption);

/// <summary>A parameter as returned (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_Parameter.html).</summary>
/// <remarks><c>LastModifiedDate</c> is epoch seconds with a fraction, as JSON 1.1 timestamps are.</remarks>
internal sealed record SsmParameter(
    [property: JsonPropertyName("Name")] string Name,
    [property: JsonPropertyName("Type")] string Type,
    [property: JsonPropertyName("Value")] string Value,
    [property: JsonPropertyName("Version")] long Version,
    [property: JsonPropertyName("Selector")] string? Selector,
    [property: JsonPropertyName("LastModifiedDate")] double LastModifiedDate,
    [property: JsonPropertyName("ARN")] string ARN,
    [property: JsonPropertyName("DataType")] string DataType);

/// <summary>Output of <c>GetParameter</c>.</summary>
internal sealed record GetParameterResult([property: JsonPropertyName("Parameter")] SsmParameter Parameter);

/// <summary>Input of <c>GetParameters</c>.</summary>
internal sealed record GetParametersRequest([property: JsonPropertyName("Names")] IReadOnlyList<string>? Names, [property: JsonPropertyName("WithDecryption")] bool? WithDecryption);

/// <summary>Output of <c>GetParameters</c>.</summary>
internal sealed record GetParametersResult(
    [property: JsonPropertyName("Parameters")] IReadOnlyList<SsmParameter> Parameters,
    [property: JsonPropertyName("InvalidParameters")] IReadOnlyList<string> InvalidParameters);

/// <summary>Input of <c>GetParametersByPath</c>.</summary>
internal sealed record GetParametersByPathRequest(
    [property: JsonPropertyName("Path")] string? Path,
    [property: JsonPropertyName("Recursive")] bool? Recursive,
    [property: JsonPropertyName("WithDecryption")] bool? WithDecryption,
    [property: JsonPropertyName("MaxResults")] int? MaxResults,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>Output of <c>GetParametersByPath</c>.</summary>
internal sealed record GetParametersByPathResult(
    [property: JsonPropertyName("Parameters")] IReadOnlyList<SsmParameter> Parameters,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>Input of <c>DeleteParameter</c>.</summary>
internal sealed record DeleteParameterRequest([property: JsonPropertyName("Name")] string? Name);

/// <summary>Input of <c>DeleteParameters</c>.</summary>
internal sealed record DeleteParametersRequest([property: JsonPropertyName("Names")] IReadOnlyList<string>? Names);

/// <summary>Output of <c>DeleteParameters</c>.</summary>
internal sealed record DeleteParametersResult(
    [property: JsonPropertyName("DeletedParameters")] IReadOnlyList<string> DeletedParameters,
    [property: JsonPropertyName("InvalidParameters")] IReadOnlyList<string> InvalidParameters);

/// <summary>A <c>ParameterFilters</c> entry of <c>DescribeParameters</c> (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_ParameterStringFilter.html).</summary>
internal sealed record SsmParameterStringFilter(
    [property: JsonPropertyName("Key")] string? Key,
    [property: JsonPropertyName("Option")] string? Option,
    [property: JsonPropertyName("Values")] IReadOnlyList<string>? Values);

/// <summary>A legacy <c>Filters</c> entry of <c>DescribeParameters</c> (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_ParametersFilter.html).</summary>
internal sealed record SsmParametersFilter(
    [property: JsonPropertyName("Key")] string? Key,
    [property: JsonPropertyName("Values")] IReadOnlyList<string>? Values);

/// <summary>Input of <c>DescribeParameters</c>.</summary>
internal sealed record DescribeParametersRequest(
    [property: JsonPropertyName("Filters")] IReadOnlyList<SsmParametersFilter>? Filters,
    [property: JsonPropertyName("ParameterFilters")] IReadOnlyList<SsmParameterStringFilter>? ParameterFilters,
    [property: JsonPropertyName("MaxResults")] int? MaxResults,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>A parameter's metadata, without its value (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_ParameterMetadata.html).</summary>
internal sealed record SsmParameterMetadata(
    [property: JsonPropertyName("Name")] string Name,
    [property: JsonPropertyName("ARN")] string ARN,
    [property: JsonPropertyName("Type")] string Type,
    [property: JsonPropertyName("KeyId")] string? KeyId,
    [property: JsonPropertyName("LastModifiedDate")] double LastModifiedDate,
    [property: JsonPropertyName("LastModifiedUser")] string LastModifiedUser,
    [property: JsonPropertyName("Description")] string? Description,
    [property: JsonPropertyName("AllowedPattern")] string? AllowedPattern,
    [property: JsonPropertyName("Version")] long Version,
    [property: JsonPropertyName("Tier")] string Tier,
    [property: JsonPropertyName("Policies")] IReadOnlyList<string> Policies,
    [property: JsonPropertyName("DataType")] string DataType);

/// <summary>Output of <c>DescribeParameters</c>.</summary>
internal sealed record DescribeParametersResult(
    [property: JsonPropertyName("Parameters")] IReadOnlyList<SsmParameterMetadata> Parameters,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>Input of <c>GetParameterHistory</c>.</summary>
internal sealed record GetParameterHistoryRequest(
    [property: JsonPropertyName("Name")] string? Name,
    [property: JsonPropertyName("WithDecryption")] bool? WithDecryption,
    [property: JsonPropertyName("MaxResults")] int? MaxResults,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>One version in <c>GetParameterHistory</c> (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_ParameterHistory.html).</summary>
internal sealed record SsmParameterHistoryEntry(
    [property: JsonPropertyName("Name")] string Name,
    [property: JsonPropertyName("Type")] string Type,
    [property: JsonPropertyName("KeyId")] string? KeyId,
    [property: JsonPropertyName("LastModifiedDate")] double LastModifiedDate,
    [property: JsonPropertyName("LastModifiedUser")] string LastModifiedUser,
    [property: JsonPropertyName("Description")] string? Description,
    [property: JsonPropertyName("Value")] string Value,
    [property: JsonPropertyName("AllowedPattern")] string? AllowedPattern,
    [property: JsonPropertyName("Version")] long Version,
    [property: JsonPropertyName("Labels")] IReadOnlyList<string> Labels,
    [property: JsonPropertyName("Tier")] string Tier,
    [property: JsonPropertyName("Policies")] IReadOnlyList<string> Policies,
    [property: JsonPropertyName("DataType")] string DataType);

/// <summary>Output of <c>GetParameterHistory</c>.</summary>
internal sealed record GetParameterHistoryResult(
    [property: JsonPropertyName("Parameters")] IReadOnlyList<SsmParameterHistoryEntry> Parameters,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>Source-generated serialization of every SSM shape.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.AllowReadingFromString, Converters = [typeof(LenientBooleanConverter)])]
[JsonSerializable(typeof(EmptyResult))]
[JsonSerializable(typeof(PutParameterRequest))]
[JsonSerializable(typeof(PutParameterResult))]
[JsonSerializable(typeof(GetParameterRequest))]
[JsonSerializable(typeof(GetParameterResult))]
[JsonSerializable(typeof(GetParametersRequest))]
[JsonSerializable(typeof(GetParametersResult))]
[JsonSerializable(typeof(GetParametersByPathRequest))]
[JsonSerializable(typeof(GetParametersByPathResult))]
[JsonSerializable(typeof(DeleteParameterRequest))]
[JsonSerializable(typeof(DeleteParametersRequest))]
[JsonSerializable(typeof(DeleteParametersResult))]
[JsonSerializable(typeof(DescribeParametersRequest))]
[JsonSerializable(typeof(DescribeParametersResult))]
[JsonSerializable(typeof(GetParameterHistoryRequest))]
[JsonSerializable(typeof(GetParameterHistoryResult))]
internal sealed partial class SsmJsonContext : JsonSerializerContext;
