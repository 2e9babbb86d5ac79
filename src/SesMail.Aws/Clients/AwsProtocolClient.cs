using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Internal.Auth;

namespace SesMail.Aws.Clients;

/// <summary>
/// Where and as whom a small AWS client talks: the settings shared by the hand-written clients in this folder
/// (SNS, EventBridge, SES), named as the official configs name them.
/// </summary>
public abstract class AwsClientConfig
{
    /// <summary>Endpoint URL, e.g. <c>http://127.0.0.1:4566</c>. When unset: <c>AWS_ENDPOINT_URL_{SERVICE}</c>, then
    /// <c>AWS_ENDPOINT_URL</c>, then the service's public regional endpoint.</summary>
    public string? ServiceURL { get; set; }

    /// <summary>The region to call; when unset, <see cref="AuthenticationRegion"/>, then <c>AWS_REGION</c>,
    /// <c>AWS_DEFAULT_REGION</c>, else <c>us-east-1</c>.</summary>
    public RegionEndpoint? RegionEndpoint { get; set; }

    /// <summary>The region used in the SigV4 credential scope when it differs from the endpoint's.</summary>
    public string? AuthenticationRegion { get; set; }

    /// <summary>Per-request timeout; default 100 s.</summary>
    public TimeSpan? Timeout { get; set; }
}

