using System.Buffers;
using System.Net;
using SmtpServer;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace SesMail.LocalRuntime.SesReceiving;

/// <summary>
/// The end of <c>DATA</c>: hands the message to <see cref="ReceivedMessageProcessor"/> and answers <c>250</c> with the
/// SES message id only after the object and the notification are durable; any failure answers
/// <c>451 4.3.0</c> so the sender keeps the message and retries.
/// </summary>
internal sealed partial class ReceivedMessageStore(ReceivedMessageProcessor processor, ILogger<ReceivedMessageStore> logger) : IMessageStore
{
    internal const string HeloKey = "SesMail.Helo";

    public async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        var remote = context.Properties.TryGetValue(EndpointListener.RemoteEndPointKey, out var endpoint) && endpoint is IPEndPoint ip ? ip.Address : IPAddress.Loopback;
        if (remote.IsIPv4MappedToIPv6)
        {
            remote = remote.MapToIPv4();
        }

        var envelope = new SmtpEnvelope(
            remote,
            context.Properties.TryGetValue(HeloKey, out var helo) ? helo as string : null,
            SmtpAddresses.Of(transaction.From),
            [.. transaction.To.Select(SmtpAddresses.Of)]);
        try
        {
            var messageId = await processor.ProcessAsync(envelope, Content(buffer), cancellationToken).ConfigureAwait(false);
            return new SmtpResponse(SmtpReplyCode.Ok, $"2.0.0 Ok {messageId}");
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, error, envelope.MailFrom, string.Join(", ", envelope.Recipients));
            return new SmtpResponse((SmtpReplyCode)451, "4.3.0 Temporary failure storing the message; please try again later");
        }
    }

    /// <summary>
    /// The message content: SmtpServer hands over the bytes before the <c>CRLF.CRLF</c> terminator, but that first
    /// CRLF ends the message's last line (RFC 5321 §4.1.1.4), so it is put back.
    /// </summary>
    internal static byte[] Content(ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return [];
        }

        var content = new byte[buffer.Length + 2];
        buffer.CopyTo(content);
        content[^2] = (byte)'\r';
        content[^1] = (byte)'\n';
        return content;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "SES receiving: storing mail from <{MailFrom}> to {Recipients} failed; answered 451 so the sender retries")]
    private static partial void LogFailed(ILogger logger, Exception error, string mailFrom, string recipients);
}
