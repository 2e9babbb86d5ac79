using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace SesMail.AppHost;

/// <summary>The backend resources the runtime talks to.</summary>
/// <param name="Kind">The selected backend.</param>
/// <param name="AwsEndpointUrl">What the runtime gets as <c>AWS_ENDPOINT_URL</c>; null for real AWS.</param>
/// <param name="Emulator">The SesMail emulator (AWS APIs and/or the Gmail stand-in); null for real AWS.</param>
/// <param name="LocalStack">The LocalStack container when that backend is selected.</param>
internal sealed record SesMailBackend(
    Backend Kind,
    Uri? AwsEndpointUrl,
    IResourceBuilder<ProjectResource>? Emulator,
    IResourceBuilder<ContainerResource>? LocalStack);

/// <summary>The AppHost's building blocks: one method per part, so AppHost.cs reads as a parts list.</summary>
internal static class SesMailResourceExtensions
{
    /// <summary>Emulator health: answers once its listener runs (see EmulatorHealth).</summary>
    public const string EmulatorHealthPath = "/_sesmail/health";

    /// <summary>Runtime health: healthy only once provisioning is done and the SMTP edge listens.</summary>
    public const string RuntimeHealthPath = "/health";

    /// <summary>Adds the backend selected by <c>SesMail:Backend</c>.</summary>
    public static SesMailBackend AddSesMailBackend(this IDistributedApplicationBuilder builder, AppHostSettings settings)
    {
        switch (settings.Backend)
        {
            case Backend.LocalStack:
                var gmail = builder.AddEmulator(settings, settings.GmailStandInPort);
                if (settings.LocalStackEndpoint is { } external)
                {
                    return new SesMailBackend(Backend.LocalStack, external, gmail, null); // one you run (docker-compose.yml)
                }

                var localStack = builder.AddLocalStack(settings);
                return new SesMailBackend(Backend.LocalStack, new Uri($"http://{settings.BindAddress}:{settings.LocalStackPort}"), gmail, localStack);

            case Backend.Aws:
                if (string.IsNullOrWhiteSpace(settings.AwsProfile))
                {
                    throw new InvalidOperationException(
                        "SesMail:Backend is aws but no profile is set. Set SesMail:Aws:Profile (or AWS_PROFILE) to a profile from ~/.aws/config.");
                }

                return new SesMailBackend(Backend.Aws, null, null, null);

            default:
                var emulator = builder.AddEmulator(settings, settings.EmulatorPort);
                return new SesMailBackend(Backend.Embedded, settings.EmulatorUrl, emulator, null);
        }
    }

    /// <summary>
    /// Adds SesMail.Emulator on a fixed loopback port, not proxied, so SDKs, the AWS CLI and swaks users can use a
    /// stable URL. The emulator binds through its own <c>Emulator:*</c> configuration.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddEmulator(this IDistributedApplicationBuilder builder, AppHostSettings settings, int port)
    {
        var url = $"http://{settings.BindAddress}:{port.ToString(CultureInfo.InvariantCulture)}";
        return builder.AddProject<Projects.SesMail_Emulator>("emulator", launchProfileName: null)
            .WithHttpEndpoint(port: port, targetPort: port, name: "http", isProxied: false)
            .WithEnvironment("Emulator__BindAddress", settings.BindAddress)
            .WithEnvironment("Emulator__Port", port.ToString(CultureInfo.InvariantCulture))
            .WithEnvironment("Emulator__DataDirectory", settings.DataDirectory)
            .WithEnvironment("Emulator__Persistence", settings.EmulatorPersistence ? "true" : "false")
            .WithEnvironment("Emulator__DefaultRegion", settings.Region)
            .WithHttpHealthCheck(EmulatorHealthPath)
            .WithUrl($"{url}/gmail/", "Mailbox (Gmail stand-in)")
            .WithUrl($"{url}/_sesmail/ses/", "SES outbox")
            .WithUrl($"{url}/_sesmail/cloudwatch/", "CloudWatch (dashboard, alarms)");
    }

