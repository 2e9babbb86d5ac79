using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace SesMail.LambdaRuntime;

/// <summary>
/// A client of the Lambda Runtime API (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html) at
/// <c>AWS_LAMBDA_RUNTIME_API</c>: <c>GET /2018-06-01/runtime/invocation/next</c>, <c>POST …/{id}/response</c>,
/// <c>POST …/{id}/error</c> and <c>POST …/init/error</c>. The one extension, for a runtime attached to the SesMail
/// emulator, is <see cref="LogLengthHeader"/>: the invocation's output posted in front of its response or error.
/// </summary>
public sealed class RuntimeApiClient : IDisposable
{
    /// <summary>
    /// SesMail's extension of the response and error posts (the emulator's Lambda service alone reads it): the body
    /// starts with that many bytes of the invocation's output (UTF-8 lines ending in <c>\n</c>), which the Lambda
    /// service writes to the function's log stream before <c>END</c>; the response or error document follows. AWS never
    /// sees it: only an attached runtime (<see cref="InvocationOutput"/>) sends it.
    /// </summary>
    public const string LogLengthHeader = "SesMail-Function-Log-Length";

    private readonly HttpClient _http;
    private readonly Uri _base;

    /// <summary>Creates a client.</summary>
    /// <param name="address">The <c>host:port</c> of the Runtime API.</param>
    /// <param name="handler">An HTTP handler (tests); a loopback-only socket handler when <c>null</c>.</param>
    public RuntimeApiClient(string address, HttpMessageHandler? handler = null)
    {
        _base = new Uri($"http://{address}/2018-06-01/runtime/");
        _http = new HttpClient(handler ?? new SocketsHttpHandler { UseProxy = false, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan })
        {
            Timeout = Timeout.InfiniteTimeSpan, // "next" is a long poll that waits as long as the environment is idle
        };
    }

