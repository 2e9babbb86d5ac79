using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using SesMail.Cli.Hosting;

namespace SesMail.Cli.Deploy;

/// <summary>
/// The deployment package of <c>src/SesMail.Functions</c>: a <c>dotnet publish</c> zipped for the <c>dotnet10</c>
/// managed runtime, and the S3 key it is stored under, named by its content hash so that an unchanged package changes
/// neither the key nor the stack.
/// </summary>
/// <remarks>
/// <see cref="BuildAsync"/> is the one place that builds the package; the Native AOT and runtime-choosing packaging
/// (docs/SETUP.md, "Deploying") replaces its body. The zip is deterministic: entries sorted by path, fixed timestamps
/// (1980-01-01, the earliest a zip can hold), Unix mode 0644 (0755 for <c>bootstrap</c>).
/// </remarks>
internal static class FunctionPackage
{
    /// <summary>The functions project, relative to the repository root.</summary>
    public static readonly string ProjectPath = Path.Combine("src", "SesMail.Functions", "SesMail.Functions.csproj");

    private static readonly DateTimeOffset ZipTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Publishes the functions (Release) and zips the output.</summary>
    /// <param name="repositoryRoot">The folder holding <see cref="ProjectPath"/>.</param>
    /// <param name="outputDirectory">Where the publish folder and the zip go (created).</param>
    /// <param name="cancellationToken">Cancels the build (the <c>dotnet</c> process is killed).</param>
    /// <returns>The zip's path.</returns>
    /// <exception cref="CliException">The project is missing or <c>dotnet publish</c> failed (its last output lines are in the message).</exception>
    public static async Task<string> BuildAsync(string repositoryRoot, string outputDirectory, CancellationToken cancellationToken)
    {
        var project = Path.Combine(repositoryRoot, ProjectPath);
        if (!File.Exists(project))
        {
            throw new CliException($"{project} does not exist.", "Run sesmail deploy from the SesMail repository, or pass a built package with --package.");
        }

        var publish = Path.Combine(outputDirectory, "publish");
        if (Directory.Exists(publish))
        {
            Directory.Delete(publish, recursive: true);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["publish", project, "-c", "Release", "-o", publish, "--nologo"])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new CliException("could not start dotnet.", "Install the .NET 10 SDK.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            var lines = ((await output.ConfigureAwait(false)) + (await error.ConfigureAwait(false))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            throw new CliException($"dotnet publish {ProjectPath} failed (exit {process.ExitCode}):{Environment.NewLine}{string.Join(Environment.NewLine, lines.TakeLast(15))}");
        }

        var zip = Path.Combine(outputDirectory, "SesMail.Functions.zip");
        Zip(publish, zip);
        return zip;
    }

    /// <summary>Zips a folder deterministically (same files, same bytes).</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="zipPath">The zip to write (replaced).</param>
    public static void Zip(string directory, string zipPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(zipPath))!);
        using var file = File.Create(zipPath);
        using var archive = new ZipArchive(file, ZipArchiveMode.Create);
        foreach (var path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(directory, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal))
        {
            var entry = archive.CreateEntry(path, CompressionLevel.Optimal);
            entry.LastWriteTime = ZipTime;
            entry.ExternalAttributes = (Path.GetFileName(path) == "bootstrap" ? 0b111_101_101 : 0b110_100_100) << 16;
            using var source = File.OpenRead(Path.Combine(directory, path));
            using var target = entry.Open();
            source.CopyTo(target);
        }
    }

    /// <summary>The S3 key of a package: <c>functions/SesMail.Functions-{first 16 hex digits of its SHA-256}.zip</c>.</summary>
    /// <param name="zipPath">The package.</param>
    /// <returns>The key.</returns>
    public static string Key(string zipPath)
    {
        using var stream = File.OpenRead(zipPath);
        return $"functions/SesMail.Functions-{Convert.ToHexStringLower(SHA256.HashData(stream))[..16]}.zip";
    }

    /// <summary>The repository root above <paramref name="start"/> (the folder holding <see cref="ProjectPath"/>), or <c>null</c>.</summary>
    /// <param name="start">Where to look from, usually the current folder.</param>
    /// <returns>The folder.</returns>
    public static string? FindRepositoryRoot(string start)
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, ProjectPath)))
            {
                return folder.FullName;
            }
        }

        return null;
    }
}
