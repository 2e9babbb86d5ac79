using System.Net;
using System.Net.Sockets;

namespace SesMail.Tests.Support;

/// <summary>Ports for servers the tests start, which listen on loopback only.</summary>
internal static class LoopbackPort
{
    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago (the system chose it for a listener that then closed).</summary>
    /// <returns>The port.</returns>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
