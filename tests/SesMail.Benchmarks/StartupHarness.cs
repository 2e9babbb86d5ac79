using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SesMail.Benchmarks;

/// <summary>
/// Process start to first answer, of the emulator (<c>GET /_sesmail/health</c> answering 200) and of the empty
/// ASP.NET Core app in <c>tests/SesMail.StartupFloor</c> (<c>GET /</c>), both Release builds started with
/// <c>dotnet {dll}</c> on a free loopback port (the emulator with a fresh data folder each time), polled every 5 ms
/// from this process. Runs alternate between the two so that the machine's load weighs on both alike; one warm-up run
/// of each is not counted. Prints every run, the medians and their ratio (the goal is at most 2).
/// Run: <c>dotnet run -c Release --project tests/SesMail.Benchmarks -- startup [runs]</c> (default 7); it builds the
/// floor app in Release first, and <c>dotnet run -c Release</c> has already built the emulator's Release dll.
/// </summary>
internal static class StartupHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 1 && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 7;
        var root = RepositoryRoot();
        var emulator = Path.Combine(root, "src", "SesMail.Emulator", "bin", "Release", "net10.0", "SesMail.Emulator.dll");
        var floorProject = Path.Combine(root, "tests", "SesMail.StartupFloor");
        var floor = Path.Combine(floorProject, "bin", "Release", "net10.0", "SesMail.StartupFloor.dll");
        using (var build = Process.Start(new ProcessStartInfo("dotnet", ["build", floorProject, "-c", "Release", "-v", "q", "-nologo"]) { UseShellExecute = false })!)
        {
            await build.WaitForExitAsync().ConfigureAwait(false);
            if (build.ExitCode != 0)
            {
                Console.Error.WriteLine("building tests/SesMail.StartupFloor failed");
                return 1;
            }
        }

        if (!File.Exists(emulator))
        {
            Console.Error.WriteLine($"{emulator} is missing: run `dotnet build src/SesMail.Emulator -c Release` first.");
            return 1;
        }

        var emulatorTimes = new List<double>();
        var floorTimes = new List<double>();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"start to first answer, {runs} runs each after one warm-up, {Environment.ProcessorCount} cores, load average {S3PutHarness.LoadAverage()}"));
        for (var run = 0; run <= runs; run++)
        {
            var data = Directory.CreateTempSubdirectory("sesmail-startup-").FullName;
            try
            {
                var port = FreePort();
                var e = await MeasureAsync(emulator, [$"--Emulator:Port={port}", $"--Emulator:DataDirectory={data}"], new Uri($"http://127.0.0.1:{port}/_sesmail/health")).ConfigureAwait(false);
                port = FreePort();
                var f = await MeasureAsync(floor, [$"--urls=http://127.0.0.1:{port}"], new Uri($"http://127.0.0.1:{port}/")).ConfigureAwait(false);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(run == 0 ? "warm-up" : $"run {run}"),-8} emulator {e,6:F0} ms   empty app {f,6:F0} ms"));
                if (run > 0)
                {
                    emulatorTimes.Add(e);
                    floorTimes.Add(f);
                }
            }
            finally
            {
                Directory.Delete(data, recursive: true);
            }
        }

        var emulatorMedian = Median(emulatorTimes);
        var floorMedian = Median(floorTimes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median   emulator {emulatorMedian,6:F0} ms   empty app {floorMedian,6:F0} ms   ratio {emulatorMedian / floorMedian:F2} (load average {S3PutHarness.LoadAverage()})"));
        return 0;
    }

    /// <summary>Milliseconds from <see cref="Process.Start()"/> to the first 200 from <paramref name="probe"/>; the process is killed after.</summary>
    private static async Task<double> MeasureAsync(string dll, string[] arguments, Uri probe)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("Logging__LogLevel__Default"); // the benchmarks program quiets its own in-process emulators
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { Timeout = TimeSpan.FromSeconds(5) };
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (true)
            {
                try
                {
                    using var response = await http.GetAsync(probe).ConfigureAwait(false);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    }
                }
                catch (HttpRequestException)
                {
                }

                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{dll} exited with {process.ExitCode} before answering.");
                }

                if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(60))
                {
                    throw new TimeoutException($"{dll} did not answer {probe} within 60 s.");
                }

                await Task.Delay(5).ConfigureAwait(false);
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SesMail.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("SesMail.sln not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
