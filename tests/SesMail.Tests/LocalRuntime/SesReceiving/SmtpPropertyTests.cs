using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using SesMail.LocalRuntime.SesReceiving;

namespace SesMail.Tests.LocalRuntime.SesReceiving;

/// <summary>Property tests of the SMTP edge's own parsers and limits: reply rewriting and the line-length reader.</summary>
[Trait("Kind", "Unit")]
public sealed partial class SmtpPropertyTests
{
    private static readonly Gen<string> Command = Gen.OneOf("", "HELO", "EHLO", "MAIL", "RCPT", "DATA", "RSET", "NOOP", "QUIT", "STARTTLS", "AUTH");

    private static readonly Gen<string> Text = Gen.Char[' ', '~'].Array[0, 40].Select(c => new string(c));

    private static readonly Gen<string> Reply = Gen.Select(Gen.Int[200, 599], Gen.OneOf(" ", "-", ""), Text, Gen.Bool, Gen.Int[0, 9],
        (code, separator, text, suffix, retries) => $"{code}{separator}{text}{(suffix ? $", {retries} retry(ies) remaining." : string.Empty)}");

    [Fact]
    public void Rewrite_AnyFinalRefusalAfterTheGreeting_CarriesAnEnhancedCodeAndNoRetrySuffix() =>
        Gen.Select(Reply, Command).Sample((line, command) =>
        {
            var rewritten = SmtpReplies.Rewrite(line, command, continuesMultiline: false);
            var final = line.Length == 3 || line[3] == ' ';
            return !rewritten.Contains("retry(ies)", StringComparison.Ordinal)
                && (!final || line[0] is not ('4' or '5') || Enhanced().IsMatch(rewritten))
                && SmtpReplies.Rewrite(rewritten, command, continuesMultiline: false) == rewritten;
        });

    [Fact]
    public void LineLimitReader_AnyInputInAnyPieces_RefusesExactlyWhenALineIsOverTheLimit() =>
        Gen.Select(Gen.Int[1, 40], Gen.OneOf<byte>((byte)'a', (byte)'\r', (byte)'\n', (byte)'\n', 0).Array[0, 400], Gen.Int[1, 64].Array[1, 20])
            .Sample((limit, input, pieces) =>
            {
                var expected = Lines(input).Any(l => l > limit);
                var refused = RefusedAsync(input, pieces, limit).GetAwaiter().GetResult();
                return refused == expected;
            });

    /// <summary>The lengths of the LF-terminated lines and of the unterminated rest.</summary>
    private static IEnumerable<int> Lines(byte[] input)
    {
        var length = 0;
        foreach (var b in input)
        {
            if (b == '\n')
            {
                yield return length;
                length = 0;
            }
            else
            {
                length++;
            }
        }

        yield return length;
    }

    /// <summary>Feeds the input in pieces and consumes it as SmtpServer does (whole lines, the rest examined).</summary>
    private static async Task<bool> RefusedAsync(byte[] input, int[] pieces, int limit)
    {
        var pipe = new Pipe();
        var refused = false;
        var reader = new LineLimitReader(pipe.Reader, limit, (_, _) =>
        {
            refused = true;
            return ValueTask.CompletedTask;
        });
        var offset = 0;
        for (var i = 0; offset < input.Length; i++)
        {
            var size = Math.Min(pieces[i % pieces.Length], input.Length - offset);
            await pipe.Writer.WriteAsync(input.AsMemory(offset, size));
            offset += size;
            if (offset == input.Length)
            {
                await pipe.Writer.CompleteAsync();
            }

            try
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                var lf = buffer.PositionOf((byte)'\n');
                var consumed = buffer.Start;
                while (lf is { } position)
                {
                    consumed = buffer.GetPosition(1, position);
                    lf = buffer.Slice(consumed).PositionOf((byte)'\n');
                }

                reader.AdvanceTo(consumed, buffer.End);
            }
            catch (IOException)
            {
                return refused;
            }
        }

        if (input.Length == 0)
        {
            return false;
        }

        return refused;
    }

    [GeneratedRegex(@"^\d\d\d [245]\.\d{1,3}\.\d{1,3}( |$)", RegexOptions.CultureInvariant)]
    private static partial Regex Enhanced();
}
