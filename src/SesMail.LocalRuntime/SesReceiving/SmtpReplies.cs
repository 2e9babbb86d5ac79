using System.Buffers;
using System.IO.Pipelines;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Net;
using SmtpServer.Protocol;

namespace SesMail.LocalRuntime.SesReceiving;

/// <summary>
/// The edge's SMTP replies in its own words: every 2xx, 4xx and 5xx reply carries an RFC 3463 enhanced status code
/// (RFC 2034 §3: all of them except the greeting and the answers to HELO and EHLO, which advertise
/// <c>ENHANCEDSTATUSCODES</c>; a refused HELO or EHLO gets one too, as Postfix answers <c>501 5.5.4</c>), including
/// the library's refusals of lines it could not parse (<c>502 5.5.1 Unrecognized command</c>, <c>501 5.5.4 expected
/// …</c>), and none carries the suffix SmtpServer 11 appends to refusals
/// (<c>", 4 retry(ies) remaining."</c>, a count of the errors the library tolerates before it hangs up, not advice
/// for the client).
/// </summary>
/// <remarks>
/// SmtpServer writes that suffix in its session loop for every <c>SmtpResponseException</c>, and its commands write
/// <c>250 Ok</c> without enhanced codes; neither can be configured, and its commands cannot be subclassed. So the
/// edge rewrites reply lines on their way out (<see cref="ReplyRewritingListenerFactory"/>): replies that already
/// carry an enhanced code (every one SesMail writes itself) keep it; the library's get the one RFC 3463 gives for
/// the command and reply code.
/// </remarks>
internal static partial class SmtpReplies
{
    /// <summary>Session property holding the name of the command being executed (<c>MAIL</c>, <c>RCPT</c>, …).</summary>
    public const string CommandKey = "SesMail.Command";

    /// <summary>Rewrites one reply line (without its CRLF).</summary>
    /// <param name="line">The line SmtpServer wrote, e.g. <c>550 5.1.1 &lt;a@b&gt;: … , 4 retry(ies) remaining.</c>.</param>
    /// <param name="command">The command the reply answers (<c>HELO</c>, <c>EHLO</c>, <c>MAIL</c>, <c>RCPT</c>, <c>DATA</c>, …),
    /// empty for a line the server could not take as a command (unrecognized, out of sequence, malformed), or null
    /// for the greeting.</param>
    /// <param name="continuesMultiline">True when the line is part of a multi-line reply (this or a previous line used <c>DDD-</c>).</param>
    /// <returns>The line to send.</returns>
    public static string Rewrite(string line, string? command, bool continuesMultiline)
    {
        var reply = RetrySuffix().Replace(line, string.Empty);
        if (reply.Length < 3 || !int.TryParse(reply.AsSpan(0, 3), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code))
        {
            return reply;
        }

        var separator = reply.Length > 3 ? reply[3] : ' ';
        var text = reply.Length > 4 ? reply[4..] : string.Empty;
        var klass = code / 100;
        if (klass is not (2 or 4 or 5) || separator == '-' || continuesMultiline || command is null || (klass == 2 && command is "HELO" or "EHLO") || EnhancedCode().IsMatch(text))
        {
            return reply;
        }

        return $"{code} {Enhanced(code, command)}{(text.Length > 0 ? " " + text : string.Empty)}";
    }

    /// <summary>The RFC 3463 code for a reply the library wrote without one.</summary>
    /// <param name="code">The SMTP reply code.</param>
    /// <param name="command">The command it answers.</param>
    public static string Enhanced(int code, string command) => (code, command) switch
    {
        (250, "MAIL") => "2.1.0",           // X.1.0 other address status: originator accepted
        (250, "RCPT") => "2.1.5",           // X.1.5 destination address valid
        (_, _) when code / 100 == 2 => "2.0.0",
        (421, _) => "4.4.2",                // X.4.2 bad connection (timeouts, shutdown)
        (450, _) => "4.2.0",
        (451, _) => "4.3.0",
        (452, _) => "4.3.1",                // X.3.1 mail system full
        (_, _) when code / 100 == 4 => "4.0.0",
        (500, _) => "5.5.2",                // X.5.2 syntax error
        (501, _) => "5.5.4",                // X.5.4 invalid command arguments
        (502, _) => "5.5.1",                // X.5.1 invalid command
        (503, _) => "5.5.1",                // bad sequence of commands
        (504, _) => "5.5.4",
        (530, _) or (538, _) => "5.7.0",
        (535, _) => "5.7.8",                // authentication credentials invalid (RFC 4954)
        (550, "RCPT") => "5.1.1",
        (552, _) => "5.3.4",                // X.3.4 message too big for system
        (553, _) => "5.1.3",                // X.1.3 bad destination mailbox address syntax
        _ => "5.0.0",
    };

    [GeneratedRegex(@", \d+ retry\(ies\) remaining\.$", RegexOptions.CultureInvariant)]
    private static partial Regex RetrySuffix();

    [GeneratedRegex(@"^[245]\.\d{1,3}\.\d{1,3}( |$)", RegexOptions.CultureInvariant)]
    private static partial Regex EnhancedCode();
}

/// <summary>EHLO that also advertises <c>ENHANCEDSTATUSCODES</c> (RFC 2034 §2), since every reply carries one.</summary>
internal sealed class SesSmtpCommandFactory : SmtpCommandFactory
{
    public override SmtpCommand CreateEhlo(string domainOrAddress) => new EnhancedEhloCommand(domainOrAddress);

    private sealed class EnhancedEhloCommand(string domainOrAddress) : EhloCommand(domainOrAddress)
    {
        protected override IEnumerable<string> GetExtensions(ISessionContext context) => [.. base.GetExtensions(context), "ENHANCEDSTATUSCODES"];
    }
}

