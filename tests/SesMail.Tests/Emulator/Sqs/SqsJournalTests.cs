using Microsoft.Extensions.Logging.Abstractions;
using SesMail.Emulator.Hosting;
using SesMail.Emulator.Persistence;
using SesMail.Emulator.Sqs;

namespace SesMail.Tests.Emulator.Sqs;

/// <summary>
/// SQS persistence between whole snapshots: a sent message is journaled whole, a receive as its receive state only,
/// a deletion as the message id; a restart replays them after the snapshot.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class SqsJournalTests : IDisposable
{
    private const string Region = "ap-southeast-2";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sesmail-tests", "sqs-journal-" + Guid.NewGuid().ToString("N"));

    private string SnapshotPath => Path.Combine(_root, "sqs", EmulatorPersistence.FileName);

    private string JournalPath => Path.Combine(_root, "sqs", EmulatorPersistence.JournalFileName);

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
    public async Task Flush_SendReceiveDelete_JournaledAndRestoredWithReceiveState()
    {
        using var store = new SqsStore(TimeProvider.System);
        var queue = store.GetOrAdd(new SqsQueue(Region, "000000000000", "inbox", new SqsQueueSettings(), 0));
        string token;
        Dictionary<string, byte[]> image;
        await using (var persistence = Create(store))
        {
            persistence.Load();
            Flush(persistence);
            var snapshot = File.ReadAllBytes(SnapshotPath);

            queue.Enqueue(Message("kept", "body of kept"), 0);
            queue.Enqueue(Message("deleted", "body of deleted"), 0);
            Flush(persistence);
            var receipts = queue.Receive(10, 60_000, 1_000, () => Guid.NewGuid().ToString("N"), [], out _);
            token = receipts.Single(r => r.Message.MessageId == "kept").ReceiptToken;
            queue.Delete("deleted", receipts.Single(r => r.Message.MessageId == "deleted").ReceiptToken).Should().BeTrue();
            Flush(persistence);

            File.ReadAllBytes(SnapshotPath).Should().Equal(snapshot, "message changes are journaled, not a new snapshot");
            var journal = File.ReadAllLines(JournalPath);
            journal.Count(l => l.Contains("body of kept", StringComparison.Ordinal)).Should().Be(1, "a receive journals the receive state, not the body again");
            journal.Should().Contain(l => l.Contains("\"removed\":\"deleted\"", StringComparison.Ordinal));
            image = CrashImage();
        }

        PutBack(image);

        using var restored = new SqsStore(TimeProvider.System);
        await using (var again = Create(restored))
        {
            again.Load();
        }

        var (messages, _) = restored.Find(Region, "inbox")!.Capture();
        var kept = messages.Should().ContainSingle().Subject;
        kept.MessageId.Should().Be("kept");
        kept.Body.Should().Be("body of kept");
        kept.ApproximateReceiveCount.Should().Be(1);
        kept.VisibleAt.Should().Be(61_000);
        kept.ReceiptToken.Should().Be(token, "a receipt handle given out before the restart still deletes the message");
    }

    [Fact]
    public async Task Load_JournalLeftByACrashBetweenTheTwoRenames_IsNotReplayedOverTheNewerSnapshot()
    {
        using var store = new SqsStore(TimeProvider.System);
        var queue = store.GetOrAdd(new SqsQueue(Region, "000000000000", "inbox", new SqsQueueSettings(), 0));
        byte[] oldJournal;
        await using (var persistence = Create(store))
        {
            persistence.Load();
            Flush(persistence);
            queue.Enqueue(Message("gone", "body of gone"), 0);
            Flush(persistence);
            oldJournal = File.ReadAllBytes(JournalPath);
            System.Text.Encoding.UTF8.GetString(oldJournal).Should().Contain("body of gone", "the send was journaled whole");

            var receipt = queue.Receive(10, 60_000, 1_000, () => Guid.NewGuid().ToString("N"), [], out _).Single();
            queue.Delete("gone", receipt.ReceiptToken).Should().BeTrue();
            queue.Enqueue(Message("kept", "body of kept"), 0);
        }

        // The clean stop folded the journal into a new snapshot; a crash after the snapshot's rename and before the
        // journal's would leave the old journal beside it.
        File.ReadAllText(SnapshotPath).Should().Contain("body of kept").And.NotContain("body of gone");
        File.WriteAllBytes(JournalPath, oldJournal);

        using var restored = new SqsStore(TimeProvider.System);
        await using (var again = Create(restored))
        {
            again.Load();
        }

        restored.Find(Region, "inbox")!.Capture().Messages.Select(m => m.MessageId).Should().Equal(
            ["kept"], "the old journal names the snapshot it followed, so it is not replayed and the deleted message stays deleted");
    }

    [Fact]
    public void TakeChanges_ChangesMadeOutOfQueueOrder_HandedOverInQueueOrderWithGoneIds()
    {
        var queue = new SqsQueue(Region, "000000000000", "inbox", new SqsQueueSettings(), 0);
        queue.TakeChanges(Definition, out _).New.Should().BeTrue("the first call switches tracking on");
        foreach (var id in new[] { "m1", "m2", "m3", "m4" })
        {
            queue.Enqueue(Message(id, "body of " + id), 0);
        }

        queue.TakeChanges(Definition, out _).Added.Select(m => m.MessageId).Should().Equal("m1", "m2", "m3", "m4");

        var receipts = queue.Receive(10, 60_000, 1_000, () => Guid.NewGuid().ToString("N"), [], out _).ToDictionary(r => r.Message.MessageId);
        queue.TakeChanges(Definition, out _);

        // Changed in the order m4, m2 (deleted), a new m5, then m1: handed over as the queue holds them.
        queue.ChangeVisibility("m4", receipts["m4"].ReceiptToken, 0, 2_000).Should().BeTrue();
        queue.Delete("m2", receipts["m2"].ReceiptToken).Should().BeTrue();
        queue.Enqueue(Message("m5", "body of m5"), 0);
        queue.ChangeVisibility("m1", receipts["m1"].ReceiptToken, 0, 2_000).Should().BeTrue();

        var (added, updated, gone, isNew) = queue.TakeChanges(Definition, out _);
        isNew.Should().BeFalse();
        added.Select(m => m.MessageId).Should().Equal("m5");
        updated.Select(m => m.MessageId).Should().Equal("m1", "m4");
        gone.Should().Equal("m2");
        queue.TakeChanges(Definition, out _).Added.Should().BeEmpty("each change is handed over once");
    }

    [Fact]
    public async Task Flush_MessageMovedToTheDeadLetterQueue_RestoredInItsNewQueueOnly()
    {
        using var store = new SqsStore(TimeProvider.System);
        var source = store.GetOrAdd(new SqsQueue(Region, "000000000000", "work", new SqsQueueSettings(), 0));
        var dlq = store.GetOrAdd(new SqsQueue(Region, "000000000000", "work-dlq", new SqsQueueSettings(), 0));
        Dictionary<string, byte[]> image;
        await using (var persistence = Create(store))
        {
            persistence.Load();
            Flush(persistence);
            source.Enqueue(Message("m", "poison"), 0);
            Flush(persistence);

            source.Delete("m", "none").Should().BeFalse();
            source.Purge();
            dlq.Enqueue(Message("m", "poison"), 0); // what a redrive does: out of one queue, into the other
            Flush(persistence);
            image = CrashImage();
        }

        PutBack(image);

        using var restored = new SqsStore(TimeProvider.System);
        await using (var again = Create(restored))
        {
            again.Load();
        }

        restored.Find(Region, "work")!.Capture().Messages.Should().BeEmpty();
        restored.Find(Region, "work-dlq")!.Capture().Messages.Should().ContainSingle().Which.Body.Should().Be("poison");
    }

    private static SqsQueueRecord Definition(SqsQueue queue, Dictionary<string, string> tags) =>
        new(Region, "000000000000", queue.Name, 0, 0, [], tags, []);

    private static SqsMessage Message(string id, string body) => new(id, body, null, null, "AIDATEST", 1_000);

    private EmulatorPersistence Create(SqsStore store) =>
        new(
            [new SnapshotSource<SqsSnapshot>("sqs", "sqs", store, SqsSnapshotJsonContext.Default.SqsSnapshot)],
            new EmulatorOptions { DataDirectory = _root, Persistence = true },
            TimeProvider.System,
            NullLogger<EmulatorPersistence>.Instance,
            new DiskSync());

    private static void Flush(EmulatorPersistence persistence)
    {
        persistence.Changed("sqs");
        persistence.Flush();
    }
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
