using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using ARSoft.Tools.Net.Spf;
using MimeKit;
using MimeKit.Cryptography;

namespace SesMail.LocalRuntime.SesReceiving.Authentication;

/// <summary>SES verdict statuses (https://docs.aws.amazon.com/ses/latest/dg/receiving-email-notifications-contents.html).</summary>
internal static class VerdictStatus
{
    public const string Pass = "PASS";
    public const string Fail = "FAIL";
    public const string Gray = "GRAY";
    public const string ProcessingFailed = "PROCESSING_FAILED";
    public const string Disabled = "DISABLED";
}

/// <summary>The outcome of SPF, DKIM and DMARC for one message.</summary>
/// <param name="Spf">SPF verdict status.</param>
/// <param name="SpfDetail">The <c>Received-SPF</c> comment, e.g. <c>pass (spfCheck: domain of x designates 1.2.3.4 as permitted sender)</c>.</param>
/// <param name="SpfResult">RFC 7208 result name (<c>pass</c>, <c>fail</c>, <c>softfail</c>, <c>neutral</c>, <c>none</c>, <c>temperror</c>, <c>permerror</c>).</param>
/// <param name="Dkim">DKIM verdict status.</param>
/// <param name="DkimDomains">Domains (<c>d=</c>) of valid signatures.</param>
/// <param name="Dmarc">DMARC verdict status.</param>
/// <param name="DmarcPolicy">The published policy (<c>none</c>, <c>quarantine</c>, <c>reject</c>) — only when DMARC failed.</param>
/// <param name="FromDomain">The RFC 5322 From domain DMARC evaluated, or <c>null</c>.</param>
internal sealed record AuthenticationVerdicts(
    string Spf,
    string SpfDetail,
    string SpfResult,
    string Dkim,
    IReadOnlyList<string> DkimDomains,
    string Dmarc,
    string? DmarcPolicy,
    string? FromDomain);

/// <summary>
/// SPF (RFC 7208, ARSoft.Tools.Net), DKIM (RFC 6376, MimeKit's <see cref="DkimVerifier"/>) and DMARC (RFC 7489:
/// relaxed/strict alignment, <c>p=</c>/<c>sp=</c>, organizational-domain fallback) through one <see cref="IDnsResolver"/>.
/// Never throws for mail or DNS trouble: failures to look up become <c>PROCESSING_FAILED</c>, absence becomes <c>GRAY</c>.
/// </summary>
/// <remarks>The organizational domain is approximated as the last two labels (no public-suffix list).</remarks>
internal sealed class MailAuthenticator(IDnsResolver dns, string localHostName)
{
    public async Task<AuthenticationVerdicts> AuthenticateAsync(IPAddress clientIp, string? helo, string mailFrom, MimeMessage? message, CancellationToken cancellationToken)
    {
        var (spf, spfResult, spfDetail, spfDomain) = await CheckSpfAsync(clientIp, helo, mailFrom, cancellationToken).ConfigureAwait(false);
        var (dkim, dkimDomains) = message is null ? (VerdictStatus.Gray, []) : await CheckDkimAsync(message, cancellationToken).ConfigureAwait(false);
        var fromDomain = message?.From.Mailboxes.Select(m => m.Domain).FirstOrDefault(d => d.Length > 0)?.ToLowerInvariant();
        var (dmarc, policy) = await CheckDmarcAsync(fromDomain, spf == VerdictStatus.Pass ? spfDomain : null, dkimDomains, cancellationToken).ConfigureAwait(false);
        return new AuthenticationVerdicts(spf, spfDetail, spfResult, dkim, dkimDomains, dmarc, policy, fromDomain);
    }

