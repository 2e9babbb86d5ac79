using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace SesMail.LocalRuntime.SesReceiving;

/// <summary>
/// Reads a session's input as SmtpServer does, and refuses a line (a command, or a line of DATA) longer than
/// <see cref="SmtpEdgeOptions.MaxLineLength"/> octets before its LF: the client gets <c>500 5.5.2 Line too long</c>
/// (RFC 5321 §4.5.3.1.4–6 and §4.2.2) and the connection is closed, so a line without end cannot make the edge buffer
/// up to <see cref="SmtpEdgeOptions.MaxMessageSize"/> per connection. Every byte is scanned once.
/// </summary>
/// <remarks>SmtpServer 11 reads a command line until CRLF with no limit but the message size, and cannot be told otherwise.</remarks>
internal sealed class LineLimitReader(PipeReader inner, int maxLineLength, Func<string, CancellationToken, ValueTask> refuse) : PipeReader
{
    private long _scanned;      // octets of the current buffer (from its start) already scanned
    private long _lineLength;   // octets since the last LF among those scanned
    private ReadOnlySequence<byte> _last;

    /// <summary>The reader this one wraps (STARTTLS replaces the session's reader).</summary>
    public PipeReader Inner => inner;

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var result = await inner.ReadAsync(cancellationToken).ConfigureAwait(false);
        await CheckAsync(result, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!inner.TryRead(out result))
        {
            return false;
        }

        if (Scan(result.Buffer))
        {
            // TryRead cannot answer asynchronously; let the next ReadAsync refuse the line.
            _scanned = 0;
            _lineLength = 0;
            inner.AdvanceTo(result.Buffer.Start);
            result = default;
            return false;
        }

        return true;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        _scanned -= _last.Slice(_last.Start, consumed).Length;
        if (_scanned < 0)
        {
            _scanned = 0;
        }

        inner.AdvanceTo(consumed, examined);
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    private async ValueTask CheckAsync(ReadResult result, CancellationToken cancellationToken)
    {
        if (Scan(result.Buffer))
        {
            await refuse($"500 5.5.2 Line too long: more than {maxLineLength} octets without a line ending", cancellationToken).ConfigureAwait(false);
            throw new IOException($"SMTP line longer than {maxLineLength} octets; connection closed");
        }
    }

    /// <summary>Scans what arrived since the last read; true when a line is over the limit.</summary>
    private bool Scan(ReadOnlySequence<byte> buffer)
    {
        _last = buffer;
        if (_scanned > buffer.Length)
        {
            _scanned = 0;
        }

        foreach (var segment in buffer.Slice(_scanned))
        {
            var span = segment.Span;
            while (span.Length > 0)
            {
                var lf = span.IndexOf((byte)'\n');
                if (lf < 0)
                {
                    _lineLength += span.Length;
                    break;
                }

                if (_lineLength + lf > maxLineLength)
                {
                    return true;
                }

                _lineLength = 0;
                span = span[(lf + 1)..];
            }

            if (_lineLength > maxLineLength)
            {
                return true;
            }
        }

        _scanned = buffer.Length;
        return false;
    }
}

/// <summary>Counts a connection's commands in a sliding minute (<see cref="SmtpEdgeOptions.MaxCommandsPerMinute"/>).</summary>
internal sealed class CommandRate(int perMinute, TimeProvider time)
{
    /// <summary>Session property holding the connection's <see cref="CommandRate"/>.</summary>
    public const string Key = "SesMail.CommandRate";

    private readonly Queue<long> _recent = new();

    /// <summary>Records one command; false when it is over the limit.</summary>
    public bool TryTake()
    {
        var now = time.GetTimestamp();
        while (_recent.Count > 0 && time.GetElapsedTime(_recent.Peek(), now) >= TimeSpan.FromMinutes(1))
        {
            _recent.Dequeue();
        }

        if (_recent.Count >= perMinute)
        {
            return false;
        }

        _recent.Enqueue(now);
        return true;
    }
}

/// <summary>Replies the edge writes itself when it ends a connection.</summary>
internal static class SmtpLimitReplies
{
    /// <summary>Writes one reply line and flushes.</summary>
    public static async ValueTask WriteAsync(PipeWriter output, string line, CancellationToken cancellationToken)
    {
        await output.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), cancellationToken).ConfigureAwait(false);
    }
}
