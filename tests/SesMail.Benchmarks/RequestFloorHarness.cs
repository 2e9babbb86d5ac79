using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using SesMail.Cli.Load;

namespace SesMail.Benchmarks;

/// <summary>
/// What one HTTP request between two .NET processes costs on this machine, on each side: first with nothing else in
/// it, the empty ASP.NET Core app in <c>tests/SesMail.StartupFloor</c> (Release, <c>dotnet {dll}</c> on a free loopback
/// port, logging at <c>Warning</c> so that no line is written per request) answering <c>GET /</c>; then the emulator
/// (its Release dll, a fresh data folder, its own logging defaults) answering <c>GET /_sesmail/health</c> and a signed
/// DynamoDB <c>ListTables</c> from AWSSDK.DynamoDBv2, the cheapest AWS call through its dispatcher. Each is sent from this
/// process one request at a time over one kept-alive connection. After a warm-up of the same size, each round prints the wall time per request (p50, p99, in microseconds) and the CPU time each process spent per request
/// (the server's from <c>/proc/{pid}/stat</c>, in 10 ms ticks, so use rounds of thousands; this process's from
/// <see cref="Environment.CpuUsage"/>). The local pipeline makes about fifteen such requests between its two
/// processes per mail, each paid on both sides (docs/DEVELOPMENT.md, "Measuring the pipeline").
/// Run: <c>dotnet run -c Release --project tests/SesMail.Benchmarks -- request-floor [requests] [rounds]</c>
/// (default 5000 requests, 3 rounds).
/// </summary>
internal static class RequestFloorHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var requests = args.Length > 1 && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 5000;
        var rounds = args.Length > 2 && int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > 0 ? r : 3;
        var emulator = StartupHarness.EmulatorDll();
        if (await ServerProcess.BuildFloorAsync().ConfigureAwait(false) is not { } floor || emulator is null)
        {
            return 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"one request at a time over one kept-alive connection, {requests} a round after a warm-up of as many, {Environment.ProcessorCount} cores, load average {S3PutHarness.LoadAverage()}"));
        var floorPort = StartupHarness.FreePort();
        await using (var server = ServerProcess.Start(floor, [$"--urls=http://127.0.0.1:{floorPort}"], quiet: true))
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = new Uri($"http://127.0.0.1:{floorPort}/") };
            await server.WaitUntilAnsweringAsync(http, http.BaseAddress!, TimeSpan.FromMilliseconds(20)).ConfigureAwait(false);
            await MeasureAsync("empty app, GET /", server, () => GetAsync(http, ""), requests, rounds).ConfigureAwait(false);
        }

        var data = Directory.CreateTempSubdirectory("sesmail-request-floor-").FullName;
        var emulatorPort = StartupHarness.FreePort();
        try
        {
            // Logging as in the stack: the emulator's own defaults (per-request categories at Warning), not this program's.
            await using var server = ServerProcess.Start(emulator, [$"--Emulator:Port={emulatorPort}", $"--Emulator:DataDirectory={data}"], quiet: false);
            var url = new Uri($"http://127.0.0.1:{emulatorPort}/");
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = url };
            await server.WaitUntilAnsweringAsync(http, new Uri(url, "_sesmail/health"), TimeSpan.FromMilliseconds(20)).ConfigureAwait(false);
            await MeasureAsync("emulator, GET /_sesmail/health", server, () => GetAsync(http, "_sesmail/health"), requests, rounds).ConfigureAwait(false);
            using var dynamo = new AmazonDynamoDBClient(new BasicAWSCredentials("AKIDBENCH", "secret"), new AmazonDynamoDBConfig { ServiceURL = url.ToString(), AuthenticationRegion = "ap-southeast-2" });
            await MeasureAsync("emulator, DynamoDB ListTables (AWSSDK, SigV4)", server, () => dynamo.ListTablesAsync(new ListTablesRequest()), requests, rounds).ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average after: {S3PutHarness.LoadAverage()}"));
        return 0;
    }

    /// <summary>A warm-up of <paramref name="requests"/>, then <paramref name="rounds"/> measured rounds of as many; prints each and the medians.</summary>
    private static async Task MeasureAsync(string name, ServerProcess server, Func<Task> send, int requests, int rounds)
    {
        Console.WriteLine(name);
        await SendAsync(send, requests).ConfigureAwait(false); // both sides compile their hot paths
        var serverCpu = new List<double>();
        var clientCpu = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var serverBefore = StartupHarness.CpuMilliseconds(server.Id);
            var clientBefore = Environment.CpuUsage.TotalTime;
            var wall = await SendAsync(send, requests).ConfigureAwait(false);
            var serverUs = (StartupHarness.CpuMilliseconds(server.Id) - serverBefore) * 1000 / requests;
            var clientUs = (Environment.CpuUsage.TotalTime - clientBefore).TotalMicroseconds / requests;
            serverCpu.Add(serverUs);
            clientCpu.Add(clientUs);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  round {round}: wall p50 {LatencyStats.Percentile(wall, 50),5:F0} µs, p99 {LatencyStats.Percentile(wall, 99),6:F0} µs; CPU per request: server {serverUs,4:F0} µs, client {clientUs,4:F0} µs"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  median CPU per request: server {LoadComparison.Median(serverCpu):F0} µs, client {LoadComparison.Median(clientCpu):F0} µs"));
    }

    private static async Task GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Sends <paramref name="count"/> requests one after another; returns each one's wall time in microseconds, sorted.</summary>
    private static async Task<double[]> SendAsync(Func<Task> send, int count)
    {
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await send().ConfigureAwait(false);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        Array.Sort(times);
        return times;
    }
}
