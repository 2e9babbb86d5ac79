using System.Text;
using MimeKit;

namespace SesMail.Emulator.Gmail;

/// <summary>
/// The stand-in's <c>snippet</c> (Gmail API <c>users.messages</c> resource: "a short part of the message text"): the
/// message's plain-text body with runs of white space collapsed to one space and leading and trailing space removed,
/// at most <see cref="Length"/> characters. The body is the first <c>text/plain</c> part that is not an attachment,
/// searched depth first (the last one of a <c>multipart/alternative</c>, the richest plain text there; in a
/// <c>multipart/related</c> only its root, the part its <c>start</c> parameter names or else the first, RFC 2387 §3.2,
/// since the other parts are resources the root refers to); a message without one has an empty snippet. Only as much of the part is decoded as the snippet needs, so a long body costs no
/// more than a short one.
/// </summary>
internal static class GmailSnippet
{
    /// <summary>The most characters a snippet holds.</summary>
    public const int Length = 200;

    private const int ChunkBytes = 4096;

    /// <summary>Makes a message's snippet.</summary>
    /// <param name="message">The parsed message (its part contents may be views of a file).</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <returns>The snippet, empty when there is no plain-text body or it cannot be decoded.</returns>
    public static async Task<string> FromAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        if (PlainBody(message.Body) is not { Content: { } content } part)
        {
            return string.Empty;
        }

        if (part.ContentType.CharsetEncoding is { } declared)
        {
            return await ReadAsync(content, declared, cancellationToken).ConfigureAwait(false);
        }

        // No charset, or one .NET does not know: UTF-8 while what is read is valid UTF-8, else ISO-8859-1, as MimeKit
        // reads such text.
        try
        {
            return await ReadAsync(content, new UTF8Encoding(false, throwOnInvalidBytes: true), cancellationToken).ConfigureAwait(false);
        }
        catch (DecoderFallbackException)
        {
            return await ReadAsync(content, Encoding.Latin1, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The plain-text body: the entity itself, or the first one found in a multipart (see the class summary).</summary>
    private static TextPart? PlainBody(MimeEntity? entity) => entity switch
    {
        TextPart text => text.IsPlain && !text.IsAttachment ? text : null,
        MultipartAlternative alternative => alternative.Reverse().Select(PlainBody).FirstOrDefault(p => p is not null),
        MultipartRelated related => PlainBody(related.Root),
        Multipart multipart => multipart.Select(PlainBody).FirstOrDefault(p => p is not null),
        _ => null,
    };

    private static async Task<string> ReadAsync(IMimeContent content, Encoding encoding, CancellationToken cancellationToken)
    {
        var decoder = encoding.GetDecoder();
        var snippet = new StringBuilder(Length);
        var space = false;
        var bytes = new byte[ChunkBytes];
        var chars = new char[encoding.GetMaxCharCount(ChunkBytes)];
        await using var decoded = content.Open();
        int read;
        while (snippet.Length < Length && (read = await decoded.ReadAsync(bytes, cancellationToken).ConfigureAwait(false)) > 0)
        {
            var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
            foreach (var c in chars.AsSpan(0, count))
            {
                if (char.IsWhiteSpace(c))
                {
                    space = snippet.Length > 0;
                    continue;
                }

                if (space)
                {
                    snippet.Append(' ');
                    space = false;
                }

                if (snippet.Length >= Length)
                {
                    break;
                }

                snippet.Append(c);
            }
        }

        return snippet.Length <= Length ? snippet.ToString() : snippet.ToString(0, Length);
    }
}
