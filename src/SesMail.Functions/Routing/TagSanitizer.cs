using System.Text;

namespace SesMail.Functions.Routing;

/// <summary>Makes S3 tag values safe (docs/ARCHITECTURE.md#tags-on-stored-mail).</summary>
internal static class TagSanitizer
{
    /// <summary>Longest tag value S3 accepts.</summary>
    public const int MaxLength = 256;

    /// <summary>
    /// Keeps <c>A–Z a–z 0–9</c> and <c>space + - = . _ : / @</c>, replaces every other character with <c>_</c>,
    /// collapses each run of <c>_</c>/whitespace into one <c>_</c>, trims <c>_</c> at both ends, cuts values longer
    /// than 256 to 253 characters plus <c>...</c>, and turns an empty result into <c>EMPTY</c>.
    /// </summary>
    /// <param name="value">The raw value (may be <c>null</c>).</param>
    /// <returns>The tag value.</returns>
    public static string Sanitize(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "EMPTY";
        }

        var builder = new StringBuilder(Math.Min(value.Length, MaxLength + 8));
        var pendingSeparator = false;
        foreach (var ch in value)
        {
            if (IsKept(ch))
            {
                if (pendingSeparator && builder.Length > 0)
                {
                    builder.Append('_');
                }

                pendingSeparator = false;
                builder.Append(ch);
            }
            else
            {
                pendingSeparator = true;
            }
        }

        if (builder.Length == 0)
        {
            return "EMPTY";
        }

        if (builder.Length > MaxLength)
        {
            builder.Length = MaxLength - 3;
            builder.Append("...");
        }

        return builder.ToString();
    }

    /// <summary>Whether a character survives as itself (space and <c>_</c> are separators, handled by collapsing).</summary>
    private static bool IsKept(char ch) =>
        ch is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '+' or '-' or '=' or '.' or ':' or '/' or '@';
}
