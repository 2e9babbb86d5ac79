using System.Collections.Concurrent;

namespace SesMail.Emulator.Ses;

/// <summary>SES state per region: identities, configuration sets and receipt rule sets, in memory and persisted in
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

    /// <summary>Configuration sets by name (SES v1 and v2 share them).</summary>
    public Dictionary<string, SesConfigurationSet> ConfigurationSets { get; } = new(StringComparer.Ordinal);

    /// <summary>The configuration set called <paramref name="name"/>.</summary>
    /// <exception cref="Protocols.AwsServiceException"><c>ConfigurationSetDoesNotExist</c>.</exception>
    public SesConfigurationSet RequireConfigurationSet(string name) =>
        ConfigurationSets.TryGetValue(name, out var set) ? set : throw SesErrors.ConfigurationSetDoesNotExist(name);

    /// <summary>
    /// The identity <paramref name="address"/> sends as: the address itself when it is an identity, else its domain or
    /// the nearest parent domain that is one; <c>null</c> when none is verified.
    /// </summary>
    public SesIdentity? SendingIdentity(string address)
    {
        if (Identities.TryGetValue(address, out var exact) && exact.Type == SesIdentityType.EmailAddress)
        {
            return exact;
        }

        var at = address.LastIndexOf('@');
        var domain = at < 0 ? address : address[(at + 1)..];
        while (domain.Length > 0)
        {
            if (Identities.TryGetValue(domain, out var identity) && identity.Type == SesIdentityType.Domain)
            {
                return identity;
            }

            var dot = domain.IndexOf('.', StringComparison.Ordinal);
            domain = dot < 0 ? string.Empty : domain[(dot + 1)..];
        }

        return null;
    }

    /// <summary>The rule set called <paramref name="name"/>.</summary>
    /// <exception cref="Protocols.AwsServiceException"><c>RuleSetDoesNotExist</c>.</exception>
    public SesReceiptRuleSet RequireRuleSet(string name) =>
        RuleSets.TryGetValue(name, out var set) ? set : throw SesErrors.RuleSetDoesNotExist(name);

    /// <summary>Whether mail from <paramref name="address"/> may be sent: the address, its domain or a parent domain is verified.</summary>
    public bool IsVerifiedSender(string address) => SendingIdentity(address) is not null;
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
/// <param name="ConfigurationSetName">The identity's default configuration set (SESv2
/// <c>PutEmailIdentityConfigurationSetAttributes</c>), used for mail from it that names none; <c>null</c> for none.</param>
internal sealed record SesIdentity(
    string Name,
    SesIdentityType Type,
    string? VerificationToken,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? ConfigurationSetName = null);
