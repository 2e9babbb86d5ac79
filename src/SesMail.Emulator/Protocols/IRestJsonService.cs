using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SesMail.Emulator.Protocols;

/// <summary>
/// A service spoken in the AWS REST-JSON protocol (Lambda, EventBridge Pipes, SESv2, …): the operation is chosen by
/// HTTP method and path template (<c>GET /2015-03-31/functions/{FunctionName}</c>), its members come from the path,
/// the query string, headers and a JSON body, and the response is JSON (or raw bytes, as Lambda's <c>Invoke</c>).
/// The dispatcher selects the service by the SigV4 signing name of the request
/// (https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html).
/// </summary>
public interface IRestJsonService
{
    /// <summary>SigV4 signing name that selects this service, e.g. <c>lambda</c>, <c>pipes</c>.</summary>
    string SigningName { get; }

    /// <summary>The operations by method and path template, most specific first where templates overlap.</summary>
    IReadOnlyList<RestJsonRoute> Routes { get; }

    /// <summary>
    /// The request's members as IAM authorization reads them (the same lookup by member name as for JSON requests), or
    /// <c>null</c> when this service's requests are not authenticated and authorized at the door (the default: Lambda and
    /// Pipes are not yet).
    /// </summary>
    /// <param name="operation">The operation of the matched route.</param>
    /// <param name="request">The request.</param>
    /// <returns>The members, or <c>null</c>.</returns>
    JsonObject? AuthorizationMembers(string operation, RestJsonRequest request) => null;

    /// <summary>Runs one operation.</summary>
    /// <param name="operation">The operation of the matched route, e.g. <c>GetFunction</c>.</param>
    /// <param name="request">Path parameters, query, headers and body.</param>
    /// <param name="context">The call's context.</param>
    /// <param name="cancellationToken">Aborted when the caller disconnects.</param>
    /// <returns>The response.</returns>
    /// <exception cref="AwsServiceException">Any service error; written with <c>X-Amzn-ErrorType</c> and a JSON body.</exception>
    ValueTask<RestJsonResponse> InvokeAsync(string operation, RestJsonRequest request, AwsRequestContext context, CancellationToken cancellationToken);
}

/// <summary>One operation's HTTP binding: method, path template (<c>{Name}</c> segments, <c>{Name+}</c> greedy) and name.</summary>
/// <param name="Method">GET, POST, PUT or DELETE.</param>
/// <param name="PathTemplate">For example <c>/2015-03-31/functions/{FunctionName}/invocations</c>.</param>
/// <param name="Operation">The operation name, e.g. <c>Invoke</c>.</param>
public sealed record RestJsonRoute(string Method, string PathTemplate, string Operation)
{
    private readonly string[] _segments = PathTemplate.Trim('/').Split('/');

