using System.Net;
using System.Net.Sockets;

namespace SesMail.AppHost;

/// <summary>
/// Before the AppHost starts anything: the ports the stack's own processes will listen on must be free, or they would
/// fail one by one behind the dashboard. A busy port stops the AppHost with one line per port naming the setting that
/// moves it and how to find the holder (README, "address already in use"). The dashboard's own ports are bound by
/// Aspire itself; <see cref="IsAddressInUse"/> recognises that failure when it comes.
/// </summary>
internal static class PortCheck
{
    /// <summary>A port one of the stack's processes listens on.</summary>
    /// <param name="Address">The address it binds (a literal IP).</param>
    /// <param name="Port">The TCP port.</param>
    /// <param name="Setting">The AppHost setting under <c>SesMail:</c> that chooses the port, e.g. <c>Smtp:Port</c>.</param>
    /// <param name="What">What listens there, in a few words.</param>
    internal sealed record Listener(string Address, int Port, string Setting, string What);

    /// <summary>The listeners the backend in <paramref name="settings"/> starts, in the order they start.</summary>
    public static IReadOnlyList<Listener> Listeners(AppHostSettings settings)
    {
        var listeners = new List<Listener>();
        switch (settings.Backend)
        {
            case Backend.Embedded:
                listeners.Add(new(settings.BindAddress, settings.EmulatorPort, "Emulator:Port", "the emulator's AWS APIs and mailbox"));
                listeners.Add(new(settings.BindAddress, settings.SesSmtpPort, "Emulator:SesSmtpPort", "SES SMTP sending, STARTTLS"));
                listeners.Add(new(settings.BindAddress, settings.SesSmtpTlsPort, "Emulator:SesSmtpTlsPort", "SES SMTP sending, TLS"));
                break;
            case Backend.LocalStack:
                listeners.Add(new(settings.BindAddress, settings.GmailStandInPort, "Emulator:GmailStandInPort", "the mailbox beside LocalStack"));
                break;
        }

        listeners.Add(new(settings.SmtpBindAddress, settings.SmtpPort, "Smtp:Port", "the SMTP edge"));
        return listeners;
    }

    /// <summary>The listeners whose address and port another process already holds.</summary>
    public static IReadOnlyList<Listener> Busy(IEnumerable<Listener> listeners) => [.. listeners.Where(IsHeld)];

    /// <summary>The line printed for a busy port.</summary>
    public static string Message(Listener busy) =>
        $"SesMail cannot start: {busy.Address}:{busy.Port} ({busy.What}) is already in use, by another SesMail stack or another program. "
        + $"Stop it (a stack: Ctrl+C in its terminal), or give this stack another port: dotnet run --project src/SesMail.AppHost -- --SesMail:{busy.Setting}=<port>. "
        + $"What holds it: ss -ltnp 'sport = :{busy.Port}'";

    /// <summary>
    /// The line printed when Aspire could not bind one of the dashboard's ports (<see cref="IsAddressInUse"/>): Kestrel's
    /// own message (<c>Failed to bind to address …: address already in use.</c>, found inside the
    /// <see cref="AggregateException"/> that <c>Run</c> throws) and what to do.
    /// </summary>
    public static string DashboardMessage(Exception error)
    {
        var message = Outermost(error).Message.TrimEnd('.');
        var port = System.Text.RegularExpressions.Regex.Match(message, @":(\d+)(?:/|\b)(?!.*:\d)") is { Success: true } match ? match.Groups[1].Value : "19080";
        return $"SesMail cannot start: {message}. The dashboard takes 15080, 19080 and 20080 (src/SesMail.AppHost/Properties/launchSettings.json), "
            + $"so another SesMail stack or Aspire AppHost probably runs: stop it (Ctrl+C in its terminal). What holds it: ss -ltnp 'sport = :{port}'";
    }

    /// <summary>Whether <paramref name="error"/>, or one it wraps, is a failure to bind an address another process holds.</summary>
    public static bool IsAddressInUse(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
                || e.GetType().Name == "AddressInUseException"
                || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The outermost <see cref="IOException"/> in the chain (Kestrel's message names the address), else the error itself.</summary>
    private static Exception Outermost(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is IOException)
            {
                return e;
            }
        }

        return error;
    }

    private static bool IsHeld(Listener listener)
    {
        if (!IPAddress.TryParse(listener.Address, out var address))
        {
            return false; // a host name: the process that binds it reports its own error
        }

        try
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(address, listener.Port));
            socket.Listen();
            return false;
        }
        catch (SocketException error) when (error.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
        catch (SocketException)
        {
            return false; // not this check's business (an address this machine lacks, a port it may not bind): the process reports it
        }
    }
}