    private async Task<(string Status, string Result, string Detail, string? Domain)> CheckSpfAsync(IPAddress ip, string? helo, string mailFrom, CancellationToken cancellationToken)
    {
        var at = mailFrom.LastIndexOf('@');
        var domain = at >= 0 ? mailFrom[(at + 1)..] : helo;
        var sender = at >= 0 ? mailFrom : $"postmaster@{helo}";
        if (string.IsNullOrWhiteSpace(domain) || !DomainName.TryParse(domain, out var domainName))
        {
            return (VerdictStatus.Gray, "none", $"none (spfCheck: no domain to check for {ip})", null);
        }

        try
        {
            var validator = new SpfValidator
            {
                DnsResolver = dns,
                HeloDomain = DomainName.TryParse(helo ?? string.Empty, out var h) ? h : null,
                LocalDomain = DomainName.TryParse(localHostName, out var local) ? local : null,
            };
            var result = await validator.CheckHostAsync(ip, domainName!, sender, false, cancellationToken).ConfigureAwait(false);
            var (status, name, text) = result.Result switch
            {
                SpfQualifier.Pass => (VerdictStatus.Pass, "pass", $"domain of {domain} designates {ip} as permitted sender"),
                SpfQualifier.Fail => (VerdictStatus.Fail, "fail", $"domain of {domain} does not designate {ip} as permitted sender"),
                SpfQualifier.SoftFail => (VerdictStatus.Fail, "softfail", $"domain of transitioning {domain} does not designate {ip} as permitted sender"),
                SpfQualifier.Neutral => (VerdictStatus.Gray, "neutral", $"{ip} is neither permitted nor denied by domain of {domain}"),
                SpfQualifier.None => (VerdictStatus.Gray, "none", $"{ip} is neither permitted nor denied by domain of {domain}"),
                SpfQualifier.PermError => (VerdictStatus.ProcessingFailed, "permerror", $"permanent error evaluating the SPF record of {domain}"),
                _ => (VerdictStatus.ProcessingFailed, "temperror", $"temporary error looking up the SPF record of {domain}"),
            };
            return (status, name, $"{name} (spfCheck: {text})", domain.ToLowerInvariant());
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (VerdictStatus.ProcessingFailed, "temperror", $"temperror (spfCheck: could not evaluate SPF for {domain}: {error.GetType().Name})", domain.ToLowerInvariant());
        }
    }

    private async Task<(string Status, IReadOnlyList<string> Domains)> CheckDkimAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var signatures = message.Headers.Where(h => h.Id == HeaderId.DkimSignature).ToList();
        if (signatures.Count == 0)
        {
            return (VerdictStatus.Gray, []);
        }

        var verifier = new DkimVerifier(new DnsDkimPublicKeyLocator(dns));
        var passed = new List<string>();
        var lookupFailed = false;
        foreach (var signature in signatures)
        {
            try
            {
                if (await verifier.VerifyAsync(message, signature, cancellationToken).ConfigureAwait(false))
                {
                    passed.Add(DkimTag(signature.Value, "d")?.ToLowerInvariant() ?? string.Empty);
                }
            }
            catch (DnsLookupException)
            {
                lookupFailed = true;
            }
            catch (Exception error) when (error is FormatException or NotSupportedException or ArgumentException or InvalidOperationException or Org.BouncyCastle.Security.SecurityUtilityException or System.Security.Cryptography.CryptographicException)
            {
                // A malformed signature or key fails this signature only.
            }
        }