    /// <summary>Adds LocalStack, pinned, with its auth token passed through only when set.</summary>
    public static IResourceBuilder<ContainerResource> AddLocalStack(this IDistributedApplicationBuilder builder, AppHostSettings settings)
    {
        var localStack = builder.AddContainer("localstack", settings.LocalStackImage, settings.LocalStackTag)
            .WithHttpEndpoint(port: settings.LocalStackPort, targetPort: 4566, name: "http", isProxied: false)
            .WithEnvironment("AWS_DEFAULT_REGION", settings.Region)
            .WithHttpHealthCheck("/_localstack/health");
        if (!string.IsNullOrWhiteSpace(settings.LocalStackAuthToken))
        {
            localStack.WithEnvironment("LOCALSTACK_AUTH_TOKEN", settings.LocalStackAuthToken);
        }

        return localStack;
    }

    /// <summary>
    /// Adds SesMail.LocalRuntime: it uploads the functions' package and provisions the template into the backend (whose
    /// Lambda service then runs the functions, their event source mappings and the pipe), runs the handlers in its own
    /// process when <c>SesMail:Functions:Mode</c> is <c>attached</c> (the default), and listens for SMTP. It starts once
    /// the backend is healthy.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddSesMailRuntime(this IDistributedApplicationBuilder builder, AppHostSettings settings, SesMailBackend backend)
    {
        var runtime = builder.AddProject<Projects.SesMail_LocalRuntime>("runtime", launchProfileName: null)
            .WithHttpEndpoint(name: "http")
            .WithEndpoint(name: "smtp", port: settings.SmtpPort, targetPort: settings.SmtpPort, scheme: "tcp", isProxied: false)
            .WithHttpHealthCheck(RuntimeHealthPath)
            .WithEnvironment(context =>
            {
                foreach (var (name, value) in RuntimeEnvironment(settings, backend))
                {
                    context.EnvironmentVariables[name] = value;
                }
            });

        if (backend.LocalStack is not null)
        {
            runtime.WaitFor(backend.LocalStack);
        }

        if (backend.Emulator is not null)
        {
            runtime.WaitFor(backend.Emulator);
        }

        return runtime;
    }

    /// <summary>
    /// The runtime's environment, which <c>LocalRuntimeOptions</c> binds: <c>AWS_ENDPOINT_URL</c>,
    /// <c>SesMail:Environment</c>, <c>SesMail:Region</c>, <c>SesMail:TemplatePath</c>, <c>SesMail:StackFile</c>, <c>SesMail:Smtp:*</c>,
    /// <c>SesMail:Parameters:*</c> and <c>SesMail:Seed:*</c>.
    /// </summary>
    internal static IReadOnlyDictionary<string, string> RuntimeEnvironment(AppHostSettings settings, SesMailBackend backend)
    {
        var env = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["AWS_REGION"] = settings.Region,
            ["AWS_DEFAULT_REGION"] = settings.Region,
            ["SesMail__Environment"] = settings.Environment,
            ["SesMail__Region"] = settings.Region,
            ["SesMail__TemplatePath"] = settings.TemplatePath,
            ["SesMail__StackFile"] = settings.StackFile,
            ["SesMail__Smtp__BindAddress"] = settings.SmtpBindAddress,
            ["SesMail__Smtp__Port"] = settings.SmtpPort.ToString(CultureInfo.InvariantCulture),
        };

        if (backend.AwsEndpointUrl is { } endpoint)
        {
            env["AWS_ENDPOINT_URL"] = endpoint.ToString().TrimEnd('/');
            env["AWS_ACCESS_KEY_ID"] = "test"; // local backends accept any credentials; the SDK needs some
            env["AWS_SECRET_ACCESS_KEY"] = "test";
        }
        else if (!string.IsNullOrWhiteSpace(settings.AwsProfile))
        {
            env["AWS_PROFILE"] = settings.AwsProfile;
        }

        if (backend.Emulator is not null && !settings.Parameters.ContainsKey("GmailApiBaseUrl"))
        {
            env["SesMail__Parameters__GmailApiBaseUrl"] = settings.EmulatorUrl.ToString().TrimEnd('/');
        }

