using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace SesMail.Tests.Emulator;

/// <summary>
/// A raw AWS JSON-protocol client for services without a .NET SDK package here (EventBridge, DynamoDB Streams in
/// SDK v4): POST / with <c>X-Amz-Target</c> and a SigV4-shaped Authorization header carrying the credential scope.
/// </summary>
internal sealed class AwsJsonClient(Uri baseUrl, string targetPrefix, string jsonVersion, string signingName)
{
    public async Task<(HttpStatusCode Status, JsonObject Body)> CallAsync(string operation, JsonObject input, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = baseUrl };
        using var content = new StringContent(input.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue($"application/x-amz-json-{jsonVersion}");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = content };
        request.Headers.Add("X-Amz-Target", $"{targetPrefix}.{operation}");
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential=AKIDSESMAILTEST/20260101/ap-southeast-2/{signingName}/aws4_request, SignedHeaders=host, Signature=0");
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response.StatusCode, JsonNode.Parse(text.Length == 0 ? "{}" : text)!.AsObject());
    }

    /// <summary>Calls and requires 200, returning the body.</summary>
    public async Task<JsonObject> OkAsync(string operation, JsonObject input, CancellationToken cancellationToken)
    {
        var (status, body) = await CallAsync(operation, input, cancellationToken);
        if (status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{operation} answered {(int)status}: {body.ToJsonString()}");
        }

        return body;
    }
}
