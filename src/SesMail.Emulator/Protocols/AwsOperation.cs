using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace SesMail.Emulator.Protocols;

/// <summary>
/// Binds one typed provider method to a JSON-shaped request and result: reads the request through a
/// source-generated type, runs the operation, writes the result back as a <see cref="JsonNode"/>. Query services
/// first turn their parameters into the same JSON shape (<see cref="QueryDocument"/>).
/// </summary>
internal static class AwsOperation
{
    /// <summary>Runs <paramref name="operation"/> on <paramref name="input"/>.</summary>
    /// <typeparam name="TRequest">The operation's input shape.</typeparam>
    /// <typeparam name="TResult">The operation's output shape.</typeparam>
    /// <param name="input">The JSON-shaped request.</param>
    /// <param name="requestType">Source-generated metadata for the input.</param>
    /// <param name="resultType">Source-generated metadata for the output.</param>
    /// <param name="operation">The provider method.</param>
    /// <param name="invalidInputCode">The service's code for a malformed member (e.g. <c>InvalidParameterValue</c>, <c>ValidationException</c>).</param>
    /// <returns>The result as JSON.</returns>
    /// <exception cref="AwsServiceException">The input cannot be read as <typeparamref name="TRequest"/>, or the operation failed.</exception>
    public static async ValueTask<JsonNode?> InvokeAsync<TRequest, TResult>(
        JsonObject input,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResult> resultType,
        Func<TRequest, ValueTask<TResult>> operation,
        string invalidInputCode)
    {
        TRequest? request;
        try
        {
            request = input.Deserialize(requestType);
        }
        catch (Exception error) when (error is JsonException or FormatException or InvalidOperationException or NotSupportedException)
        {
            throw new AwsServiceException(invalidInputCode, $"The request could not be read: {error.Message}");
        }

        if (request is null)
        {
            throw new AwsServiceException(invalidInputCode, "The request body is empty.");
        }

        var result = await operation(request).ConfigureAwait(false);
        return JsonSerializer.SerializeToNode(result, resultType);
    }

    /// <summary>Runs a synchronous provider method; see <see cref="InvokeAsync{TRequest, TResult}"/>.</summary>
    /// <typeparam name="TRequest">The operation's input shape.</typeparam>
    /// <typeparam name="TResult">The operation's output shape.</typeparam>
    /// <param name="input">The JSON-shaped request.</param>
    /// <param name="requestType">Source-generated metadata for the input.</param>
    /// <param name="resultType">Source-generated metadata for the output.</param>
    /// <param name="operation">The provider method.</param>
    /// <param name="invalidInputCode">The service's code for a malformed member.</param>
    /// <returns>The result as JSON.</returns>
    public static ValueTask<JsonNode?> Invoke<TRequest, TResult>(
        JsonObject input,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResult> resultType,
        Func<TRequest, TResult> operation,
        string invalidInputCode) =>
        InvokeAsync(input, requestType, resultType, r => ValueTask.FromResult(operation(r)), invalidInputCode);
}
