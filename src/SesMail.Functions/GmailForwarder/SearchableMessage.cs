using System.Text;
using MimeKit;
using MimeKit.Utils;
using SesMail.Functions.Gmail;

namespace SesMail.Functions.GmailForwarder;

/// <summary>
/// A stored message made findable in the mailbox it is imported into: its RFC 5322 <c>Message-ID</c>, which
/// <c>messages.list</c> with <c>q=rfc822msgid:</c> finds, so that an import whose outcome is unknown can be checked
/// before it is repeated (docs/DELIVERY.md, "The Gmail forwarder").
/// </summary>
/// <remarks>
/// <para>The header block is read from the first bytes of the stored object (at most <see cref="HeaderLimit"/>), not
/// from the SES notification, whose header list may be truncated.</para>
/// <para><b>A message without a <c>Message-ID</c></b> gets one, prepended as the first header line of the import:
/// <c>Message-ID: &lt;{SES message id}@{domain of the first forwarded recipient}&gt;</c>. RFC 5322 §3.6.4 says every
/// message SHOULD have one, and mail systems add a missing one the same way on the way in; the id is unique because the
/// SES message id is, lies in the receiving domain (which SesMail may name ids in), and is the same at every attempt and
/// in every account. Every other byte of the message follows unchanged. A label would not do: Gmail has no per-message
/// label to search, and a custom header is not searchable. A message whose header block is longer than
/// <see cref="HeaderLimit"/>, or whose <c>Message-ID</c> cannot be parsed or written as a query term, is imported as it
/// is and cannot be checked (<see cref="MessageId"/> is <c>null</c>).</para>
/// </remarks>
internal sealed class SearchableMessage : IDisposable
{
    /// <summary>The most bytes read to find the end of the header block: 64 KiB.</summary>
    public const int HeaderLimit = 64 * 1024;

    private Stream? _unopened;

    private SearchableMessage(string? messageId, bool added)
    {
        MessageId = messageId;
        Added = added;
    }

    /// <summary>What to upload: the stored bytes, preceded by the added <c>Message-ID</c> line when <see cref="Added"/>.</summary>
    public GmailMessageSource Source { get; private set; } = null!;

    /// <summary>The id to search with <c>rfc822msgid:</c> (without angle brackets), or <c>null</c> when the message cannot be found again.</summary>
    public string? MessageId { get; }

    /// <summary>Whether the message had no <c>Message-ID</c> and the forwarder added one.</summary>
    public bool Added { get; }

    /// <summary>The id given to a message that has none: <c>{sesMessageId}@{domain}</c>.</summary>
    /// <param name="sesMessageId">The SES message id.</param>
    /// <param name="recipient">The first forwarded recipient (its domain is used; <c>ses-mail.invalid</c> when it has none).</param>
    /// <returns>The id, without angle brackets.</returns>
    public static string AddedMessageId(string sesMessageId, string? recipient)
    {
        var at = recipient?.LastIndexOf('@') ?? -1;
        var domain = at >= 0 && at < recipient!.Length - 1 ? recipient[(at + 1)..].Trim().ToLowerInvariant() : "ses-mail.invalid";
        return $"{sesMessageId}@{domain}";
    }

    /// <summary>Reads the header block of <paramref name="stored"/> and returns the message to upload.</summary>
    /// <param name="stored">The stored message (its first open is consumed here and handed on, nothing is read twice).</param>
    /// <param name="sesMessageId">The SES message id.</param>
    /// <param name="recipient">The first forwarded recipient, for an added id's domain.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The message with its searchable id.</returns>
    public static async Task<SearchableMessage> ReadAsync(GmailMessageSource stored, string sesMessageId, string? recipient, CancellationToken cancellationToken)
    {
        var first = await stored.Open(cancellationToken).ConfigureAwait(false);
        byte[] head;
        int read;
        try
        {
            head = new byte[(int)Math.Min(HeaderLimit, Math.Max(0, stored.Length))];
            read = await first.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await first.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var end = HeaderEnd(head.AsSpan(0, read));
        var complete = end >= 0 || read == stored.Length;
        string? messageId = null;
        var hasHeader = false;
        if (complete)
        {
            (hasHeader, messageId) = ParseMessageId(head.AsMemory(0, end >= 0 ? end : read));
        }

        var prefix = Array.Empty<byte>();
        var added = complete && !hasHeader;
        if (added)
        {
            messageId = AddedMessageId(sesMessageId, recipient);
            prefix = Encoding.ASCII.GetBytes($"Message-ID: <{messageId}>\r\n");
        }

        if (!GmailClient.IsSearchableMessageId(messageId))
        {
            messageId = null;
        }

        var message = new SearchableMessage(messageId, added) { _unopened = first };
        message.Source = new GmailMessageSource(stored.Length + prefix.Length, async token =>
        {
            if (Interlocked.Exchange(ref message._unopened, null) is { } stream)
            {
                return new PrefixedStream([.. prefix, .. head.AsSpan(0, read)], stream);
            }

            var again = await stored.Open(token).ConfigureAwait(false);
            return prefix.Length == 0 ? again : new PrefixedStream(prefix, again);
        });
        return message;
    }

    /// <summary>Releases the stream read for the header block when no upload used it (the message was found already).</summary>
    public void Dispose() => Interlocked.Exchange(ref _unopened, null)?.Dispose();

    /// <summary>Offset of the blank line that ends the header block (the index of its first byte), or -1.</summary>
    private static int HeaderEnd(ReadOnlySpan<byte> bytes)
    {
        var crlf = bytes.IndexOf("\r\n\r\n"u8);
        var lf = bytes.IndexOf("\n\n"u8);
        return crlf < 0 ? (lf < 0 ? -1 : lf + 1) : (lf < 0 ? crlf + 2 : Math.Min(crlf + 2, lf + 1));
    }

    /// <summary>Whether the header block has a <c>Message-ID</c> field, and its id when it parses.</summary>
    private static (bool HasHeader, string? MessageId) ParseMessageId(ReadOnlyMemory<byte> headerBlock)
    {
        HeaderList headers;
        try
        {
            using var stream = new MemoryStream(headerBlock.ToArray(), writable: false);
            headers = HeaderList.Load(stream);
        }
        catch (FormatException)
        {
            return (true, null); // not readable as headers: add nothing, check nothing
        }

        var field = headers.FirstOrDefault(h => h.Id == HeaderId.MessageId);
        if (field is null)
        {
            return (false, null);
        }

        var id = MimeUtils.EnumerateReferences(field.RawValue, 0, field.RawValue.Length).FirstOrDefault();
        return (true, string.IsNullOrWhiteSpace(id) ? null : id);
    }

    /// <summary>A read-only stream of some bytes followed by another stream (disposed with it).</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream rest) : Stream
    {
        private int _offset;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_offset < prefix.Length)
            {
                var n = Math.Min(buffer.Length, prefix.Length - _offset);
                prefix.AsSpan(_offset, n).CopyTo(buffer);
                _offset += n;
                return n;
            }

            return rest.Read(buffer);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_offset < prefix.Length)
            {
                var n = Math.Min(buffer.Length, prefix.Length - _offset);
                prefix.AsSpan(_offset, n).CopyTo(buffer.Span);
                _offset += n;
                return ValueTask.FromResult(n);
            }

            return rest.ReadAsync(buffer, cancellationToken);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                rest.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await rest.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }
}
