using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace SesMail.Emulator.Gmail;

/// <summary>
/// Resumable-upload sessions (https://developers.google.com/workspace/gmail/api/guides/uploads#resumable):
/// the initiating <c>POST …?uploadType=resumable</c> creates one; <c>PUT</c>s to the session URI append bytes
/// (whole, or in <c>Content-Range</c> chunks) to a file in the mailbox's Maildir <c>tmp/</c>.
/// </summary>
/// <remarks>
/// Sessions live in memory; a finished session keeps its result so a status query after a lost final response
/// still returns the message. Chunk sizes are not required to be multiples of 256 KiB (Google requires that).
/// </remarks>
internal sealed class GmailUploadSessions
{
    private readonly ConcurrentDictionary<string, UploadSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>Starts a session.</summary>
    public UploadSession Create(string mailbox, GmailImportParameters parameters, string tempPath, long? declaredLength)
    {
        var id = "sesmail-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        var session = new UploadSession(id, mailbox, parameters, tempPath, declaredLength);
        _sessions[id] = session;
        return session;
    }

    /// <summary>The session with <paramref name="uploadId"/>.</summary>
    /// <exception cref="GmailApiException">404 when no such session exists.</exception>
    public UploadSession Require(string uploadId) =>
        _sessions.TryGetValue(uploadId, out var session) ? session : throw GmailApiException.NotFound("No upload session with this upload_id (it may have expired).");

    /// <summary>One resumable upload.</summary>
    internal sealed class UploadSession(string id, string mailbox, GmailImportParameters parameters, string tempPath, long? declaredLength)
    {
        public string Id { get; } = id;

        public string Mailbox { get; } = mailbox;

        public GmailImportParameters Parameters { get; } = parameters;

        public string TempPath { get; } = tempPath;

        public long? DeclaredLength { get; } = declaredLength;

        public long Received { get; set; }

        public GmailStoredMessage? Result { get; set; }

        public SemaphoreSlim Gate { get; } = new(1, 1);
    }
}
