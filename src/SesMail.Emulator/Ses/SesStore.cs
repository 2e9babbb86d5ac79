using System.Collections.Concurrent;

namespace SesMail.Emulator.Ses;

/// <summary>SES state per region: identities and receipt rule sets, in memory and persisted in
/// <c>{DataDirectory}/ses/state.json</c> (see <c>SesSnapshot.cs</c>); sent mail is durable in <see cref="SesOutbox"/>.</summary>
internal sealed partial class SesStore
{
    private readonly ConcurrentDictionary<string, SesRegionState> _regions = new(StringComparer.Ordinal);

    /// <summary>The state of one region, created on first use.</summary>
    public SesRegionState Region(string region) => _regions.GetOrAdd(region, _ => new SesRegionState());
}

/// <summary>One region's SES configuration. Every access holds <see cref="Gate"/>.</summary>
internal sealed class SesRegionState
{
    /// <summary>Serialises all reads and writes of this region.</summary>
    public Lock Gate { get; } = new();

    /// <summary>Identity (address or domain, as given) → verification token; domains compare case-insensitively.</summary>
    public Dictionary<string, SesIdentity> Identities { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Rule sets by name.</summary>
    public Dictionary<string, SesReceiptRuleSet> RuleSets { get; } = new(StringComparer.Ordinal);

    /// <summary>The active rule set's name, or <c>null</c>.</summary>
    public string? ActiveRuleSet { get; set; }

    /// <summary>The rule set called <paramref name="name"/>.</summary>
    /// <exception cref="Protocols.AwsServiceException"><c>RuleSetDoesNotExist</c>.</exception>
    public SesReceiptRuleSet RequireRuleSet(string name) =>
        RuleSets.TryGetValue(name, out var set) ? set : throw SesErrors.RuleSetDoesNotExist(name);

    /// <summary>Whether mail from <paramref name="address"/> may be sent: the address, its domain or a parent domain is verified.</summary>
    public bool IsVerifiedSender(string address)
    {
        if (Identities.ContainsKey(address))
        {
            return true;
        }

        var at = address.LastIndexOf('@');
        var domain = at < 0 ? address : address[(at + 1)..];
        while (domain.Length > 0)
        {
            if (Identities.TryGetValue(domain, out var identity) && identity.Type == SesIdentityType.Domain)
            {
                return true;
            }

            var dot = domain.IndexOf('.', StringComparison.Ordinal);
            domain = dot < 0 ? string.Empty : domain[(dot + 1)..];
        }

        return false;
    }
}

/// <summary>A receipt rule set: its metadata and its ordered rules (each with every member set, see <see cref="SesProvider"/>).</summary>
/// <param name="name">The rule set name.</param>
/// <param name="createdTimestamp">When it was created.</param>
internal sealed class SesReceiptRuleSet(string name, DateTimeOffset createdTimestamp)
{
    /// <summary>The rule set name.</summary>
    public string Name { get; } = name;

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedTimestamp { get; } = createdTimestamp;

    /// <summary>The rules in evaluation order.</summary>
    public List<ReceiptRule> Rules { get; } = [];

    /// <summary>The position of the rule called <paramref name="rule"/>, or -1.</summary>
    public int IndexOf(string rule) => Rules.FindIndex(r => r.Name == rule);
}

/// <summary>Kind of identity, spelled as <c>ListIdentities</c>' <c>IdentityType</c>.</summary>
internal enum SesIdentityType
{
    EmailAddress,
    Domain,
}

/// <summary>A verified identity.</summary>
/// <param name="Name">The address or domain.</param>
/// <param name="Type">Address or domain.</param>
/// <param name="VerificationToken">The TXT token (<c>_amazonses</c>) for domains; <c>null</c> for addresses.</param>
internal sealed record SesIdentity(string Name, SesIdentityType Type, string? VerificationToken);
