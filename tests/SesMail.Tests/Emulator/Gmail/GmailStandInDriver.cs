using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SesMail.Tests.Emulator.Gmail;

/// <summary>Raw-HTTP helper for the Gmail stand-in: tokens, switches and stored messages.</summary>
internal sealed class GmailStandInDriver(Uri baseUrl) : IDisposable
{
    public HttpClient Http { get; } = new() { BaseAddress = baseUrl };

    public static string RefreshTokenFor(string mailbox) => "sesmail-local-refresh:" + mailbox;

    /// <summary>A mailbox no other test uses.</summary>
    public static string NewMailbox(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@example.test";

    public static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Gmail", name));

    public async Task<string> AccessTokenAsync(string mailbox, CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = RefreshTokenFor(mailbox),
            ["client_id"] = "sesmail-local",
            ["client_secret"] = "sesmail-local-secret",
        });
        using var response = await Http.PostAsync(new Uri("/_sesmail/oauth2/token", UriKind.Relative), form, cancellationToken);
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return json!["access_token"]!.GetValue<string>();
    }

    public HttpRequestMessage Authorized(HttpMethod method, string path, string token, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    public async Task ControlAsync(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public Task SetFaultAsync(int status, int count, int? retryAfterSeconds, CancellationToken cancellationToken) =>
        ControlAsync(HttpMethod.Post, "/_sesmail/gmail/faults",
            $"{{\"status\":{status},\"count\":{count}{(retryAfterSeconds is { } s ? $",\"retryAfterSeconds\":{s}" : string.Empty)}}}", cancellationToken);

    /// <summary>Sets any fault (<c>POST /_sesmail/gmail/faults</c> with <paramref name="json"/>).</summary>
    public Task SetFaultAsync(string json, CancellationToken cancellationToken) => ControlAsync(HttpMethod.Post, "/_sesmail/gmail/faults", json, cancellationToken);

    public Task ClearFaultAsync(CancellationToken cancellationToken) => ControlAsync(HttpMethod.Delete, "/_sesmail/gmail/faults", null, cancellationToken);

    public Task RevokeAsync(string mailbox, CancellationToken cancellationToken) =>
        ControlAsync(HttpMethod.Post, "/_sesmail/gmail/revoked-refresh-tokens", $"{{\"refreshToken\":\"{RefreshTokenFor(mailbox)}\"}}", cancellationToken);

    public Task RestoreAsync(string mailbox, CancellationToken cancellationToken) =>
        ControlAsync(HttpMethod.Delete, "/_sesmail/gmail/revoked-refresh-tokens", $"{{\"refreshToken\":\"{RefreshTokenFor(mailbox)}\"}}", cancellationToken);

    /// <summary>The stored metadata of each message in <paramref name="mailbox"/> (control endpoint, no token).</summary>
    public async Task<JsonArray> StoredAsync(string mailbox, CancellationToken cancellationToken)
    {
        var json = await Http.GetStringAsync(new Uri($"/_sesmail/gmail/mailboxes/{Uri.EscapeDataString(mailbox)}/messages", UriKind.Relative), cancellationToken);
        return JsonNode.Parse(json)!.AsArray();
    }

    public Task<byte[]> StoredRawAsync(string mailbox, string id, CancellationToken cancellationToken) =>
        Http.GetByteArrayAsync(new Uri($"/_sesmail/gmail/mailboxes/{Uri.EscapeDataString(mailbox)}/messages/{id}/raw", UriKind.Relative), cancellationToken);

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken), documentOptions: new JsonDocumentOptions())!.AsObject();

    public void Dispose() => Http.Dispose();
}
