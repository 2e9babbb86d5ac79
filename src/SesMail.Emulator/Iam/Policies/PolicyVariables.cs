using System.Text;

namespace SesMail.Emulator.Iam.Policies;

/// <summary>
/// Replaces policy variables (<c>${aws:username}</c>, <c>${aws:PrincipalTag/team}</c>, <c>${s3:prefix, 'home/'}</c>) in
/// <c>Resource</c> patterns and condition values with the request's values; <c>${*}</c>, <c>${?}</c> and <c>${$}</c>
/// stand for the literal characters. Only version <c>2012-10-17</c> documents have variables
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
/// </summary>
internal static class PolicyVariables
{
    /// <summary>The text with every variable replaced, or <c>null</c> when a key has no value and no default (the element then matches nothing).</summary>
    /// <param name="text">A pattern or value from the policy.</param>
    /// <param name="keys">The request's condition keys.</param>
    /// <returns>The text as a wildcard pattern (substituted values are literal), or <c>null</c>.</returns>
    public static string? Substitute(string text, RequestContextKeys keys)
    {
        if (!text.Contains("${", StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var start = text.IndexOf("${", i, StringComparison.Ordinal);
            var end = start < 0 ? -1 : text.IndexOf('}', start + 2);
            if (start < 0 || end < 0)
            {
                result.Append(text, i, text.Length - i);
                break;
            }

            result.Append(text, i, start - i);
            var inner = text[(start + 2)..end];
            switch (inner)
            {
                case "*":
                    result.Append(Wildcard.LiteralStar);
                    break;
                case "?":
                    result.Append(Wildcard.LiteralQuestion);
                    break;
                case "$":
                    result.Append('$');
                    break;
                default:
                    var comma = inner.IndexOf(',', StringComparison.Ordinal);
                    var key = (comma < 0 ? inner : inner[..comma]).Trim();
                    var value = keys.Get(key) is [var single] ? single : null;
                    if (value is null && comma >= 0)
                    {
                        var fallback = inner[(comma + 1)..].Trim();
                        if (fallback.Length >= 2 && fallback[0] == '\'' && fallback[^1] == '\'')
                        {
                            value = fallback[1..^1];
                        }
                    }

                    if (value is null)
                    {
                        return null;
                    }

                    result.Append(Wildcard.Literal(value));
                    break;
            }

            i = end + 1;
        }

        return result.ToString();
    }
}
