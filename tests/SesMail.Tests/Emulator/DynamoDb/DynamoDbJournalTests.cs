using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using SesMail.Emulator.DynamoDb;
using SesMail.Emulator.Hosting;
using SesMail.Emulator.Persistence;

namespace SesMail.Tests.Emulator.DynamoDb;

/// <summary>
/// DynamoDB's persistence between whole snapshots: item writes are appended to <c>dynamodb/journal.jsonl</c> and
/// replayed after the snapshot at start (docs/DEVELOPMENT.md, Measuring the pipeline).
/// </summary>
[Trait("Kind", "Unit")]
public sealed class DynamoDbJournalTests : IDisposable
{
    private const string Region = "ap-southeast-2";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sesmail-tests", "ddb-journal-" + Guid.NewGuid().ToString("N"));

    private string SnapshotPath => Path.Combine(_root, "dynamodb", EmulatorPersistence.FileName);

    private string JournalPath => Path.Combine(_root, "dynamodb", EmulatorPersistence.JournalFileName);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Flush_ItemWritesAfterTheFirstSnapshot_AppendToTheJournalAndRestore()
    {
        Dictionary<string, byte[]> image;
        var store = new DynamoDbStore();
        var table = AddTable(store, "ledger");
        await using (var persistence = Create(store))
        {
            persistence.Load();
            Put(table, """{"id":{"S":"a"},"state":{"S":"claimed"}}""");
            Put(table, """{"id":{"S":"gone"},"state":{"S":"claimed"}}""");
            Flush(persistence);
            var snapshot = File.ReadAllBytes(SnapshotPath);

            Put(table, """{"id":{"S":"a"},"state":{"S":"sent"}}""");
            Put(table, """{"id":{"S":"b"},"n":{"N":"7"}}""");
            Delete(table, """{"id":{"S":"gone"}}""");
            Flush(persistence);

            File.ReadAllBytes(SnapshotPath).Should().Equal(snapshot, "item writes are journaled, not a new snapshot");
            File.ReadAllLines(JournalPath).Should().HaveCount(1 + 3 + 1 + 1, "a header, one line per changed item, the stream sequence and the batch's end");
            image = CrashImage();
        }

        PutBack(image);
        var restored = Restore();
        Items(restored, "ledger").Should().BeEquivalentTo(
        [
            """{"id":{"S":"a"},"state":{"S":"sent"}}""",
            """{"id":{"S":"b"},"n":{"N":"7"}}""",
        ]);
    }

    [Fact]
    public async Task Load_JournalCutShortByACrash_ReplaysTheWholeLinesOnly()
    {
        Dictionary<string, byte[]> image;
        var store = new DynamoDbStore();
        var table = AddTable(store, "ledger");
        await using (var persistence = Create(store))
        {
            persistence.Load();
            Flush(persistence);
            Put(table, """{"id":{"S":"a"}}""");
            Flush(persistence);
            image = CrashImage();
        }

        PutBack(image);

        File.AppendAllText(JournalPath, """{"region":"ap-southeast-2","table":"ledger","item":{"id":{"S":"hal""");

        Items(Restore(), "ledger").Should().Equal("""{"id":{"S":"a"}}""");
    }

    [Fact]
    public async Task Load_BatchWithoutItsEnd_IsNotApplied()
    {
        Dictionary<string, byte[]> image;
        var store = new DynamoDbStore();
        var table = AddTable(store, "ledger");
        await using (var persistence = Create(store))
        {
            persistence.Load();
            Flush(persistence);
            Put(table, """{"id":{"S":"a"}}""");
            Flush(persistence);
            Put(table, """{"id":{"S":"b"}}""");
            Put(table, """{"id":{"S":"c"}}""");
            Flush(persistence);
            image = CrashImage();
        }

        PutBack(image);

        // A crash after the batch's first line reached the disk: the pass was never acknowledged, none of it applies.
        var lines = File.ReadAllLines(JournalPath);
        File.WriteAllText(JournalPath, string.Join("\n", lines[..^3]) + "\n");

        Items(Restore(), "ledger").Should().Equal("""{"id":{"S":"a"}}""");
    }

    [Fact]
    public async Task Load_JournalOfAnEarlierSnapshot_IsNotReplayed()
    {
        Dictionary<string, byte[]> image;
        var store = new DynamoDbStore();
        var table = AddTable(store, "ledger");
        await using (var persistence = Create(store))
        {
            persistence.Load();
            Flush(persistence);
            Put(table, """{"id":{"S":"a"}}""");
            Flush(persistence);
            image = CrashImage();
        }

        PutBack(image);

        // As if a crash came between the new snapshot's rename and the new journal's: the journal follows another snapshot.
        var lines = File.ReadAllLines(JournalPath);
        lines[0] = """{"snapshotSha256":"0000000000000000000000000000000000000000000000000000000000000000"}""";
        File.WriteAllLines(JournalPath, lines);

        Items(Restore(), "ledger").Should().BeEmpty();
    }

