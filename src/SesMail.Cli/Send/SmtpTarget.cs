using System.Globalization;
using SesMail.Cli.Hosting;

namespace SesMail.Cli.Send;

/// <summary>An SMTP server address, <c>host:port</c>; default the local SES edge, <c>127.0.0.1:2525</c>.</summary>
internal sealed record SmtpTarget(string Host, int Port)
{
    public static readonly SmtpTarget Default = new("127.0.0.1", 2525);

    public override string ToString() => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <exception cref="CliException">Not <c>host</c> or <c>host:port</c>.</exception>
    public static SmtpTarget Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Default;
        }

        var text = value.Trim();
        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            return new SmtpTarget(text, Default.Port);
        }

        return colon > 0 && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? new SmtpTarget(text[..colon].Trim('[', ']'), port)
            : throw new CliException($"--smtp '{value}' is not host:port.", "Example: --smtp 127.0.0.1:2525", 2);
    }
}
