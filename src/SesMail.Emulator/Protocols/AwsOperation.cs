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
        if (FindNull(input, requestType, string.Empty) is { } path)
        {
            throw new AwsServiceException(invalidInputCode, $"1 validation error detected: Value null at '{path}' failed to satisfy constraint: Member must not be null");
        }

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

    /// <summary>
    /// Finds a <c>null</c> where the shape has no room for one: a list element or a map value (a null structure member
    /// reads as absent, as AWS reads it). The SDKs never send these, but hand-written JSON and half-filled Query
    /// parameter groups (<c>MessageAttribute.1.Name</c> without its <c>Value</c>) do.
    /// </summary>
    /// <param name="node">The JSON at this point of the request.</param>
    /// <param name="type">The shape the JSON is read as.</param>
    /// <param name="path">The member path so far, AWS-style (<c>Entries.1.member</c>).</param>
    /// <returns>The path of the first misplaced null, or <c>null</c> when there is none.</returns>
    private static string? FindNull(JsonNode? node, JsonTypeInfo type, string path)
    {
        switch (type.Kind)
        {
            case JsonTypeInfoKind.Object when node is JsonObject obj:
                foreach (var property in type.Properties)
                {
                    if (obj[property.Name] is { } value &&
                        FindNull(value, type.Options.GetTypeInfo(property.PropertyType), Join(path, property.Name)) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonTypeInfoKind.Enumerable when node is JsonArray array && type.ElementType is { } elementType:
                var elementInfo = type.Options.GetTypeInfo(elementType);
                for (var i = 0; i < array.Count; i++)
                {
                    var at = Join(path, $"{i + 1}.member");
                    if (array[i] is null)
                    {
                        return at;
                    }

                    if (FindNull(array[i], elementInfo, at) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonTypeInfoKind.Dictionary when node is JsonObject map && type.ElementType is { } valueType:
                var valueInfo = type.Options.GetTypeInfo(valueType);
                foreach (var (key, value) in map)
                {
                    var at = Join(path, key);
                    if (value is null)
                    {
                        return at;
                    }

                    if (FindNull(value, valueInfo, at) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }

        static string Join(string path, string member) => path.Length == 0 ? member : $"{path}.{member}";
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
