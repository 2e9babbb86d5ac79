namespace SesMail.LocalRuntime.Hosting;

/// <summary>
/// LocalRuntime settings, bound from the configuration section <c>SesMail</c> (the contract with the AppHost, docs/ARCHITECTURE.md#local-configuration),
/// plus the top-level key <c>AWS_ENDPOINT_URL</c>.
/// </summary>
public sealed class LocalRuntimeOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "SesMail";

    /// <summary>The backend endpoint (<c>AWS_ENDPOINT_URL</c>, e.g. <c>http://127.0.0.1:4566</c>); <c>null</c> for AWS itself.</summary>
    public Uri? EndpointUrl { get; set; }

    /// <summary><c>SesMail:Environment</c>: <c>test</c> (default) or <c>prod</c>.</summary>
    public string Environment { get; set; } = "test";

    /// <summary><c>SesMail:Region</c>, default <c>ap-southeast-2</c>.</summary>
    public string Region { get; set; } = "ap-southeast-2";

    /// <summary><c>SesMail:AccountId</c>, default <c>000000000000</c> (the emulator's and LocalStack's account).</summary>
    public string AccountId { get; set; } = "000000000000";

    /// <summary><c>SesMail:TemplatePath</c>; default the <c>template.yaml</c> copied beside the runtime's binaries.</summary>
    public string TemplatePath { get; set; } = Path.Combine(AppContext.BaseDirectory, "template.yaml");

    /// <summary><c>SesMail:Parameters:{Name}</c>: template parameter overrides (lists comma-joined).</summary>
    public Dictionary<string, string> Parameters { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// <c>SesMail:StackFile</c>: where the resolved stack is written as JSON for the CLI; default
    /// <c>.sesmail/stack-{Environment}.json</c> under the current directory; empty to write nothing.
    /// </summary>
    public string? StackFile { get; set; }

    /// <summary>
    /// <c>SesMail:StackPollInterval</c>: how often the runtime looks for SesMail stacks deployed beside its own (another
    /// environment, an update by <c>sesmail deploy</c>) and starts or restarts what it runs for them; default 2 s.
    /// </summary>
    public TimeSpan StackPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary><c>SesMail:DeployPollInterval</c>: how often a deployment's status is read while it runs; default 250 ms (1 s against AWS).</summary>
    public TimeSpan? DeployPollInterval { get; set; }

    /// <summary>The stack name of <see cref="Environment"/>, <c>ses-mail-{Environment}</c>.</summary>
    public string StackName => $"ses-mail-{Environment}";
    /// <summary><c>SesMail:Functions</c>: how the stack's functions run locally.</summary>
    public FunctionsOptions Functions { get; set; } = new();

    /// <summary><c>SesMail:Seed</c>: local demo values written after provisioning.</summary>
    public SeedOptions Seed { get; set; } = new();

    /// <summary>
    /// The template parameters in force: <see cref="Parameters"/>, with <c>GmailApiBaseUrl</c> defaulting to the endpoint
    /// locally, and <c>FunctionRuntime</c> to <c>provided.al2023</c> when <see cref="FunctionsOptions.Package"/> is given,
    /// else <c>dotnet10</c> (the managed package this process builds from its own assemblies).
    /// </summary>
    /// <returns>Name → value.</returns>
    public IReadOnlyDictionary<string, string> EffectiveParameters()
    {
        var values = new Dictionary<string, string>(Parameters, StringComparer.Ordinal);
        if (EndpointUrl is not null)
        {
            values.TryAdd("GmailApiBaseUrl", EndpointUrl.ToString().TrimEnd('/'));
            values.TryAdd("FunctionRuntime", string.IsNullOrEmpty(Functions.Package) ? "dotnet10" : "provided.al2023");
        }

        return values;
    }
}

/// <summary>How the stack's functions run locally (<c>SesMail:Functions:*</c>).</summary>
public sealed class FunctionsOptions
{
    /// <summary>
    /// <c>SesMail:Functions:Mode</c>: <c>attached</c> (default) runs the handlers in this process, attached to the
    /// emulator's Lambda service through its Runtime API (the quick dev loop: a change is one rebuild away);
    /// <c>process</c> leaves them to the emulator, which starts each function's package out of process as Lambda does.
    /// </summary>
    public string Mode { get; set; } = "attached";

