using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.XRay;

/// <summary>Binds <see cref="XRayProvider"/> to REST-JSON (signing name <c>xray</c>): https://docs.aws.amazon.com/xray/latest/api/API_Operations.html.</summary>
internal sealed class XRayService(XRayProvider provider) : IRestJsonService
{
    /// <inheritdoc />
    public string SigningName => "xray";

    /// <inheritdoc />
    public IReadOnlyList<RestJsonRoute> Routes { get; } =
    [
        new("POST", "/Traces", "BatchGetTraces"),
        new("POST", "/TraceSummaries", "GetTraceSummaries"),
        new("POST", "/TraceSegments", "PutTraceSegments"),
    ];

    /// <inheritdoc />
    public async ValueTask<RestJsonResponse> InvokeAsync(string operation, RestJsonRequest request, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var json = XRayJsonContext.Default;
        const string invalid = "InvalidRequestException";
        var input = request.Input();
        var result = operation switch
        {
            "BatchGetTraces" => await AwsOperation.Invoke(input, json.BatchGetTracesRequest, json.BatchGetTracesResult, provider.BatchGetTraces, invalid).ConfigureAwait(false),
            "GetTraceSummaries" => await AwsOperation.Invoke(input, json.GetTraceSummariesRequest, json.GetTraceSummariesResult, provider.GetTraceSummaries, invalid).ConfigureAwait(false),
            "PutTraceSegments" => await AwsOperation.Invoke(input, json.PutTraceSegmentsRequest, json.PutTraceSegmentsResult, provider.PutTraceSegments, invalid).ConfigureAwait(false),
            _ => throw AwsServiceException.Common.UnknownOperation("UnknownOperationException", operation),
        };
        return RestJsonResponse.Json(result);
    }
}