/// <summary>
/// Listens as SmtpServer's own listener does, refuses connections over <see cref="SmtpEdgeOptions.MaxConnections"/>
/// (<c>421 4.7.0</c>, then closed), and hands each session a pipe whose replies go through <see cref="SmtpReplies"/>
/// and whose input lines are bounded by <see cref="SmtpEdgeOptions.MaxLineLength"/> (<see cref="LineLimitReader"/>).
/// </summary>
internal class ReplyRewritingListenerFactory(SmtpEdgeOptions options) : EndpointListenerFactory
{
    private int _open;

    /// <summary>Connections whose session is running.</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    public override IEndpointListener CreateListener(IEndpointDefinition endpointDefinition) => new Listener(base.CreateListener(endpointDefinition), this);

    private sealed class Listener(IEndpointListener inner, ReplyRewritingListenerFactory factory) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            while (true)
            {
                var pipe = await inner.GetPipeAsync(context, cancellationToken).ConfigureAwait(false);
                if (Interlocked.Increment(ref factory._open) <= factory.Options.MaxConnections)
                {
                    return new ReplyPipe(pipe, context, factory);
                }

                Interlocked.Decrement(ref factory._open);
                _ = RefuseAsync(pipe, context.ServerOptions.ServerName);
            }
        }

        public void Dispose() => inner.Dispose();

        /// <summary>RFC 5321 §3.8: a server that will not serve a connection answers 421 and closes it.</summary>
        private static async Task RefuseAsync(ISecurableDuplexPipe pipe, string serverName)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await SmtpLimitReplies.WriteAsync(pipe.Output, $"421 4.7.0 {serverName} Too many connections, try again later", timeout.Token).ConfigureAwait(false);
                await pipe.Output.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception error) when (error is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
                // The client went away first.
            }
            finally
            {
                pipe.Dispose();
            }
        }
    }

    private SmtpEdgeOptions Options => options;

    private sealed class ReplyPipe(ISecurableDuplexPipe inner, ISessionContext context, ReplyRewritingListenerFactory factory) : ISecurableDuplexPipe
    {
        private readonly ReplyState _state = new();
        private ReplyWriter? _output;
        private LineLimitReader? _input;
        private int _disposed;

        /// <summary>The inner input may change when STARTTLS upgrades the connection, so the wrapper follows it.</summary>
        public PipeReader Input => _input is { } reader && ReferenceEquals(reader.Inner, inner.Input)
            ? reader
            : _input = new LineLimitReader(inner.Input, factory.Options.MaxLineLength, (line, token) => SmtpLimitReplies.WriteAsync(Output, line, token));

        /// <summary>The inner output may change when STARTTLS upgrades the connection, so the wrapper follows it.</summary>
        public PipeWriter Output => _output is { } writer && ReferenceEquals(writer.Inner, inner.Output) ? writer : _output = new ReplyWriter(inner.Output, context, _state);

        public bool IsSecure => inner.IsSecure;

        public SslProtocols SslProtocol => inner.SslProtocol;

        public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default) =>
            inner.UpgradeAsync(certificate, protocols, cancellationToken);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref factory._open);
            }

            inner.Dispose();
        }
    }

    /// <summary>What the session's replies so far imply for the next one; outlives the writer STARTTLS replaces.</summary>
    private sealed class ReplyState
    {
        /// <summary>Whether the last line written was a <c>DDD-</c> line (the reply continues).</summary>
        public bool Multiline { get; set; }

        /// <summary>Whether the greeting has been sent (every later reply answers a line the client sent).</summary>
        public bool Greeted { get; set; }
    }

    /// <summary>Collects what the session writes and, on flush, passes each complete line through <see cref="SmtpReplies.Rewrite"/>.</summary>
    private sealed class ReplyWriter(PipeWriter inner, ISessionContext context, ReplyState state) : PipeWriter
    {
        private readonly ArrayBufferWriter<byte> _pending = new();

        public PipeWriter Inner => inner;

        public override void Advance(int bytes) => _pending.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0) => _pending.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => _pending.GetSpan(sizeHint);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null)
        {
            Drain(final: true);
            inner.Complete(exception);
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            Drain(final: false);
            return inner.FlushAsync(cancellationToken);
        }

        private void Drain(bool final)
        {
            var written = _pending.WrittenSpan;
            var consumed = 0;
            while (consumed < written.Length)
            {
                var end = written[consumed..].IndexOf("\r\n"u8);
                if (end < 0)
                {
                    break;
                }

                var line = Encoding.UTF8.GetString(written.Slice(consumed, end));

                // The command that executed names the reply; a reply no command executed for (the library refusing a
                // line it could not parse) is not the greeting once the greeting has been sent.
                var command = context.Properties.TryGetValue(SmtpReplies.CommandKey, out var name) ? name as string : null;
                command ??= state.Greeted ? string.Empty : null;
                var rewritten = SmtpReplies.Rewrite(line, command, state.Multiline);
                state.Multiline = line.Length > 3 && line[3] == '-';
                if (!state.Multiline)
                {
                    state.Greeted = true;
                    context.Properties.Remove(SmtpReplies.CommandKey); // answered: the next reply is to another line
                }

                var bytes = Encoding.UTF8.GetBytes(rewritten + "\r\n");
                inner.Write(bytes);
                consumed += end + 2;
            }

            if (final && consumed < written.Length)
            {
                inner.Write(written[consumed..]);
                consumed = written.Length;
            }

            var rest = written[consumed..].ToArray();
            _pending.Clear();
            _pending.Write(rest);
        }
    }
}