        return passed.Count > 0 ? (VerdictStatus.Pass, passed)
            : lookupFailed ? (VerdictStatus.ProcessingFailed, [])
            : (VerdictStatus.Fail, []);
    }

    private async Task<(string Status, string? Policy)> CheckDmarcAsync(string? fromDomain, string? spfDomain, IReadOnlyList<string> dkimDomains, CancellationToken cancellationToken)
    {
        if (fromDomain is null)
        {
            return (VerdictStatus.Gray, null);
        }

        Dictionary<string, string>? record;
        var organizational = OrganizationalDomain(fromDomain);
        var fromSubdomain = false;
        try
        {
            record = await LookupDmarcAsync(fromDomain, cancellationToken).ConfigureAwait(false);
            if (record is null && organizational != fromDomain)
            {
                record = await LookupDmarcAsync(organizational, cancellationToken).ConfigureAwait(false);
                fromSubdomain = record is not null;
            }
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (VerdictStatus.ProcessingFailed, null);
        }

        if (record is null || !record.TryGetValue("p", out var p))
        {
            return (VerdictStatus.Gray, null);
        }

        var strictSpf = record.TryGetValue("aspf", out var aspf) && aspf == "s";
        var strictDkim = record.TryGetValue("adkim", out var adkim) && adkim == "s";
        var aligned =
            (spfDomain is not null && Aligned(spfDomain, fromDomain, strictSpf)) ||
            dkimDomains.Any(d => Aligned(d, fromDomain, strictDkim));
        if (aligned)
        {
            return (VerdictStatus.Pass, null);
        }

        var policy = fromSubdomain && record.TryGetValue("sp", out var sp) ? sp : p;
        return (VerdictStatus.Fail, policy.ToLowerInvariant());
    }

    private async Task<Dictionary<string, string>?> LookupDmarcAsync(string domain, CancellationToken cancellationToken)
    {
        if (!DomainName.TryParse($"_dmarc.{domain}", out var name))
        {
            return null;
        }

        var records = await ResolveTxtAsync(dns, name!, cancellationToken).ConfigureAwait(false);
        var text = records.FirstOrDefault(t => t.TrimStart().StartsWith("v=DMARC1", StringComparison.OrdinalIgnoreCase));
        if (text is null)
        {
            return null;
        }

        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                tags[part[..eq].Trim()] = part[(eq + 1)..].Trim().ToLowerInvariant();
            }
        }

        return tags;
    }

    /// <summary>TXT strings at <paramref name="name"/>; a failed lookup throws <see cref="DnsLookupException"/>.</summary>
    internal static async Task<List<string>> ResolveTxtAsync(IDnsResolver dns, DomainName name, CancellationToken cancellationToken)
    {
        try
        {
            var records = await dns.ResolveAsync<TxtRecord>(name, RecordType.Txt, RecordClass.INet, cancellationToken).ConfigureAwait(false);
            return [.. records.Select(r => r.TextData)];
        }
        catch (DnsLookupException)
        {
            throw;
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new DnsLookupException($"TXT lookup for {name} failed: {error.Message}", error);
        }
    }

    private static bool Aligned(string authenticated, string fromDomain, bool strict) =>
        strict
            ? string.Equals(authenticated, fromDomain, StringComparison.OrdinalIgnoreCase)
            : string.Equals(OrganizationalDomain(authenticated), OrganizationalDomain(fromDomain), StringComparison.OrdinalIgnoreCase);

    internal static string OrganizationalDomain(string domain)
    {
        var labels = domain.TrimEnd('.').ToLowerInvariant().Split('.');
        return labels.Length <= 2 ? string.Join('.', labels) : string.Join('.', labels[^2..]);
    }

    private static string? DkimTag(string value, string tag)
    {
        foreach (var part in value.Split(';'))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && part[..eq].Trim() == tag)
            {
                return part[(eq + 1)..].Trim();
            }
        }

        return null;
    }

    /// <summary>Fetches DKIM keys (<c>{selector}._domainkey.{domain}</c> TXT) through the shared resolver.</summary>
    private sealed class DnsDkimPublicKeyLocator(IDnsResolver resolver) : DkimPublicKeyLocatorBase
    {
        public override Org.BouncyCastle.Crypto.AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            LocatePublicKeyAsync(methods, domain, selector, cancellationToken).GetAwaiter().GetResult();

        public override async Task<Org.BouncyCastle.Crypto.AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default)
        {
            var name = DomainName.Parse($"{selector}._domainkey.{domain}");
            var records = await ResolveTxtAsync(resolver, name, cancellationToken).ConfigureAwait(false);
            var key = records.FirstOrDefault(r => r.Contains("p=", StringComparison.Ordinal))
                ?? throw new FormatException($"No DKIM key at {name}.");
            return GetPublicKey(key);
        }
    }
}
