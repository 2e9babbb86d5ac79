using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Amazon.Lambda;
using Amazon.Lambda.Model;
using Amazon.Runtime;
using SesMail.Emulator.Hosting;

namespace SesMail.Benchmarks;

/// <summary>
/// Cold start and warm invocation time of the router function run as Lambda runs it: out of process through the
/// emulator's Runtime API, once on the managed <c>dotnet10</c> runtime (our runtime host loading the managed package,
/// as the AWS-provided runtime does) and once as the Native AOT <c>provided.al2023</c> bootstrap. A cold start is
/// measured from process start to the first response through the Runtime API (the REPORT line's <c>Init Duration</c>
/// plus <c>Duration</c>); each of the <c>trials</c> cold starts follows a configuration change, which ends the warm
/// environment as in Lambda. Warm time is the REPORT <c>Duration</c> and the client's round trip of 200 invocations
/// of a warm environment. The event is an empty pipe batch (<c>[]</c>), so the router builds its AWS clients and
/// answers without calling AWS. Reports medians (and p95 for warm).
/// Run: <c>dotnet publish src/SesMail.Functions.Bootstrap -c Release -r linux-x64</c>, then
/// <c>dotnet run -c Release --project tests/SesMail.Benchmarks -- lambda-cold-start [trials]</c> (default 20).
/// </summary>
internal static partial class LambdaColdStartHarness
{
    private const string Router = "SesMail.Functions::SesMail.Functions.Router.RouterFunction::HandleAsync";

    public static async Task<int> RunAsync(string[] args)
    {
        var trials = args.Length > 1 && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 20;
        var aotZip = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "artifacts", "functions", "SesMail.Functions-provided.al2023.zip"));
        if (!File.Exists(aotZip))
        {
            await Console.Error.WriteLineAsync($"{aotZip} is missing: run dotnet publish src/SesMail.Functions.Bootstrap -c Release -r linux-x64 first.").ConfigureAwait(false);
            return 2;
        }

        var folder = Path.Combine(Path.GetTempPath(), "sesmail-bench", Guid.NewGuid().ToString("N"));
        var (app, url) = await EmulatorApp.StartAsync(o =>
        {
            o.Port = 0;
            o.DataDirectory = folder;
            o.Persistence = false;
        }).ConfigureAwait(false);
        try
        {
            using var lambda = new AmazonLambdaClient(new BasicAWSCredentials("AKIDBENCH", "secret"), new AmazonLambdaConfig { ServiceURL = url.ToString(), AuthenticationRegion = "ap-southeast-2" });
            var packages = new (string Runtime, byte[] Zip)[]
            {
                ("dotnet10", SesMail.LocalRuntime.Packaging.FunctionPackage.ManagedZip()),
                ("provided.al2023", await File.ReadAllBytesAsync(aotZip).ConfigureAwait(false)),
            };
            Console.WriteLine($"Router cold start (process start → first response through the Runtime API) and warm invocations, {trials} cold starts each, MemorySize 512 MB");
            Console.WriteLine("| Runtime | Package | Cold start, median | Init Duration, median | Warm Duration, median / p95 | Warm round trip, median / p95 |");
            Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
            foreach (var (runtime, zip) in packages)
            {
                var name = $"router-{runtime.Replace('.', '-')}";
                await lambda.CreateFunctionAsync(new CreateFunctionRequest
                {
                    FunctionName = name, Runtime = runtime, Handler = Router, Role = "arn:aws:iam::000000000000:role/bench", Timeout = 30, MemorySize = 512,
                    Code = new FunctionCode { ZipFile = new MemoryStream(zip) },
                    Environment = new Amazon.Lambda.Model.Environment { Variables = new() { ["ENVIRONMENT"] = "test", ["ROUTING_TABLE_NAME"] = "bench", ["TRIAL"] = "0" } },
                }).ConfigureAwait(false);
                var cold = new List<double>();
                var init = new List<double>();
                for (var i = 0; i < trials; i++)
                {
                    await lambda.UpdateFunctionConfigurationAsync(new UpdateFunctionConfigurationRequest
                    {
                        FunctionName = name,
                        Environment = new Amazon.Lambda.Model.Environment { Variables = new() { ["ENVIRONMENT"] = "test", ["ROUTING_TABLE_NAME"] = "bench", ["TRIAL"] = (i + 1).ToString(CultureInfo.InvariantCulture) } },
                    }).ConfigureAwait(false);
                    var (log, _) = await InvokeAsync(lambda, name).ConfigureAwait(false);
                    var report = Report(log);
                    cold.Add(report.Init + report.Duration);
                    init.Add(report.Init);
                }

                var warm = new List<double>();
                var roundTrip = new List<double>();
                for (var i = 0; i < 220; i++)
                {
                    var (log, elapsed) = await InvokeAsync(lambda, name).ConfigureAwait(false);
                    if (i >= 20)
                    {
                        warm.Add(Report(log).Duration);
                        roundTrip.Add(elapsed);
                    }
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {runtime} | {zip.Length / 1024} KB | {Median(cold):F0} ms | {Median(init):F0} ms | {Median(warm):F2} / {Percentile(warm, 0.95):F2} ms | {Median(roundTrip):F2} / {Percentile(roundTrip, 0.95):F2} ms |"));
            }

            return 0;
        }
        finally
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<(string Log, double Elapsed)> InvokeAsync(IAmazonLambda lambda, string name)
    {
        var stopwatch = Stopwatch.StartNew();
        var response = await lambda.InvokeAsync(new InvokeRequest { FunctionName = name, Payload = "[]", LogType = "Tail" }).ConfigureAwait(false);
        var elapsed = stopwatch.Elapsed.TotalMilliseconds;
        if (response.FunctionError is not null)
        {
            throw new InvalidOperationException($"{name} failed: {Encoding.UTF8.GetString(response.Payload!.ToArray())}");
        }

        return (Encoding.UTF8.GetString(Convert.FromBase64String(response.LogResult!)), elapsed);
    }

    private static (double Duration, double Init) Report(string log)
    {
        var match = ReportLine().Match(log);
        if (!match.Success)
        {
            throw new InvalidOperationException($"No REPORT line in: {log}");
        }

        return (
            double.Parse(match.Groups["duration"].Value, CultureInfo.InvariantCulture),
            match.Groups["init"].Success ? double.Parse(match.Groups["init"].Value, CultureInfo.InvariantCulture) : 0);
    }

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
    }

    [GeneratedRegex(@"REPORT RequestId: \S+\tDuration: (?<duration>[0-9.]+) ms.*?(Init Duration: (?<init>[0-9.]+) ms)?$", RegexOptions.Multiline)]
    private static partial Regex ReportLine();
}
