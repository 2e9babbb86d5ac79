using SesMail.Aws.Events;

namespace SesMail.Functions.Bouncer;

/// <summary>
/// Decides when a delivery-status notification must not be sent, to avoid backscatter and mail loops
/// (docs/ARCHITECTURE.md#the-bouncer; RFC 3464 §1, RFC 3834 §2, RFC 5321 §4.5.5).
/// </summary>
internal sealed class BounceLoopGuard
{
    /// <summary>Skip reason: the envelope sender is empty or <c>&lt;&gt;</c> (a null reverse-path is never answered).</summary>
    public const string NullSender = "null-sender";

    /// <summary>Skip reason: the envelope sender is not an address.</summary>
    public const string InvalidSender = "invalid-sender";

    /// <summary>Skip reason: the envelope sender is a <c>mailer-daemon</c> or <c>postmaster</c> address.</summary>
    public const string SystemSender = "system-sender";

    /// <summary>Skip reason: the envelope sender is a system address of one of our own domains.</summary>
    public const string OwnSystemSender = "own-system-sender";

    /// <summary>Skip reason: <c>Auto-Submitted</c> with a value other than <c>no</c>.</summary>
    public const string AutoSubmitted = "auto-submitted";

    /// <summary>Skip reason: <c>Precedence: bulk</c>, <c>junk</c> or <c>list</c>.</summary>
    public const string BulkPrecedence = "precedence";

    /// <summary>Skip reason: the message carries <c>List-Id</c> (mailing-list traffic).</summary>
    public const string MailingList = "mailing-list";

    private static readonly HashSet<string> AnyDomainSystemParts = new(StringComparer.OrdinalIgnoreCase) { "mailer-daemon", "postmaster" };

    private static readonly HashSet<string> OwnDomainSystemParts = new(StringComparer.OrdinalIgnoreCase)
    {
        "mailer-daemon", "postmaster", "abuse", "noreply", "no-reply", "donotreply", "do-not-reply", "bounce", "bounces",
    };

    private readonly HashSet<string> _ownDomains;

    /// <summary>Creates the guard.</summary>
    /// <param name="ownDomains">Our domains (lower-case comparison).</param>
    public BounceLoopGuard(IEnumerable<string> ownDomains) =>
        _ownDomains = new HashSet<string>(ownDomains.Where(d => d.Length > 0), StringComparer.OrdinalIgnoreCase);

    /// <summary>The reason not to bounce this message, or <c>null</c> when a notification may be sent.</summary>
    /// <param name="mail">The original message's <c>mail</c> object.</param>
    /// <param name="extraOwnDomains">Further domains known to be ours (e.g. the bounced recipients' domains).</param>
    /// <returns>One of this class's reason constants, or <c>null</c>.</returns>
    public string? SkipReason(SesNotification.MailObject? mail, IEnumerable<string> extraOwnDomains)
    {
        var source = mail?.Source?.Trim();
        if (string.IsNullOrEmpty(source) || source == "<>")
        {
            return NullSender;
        }

        source = source.Trim('<', '>');
        var at = source.LastIndexOf('@');
        if (at <= 0 || at == source.Length - 1)
        {
            return InvalidSender;
        }

        var local = source[..at];
        var domain = source[(at + 1)..];
        if (AnyDomainSystemParts.Contains(local))
        {
            return SystemSender;
        }

        if (OwnDomainSystemParts.Contains(local) && (_ownDomains.Contains(domain) || extraOwnDomains.Contains(domain, StringComparer.OrdinalIgnoreCase)))
        {
            return OwnSystemSender;
        }

        foreach (var header in mail!.Headers ?? [])
        {
            if (header?.Name is null)
            {
                continue; // a notification with a null header entry (malformed input): nothing to judge by
            }

            var value = header.Value?.Trim() ?? string.Empty;
            if (header.Name.Equals("Auto-Submitted", StringComparison.OrdinalIgnoreCase)
                && !FirstToken(value).Equals("no", StringComparison.OrdinalIgnoreCase))
            {
                return AutoSubmitted;
            }

            if (header.Name.Equals("Precedence", StringComparison.OrdinalIgnoreCase)
                && FirstToken(value).ToLowerInvariant() is "bulk" or "junk" or "list")
            {
                return BulkPrecedence;
            }

            if (header.Name.Equals("List-Id", StringComparison.OrdinalIgnoreCase))
            {
                return MailingList;
            }
        }

        return null;
    }

    /// <summary>The header value up to any parameter or comment (<c>auto-replied; owner-email=…</c> → <c>auto-replied</c>).</summary>
    private static string FirstToken(string value)
    {
        var end = value.IndexOfAny([';', ' ', '\t', '(']);
        return end < 0 ? value : value[..end];
    }
}
