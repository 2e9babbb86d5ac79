using System.Text;

namespace SesMail.LambdaRuntime;

/// <summary>
/// What an attached runtime's invocations write to standard output and error. In Lambda every line a function writes
/// lands in its log stream between <c>START</c> and <c>END</c>; a runtime attached to the emulator runs several
/// functions, several invocations at once, in one process whose standard output belongs to that process. Text written
/// through <see cref="Out"/> or <see cref="Error"/> inside an invocation (the async flow <see cref="Begin"/> started) is
/// also collected for that invocation, and the loop posts it with the invocation's response
/// (<see cref="RuntimeApiClient.LogLengthHeader"/>). Every write still reaches <see cref="Console.Out"/> or
/// <see cref="Console.Error"/> as it is at the time of the write (docs/MONITORING.md, "Function logs in attached mode").
/// The functions write through <see cref="Out"/> by default (their <c>FunctionServices</c>).
/// </summary>
/// <remarks>
/// <see cref="Console.Out"/> is deliberately left alone: a writer installed with <see cref="Console.SetOut"/> becomes the
/// object the console locks while it writes to the terminal, and a wrapper that forwards to the previous writer then
/// takes the two console locks in the opposite order from a logger that kept the previous writer (the console logger
/// does) — a deadlock under load. Text written straight to <see cref="Console.Out"/> by other code reaches the process's
/// output only.
/// Text written after the invocation's response was posted (a background task the handler started) is not collected.
/// An invocation collects at most <see cref="MaxCharacters"/> characters; the rest is dropped and one line says how much.
/// </remarks>
public static class InvocationOutput
{
    /// <summary>The most an invocation collects (1 MB of characters).</summary>
    public const int MaxCharacters = 1024 * 1024;

    private static readonly AsyncLocal<Collector?> Current = new();

    /// <summary>Standard output: the current invocation's collector (if any), then <see cref="Console.Out"/>.</summary>
    public static TextWriter Out { get; } = new CollectingWriter(static () => Console.Out);

    /// <summary>Standard error: the current invocation's collector (if any), then <see cref="Console.Error"/>.</summary>
    public static TextWriter Error { get; } = new CollectingWriter(static () => Console.Error);

    /// <summary>Starts collecting what the current async flow writes (one invocation).</summary>
    /// <returns>The collector; <see cref="Collector.Close"/> ends it and returns the text.</returns>
    public static Collector Begin()
    {
        var collector = new Collector();
        Current.Value = collector;
        return collector;
    }

    /// <summary>Stops the current async flow from collecting.</summary>
    public static void End() => Current.Value = null;

    /// <summary>The text of one invocation.</summary>
    public sealed class Collector
    {
        private readonly StringBuilder _text = new();
        private readonly Lock _lock = new();
        private readonly int _limit;
        private bool _closed;
        private long _dropped;

        /// <summary>Creates a collector that keeps at most <paramref name="limit"/> characters.</summary>
        /// <param name="limit">The most it keeps; <see cref="MaxCharacters"/> for an invocation.</param>
        internal Collector(int limit = MaxCharacters) => _limit = limit;

        /// <summary>Appends text unless closed or full.</summary>
        /// <param name="text">The text.</param>
        public void Append(ReadOnlySpan<char> text)
        {
            lock (_lock)
            {
                if (_closed)
                {
                    return;
                }

                if (_text.Length + text.Length > _limit)
                {
                    _dropped += text.Length;
                    return;
                }

                _text.Append(text);
            }
        }

        /// <summary>Ends collecting.</summary>
        /// <returns>UTF-8 of the text, each line ending in <c>\n</c>; empty when nothing was written.</returns>
        public byte[] Close()
        {
            lock (_lock)
            {
                _closed = true;
                if (_dropped > 0)
                {
                    if (_text.Length > 0 && _text[^1] != '\n')
                    {
                        _text.Append('\n');
                    }

                    _text.Append("[sesmail] ").Append(_dropped).Append(" characters of this invocation's output were not collected (over ").Append(_limit).Append(")\n");
                }

                return _text.Length == 0 ? [] : Encoding.UTF8.GetBytes(_text.ToString());
            }
        }
    }

    /// <summary>Writes an invocation's text to its collector, and everything to the console writer of the moment.</summary>
    private sealed class CollectingWriter(Func<TextWriter> target) : TextWriter
    {
        public override Encoding Encoding => target().Encoding;

        public override IFormatProvider FormatProvider => target().FormatProvider;

        public override void Write(char value)
        {
            Current.Value?.Append([value]);
            target().Write(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            Current.Value?.Append(buffer.AsSpan(index, count));
            target().Write(buffer, index, count);
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            Current.Value?.Append(buffer);
            target().Write(buffer);
        }

        public override void Write(string? value)
        {
            Current.Value?.Append(value);
            target().Write(value);
        }

        public override void WriteLine(string? value)
        {
            if (Current.Value is { } collector)
            {
                collector.Append(value);
                collector.Append("\n");
            }

            target().WriteLine(value);
        }

        public override void WriteLine(ReadOnlySpan<char> buffer)
        {
            if (Current.Value is { } collector)
            {
                collector.Append(buffer);
                collector.Append("\n");
            }

            target().WriteLine(buffer);
        }

        public override void WriteLine()
        {
            Current.Value?.Append("\n");
            target().WriteLine();
        }

        public override Task WriteAsync(char value)
        {
            Write(value);
            return Task.CompletedTask;
        }

        public override Task WriteAsync(string? value)
        {
            Write(value);
            return Task.CompletedTask;
        }

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return Task.CompletedTask;
        }

        public override Task WriteLineAsync()
        {
            WriteLine();
            return Task.CompletedTask;
        }

        public override void Flush() => target().Flush();

        public override Task FlushAsync() => target().FlushAsync();
    }
}
