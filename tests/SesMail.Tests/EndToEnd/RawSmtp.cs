using System.Net.Sockets;
using System.Text;

namespace SesMail.Tests.EndToEnd;

/// <summary>
/// A deliberately small SMTP client that sends message bytes exactly as given (only dot-stuffed, RFC 5321 §4.5.2),
/// so bare LF, 8-bit bytes and odd headers reach the server unchanged — MailKit would re-serialize them.
/// </summary>
internal static class RawSmtp
{
    /// <summary>Sends one message; returns the final reply line (e.g. <c>250 Ok …</c>).</summary>
    /// <exception cref="InvalidOperationException">The server answered a command with an unexpected code.</exception>
    public static async Task<string> SendAsync(int port, string from, IReadOnlyList<string> recipients, byte[] data, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, cancellationToken);
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII, false, 1024, leaveOpen: true);

        await ExpectAsync(reader, "220", cancellationToken);
        await CommandAsync(stream, reader, "EHLO e2e.sender.test", "250", cancellationToken);
        await CommandAsync(stream, reader, $"MAIL FROM:<{from}> BODY=8BITMIME SIZE={data.Length}", "250", cancellationToken);
        foreach (var recipient in recipients)
        {
            await CommandAsync(stream, reader, $"RCPT TO:<{recipient}>", "250", cancellationToken);
        }

        await CommandAsync(stream, reader, "DATA", "354", cancellationToken);
        var stuffed = DotStuff(data);
        await stream.WriteAsync(stuffed, cancellationToken);
        var endsWithCrLf = data.Length >= 2 && data[^2] == '\r' && data[^1] == '\n';
        await stream.WriteAsync(Encoding.ASCII.GetBytes(endsWithCrLf ? ".\r\n" : "\r\n.\r\n"), cancellationToken);
        var reply = await ExpectAsync(reader, "250", cancellationToken);
        await CommandAsync(stream, reader, "QUIT", "221", cancellationToken);
        return reply;
    }

    /// <summary>Doubles a leading dot on every line (after CRLF or a bare LF).</summary>
    public static byte[] DotStuff(byte[] data)
    {
        using var output = new MemoryStream(data.Length + 64);
        var lineStart = true;
        foreach (var b in data)
        {
            if (lineStart && b == (byte)'.')
            {
                output.WriteByte((byte)'.');
            }

            output.WriteByte(b);
            lineStart = b == (byte)'\n';
        }

        return output.ToArray();
    }

    private static async Task CommandAsync(NetworkStream stream, StreamReader reader, string command, string expected, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), cancellationToken);
        await ExpectAsync(reader, expected, cancellationToken, command);
    }

    private static async Task<string> ExpectAsync(StreamReader reader, string expected, CancellationToken cancellationToken, string? command = null)
    {
        while (true)
        {
            var line = await reader.ReadLineAsync(cancellationToken)
                ?? throw new InvalidOperationException($"The SMTP server closed the connection after {command ?? "connect"}.");
            if (line.Length > 3 && line[3] == '-')
            {
                continue; // multi-line reply
            }

            return line.StartsWith(expected, StringComparison.Ordinal)
                ? line
                : throw new InvalidOperationException($"SMTP {command ?? "greeting"} answered '{line}', expected {expected}.");
        }
    }
}
