using System.Diagnostics;

namespace SesMail.Tests.Support;

/// <summary>
/// The Native AOT <c>provided.al2023</c> package of the functions, published once per test run (CI publishes it
/// before the tests, so it is found here): <c>artifacts/functions/SesMail.Functions-provided.al2023.zip</c> at the
/// repository root. When it is missing, the first caller runs
/// <c>dotnet publish src/SesMail.Functions.Bootstrap -c Release -r linux-x64</c> (a few minutes) and every later caller
/// reuses the zip.
/// </summary>
internal static class AotFunctionPackage
{
    private static readonly SemaphoreSlim Once = new(1, 1);

    /// <summary>The repository root (where <c>SesMail.sln</c> is).</summary>
    public static string RepositoryRoot
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "SesMail.sln")))
            {
                folder = folder.Parent;
            }

            return folder?.FullName ?? throw new InvalidOperationException($"No SesMail.sln above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>The zip's path.</summary>
    public static string ZipPath => Path.Combine(RepositoryRoot, "artifacts", "functions", "SesMail.Functions-provided.al2023.zip");

    /// <summary>Returns the package's path, publishing it first when it is missing.</summary>
    /// <param name="cancellationToken">Cancels the publish.</param>
    /// <returns>The zip's path.</returns>
    /// <exception cref="InvalidOperationException">The publish failed; the message holds its last output lines.</exception>
    public static async Task<string> EnsureAsync(CancellationToken cancellationToken)
    {
        await Once.WaitAsync(cancellationToken);
        try
        {
            if (File.Exists(ZipPath))
            {
                return ZipPath;
            }

            var start = new ProcessStartInfo(SesMail.Emulator.Lambda.Runtime.LambdaExecutor.DotnetHost())
            {
                WorkingDirectory = RepositoryRoot,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var arg in (string[])["publish", "src/SesMail.Functions.Bootstrap", "-c", "Release", "-r", "linux-x64", "-nologo"])
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0 || !File.Exists(ZipPath))
            {
                var lines = (await output + await error).Split('\n').TakeLast(15);
                throw new InvalidOperationException($"dotnet publish of the AOT bootstrap failed ({process.ExitCode}):\n{string.Join('\n', lines)}");
            }

            return ZipPath;
        }
        finally
        {
            Once.Release();
        }
    }
}
