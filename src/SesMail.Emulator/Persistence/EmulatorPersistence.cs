using System.Globalization;
using SesMail.Emulator.Hosting;

namespace SesMail.Emulator.Persistence;

/// <summary>
/// Keeps the in-memory stores (SQS, SNS, SSM, DynamoDB, EventBridge, SES) across restarts: each registered
/// <see cref="ISnapshotSource"/> is restored from <c>{DataDirectory}/{service}/state.json</c> before the first request,
/// and written back atomically (temporary file flushed to disk, then renamed over the old one, so a kill during a
/// write leaves the previous snapshot whole, then the folder flushed, so that the new name survives a power cut too;
/// all through <see cref="IDiskSync"/>) at most <see cref="WriteDelay"/> after a change, at once when a caller
/// waits for <see cref="CommitAsync"/>, and once more when the emulator stops. Unchanged snapshots are not rewritten.
/// </summary>
/// <remarks>
/// <para>Changes are reported per service: the request dispatcher reports every successful call that is not a read
/// (<see cref="IsRead"/>), and in-process paths (SNS/EventBridge → SQS delivery) call <see cref="Changed"/>. What the
/// SQS sweeper does (expiry, dead-letter moves) is not reported: it follows from the saved timestamps and receive
/// counts and is done again after a restart. A snapshot that cannot be read is renamed <c>state.json.corrupt-{yyyyMMddTHHmmssZ}</c> and
/// that service starts empty. With <see cref="EmulatorOptions.Persistence"/> off nothing is read or written.</para>
/// <para><b>Durable acknowledgement</b> (docs/DELIVERY.md): AWS answers a write only once it is durable, so the
/// dispatcher awaits <see cref="CommitAsync"/> before it answers a call that changed state (<see cref="AwaitsCommit(string, string)"/>).
/// Commits are grouped: every call waiting when a write pass starts is answered by that pass, so a burst of calls costs
/// one write per changed service, not one per call. A kill of the process then loses no change it has acknowledged.</para>
/// </remarks>
internal sealed partial class EmulatorPersistence : IStateChanges, IHostedService, IAsyncDisposable
{
    /// <summary>The file name of a service's snapshot inside its folder.</summary>
    public const string FileName = "state.json";

    /// <summary>The file name of a journaled service's change journal beside its snapshot (<see cref="ISnapshotJournal"/>).</summary>
    public const string JournalFileName = "journal.jsonl";

