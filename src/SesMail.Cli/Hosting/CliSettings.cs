namespace SesMail.Cli.Hosting;

/// <summary>The options every command shares, resolved.</summary>
/// <param name="Endpoint">The AWS endpoint (emulator or LocalStack), or null for real AWS.</param>
/// <param name="Profile">The AWS profile, or null.</param>
/// <param name="Environment">Stack environment (<c>test</c>/<c>prod</c>).</param>
/// <param name="Region">AWS region.</param>
/// <param name="Output">Output format.</param>
/// <param name="StackFile"><c>--stack-file</c>: the resolved stack file to read names from, or <c>null</c> to look for one.</param>
/// <param name="StackName"><c>--stack-name</c>: the CloudFormation stack whose outputs name the resources in AWS.</param>
internal sealed record CliSettings(Uri? Endpoint, string? Profile, string Environment, string Region, OutputFormat Output, string? StackFile = null, string? StackName = null)
{
    /// <summary>The local stack's emulator URL (the embedded emulator's default port, 4566, on loopback).</summary>
    public static readonly Uri DefaultEndpoint = new("http://127.0.0.1:4566");

    /// <summary>The Gmail stand-in lives on the emulator; null when talking to real AWS.</summary>
    public Uri? GmailStandIn => Endpoint;

    /// <summary>Where the endpoint points, for messages ("http://127.0.0.1:4566" or "AWS (profile x)").</summary>
    public string Describe() => Endpoint is not null ? Endpoint.ToString().TrimEnd('/') : $"AWS {Region}" + (Profile is null ? "" : $" (profile {Profile})");

    /// <summary>
    /// Chooses the endpoint: <c>--endpoint</c> wins; with <c>--profile</c> alone it is real AWS; otherwise
    /// <c>AWS_ENDPOINT_URL</c>, then the local emulator.
    /// </summary>
    /// <exception cref="CliException">The endpoint is not an absolute http(s) URL, or the environment is not test/prod.</exception>
    public static CliSettings Resolve(string? endpoint, string? profile, string environment, string region, OutputFormat output, string? environmentEndpoint, string? stackFile = null, string? stackName = null)
    {
        Uri? uri = null;
        var chosen = !string.IsNullOrWhiteSpace(endpoint) ? endpoint
            : !string.IsNullOrWhiteSpace(profile) ? null
            : !string.IsNullOrWhiteSpace(environmentEndpoint) ? environmentEndpoint
            : DefaultEndpoint.ToString();
        if (chosen is not null)
        {
            if (!Uri.TryCreate(chosen, UriKind.Absolute, out uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new CliException($"--endpoint '{chosen}' is not an http(s) URL.", "Example: --endpoint http://127.0.0.1:4566");
            }
        }

        if (environment is not ("test" or "prod"))
        {
            throw new CliException($"--env '{environment}' is not an environment of SesMail.", "Use --env test or --env prod.");
        }

        return new CliSettings(
            uri,
            string.IsNullOrWhiteSpace(profile) ? null : profile,
            environment,
            region,
            output,
            string.IsNullOrWhiteSpace(stackFile) ? null : stackFile,
            string.IsNullOrWhiteSpace(stackName) ? $"ses-mail-{environment}" : stackName);
    }
}
