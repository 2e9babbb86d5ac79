using System.Text;
using SesMail.Functions.Bouncer;

namespace SesMail.Tests.Functions.Bouncer;

[Trait("Kind", "Unit")]
public sealed class OriginalHeaderBlockTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static byte[] Fixture => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Bouncer", "ses-stored-dkim.eml"));

    [Fact]
    public async Task ReadAsync_StoredSesMessage_ReturnsEveryFieldUpToTheEmptyLine()
    {
        var block = await OriginalHeaderBlock.ReadAsync(new MemoryStream(Fixture), Ct);

        var text = Encoding.ASCII.GetString(block);
        text.Should().StartWith("Return-Path: <sender@origin.example>\r\n").And.EndWith("Content-Type: text/plain; charset=utf-8\r\n");
        Fixture.AsSpan().StartsWith(block).Should().BeTrue();
        Fixture.AsSpan(block.Length).StartsWith("\r\nHello"u8).Should().BeTrue();
    }

    [Fact]
    public async Task ReadAsync_OneByteAtATime_FindsTheSameEnd()
    {
        var block = await OriginalHeaderBlock.ReadAsync(new TrickleStream(Fixture), Ct);

        block.Should().Equal(OriginalHeaderBlock.Of(Fixture));
    }

    [Theory]
    [InlineData("A: 1\nB: 2\n\nbody", "A: 1\nB: 2\n")]
    [InlineData("A: 1\r\n\r\n", "A: 1\r\n")]
    [InlineData("A: 1\r\nB: only headers\r\n", "A: 1\r\nB: only headers\r\n")]
    [InlineData("\r\nbody", "")]
    public async Task ReadAsync_LineEndings_CutsBeforeTheEmptyLine(string message, string expected)
    {
        var block = await OriginalHeaderBlock.ReadAsync(new MemoryStream(Encoding.ASCII.GetBytes(message)), Ct);

        Encoding.ASCII.GetString(block).Should().Be(expected);
    }

    /// <summary>A stream that hands out one byte per read, like a slow network response.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