/// <summary>
/// The shared transport of the small clients: SigV4 signing with AWSSDK.Core's <see cref="AWS4Signer"/>, the default
/// credential chain, and the AWS Query and JSON 1.1 wire formats, including AWS-shaped errors.
/// </summary>
internal sealed class AwsProtocolClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly AWSCredentials _credentials;
    private readonly string _signingName;
    private readonly Func<string, string, string, HttpStatusCode, AmazonServiceException> _errorFactory;

    public AwsProtocolClient(
        string signingName,
        string endpointPrefix,
        AWSCredentials? credentials,
        AwsClientConfig config,
        HttpMessageHandler? handler,
        Func<string, string, string, HttpStatusCode, AmazonServiceException> errorFactory)
    {
        _signingName = signingName;
        _errorFactory = errorFactory;
        _credentials = credentials ?? DefaultAWSCredentialsIdentityResolver.GetCredentials(null);
        Region = config.AuthenticationRegion
            ?? config.RegionEndpoint?.SystemName
            ?? Environment.GetEnvironmentVariable("AWS_REGION")
            ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION")
            ?? "us-east-1";
        var url = config.ServiceURL
            ?? Environment.GetEnvironmentVariable($"AWS_ENDPOINT_URL_{endpointPrefix.ToUpperInvariant()}")
            ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL")
            ?? $"https://{endpointPrefix}.{config.RegionEndpoint?.SystemName ?? Region}.amazonaws.com";
        Endpoint = new Uri(url.EndsWith('/') ? url : url + "/");
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = config.Timeout ?? TimeSpan.FromSeconds(100);
    }

    /// <summary>
    /// The service error for an endpoint that could not be reached: <c>ServiceUnavailable</c> (503), marked with
    /// <see cref="AwsRequestOutcome.NotSentKey"/> when the connection was refused, so that nothing reached the service.
    /// </summary>
    private AmazonServiceException Unreachable(HttpRequestException error)
    {
        var failure = _errorFactory($"Could not reach the {_signingName} endpoint {Endpoint}: {error.Message}", "ServiceUnavailable", string.Empty, HttpStatusCode.ServiceUnavailable);
        if (error.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused })
        {
            failure.Data[AwsRequestOutcome.NotSentKey] = true;
        }

        return failure;
    }

    /// <summary>The region in the credential scope.</summary>
    public string Region { get; }

    /// <summary>The endpoint requests go to (always ends with <c>/</c>).</summary>
    public Uri Endpoint { get; }

    /// <summary>Calls a Query-protocol action and returns its <c>{Action}Result</c> element (namespace stripped).</summary>
    public async Task<XElement> QueryAsync(string action, string version, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>> { new("Action", action), new("Version", version) };
        form.AddRange(parameters);
        var body = string.Join('&', form.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        var (status, text, headers) = await SendAsync(body, "application/x-www-form-urlencoded; charset=utf-8", null, cancellationToken).ConfigureAwait(false);
        XElement root;
        try
        {
            root = StripNamespaces(XElement.Parse(text));
        }
        catch (System.Xml.XmlException error)
        {
            throw _errorFactory($"The {_signingName} endpoint {Endpoint} answered HTTP {(int)status} with a body that is not XML: {error.Message}", "InvalidResponse", headers.RequestId ?? string.Empty, status);
        }

        if (status != HttpStatusCode.OK || root.Name.LocalName == "ErrorResponse")
        {
            var error = root.Element("Error") ?? root;
            throw _errorFactory(
                error.Element("Message")?.Value ?? $"HTTP {(int)status}",
                error.Element("Code")?.Value ?? status.ToString(),
                root.Element("RequestId")?.Value ?? headers.RequestId ?? string.Empty,
                status);
        }

        return root.Element($"{action}Result") ?? new XElement($"{action}Result");
    }

    /// <summary>Calls a JSON-protocol operation and returns the response body.</summary>
    public async Task<string> JsonAsync(string target, string jsonVersion, string body, CancellationToken cancellationToken)
    {
        var (status, text, headers) = await SendAsync(body, $"application/x-amz-json-{jsonVersion}", target, cancellationToken).ConfigureAwait(false);
        if (status == HttpStatusCode.OK)
        {
            return text;
        }

        string code = headers.ErrorType ?? status.ToString();
        string message = $"HTTP {(int)status}";
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.TryGetProperty("__type", out var type) && type.GetString() is { } t)
            {
                code = t[(t.LastIndexOf('#') + 1)..];
            }

            if (root.TryGetProperty("message", out var m) || root.TryGetProperty("Message", out m))
            {
                message = m.GetString() ?? message;
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }

        var colon = code.IndexOf(':', StringComparison.Ordinal);
        throw _errorFactory(message, colon < 0 ? code : code[..colon], headers.RequestId ?? string.Empty, status);
    }

    /// <summary>
    /// Calls a REST-JSON operation (Lambda, Pipes): <paramref name="method"/> on <paramref name="path"/> (already
    /// escaped) with an optional query, extra headers and a body; returns the status, body and response headers, or
    /// throws the service's error (code from <c>X-Amzn-ErrorType</c> or the body's <c>__type</c>/<c>Type</c>).
    /// </summary>
    public async Task<(HttpStatusCode Status, byte[] Body, Dictionary<string, string> Headers)> RestJsonAsync(
        HttpMethod method, string path, IEnumerable<KeyValuePair<string, string>>? query, IEnumerable<KeyValuePair<string, string>>? headers, byte[]? body, CancellationToken cancellationToken)
    {
        var credentials = await _credentials.GetCredentialsAsync().ConfigureAwait(false);
        var payload = body ?? [];
        var signedAt = DateTime.UtcNow;
        var amzDate = signedAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var host = Endpoint.IsDefaultPort ? Endpoint.Host : $"{Endpoint.Host}:{Endpoint.Port}";
        var canonicalQuery = string.Join('&', (query ?? []).Select(q => (Key: Uri.EscapeDataString(q.Key), Value: Uri.EscapeDataString(q.Value)))
            .OrderBy(q => q.Key, StringComparer.Ordinal).ThenBy(q => q.Value, StringComparer.Ordinal).Select(q => $"{q.Key}={q.Value}"));
        var signed = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = host,
            ["x-amz-date"] = amzDate,
        };
        if (body is not null)
        {
            signed["content-type"] = "application/json";
        }

        if (credentials.UseToken)
        {
            signed["x-amz-security-token"] = credentials.Token;
        }

        foreach (var (name, value) in headers ?? [])
        {
            signed[name.ToLowerInvariant()] = value;
        }

        var fullPath = Endpoint.AbsolutePath.TrimEnd('/') + path;
        var signedHeaders = string.Join(';', signed.Keys);
        var canonicalRequest = string.Join('\n',
            method.Method,
            fullPath,
            canonicalQuery,
            string.Concat(signed.Select(h => $"{h.Key}:{h.Value.Trim()}\n")),
            signedHeaders,
            Convert.ToHexStringLower(SHA256.HashData(payload)));
        var signature = AWS4Signer.ComputeSignature(credentials.AccessKey, credentials.SecretKey, Region, signedAt, _signingName, signedHeaders, canonicalRequest);
        var uri = new Uri($"{Endpoint.GetLeftPart(UriPartial.Authority)}{fullPath}{(canonicalQuery.Length > 0 ? "?" + canonicalQuery : string.Empty)}");
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(payload);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        }

        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("Authorization", signature.ForAuthorizationHeader);
        if (credentials.UseToken)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.Token);
        }

        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException error)
        {
            throw Unreachable(error);
        }

        using (response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var responseHeaders = response.Headers.Concat(response.Content.Headers)
                .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(h => h.Key, h => string.Join(',', h.First().Value), StringComparer.OrdinalIgnoreCase);
            if ((int)response.StatusCode < 300)
            {
                return (response.StatusCode, bytes, responseHeaders);
            }

            var code = responseHeaders.GetValueOrDefault("X-Amzn-ErrorType") ?? response.StatusCode.ToString();
            var message = $"HTTP {(int)response.StatusCode}";
            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(bytes);
                var root = document.RootElement;
                if (root.TryGetProperty("__type", out var type) && type.GetString() is { } t && !responseHeaders.ContainsKey("X-Amzn-ErrorType"))
                {
                    code = t[(t.LastIndexOf('#') + 1)..];
                }

                if (root.TryGetProperty("message", out var m) || root.TryGetProperty("Message", out m))
                {
                    message = m.GetString() ?? message;
                }
            }
            catch (System.Text.Json.JsonException)
            {
            }

            var colon = code.IndexOf(':', StringComparison.Ordinal);
            throw _errorFactory(message, colon < 0 ? code : code[..colon], responseHeaders.GetValueOrDefault("x-amzn-RequestId") ?? string.Empty, response.StatusCode);
        }
    }

    private async Task<(HttpStatusCode Status, string Body, (string? RequestId, string? ErrorType) Headers)> SendAsync(
        string body, string contentType, string? target, CancellationToken cancellationToken)
    {
        var credentials = await _credentials.GetCredentialsAsync().ConfigureAwait(false);
        var payload = Encoding.UTF8.GetBytes(body);
        var signedAt = DateTime.UtcNow;
        var amzDate = signedAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var host = Endpoint.IsDefaultPort ? Endpoint.Host : $"{Endpoint.Host}:{Endpoint.Port}";

        var signed = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = contentType,
            ["host"] = host,
            ["x-amz-date"] = amzDate,
        };
        if (credentials.UseToken)
        {
            signed["x-amz-security-token"] = credentials.Token;
        }

        if (target is not null)
        {
            signed["x-amz-target"] = target;
        }

        var signedHeaders = string.Join(';', signed.Keys);
        var canonicalRequest = string.Join('\n',
            "POST",
            Endpoint.AbsolutePath,
            string.Empty,
            string.Concat(signed.Select(h => $"{h.Key}:{h.Value.Trim()}\n")),
            signedHeaders,
            Convert.ToHexStringLower(SHA256.HashData(payload)));
        var signature = AWS4Signer.ComputeSignature(credentials.AccessKey, credentials.SecretKey, Region, signedAt, _signingName, signedHeaders, canonicalRequest);

        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new ByteArrayContent(payload) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("Authorization", signature.ForAuthorizationHeader);
        if (credentials.UseToken)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.Token);
        }

        if (target is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException error)
        {
            throw Unreachable(error);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var requestId = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null;
            var errorType = response.Headers.TryGetValues("X-Amzn-Errortype", out var types) ? types.FirstOrDefault() : null;
            return (response.StatusCode, text, (requestId, errorType));
        }
    }

    private static XElement StripNamespaces(XElement element)
    {
        foreach (var e in element.DescendantsAndSelf())
        {
            e.Name = e.Name.LocalName;
            e.ReplaceAttributes(e.Attributes().Where(a => !a.IsNamespaceDeclaration));
        }

        return element;
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>Helpers for writing AWS Query parameters (<c>Name.member.N</c>, <c>Name.entry.N.key</c>) and reading XML results.</summary>
internal static class QueryParameters
{
    public static void AddIfSet(this List<KeyValuePair<string, string>> list, string name, string? value)
    {
        if (value is not null)
        {
            list.Add(new(name, value));
        }
    }

    public static void AddIfSet(this List<KeyValuePair<string, string>> list, string name, bool? value)
    {
        if (value is { } v)
        {
            list.Add(new(name, v ? "true" : "false"));
        }
    }

    public static void AddMembers(this List<KeyValuePair<string, string>> list, string name, IEnumerable<string>? values)
    {
        var i = 0;
        foreach (var value in values ?? [])
        {
            list.Add(new($"{name}.member.{++i}", value));
        }
    }

    public static void AddEntries(this List<KeyValuePair<string, string>> list, string name, IEnumerable<KeyValuePair<string, string>>? values)
    {
        var i = 0;
        foreach (var (key, value) in values ?? [])
        {
            i++;
            list.Add(new($"{name}.entry.{i}.key", key));
            list.Add(new($"{name}.entry.{i}.value", value));
        }
    }

    public static string? Text(this XElement? element, string name) => element?.Element(name)?.Value;

    public static bool Flag(this XElement? element, string name) =>
        string.Equals(element?.Element(name)?.Value, "true", StringComparison.OrdinalIgnoreCase);

    public static List<string> Members(this XElement? element, string name) =>
        element?.Element(name)?.Elements("member").Select(m => m.Value).ToList() ?? [];

    public static Dictionary<string, string> Entries(this XElement? element, string name) =>
        element?.Element(name)?.Elements("entry").ToDictionary(e => e.Element("key")?.Value ?? string.Empty, e => e.Element("value")?.Value ?? string.Empty, StringComparer.Ordinal)
        ?? new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>
/// Whether a failed AWS call can have had an effect: a caller that must not repeat a non-idempotent call (SES
/// <c>SendRawEmail</c>) tells "the service refused it" and "it never left" from "the answer was lost".
/// </summary>
public static class AwsRequestOutcome
{
    /// <summary>The <see cref="Exception.Data"/> key the small clients set to <c>true</c> when the connection was refused.</summary>
    public const string NotSentKey = "SesMail.RequestNotSent";

    /// <summary>
    /// <c>true</c> when <paramref name="error"/> proves the request had no effect: the service answered with a
    /// <c>4xx</c> error (it refused the request), or the connection was refused before anything was sent. A <c>5xx</c>,
    /// a timeout, a broken connection or any other error may have come after the service acted, and gives <c>false</c>.
    /// </summary>
    /// <param name="error">What the call threw.</param>
    /// <returns>Whether the call certainly did nothing.</returns>
    public static bool CertainlyNotApplied(Exception error) => error switch
    {
        AmazonServiceException { Data: var data } when data[NotSentKey] is true => true,
        AmazonServiceException { StatusCode: var status, ErrorCode: { Length: > 0 } } when (int)status is >= 400 and < 500 => true,
        _ => false,
    };
}
