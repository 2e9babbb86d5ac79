using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace SesMail.LocalRuntime.SesReceiving.Authentication;

/// <summary>
/// Answers names under the special-use top-level domains <c>test.</c> and <c>invalid.</c> with no records at once,
/// without asking a server, as RFC 6761 sections 6.2 and 6.4 ask of caching DNS servers: such names never exist in
/// the global DNS. Every other question goes to <paramref name="inner"/>. SesMail's own examples, tests and
/// <c>sesmail load</c> send from <c>.test</c> domains, and their negative answers carry no SOA, so nothing caches them
/// (RFC 2308 section 5): without this, every message asked the resolver again, and a resolver that drops part of a
/// burst made the edge wait the whole DNS timeout (2 s) before its <c>250</c> (docs/DEVELOPMENT.md, "Measuring the
/// pipeline"). A local zone (<c>SesMail:Smtp:DnsMode=zone</c>) is where <c>.test</c> names get records.
/// </summary>
/// <param name="inner">The resolver that asks the network.</param>
internal sealed class SpecialUseNamesDnsResolver(IDnsResolver inner) : IDnsResolver
{
    private static readonly string[] NeverInTheGlobalDns = ["test", "invalid"];

    /// <summary>Whether a name is under a special-use top-level domain answered here.</summary>
    /// <param name="name">The name asked about.</param>
    /// <returns><c>true</c> for <c>*.test</c>, <c>*.invalid</c> and the two names themselves.</returns>
    public static bool IsSpecialUse(DomainName name) =>
        name.LabelCount > 0 && NeverInTheGlobalDns.Contains(name.Labels[^1], StringComparer.OrdinalIgnoreCase);

    public List<T> Resolve<T>(DomainName name, RecordType recordType = RecordType.A, RecordClass recordClass = RecordClass.INet)
        where T : DnsRecordBase =>
        IsSpecialUse(name) ? [] : inner.Resolve<T>(name, recordType, recordClass);

    public Task<List<T>> ResolveAsync<T>(DomainName name, RecordType recordType = RecordType.A, RecordClass recordClass = RecordClass.INet, CancellationToken token = default)
        where T : DnsRecordBase =>
        IsSpecialUse(name) ? Task.FromResult(new List<T>()) : inner.ResolveAsync<T>(name, recordType, recordClass, token);

    public void ClearCache() => inner.ClearCache();

    public void Dispose() => inner.Dispose();
}
