using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace SesMail.AppHost;

/// <summary>Which service answers the AWS APIs.</summary>
internal enum Backend
{
    /// <summary>SesMail.Emulator on the loopback interface (no Docker, no account).</summary>
    Embedded,

    /// <summary>A LocalStack container; the emulator still hosts the Gmail stand-in.</summary>
    LocalStack,

    /// <summary>Real AWS through a named profile; real Gmail.</summary>
    Aws,
}

/// <summary>
/// The AppHost's configuration, bound from the section <c>SesMail</c> (appsettings.json, environment variables such
/// as <c>SesMail__Backend=localstack</c>, or arguments such as <c>--SesMail:Backend=localstack</c>).
/// </summary>
internal sealed record AppHostSettings
{
    public const string SectionName = "SesMail";

    public Backend Backend { get; init; } = Backend.Embedded;

    /// <summary>Stack environment (<c>test</c> or <c>prod</c>); every resource name carries it.</summary>
    public string Environment { get; init; } = "test";

    public string Region { get; init; } = "ap-southeast-2";

    /// <summary>Loopback address every local listener binds to.</summary>
    public string BindAddress { get; init; } = "127.0.0.1";

    /// <summary>Port of the embedded emulator (AWS APIs and the Gmail stand-in).</summary>
    public int EmulatorPort { get; init; } = 4566;

    /// <summary>Port of the emulator when LocalStack owns 4566 (the emulator then only serves the Gmail stand-in).</summary>
    public int GmailStandInPort { get; init; } = 4567;

    /// <summary>Folder for the emulator's durable state (S3 objects, mailboxes).</summary>
    public string DataDirectory { get; init; } = ".sesmail/emulator";

    /// <summary>Whether the emulator keeps SQS, SNS, SSM, DynamoDB, EventBridge and SES state across restarts (<c>Emulator:Persistence</c>).</summary>
    public bool EmulatorPersistence { get; init; } = true;

    /// <summary>STARTTLS port of the emulator's SES SMTP sending endpoint (<c>Emulator:SesSmtpPort</c>, docs/SENDING.md).</summary>
    public int SesSmtpPort { get; init; } = 2587;

    /// <summary>Implicit-TLS port of the emulator's SES SMTP sending endpoint (<c>Emulator:SesSmtpTlsPort</c>).</summary>
    public int SesSmtpTlsPort { get; init; } = 2465;

    public string SmtpBindAddress { get; init; } = "127.0.0.1";

    public int SmtpPort { get; init; } = 2525;

    /// <summary>
    /// Full path of the resolved stack file the runtime writes (<c>SesMail:StackFile</c>; default
    /// <c>.sesmail/stack-{Environment}.json</c> at the repository root), where the <c>sesmail</c> CLI finds the stack's outputs.
    /// </summary>
    public string StackFile { get; init; } = "";

    /// <summary>Full path of the CloudFormation template the runtime provisions and wires.</summary>
    public string TemplatePath { get; init; } = "";

    public string LocalStackImage { get; init; } = "localstack/localstack";

    public string LocalStackTag { get; init; } = "4.14.0";

    public int LocalStackPort { get; init; } = 4566;

    /// <summary>A LocalStack you run yourself (docker compose up); when set, the AppHost starts no container.</summary>
    public Uri? LocalStackEndpoint { get; init; }

    /// <summary>LocalStack auth token, passed to the container only when set.</summary>
    public string? LocalStackAuthToken { get; init; }

    /// <summary>AWS profile for the <c>aws</c> backend.</summary>
    public string? AwsProfile { get; init; }

    /// <summary>Template parameter overrides (<c>SesMail:Parameters:Domains</c> …), passed to the runtime unchanged.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Demo seed values (<c>SesMail:Seed:*</c>), passed to the runtime unchanged.</summary>
    public IReadOnlyDictionary<string, string> Seed { get; init; } = new Dictionary<string, string>();

    /// <summary>How functions run (<c>SesMail:Functions:Mode</c> attached|process, <c>:Package</c>, <c>:Pollers</c>), passed to the runtime unchanged.</summary>
    public IReadOnlyDictionary<string, string> Functions { get; init; } = new Dictionary<string, string>();

    /// <summary>The base URL of the embedded emulator or of the Gmail stand-in beside LocalStack.</summary>
    public Uri EmulatorUrl => new($"http://{BindAddress}:{(Backend == Backend.LocalStack ? GmailStandInPort : EmulatorPort)}");

