using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SesMail.Emulator.Logs;

namespace SesMail.Emulator.Lambda.Runtime;

/// <summary>
/// The log stream of one execution environment in <c>/aws/lambda/{function}</c>
/// (<c>yyyy/MM/dd/[$LATEST]{32 hex}</c>), written through <see cref="ILogSink"/> as Lambda writes it: the platform's
/// <c>START</c>/<c>END</c>/<c>REPORT</c> lines and every line the runtime writes to standard output or error. The lines of
/// the invocation in progress are also kept for <c>X-Amz-Log-Type: Tail</c>.
/// </summary>
internal sealed class ExecutionLog(ILogSink sink, string region, string logGroup, TimeProvider time)
{
    private readonly Lock _lock = new();
    private List<string>? _tail;

    /// <summary>The stream name.</summary>
    public string StreamName { get; } =
        $"{time.GetUtcNow().UtcDateTime.ToString("yyyy'/'MM'/'dd", CultureInfo.InvariantCulture)}/[$LATEST]{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";

    /// <summary>Writes one line (the runtime's output or a platform line).</summary>
    /// <param name="line">The text without its line end.</param>
    public void Write(string line) => WriteAll([line]);

    /// <summary>Writes several lines at once (one append, in order): an attached runtime's output of one invocation.</summary>
    /// <param name="lines">The lines without their line ends.</param>
    public void WriteAll(IReadOnlyList<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            _tail?.AddRange(lines);
        }

        var at = time.GetUtcNow();
        var events = new LogEventEntry[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            events[i] = new LogEventEntry(at, lines[i]);
        }

        sink.Append(region, logGroup, StreamName, events);
    }

    /// <summary>Starts collecting the lines of one invocation.</summary>
    public void BeginTail()
    {
        lock (_lock)
        {
            _tail = [];
        }
    }

    /// <summary>The invocation's lines as <c>X-Amz-Log-Result</c> carries them: base64 of the last 4 KB.</summary>
    /// <returns>The base64 text.</returns>
    public string EndTail()
    {
        string text;
        lock (_lock)
        {
            text = string.Join('\n', _tail ?? []) + "\n";
            _tail = null;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        return Convert.ToBase64String(bytes.Length <= 4096 ? bytes : bytes[^4096..]);
    }
}
