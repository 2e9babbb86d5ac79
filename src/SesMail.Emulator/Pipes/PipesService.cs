using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Pipes;

/// <summary>Binds <see cref="PipesProvider"/> to REST-JSON (signing name <c>pipes</c>, paths under <c>/v1/pipes</c>).</summary>
internal sealed class PipesService(PipesProvider provider) : IRestJsonService
{
    /// <inheritdoc />
    public string SigningName => "pipes";

    /// <inheritdoc />
    public IReadOnlyList<RestJsonRoute> Routes { get; } =
    [
        new("GET", "/v1/pipes", "ListPipes"),
        new("POST", "/v1/pipes/{Name}", "CreatePipe"),
        new("GET", "/v1/pipes/{Name}", "DescribePipe"),
        new("PUT", "/v1/pipes/{Name}", "UpdatePipe"),
        new("DELETE", "/v1/pipes/{Name}", "DeletePipe"),
        new("POST", "/v1/pipes/{Name}/start", "StartPipe"),
        new("POST", "/v1/pipes/{Name}/stop", "StopPipe"),
    ];

    /// <inheritdoc />
    public async ValueTask<RestJsonResponse> InvokeAsync(string operation, RestJsonRequest request, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var json = PipesJsonContext.Default;
        const string invalid = "ValidationException";
        var input = request.Input(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["NamePrefix"] = "NamePrefix", ["DesiredState"] = "DesiredState", ["CurrentState"] = "CurrentState",
            ["SourcePrefix"] = "SourcePrefix", ["TargetPrefix"] = "TargetPrefix", ["NextToken"] = "NextToken", ["Limit"] = "Limit",
        });
        var result = operation switch
        {
            "CreatePipe" => await AwsOperation.Invoke(input, json.PipeRequest, json.PipeStateResult, r => provider.CreatePipe(r, context), invalid).ConfigureAwait(false),
            "DescribePipe" => await AwsOperation.Invoke(input, json.PipeNameRequest, json.DescribePipeResult, r => provider.DescribePipe(r, context), invalid).ConfigureAwait(false),
            "ListPipes" => await AwsOperation.Invoke(input, json.ListPipesRequest, json.ListPipesResult, r => provider.ListPipes(r, context), invalid).ConfigureAwait(false),
            "UpdatePipe" => await AwsOperation.Invoke(input, json.PipeRequest, json.PipeStateResult, r => provider.UpdatePipe(r, context), invalid).ConfigureAwait(false),
            "DeletePipe" => await AwsOperation.Invoke(input, json.PipeNameRequest, json.PipeStateResult, r => provider.DeletePipe(r, context), invalid).ConfigureAwait(false),
            "StartPipe" => await AwsOperation.Invoke(input, json.PipeNameRequest, json.PipeStateResult, r => provider.StartPipe(r, context), invalid).ConfigureAwait(false),
            "StopPipe" => await AwsOperation.Invoke(input, json.PipeNameRequest, json.PipeStateResult, r => provider.StopPipe(r, context), invalid).ConfigureAwait(false),
            _ => throw AwsServiceException.Common.UnknownOperation("UnknownOperationException", operation),
        };
        return RestJsonResponse.Json(result);
    }
}