    /// <summary>Matches a request path (percent-decoded per segment) against the template.</summary>
    /// <param name="method">The request method.</param>
    /// <param name="path">The request path, e.g. <c>/2015-03-31/functions/router/invocations</c>.</param>
    /// <param name="parameters">The path parameters by name when it matches.</param>
    /// <returns>Whether method and path match.</returns>
    public bool TryMatch(string method, string path, out Dictionary<string, string> parameters)
    {
        parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.Equals(method, Method, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var actual = path.Trim('/').Split('/');
        for (var i = 0; i < _segments.Length; i++)
        {
            var segment = _segments[i];
            if (segment.StartsWith('{') && segment.EndsWith("+}", StringComparison.Ordinal))
            {
                if (i >= actual.Length)
                {
                    return false;
                }

                parameters[segment[1..^2]] = string.Join('/', actual[i..].Select(Uri.UnescapeDataString));
                return true;
            }

            if (i >= actual.Length)
            {
                return false;
            }

            if (segment.StartsWith('{') && segment.EndsWith('}'))
            {
                if (actual[i].Length == 0)
                {
                    return false;
                }

                parameters[segment[1..^1]] = Uri.UnescapeDataString(actual[i]);
            }
            else if (!string.Equals(segment, actual[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return actual.Length == _segments.Length;
    }
}

/// <summary>A REST-JSON request as a provider binding sees it: no <c>HttpContext</c>.</summary>
/// <param name="PathParameters">Values of the template's <c>{Name}</c> segments.</param>
/// <param name="Query">Query-string parameters (the last value of a repeated name).</param>
/// <param name="Headers">Request headers by name, case-insensitive.</param>
/// <param name="Body">The raw body (empty when none).</param>
public sealed record RestJsonRequest(
    IReadOnlyDictionary<string, string> PathParameters,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers,
    ReadOnlyMemory<byte> Body)
{
    /// <summary>
    /// The operation's input as one JSON object: the JSON body's members, then path parameters, query parameters
    /// (<paramref name="queryMembers"/> maps a query name to a member name where they differ) and the named headers,
    /// each as a string member. The typed binding (<see cref="AwsOperation"/>) reads it.
    /// </summary>
    /// <param name="queryMembers">Query name → member name; other query names keep their own name.</param>
    /// <param name="headerMembers">Header name → member name; only these headers are read.</param>
    /// <returns>The merged input.</returns>
    /// <exception cref="AwsServiceException"><c>SerializationException</c>-like 400 when the body is not a JSON object.</exception>
    public JsonObject Input(IReadOnlyDictionary<string, string>? queryMembers = null, IReadOnlyDictionary<string, string>? headerMembers = null)
    {
        JsonObject input;
        if (Body.IsEmpty)
        {
            input = [];
        }
        else
        {
            try
            {
                input = JsonNode.Parse(Body.Span) as JsonObject ?? throw new JsonException("The body is not a JSON object.");
            }
            catch (JsonException error)
            {
                throw new AwsServiceException("InvalidRequestContentException", $"Could not parse request body into json: {error.Message}");
            }
        }

        foreach (var (name, value) in PathParameters)
        {
            input[name] = value;
        }

        foreach (var (name, value) in Query)
        {
            input[queryMembers?.GetValueOrDefault(name) ?? name] = value;
        }

        foreach (var (header, member) in headerMembers ?? new Dictionary<string, string>())
        {
            if (Headers.TryGetValue(header, out var value))
            {
                input[member] = value;
            }
        }

        return input;
    }
}

/// <summary>A REST-JSON response: status, headers and a body that is JSON or raw bytes.</summary>
/// <param name="StatusCode">The HTTP status, e.g. 200, 201, 202, 204.</param>
/// <param name="Body">The body bytes (empty for none).</param>
/// <param name="ContentType">The body's media type.</param>
/// <param name="Headers">Extra response headers (e.g. <c>X-Amz-Function-Error</c>).</param>
public sealed record RestJsonResponse(int StatusCode, ReadOnlyMemory<byte> Body, string ContentType, IReadOnlyDictionary<string, string> Headers)
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    /// <summary>A JSON response.</summary>
    /// <param name="node">The body; <c>null</c> writes <c>{}</c>.</param>
    /// <param name="statusCode">The status (200 unless the operation's binding says otherwise).</param>
    /// <returns>The response.</returns>
    public static RestJsonResponse Json(JsonNode? node, int statusCode = 200) =>
        new(statusCode, JsonBody.Bytes(node ?? new JsonObject()), "application/json", NoHeaders);

    /// <summary>An empty-bodied response (e.g. 204 for <c>DeleteFunction</c>).</summary>
    /// <param name="statusCode">The status.</param>
    /// <returns>The response.</returns>
    public static RestJsonResponse Empty(int statusCode) => new(statusCode, ReadOnlyMemory<byte>.Empty, "application/json", NoHeaders);

    /// <summary>The error body REST-JSON services write: <c>{"Type":"User","message":…}</c> with <c>X-Amzn-ErrorType</c>.</summary>
    /// <param name="error">The error.</param>
    /// <returns>The body.</returns>
    internal static JsonObject ErrorBody(AwsServiceException error)
    {
        var body = new JsonObject { ["Type"] = error.SenderFault ? "User" : "Service", ["message"] = error.Message };
        foreach (var (name, value) in error.JsonMembers ?? [])
        {
            body[name] = value?.DeepClone();
        }

        return body;
    }

    /// <summary>The status of an error (its own).</summary>
    /// <param name="error">The error.</param>
    /// <returns>The status code.</returns>
    internal static int StatusOf(AwsServiceException error) => error.StatusCode == 0 ? (int)HttpStatusCode.BadRequest : (int)error.StatusCode;
}
