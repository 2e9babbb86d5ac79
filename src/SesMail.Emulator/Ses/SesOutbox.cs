using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using SesMail.Emulator.Hosting;
using SesMail.Emulator.Persistence;

namespace SesMail.Emulator.Ses;

/// <summary>
/// Mail "sent" through the emulated SES, kept durable under <c>{DataDirectory}/ses/outbox/</c>: the raw message as
/// <c>{messageId}.eml</c> (bytes exactly as sent or as built for <c>SendEmail</c>) and its envelope as
/// <c>{messageId}.json</c>. Nothing is delivered anywhere.
/// </summary>
/// <remarks>
/// <b>Durable before answered</b> (docs/DELIVERY.md, "The emulator"), as SES answers a send only once it has the
/// message: both files are flushed (<see cref="IDiskSync.FlushFile"/>) before they are renamed into place, and the
/// folder is flushed (<see cref="IDiskSync.SyncDirectoryAsync"/>, shared by concurrent sends) before
/// <see cref="AddAsync"/> returns. A flush that fails fails the send (an <see cref="IOException"/>, answered
/// <c>500 InternalFailure</c>) and the message is not listed, then or after a restart.
/// </remarks>
internal sealed class SesOutbox
{
    private readonly string _directory;
    private readonly IDiskSync _disk;
    private readonly ConcurrentDictionary<string, SesSentMessage> _messages = new(StringComparer.Ordinal);
    private readonly Lazy<bool> _loaded;

    /// <summary>Whether the outbox folder is known to be on the device (flushed into its parent once per process, at the first send).</summary>
    private bool _durable;

