using System.Text;
using Microsoft.Extensions.Logging;
using SesMail.Emulator.Hosting;
using SesMail.Emulator.Persistence;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Persistence;

/// <summary>The shared snapshot mechanism, driven with a stand-in store.</summary>
[Trait("Kind", "Unit")]
public sealed class EmulatorPersistenceTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sesmail-tests", "persistence-" + Guid.NewGuid().ToString("N"));
    private readonly ListLogger _log = new();
    private readonly RecordingDiskSync _disk = new();

    private string SnapshotPath => Path.Combine(_root, "demo", EmulatorPersistence.FileName);

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
    public async Task Changed_ThenStop_WritesSnapshotAndNoTemporaryFile()
    {
        var source = new FakeSource { State = "one" };
        var persistence = Create(source);
        persistence.Load();

        persistence.Changed("demo");
        await persistence.StopAsync(TestContext.Current.CancellationToken);

        File.ReadAllText(SnapshotPath).Should().Be("\"one\"");
        Directory.GetFiles(Path.GetDirectoryName(SnapshotPath)!).Should().ContainSingle();
    }

    [Fact]
    public async Task Changed_WhileRunning_IsWrittenWithoutStopping()
    {
        var source = new FakeSource { State = "soon" };
        await using var persistence = Create(source);
        persistence.Load();

        persistence.Changed("demo");

        var deadline = DateTime.UtcNow.AddSeconds(10); // generous bound: the writer waits about 0.2 s
        while (!File.Exists(SnapshotPath) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        File.ReadAllText(SnapshotPath).Should().Be("\"soon\"");
    }

    [Fact]
    public async Task Changed_OtherService_WritesNothing()
    {
        var source = new FakeSource { State = "x" };
        var persistence = Create(source);
        persistence.Load();

        persistence.Changed("sqs");
        await persistence.StopAsync(TestContext.Current.CancellationToken);

        File.Exists(SnapshotPath).Should().BeFalse();
        source.Captures.Should().Be(0);
    }

    [Fact]
    public async Task Load_ExistingSnapshot_RestoresIt()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(SnapshotPath)!);
        File.WriteAllText(SnapshotPath, "\"saved\"");
        var source = new FakeSource();
        await using var persistence = Create(source);

        persistence.Load();

        source.Restored.Should().Be("\"saved\"");
    }

    [Fact]
    public async Task Load_UnreadableSnapshot_SetsItAsideWarnsAndStartsEmpty()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(SnapshotPath)!);
        File.WriteAllText(SnapshotPath, "{ not json");
        var source = new FakeSource { FailRestore = true, State = "fresh" };
        var persistence = Create(source);

        persistence.Load();

        File.Exists(SnapshotPath).Should().BeFalse();
        source.Resets.Should().Be(1);
        var aside = Directory.GetFiles(Path.GetDirectoryName(SnapshotPath)!, EmulatorPersistence.FileName + ".corrupt-*").Should().ContainSingle().Subject;
        File.ReadAllText(aside).Should().Be("{ not json");
        _log.Entries.Should().ContainSingle(e => e.Level == LogLevel.Warning)
            .Which.Message.Should().Contain(SnapshotPath).And.Contain(aside).And.Contain("starts empty");

        persistence.Changed("demo");
        await persistence.StopAsync(TestContext.Current.CancellationToken);
        File.ReadAllText(SnapshotPath).Should().Be("\"fresh\"");
        File.ReadAllText(aside).Should().Be("{ not json");
    }

    [Fact]
    public async Task PersistenceOff_NeitherLoadsNorWrites()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(SnapshotPath)!);
        File.WriteAllText(SnapshotPath, "\"old\"");
        var source = new FakeSource { State = "new" };
        var persistence = Create(source, enabled: false);

        persistence.Load();
        persistence.Changed("demo");
        await persistence.StopAsync(TestContext.Current.CancellationToken);

        source.Restored.Should().BeNull();
        source.Captures.Should().Be(0);
        File.ReadAllText(SnapshotPath).Should().Be("\"old\"");
    }

    [Fact]
    public async Task Flush_UnchangedState_DoesNotRewriteTheFile()
    {
        var source = new FakeSource { State = "same" };
        var persistence = Create(source);
        persistence.Load();
        persistence.Changed("demo");
        persistence.Flush();
        var written = File.GetLastWriteTimeUtc(SnapshotPath);
        File.SetLastWriteTimeUtc(SnapshotPath, written.AddHours(-1));

        persistence.Changed("demo");
        await persistence.StopAsync(TestContext.Current.CancellationToken);

        source.Captures.Should().Be(2);
        File.GetLastWriteTimeUtc(SnapshotPath).Should().Be(written.AddHours(-1));
    }

    [Fact]
    public async Task Changed_AfterAFailedWrite_IsWrittenAtTheNextChange()
    {
        var source = new FakeSource { State = "first" };
        await using var persistence = Create(source);
        persistence.Load();
        Directory.CreateDirectory(_root);
        File.WriteAllText(Path.Combine(_root, "demo"), "a file where the service folder belongs");

        persistence.Changed("demo");
        await WaitUntilAsync(() => _log.Entries.Any(e => e.Level == LogLevel.Warning));
        File.Delete(Path.Combine(_root, "demo"));
        source.State = "second";
        persistence.Changed("demo");
        await WaitUntilAsync(() => File.Exists(SnapshotPath));

        File.ReadAllText(SnapshotPath).Should().Be("\"second\"");
        _log.Entries.Should().ContainSingle(e => e.Level == LogLevel.Warning).Which.Message.Should().Contain("Could not write");
    }

    [Fact]
    public async Task Flush_AfterChange_FlushesTheFileThenTheFolderAfterTheRenameAndTheDataFolderOnce()
    {
        var source = new FakeSource { State = "one" };
        await using var persistence = Create(source);
        persistence.Load();
        var folder = Path.GetDirectoryName(SnapshotPath)!;
        var seen = new List<string>();
        _disk.OnFolder = _ => seen.Add(File.Exists(SnapshotPath + ".tmp") ? "not renamed yet" : File.ReadAllText(SnapshotPath));

        persistence.Changed("demo");
        persistence.Flush();
        source.State = "two";
        persistence.Changed("demo");
        persistence.Flush();

        _disk.Events.Should().Equal(
            "file " + SnapshotPath + ".tmp", "folder " + folder, "folder " + _root,
            "file " + SnapshotPath + ".tmp", "folder " + folder);
        seen.Should().Equal(["\"one\"", "\"one\"", "\"two\""], "each folder flush comes after the rename it makes durable");
    }

    [Fact]
    public async Task Flush_FolderFlushFails_IsLoggedAndWrittenAgainAtTheNextFlushWithoutAChange()
    {
        var source = new FakeSource { State = "one" };
        await using var persistence = Create(source);
        persistence.Load();
        _disk.FailFolders();

        persistence.Changed("demo");
        persistence.Flush();
        var failed = _disk.Events.Count;
        _disk.Heal();
        persistence.Flush();

        _log.Entries.Should().ContainSingle(e => e.Level == LogLevel.Warning).Which.Message.Should().Contain("Input/output error");
        _disk.Events.Skip(failed).Should().Equal("file " + SnapshotPath + ".tmp", "folder " + Path.GetDirectoryName(SnapshotPath), "folder " + _root);
        File.ReadAllText(SnapshotPath).Should().Be("\"one\"");
    }

    [Fact]
    public async Task Changed_AfterDispose_DoesNotThrow()
    {
        var persistence = Create(new FakeSource { State = "late" });
        persistence.Load();
        await persistence.DisposeAsync();

        var act = () => persistence.Changed("demo");

        act.Should().NotThrow();
    }

    [Fact]
    public async Task CommitAsync_AfterChange_CompletesOnlyWithTheChangeOnDisk()
    {
        var source = new FakeSource { State = "acknowledged" };
        await using var persistence = Create(source);
        persistence.Load();

        persistence.Changed("demo");
        await persistence.CommitAsync();

        File.ReadAllText(SnapshotPath).Should().Be("\"acknowledged\"", "a write is answered only once it is on disk");
        source.State = "second";
        persistence.Changed("demo");
        await persistence.CommitAsync();
        File.ReadAllText(SnapshotPath).Should().Be("\"second\"");
    }

    [Fact]
    public async Task CommitAsync_WaitersArrivingDuringAWrite_AreServedTogetherByTheNextOne()
    {
        using var hold = new ManualResetEventSlim(false);
        var source = new FakeSource { State = "burst", Hold = hold };
        await using var persistence = Create(source);
        persistence.Load();
        persistence.Changed("demo");
        var first = persistence.CommitAsync();
        while (source.Captures == 0)
        {
            await Task.Delay(5, TestContext.Current.CancellationToken); // the first pass is now held inside Capture
        }

        var later = Enumerable.Range(0, 49).Select(_ =>
        {
            persistence.Changed("demo");
            return persistence.CommitAsync();
        }).ToList();
        hold.Set();
        await Task.WhenAll([first, .. later]);

        source.Captures.Should().Be(2, "the 49 waiters that came during the first write share the second");
        File.ReadAllText(SnapshotPath).Should().Be("\"burst\"");
    }

    [Fact]
    public async Task CommitAsync_WhileTheLogsSnapshotIsBeingWritten_CompletesWithoutWaitingForIt()
    {
        using var hold = new ManualResetEventSlim(false);
        var logs = new FakeSource { Service = "logs", SigningName = "logs", State = "log events", Hold = hold };
        var demo = new FakeSource { State = "acknowledged" };
        var persistence = new EmulatorPersistence([logs, demo], new EmulatorOptions { DataDirectory = _root, Persistence = true }, TimeProvider.System, _log, _disk);
        persistence.Load();
        persistence.Changed("logs");
        await WaitUntilAsync(() => logs.Captures > 0); // the logs snapshot's write has started and is held in Capture

        persistence.Changed("demo");
        var commit = persistence.CommitAsync();
        var finished = await Task.WhenAny(commit, Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));

        finished.Should().BeSameAs(commit, "a commit never waits while logs or metrics are serialized and flushed");
        File.ReadAllText(SnapshotPath).Should().Be("\"acknowledged\"");
        hold.Set();
        await persistence.StopAsync(TestContext.Current.CancellationToken);
        File.ReadAllText(Path.Combine(_root, "logs", EmulatorPersistence.FileName)).Should().Be("\"log events\"");
    }

    [Fact]
    public async Task CommitAsync_PersistenceOffOrNotLoaded_CompletesAtOnceWritingNothing()
    {
        var off = Create(new FakeSource { State = "x" }, enabled: false);
        var notLoaded = Create(new FakeSource { State = "y" });

        await off.CommitAsync();
        await notLoaded.CommitAsync();

        File.Exists(SnapshotPath).Should().BeFalse();
    }

    [Fact]
    public async Task Load_TemporaryFileOfAWriteCutShort_IsIgnoredAndThePreviousSnapshotRestored()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(SnapshotPath)!);
        File.WriteAllText(SnapshotPath, "\"whole\"");
        File.WriteAllText(SnapshotPath + ".tmp", "\"half-wri");
        var source = new FakeSource { State = "next" };
        var persistence = Create(source);

        persistence.Load();
        persistence.Changed("demo");
        await persistence.StopAsync(TestContext.Current.CancellationToken);

        source.Restored.Should().Be("\"whole\"");
        _log.Entries.Should().NotContain(e => e.Level == LogLevel.Warning);
        File.ReadAllText(SnapshotPath).Should().Be("\"next\"");
        File.Exists(SnapshotPath + ".tmp").Should().BeFalse("the next write replaces the leftover");
    }

    [Theory]
    [InlineData("PutItem", true)]
    [InlineData("SendMessage", true)]
    [InlineData("DeleteMessage", true)]
    [InlineData("ReceiveMessage", false)]
    [InlineData("GetItem", false)]
    public void AwaitsCommit_Operation_WritesWaitReadsAndReceivesDoNot(string operation, bool waits) =>
        EmulatorPersistence.AwaitsCommit(operation).Should().Be(waits);

    [Theory]
    [InlineData("sqs", "SendMessage", true)]
    [InlineData("dynamodb", "PutItem", true)]
    [InlineData("sns", "Publish", true)]
    [InlineData("s3", "PutObject", false)]
    [InlineData("logs", "PutLogEvents", false)]
    [InlineData("monitoring", "PutMetricData", false)]
    [InlineData("sqs", "ReceiveMessage", false)]
    public void AwaitsCommit_Service_OnlyServicesACommitPassWritesWait(string signingName, string operation, bool waits) =>
        EmulatorPersistence.AwaitsCommit(signingName, operation).Should().Be(waits);

    [Theory]
    [InlineData("GetItem", true)]
    [InlineData("ListQueues", true)]
    [InlineData("DescribeTable", true)]
    [InlineData("Query", true)]
    [InlineData("ReceiveMessage", false)]
    [InlineData("PutItem", false)]
    [InlineData("Subscribe", false)]
    public void IsRead_Operation_ClassifiesReads(string operation, bool read) =>
        EmulatorPersistence.IsRead(operation).Should().Be(read);

    /// <summary>Polls for a condition the background writer brings about (generous bound: it acts within about 0.2 s).</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    private EmulatorPersistence Create(FakeSource source, bool enabled = true) =>
        new([source], new EmulatorOptions { DataDirectory = _root, Persistence = enabled }, TimeProvider.System, _log, _disk);

    private sealed class FakeSource : ISnapshotSource
    {
        public string Service { get; init; } = "demo";

        public string SigningName { get; init; } = "demo";

        public string State { get; set; } = string.Empty;

        public bool FailRestore { get; init; }

        public string? Restored { get; private set; }

        public int Captures { get; private set; }

        public int Resets { get; private set; }

        public void Reset() => Resets++;

        /// <summary>When set, the first capture waits for it (a write in progress).</summary>
        public ManualResetEventSlim? Hold { get; init; }

        public byte[] Capture()
        {
            Captures++;
            Hold?.Wait(TimeSpan.FromSeconds(30));
            return Encoding.UTF8.GetBytes($"\"{State}\"");
        }

        public void Restore(byte[] json)
        {
            if (FailRestore)
            {
                throw new System.Text.Json.JsonException("broken");
            }

            Restored = Encoding.UTF8.GetString(json);
        }
    }

    private sealed class ListLogger : ILogger<EmulatorPersistence>
    {
        private readonly List<(LogLevel Level, string Message)> _entries = [];

        /// <summary>A copy of what was logged so far (the writer logs from its own thread).</summary>
        public List<(LogLevel Level, string Message)> Entries
        {
            get
            {
                lock (_entries)
                {
                    return [.. _entries];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_entries)
            {
                _entries.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
