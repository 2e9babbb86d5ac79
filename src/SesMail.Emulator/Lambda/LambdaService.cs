using System.Text.Json.Nodes;
using SesMail.Emulator.Hosting;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Lambda;

/// <summary>
/// Binds <see cref="LambdaProvider"/> to REST-JSON (signing name <c>lambda</c>, paths of API version
/// <c>2015-03-31</c>): https://docs.aws.amazon.com/lambda/latest/api/API_Operations.html.
/// </summary>
internal sealed class LambdaService(LambdaProvider provider) : IRestJsonService
{
    private const string Functions = "/2015-03-31/functions";
    private const string Mappings = "/2015-03-31/event-source-mappings";

    /// <inheritdoc />
    public string SigningName => "lambda";

    /// <inheritdoc />
    public IReadOnlyList<RestJsonRoute> Routes { get; } =
    [
        new("POST", Functions, "CreateFunction"),
        new("GET", Functions, "ListFunctions"),
        new("GET", $"{Functions}/{{FunctionName}}", "GetFunction"),
        new("DELETE", $"{Functions}/{{FunctionName}}", "DeleteFunction"),
        new("GET", $"{Functions}/{{FunctionName}}/configuration", "GetFunctionConfiguration"),
        new("PUT", $"{Functions}/{{FunctionName}}/configuration", "UpdateFunctionConfiguration"),
        new("PUT", $"{Functions}/{{FunctionName}}/code", "UpdateFunctionCode"),
        new("POST", $"{Functions}/{{FunctionName}}/invocations", "Invoke"),
        new("POST", $"{Functions}/{{FunctionName}}/policy", "AddPermission"),
        new("GET", $"{Functions}/{{FunctionName}}/policy", "GetPolicy"),
        new("DELETE", $"{Functions}/{{FunctionName}}/policy/{{StatementId}}", "RemovePermission"),
        new("POST", Mappings, "CreateEventSourceMapping"),
        new("GET", Mappings, "ListEventSourceMappings"),
        new("GET", $"{Mappings}/{{UUID}}", "GetEventSourceMapping"),
        new("PUT", $"{Mappings}/{{UUID}}", "UpdateEventSourceMapping"),
        new("DELETE", $"{Mappings}/{{UUID}}", "DeleteEventSourceMapping"),
    ];

    /// <inheritdoc />
    public async ValueTask<RestJsonResponse> InvokeAsync(string operation, RestJsonRequest request, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var json = LambdaJsonContext.Default;
        const string invalid = "InvalidParameterValueException";
        if (operation == "Invoke")
        {
            return await InvokeFunctionAsync(request, context, cancellationToken).ConfigureAwait(false);
        }

        var input = request.Input();
        return operation switch
        {
            "CreateFunction" => RestJsonResponse.Json(await AwsOperation.Invoke(input, json.CreateFunctionRequest, json.FunctionConfiguration, r => provider.CreateFunction(r, context), invalid).ConfigureAwait(false), 201),
            "ListFunctions" => RestJsonResponse.Json(await AwsOperation.Invoke(input, json.ListFunctionsRequest, json.ListFunctionsResult, r => provider.ListFunctions(r, context), invalid).ConfigureAwait(false)),
            "GetFunction" => RestJsonResponse.Json(await AwsOperation.Invoke(input, json.FunctionRequest, json.GetFunctionResult, r => provider.GetFunction(r, context), invalid).ConfigureAwait(false)),
            "GetFunctionConfiguration" => RestJsonResponse.Json(await AwsOperation.Invoke(input, json.FunctionRequest, json.FunctionConfiguration, r => provider.GetFunctionConfiguration(r, context), invalid).ConfigureAwait(false)),
            "UpdateFunctionCode" => RestJsonResponse.Json(await AwsOperation.Invoke(input, json.UpdateFunctionCodeRequest, json.FunctionConfiguration, r => provider.UpdateFunctionCode(r, context), invalid).ConfigureAwait(false)),
            "UpdateFunctionConfiguration" => RestJsonResponse.Json(await AwsOperation.Invoke(input, json.UpdateFunctionConfigurationRequest, json.FunctionConfiguration, r => provider.UpdateFunctionConfiguration(r, context), invalid).ConfigureAwait(false)),
            "DeleteFunction" => await Empty(AwsOperation.Invoke(input, json.FunctionRequest, json.EmptyResult, r => { provider.DeleteFunction(r, context); return EmptyResult.Instance; }, invalid), 204).ConfigureAwait(false),
            "AddPermission" => RestJsonResponse.Json(await AwsOperation.Invoke(input, json.AddPermissionRequest, json.AddPermissionResult, r => provider.AddPermission(r, context), invalid).ConfigureAwait(false), 201),
            "GetPolicy" => RestJsonResponse.Json(await AwsOperation.Invoke(input, json.FunctionRequest, json.GetPolicyResult, r => provider.GetPolicy(r, context), invalid).ConfigureAwait(false)),
            "RemovePermission" => await Empty(AwsOperation.Invoke(input, json.RemovePermissionRequest, json.EmptyResult, r => { provider.RemovePermission(r, context); return EmptyResult.Instance; }, invalid), 204).ConfigureAwait(false),
            "CreateEventSourceMapping" => RestJsonResponse.Json(await AwsOperation.Invoke(input, json.EventSourceMappingRequest, json.EventSourceMappingConfiguration, r => provider.CreateEventSourceMapping(r, context), invalid).ConfigureAwait(false), 202),
            "ListEventSourceMappings" => RestJsonResponse.Json(await AwsOperation.Invoke(input, json.ListEventSourceMappingsRequest, json.ListEventSourceMappingsResult, r => provider.ListEventSourceMappings(r, context), invalid).ConfigureAwait(false)),
            "GetEventSourceMapping" => RestJsonResponse.Json(await AwsOperation.Invoke(input, json.EventSourceMappingIdRequest, json.EventSourceMappingConfiguration, provider.GetEventSourceMapping, invalid).ConfigureAwait(false)),
            "UpdateEventSourceMapping" => RestJsonResponse.Json(await AwsOperation.Invoke(input, json.EventSourceMappingRequest, json.EventSourceMappingConfiguration, r => provider.UpdateEventSourceMapping(r, context), invalid).ConfigureAwait(false), 202),
            "DeleteEventSourceMapping" => RestJsonResponse.Json(await AwsOperation.Invoke(input, json.EventSourceMappingIdRequest, json.EventSourceMappingConfiguration, provider.DeleteEventSourceMapping, invalid).ConfigureAwait(false), 202),
            _ => throw AwsServiceException.Common.UnknownOperation("UnknownOperationException", operation),
        };
    }

