namespace SesMail.Emulator.Iam.Policies;

/// <summary>
/// IAM's wildcard matching: <c>*</c> matches any run of characters (including none), <c>?</c> exactly one. Policy
/// variables <c>${*}</c>, <c>${?}</c> and values taken from the request are matched literally: <see cref="Literal"/>
/// marks them. See "IAM JSON policy elements: Resource" and "Condition operators"
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
/// </summary>
internal static class Wildcard
{
    /// <summary>Stands for a literal <c>*</c> inside a pattern.</summary>
    public const char LiteralStar = '\uE000';

    /// <summary>Stands for a literal <c>?</c> inside a pattern.</summary>
    public const char LiteralQuestion = '\uE001';

    /// <summary>Escapes <c>*</c> and <c>?</c> so that they match only themselves.</summary>
    /// <param name="text">A value substituted into a pattern.</param>
    /// <returns>The escaped text.</returns>
    public static string Literal(string text) => text.Replace('*', LiteralStar).Replace('?', LiteralQuestion);

    /// <summary>Whether <paramref name="value"/> matches <paramref name="pattern"/>.</summary>
    /// <param name="pattern">The pattern, with <c>*</c> and <c>?</c>.</param>
    /// <param name="value">The value from the request.</param>
    /// <param name="ignoreCase">Compare ASCII letters without case (actions, <c>…IgnoreCase</c> operators).</param>
    /// <returns><c>true</c> on a match.</returns>
    public static bool IsMatch(string pattern, string value, bool ignoreCase = false)
    {
        int p = 0, v = 0, star = -1, mark = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = v;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], value[v], ignoreCase)))
            {
                p++;
                v++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>Whether <paramref name="value"/> equals <paramref name="pattern"/> with no wildcards (escaped literals compared as themselves).</summary>
    /// <param name="pattern">The policy value.</param>
    /// <param name="value">The request value.</param>
    /// <param name="ignoreCase">Compare without case.</param>
    /// <returns><c>true</c> when equal.</returns>
    public static bool IsEqual(string pattern, string value, bool ignoreCase = false)
    {
        if (pattern.Length != value.Length)
        {
            return false;
        }

        for (var i = 0; i < pattern.Length; i++)
        {
            if (!Same(pattern[i], value[i], ignoreCase))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// ARN matching (<c>Resource</c>, <c>ArnLike</c>, <c>ArnEquals</c>): each of the six colon-separated parts is
    /// matched on its own, the sixth (the resource) including any further colons; <c>*</c> alone matches any ARN.
    /// </summary>
    /// <param name="pattern">The policy's ARN pattern.</param>
    /// <param name="arn">The request's ARN.</param>
    /// <returns><c>true</c> on a match.</returns>
    public static bool IsArnMatch(string pattern, string arn)
    {
        if (pattern == "*")
        {
            return true;
        }

        var patternParts = pattern.Split(':', 6);
        var arnParts = arn.Split(':', 6);
        if (patternParts.Length != 6 || arnParts.Length != 6)
        {
            return IsMatch(pattern, arn);
        }

        for (var i = 0; i < 6; i++)
        {
            if (!IsMatch(patternParts[i], arnParts[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Same(char pattern, char value, bool ignoreCase)
    {
        var literal = pattern switch
        {
            LiteralStar => '*',
            LiteralQuestion => '?',
            _ => pattern,
        };
        return literal == value || (ignoreCase && char.ToLowerInvariant(literal) == char.ToLowerInvariant(value));
    }
}
