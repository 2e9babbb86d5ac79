using System.CommandLine;

namespace SesMail.Cli.Hosting;

/// <summary>The options every command takes (<c>--endpoint</c>, <c>--profile</c>, <c>--env</c>, <c>--region</c>, <c>--output</c>).</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Endpoint { get; } = new("--endpoint")
    {
        Description = "AWS endpoint URL (emulator or LocalStack). Default: AWS_ENDPOINT_URL, else http://127.0.0.1:4566; with --profile alone, real AWS.",
        Recursive = true,
    };

    public Option<string?> Profile { get; } = new("--profile")
    {
        Description = "AWS profile from ~/.aws/config (real AWS unless --endpoint is given too).",
        Recursive = true,
    };

    public Option<string> Environment { get; } = new("--env")
    {
        Description = "Stack environment: test or prod.",
        DefaultValueFactory = _ => "test",
        Recursive = true,
    };

    public Option<string> Region { get; } = new("--region")
    {
        Description = "AWS region.",
        DefaultValueFactory = _ => System.Environment.GetEnvironmentVariable("AWS_REGION") is { Length: > 0 } region ? region : "ap-southeast-2",
        Recursive = true,
    };

    public Option<string?> StackFile { get; } = new("--stack-file")
    {
        Description = "The resolved stack file whose outputs name the resources. Default: .sesmail/stack-{env}.json here or in a parent folder (with a local endpoint).",
        Recursive = true,
    };

    public Option<string?> StackName { get; } = new("--stack-name")
    {
        Description = "The CloudFormation stack whose outputs name the resources in AWS. Default: ses-mail-{env}.",
        Recursive = true,
    };

    public Option<OutputFormat> Output { get; } = new("--output", "-o")
    {
        Description = "Output format: table (default) or json.",
        DefaultValueFactory = _ => OutputFormat.Table,
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Endpoint);
        root.Options.Add(Profile);
        root.Options.Add(Environment);
        root.Options.Add(Region);
        root.Options.Add(Output);
        root.Options.Add(StackFile);
        root.Options.Add(StackName);
    }

    public CliSettings Read(ParseResult result, string? environmentEndpoint) => CliSettings.Resolve(
        result.GetValue(Endpoint),
        result.GetValue(Profile),
        result.GetValue(Environment)!,
        result.GetValue(Region)!,
        result.GetValue(Output),
        environmentEndpoint,
        result.GetValue(StackFile),
        result.GetValue(StackName));
}
