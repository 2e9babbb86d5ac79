using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using SesMail.Emulator.DynamoDb;
using SesMail.Emulator.Persistence;
using SesMail.Emulator.Sqs;

namespace SesMail.Benchmarks.Emulator;

/// <summary>
/// The cost of one snapshot of a persisted store (capture under the stores' locks + JSON serialization), which the
/// emulator pays at most every 0.2 s while that service changes: an SQS store with <see cref="Count"/> queued 4 KB
/// messages (the size of an SES notification) and a DynamoDB table with <see cref="Count"/> routing-rule items.
/// Run: <c>dotnet run -c Release --project tests/SesMail.Benchmarks -- --filter '*SnapshotBenchmarks*' --inProcess --job short</c>.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class SnapshotBenchmarks
{
    private SqsStore _sqs = null!;
    private ISnapshotSource _sqsSource = null!;
    private ISnapshotSource _dynamoDbSource = null!;

    /// <summary>Messages queued / items stored.</summary>
    [Params(100, 1000)]
    public int Count { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _sqs = new SqsStore(TimeProvider.System);
        var queue = _sqs.GetOrAdd(new SqsQueue("ap-southeast-2", "000000000000", "ses-email-input-test", new SqsQueueSettings(), 1_700_000_000));
        var body = new string('x', 4096);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(); // recent, or the store's sweeper expires them
        for (var i = 0; i < Count; i++)
        {
            queue.Enqueue(new SqsMessage(Guid.NewGuid().ToString(), body, null, null, "000000000000", now + i), 0);
        }

        _sqsSource = new SnapshotSource<SqsSnapshot>("sqs", "sqs", _sqs, SqsSnapshotJsonContext.Default.SqsSnapshot);

        var dynamoDb = new DynamoDbStore();
        var table = new DynamoDbTable("ses-mail-email-routing-test", "arn:aws:dynamodb:ap-southeast-2:000000000000:table/ses-mail-email-routing-test", ("PK", "S"), ("SK", "S"), DateTimeOffset.UnixEpoch)
        {
            AttributeDefinitions = [new("PK", "S"), new("SK", "S")],
            KeySchema = [new("PK", "HASH"), new("SK", "RANGE")],
        };
        for (var i = 0; i < Count; i++)
        {
            var item = new JsonObject
            {
                ["PK"] = new JsonObject { ["S"] = $"ROUTE#user{i}@example.test" },
                ["SK"] = new JsonObject { ["S"] = "RULE#v1" },
                ["action"] = new JsonObject { ["S"] = "forward-to-gmail" },
                ["target"] = new JsonObject { ["S"] = "me@example.test" },
                ["enabled"] = new JsonObject { ["BOOL"] = true },
            };
            table.Put(table.KeyOf(item, isItem: true), item);
        }

        dynamoDb.Tables("ap-southeast-2")[table.Name] = table;
        _dynamoDbSource = new SnapshotSource<DynamoDbSnapshot>("dynamodb", "dynamodb", dynamoDb, DynamoDbSnapshotJsonContext.Default.DynamoDbSnapshot);
    }

    [GlobalCleanup]
    public void Cleanup() => _sqs.Dispose();

    [Benchmark(Description = "SQS snapshot (4 KB messages)")]
    public byte[] Sqs() => _sqsSource.Capture();

    [Benchmark(Description = "DynamoDB snapshot (rule items)")]
    public byte[] DynamoDb() => _dynamoDbSource.Capture();
}
