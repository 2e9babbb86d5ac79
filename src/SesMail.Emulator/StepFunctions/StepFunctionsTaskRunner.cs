using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SesMail.Emulator.CloudWatch;
using SesMail.Emulator.Lambda;
using SesMail.Emulator.Protocols;
using SesMail.Emulator.StepFunctions.Asl;

namespace SesMail.Emulator.StepFunctions;

/// <summary>
/// Runs Task states for the emulator's Step Functions: Lambda through <see cref="ILambdaInvoker"/> (the optimized
/// <c>arn:aws:states:::lambda:invoke</c> integration and the bare function ARN), and AWS SDK integrations through
/// <see cref="InProcessAwsCaller"/> (https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html,
/// https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html).
/// </summary>
/// <remarks>
/// Errors: a function error is named by the function's <c>errorType</c> (<c>Lambda.Unknown</c> when it has none);
/// an <c>Invoke</c> failure is <c>Lambda.{Code}</c> (<c>Lambda.ServiceException</c>,
/// <c>Lambda.TooManyRequestsException</c>, <c>Lambda.ResourceNotFoundException</c>); an SDK integration error is
/// <c>{Service}.{Code}</c> with the <c>Exception</c> suffix Step Functions always adds
/// (<c>Sqs.QueueDoesNotExistException</c>). SDK integration parameters are PascalCase; for <c>sfn</c>, whose API is
/// camelCase, member names are converted both ways.
/// </remarks>
internal sealed class StepFunctionsTaskRunner(InProcessAwsCaller aws, IMetricPublisher metrics, TimeProvider time, IServiceProvider services) : IAslTaskRunner
{
    /// <summary>
    /// Resolved at first use, not injected: the Lambda service reads every service binding (its event source catalog),
    /// Step Functions' among them, so injecting it would make the container build Step Functions from within itself.
    /// </summary>
    private ILambdaInvoker Lambda => services.GetRequiredService<ILambdaInvoker>();

    /// <inheritdoc />
    public Task<JsonNode?> RunAsync(AslTaskRequest request, CancellationToken cancellationToken) => request.Resource.Kind switch
    {
        TaskResourceKind.LambdaInvoke => InvokeLambdaAsync(request, cancellationToken),
        TaskResourceKind.LambdaFunction => InvokeFunctionAsync(request, cancellationToken),
        TaskResourceKind.AwsSdk => CallServiceAsync(request, cancellationToken),
        _ => throw AslRuntimeException.Runtime($"The resource '{request.Resource.ResourceName}' cannot run here."),
    };

    private async Task<JsonNode?> InvokeLambdaAsync(AslTaskRequest request, CancellationToken cancellationToken)
    {
        if (request.Parameters is not JsonObject parameters || JsonValues.AsString(parameters["FunctionName"]) is not { } functionName)
        {
            throw new AslRuntimeException("States.Runtime", "The lambda:invoke task needs Parameters (or Arguments) with a FunctionName string.");
        }

        var qualifier = JsonValues.AsString(parameters["Qualifier"]);
        var invocationType = JsonValues.AsString(parameters["InvocationType"]) ?? "RequestResponse";
        var type = invocationType switch
        {
            "RequestResponse" => LambdaInvocationType.RequestResponse,
            "Event" => LambdaInvocationType.Event,
            "DryRun" => LambdaInvocationType.DryRun,
            _ => throw new AslRuntimeException("Lambda.InvalidParameterValueException", $"InvocationType '{invocationType}' is not RequestResponse, Event or DryRun."),
        };
        var payload = parameters.TryGetPropertyValue("Payload", out var given) ? given : new JsonObject();
        var result = await InvokeAsync(qualifier is null ? functionName : $"{functionName}:{qualifier}", payload, type, request.TraceHeader, cancellationToken).ConfigureAwait(false);
        var response = ParsePayload(result.Payload);
        if (result.FunctionError is not null)
        {
            throw FunctionError(response);
        }

        var output = new JsonObject
        {
            ["ExecutedVersion"] = "$LATEST",
            ["Payload"] = response,
            ["SdkHttpMetadata"] = new JsonObject
            {
                ["AllHttpHeaders"] = new JsonObject { ["X-Amz-Executed-Version"] = new JsonArray("$LATEST"), ["x-amzn-RequestId"] = new JsonArray(result.RequestId) },
                ["HttpHeaders"] = new JsonObject { ["X-Amz-Executed-Version"] = "$LATEST", ["x-amzn-RequestId"] = result.RequestId },
                ["HttpStatusCode"] = result.StatusCode,
            },
            ["SdkResponseMetadata"] = new JsonObject { ["RequestId"] = result.RequestId },
            ["StatusCode"] = result.StatusCode,
        };
        return output;
    }

