using Amazon.SimpleEmail;
using Amazon.SimpleEmail.Model;
using SesMail.Cli.Hosting;

namespace SesMail.Cli.Rules;

/// <summary>
/// Warns when a routing rule or a tested address is for a domain that SES does not receive for: such mail is refused
/// at SMTP (<c>550 5.1.1</c>) before any routing rule is read, which a rule that "matches" would otherwise hide.
/// Coverage follows SES receipt rules (https://docs.aws.amazon.com/ses/latest/dg/receiving-email-receipt-rules-console-walkthrough.html):
/// an enabled rule of the active rule set with no recipients covers every address; a recipient <c>example.com</c>
/// covers every address at that domain, <c>.example.com</c> its subdomains, and <c>user@example.com</c> that address.
/// </summary>
internal static class ReceivingDomainCheck
{
    /// <summary>The domain of a rule pattern or address (<c>user@d</c>, <c>*@d</c>), or <c>null</c> for <c>*</c>.</summary>
    public static string? DomainOf(string patternOrAddress)
    {
        var at = patternOrAddress.LastIndexOf('@');
        return at < 0 || at == patternOrAddress.Length - 1 ? null : patternOrAddress[(at + 1)..].ToLowerInvariant();
    }

    /// <summary>Whether an enabled rule of <paramref name="rules"/> receives mail for <paramref name="domain"/>.</summary>
    public static bool Covers(IEnumerable<ReceiptRule> rules, string domain) =>
        rules.Where(r => r.Enabled == true).Any(r => r.Recipients.Count == 0 || r.Recipients.Any(recipient => CoversRecipient(recipient.ToLowerInvariant(), domain)));

    /// <summary>
    /// Writes a warning to standard error when the active receipt rule set does not receive mail for the domain of
    /// <paramref name="patternOrAddress"/>. Says nothing when the domain is covered, for <c>*</c>, and when the
    /// receipt rules cannot be read (for example without <c>ses:DescribeActiveReceiptRuleSet</c> permission).
    /// </summary>
    public static async Task WarnIfNotReceivedAsync(CliRun run, string patternOrAddress, CancellationToken cancellationToken)
    {
        if (DomainOf(patternOrAddress) is not { } domain)
        {
            return;
        }

        DescribeActiveReceiptRuleSetResponse active;
        try
        {
            active = await run.Aws.Ses.DescribeActiveReceiptRuleSetAsync(new DescribeActiveReceiptRuleSetRequest(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AmazonSimpleEmailServiceException or HttpRequestException or TaskCanceledException)
        {
            return; // the check is advice; the rule itself was handled
        }

        if (active.Metadata is null)
        {
            run.Console.Error.WriteLine($"warning: no receipt rule set is active, so SES receives no mail at all; mail to {domain} is refused at SMTP.");
            return;
        }

        if (Covers(active.Rules, domain))
        {
            return;
        }

        var covered = active.Rules.Where(r => r.Enabled == true).SelectMany(r => r.Recipients).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var domains = string.Join(",", covered.Append(domain));
        run.Console.Error.WriteLine(
            $"warning: {domain} is not a receiving domain of this stack (receipt rule set {active.Metadata.Name} covers {(covered.Count == 0 ? "nothing" : string.Join(", ", covered))}). " +
            $"Mail to it is refused at SMTP with 550 before any routing rule is read. Add it to the Domains parameter, e.g. " +
            $"dotnet run --project src/SesMail.AppHost -- --SesMail:Parameters:Domains={domains}");
    }

    private static bool CoversRecipient(string recipient, string domain) =>
        recipient.Contains('@', StringComparison.Ordinal)
            ? recipient.EndsWith("@" + domain, StringComparison.Ordinal)
            : recipient.StartsWith('.')
                ? domain.EndsWith(recipient, StringComparison.Ordinal)
                : recipient == domain;
}