    /// <summary>Waits for the next invocation.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The invocation.</returns>
    /// <exception cref="HttpRequestException">The Runtime API is gone (the environment is shutting down).</exception>
    public async Task<NextInvocation> NextAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(_base, "invocation/next"), HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        string? Header(string name) => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
        var deadline = long.TryParse(Header("Lambda-Runtime-Deadline-Ms"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.MaxValue;
        return new NextInvocation(
            Header("Lambda-Runtime-Aws-Request-Id") ?? throw new HttpRequestException("The Runtime API answered next without Lambda-Runtime-Aws-Request-Id."),
            payload,
            deadline,
            Header("Lambda-Runtime-Invoked-Function-Arn") ?? string.Empty,
            Header("Lambda-Runtime-Trace-Id"));
    }

    /// <summary>Posts an invocation's response.</summary>
    /// <param name="requestId">The invocation.</param>
    /// <param name="response">The response bytes.</param>
    /// <param name="cancellationToken">Cancels the post.</param>
    /// <returns>A task that completes when the Runtime API accepted it.</returns>
    public Task RespondAsync(string requestId, ReadOnlyMemory<byte> response, CancellationToken cancellationToken) =>
        RespondAsync(requestId, response, default, cancellationToken);

    /// <summary>Posts an invocation's response with its output in front (<see cref="LogLengthHeader"/>).</summary>
    /// <param name="requestId">The invocation.</param>
    /// <param name="response">The response bytes.</param>
    /// <param name="log">The invocation's output (UTF-8 lines); no header when empty.</param>
    /// <param name="cancellationToken">Cancels the post.</param>
    /// <returns>A task that completes when the Runtime API accepted it.</returns>
    public async Task RespondAsync(string requestId, ReadOnlyMemory<byte> response, ReadOnlyMemory<byte> log, CancellationToken cancellationToken)
    {
        using var request = Post($"invocation/{requestId}/response", response, log);
        using var answer = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await FailOnRefusalAsync(answer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Posts an invocation's error (<c>{"errorMessage","errorType","stackTrace"}</c>).</summary>
    /// <param name="requestId">The invocation.</param>
    /// <param name="error">The exception.</param>
    /// <param name="cancellationToken">Cancels the post.</param>
    /// <returns>A task that completes when the Runtime API accepted it.</returns>
    public Task FailAsync(string requestId, Exception error, CancellationToken cancellationToken) =>
        PostErrorAsync($"invocation/{requestId}/error", error, default, cancellationToken);

    /// <summary>Posts an invocation's error with its output in front (<see cref="LogLengthHeader"/>).</summary>
    /// <param name="requestId">The invocation.</param>
    /// <param name="error">The exception.</param>
    /// <param name="log">The invocation's output (UTF-8 lines); no header when empty.</param>
    /// <param name="cancellationToken">Cancels the post.</param>
    /// <returns>A task that completes when the Runtime API accepted it.</returns>
    public Task FailAsync(string requestId, Exception error, ReadOnlyMemory<byte> log, CancellationToken cancellationToken) =>
        PostErrorAsync($"invocation/{requestId}/error", error, log, cancellationToken);

    /// <summary>Posts an initialization error.</summary>
    /// <param name="error">The exception.</param>
    /// <param name="cancellationToken">Cancels the post.</param>
    /// <returns>A task that completes when the Runtime API accepted it.</returns>
    public Task InitErrorAsync(Exception error, CancellationToken cancellationToken) =>
        PostErrorAsync("init/error", error, default, cancellationToken);

    /// <summary>The error document the Runtime API takes, as the .NET runtime writes it.</summary>
    /// <param name="error">The exception.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] ErrorDocument(Exception error)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("errorType", error.GetType().Name);
            json.WriteString("errorMessage", error.Message);
            json.WriteStartArray("stackTrace");
            foreach (var line in (error.StackTrace ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                json.WriteStringValue(line);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private HttpRequestMessage Post(string path, ReadOnlyMemory<byte> body, ReadOnlyMemory<byte> log)
    {
        HttpContent content;
        if (log.IsEmpty)
        {
            content = new ReadOnlyMemoryContent(body);
        }
        else
        {
            var framed = new byte[log.Length + body.Length];
            log.Span.CopyTo(framed);
            body.Span.CopyTo(framed.AsSpan(log.Length));
            content = new ByteArrayContent(framed);
        }

        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_base, path)) { Content = content };
        if (!log.IsEmpty)
        {
            request.Headers.TryAddWithoutValidation(LogLengthHeader, log.Length.ToString(CultureInfo.InvariantCulture));
        }

        return request;
    }

    private async Task PostErrorAsync(string path, Exception error, ReadOnlyMemory<byte> log, CancellationToken cancellationToken)
    {
        using var request = Post(path, ErrorDocument(error), log);
        request.Headers.TryAddWithoutValidation("Lambda-Runtime-Function-Error-Type", error.GetType().Name);
        using var answer = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await FailOnRefusalAsync(answer, cancellationToken).ConfigureAwait(false);
    }

    private static async Task FailOnRefusalAsync(HttpResponseMessage answer, CancellationToken cancellationToken)
    {
        if (answer.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK)
        {
            return;
        }

        var body = await answer.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        throw new HttpRequestException($"The Runtime API refused the post with {(int)answer.StatusCode}: {body}", null, answer.StatusCode);
    }
}

/// <summary>One invocation, as <c>next</c> hands it over.</summary>
/// <param name="RequestId"><c>Lambda-Runtime-Aws-Request-Id</c>.</param>
/// <param name="Payload">The event bytes.</param>
/// <param name="Deadline"><c>Lambda-Runtime-Deadline-Ms</c>.</param>
/// <param name="FunctionArn"><c>Lambda-Runtime-Invoked-Function-Arn</c>.</param>
/// <param name="TraceId"><c>Lambda-Runtime-Trace-Id</c>, or <c>null</c>.</param>
public sealed record NextInvocation(string RequestId, byte[] Payload, DateTimeOffset Deadline, string FunctionArn, string? TraceId);
