using SesMail.Emulator.Protocols;
using SesMail.Emulator.S3;

namespace SesMail.Fuzzing.Targets;

/// <summary>
/// The S3 <c>aws-chunked</c> decoder (<see cref="AwsChunkedStream"/>): a body with chunk headers, signatures and
/// trailing checksums. Read whole and read in small pieces, it must give the same bytes and trailers (or the same
/// AWS error); any other exception is a finding.
/// </summary>
internal sealed class AwsChunkedTarget : IFuzzTarget
{
    public string Name => "aws-chunked";

    public string Description => "aws-chunked request body -> AwsChunkedStream; only AWS errors, same result whatever the read sizes";

    public void Run(ReadOnlySpan<byte> input)
    {
        var bytes = input.ToArray();
        var whole = Decode(bytes, readSize: 81_920);
        var pieces = Decode(bytes, readSize: 1 + (bytes.Length % 7));
        if (whole.Error != pieces.Error || !whole.Data.AsSpan().SequenceEqual(pieces.Data) || whole.Trailers != pieces.Trailers)
        {
            throw new FuzzFinding($"Read sizes change the result: [{whole.Error}] {whole.Data.Length} bytes {whole.Trailers} vs [{pieces.Error}] {pieces.Data.Length} bytes {pieces.Trailers}");
        }
    }

    private static (byte[] Data, string? Error, string Trailers) Decode(byte[] input, int readSize)
    {
        using var decoder = new AwsChunkedStream(new MemoryStream(input));
        using var output = new MemoryStream();
        var buffer = new byte[readSize];
        try
        {
            int read;
            while ((read = decoder.Read(buffer, 0, buffer.Length)) > 0)
            {
                output.Write(buffer, 0, read);
            }
        }
        catch (AwsServiceException error)
        {
            return ([], error.Code, string.Empty);
        }

        if (decoder.DecodedLength != output.Length)
        {
            throw new FuzzFinding($"DecodedLength {decoder.DecodedLength} differs from the {output.Length} bytes returned");
        }

        return (output.ToArray(), null, string.Join(";", decoder.Trailers.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}")));
    }
}
