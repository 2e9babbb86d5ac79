using System.Diagnostics;
using System.Globalization;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using SesMail.Emulator.Hosting;
using SesMail.Emulator.Persistence;

namespace SesMail.Benchmarks;

/// <summary>
/// The latency and rate of S3 <c>PutObject</c> through AWSSDK.S3 v4 (its defaults: aws-chunked body with a trailing
/// CRC32) against an in-process emulator with persistence on, serially and with several calls at once: what the SMTP
/// edge pays per accepted message to store it. Each put is a fresh key of <c>size</c> random bytes. Two rounds, each
/// measuring the emulator as it is and the same with its disk flushes (<see cref="IDiskSync"/>) left out, which is how
/// S3 answered before its writes were made durable.
/// Run: <c>dotnet run -c Release --project tests/SesMail.Benchmarks -- s3-put [puts] [sizeInBytes] [concurrency]</c>
/// (defaults 500, 20480, 8; 50 warm-up puts first). Prints p50/p90/p99 and puts per second for each mode.
/// </summary>
internal static class S3PutHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        int Arg(int index, int fallback) =>
            args.Length > index && int.TryParse(args[index], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
        var puts = Arg(1, 500);
        var size = Arg(2, 20 * 1024);
        var concurrency = Arg(3, 8);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"S3 PutObject of {size} bytes, {puts} puts per mode, {Environment.ProcessorCount} cores, load average {LoadAverage()}"));
        Console.WriteLine("                                  p50 ms   p90 ms   p99 ms   puts/s");
        for (var round = 0; round < 2; round++)
        {
            // Alternated, so that the machine's load weighs on both alike: the emulator as it is (each put answered once
            // its content, metadata and folder entry are flushed to the device) and the same with the flushes left out.
            await MeasureAsync("flushed to disk", durable: true, puts, size, concurrency).ConfigureAwait(false);
            await MeasureAsync("no flushes (before)", durable: false, puts, size, concurrency).ConfigureAwait(false);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average after: {LoadAverage()}"));
        return 0;
    }

    private static async Task MeasureAsync(string label, bool durable, int puts, int size, int concurrency)
    {
        var folder = Path.Combine(Path.GetTempPath(), "sesmail-bench", Guid.NewGuid().ToString("N"));
        var (app, url) = await EmulatorApp.StartAsync(
            o =>
            {
                o.Port = 0;
                o.DataDirectory = folder;
            },
            services: durable ? null : s => s.AddSingleton<IDiskSync, NoDiskSync>()).ConfigureAwait(false);
        try
        {
            using var s3 = new AmazonS3Client(new BasicAWSCredentials("AKIDBENCH", "secret"), new AmazonS3Config { ServiceURL = url.ToString(), ForcePathStyle = true, AuthenticationRegion = "ap-southeast-2" });
            await s3.PutBucketAsync("bench").ConfigureAwait(false);
            var payload = new byte[size];
            new Random(42).NextBytes(payload);
            var counter = 0;
            async Task<double> PutAsync()
            {
                var key = string.Create(CultureInfo.InvariantCulture, $"emails/{Interlocked.Increment(ref counter)}");
                var started = Stopwatch.GetTimestamp();
                await s3.PutObjectAsync(new PutObjectRequest { BucketName = "bench", Key = key, InputStream = new MemoryStream(payload, writable: false) }).ConfigureAwait(false);
                return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }

            for (var i = 0; i < 50; i++)
            {
                await PutAsync().ConfigureAwait(false);
            }

            foreach (var parallel in new[] { 1, concurrency })
            {
                var latencies = new double[puts];
                var next = -1;
                var started = Stopwatch.GetTimestamp();
                await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
                {
                    int index;
                    while ((index = Interlocked.Increment(ref next)) < puts)
                    {
                        latencies[index] = await PutAsync().ConfigureAwait(false);
                    }
                })).ConfigureAwait(false);
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                Array.Sort(latencies);
                double At(double q) => latencies[Math.Min(latencies.Length - 1, (int)(q * latencies.Length))];
                var mode = parallel == 1 ? "serial" : $"{parallel} at once";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label + ", " + mode,-32} {At(0.50),7:F2}  {At(0.90),7:F2}  {At(0.99),7:F2}  {puts / seconds,7:F0}"));
            }
        }
        finally
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The emulator's S3 store as it was before its writes were flushed: nothing is flushed.</summary>
    private sealed class NoDiskSync : IDiskSync
    {
        public void FlushFile(FileStream file)
        {
        }

        public Task SyncDirectoryAsync(string directory) => Task.CompletedTask;

        public void SyncDirectory(string directory)
        {
        }
    }

    /// <summary>The 1-minute load average from <c>/proc/loadavg</c>, or "n/a".</summary>
    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
