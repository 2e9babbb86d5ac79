using SesMail.Functions.Bouncer;
using SesMail.Functions.Routing;

namespace SesMail.Fuzzing.Targets;

/// <summary>
/// The bouncer's reading of a stored message's header block (<see cref="OriginalHeaderBlock"/>) and the RFC 3464
/// delivery-status notification that quotes it. Read from a stream in small pieces the header block must equal the
/// one cut from the whole message, and the notification must build and serialize whatever the block holds.
/// </summary>
internal sealed class DsnTarget : IFuzzTarget
{
    private const string Detail = """
        {"originalMessageId":"o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1",
         "ses":{"notificationType":"Received","mail":{"messageId":"o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1","source":"sender@origin.example",
           "timestamp":"2026-01-18T10:00:00.000Z","destination":["nobody@example.test"],
           "commonHeaders":{"subject":"Hello","messageId":"<abc@origin.example>","from":["sender@origin.example"]}},
           "receipt":{"recipients":["nobody@example.test"]}},
         "actions":{"store":{"count":0,"targets":[]},"forward-to-gmail":{"count":0,"targets":[]},
           "bounce":{"count":1,"targets":[{"target":"nobody@example.test","reason":"policy","metadata":{}}]},
           "spam":{"count":0,"targets":[]},"silent-drop":{"count":0,"targets":[]}}}
        """;

    private static readonly RoutingDetail Fixed = RoutingDetail.FromSqsBody(Detail);

    public string Name => "dsn";

    public string Description => "stored message bytes -> OriginalHeaderBlock (whole vs streamed) -> DeliveryStatusNotification; no exception";

    public void Run(ReadOnlySpan<byte> input)
    {
        var bytes = input.ToArray();
        var whole = OriginalHeaderBlock.Of(bytes);
        var streamed = OriginalHeaderBlock.ReadAsync(new TrickleStream(bytes, 1 + (bytes.Length % 5)), CancellationToken.None).GetAwaiter().GetResult();
        if (bytes.Length < OriginalHeaderBlock.MaxBytes && !whole.AsSpan().SequenceEqual(streamed))
        {
            throw new FuzzFinding($"The streamed header block ({streamed.Length} bytes) differs from the whole-message one ({whole.Length} bytes)");
        }

        var notice = DeliveryStatusNotification.Build(Fixed, "mailer-daemon@example.test", "sender@origin.example", DateTimeOffset.UnixEpoch, streamed);
        using var sink = new MemoryStream();
        notice.WriteTo(sink);
    }

    /// <summary>Returns at most a few bytes per read, as a slow network would.</summary>
    private sealed class TrickleStream(byte[] data, int step) : MemoryStream(data, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, step));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, step)]);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, step), cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, step)], cancellationToken);
    }
}
