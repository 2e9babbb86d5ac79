using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SesMail.Cli.Load;

namespace SesMail.Benchmarks;

/// <summary>
/// Process start to first answer, of the emulator (<c>GET /_sesmail/health</c> answering 200) and of the empty
/// ASP.NET Core app in <c>tests/SesMail.StartupFloor</c> (<c>GET /</c>), both Release builds started with
/// <c>dotnet {dll}</c> on a free loopback port (the emulator with a fresh data folder each time), polled every 5 ms
/// from this process. Runs alternate between the two so that the machine's load weighs on both alike; one warm-up run
/// of each is not counted. Prints every run, the medians and their ratio (the goal is at most 2).
/// Run: <c>dotnet run -c Release --project tests/SesMail.Benchmarks -- startup [runs] [baselineEmulatorDll]</c> (default
/// 7 runs); it builds the floor app in Release first, and <c>dotnet run -c Release</c> has already built the emulator's
/// Release dll. A baseline dll (another build of the emulator, e.g. of main: <c>dotnet build src/SesMail.Emulator -c
/// Release -o /tmp/emu-base</c> on that commit) is measured in the same alternation, for a before/after on equal load.
/// Also prints each process's CPU time at its first answer (from <c>/proc/{pid}/stat</c>), which the machine's load
/// moves less than the wall time.
/// </summary>
internal static class StartupHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 1 && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 7;
        var emulator = EmulatorDll();
        if (await ServerProcess.BuildFloorAsync().ConfigureAwait(false) is not { } floor || emulator is null)
        {
            return 1;
        }

        var baseline = args.Length > 2 ? Path.GetFullPath(args[2]) : null;
        var targets = new List<(string Name, string Dll, bool Emulator)> { ("emulator", emulator, true), ("empty app", floor, false) };
        if (baseline is not null)
        {
            targets.Insert(0, ("baseline", baseline, true));
        }

        var times = targets.ToDictionary(t => t.Name, _ => new List<(double Wall, double Cpu)>());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"start to first answer, {runs} runs each after one warm-up, {Environment.ProcessorCount} cores, load average {S3PutHarness.LoadAverage()}"));
        for (var run = 0; run <= runs; run++)
        {
            var line = new System.Text.StringBuilder(run == 0 ? "warm-up " : string.Create(CultureInfo.InvariantCulture, $"run {run,-4}"));
            foreach (var (name, dll, isEmulator) in targets)
            {
                var data = Directory.CreateTempSubdirectory("sesmail-startup-").FullName;
                try
                {
                    var port = FreePort();
                    var measured = isEmulator
                        ? await MeasureAsync(dll, [$"--Emulator:Port={port}", $"--Emulator:DataDirectory={data}"], new Uri($"http://127.0.0.1:{port}/_sesmail/health")).ConfigureAwait(false)
                        : await MeasureAsync(dll, [$"--urls=http://127.0.0.1:{port}"], new Uri($"http://127.0.0.1:{port}/")).ConfigureAwait(false);
                    line.Append(CultureInfo.InvariantCulture, $"   {name} {measured.Wall,5:F0} ms (cpu {measured.Cpu,4:F0})");
                    if (run > 0)
                    {
                        times[name].Add(measured);
                    }
                }
                finally
                {
                    Directory.Delete(data, recursive: true);
                }
            }

            Console.WriteLine(line);
        }

        var floorMedian = LoadComparison.Median([.. times["empty app"].Select(t => t.Wall)]);
        var summary = new System.Text.StringBuilder("median  ");
        foreach (var (name, _, _) in targets)
        {
            summary.Append(CultureInfo.InvariantCulture, $"   {name} {LoadComparison.Median([.. times[name].Select(t => t.Wall)]),5:F0} ms (cpu {LoadComparison.Median([.. times[name].Select(t => t.Cpu)]),4:F0})");
        }

        Console.WriteLine(summary);
        foreach (var (name, _, isEmulator) in targets.Where(t => t.Emulator))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} / empty app: {LoadComparison.Median([.. times[name].Select(t => t.Wall)]) / floorMedian:F2}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average after: {S3PutHarness.LoadAverage()}"));
        return 0;
    }

    /// <summary>
    /// Milliseconds from <see cref="Process.Start()"/> to the first 200 from <paramref name="probe"/>, and the process's
    /// CPU milliseconds then (0 where <c>/proc</c> is missing); the process is killed after.
    /// </summary>
    private static async Task<(double Wall, double Cpu)> MeasureAsync(string dll, string[] arguments, Uri probe)
    {
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { Timeout = TimeSpan.FromSeconds(5) };
        var started = Stopwatch.GetTimestamp();
        await using var server = ServerProcess.Start(dll, arguments, quiet: false);
        await server.WaitUntilAnsweringAsync(http, probe, TimeSpan.FromMilliseconds(5)).ConfigureAwait(false);
        return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, CpuMilliseconds(server.Id));
    }

    /// <summary>The emulator's Release dll, or <c>null</c> (with a line on standard error) when it is not built.</summary>
    internal static string? EmulatorDll()
    {
        var emulator = Path.Combine(RepositoryRoot(), "src", "SesMail.Emulator", "bin", "Release", "net10.0", "SesMail.Emulator.dll");
        if (File.Exists(emulator))
        {
            return emulator;
        }

        Console.Error.WriteLine($"{emulator} is missing: run `dotnet build src/SesMail.Emulator -c Release` first.");
        return null;
    }

    /// <summary>User plus system CPU time of a process (fields 14 and 15 of <c>/proc/{pid}/stat</c>, in clock ticks of 10 ms).</summary>
    internal static double CpuMilliseconds(int pid)
    {
        var path = $"/proc/{pid}/stat";
        if (!File.Exists(path))
        {
            return 0;
        }

        var stat = File.ReadAllText(path);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // after "pid (comm) ": field 3 is at index 0
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
    }

    /// <summary>The folder holding <c>SesMail.sln</c>, found upwards from this program's own folder.</summary>
    internal static string RepositoryRoot()
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

    /// <summary>A loopback TCP port free at the moment of the call.</summary>
    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
