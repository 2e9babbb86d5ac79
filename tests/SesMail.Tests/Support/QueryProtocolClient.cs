using System.Xml.Linq;

namespace SesMail.Tests.Support;

/// <summary>
/// Posts raw AWS Query requests (<c>Action=…&amp;Version=…</c>) to an emulator with a SigV4-style credential scope
/// naming the service, and returns the XML answer. For contract tests of Query services that have no SDK client here.
/// </summary>
internal sealed class QueryProtocolClient(Uri baseUrl, string signingName, string version, string region = EmulatorFixture.Region) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseUrl };

    /// <summary>One answer: HTTP status and the parsed body.</summary>
    public sealed record Answer(int Status, XDocument Body)
    {
        /// <summary>The error code (<c>ErrorResponse/Error/Code</c>) or <c>null</c> on success.</summary>
        public string? ErrorCode => Body.Descendants().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;

        /// <summary>All elements with a local name, in document order.</summary>
        public IEnumerable<XElement> All(string localName) => Body.Descendants().Where(e => e.Name.LocalName == localName);

        /// <summary>The first element's value with a local name, or <c>null</c>.</summary>
        public string? Value(string localName) => All(localName).FirstOrDefault()?.Value;
    }

    /// <summary>Calls <paramref name="action"/> with the given parameters.</summary>
    public async Task<Answer> CallAsync(string action, CancellationToken cancellationToken, params (string Name, string Value)[] parameters)
    {
        var form = new Dictionary<string, string> { ["Action"] = action, ["Version"] = version };
        foreach (var (name, value) in parameters)
        {
            form[name] = value;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new FormUrlEncodedContent(form) };
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential=AKIDSESMAILTEST/20260101/{region}/{signingName}/aws4_request, SignedHeaders=host, Signature=0");
        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return new Answer((int)response.StatusCode, XDocument.Parse(text));
    }

    public void Dispose() => _http.Dispose();
}
