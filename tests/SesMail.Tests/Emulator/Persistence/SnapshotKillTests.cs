using System.Collections.Concurrent;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Persistence;

/// <summary>
/// The emulator as its own process, killed with SIGKILL: every write it acknowledged is still there after a restart
/// on the same folder, however often the kill lands in the middle of a snapshot write (the temporary file and rename
/// keep the previous snapshot whole), and a truncated or corrupt snapshot is set aside with a log line while every other
/// service keeps its state (docs/DELIVERY.md, "The emulator").
/// </summary>
[Collection(SesMail.Tests.EndToEnd.Drill.DrillCollection.Name)]
[Trait("Kind", "EndToEnd")]
public sealed class SnapshotKillTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Kill_DuringWritesManyTimes_KeepsEveryAcknowledgedWriteAndNoSnapshotIsCorrupt()
    {
        var seed = DrillSeed.FromEnvironment();
        TestContext.Current.SendDiagnosticMessage($"snapshot kill drill seed {seed} (replay with SESMAIL_DRILL_SEED={seed})");
        var random = new Random(seed);
        await using var stack = new StackProcesses();
        await stack.StartEmulatorAsync(Ct);
        using var clients = new Clients(stack.EmulatorUrl);
        await clients.DynamoDb.CreateTableAsync(new CreateTableRequest
        {
            TableName = "kill-test",
            AttributeDefinitions = [new("PK", ScalarAttributeType.S)],
            KeySchema = [new("PK", KeyType.HASH)],
            BillingMode = BillingMode.PAY_PER_REQUEST,
        }, Ct);
        var queueUrl = (await clients.Sqs.CreateQueueAsync("kill-test", Ct)).QueueUrl;
        await clients.Ssm.PutParameterAsync(new PutParameterRequest { Name = "/kill-test/kept", Value = "before", Type = "String" }, Ct);
        var items = new ConcurrentBag<string>();
        var messages = new ConcurrentBag<string>();

        for (var kill = 0; kill < 4; kill++)
        {
            using var writing = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() => WriteUntilStoppedAsync(clients, queueUrl, $"k{kill}w{w}", items, messages, writing.Token))).ToArray();
            await Task.Delay(TimeSpan.FromMilliseconds(300 + random.Next(900)), Ct);

            stack.KillEmulator();
            await writing.CancelAsync();
            await Task.WhenAll(writers);
            await stack.StartEmulatorAsync(Ct);
        }

        var stored = new HashSet<string>(StringComparer.Ordinal);
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await clients.DynamoDb.ScanAsync(new ScanRequest { TableName = "kill-test", ExclusiveStartKey = start }, Ct);
            stored.UnionWith(page.Items.Select(i => i["PK"].S));
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        var received = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var batch = await clients.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, VisibilityTimeout = 300 }, Ct);
            if (batch.Messages is not { Count: > 0 })
            {
                break;
            }

            received.UnionWith(batch.Messages.Select(m => m.Body));
        }

        items.Should().HaveCountGreaterThan(20, "the writers had time to write between kills");
        items.Where(i => !stored.Contains(i)).Should().BeEmpty("every PutItem the emulator acknowledged survives a SIGKILL");
        messages.Where(m => !received.Contains(m)).Should().BeEmpty("every SendMessage the emulator acknowledged survives a SIGKILL");
        (await clients.Ssm.GetParameterAsync(new GetParameterRequest { Name = "/kill-test/kept" }, Ct)).Parameter.Value.Should().Be("before");
        Directory.GetFiles(stack.DataDirectory, "state.json.corrupt-*", SearchOption.AllDirectories).Should().BeEmpty("a kill during a write leaves the previous snapshot whole");
        stack.EmulatorLog.Should().NotContain(l => l.Contains("Could not read the emulator snapshot", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("garbage")]
    public async Task Start_WithOneSnapshotDamaged_SetsItAsideLogsItAndKeepsTheOtherServices(string damage)
    {
        await using var stack = new StackProcesses();
        await stack.StartEmulatorAsync(Ct);
        using (var clients = new Clients(stack.EmulatorUrl))
        {
            await clients.DynamoDb.CreateTableAsync(new CreateTableRequest
            {
                TableName = "damaged",
                AttributeDefinitions = [new("PK", ScalarAttributeType.S)],
                KeySchema = [new("PK", KeyType.HASH)],
                BillingMode = BillingMode.PAY_PER_REQUEST,
            }, Ct);
            await clients.Sqs.CreateQueueAsync("survivor", Ct);
            await clients.Ssm.PutParameterAsync(new PutParameterRequest { Name = "/survivor", Value = "kept", Type = "String" }, Ct);
        }

        stack.KillEmulator();
        var snapshot = Path.Combine(stack.DataDirectory, "dynamodb", "state.json");
        var whole = await File.ReadAllBytesAsync(snapshot, Ct);
        byte[] damaged = damage == "truncated" ? whole[..(whole.Length / 2)] : [0x00, 0xFF, 0x7B, 0x22, 0x01];
        await File.WriteAllBytesAsync(snapshot, damaged, Ct);

        await stack.StartEmulatorAsync(Ct);

        using var after = new Clients(stack.EmulatorUrl);
        (await after.DynamoDb.ListTablesAsync(new ListTablesRequest(), Ct)).TableNames.Should().NotContain("damaged", "that service starts empty");
        (await after.Sqs.GetQueueUrlAsync("survivor", Ct)).QueueUrl.Should().EndWith("/survivor");
        (await after.Ssm.GetParameterAsync(new GetParameterRequest { Name = "/survivor" }, Ct)).Parameter.Value.Should().Be("kept");
        var aside = Directory.GetFiles(Path.GetDirectoryName(snapshot)!, "state.json.corrupt-*").Should().ContainSingle().Subject;
        (await File.ReadAllBytesAsync(aside, Ct)).Should().Equal(damaged, "the damaged file is kept for inspection, unchanged");
        stack.EmulatorLog.Should().Contain(l => l.Contains("Could not read the emulator snapshot", StringComparison.Ordinal) || l.Contains(aside, StringComparison.Ordinal));
    }

    private static async Task WriteUntilStoppedAsync(Clients clients, string queueUrl, string prefix, ConcurrentBag<string> items, ConcurrentBag<string> messages, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var id = $"{prefix}-{n}";
            try
            {
                await clients.DynamoDb.PutItemAsync("kill-test", new Dictionary<string, AttributeValue> { ["PK"] = new() { S = id }, ["payload"] = new() { S = new string('x', 200) } }, CancellationToken.None);
                items.Add(id);
                await clients.Sqs.SendMessageAsync(queueUrl, id, CancellationToken.None);
                messages.Add(id);
            }
            catch (Exception error) when (error is Amazon.Runtime.AmazonServiceException or HttpRequestException or IOException or OperationCanceledException)
            {
                return; // the emulator died under us: only what it acknowledged counts
            }
        }
    }

    private sealed class Clients(Uri endpoint) : IDisposable
    {
        public AmazonDynamoDBClient DynamoDb { get; } = new(EmulatorFixture.Credentials, Configure(new AmazonDynamoDBConfig(), endpoint));

        public AmazonSQSClient Sqs { get; } = new(EmulatorFixture.Credentials, Configure(new AmazonSQSConfig(), endpoint));

        public AmazonSimpleSystemsManagementClient Ssm { get; } = new(EmulatorFixture.Credentials, Configure(new AmazonSimpleSystemsManagementConfig(), endpoint));

        public void Dispose()
        {
            DynamoDb.Dispose();
            Sqs.Dispose();
            Ssm.Dispose();
        }

        private static T Configure<T>(T config, Uri endpoint)
            where T : Amazon.Runtime.ClientConfig
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = "ap-southeast-2";
            config.MaxErrorRetry = 0;
            config.Timeout = TimeSpan.FromSeconds(10);
            return config;
        }
    }
}