        if (backend.Emulator is not null)
        {
            // Spans also go to the emulator's trace store, which sesmail trace and aws xray read (docs/TRACING.md).
            env["SesMail__TraceStore"] = settings.EmulatorUrl.ToString().TrimEnd('/');
        }

        if (backend.Emulator is not null && !settings.Parameters.ContainsKey("AlarmEmail") && !settings.Parameters.ContainsKey("AlarmTopicArn"))
        {
            // Alarm notifications arrive as mail in the Gmail stand-in's demo mailbox (an SNS email subscription).
            env["SesMail__Parameters__AlarmEmail"] = "me@example.test";
        }

        foreach (var (key, value) in settings.Parameters)
        {
            env["SesMail__Parameters__" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in settings.Seed)
        {
            env["SesMail__Seed__" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in settings.Functions)
        {
            env["SesMail__Functions__" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return env;
    }

    /// <summary>Prints where things are once the runtime reports healthy (and once, if it never does, why to look).</summary>
    public static void AnnounceWhenReady(this IDistributedApplicationBuilder builder, AppHostSettings settings, SesMailBackend backend, IResourceBuilder<ProjectResource> runtime)
    {
        var dashboard = DashboardUrl(builder.Configuration);
        builder.Eventing.Subscribe<ResourceReadyEvent>(runtime.Resource, (_, _) =>
        {
            Console.Out.WriteLine(Banner(settings, backend, dashboard));
            Console.Out.Flush();
            return Task.CompletedTask;
        });
    }

    /// <summary>The text printed once the pipeline is ready.</summary>
    internal static string Banner(AppHostSettings settings, SesMailBackend backend, string? dashboard)
    {
        var lines = new List<string> { "", "SesMail is ready." };
        if (dashboard is not null)
        {
            lines.Add($"  Dashboard        {dashboard}");
        }

        lines.Add($"  SMTP (SES edge)  {settings.SmtpBindAddress}:{settings.SmtpPort}   e.g. swaks --server {settings.SmtpBindAddress}:{settings.SmtpPort} --from you@sender.test --to someone@{FirstDomain(settings)}");
        if (backend.Emulator is not null)
        {
            var emulator = settings.EmulatorUrl.ToString().TrimEnd('/');
            lines.Add($"  Mailbox page     {emulator}/gmail/");
            lines.Add($"  SES outbox       {emulator}/_sesmail/ses/");
            lines.Add($"  Dashboard page   {emulator}/_sesmail/cloudwatch/dashboard/ses-mail-dashboard-{settings.Environment}  (alarms: {emulator}/_sesmail/cloudwatch/, sesmail alarms)");
            lines.Add($"  Logs             aws --endpoint-url {emulator} --region {settings.Region} logs tail /aws/lambda/ses-mail-router-enrichment-{settings.Environment} --follow");
        }

        lines.Add(backend.Kind switch
        {
            Backend.Embedded => $"  AWS APIs         {backend.AwsEndpointUrl!.ToString().TrimEnd('/')}  (embedded emulator, any credentials; e.g. AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test aws --region {settings.Region} --endpoint-url {backend.AwsEndpointUrl!.ToString().TrimEnd('/')} sqs list-queues)",
            Backend.LocalStack => $"  AWS APIs         {backend.AwsEndpointUrl!.ToString().TrimEnd('/')}  (LocalStack {settings.LocalStackTag})",
            _ => $"  AWS APIs         AWS, profile {settings.AwsProfile}, region {settings.Region}",
        });
        lines.Add("  Stop with Ctrl+C.");
        lines.Add("");
        return string.Join(Environment.NewLine, lines);
    }

    private static string FirstDomain(AppHostSettings settings) =>
        settings.Parameters.TryGetValue("Domains", out var domains) && domains.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is [var first, ..]
            ? first
            : "example.test";

    private static string? DashboardUrl(IConfiguration configuration)
    {
        var urls = configuration["ASPNETCORE_URLS"];
        return string.IsNullOrWhiteSpace(urls) ? null : urls.Split(';')[0];
    }
}