    private static async Task<RestJsonResponse> Empty(ValueTask<JsonNode?> call, int status)
    {
        await call.ConfigureAwait(false);
        return RestJsonResponse.Empty(status);
    }

    /// <summary><c>Invoke</c>: the body is the raw event and the response the raw result, with Lambda's headers.</summary>
    private async Task<RestJsonResponse> InvokeFunctionAsync(RestJsonRequest request, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var headers = request.Headers;
        var logType = headers.GetValueOrDefault("X-Amz-Log-Type") ?? "None";
        if (logType is not ("None" or "Tail"))
        {
            throw LambdaErrors.Validation("logType", logType, "Member must satisfy enum value set: [Tail, None]");
        }

        var (status, result) = await provider.InvokeAsync(
            request.PathParameters["FunctionName"],
            request.Query.GetValueOrDefault("Qualifier"),
            headers.GetValueOrDefault("X-Amz-Invocation-Type"),
            request.Body,
            context.TraceHeader ?? headers.GetValueOrDefault("X-Amzn-Trace-Id"),
            headers.GetValueOrDefault("X-Amz-Client-Context"),
            context,
            cancellationToken).ConfigureAwait(false);
        if (result is null)
        {
            return RestJsonResponse.Empty(status);
        }

        var responseHeaders = new Dictionary<string, string>(StringComparer.Ordinal) { ["X-Amz-Executed-Version"] = "$LATEST" };
        if (result.ErrorType is not null)
        {
            responseHeaders["X-Amz-Function-Error"] = "Unhandled";
        }

        if (logType == "Tail")
        {
            responseHeaders["X-Amz-Log-Result"] = result.LogTail;
        }

        return new RestJsonResponse(status, result.Payload, "application/json", responseHeaders);
    }
}

/// <summary>The emulator's <see cref="ILambdaInvoker"/>: every in-process caller goes through the Lambda service's <c>Invoke</c>.</summary>
internal sealed class LambdaInvoker(LambdaProvider provider, EmulatorOptions options) : ILambdaInvoker
{
    /// <inheritdoc />
    public async Task<LambdaInvocationResult> InvokeAsync(LambdaInvocationRequest request, CancellationToken cancellationToken)
    {
        var parts = request.FunctionName.Split(':');
        var region = parts is ["arn", _, "lambda", var r, ..] ? r : options.DefaultRegion;
        var account = parts is ["arn", _, "lambda", _, var a, ..] ? a : options.AccountId;
        var context = new AwsRequestContext(region, account, Guid.NewGuid().ToString(), string.Empty, null);
        var (status, result) = await provider.InvokeAsync(
            request.FunctionName, null, request.InvocationType.ToString(), request.Payload, request.TraceHeader, null, context, cancellationToken).ConfigureAwait(false);
        return new LambdaInvocationResult(status, result?.Payload ?? ReadOnlyMemory<byte>.Empty, result?.ErrorType is null ? null : "Unhandled", result?.RequestId ?? context.RequestId, result?.TraceHeader);
    }
}
