using System.Net;
using System.Xml.Linq;

namespace SesMail.Tests.Support;

/// <summary>Sends raw AWS Query requests (form-encoded <c>Action=…</c>) to an emulator, signed for a service, and parses the XML answer.</summary>
/// <param name="baseUrl">The emulator's base URL.</param>
/// <param name="service">The SigV4 signing name put in the credential scope (e.g. <c>sns</c>); the signature itself is not checked.</param>
public sealed class QueryHttp(Uri baseUrl, string service) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseUrl };

    /// <summary>Posts one action with its parameters.</summary>
    /// <param name="parameters">Action, Version and the operation's flattened parameters.</param>
    /// <returns>The status and the parsed XML body.</returns>
    public async Task<(HttpStatusCode Status, XElement Body)> PostAsync(params (string Name, string Value)[] parameters)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(parameters.Select(p => KeyValuePair.Create(p.Name, p.Value))),
        };
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential=AKIDSESMAILTEST/20260101/{EmulatorFixture.Region}/{service}/aws4_request, SignedHeaders=host, Signature=0");
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, XElement.Parse(text));
    }

    /// <summary>The first descendant with a local name (namespace ignored), or <c>null</c>.</summary>
    public static string? Value(XElement root, string localName) =>
        root.Descendants().FirstOrDefault(e => e.Name.LocalName == localName)?.Value;

    /// <summary>All descendants with a local name (namespace ignored).</summary>
    public static IEnumerable<XElement> All(XElement root, string localName) =>
        root.Descendants().Where(e => e.Name.LocalName == localName);

    public void Dispose() => _http.Dispose();
}
