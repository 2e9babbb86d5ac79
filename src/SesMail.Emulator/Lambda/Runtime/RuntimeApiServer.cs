using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace SesMail.Emulator.Lambda.Runtime;

/// <summary>
/// The Lambda Runtime API of one execution environment (or of one attached runtime), on a loopback port of its own:
/// the value of <c>AWS_LAMBDA_RUNTIME_API</c>
/// (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html). Serves <c>GET /2018-06-01/runtime/invocation/next</c>
/// (long poll; the event with <c>Lambda-Runtime-Aws-Request-Id</c>, <c>-Deadline-Ms</c>, <c>-Invoked-Function-Arn</c>,
/// <c>-Trace-Id</c>), <c>POST …/invocation/{id}/response</c>, <c>POST …/invocation/{id}/error</c> and
/// <c>POST …/init/error</c>, each answered <c>202 {"status":"OK"}</c>; an unknown request id answers 400
/// <c>InvalidRequestID</c>, a response over 6 MB 413. SesMail's one extension, for a runtime attached from outside:
/// a response or error post with <c>SesMail-Function-Log-Length: n</c> carries the invocation's output in its first
/// <c>n</c> bytes (UTF-8 lines), handed to <see cref="IRuntimeApiHandler.Output"/> before the response itself
/// (docs/MONITORING.md, "Function logs in attached mode").
/// </summary>
internal sealed class RuntimeApiServer : IAsyncDisposable
{
    /// <summary>The most a synchronous response may hold (6 MB), as Lambda enforces.</summary>
    public const int MaxResponseBytes = 6 * 1024 * 1024;

    /// <summary>The most output one invocation may post in front of its response (4 MB).</summary>
    public const int MaxLogBytes = 4 * 1024 * 1024;

    /// <summary>The extension header, as the attached runtime's client names it.</summary>
    public const string LogLengthHeader = SesMail.LambdaRuntime.RuntimeApiClient.LogLengthHeader;

    private const string Prefix = "/2018-06-01/runtime/";
    private readonly IRuntimeApiHandler _handler;
    private WebApplication? _app;

    private RuntimeApiServer(IRuntimeApiHandler handler) => _handler = handler;

    /// <summary><c>127.0.0.1:{port}</c>, the value of <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public string Address { get; private set; } = string.Empty;