    /// <summary>
    /// <c>SesMail:Functions:Package</c>: a deployment zip to upload instead of the managed package built from this
    /// process's assemblies, e.g. the Native AOT <c>artifacts/functions/SesMail.Functions-provided.al2023.zip</c>
    /// (then <c>FunctionRuntime</c> defaults to <c>provided.al2023</c>).
    /// </summary>
    public string? Package { get; set; }

    /// <summary><c>SesMail:Functions:Pollers</c>: invocations of one function run at once when attached (default 4).</summary>
    public int Pollers { get; set; } = 4;

    /// <summary>Whether the handlers run in this process.</summary>
    public bool Attached => !string.Equals(Mode, "process", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Local demo values (<c>SesMail:Seed:*</c>), written only where nothing is set yet.</summary>
public sealed class SeedOptions
{
    /// <summary><c>SesMail:Seed:Enabled</c>: seed at all (default <c>true</c> with an endpoint; never against AWS).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// <c>SesMail:Seed:Rules:{i}:Pattern|Action|Target|Description</c>: routing rules written when absent; when none are
    /// configured, the demo rules <c>*@example.test</c> → forward-to-gmail <c>me@example.test</c>,
    /// <c>bounce@example.test</c> → bounce and <see cref="LoadMailbox"/> → forward-to-gmail itself.
    /// </summary>
    public List<SeedRule> Rules { get; set; } = [];

    /// <summary><c>SesMail:Seed:GmailMailbox</c>: the stand-in mailbox the local refresh token opens (default <c>me@example.test</c>).</summary>
    public string GmailMailbox { get; set; } = "me@example.test";

    /// <summary>
    /// <c>SesMail:Seed:LoadMailbox</c>: the stand-in mailbox <c>sesmail load</c> delivers into (default
    /// <c>load@example.test</c>), so load runs leave the user's mail alone. The demo rules forward this address to a
    /// mailbox of the same name, and the account gets a local token of its own; empty turns both off.
    /// </summary>
    public string LoadMailbox { get; set; } = "load@example.test";

    /// <summary><c>SesMail:Seed:OAuth</c>: write the local OAuth client and refresh token over the template placeholders (default <c>true</c>).</summary>
    public bool OAuth { get; set; } = true;

    /// <summary><c>SesMail:Seed:VerifyDomains</c>: SES VerifyDomainIdentity for every domain of the <c>Domains</c> parameter (default <c>true</c>).</summary>
    public bool VerifyDomains { get; set; } = true;

    /// <summary>The rules to write: <see cref="Rules"/>, or the demo rules when none are configured; plus the
    /// <see cref="LoadMailbox"/> rule unless it is empty or a configured rule already has its pattern.</summary>
    /// <returns>The rules.</returns>
    public IReadOnlyList<SeedRule> EffectiveRules()
    {
        List<SeedRule> rules = Rules.Count > 0
            ? [.. Rules]
            :
            [
                new SeedRule { Pattern = "*@example.test", Action = "forward-to-gmail", Target = "me@example.test", Description = "demo: everything at example.test to the local mailbox" },
                new SeedRule { Pattern = "bounce@example.test", Action = "bounce", Target = string.Empty, Description = "demo: bounce@example.test bounces" },
            ];
        if (!string.IsNullOrWhiteSpace(LoadMailbox) && !rules.Exists(r => string.Equals(r.Pattern.Trim(), LoadMailbox.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            rules.Add(new SeedRule { Pattern = LoadMailbox.Trim(), Action = "forward-to-gmail", Target = LoadMailbox.Trim(), Description = "sesmail load: test traffic into a mailbox of its own" });
        }

        return rules;
    }
}

/// <summary>One routing rule to seed (docs/OPERATIONS.md#routing-rules).</summary>
public sealed class SeedRule
{
    /// <summary>An address, <c>*@domain</c> or <c>*</c>; stored lower-case.</summary>
    public string Pattern { get; set; } = string.Empty;

    /// <summary><c>forward-to-gmail</c>, <c>bounce</c> or <c>store</c>.</summary>
    public string Action { get; set; } = "store";

    /// <summary>The Gmail address for <c>forward-to-gmail</c>; empty otherwise.</summary>
    public string Target { get; set; } = string.Empty;

    /// <summary>Free text.</summary>
    public string Description { get; set; } = string.Empty;
}
