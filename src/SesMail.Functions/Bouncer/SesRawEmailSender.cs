using Amazon.SimpleEmail;
using Amazon.SimpleEmail.Model;
using MimeKit;

namespace SesMail.Functions.Bouncer;

/// <summary>
/// Sends with SES <see href="https://docs.aws.amazon.com/ses/latest/APIReference/API_SendRawEmail.html">SendRawEmail</see>.
/// <c>Source</c> is left out, so SES takes the identity from the message's <c>From</c> and no envelope sender is asked
/// for (notifications carry a null reverse-path, RFC 3464 §2 and RFC 5321 §4.5.5; SES itself supplies its own
/// bounce-handling <c>MAIL FROM</c> when it relays).
/// </summary>
internal sealed class SesRawEmailSender : IRawEmailSender
{
    /// <summary>Internet line endings (CRLF), whatever the platform's newline.</summary>
    private static readonly FormatOptions WireFormat = CreateWireFormat();

    private readonly IAmazonSimpleEmailService _ses;

    /// <summary>Creates the sender.</summary>
    /// <param name="ses">The SES client.</param>
    public SesRawEmailSender(IAmazonSimpleEmailService ses) => _ses = ses;

    /// <inheritdoc />
    public async Task<string> SendAsync(MimeMessage message, IReadOnlyList<string> destinations, CancellationToken cancellationToken)
    {
        var data = new MemoryStream();
        await message.WriteToAsync(WireFormat, data, cancellationToken).ConfigureAwait(false);
        var response = await _ses.SendRawEmailAsync(
            new SendRawEmailRequest { Destinations = [.. destinations], RawMessage = new RawMessage { Data = data } },
            cancellationToken).ConfigureAwait(false);
        return response.MessageId;
    }

    private static FormatOptions CreateWireFormat()
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        return options;
    }
}
