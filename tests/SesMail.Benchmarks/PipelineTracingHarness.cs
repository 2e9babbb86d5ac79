using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SesMail.Cli.Load;
using SesMail.Cli.Mail;
using SesMail.Cli.Send;
using SesMail.Emulator.Hosting;
using SesMail.LocalRuntime.Hosting;
using SesMail.ServiceDefaults;

namespace SesMail.Benchmarks;

/// <summary>
/// The whole local pipeline's throughput with tracing off and on (docs/TRACING.md): an in-process emulator and local
/// runtime (stack deployed through the emulator's CloudFormation, functions attached, SMTP edge), then
/// <c>sesmail load</c>'s runner sends N messages over C SMTP connections and waits until each is in the Gmail
/// stand-in. "off" sets <c>OTEL_SDK_DISABLED=true</c> (no tracer provider, so no span is recorded anywhere; the
/// trace headers still travel); "on" records every <c>SesMail.*</c>, ASP.NET Core and HttpClient span, as the AppHost's
/// processes do, and puts each into the emulator's trace store (in this one process the emulator's own exporter sees
/// the runtime's spans too, so the runtime's OTLP export to the store, <c>SesMail:TraceStore</c>, is left out; the OTLP
/// export to a dashboard is not measured).
/// Each run is a fresh pipeline after 10 warm-up messages; rounds alternate off and on, so the process's own warming
/// up does not favour one mode. Both processes share this one, so this is a bound on the cost, not the split.
/// Run: <c>dotnet run -c Release --project tests/SesMail.Benchmarks -- pipeline-tracing [messages] [concurrency] [rounds]</c> (default 200, 4, 2).
/// </summary>
internal static class PipelineTracingHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 1 && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 200;
        var concurrency = args.Length > 2 && int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c > 0 ? c : 4;
        var rounds = args.Length > 3 && int.TryParse(args[3], NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > 0 ? r : 2;
        var results = new List<(string Mode, LoadReport Report)>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var tracing in new[] { false, true })
            {
                Environment.SetEnvironmentVariable("OTEL_SDK_DISABLED", tracing ? null : "true");
                results.Add((tracing ? "on" : "off", await RunModeAsync(tracing, count, concurrency).ConfigureAwait(false)));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} messages, {concurrency} SMTP connections, {rounds} rounds of off then on, whole local pipeline in one process"));
        Console.WriteLine("tracing   delivered   msg/s (delivered)   latency p50 ms   p95 ms   p99 ms");
        foreach (var (mode, report) in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{mode,-9} {report.Delivered,9}   {report.DeliveredPerSecond,17:F1}   {report.Latency.P50,14:F0}   {report.Latency.P95,6:F0}   {report.Latency.P99,6:F0}"));
        }

        double Mean(string mode, Func<LoadReport, double> value) => results.Where(x => x.Mode == mode).Average(x => value(x.Report));
        foreach (var mode in new[] { "off", "on" })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"mean {mode,-4} {"",9}   {Mean(mode, x => x.DeliveredPerSecond),17:F1}   {Mean(mode, x => x.Latency.P50),14:F0}   {Mean(mode, x => x.Latency.P95),6:F0}"));
        }

        var off = Mean("off", x => x.DeliveredPerSecond);
        var on = Mean("on", x => x.DeliveredPerSecond);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"throughput with tracing on: {(off > 0 ? on / off * 100 : 0):F0}% of off"));
        return results.All(x => x.Report.Delivered == count) ? 0 : 1;
    }

    private static async Task<LoadReport> RunModeAsync(bool tracing, int count, int concurrency)
    {
        var folder = Path.Combine(Path.GetTempPath(), "sesmail-bench", Guid.NewGuid().ToString("N"));
        var (emulator, url) = await EmulatorApp.StartAsync(o =>
        {
            o.Port = 0;
            o.DataDirectory = folder;
        }).ConfigureAwait(false);
        var smtpPort = FreePort();
        var settings = new List<string>
        {
            $"--AWS_ENDPOINT_URL={url.ToString().TrimEnd('/')}",
            $"--SesMail:TemplatePath={Path.Combine(RepositoryRoot(), "src", "SesMail.Infrastructure", "template.yaml")}",
            $"--SesMail:StackFile={Path.Combine(folder, "stack-test.json")}",
            "--SesMail:Smtp:BindAddress=127.0.0.1",
            $"--SesMail:Smtp:Port={smtpPort}",
            $"--SesMail:Parameters:GmailApiBaseUrl={url.ToString().TrimEnd('/')}",
            "--urls=http://127.0.0.1:0",
        };
        var builder = WebApplication.CreateSlimBuilder([.. settings]);
        builder.AddServiceDefaults();
        builder.Services.AddLocalRuntime(builder.Configuration);
        var runtime = builder.Build();
        runtime.MapDefaultEndpoints();
        await runtime.StartAsync().ConfigureAwait(false);
        try
        {
            using var http = new HttpClient();
            var health = new Uri(new Uri(runtime.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()), "/health");
            var deadline = DateTime.UtcNow.AddMinutes(5);
            while (!(await http.GetAsync(health).ConfigureAwait(false)).IsSuccessStatusCode)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException("the local runtime did not become healthy within 5 minutes");
                }

                await Task.Delay(500).ConfigureAwait(false);
            }

            var runner = new LoadRunner(new GmailStandInClient(http, url));
            LoadPlan Plan(int messages) => new(messages, concurrency, 2048, "bench@sender.test", "load@example.test", "me@example.test", TimeSpan.FromMinutes(5), new SmtpTarget("127.0.0.1", smtpPort));
            await runner.RunAsync(Plan(10), null, CancellationToken.None).ConfigureAwait(false);
            return await runner.RunAsync(Plan(count), null, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await runtime.StopAsync().ConfigureAwait(false);
            await runtime.DisposeAsync().ConfigureAwait(false);
            await emulator.StopAsync().ConfigureAwait(false);
            await emulator.DisposeAsync().ConfigureAwait(false);
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
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

        throw new InvalidOperationException("run from inside the repository");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