    /// <summary>The longest a change waits before it is written.</summary>
    public static readonly TimeSpan WriteDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Snapshots may hold secrets (SSM SecureString values): on Unix only the owner may read them.</summary>
    private static readonly FileStreamOptions WriteOptions = OperatingSystem.IsWindows()
        ? new() { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None }
        : new() { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly bool _enabled;
    private readonly ILogger<EmulatorPersistence> _logger;
    private readonly TimeProvider _time;
    private readonly IDiskSync _disk;
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _writeLock = new();

    /// <summary>Guards the writes of <see cref="NotCommitted"/> snapshots, which run beside the commit passes.</summary>
    private readonly Lock _observabilityLock = new();

    /// <summary>The background write of the logs and metrics snapshots now running, or a completed task.</summary>
    private Task _observabilityWriter = Task.CompletedTask;
    private readonly Lock _commitGate = new();
    private Task _writer = Task.CompletedTask;
    private int _loaded;

    /// <summary>Completed by the write pass that serves the callers of <see cref="CommitAsync"/> waiting now; null when none waits.</summary>
    private TaskCompletionSource? _commit;

    /// <summary>When the write loop last wrote logs and metrics (<see cref="System.Diagnostics.Stopwatch"/> ticks).</summary>
    private long _observabilityWritten = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>How long the last background write of logs and metrics took (<see cref="TimeSpan"/> ticks).</summary>
    private long _observabilityCost;

    /// <summary>
    /// The logs and metrics snapshots are written again only after <see cref="ObservabilityCostFactor"/> times as long as
    /// their last write took, so however large they grow (they are rewritten whole) their writing takes at most a
    /// twentieth of one core; the wait is otherwise a second under commits and <see cref="WriteDelay"/> without.
    /// </summary>
    internal const int ObservabilityCostFactor = 20;

    /// <summary>Completed when a caller starts waiting for a commit, to cut the writer's coalescing delay short.</summary>
    private TaskCompletionSource _commitRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public EmulatorPersistence(IEnumerable<ISnapshotSource> sources, EmulatorOptions options, TimeProvider time, ILogger<EmulatorPersistence> logger, IDiskSync disk)
    {
        _enabled = options.Persistence;
        _logger = logger;
        _time = time;
        _disk = disk;
        foreach (var source in sources)
        {
            _entries.Add(source.SigningName, new Entry(source, Path.Combine(options.DataDirectory, source.Service, FileName)));
        }
    }

    /// <summary>Whether an operation only reads state (its successful calls are not reported as changes).</summary>
    /// <param name="operation">The JSON operation or Query action name, e.g. <c>GetItem</c>.</param>
    /// <returns><c>true</c> for <c>Get*</c>, <c>List*</c>, <c>Describe*</c>, <c>Query</c>, <c>Scan</c>, <c>BatchGetItem</c>, <c>TransactGetItems</c>.</returns>
    public static bool IsRead(string operation) =>
        operation.StartsWith("Get", StringComparison.Ordinal)
        || operation.StartsWith("List", StringComparison.Ordinal)
        || operation.StartsWith("Describe", StringComparison.Ordinal)
        || operation is "Query" or "Scan" or "BatchGetItem" or "TransactGetItems";

    /// <summary>
    /// Whether the dispatcher answers a successful <paramref name="operation"/> only after <see cref="CommitAsync"/>:
    /// every call that is not a read, except <c>ReceiveMessage</c> (losing a receive only makes the message visible
    /// again, which SQS's at-least-once delivery allows, and waiting would slow every poll) and SES's sends (the sent
    /// message is on disk before they answer).
    /// </summary>
    /// <param name="operation">The JSON operation, Query action or REST operation name.</param>
    /// <returns><c>true</c> when the answer waits for the write.</returns>
    public static bool AwaitsCommit(string operation) => !IsRead(operation) && !NotAwaited.Contains(operation);

    /// <summary>
    /// <see cref="AwaitsCommit(string)"/> for a call to the service with signing name <paramref name="signingName"/>:
    /// never for a service whose writes a commit pass does not make durable — S3 (<see cref="S3.S3Store"/> flushes every
    /// write to disk itself before it answers and delivers nothing to other services in process) and
    /// <see cref="NotCommitted"/> (a commit's pass leaves their snapshots to a later write). Waiting for a pass would
    /// only make such a call wait for other services' writes.
    /// </summary>
    /// <param name="signingName">The service's SigV4 signing name, e.g. <c>s3</c>, <c>sqs</c>.</param>
    /// <param name="operation">The JSON operation, Query action or REST operation name.</param>
    /// <returns><c>true</c> when the answer waits for the write.</returns>
    public static bool AwaitsCommit(string signingName, string operation) =>
        signingName != "s3" && !NotCommitted.Contains(signingName) && AwaitsCommit(operation);

    /// <summary>
    /// Writes answered without waiting for a snapshot: <c>ReceiveMessage</c> (see <see cref="AwaitsCommit(string)"/>) and SES's
    /// sends (<c>SendRawEmail</c>, <c>SendEmail</c>, <c>SendBounce</c>), whose effect — the message in the outbox — is on
    /// disk before they answer; the snapshot holds only their statistics.
    /// </summary>
    private static readonly HashSet<string> NotAwaited = new(StringComparer.Ordinal) { "ReceiveMessage", "SendRawEmail", "SendEmail", "SendBounce" };

    /// <summary>
    /// Completes once every change reported before this call (in any service) is written to disk: the durable
    /// acknowledgement the dispatcher waits for before answering a write. Completes at once when persistence is off,
    /// before <see cref="Load"/> and after stop. A write that fails is logged (as for the background writer) and
    /// still completes the wait, so a full disk slows nothing down but is no longer durable.
    /// </summary>
    /// <returns>A task completing after the write pass.</returns>
    public Task CommitAsync()
    {
        if (!_enabled || Volatile.Read(ref _loaded) == 0 || _stopping.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }

        Task waiting;
        lock (_commitGate)
        {
            if (_commit is null)
            {
                _commit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _commitRequested.TrySetResult();
            }

            waiting = _commit.Task;
        }

        _signal.Release();
        return waiting;
    }

    /// <summary>Restores every service from its snapshot and starts the writer. Called once, before the emulator listens.</summary>
    public void Load()
    {
        if (!_enabled || Interlocked.Exchange(ref _loaded, 1) == 1)
        {
            return;
        }

        foreach (var entry in _entries.Values)
        {
            Restore(entry);
        }

        _writer = Task.Run(() => WriteLoopAsync(_stopping.Token));
    }

    /// <inheritdoc/>
    public void Changed(string service)
    {
        if (_enabled && _entries.TryGetValue(service, out var entry) && Interlocked.Exchange(ref entry.Dirty, 1) == 0)
        {
            _signal.Release();
        }
    }

    /// <summary>Writes every changed snapshot now (also done on stop).</summary>
    public void Flush() => Flush(includeObservability: true);

    /// <summary>
    /// Services a commit does not wait for: CloudWatch Logs and CloudWatch (signing names <c>logs</c>, <c>monitoring</c>).
    /// They change with every invocation and are the largest snapshots (megabytes after a load run), and no acknowledged
    /// delivery depends on them. They are written on a task of their own (<see cref="StartObservabilityWrite"/>) within
    /// <see cref="WriteDelay"/> of a change, or at most once a second while commits keep the writer busy (and never sooner than <see cref="ObservabilityCostFactor"/> times their last write took), so a commit
    /// never waits while they are serialized and flushed.
    /// </summary>
    public static readonly IReadOnlySet<string> NotCommitted = new HashSet<string>(StringComparer.Ordinal) { "logs", "monitoring" };

    /// <summary>
    /// Writes every changed snapshot, or every one but <see cref="NotCommitted"/> (a commit's pass; they stay marked for
    /// <see cref="StartObservabilityWrite"/>). Returns whether a <see cref="NotCommitted"/> snapshot was left changed.
    /// </summary>
    private bool Flush(bool includeObservability)
    {
        if (!_enabled)
        {
            return false;
        }

        var deferred = false;
        lock (_writeLock)
        {
            foreach (var (signingName, entry) in _entries)
            {
                if (NotCommitted.Contains(signingName))
                {
                    if (!includeObservability)
                    {
                        deferred |= Volatile.Read(ref entry.Dirty) == 1 || entry.WriteFailed;
                        continue;
                    }

                    lock (_observabilityLock)
                    {
                        WriteIfChanged(entry);
                    }

                    continue;
                }

                WriteIfChanged(entry);
            }
        }

        return deferred;
    }

    private void WriteIfChanged(Entry entry)
    {
        if (Interlocked.Exchange(ref entry.Dirty, 0) == 1 || entry.WriteFailed)
        {
            Write(entry);
        }
    }

    /// <summary>Writes the changed <see cref="NotCommitted"/> snapshots on a task of their own unless such a write is still running.</summary>
    /// <returns><c>true</c> when a write was started.</returns>
    private bool StartObservabilityWrite()
    {
        if (!_observabilityWriter.IsCompleted)
        {
            return false;
        }

        _observabilityWriter = Task.Run(() =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            lock (_observabilityLock)
            {
                foreach (var signingName in NotCommitted)
                {
                    if (_entries.TryGetValue(signingName, out var entry))
                    {
                        WriteIfChanged(entry);
                    }
                }
            }

            Volatile.Write(ref _observabilityCost, System.Diagnostics.Stopwatch.GetElapsedTime(started).Ticks);
        });
        return true;
    }

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Load(); // normally done by EmulatorApp.Build already
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await StopWriterAsync().ConfigureAwait(false);
        var waiting = TakeCommit();
        Flush();
        waiting?.TrySetResult();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopWriterAsync().ConfigureAwait(false);
        var waiting = TakeCommit();
        Flush();
        waiting?.TrySetResult();

