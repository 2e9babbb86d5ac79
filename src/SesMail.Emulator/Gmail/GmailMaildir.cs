using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MimeKit;
using SesMail.Emulator.Hosting;
using SesMail.Emulator.Persistence;

namespace SesMail.Emulator.Gmail;

/// <summary>
/// The stand-in's message store: one Maildir per mailbox under <c>{DataDirectory}/gmail/{mailbox}/</c>
/// (<c>tmp/</c>, <c>new/</c>, <c>cur/</c>), each message's raw bytes exactly as received in <c>new/</c>, and its
/// metadata beside it in <c>meta/{id}.json</c>. Bytes are streamed to <c>tmp/</c> and renamed into <c>new/</c>, so a
/// half-written message is never listed.
/// </summary>
/// <remarks>
/// <b>Durable before answered</b> (docs/DELIVERY.md, "The emulator"), as Gmail answers an import only once the message
/// is stored: the message file and its metadata file are flushed (<see cref="IDiskSync.FlushFile"/>) before they are
/// renamed into <c>new/</c> and <c>meta/</c>, and both folders are flushed (<see cref="IDiskSync.SyncDirectoryAsync"/>,
/// shared by concurrent imports) before <see cref="CommitAsync"/> returns; the first message of a mailbox also flushes
/// the folders that hold its Maildir. A flush that fails fails the import (an <see cref="IOException"/>, answered
/// <c>500 backendError</c>) and the message is not listed, then or after a restart.
/// </remarks>
internal sealed class GmailMaildir
{
    /// <summary>Largest accepted message (Gmail: 150 MB for import and insert).</summary>
    public const long MaxMessageBytes = 150L * 1024 * 1024;

    /// <summary>Gmail's system labels; any other label id is rejected as Gmail rejects an unknown label.</summary>
    public static readonly IReadOnlyList<string> SystemLabels =
    [
        "INBOX", "SPAM", "TRASH", "UNREAD", "STARRED", "IMPORTANT", "SENT", "DRAFT", "CHAT",
        "CATEGORY_PERSONAL", "CATEGORY_SOCIAL", "CATEGORY_PROMOTIONS", "CATEGORY_UPDATES", "CATEGORY_FORUMS",
    ];

    private static readonly HashSet<string> SystemLabelSet = new(SystemLabels, StringComparer.Ordinal);

    private readonly string _root;
    private readonly TimeProvider _clock;
    private readonly ILogger<GmailMaildir> _logger;
    private readonly IDiskSync _disk;
    private readonly ConcurrentDictionary<string, Mailbox> _mailboxes = new(StringComparer.Ordinal);
    private readonly Lock _idGate = new();
    private long _lastId;
    private long _historyId;

    public GmailMaildir(EmulatorOptions options, TimeProvider clock, ILogger<GmailMaildir> logger, IDiskSync disk)
    {
        _root = Path.Combine(options.DataDirectory, "gmail");
        _clock = clock;
        _logger = logger;
        _disk = disk;
        Directory.CreateDirectory(_root);
        foreach (var directory in Directory.EnumerateDirectories(_root))
        {
            Load(directory);
        }
    }

    /// <summary>The mailboxes that hold at least one message, sorted.</summary>
    public IReadOnlyList<string> Mailboxes => [.. _mailboxes.Keys.Order(StringComparer.Ordinal)];

    /// <summary>A folder in the mailbox's Maildir for an upload in progress (resumable sessions write there).</summary>
    public string NewTempPath(string mailbox)
    {
        var box = Open(mailbox);
        return Path.Combine(box.Directory, "tmp", $"{_clock.GetUtcNow().ToUnixTimeSeconds()}.{Guid.NewGuid():N}.sesmail");
    }

    /// <summary>Flushes a written upload file to the device, before it is committed (<see cref="IDiskSync.FlushFile"/>).</summary>
    /// <param name="file">The file in <c>tmp/</c>, open for writing, with everything received so far written.</param>
    /// <exception cref="IOException">The device refused the flush.</exception>
    public void FlushToDisk(FileStream file) => _disk.FlushFile(file);

