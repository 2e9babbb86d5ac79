using System.Diagnostics;
using System.Net;

namespace SesMail.Benchmarks;

/// <summary>
/// A server under measurement: a Release dll started with <c>dotnet {dll}</c>, its output read and thrown away, killed
/// with its children when disposed. Used by the <c>startup</c> and <c>request-floor</c> harnesses.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dll;

    private ServerProcess(Process process, string dll)
    {
        _process = process;
        _dll = dll;
    }

    /// <summary>The process id (for <see cref="StartupHarness.CpuMilliseconds"/>).</summary>
    public int Id => _process.Id;

    /// <summary>
    /// Starts <paramref name="dll"/> with <paramref name="arguments"/>. <paramref name="quiet"/> sets its logging to
    /// <c>Warning</c>, so that it writes no line per request; otherwise it logs by its own defaults (the benchmarks
    /// program's own <c>Logging__LogLevel__Default</c>, which quiets its in-process emulators, is not passed on).
    /// </summary>
    public static ServerProcess Start(string dll, IEnumerable<string> arguments, bool quiet)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (quiet)
        {
            start.Environment["Logging__LogLevel__Default"] = "Warning";
        }
        else
        {
            start.Environment.Remove("Logging__LogLevel__Default");
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServerProcess(process, dll);
    }

    /// <summary>Asks <paramref name="probe"/> every <paramref name="poll"/> until it answers 200.</summary>
    /// <exception cref="InvalidOperationException">The process exited first.</exception>
    /// <exception cref="TimeoutException">No 200 within 60 s.</exception>
    public async Task WaitUntilAnsweringAsync(HttpClient http, Uri probe, TimeSpan poll)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(probe).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{_dll} exited with {_process.ExitCode} before answering.");
            }

            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"{_dll} did not answer {probe} within 60 s.");
            }

            await Task.Delay(poll).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Builds the empty ASP.NET Core app in <c>tests/SesMail.StartupFloor</c> in Release and returns its dll, or
    /// <c>null</c> (with a line on standard error) when the build fails.
    /// </summary>
    public static async Task<string?> BuildFloorAsync()
    {
        var project = Path.Combine(StartupHarness.RepositoryRoot(), "tests", "SesMail.StartupFloor");
        using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", project, "-c", "Release", "-v", "q", "-nologo"]) { UseShellExecute = false })!;
        await build.WaitForExitAsync().ConfigureAwait(false);
        if (build.ExitCode != 0)
        {
            Console.Error.WriteLine("building tests/SesMail.StartupFloor failed");
            return null;
        }

        return Path.Combine(project, "bin", "Release", "net10.0", "SesMail.StartupFloor.dll");
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().ConfigureAwait(false);
        _process.Dispose();
    }
}
