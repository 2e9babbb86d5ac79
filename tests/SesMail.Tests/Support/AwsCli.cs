using System.Diagnostics;

namespace SesMail.Tests.Support;

/// <summary>
/// Runs the AWS CLI v2 (<c>/usr/bin/aws</c>, installed by CI) against an emulator with dummy credentials, the test
/// region and no pager. Tests that use it skip when the CLI is not installed.
/// </summary>
public static class AwsCli
{
    /// <summary>The CLI's path: called by full path because another <c>aws</c> may come first on PATH.</summary>
    public const string Path = "/usr/bin/aws";

    /// <summary>Whether the CLI is installed.</summary>
    public static bool IsInstalled => File.Exists(Path);

    /// <summary>Runs <c>aws --endpoint-url {endpoint} --region ap-southeast-2 --no-cli-pager --output json {args}</c>.</summary>
    /// <param name="endpoint">The emulator's base URL.</param>
    /// <param name="args">The command, e.g. <c>sqs</c>, <c>send-message</c>, <c>--queue-url</c>, <c>…</c>.</param>
    /// <returns>Exit code, standard output and standard error.</returns>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(Uri endpoint, params string[] args)
    {
        Assert.SkipUnless(IsInstalled, $"The AWS CLI is not installed at {Path} (CI installs it with apt-get install awscli).");
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["--endpoint-url", endpoint.ToString().TrimEnd('/'), "--region", EmulatorFixture.Region, "--no-cli-pager", "--output", "json", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = "AKIDSESMAILTEST";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "secret";
        start.Environment["AWS_PAGER"] = string.Empty;
        start.Environment.Remove("AWS_PROFILE");
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, await error);
    }
}
