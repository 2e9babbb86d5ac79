using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using SesMail.Emulator.Hosting;

namespace SesMail.Benchmarks.Emulator;

/// <summary>
/// GetItem, PutItem and Query through the AWS SDK for .NET against our emulator and against the npm emulator
/// dynalite, side by side in one run, both over loopback HTTP. Operations per second = 1 / Mean.
/// </summary>
/// <remarks>
/// dynalite is found at <c>$DYNALITE_CLI</c>, else <c>.ci/node/node_modules/dynalite/cli.js</c> under the repository
/// (CI installs it from .ci/npm-packages.txt; by hand: <c>npm install dynalite@4.0.0</c> in any folder and set DYNALITE_CLI).
/// Run: <c>dotnet run -c Release --project tests/SesMail.Benchmarks -- --filter '*DynamoDbThroughput*' --job short</c>.
/// </remarks>
[ShortRunJob]
public class DynamoDbThroughputBenchmarks
{
    private const string Table = "bench";
    private WebApplication? _app;
    private Process? _dynalite;
    private AmazonDynamoDBClient _client = null!;
    private int _next;

    /// <summary>Which backend is measured.</summary>
    [Params("sesmail", "dynalite")]
    public string Backend { get; set; } = "sesmail";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        Uri url;
        if (Backend == "sesmail")
        {
            (_app, url) = await EmulatorApp.StartAsync(o =>
            {
                o.Port = 0;
                o.DataDirectory = Path.Combine(Path.GetTempPath(), "sesmail-bench", Guid.NewGuid().ToString("N"));
            });
        }
        else
        {
            var port = FreePort();
            _dynalite = Process.Start(new ProcessStartInfo("node", [FindDynalite(), "--port", port.ToString(CultureInfo.InvariantCulture), "--host", "127.0.0.1"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException("node did not start");
            url = new Uri($"http://127.0.0.1:{port}");
            await WaitForPortAsync(port);
        }

        _client = new AmazonDynamoDBClient(new BasicAWSCredentials("AKIDBENCH", "secret"), new AmazonDynamoDBConfig { ServiceURL = url.ToString(), AuthenticationRegion = "ap-southeast-2" });
        await _client.CreateTableAsync(new CreateTableRequest
        {
            TableName = Table,
            KeySchema = [new("PK", KeyType.HASH), new("SK", KeyType.RANGE)],
            AttributeDefinitions = [new("PK", ScalarAttributeType.S), new("SK", ScalarAttributeType.S)],
            BillingMode = BillingMode.PAY_PER_REQUEST,
        });
        while ((await _client.DescribeTableAsync(Table)).Table.TableStatus != TableStatus.ACTIVE)
        {
            await Task.Delay(50); // dynalite creates tables asynchronously
        }

        for (var i = 0; i < 100; i++)
        {
            await _client.PutItemAsync(Table, Item("ROUTE#query", $"RULE#{i:D3}"));
        }

        await _client.PutItemAsync(Table, Item("ROUTE#*@example.test", "RULE#v1"));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_dynalite is { HasExited: false })
        {
            _dynalite.Kill();
            _dynalite.Dispose();
        }
    }

    [Benchmark]
    public Task<GetItemResponse> GetItem() =>
        _client.GetItemAsync(Table, new() { ["PK"] = new AttributeValue { S = "ROUTE#*@example.test" }, ["SK"] = new AttributeValue { S = "RULE#v1" } });

    [Benchmark]
    public Task<PutItemResponse> PutItem() =>
        _client.PutItemAsync(Table, Item("ROUTE#put", $"RULE#{Interlocked.Increment(ref _next) % 1000:D4}"));

    [Benchmark]
    public Task<QueryResponse> Query() =>
        _client.QueryAsync(new QueryRequest
        {
            TableName = Table,
            KeyConditionExpression = "PK = :pk AND begins_with(SK, :prefix)",
            ExpressionAttributeValues = new() { [":pk"] = new AttributeValue { S = "ROUTE#query" }, [":prefix"] = new AttributeValue { S = "RULE#0" } },
            Limit = 10,
        });

    private static Dictionary<string, AttributeValue> Item(string pk, string sk) => new()
    {
        ["PK"] = new AttributeValue { S = pk },
        ["SK"] = new AttributeValue { S = sk },
        ["entity_type"] = new AttributeValue { S = "ROUTE" },
        ["action"] = new AttributeValue { S = "forward-to-gmail" },
        ["target"] = new AttributeValue { S = "me@example.test" },
        ["enabled"] = new AttributeValue { BOOL = true },
        ["created_at"] = new AttributeValue { S = "2025-01-18T10:00:00Z" },
    };

    private static string FindDynalite()
    {
        if (Environment.GetEnvironmentVariable("DYNALITE_CLI") is { Length: > 0 } configured && File.Exists(configured))
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".ci", "node", "node_modules", "dynalite", "cli.js");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("dynalite not found: set DYNALITE_CLI to dynalite's cli.js, or run `bash .ci/run` once to install .ci/npm-packages.txt.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForPortAsync(int port)
    {
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"dynalite did not listen on {port}");
    }
}
