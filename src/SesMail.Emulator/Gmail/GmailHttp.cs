using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SesMail.Emulator.Gmail;

/// <summary>Writes Gmail API answers: JSON bodies and Google's error envelope; turns anything unexpected into a logged 500.</summary>
internal static class GmailHttp
{
    /// <summary>Runs <paramref name="operation"/>, writing a <see cref="GmailApiException"/> as Google's error JSON and any other exception as <c>500 backendError</c>.</summary>
    public static async Task RunAsync(HttpContext http, ILogger logger, Func<Task> operation)
    {
        try
        {
            await operation().ConfigureAwait(false);
        }
        catch (GmailApiException error) when (!http.Response.HasStarted)
        {
            await WriteErrorAsync(http, error).ConfigureAwait(false);
        }
        catch (Exception error) when (error is JsonException or FormatException or InvalidDataException && !http.Response.HasStarted)
        {
            await WriteErrorAsync(http, GmailApiException.BadRequest($"Invalid request: {error.Message}")).ConfigureAwait(false);
        }
        catch (BadHttpRequestException error) when (!http.Response.HasStarted)
        {
            await WriteErrorAsync(http, GmailApiException.BadRequest($"Invalid request: {error.Message}")).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; nothing to answer.
        }
        catch (Exception error) when (!http.Response.HasStarted)
        {
            logger.LogError(error, "Gmail stand-in failed on {Method} {Path}", http.Request.Method, http.Request.Path);
            await WriteErrorAsync(http, new GmailApiException(System.Net.HttpStatusCode.InternalServerError, "backendError", "Backend Error", "INTERNAL")).ConfigureAwait(false);
        }
    }

    /// <summary>Writes <paramref name="value"/> as JSON with status 200.</summary>
    public static Task WriteJsonAsync<T>(HttpContext http, T value, JsonTypeInfo<T> typeInfo, int status = StatusCodes.Status200OK)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=UTF-8";
        return JsonSerializer.SerializeAsync(http.Response.Body, value, typeInfo, http.RequestAborted);
    }

    /// <summary>Writes Google's error envelope, with <c>WWW-Authenticate</c> on 401 and <c>Retry-After</c> when set.</summary>
    public static Task WriteErrorAsync(HttpContext http, GmailApiException error)
    {
        var status = (int)error.StatusCode;
        if (status == StatusCodes.Status401Unauthorized)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"";
        }

        if (error.RetryAfterSeconds is { } seconds)
        {
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        var item = new GoogleErrorItem(error.Message, error.Domain, error.Reason, error.Location, error.Location is null ? null : "header");
        var body = new GoogleErrorResponse(new GoogleError(status, error.Message, [item], error.Status));
        return WriteJsonAsync(http, body, GmailJsonContext.Default.GoogleErrorResponse, status);
    }

    /// <summary>Reads an optional JSON body (empty → <c>null</c>).</summary>
    /// <exception cref="GmailApiException">400 when the body is not valid JSON of the expected shape.</exception>
    public static async Task<T?> ReadJsonAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (request.ContentLength == 0)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        if (buffer.Length == 0)
        {
            return null;
        }

        try
        {
            buffer.Position = 0;
            return await JsonSerializer.DeserializeAsync(buffer, typeInfo, request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException error)
        {
            throw GmailApiException.BadRequest($"Invalid JSON payload received. {error.Message}");
        }
    }
}
