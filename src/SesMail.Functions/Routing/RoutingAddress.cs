namespace SesMail.Functions.Routing;

/// <summary>Address normalisation and lookup keys (docs/OPERATIONS.md#routing-rules).</summary>
internal static class RoutingAddress
{
    /// <summary>
    /// The partition keys to try for a recipient, most specific first: the address, the address without its
    /// <c>+</c> sub-address, <c>*@domain</c>, <c>*</c>.
    /// </summary>
    /// <remarks>
    /// The whole address is lower-cased (invariant culture, so upper-case letters of an internationalised domain are
    /// lowered too; the domain is not converted to or from its A-label form). Local and domain part are split at the
    /// last <c>@</c>. The local part is cut at its first <c>+</c> unless it is quoted (<c>"a+b"@x</c> is kept intact);
    /// the cut key is skipped when it equals the first or would have an empty local part (<c>+tag@x</c>). An address
    /// without <c>@</c> tries only itself and <c>*</c>.
    /// </remarks>
    /// <param name="recipient">The recipient exactly as SES gives it.</param>
    /// <returns>Two to four distinct keys, each starting <c>ROUTE#</c>.</returns>
    public static IReadOnlyList<string> LookupKeys(string recipient)
    {
        var address = recipient.ToLowerInvariant();
        var keys = new List<string>(4) { RoutingRule.KeyPrefix + address };
        var at = address.LastIndexOf('@');
        if (at >= 0)
        {
            var local = address.AsSpan(0, at);
            var domain = address.AsSpan(at + 1);
            if (!IsQuoted(local))
            {
                var plus = local.IndexOf('+');
                if (plus > 0)
                {
                    AddDistinct(keys, string.Concat(RoutingRule.KeyPrefix, local[..plus], "@", domain));
                }
            }

            if (!domain.IsEmpty)
            {
                AddDistinct(keys, string.Concat(RoutingRule.KeyPrefix, "*@", domain));
            }
        }

        AddDistinct(keys, RoutingRule.KeyPrefix + "*");
        return keys;
    }

    private static bool IsQuoted(ReadOnlySpan<char> local) => local.Length >= 2 && local[0] == '"' && local[^1] == '"';

    private static void AddDistinct(List<string> keys, string key)
    {
        if (!keys.Contains(key))
        {
            keys.Add(key);
        }
    }
}
