using System.Text.Json;

namespace SesMail.Functions.Gmail;

/// <summary>
/// The OAuth client from a Google <c>client_secret.json</c>: top-level key <c>installed</c> (desktop app) or
/// <c>web</c>, holding <c>client_id</c>, <c>client_secret</c>, <c>token_uri</c> (docs/OPERATIONS.md#the-gmail-token).
/// </summary>
/// <param name="ClientId">The OAuth client id.</param>
/// <param name="ClientSecret">The OAuth client secret.</param>
/// <param name="TokenUri">The token endpoint (Google: <c>https://oauth2.googleapis.com/token</c>; locally the emulator's <c>/_sesmail/oauth2/token</c>).</param>
/// <param name="AuthUri">The authorisation endpoint (for the consent flow; unused by the forwarder).</param>
internal sealed record GmailClientSecrets(string ClientId, string ClientSecret, Uri TokenUri, Uri AuthUri)
{
    /// <summary>Google's token endpoint, used when the file names none.</summary>
    public static readonly Uri GoogleTokenUri = new("https://oauth2.googleapis.com/token");

    /// <summary>Google's authorisation endpoint, used when the file names none.</summary>
    public static readonly Uri GoogleAuthUri = new("https://accounts.google.com/o/oauth2/auth");

    /// <summary>Parses a <c>client_secret.json</c>.</summary>
    /// <param name="json">The file's text.</param>
    /// <returns>The client.</returns>
    /// <exception cref="FormatException">Not JSON, neither <c>installed</c> nor <c>web</c>, or <c>client_id</c>/<c>client_secret</c> missing; the message says which.</exception>
    public static GmailClientSecrets Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException error)
        {
            throw new FormatException($"The OAuth client credentials are not JSON: {error.Message}", error);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object ||
                !(root.TryGetProperty("installed", out var client) || root.TryGetProperty("web", out client)) ||
                client.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("The OAuth client credentials must be a Google client_secret.json whose top-level key is \"installed\" or \"web\".");
            }

            var clientId = Text(client, "client_id") ?? throw new FormatException("The OAuth client credentials have no client_id.");
            var clientSecret = Text(client, "client_secret") ?? throw new FormatException("The OAuth client credentials have no client_secret.");
            return new GmailClientSecrets(clientId, clientSecret, Absolute(client, "token_uri") ?? GoogleTokenUri, Absolute(client, "auth_uri") ?? GoogleAuthUri);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static Uri? Absolute(JsonElement element, string name)
    {
        var text = Text(element, name);
        if (text is null)
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw new FormatException($"The OAuth client credentials' {name} is not an absolute http(s) URL: {text}");
    }
}