    /// <summary>Starts a server on a free loopback port.</summary>
    /// <param name="handler">What the endpoints do.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server.</returns>
    public static async Task<RuntimeApiServer> StartAsync(IRuntimeApiHandler handler, CancellationToken cancellationToken)
    {
        var server = new RuntimeApiServer(handler);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = MaxResponseBytes + MaxLogBytes + 1024;
        });
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Address = new Uri(address).Authority;
        server._app = app;
        return server;
    }

    private async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? string.Empty;
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            await WriteAsync(http, HttpStatusCode.NotFound, Error("InvalidRequest", $"No Runtime API resource at {path}.")).ConfigureAwait(false);
            return;
        }

        var parts = path[Prefix.Length..].Split('/');
        switch (http.Request.Method, parts)
        {
            case ("GET", ["invocation", "next"]):
                await NextAsync(http).ConfigureAwait(false);
                return;
            case ("POST", ["invocation", var id, "response"]):
            {
                if (!await TryOutputAsync(http, id).ConfigureAwait(false))
                {
                    return;
                }

                var body = await ReadAsync(http).ConfigureAwait(false);
                if (body is null)
                {
                    await WriteAsync(http, HttpStatusCode.RequestEntityTooLarge, Error("RequestEntityTooLarge", $"The response is larger than {MaxResponseBytes} bytes.")).ConfigureAwait(false);
                    _handler.Fail(id, Encoding.UTF8.GetBytes(Error("Function.ResponseSizeTooLarge", $"Response payload size exceeded maximum allowed payload size ({MaxResponseBytes} bytes).")), "Function.ResponseSizeTooLarge");
                    return;
                }

                await AcknowledgeAsync(http, _handler.Respond(id, body)).ConfigureAwait(false);
                return;
            }

            case ("POST", ["invocation", var id, "error"]):
            {
                if (!await TryOutputAsync(http, id).ConfigureAwait(false))
                {
                    return;
                }

                var body = await ReadAsync(http).ConfigureAwait(false) ?? [];
                var type = http.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString();
                await AcknowledgeAsync(http, _handler.Fail(id, body, type.Length == 0 ? null : type)).ConfigureAwait(false);
                return;
            }

            case ("POST", ["init", "error"]):
            {
                var body = await ReadAsync(http).ConfigureAwait(false) ?? [];
                var type = http.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString();
                _handler.InitError(body, type.Length == 0 ? null : type);
                await AcknowledgeAsync(http, true).ConfigureAwait(false);
                return;
            }

            default:
                await WriteAsync(http, HttpStatusCode.NotFound, Error("InvalidRequest", $"No Runtime API resource at {http.Request.Method} {path}.")).ConfigureAwait(false);
                return;
        }
    }

    private async Task NextAsync(HttpContext http)
    {
        RuntimeInvocation? invocation;
        try
        {
            invocation = await _handler.NextAsync(http.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return; // the runtime hung up, or the environment is shutting down
        }

        if (invocation is null)
        {
            http.Abort(); // the environment is going away; the runtime is killed next
            return;
        }

        var headers = http.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = invocation.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = invocation.FunctionArn;
        headers["Lambda-Runtime-Trace-Id"] = invocation.TraceId;
        if (invocation.ClientContext is { Length: > 0 } clientContext)
        {
            headers["Lambda-Runtime-Client-Context"] = clientContext;
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = invocation.Payload.Length;
        await http.Response.Body.WriteAsync(invocation.Payload, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the output in front of a response or error (<see cref="LogLengthHeader"/>) and hands it to the handler;
    /// answers 400 and returns <c>false</c> when the header is malformed, too large, or longer than the body.
    /// </summary>
    private async Task<bool> TryOutputAsync(HttpContext http, string requestId)
    {
        if (!http.Request.Headers.TryGetValue(LogLengthHeader, out var header))
        {
            return true;
        }

        if (!int.TryParse(header.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > MaxLogBytes)
        {
            await WriteAsync(http, HttpStatusCode.BadRequest, Error("InvalidRequest", $"{LogLengthHeader} must be a whole number of bytes up to {MaxLogBytes}.")).ConfigureAwait(false);
            return false;
        }

        var log = new byte[length];
        if (await http.Request.Body.ReadAtLeastAsync(log, length, throwOnEndOfStream: false, http.RequestAborted).ConfigureAwait(false) < length)
        {
            await WriteAsync(http, HttpStatusCode.BadRequest, Error("InvalidRequest", $"The body is shorter than its {LogLengthHeader} ({length} bytes).")).ConfigureAwait(false);
            return false;
        }

        if (length > 0)
        {
            _handler.Output(requestId, Lines(log));
        }

        return true;
    }

    /// <summary>The lines of posted output, as a process's standard output is split: at <c>\n</c>, a trailing <c>\r</c> dropped.</summary>
    /// <param name="output">UTF-8 text.</param>
    /// <returns>The lines (a final line end does not start another line).</returns>
    internal static List<string> Lines(byte[] output)
    {
        var text = Encoding.UTF8.GetString(output);
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }

            var line = text.AsSpan(start, end - start);
            lines.Add((line.EndsWith("\r") ? line[..^1] : line).ToString());
            start = end + 1;
        }

        return lines;
    }

    private static async Task<byte[]?> ReadAsync(HttpContext http)
    {
        using var buffer = new MemoryStream(http.Request.ContentLength is > 0 and <= MaxResponseBytes and var length ? (int)length : 0);
        var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxResponseBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }

    private static Task AcknowledgeAsync(HttpContext http, bool known) =>
        known
            ? WriteAsync(http, HttpStatusCode.Accepted, """{"status":"OK"}""")
            : WriteAsync(http, HttpStatusCode.BadRequest, Error("InvalidRequestID", "Invalid request ID"));

    private static Task WriteAsync(HttpContext http, HttpStatusCode status, string json)
    {
        http.Response.StatusCode = (int)status;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(json);
    }

    private static string Error(string type, string message) =>
        new JsonObject { ["errorMessage"] = message, ["errorType"] = type }.ToJsonString();

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _app.StopAsync(stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>What a Runtime API server does for its environment.</summary>
internal interface IRuntimeApiHandler
{
    /// <summary>Waits for the next invocation (the runtime's long poll); <c>null</c> when the environment shuts down.</summary>
    /// <param name="cancellationToken">The runtime hung up.</param>
    /// <returns>The invocation, or <c>null</c>.</returns>
    Task<RuntimeInvocation?> NextAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The output an attached runtime posted with an invocation's response or error, before <see cref="Respond"/> or
    /// <see cref="Fail"/> for it.
    /// </summary>
    /// <param name="requestId">The invocation's request id.</param>
    /// <param name="lines">The lines, oldest first.</param>
    void Output(string requestId, IReadOnlyList<string> lines);

    /// <summary>The runtime's response for an invocation.</summary>
    /// <param name="requestId">The invocation's request id.</param>
    /// <param name="payload">The response bytes.</param>
    /// <returns>Whether the id names an invocation in progress.</returns>
    bool Respond(string requestId, byte[] payload);

    /// <summary>The runtime's error for an invocation.</summary>
    /// <param name="requestId">The invocation's request id.</param>
    /// <param name="error">The error document (<c>{"errorMessage","errorType","stackTrace"}</c>).</param>
    /// <param name="errorType">The <c>Lambda-Runtime-Function-Error-Type</c> header, or <c>null</c>.</param>
    /// <returns>Whether the id names an invocation in progress.</returns>
    bool Fail(string requestId, byte[] error, string? errorType);

    /// <summary>The runtime could not initialize.</summary>
    /// <param name="error">The error document.</param>
    /// <param name="errorType">The <c>Lambda-Runtime-Function-Error-Type</c> header, or <c>null</c>.</param>
    void InitError(byte[] error, string? errorType);
}

/// <summary>One invocation handed to a runtime.</summary>
/// <param name="RequestId">The request id (a UUID).</param>
/// <param name="Payload">The event bytes.</param>
/// <param name="Deadline">When the function times out.</param>
/// <param name="FunctionArn">The invoked ARN.</param>
/// <param name="TraceId">The X-Ray trace header (<c>Root=…;Parent=…;Sampled=…</c>).</param>
/// <param name="ClientContext">The base64 client context, or <c>null</c>.</param>
internal sealed record RuntimeInvocation(string RequestId, byte[] Payload, DateTimeOffset Deadline, string FunctionArn, string TraceId, string? ClientContext)
{
    /// <summary>Completes with the runtime's answer.</summary>
    public TaskCompletionSource<RuntimeOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>What the runtime answered.</summary>
/// <param name="Payload">The response, or the error document.</param>
/// <param name="ErrorType">The error type when the function failed; <c>null</c> on success.</param>
internal sealed record RuntimeOutcome(byte[] Payload, string? ErrorType);