    [Fact]
    public async Task Stop_JournalWithChanges_IsFoldedIntoTheSnapshot()
    {
        var store = new DynamoDbStore();
        var table = AddTable(store, "ledger");
        await using (var persistence = Create(store))
        {
            persistence.Load();
            Flush(persistence);
            Put(table, """{"id":{"S":"a"}}""");
            Flush(persistence);
            File.ReadAllLines(JournalPath).Should().HaveCountGreaterThan(1);
        }

        File.ReadAllText(SnapshotPath).Should().Contain("""{"id":{"S":"a"}}""", "a clean stop writes the whole snapshot");
        File.ReadAllLines(JournalPath).Should().ContainSingle("and leaves an empty journal");
        Items(Restore(), "ledger").Should().Equal("""{"id":{"S":"a"}}""");
    }

    [Fact]
    public async Task Flush_NewTable_WritesAWholeSnapshot()
    {
        var store = new DynamoDbStore();
        AddTable(store, "first");
        await using var persistence = Create(store);
        persistence.Load();
        Flush(persistence);
        var before = File.ReadAllText(SnapshotPath);

        Put(AddTable(store, "second"), """{"id":{"S":"x"}}""");
        Flush(persistence);

        File.ReadAllText(SnapshotPath).Should().NotBe(before).And.Contain("second");
        File.ReadAllLines(JournalPath).Should().ContainSingle("a new snapshot starts an empty journal");
        Items(Restore(), "second").Should().Equal("""{"id":{"S":"x"}}""");
    }

    [Fact]
    public async Task Flush_JournalOutgrowsTheSnapshot_FoldsItIntoANewSnapshot()
    {
        var store = new DynamoDbStore();
        var table = AddTable(store, "ledger");
        await using (var persistence = Create(store))
        {
            persistence.Load();
            Flush(persistence);
            var padding = new string('x', 100_000);
            for (var i = 0; i < 12; i++)
            {
                Put(table, "{\"id\":{\"S\":\"a\"},\"pad\":{\"S\":\"" + padding + i + "\"}}");
                Flush(persistence);
            }

            new FileInfo(JournalPath).Length.Should().BeLessThan(EmulatorPersistence.JournalMinimum);
            File.ReadAllText(SnapshotPath).Contains("\"pad\"", StringComparison.Ordinal).Should().BeTrue("the journal was folded into a snapshot that has the item");
        }

        Items(Restore(), "ledger").Should().ContainSingle().Which.Should().EndWith("x11\"}}");
    }

    private EmulatorPersistence Create(DynamoDbStore store) =>
        new(
            [new SnapshotSource<DynamoDbSnapshot>("dynamodb", "dynamodb", store, DynamoDbSnapshotJsonContext.Default.DynamoDbSnapshot)],
            new EmulatorOptions { DataDirectory = _root, Persistence = true },
            TimeProvider.System,
            NullLogger<EmulatorPersistence>.Instance,
            new DiskSync());

    private DynamoDbStore Restore()
    {
        var store = new DynamoDbStore();
        var persistence = Create(store);
        persistence.Load();
        return store;
    }

    private static void Flush(EmulatorPersistence persistence)
    {
        persistence.Changed("dynamodb");
        persistence.Flush();
    }

    private static DynamoDbTable AddTable(DynamoDbStore store, string name)
    {
        var table = new DynamoDbTable(name, $"arn:aws:dynamodb:{Region}:000000000000:table/{name}", ("id", "S"), null, DateTimeOffset.UnixEpoch)
        {
            AttributeDefinitions = [new AttributeDefinition("id", "S")],
            KeySchema = [new KeySchemaElement("id", "HASH")],
        };
        store.Tables(Region)[name] = table;
        return table;
    }

    private static JsonObject Canonical(string json)
    {
        var item = new JsonObject();
        foreach (var (name, value) in JsonNode.Parse(json)!.AsObject())
        {
            item[name] = AttributeValues.Canonical(value);
        }

        return item;
    }

    private static void Put(DynamoDbTable table, string json)
    {
        var item = Canonical(json);
        lock (table.Lock)
        {
            table.Put(table.KeyOf(item, isItem: true), item);
        }
    }

    private static void Delete(DynamoDbTable table, string json)
    {
        lock (table.Lock)
        {
            table.Delete(table.KeyOf(Canonical(json), isItem: false));
        }
    }

    private static List<string> Items(DynamoDbStore store, string table) =>
        store.Tables(Region).TryGetValue(table, out var found) ? [.. found.All().Select(i => i.ToJsonString())] : [];
    /// <summary>The data folder as a kill -9 would leave it (a clean stop folds the journal into the snapshot).</summary>
    private Dictionary<string, byte[]> CrashImage() =>
        Directory.GetFiles(Path.GetDirectoryName(SnapshotPath)!).ToDictionary(f => f, File.ReadAllBytes);

    private static void PutBack(Dictionary<string, byte[]> image)
    {
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(image.Keys.First())!))
        {
            File.Delete(file);
        }

        foreach (var (file, bytes) in image)
        {
            File.WriteAllBytes(file, bytes);
        }
    }
}
