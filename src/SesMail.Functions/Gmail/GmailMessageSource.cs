namespace SesMail.Functions.Gmail;

/// <summary>
/// The raw RFC 5322 bytes to upload, as a stream that can be opened again: every upload attempt (a retry after a
/// <c>429</c> or <c>5xx</c>, a new attempt after an access-token refresh) reads the message from the start without the
/// caller keeping a copy in memory (the forwarder re-reads the S3 object).
/// </summary>
/// <param name="Length">The exact byte length (S3 <c>Content-Length</c>); chooses multipart or resumable upload.</param>
/// <param name="Open">Opens a fresh read-only stream positioned at the first byte; the client disposes it.</param>
internal sealed record GmailMessageSource(long Length, Func<CancellationToken, Task<Stream>> Open)
{
    /// <summary>A source over bytes already in memory (tests, small messages).</summary>
    /// <param name="bytes">The message.</param>
    /// <returns>The source.</returns>
    public static GmailMessageSource FromBytes(byte[] bytes) =>
        new(bytes.LongLength, _ => Task.FromResult<Stream>(new MemoryStream(bytes, writable: false)));
}
