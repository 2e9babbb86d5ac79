using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SesMail.Emulator.Hosting;
using SesMail.Emulator.Lambda;
using SesMail.Emulator.Logs;
using SesMail.Emulator.Protocols;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.StepFunctions;

/// <summary>
/// An emulator for Step Functions contract tests: a fake Lambda behind <see cref="ILambdaInvoker"/> (functions are
/// delegates) and a capturing log sink; metrics go to the emulator's CloudWatch, as every metric does there (the
/// executor's <c>AWS/States</c> data through <c>IMetricPublisher</c>, a state machine's
/// <c>cloudwatch:putMetricData</c> through the API), and are read back with <see cref="StatisticsAsync"/>.
/// Optionally a given clock and data folder (restart tests).
/// </summary>
public sealed class StepFunctionsEmulator : IAsyncLifetime
{
    private WebApplication? _app;

    public StepFunctionsEmulator()
        : this(null, null)
    {
    }

    internal StepFunctionsEmulator(TimeProvider? clock, string? dataDirectory)
    {
        Clock = clock;
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "sesmail-tests", "sfn-" + Guid.NewGuid().ToString("N"));
    }

    public Uri BaseUrl { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public string DataDirectory { get; }

    internal TimeProvider? Clock { get; }

    /// <summary>Functions by name: payload in, (response, function error) out.</summary>
    internal ConcurrentDictionary<string, Func<JsonNode?, (JsonNode? Response, string? FunctionError)>> Functions { get; } = new(StringComparer.Ordinal);

    internal ConcurrentQueue<(string Group, string Stream, string Message)> Logs { get; } = new();

    /// <summary>The X-Ray trace header of each function's last invocation (<c>Lambda-Runtime-Trace-Id</c>), by function name.</summary>
    internal ConcurrentDictionary<string, string?> TraceHeaders { get; } = new(StringComparer.Ordinal);

    internal AwsJsonClient Sfn => new(BaseUrl, "AWSStepFunctions", "1.0", "states");

    internal AwsJsonClient Sqs => new(BaseUrl, "AmazonSQS", "1.0", "sqs");

    /// <summary>CloudWatch in its JSON 1.0 protocol (what current SDKs speak).</summary>
    internal AwsJsonClient CloudWatch => new(BaseUrl, "GraniteServiceVersion20100801", "1.0", "monitoring");

    /// <summary>
    /// What CloudWatch holds for one metric over the last two hours (<c>GetMetricStatistics</c>): the sum, minimum,
    /// maximum and count of its data points and their unit; all zero and no unit when there is none.
    /// </summary>
    internal async Task<MetricStatistics> StatisticsAsync(string ns, string name, params (string Name, string Value)[] dimensions)
    {
        var now = DateTimeOffset.UtcNow;
        var result = await CloudWatch.OkAsync("GetMetricStatistics", new JsonObject
        {
            ["Namespace"] = ns,
            ["MetricName"] = name,
            ["Dimensions"] = new JsonArray([.. dimensions.Select(d => (JsonNode)new JsonObject { ["Name"] = d.Name, ["Value"] = d.Value })]),
            ["StartTime"] = now.AddHours(-2).ToUnixTimeSeconds(),
            ["EndTime"] = now.AddMinutes(5).ToUnixTimeSeconds(),
            ["Period"] = 3600,
            ["Statistics"] = new JsonArray("Sum", "Minimum", "Maximum", "SampleCount"),
        }, TestContext.Current.CancellationToken);
        var points = result["Datapoints"]!.AsArray().Select(p => p!.AsObject()).ToList();
        return points.Count == 0
            ? new MetricStatistics(0, 0, 0, 0, null)
            : new MetricStatistics(
                points.Sum(p => p["Sum"]!.GetValue<double>()),
                points.Min(p => p["Minimum"]!.GetValue<double>()),
                points.Max(p => p["Maximum"]!.GetValue<double>()),
                points.Sum(p => p["SampleCount"]!.GetValue<double>()),
                points[0]["Unit"]?.GetValue<string>());
    }

    /// <summary><see cref="StatisticsAsync"/> once <paramref name="until"/> holds (the executor publishes its metrics right after the status changes), or after 10 s.</summary>
    internal async Task<MetricStatistics> StatisticsAsync(Func<MetricStatistics, bool> until, string ns, string name, params (string Name, string Value)[] dimensions)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var statistics = await StatisticsAsync(ns, name, dimensions);
            if (until(statistics) || DateTime.UtcNow > deadline)
            {
                return statistics;
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The dimension sets CloudWatch knows for a metric (<c>ListMetrics</c>), each as <c>Name=Value</c> pairs joined by commas (empty for none).</summary>
    internal async Task<List<string>> DimensionSetsAsync(string ns, string name) =>
        [.. (await CloudWatch.OkAsync("ListMetrics", new JsonObject { ["Namespace"] = ns, ["MetricName"] = name }, TestContext.Current.CancellationToken))["Metrics"]!.AsArray()
            .Select(m => string.Join(',', (m!["Dimensions"]?.AsArray() ?? []).Select(d => $"{d!["Name"]}={d["Value"]}")))];

    public async ValueTask InitializeAsync()
    {
        (_app, BaseUrl) = await EmulatorApp.StartAsync(
            options =>
            {
                options.Port = 0;
                options.DataDirectory = DataDirectory;
            },
            TestContext.Current.CancellationToken,
            services =>
            {
                services.Replace(ServiceDescriptor.Singleton<ILambdaInvoker>(new FakeLambda(this)));
                services.Replace(ServiceDescriptor.Singleton<ILogSink>(new CapturingLogs(Logs)));
                if (Clock is not null)
                {
                    services.Replace(ServiceDescriptor.Singleton(Clock));
                }
            });
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(TestContext.Current.CancellationToken);
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (Clock is null)
        {
            TestFolders.DeleteQuietly(DataDirectory);
        }
    }

    /// <summary>Creates a state machine and returns its ARN.</summary>
    internal async Task<string> CreateAsync(string name, string definition, string type = "STANDARD", JsonObject? logging = null)
    {
        var request = new JsonObject { ["name"] = name, ["definition"] = definition, ["roleArn"] = "arn:aws:iam::000000000000:role/sfn", ["type"] = type };
        if (logging is not null)
        {
            request["loggingConfiguration"] = logging;
        }

        return (await Sfn.OkAsync("CreateStateMachine", request, TestContext.Current.CancellationToken))["stateMachineArn"]!.GetValue<string>();
    }

    /// <summary>Starts an execution and waits (bounded) until it is no longer RUNNING.</summary>
    internal async Task<JsonObject> RunAsync(string stateMachineArn, string input, string? name = null)
    {
        var start = new JsonObject { ["stateMachineArn"] = stateMachineArn, ["input"] = input };
        if (name is not null)
        {
            start["name"] = name;
        }

        var arn = (await Sfn.OkAsync("StartExecution", start, TestContext.Current.CancellationToken))["executionArn"]!.GetValue<string>();
        return await WaitEndedAsync(arn);
    }

    internal async Task<JsonObject> WaitEndedAsync(string executionArn)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var described = await Sfn.OkAsync("DescribeExecution", new JsonObject { ["executionArn"] = executionArn }, TestContext.Current.CancellationToken);
            if (described["status"]!.GetValue<string>() != "RUNNING" || DateTime.UtcNow > deadline)
            {
                return described;
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    internal async Task<List<JsonObject>> HistoryAsync(string executionArn) =>
        [.. (await Sfn.OkAsync("GetExecutionHistory", new JsonObject { ["executionArn"] = executionArn, ["maxResults"] = 1000 }, TestContext.Current.CancellationToken))["events"]!.AsArray().Select(e => e!.AsObject())];

    private sealed class FakeLambda(StepFunctionsEmulator owner) : ILambdaInvoker
    {
        public Task<LambdaInvocationResult> InvokeAsync(LambdaInvocationRequest request, CancellationToken cancellationToken)
        {
            var name = request.FunctionName.Contains(":function:", StringComparison.Ordinal) ? request.FunctionName.Split(':')[6] : request.FunctionName;
            if (!owner.Functions.TryGetValue(name, out var function))
            {
                throw new AwsServiceException("ResourceNotFoundException", $"Function not found: {request.FunctionName}", HttpStatusCode.NotFound);
            }

            owner.TraceHeaders[name] = request.TraceHeader;
            var (response, error) = function(JsonNode.Parse(request.Payload.Span));
            return Task.FromResult(new LambdaInvocationResult(200, Encoding.UTF8.GetBytes(response?.ToJsonString() ?? "null"), error, Guid.NewGuid().ToString()));
        }
    }

    private sealed class CapturingLogs(ConcurrentQueue<(string, string, string)> sink) : ILogSink
    {
        public void Append(string logGroupName, string logStreamName, IReadOnlyList<LogEventEntry> events)
        {
            foreach (var e in events)
            {
                sink.Enqueue((logGroupName, logStreamName, e.Message));
            }
        }
    }
}

/// <summary>Statistics of one metric as CloudWatch answers them.</summary>
internal sealed record MetricStatistics(double Sum, double Minimum, double Maximum, double SampleCount, string? Unit);

/// <summary>The collection sharing one <see cref="StepFunctionsEmulator"/>.</summary>
[CollectionDefinition(Name)]
public sealed class StepFunctionsCollection : ICollectionFixture<StepFunctionsEmulator>
{
    public const string Name = "step-functions";
}