        // _signal and _stopping stay undisposed: a late in-process delivery may still call Changed, which must not throw.
    }

    private async Task StopWriterAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await _writer.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await _observabilityWriter.ConfigureAwait(false); // the last flush writes what it has not

        // A clean stop folds every journal into its snapshot: the last flush writes whole snapshots, so state.json holds
        // everything and the next start replays nothing.
        _foldJournals = true;
        foreach (var entry in _entries.Values)
        {
            if (entry.JournalHasLines)
            {
                Volatile.Write(ref entry.Dirty, 1);
            }
        }
    }

    /// <summary>Set once stopping: journaled services are written as whole snapshots from then on.</summary>
    private volatile bool _foldJournals;

    private async Task WriteLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            await _signal.WaitAsync(stopping).ConfigureAwait(false);
            var commit = TakeCommit();
            if (commit is null)
            {
                // A plain change waits a little so that a burst is written once; a caller waiting for a commit ends the wait.
                Task requested;
                lock (_commitGate)
                {
                    requested = _commitRequested.Task;
                }

                await Task.WhenAny(Task.Delay(WriteDelay, stopping), requested).ConfigureAwait(false);
                stopping.ThrowIfCancellationRequested();
                commit = TakeCommit();
            }

            while (_signal.Wait(0))
            {
                // one pass writes every service changed meanwhile
            }

            // Taken before the pass captures anything: every change its waiters reported is in what is written. Logs and
            // metrics are never written by the pass itself: a plain pass, or a commit's pass once they have waited a
            // second, starts their write on its own task.
            var deferred = Flush(includeObservability: false);
            commit?.TrySetResult();
            if (deferred)
            {
                var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(_observabilityWritten);
                var due = (commit is null || elapsed > TimeSpan.FromSeconds(1))
                    && elapsed.Ticks > ObservabilityCostFactor * Volatile.Read(ref _observabilityCost);
                if (due && StartObservabilityWrite())
                {
                    _observabilityWritten = System.Diagnostics.Stopwatch.GetTimestamp();
                }
                else
                {
                    _signal.Release(); // a later pass (after the usual delay) starts their write
                }
            }
        }
    }

    /// <summary>Takes the waiters of the next pass; later callers wait for the pass after it.</summary>
    private TaskCompletionSource? TakeCommit()
    {
        lock (_commitGate)
        {
            var commit = _commit;
            if (commit is not null)
            {
                _commit = null;
                _commitRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return commit;
        }
    }

    private void Restore(Entry entry)
    {
        byte[] json;
        try
        {
            if (!File.Exists(entry.Path))
            {
                return;
            }

            json = File.ReadAllBytes(entry.Path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            SetAside(entry, error);
            return;
        }

        try
        {
            entry.Source.Restore(json);
            entry.LastWritten = json;
            entry.SnapshotBytes = json.Length;
            if (entry.Source.Journal is { } journal)
            {
                ReplayJournal(entry, journal, json);
            }

            LogRestored(_logger, entry.Source.Service, entry.Path);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            entry.Source.Reset(); // nothing half-restored stays behind
            SetAside(entry, error);
        }
    }

    /// <summary>Keeps an unreadable snapshot as <c>state.json.corrupt-{timestamp}</c>; the service starts empty.</summary>
    private void SetAside(Entry entry, Exception error)
    {
        var aside = $"{entry.Path}.corrupt-{_time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
        try
        {
            File.Move(entry.Path, aside, overwrite: false);
            LogCorrupt(_logger, error, entry.Path, error.Message, entry.Source.Service, aside);
        }
        catch (Exception moveError) when (moveError is IOException or UnauthorizedAccessException)
        {
            entry.ReadOnly = true; // never overwrite a file the user may still want
            LogCorruptKept(_logger, error, entry.Path, error.Message, entry.Source.Service, moveError.Message);
        }
    }

    private void Write(Entry entry)
    {
        if (entry.ReadOnly)
        {
            return;
        }

        try
        {
            if (entry.Source.Journal is { } journal)
            {
                WriteJournaled(entry, journal, fold: _foldJournals);
            }
            else
            {
                var json = entry.Source.Capture();
                if (entry.LastWritten is { } last && last.AsSpan().SequenceEqual(json))
                {
                    return;
                }

                WriteSnapshot(entry, json);
            }

            if (entry.WriteFailed)
            {
                entry.WriteFailed = false;
                LogWriteRecovered(_logger, entry.Path);
            }
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // IOException/UnauthorizedAccessException (disk full, permissions), or state that cannot be serialized:
            // either way the writer keeps running and the emulator keeps serving.
            if (!entry.WriteFailed)
            {
                LogWriteFailed(_logger, error, entry.Path, error.Message);
            }

            entry.WriteFailed = true; // retried at the next change of any service and at stop
        }
    }

    /// <summary>
    /// Replaces <c>state.json</c> atomically and durably: a temporary file flushed to disk, renamed over it, then the
    /// folder flushed (and, the first time, the data folder that holds it). Until the folder flush has succeeded the
    /// snapshot does not count as written, so a failed flush is retried.
    /// </summary>
    /// <exception cref="IOException">A write or flush failed.</exception>
    private void WriteSnapshot(Entry entry, byte[] json)
    {
        var folder = Path.GetDirectoryName(entry.Path)!;
        Directory.CreateDirectory(folder);
        var temporary = entry.Path + ".tmp";
        using (var file = new FileStream(temporary, WriteOptions))
        {
            file.Write(json);
            _disk.FlushFile(file);
        }

        File.Move(temporary, entry.Path, overwrite: true);
        _disk.SyncDirectory(folder);
        if (!entry.FolderDurable)
        {
            _disk.SyncDirectory(Path.GetDirectoryName(folder)!); // the data folder, which holds the service's folder (created by its first write)
            entry.FolderDurable = true;
        }

        entry.LastWritten = json;
        entry.SnapshotBytes = json.Length;
    }

    /// <summary>
    /// The smallest journal that is folded into a new snapshot: below it appends continue whatever the snapshot's size;
    /// above it the journal is folded once it outgrows the snapshot, so a restart replays at most about a snapshot's
    /// worth of lines and the disk holds at most about two snapshots.
    /// </summary>
    internal const long JournalMinimum = 1024 * 1024;

    /// <summary>
    /// A journaled store's write: its changes appended to <c>journal.jsonl</c> as one batch (ended by a marker line) and
    /// flushed to disk, or, when the store
    /// asks for it, the journal has outgrown the snapshot or the last append failed, a new snapshot and an empty
    /// journal. The journal's first line names the SHA-256 of the snapshot it follows, so a journal left behind by a
    /// crash between the two renames is recognised as older than the snapshot and not replayed.
    /// </summary>
    private void WriteJournaled(Entry entry, ISnapshotJournal journal, bool fold)
    {
        var lines = journal.TakeChanges();
        if (!fold && lines is not null && entry.JournalBytes >= 0 && entry.JournalBytes + lines.Length <= Math.Max(entry.SnapshotBytes, JournalMinimum))
        {
            if (lines.Length == 0)
            {
                return;
            }

            var written = entry.JournalBytes;
            entry.JournalBytes = -1; // until the append is on disk: if it fails, the next write is a whole snapshot
            using (var file = new FileStream(entry.JournalPath, JournalAppendOptions))
            {
                file.Write(lines);
                file.Write(BatchEnd);
                _disk.FlushFile(file); // an append renames nothing: the file's flush is all it needs
            }

            entry.JournalBytes = written + lines.Length + BatchEnd.Length;
            entry.JournalHasLines = true;
            return;
        }

        // Everything taken above is in this capture, which is made after it.
        var json = entry.Source.Capture();
        entry.JournalBytes = -1;
        WriteSnapshot(entry, json);
        var header = JournalHeader(json);
        var temporary = entry.JournalPath + ".tmp";
        using (var file = new FileStream(temporary, WriteOptions))
        {
            file.Write(header);
            _disk.FlushFile(file);
        }

        // After the snapshot's own folder flush: an old journal must never be replaced before the snapshot that holds its changes is durable.
        File.Move(temporary, entry.JournalPath, overwrite: true);
        _disk.SyncDirectory(Path.GetDirectoryName(entry.JournalPath)!);
        entry.JournalBytes = header.Length;
        entry.JournalHasLines = false;
    }

    /// <summary>Replays the journal that follows the restored snapshot; one of an older snapshot, or none, is ignored.</summary>
    private void ReplayJournal(Entry entry, ISnapshotJournal journal, byte[] snapshot)
    {
        entry.JournalBytes = -1; // the next write starts a snapshot and a journal of its own unless this one carries on
        if (!File.Exists(entry.JournalPath))
        {
            return;
        }

        var bytes = File.ReadAllBytes(entry.JournalPath);
        var header = JournalHeader(snapshot);
        if (!bytes.AsSpan().StartsWith(header))
        {
            LogJournalSuperseded(_logger, entry.JournalPath);
            return;
        }

        // A batch (one write pass) is applied only once its end marker is read: a pass cut short by a crash was never
        // acknowledged, and applying part of it could split a move (a message into a dead-letter queue) in two.
        var position = header.Length;
        var lines = 0;
        var batch = new List<(int Start, int Length)>();
        var applied = position;
        while (position < bytes.Length)
        {
            var end = bytes.AsSpan(position).IndexOf((byte)'\n');
            if (end < 0)
            {
                break;
            }

            if (bytes.AsSpan(position, end + 1).SequenceEqual(BatchEnd))
            {
                foreach (var (start, length) in batch)
                {
                    journal.Replay(bytes.AsSpan(start, length));
                }

                lines += batch.Count;
                batch.Clear();
                applied = position + end + 1;
            }
            else
            {
                batch.Add((position, end));
            }

            position += end + 1;
        }

        if (applied == bytes.Length)
        {
            entry.JournalBytes = bytes.Length;
        }

        entry.JournalHasLines = lines > 0;

        LogJournalReplayed(_logger, lines, entry.JournalPath);
    }

    /// <summary>The line that ends each write pass's batch of journal lines.</summary>
    private static readonly byte[] BatchEnd = "{\"batch\":\"end\"}\n"u8.ToArray();

    private static byte[] JournalHeader(byte[] snapshot) =>
        System.Text.Encoding.ASCII.GetBytes($"{{\"snapshotSha256\":\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(snapshot))}\"}}\n");

    private static readonly FileStreamOptions JournalAppendOptions = OperatingSystem.IsWindows()
        ? new() { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.None }
        : new() { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.None, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed {Lines} journal lines from {Path}")]
    private static partial void LogJournalReplayed(ILogger logger, int lines, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ignored the journal {Path}: it follows an earlier snapshot, which the current one already contains")]
    private static partial void LogJournalSuperseded(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored {Service} state from {Path}")]
    private static partial void LogRestored(ILogger logger, string service, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the emulator snapshot {Path} ({Reason}). {Service} starts empty; the file was kept as {Aside}. To recover, stop the emulator, repair that file and move it back to state.json; or delete it to start from scratch.")]
    private static partial void LogCorrupt(ILogger logger, Exception error, string path, string reason, string service, string aside);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the emulator snapshot {Path} ({Reason}) nor move it aside ({MoveReason}). {Service} starts empty and will not be saved until you stop the emulator and move that file away.")]
    private static partial void LogCorruptKept(ILogger logger, Exception error, string path, string reason, string service, string moveReason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the emulator snapshot {Path} ({Reason}); will retry at the next change and at shutdown (further failures are not logged until a write succeeds). Check the disk space and permissions of the data directory.")]
    private static partial void LogWriteFailed(ILogger logger, Exception error, string path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote the emulator snapshot {Path} again after earlier failures")]
    private static partial void LogWriteRecovered(ILogger logger, string path);

    private sealed class Entry(ISnapshotSource source, string path)
    {
        public ISnapshotSource Source { get; } = source;

        public string Path { get; } = path;

        /// <summary>1 when changed since the last write.</summary>
        public int Dirty;

        public byte[]? LastWritten { get; set; }

        /// <summary>The journal beside the snapshot (journaled stores only).</summary>
        public string JournalPath { get; } = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, JournalFileName);

        /// <summary>Bytes in the journal that follows the snapshot on disk, or -1 when the next write must start a new one.</summary>
        public long JournalBytes { get; set; } = -1;

        /// <summary>Whether the journal on disk holds changes beyond its header (a clean stop folds them into the snapshot).</summary>
        public bool JournalHasLines { get; set; }

        /// <summary>Size of the snapshot on disk.</summary>
        public long SnapshotBytes { get; set; }

        public bool ReadOnly { get; set; }

        /// <summary>Whether the service's folder is known to be on the device (its parent flushed once, at the first write).</summary>
        public bool FolderDurable { get; set; }

        /// <summary>The last write failed; the next flush tries again even without a new change.</summary>
        public bool WriteFailed { get; set; }
    }
}