    private async Task<JsonNode?> InvokeFunctionAsync(AslTaskRequest request, CancellationToken cancellationToken)
    {
        var result = await InvokeAsync(request.Resource.ResourceName, request.Parameters, LambdaInvocationType.RequestResponse, request.TraceHeader, cancellationToken).ConfigureAwait(false);
        var response = ParsePayload(result.Payload);
        return result.FunctionError is null ? response : throw FunctionError(response);
    }

    private async Task<LambdaInvocationResult> InvokeAsync(string functionName, JsonNode? payload, LambdaInvocationType type, string? traceHeader, CancellationToken cancellationToken)
    {
        try
        {
            return await Lambda.InvokeAsync(new LambdaInvocationRequest(functionName, Encoding.UTF8.GetBytes(JsonValues.ToJson(payload)), type, traceHeader), cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException error)
        {
            throw new AslRuntimeException($"Lambda.{WithExceptionSuffix(error.Code)}", error.Message);
        }
    }

    private static JsonNode? ParsePayload(ReadOnlyMemory<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(payload.Span);
        }
        catch (JsonException)
        {
            return JsonValue.Create(Encoding.UTF8.GetString(payload.Span)); // a response that is not JSON arrives as a string
        }
    }

    private static AslRuntimeException FunctionError(JsonNode? response) =>
        new(JsonValues.AsString((response as JsonObject)?["errorType"]) ?? "Lambda.Unknown", JsonValues.ToJson(response));

    private async Task<JsonNode?> CallServiceAsync(AslTaskRequest request, CancellationToken cancellationToken)
    {
        var service = request.Resource.Service!;
        var (signingName, prefix) = TaskResource.SdkServices[service];
        var operation = char.ToUpperInvariant(request.Resource.ResourceName[0]) + request.Resource.ResourceName[1..];
        var input = request.Parameters as JsonObject ?? [];
        if (service == "sfn")
        {
            input = (JsonObject)Rename(input, lower: true)!;
        }

        if (signingName == "monitoring" && operation == "PutMetricData" && !services.GetServices<IJsonService>().Any(s => s.SigningName == signingName)
            && !services.GetServices<IQueryService>().Any(s => s.SigningName == signingName))
        {
            return PublishMetrics(input, request.Region);
        }

        try
        {
            var result = await aws.InvokeAsync(signingName, operation, (JsonObject)input.DeepClone(), request.Region, cancellationToken).ConfigureAwait(false);
            return service == "sfn" ? Rename(result, lower: false) : result;
        }
        catch (AwsServiceException error)
        {
            var code = error.Code.Contains('#', StringComparison.Ordinal) ? error.Code[(error.Code.IndexOf('#', StringComparison.Ordinal) + 1)..] : error.Code;
            throw new AslRuntimeException($"{prefix}.{WithExceptionSuffix(code)}", $"{error.Message} (Service: {prefix}, Status Code: {(int)error.StatusCode}, Error Code: {code})");
        }
    }

    /// <summary>
    /// <c>PutMetricData</c> while no CloudWatch service is registered: the data goes straight to
    /// <see cref="IMetricPublisher"/>, which is what CloudWatch's own <c>PutMetricData</c> does in-process.
    /// </summary>
    private JsonObject PublishMetrics(JsonObject input, string region)
    {
        var ns = JsonValues.AsString(input["Namespace"]) ?? throw new AslRuntimeException("CloudWatch.InvalidParameterValueException", "PutMetricData needs a Namespace.");
        foreach (var datum in (input["MetricData"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = JsonValues.AsString(datum["MetricName"]) ?? throw new AslRuntimeException("CloudWatch.InvalidParameterValueException", "Each datum needs a MetricName.");
            var value = JsonValues.AsNumber(datum["Value"]) ?? throw new AslRuntimeException("CloudWatch.InvalidParameterValueException", $"The datum {name} needs a numeric Value.");
            var dimensions = (datum["Dimensions"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(d => KeyValuePair.Create(JsonValues.AsString(d["Name"]) ?? string.Empty, JsonValues.AsString(d["Value"]) ?? string.Empty)).ToList();
            metrics.Publish(new MetricDatum(ns, name, dimensions, value, JsonValues.AsString(datum["Unit"]) ?? "None", time.GetUtcNow(), region));
        }

        return [];
    }

    private static string WithExceptionSuffix(string code) => code.EndsWith("Exception", StringComparison.Ordinal) ? code : code + "Exception";

    private static JsonNode? Rename(JsonNode? node, bool lower) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(
            p.Key.Length == 0 ? p.Key : (lower ? char.ToLowerInvariant(p.Key[0]) : char.ToUpperInvariant(p.Key[0])) + p.Key[1..],
            Rename(p.Value, lower)))),
        JsonArray array => new JsonArray([.. array.Select(i => Rename(i, lower))]),
        _ => node?.DeepClone(),
    };
}
