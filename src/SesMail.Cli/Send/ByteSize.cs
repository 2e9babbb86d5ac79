using System.Globalization;
using SesMail.Cli.Hosting;

namespace SesMail.Cli.Send;

/// <summary>Parses sizes such as <c>20KB</c>, <c>1.5MB</c>, <c>20000</c> (KB = 1024 bytes).</summary>
internal static class ByteSize
{
    /// <exception cref="CliException">Not a size, negative, or above 40 MB (SES's receiving limit).</exception>
    public static int Parse(string value, string option)
    {
        var text = value.Trim().ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal);
        var (number, factor) = text switch
        {
            _ when text.EndsWith("MB", StringComparison.Ordinal) => (text[..^2], 1024d * 1024),
            _ when text.EndsWith("KB", StringComparison.Ordinal) => (text[..^2], 1024d),
            _ when text.EndsWith('M') => (text[..^1], 1024d * 1024),
            _ when text.EndsWith('K') => (text[..^1], 1024d),
            _ when text.EndsWith('B') => (text[..^1], 1d),
            _ => (text, 1d),
        };
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount < 0)
        {
            throw new CliException($"{option} '{value}' is not a size.", $"Examples: {option} 20KB, {option} 1MB, {option} 5000", 2);
        }

        var bytes = amount * factor;
        return bytes <= 40 * 1024 * 1024
            ? (int)Math.Round(bytes)
            : throw new CliException($"{option} '{value}' is above SES's 40 MB receiving limit.", null, 2);
    }
}
