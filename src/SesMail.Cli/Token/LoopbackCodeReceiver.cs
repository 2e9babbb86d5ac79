using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Google.Apis.Auth.OAuth2;

namespace SesMail.Cli.Token;

/// <summary>
/// Google.Apis.Auth's <see cref="LocalServerCodeReceiver"/> on a chosen port: the callback listener answers
/// <c>http://localhost:{port}/</c> (docs/OPERATIONS.md#the-gmail-token: port 8080 by default; a Desktop client accepts any loopback
/// port), and "opening the browser" is handed to a callback, which prints the URL and tries to open it.
/// </summary>
/// <remarks>
/// The library always picks a random port and offers no setting for it; its <c>RedirectUri</c> getter returns a
/// private field once set, so the constructor sets that field (checked right away: a library version without it fails
/// loudly here instead of listening on a port nobody expects).
/// </remarks>
internal sealed class LoopbackCodeReceiver : LocalServerCodeReceiver
{
    private const string ClosePage =
        "<!DOCTYPE html><html><head><title>SesMail</title></head><body><h1>SesMail: authorisation received</h1>" +
        "<p>You can close this tab and return to the terminal.</p></body></html>";

    private readonly Action<Uri> _openBrowser;

    /// <summary>Creates the receiver; nothing listens until the flow asks for the code.</summary>
    /// <param name="port">The callback port; 0 picks a free one.</param>
    /// <param name="openBrowser">Shows the consent URL to the user; the flow waits for the callback whatever it does.</param>
    public LoopbackCodeReceiver(int port, Action<Uri> openBrowser)
        : base(ClosePage)
    {
        _openBrowser = openBrowser;
        Pin($"http://localhost:{(port == 0 ? FreePort() : port)}/");
    }

    /// <inheritdoc />
    protected override bool OpenBrowser(string url)
    {
        _openBrowser(new Uri(url));
        return true;
    }

    private void Pin(string redirectUri)
    {
        var field = typeof(LocalServerCodeReceiver).GetField("redirectUri", BindingFlags.Instance | BindingFlags.NonPublic);
        field?.SetValue(this, redirectUri);
        if (RedirectUri != redirectUri)
        {
            throw new InvalidOperationException($"This Google.Apis.Auth version cannot listen on a chosen port (wanted {redirectUri}, got {RedirectUri}).");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
