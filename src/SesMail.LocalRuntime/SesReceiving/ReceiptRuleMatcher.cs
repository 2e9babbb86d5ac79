namespace SesMail.LocalRuntime.SesReceiving;

/// <summary>
/// Whether a receipt rule's recipient conditions cover an address, as SES matches them
/// (https://docs.aws.amazon.com/ses/latest/dg/receiving-email-receipt-rules-console-walkthrough.html, "Recipient conditions"):
/// <c>user@example.com</c> matches that address; <c>example.com</c> every address at that domain but not its subdomains;
/// <c>.example.com</c> every address at any subdomain of example.com but not example.com itself; no conditions match
/// every recipient. Comparison ignores case.
/// </summary>
internal static class ReceiptRuleMatcher
{
    public static bool Covers(IReadOnlyCollection<string> conditions, string address)
    {
        if (conditions.Count == 0)
        {
            return true;
        }

        var at = address.LastIndexOf('@');
        var domain = at < 0 ? address : address[(at + 1)..];
        foreach (var condition in conditions)
        {
            var c = condition.Trim();
            if (c.Contains('@', StringComparison.Ordinal))
            {
                if (string.Equals(c, address, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            else if (c.StartsWith('.'))
            {
                if (domain.EndsWith(c, StringComparison.OrdinalIgnoreCase) && domain.Length > c.Length)
                {
                    return true;
                }
            }
            else if (string.Equals(c, domain, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
