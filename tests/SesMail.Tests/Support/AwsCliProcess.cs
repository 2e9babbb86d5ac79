using System.Diagnostics;
using System.Text.Json.Nodes;

namespace SesMail.Tests.Support;

/// <summary>
/// Runs the AWS CLI v2 (<c>/usr/bin/aws</c>) against an emulator with dummy credentials, no config files and no pager.
/// </summary>
internal static class AwsCliProcess
{
    /// <summary>Path of the AWS CLI the CI installs.</summary>
    public const string Path = "/usr/bin/aws";

    /// <summary>Whether the CLI is installed (tests skip with a reason otherwise).</summary>
    public static bool IsInstalled => File.Exists(Path);

    /// <summary>The outcome of one CLI call.</summary>
    /// <param name="ExitCode">0 on success; 254 for a service error; 252/255 for usage errors.</param>
    /// <param name="Stdout">Standard output (JSON with <c>--output json</c>).</param>
    /// <param name="Stderr">Standard error (service errors name their code here).</param>
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        /// <summary>The output parsed as JSON (an empty object for empty output).</summary>
        public JsonNode Json => Stdout.Trim().Length == 0 ? new JsonObject() : JsonNode.Parse(Stdout)!;
    }

    /// <summary>Runs <c>aws {args} --endpoint-url {endpoint} --region {region} --output json</c>.</summary>
    public static async Task<Result> RunAsync(Uri endpoint, string region, CancellationToken cancellationToken, params string[] args)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var arg in new[] { "--endpoint-url", endpoint.ToString().TrimEnd('/'), "--region", region, "--output", "json", "--no-cli-pager" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = "AKIDSESMAILTEST";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "secret";
        start.Environment["AWS_CONFIG_FILE"] = "/nonexistent/sesmail-aws-config";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/sesmail-aws-credentials";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_PAGER"] = string.Empty;
        start.Environment.Remove("AWS_PROFILE");
        start.Environment.Remove("AWS_ENDPOINT_URL");

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
