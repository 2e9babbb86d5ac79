using System.Diagnostics;
using System.Text.Json.Nodes;

namespace SesMail.Tests.Support;

/// <summary>
/// Runs the AWS CLI v2 (<c>/usr/bin/aws</c>, installed by CI) against an emulator with dummy credentials, the test
/// region, no config or credentials files, no instance metadata and no pager. Tests that use it skip when the CLI is
/// not installed. The one runner for every CLI-driven contract test.
/// </summary>
public static class AwsCli
{
    /// <summary>The CLI's path: called by full path because another <c>aws</c> may come first on PATH.</summary>
    public const string Path = "/usr/bin/aws";

    /// <summary>Whether the CLI is installed.</summary>
    public static bool IsInstalled => File.Exists(Path);

    /// <summary>The outcome of one CLI call.</summary>
    /// <param name="ExitCode">0 on success; 254 for a service error; 252/255 for usage errors.</param>
    /// <param name="Output">Standard output (JSON, since every call passes <c>--output json</c>).</param>
    /// <param name="Error">Standard error (service errors name their code here).</param>
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        /// <summary>The output parsed as JSON (an empty object for empty output).</summary>
        public JsonNode Json => Output.Trim().Length == 0 ? new JsonObject() : JsonNode.Parse(Output)!;
    }

    /// <summary>Runs <c>aws --endpoint-url {endpoint} --region ap-southeast-2 --no-cli-pager --output json {args}</c>.</summary>
    /// <param name="endpoint">The emulator's base URL.</param>
    /// <param name="args">The command, e.g. <c>sqs</c>, <c>send-message</c>, <c>--queue-url</c>, <c>…</c>.</param>
    /// <returns>Exit code, standard output and standard error.</returns>
    public static Task<Result> RunAsync(Uri endpoint, params string[] args) => RunAsync(endpoint, args, workingDirectory: null, timeout: null);

    /// <summary>As <see cref="RunAsync(Uri, string[])"/>, in a working directory (for relative file arguments) and with a time limit.</summary>
    /// <param name="endpoint">The emulator's base URL.</param>
    /// <param name="args">The command and its arguments.</param>
    /// <param name="workingDirectory">The CLI's working directory; <c>null</c> for the test's.</param>
    /// <param name="timeout">How long the call may take before the test fails; <c>null</c> for the test's own cancellation only.</param>
    /// <param name="environment">Extra environment variables (e.g. <c>HTTP_PROXY</c>), or <c>null</c>.</param>
    /// <returns>Exit code, standard output and standard error.</returns>
    public static Task<Result> RunAsync(Uri endpoint, string[] args, string? workingDirectory, TimeSpan? timeout, IReadOnlyDictionary<string, string>? environment = null) =>
        RunAsync(endpoint, args, workingDirectory, timeout, credentials: null, environment);

    /// <summary>As <see cref="RunAsync(Uri, string[])"/>, signed with other credentials (an IAM user's key, or STS credentials with their session token).</summary>
    /// <param name="endpoint">The emulator's base URL.</param>
    /// <param name="credentials">Access key id, secret and optional session token.</param>
    /// <param name="args">The command and its arguments.</param>
    /// <returns>Exit code, standard output and standard error.</returns>
    public static Task<Result> RunAsAsync(Uri endpoint, (string AccessKeyId, string SecretAccessKey, string? SessionToken) credentials, params string[] args) =>
        RunAsync(endpoint, args, workingDirectory: null, timeout: null, credentials, environment: null);

    private static async Task<Result> RunAsync(Uri endpoint, string[] args, string? workingDirectory, TimeSpan? timeout, (string AccessKeyId, string SecretAccessKey, string? SessionToken)? credentials, IReadOnlyDictionary<string, string>? environment)
    {
        Assert.SkipUnless(IsInstalled, $"The AWS CLI is not installed at {Path} (CI installs it with apt-get install awscli).");
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var arg in (string[])["--endpoint-url", endpoint.ToString().TrimEnd('/'), "--region", EmulatorFixture.Region, "--no-cli-pager", "--output", "json", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = credentials?.AccessKeyId ?? "AKIDSESMAILTEST";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = credentials?.SecretAccessKey ?? "secret";
        if (credentials?.SessionToken is { } token)
        {
            start.Environment["AWS_SESSION_TOKEN"] = token;
        }
        else
        {
            start.Environment.Remove("AWS_SESSION_TOKEN");
        }
        start.Environment["AWS_CONFIG_FILE"] = "/nonexistent/sesmail-aws-config";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/sesmail-aws-credentials";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_PAGER"] = string.Empty;
        start.Environment.Remove("AWS_PROFILE");
        start.Environment.Remove("AWS_ENDPOINT_URL");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var cancellationToken = TestContext.Current.CancellationToken;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } within)
        {
            limit.CancelAfter(within);
        }

        await process.WaitForExitAsync(limit.Token);
        return new Result(process.ExitCode, await output, await error);
    }
}
