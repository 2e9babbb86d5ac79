using System.Diagnostics;
using System.Text.Json.Nodes;

namespace SesMail.Tests.Emulator;

/// <summary>Runs the AWS CLI v2 (/usr/bin/aws) against the emulator with dummy credentials.</summary>
internal static class AwsCliRunner
{
    public const string Path = "/usr/bin/aws";

    public static bool Available => File.Exists(Path);

    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public JsonObject Json => JsonNode.Parse(StdOut.Length == 0 ? "{}" : StdOut)!.AsObject();
    }

    public static async Task<Result> RunAsync(Uri endpoint, CancellationToken cancellationToken, params string[] args)
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

        foreach (var arg in new[] { "--endpoint-url", endpoint.ToString().TrimEnd('/'), "--region", "ap-southeast-2", "--output", "json", "--no-cli-pager" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = "AKIDSESMAILTEST";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "secret";
        start.Environment["AWS_PAGER"] = string.Empty;
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment.Remove("AWS_PROFILE");
        start.Environment.Remove("AWS_ENDPOINT_URL");

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