    public SesOutbox(EmulatorOptions options, IDiskSync disk)
    {
        _disk = disk;
        _directory = Path.Combine(options.DataDirectory, "ses", "outbox");
        _loaded = new Lazy<bool>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// Writes the raw message, then its envelope (each via a flushed temporary file and a rename), and returns once both
    /// are on the device (see the remarks). Once begun the write is finished even if the caller hangs up, as SES
    /// completes a send it has received: the caller's cancellation only applies before the first byte is written.
    /// </summary>
    /// <exception cref="IOException">A write or flush failed: the message is removed again and not listed.</exception>
    public async Task AddAsync(SesSentMessage envelope, ReadOnlyMemory<byte> raw, CancellationToken cancellationToken)
    {
        _ = _loaded.Value;
        cancellationToken.ThrowIfCancellationRequested();
        Directory.CreateDirectory(_directory);
        var rawPath = RawPath(envelope.MessageId);
        var envelopePath = EnvelopePath(envelope.MessageId);
        try
        {
            await WriteAtomicAsync(rawPath, raw).ConfigureAwait(false);
            await WriteAtomicAsync(envelopePath, JsonSerializer.SerializeToUtf8Bytes(envelope, SesJsonContext.Default.SesSentMessage)).ConfigureAwait(false);

            // Load lists a message only when both files are there, so one flush of the folder at the end suffices.
            await _disk.SyncDirectoryAsync(_directory).ConfigureAwait(false);
            if (!_durable)
            {
                await _disk.SyncDirectoryAsync(Path.GetDirectoryName(_directory)!).ConfigureAwait(false); // the outbox/ folder itself
                _durable = true;
            }
        }
        catch (IOException)
        {
            // Not acknowledged, so not kept: a restart must not list a send that failed (the caller retries it).
            DeleteQuietly(envelopePath);
            DeleteQuietly(rawPath);
            throw;
        }

        _messages[envelope.MessageId] = envelope;
    }

    /// <summary>All captured messages, oldest first.</summary>
    public IReadOnlyList<SesSentMessage> List()
    {
        _ = _loaded.Value;
        return [.. _messages.Values.OrderBy(m => m.Timestamp).ThenBy(m => m.MessageId, StringComparer.Ordinal)];
    }

    /// <summary>One captured message's envelope, or <c>null</c>.</summary>
    public SesSentMessage? Find(string messageId)
    {
        _ = _loaded.Value;
        return _messages.TryGetValue(messageId, out var message) ? message : null;
    }

    /// <summary>Opens a captured message's raw bytes, or returns <c>null</c> when there is none.</summary>
    public Stream? OpenRaw(string messageId) =>
        Find(messageId) is null ? null : new FileStream(RawPath(messageId), FileMode.Open, FileAccess.Read, FileShare.Read);

    /// <summary>Forgets every captured message and deletes its files.</summary>
    public void Clear()
    {
        _ = _loaded.Value;
        foreach (var id in _messages.Keys)
        {
            if (_messages.TryRemove(id, out _))
            {
                File.Delete(EnvelopePath(id));
                File.Delete(RawPath(id));
            }
        }
    }

    private bool Load()
    {
        if (!Directory.Exists(_directory))
        {
            return true;
        }

        foreach (var file in Directory.EnumerateFiles(_directory, "*.json"))
        {
            try
            {
                var envelope = JsonSerializer.Deserialize(File.ReadAllBytes(file), SesJsonContext.Default.SesSentMessage);
                if (envelope is not null && File.Exists(RawPath(envelope.MessageId)))
                {
                    _messages[envelope.MessageId] = envelope;
                }
            }
            catch (JsonException)
            {
                // A damaged envelope is skipped; the raw file stays for inspection.
            }
        }

        return true;
    }

    private string RawPath(string id) => Path.Combine(_directory, SafeName(id) + ".eml");

    private string EnvelopePath(string id) => Path.Combine(_directory, SafeName(id) + ".json");

    private static string SafeName(string id) =>
        id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? id : throw new ArgumentException("Not an SES message id.", nameof(id));

    /// <summary>Writes <paramref name="bytes"/> to <c>{path}.tmp</c>, flushes it to the device and renames it to <paramref name="path"/>.</summary>
    private async Task WriteAtomicAsync(string path, ReadOnlyMemory<byte> bytes)
    {
        var temp = path + ".tmp";
        await _disk.WriteFlushedAsync(temp, bytes).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Removes a message file and its temporary file, if they are there.</summary>
    private static void DeleteQuietly(string path)
    {
        DurableFiles.DeleteQuietly(path);
        DurableFiles.DeleteQuietly(path + ".tmp");
    }
}

/// <summary>
/// Envelope of one captured message, as listed by <c>GET /_sesmail/ses/messages</c>.
/// </summary>
/// <param name="MessageId">The SES message id returned to the caller.</param>
/// <param name="Timestamp">When SES accepted it (UTC).</param>
/// <param name="Region">The region it was sent in.</param>
/// <param name="Operation"><c>SendRawEmail</c>, <c>SendEmail</c>, <c>SendBounce</c> or <c>SMTP</c> (the SMTP endpoint).</param>
/// <param name="Source">The envelope sender (<c>Source</c>, or the From address when absent; the bounce sender for SendBounce).</param>
/// <param name="Destinations">Envelope recipients (<c>Destinations</c>, else To/Cc/Bcc).</param>
/// <param name="Subject">The Subject header, decoded, or <c>null</c>.</param>
/// <param name="Size">Raw size in bytes.</param>
/// <param name="OriginalMessageId">SendBounce: the received message being bounced.</param>
/// <param name="ConfigurationSetName">The configuration set it was sent with, or <c>null</c>.</param>
internal sealed record SesSentMessage(
    [property: JsonPropertyName("messageId")] string MessageId,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("region")] string Region,
    [property: JsonPropertyName("operation")] string Operation,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("destinations")] IReadOnlyList<string> Destinations,
    [property: JsonPropertyName("subject")] string? Subject,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("originalMessageId")] string? OriginalMessageId = null,
    [property: JsonPropertyName("configurationSetName")] string? ConfigurationSetName = null);

/// <summary>Body of <c>GET /_sesmail/ses/messages</c>: <c>{"messages":[…]}</c>, oldest first.</summary>
/// <param name="Messages">The captured messages.</param>
internal sealed record SesSentMessageList([property: JsonPropertyName("messages")] IReadOnlyList<SesSentMessage> Messages);

/// <summary>Body of <c>GET /_sesmail/ses/smtp</c>: where the SES SMTP endpoint listens.</summary>
/// <param name="Host">The address it binds (127.0.0.1).</param>
/// <param name="StartTlsPort">The STARTTLS port, or <c>null</c> when off.</param>
/// <param name="TlsPort">The implicit-TLS port, or <c>null</c> when off.</param>
internal sealed record SesSmtpEndpointInfo(
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("starttlsPort")] int? StartTlsPort,
    [property: JsonPropertyName("tlsPort")] int? TlsPort);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = false)]
[JsonSerializable(typeof(SesSmtpEndpointInfo))]
[JsonSerializable(typeof(SesSentMessage))]
[JsonSerializable(typeof(SesSentMessageList))]
internal sealed partial class SesJsonContext : JsonSerializerContext;