    /// <summary>Reads the settings; relative paths are resolved against the repository root.</summary>
    /// <param name="configuration">The AppHost configuration.</param>
    /// <param name="appHostDirectory">The AppHost project folder (src/SesMail.AppHost).</param>
    /// <exception cref="InvalidOperationException">A value is malformed; the message names the key and the choices.</exception>
    public static AppHostSettings From(IConfiguration configuration, string appHostDirectory)
    {
        var section = configuration.GetSection(SectionName);
        var repositoryRoot = Path.GetFullPath(Path.Combine(appHostDirectory, "..", ".."));
        string? Get(string key) => string.IsNullOrWhiteSpace(section[key]) ? null : section[key];

        var defaults = new AppHostSettings();
        return new AppHostSettings
        {
            Backend = ParseBackend(Get("Backend")),
            Environment = Get("Environment") ?? defaults.Environment,
            Region = Get("Region") ?? defaults.Region,
            BindAddress = Get("Emulator:BindAddress") ?? defaults.BindAddress,
            EmulatorPort = ParsePort(Get("Emulator:Port"), "Emulator:Port", defaults.EmulatorPort),
            GmailStandInPort = ParsePort(Get("Emulator:GmailStandInPort"), "Emulator:GmailStandInPort", defaults.GmailStandInPort),
            DataDirectory = Path.GetFullPath(Get("Emulator:DataDirectory") ?? defaults.DataDirectory, repositoryRoot),
            EmulatorPersistence = ParseBool(Get("Emulator:Persistence"), "Emulator:Persistence", defaults.EmulatorPersistence),
            SesSmtpPort = ParsePort(Get("Emulator:SesSmtpPort"), "Emulator:SesSmtpPort", defaults.SesSmtpPort),
            SesSmtpTlsPort = ParsePort(Get("Emulator:SesSmtpTlsPort"), "Emulator:SesSmtpTlsPort", defaults.SesSmtpTlsPort),
            SmtpBindAddress = Get("Smtp:BindAddress") ?? defaults.SmtpBindAddress,
            SmtpPort = ParsePort(Get("Smtp:Port"), "Smtp:Port", defaults.SmtpPort),
            StackFile = Path.GetFullPath(Get("StackFile") ?? Path.Combine(".sesmail", $"stack-{Get("Environment") ?? defaults.Environment}.json"), repositoryRoot),
            TemplatePath = Path.GetFullPath(Get("TemplatePath") ?? Path.Combine("src", "SesMail.Infrastructure", "template.yaml"), repositoryRoot),
            LocalStackImage = Get("LocalStack:Image") ?? defaults.LocalStackImage,
            LocalStackTag = Get("LocalStack:Tag") ?? defaults.LocalStackTag,
            LocalStackPort = ParsePort(Get("LocalStack:Port"), "LocalStack:Port", defaults.LocalStackPort),
            LocalStackEndpoint = ParseUrl(Get("LocalStack:Endpoint"), "LocalStack:Endpoint"),
            LocalStackAuthToken = Get("LocalStack:AuthToken") ?? configuration["LOCALSTACK_AUTH_TOKEN"],
            AwsProfile = Get("Aws:Profile") ?? configuration["AWS_PROFILE"],
            Parameters = Flatten(section.GetSection("Parameters")),
            Seed = Flatten(section.GetSection("Seed")),
            Functions = Flatten(section.GetSection("Functions")),
        };
    }

    internal static Backend ParseBackend(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "embedded" => Backend.Embedded,
        "localstack" => Backend.LocalStack,
        "aws" => Backend.Aws,
        _ => throw new InvalidOperationException(
            $"SesMail:Backend is '{value}', which is not a backend. Use embedded (default, no Docker), localstack (needs Docker) or aws (needs SesMail:Aws:Profile)."),
    };

    private static Uri? ParseUrl(string? value, string key) =>
        value is null ? null
        : Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri
        : throw new InvalidOperationException($"SesMail:{key} is '{value}'; it must be an http(s) URL such as http://127.0.0.1:4566.");

    private static int ParsePort(string? value, string key, int fallback)
    {
        if (value is null)
        {
            return fallback;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw new InvalidOperationException($"SesMail:{key} is '{value}'; it must be a TCP port between 1 and 65535.");
    }

    private static bool ParseBool(string? value, string key, bool fallback) =>
        value is null ? fallback
        : bool.TryParse(value, out var flag) ? flag
        : throw new InvalidOperationException($"SesMail:{key} is '{value}'; it must be true or false.");

    private static Dictionary<string, string> Flatten(IConfigurationSection section)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in section.AsEnumerable(makePathsRelative: true))
        {
            if (pair.Value is not null)
            {
                values[pair.Key] = pair.Value;
            }
        }

        return values;
    }
}