    /// <summary>Streams <paramref name="body"/> into the mailbox and records it, durably (see the remarks).</summary>
    /// <exception cref="GmailApiException">400 for an empty or oversized message or an unknown label.</exception>
    /// <exception cref="IOException">Writing or flushing failed: the message is not stored.</exception>
    public async Task<GmailStoredMessage> StoreAsync(string mailbox, Stream body, GmailImportParameters parameters, CancellationToken cancellationToken)
    {
        ValidateLabels(parameters.LabelIds);
        var temp = NewTempPath(mailbox);
        try
        {
            // No FileStream buffer of its own: the copy's pooled buffer is the only one.
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous))
            {
                var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
                try
                {
                    long total = 0;
                    int read;
                    while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        total += read;
                        if (total > MaxMessageBytes)
                        {
                            throw GmailApiException.BadRequest($"Message too large: the limit is {MaxMessageBytes} bytes.", "messageTooLarge");
                        }

                        await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    }

                    _disk.FlushFile(file);
                }
                finally
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                }
            }

            return await CommitAsync(mailbox, temp, parameters, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// Moves a completely written file, already flushed (<see cref="FlushToDisk"/>), from <c>tmp/</c> into <c>new/</c>
    /// and records it, durably: returns once the message, its metadata and both names are on the device. Once the whole
    /// message is received the store is finished even if the caller hangs up (as Gmail finishes an upload it has
    /// received), so <paramref name="cancellationToken"/> only applies before it begins.
    /// </summary>
    /// <exception cref="GmailApiException">400 for an empty message or an unknown label.</exception>
    /// <exception cref="IOException">A write or flush failed: the message is removed again and not listed.</exception>
    public async Task<GmailStoredMessage> CommitAsync(string mailbox, string tempPath, GmailImportParameters parameters, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        cancellationToken = CancellationToken.None;
        ValidateLabels(parameters.LabelIds);
        var size = new FileInfo(tempPath).Length;
        if (size == 0)
        {
            throw GmailApiException.BadRequest("'raw' RFC822 payload message string or uploading message via /upload/* URL required", "invalidArgument");
        }

        var box = Open(mailbox);
        var summary = await SummariseAsync(tempPath, cancellationToken).ConfigureAwait(false);
        var now = _clock.GetUtcNow();
        var id = NextId(now);
        var internalDate = parameters.InternalDateSource == "dateHeader" && summary.Date is { } date ? date.ToUnixTimeMilliseconds() : now.ToUnixTimeMilliseconds();
        var file = $"{now.ToUnixTimeSeconds()}.{id}.sesmail";
        var labels = parameters.LabelIds.Distinct(StringComparer.Ordinal).ToList();
        var record = new GmailStoredMessage
        {
            Id = id,
            ThreadId = id,
            Mailbox = box.Address,
            File = file,
            LabelIds = labels,
            InternalDate = internalDate,
            ReceivedAt = now.ToUnixTimeMilliseconds(),
            HistoryId = Interlocked.Increment(ref _historyId),
            Size = size,
            From = summary.Header("From"),
            To = summary.Header("To"),
            Subject = summary.Header("Subject"),
            Date = summary.Header("Date"),
            Snippet = summary.Snippet,
            Headers = summary.Headers,
            MimeType = summary.MimeType,
            Method = parameters.Method,
            UploadType = parameters.UploadType,
            InternalDateSource = parameters.InternalDateSource,
            NeverMarkSpam = parameters.NeverMarkSpam,
            ProcessForCalendar = parameters.ProcessForCalendar,
            Deleted = parameters.Deleted,
        };

        var messagePath = Path.Combine(box.Directory, "new", file);
        var metaPath = Path.Combine(box.Directory, "meta", id + ".json");
        var metaTemp = Path.Combine(box.Directory, "tmp", id + ".json");
        File.Move(tempPath, messagePath);
        try
        {
            await _disk.WriteFlushedAsync(metaTemp, JsonSerializer.SerializeToUtf8Bytes(record, GmailJsonContext.Default.GmailStoredMessage), cancellationToken).ConfigureAwait(false);
            File.Move(metaTemp, metaPath, overwrite: true);

            // Load lists a message only when both files are there, so one flush of each folder at the end suffices.
            await Task.WhenAll(_disk.SyncDirectoryAsync(Path.GetDirectoryName(messagePath)!), _disk.SyncDirectoryAsync(Path.GetDirectoryName(metaPath)!)).ConfigureAwait(false);
            if (!box.Durable)
            {
                await _disk.SyncDirectoryAsync(box.Directory).ConfigureAwait(false); // tmp/, new/, cur/, meta/
                await _disk.SyncDirectoryAsync(_root).ConfigureAwait(false); // the mailbox's folder
                box.Durable = true;
            }
        }
        catch (IOException)
        {
            // Not acknowledged, so not kept: a restart must not list a message whose import failed (the caller retries it).
            DurableFiles.DeleteQuietly(metaTemp);
            DurableFiles.DeleteQuietly(metaPath);
            DurableFiles.DeleteQuietly(messagePath);
            throw;
        }

        box.Messages[id] = record;
        _logger.LogDebug("Gmail stand-in stored message {Id} ({Size} bytes, {Method}/{UploadType}) for {Mailbox}", id, size, parameters.Method, parameters.UploadType, box.Address);
        return record;
    }

    /// <summary>All messages of a mailbox, newest first (including Vault-only ones).</summary>
    public IReadOnlyList<GmailStoredMessage> List(string mailbox) =>
        _mailboxes.TryGetValue(Normalise(mailbox), out var box)
            ? [.. box.Messages.Values.OrderByDescending(m => m.InternalDate).ThenByDescending(m => m.Id, StringComparer.Ordinal)]
            : [];

    /// <summary>One message, or <c>null</c>.</summary>
    public GmailStoredMessage? Find(string mailbox, string id) =>
        _mailboxes.TryGetValue(Normalise(mailbox), out var box) && box.Messages.TryGetValue(id, out var message) ? message : null;

    /// <summary>Opens the raw bytes of a stored message for reading.</summary>
    public Stream OpenRaw(GmailStoredMessage message) =>
        new FileStream(Path.Combine(Open(message.Mailbox).Directory, "new", message.File), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>Path of the Maildir of <paramref name="mailbox"/> (created on demand).</summary>
    public string DirectoryOf(string mailbox) => Open(mailbox).Directory;

    /// <summary>Lower-cases a mailbox address.</summary>
    public static string Normalise(string mailbox) => mailbox.Trim().ToLowerInvariant();

    /// <exception cref="GmailApiException">400 <c>Invalid label</c> for a label that is not a system label.</exception>
    public static void ValidateLabels(IReadOnlyList<string> labels)
    {
        foreach (var label in labels)
        {
            if (!SystemLabelSet.Contains(label))
            {
                throw GmailApiException.InvalidLabel(label);
            }
        }
    }

    private Mailbox Open(string mailbox)
    {
        var address = Normalise(mailbox);
        return _mailboxes.GetOrAdd(address, a =>
        {
            var directory = Path.Combine(_root, DirectoryName(a));
            foreach (var sub in new[] { "tmp", "new", "cur", "meta" })
            {
                Directory.CreateDirectory(Path.Combine(directory, sub));
            }

            return new Mailbox(a, directory);
        });
    }

    private void Load(string directory)
    {
        var metaDirectory = Path.Combine(directory, "meta");
        if (!Directory.Exists(metaDirectory))
        {
            return;
        }

        foreach (var metaFile in Directory.EnumerateFiles(metaDirectory, "*.json"))
        {
            try
            {
                var record = JsonSerializer.Deserialize(File.ReadAllBytes(metaFile), GmailJsonContext.Default.GmailStoredMessage);
                if (record is null || !File.Exists(Path.Combine(directory, "new", record.File)))
                {
                    continue;
                }

                var box = _mailboxes.GetOrAdd(record.Mailbox, a => new Mailbox(a, directory));
                box.Messages[record.Id] = record;
                _historyId = Math.Max(_historyId, record.HistoryId);
            }
            catch (Exception error) when (error is JsonException or IOException)
            {
                _logger.LogWarning(error, "Skipping unreadable Gmail stand-in metadata {File}", metaFile);
            }
        }
    }

    private string NextId(DateTimeOffset now)
    {
        // Gmail ids are 16 lower-case hex digits that grow with time; milliseconds << 12 plus a counter keeps them unique.
        lock (_idGate)
        {
            var candidate = now.ToUnixTimeMilliseconds() << 12;
            _lastId = Math.Max(candidate, _lastId + 1);
            return _lastId.ToString("x16", CultureInfo.InvariantCulture);
        }
    }

    private static string DirectoryName(string address)
    {
        var builder = new StringBuilder(address.Length);
        foreach (var c in address)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '@' or '.' or '-' or '_' or '+' ? c : '_');
        }

        return builder.ToString();
    }

    private static async Task<MessageSummary> SummariseAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 16384, FileOptions.Asynchronous);
            // persistent: part contents stay views of the file, so a 40 MB attachment is not loaded to make a snippet.
            var parser = new MimeParser(stream, MimeFormat.Entity, persistent: true);
            var message = await parser.ParseMessageAsync(cancellationToken).ConfigureAwait(false);
            var headers = message.Headers.Select(h => new GmailHeader(h.Field, h.Value)).ToList();
            var snippet = await GmailSnippet.FromAsync(message, cancellationToken).ConfigureAwait(false);
            DateTimeOffset? date = message.Headers.Contains(HeaderId.Date) ? message.Date : null;
            return new MessageSummary(headers, message.Body?.ContentType.MimeType ?? "text/plain", snippet, date);
        }
        catch (FormatException)
        {
            return new MessageSummary([], "text/plain", string.Empty, null);
        }
    }

    private sealed record Mailbox(string Address, string Directory)
    {
        public ConcurrentDictionary<string, GmailStoredMessage> Messages { get; } = new(StringComparer.Ordinal);

        /// <summary>Whether the Maildir's own folders are known to be on the device (flushed once per process, at the first commit).</summary>
        public bool Durable { get; set; }
    }

    private sealed record MessageSummary(IReadOnlyList<GmailHeader> Headers, string MimeType, string Snippet, DateTimeOffset? Date)
    {
        public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;
    }
}
