using System.Buffers.Binary;
using System.IO.Hashing;
using System.Numerics;
using System.Security.Cryptography;

namespace SesMail.Emulator.S3;

/// <summary>
/// The additional checksums S3 accepts (<c>x-amz-checksum-{crc32|crc32c|crc64nvme|sha1|sha256}</c>), as documented in
/// https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html. Values travel base64-encoded,
/// CRCs in big-endian byte order.
/// </summary>
internal enum S3ChecksumAlgorithm
{
    /// <summary>CRC-32 (IEEE 802.3), 4 bytes.</summary>
    CRC32,

    /// <summary>CRC-32C (Castagnoli), 4 bytes.</summary>
    CRC32C,

    /// <summary>CRC-64/NVME, 8 bytes.</summary>
    CRC64NVME,

    /// <summary>SHA-1, 20 bytes.</summary>
    SHA1,

    /// <summary>SHA-256, 32 bytes.</summary>
    SHA256,
}

/// <summary>Names, header names and hashers of <see cref="S3ChecksumAlgorithm"/>.</summary>
internal static class S3Checksums
{
    /// <summary>All algorithms, in the order S3 documents them.</summary>
    public static IReadOnlyList<S3ChecksumAlgorithm> All { get; } =
        [S3ChecksumAlgorithm.CRC32, S3ChecksumAlgorithm.CRC32C, S3ChecksumAlgorithm.CRC64NVME, S3ChecksumAlgorithm.SHA1, S3ChecksumAlgorithm.SHA256];

    /// <summary>The header carrying a value, e.g. <c>x-amz-checksum-crc32</c>.</summary>
    public static string HeaderName(S3ChecksumAlgorithm algorithm) => "x-amz-checksum-" + algorithm.ToString().ToLowerInvariant();

    /// <summary>The XML element carrying a value, e.g. <c>ChecksumCRC32</c>.</summary>
    public static string ElementName(S3ChecksumAlgorithm algorithm) => "Checksum" + algorithm;

    /// <summary>Parses an algorithm name as sent in <c>x-amz-sdk-checksum-algorithm</c> (any case).</summary>
    public static bool TryParse(string? name, out S3ChecksumAlgorithm algorithm) =>
        Enum.TryParse(name?.Trim(), ignoreCase: true, out algorithm) && Enum.IsDefined(algorithm);

    /// <summary>Parses a header name such as <c>x-amz-checksum-crc32</c>.</summary>
    public static bool TryParseHeader(string? header, out S3ChecksumAlgorithm algorithm)
    {
        algorithm = default;
        const string prefix = "x-amz-checksum-";
        var h = header?.Trim();
        return h is not null && h.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && TryParse(h[prefix.Length..], out algorithm);
    }

    /// <summary>Length in bytes of a decoded value.</summary>
    public static int Size(S3ChecksumAlgorithm algorithm) => algorithm switch
    {
        S3ChecksumAlgorithm.CRC32 or S3ChecksumAlgorithm.CRC32C => 4,
        S3ChecksumAlgorithm.CRC64NVME => 8,
        S3ChecksumAlgorithm.SHA1 => 20,
        _ => 32,
    };

    /// <summary>Whether <paramref name="value"/> is base64 of the algorithm's length.</summary>
    public static bool IsWellFormed(S3ChecksumAlgorithm algorithm, string value)
    {
        Span<byte> buffer = stackalloc byte[64];
        return Convert.TryFromBase64String(value, buffer, out var written) && written == Size(algorithm);
    }

    /// <summary>A new incremental hasher.</summary>
    public static S3Hasher CreateHasher(S3ChecksumAlgorithm algorithm) => algorithm switch
    {
        S3ChecksumAlgorithm.CRC32 => new NonCryptographicHasher(new Crc32(), bigEndianUInt32: true),
        S3ChecksumAlgorithm.CRC32C => new NonCryptographicHasher(new Crc32C(), bigEndianUInt32: false),
        S3ChecksumAlgorithm.CRC64NVME => new NonCryptographicHasher(new Crc64Nvme(), bigEndianUInt32: false),
        S3ChecksumAlgorithm.SHA1 => new IncrementalHasher(IncrementalHash.CreateHash(HashAlgorithmName.SHA1)),
        _ => new IncrementalHasher(IncrementalHash.CreateHash(HashAlgorithmName.SHA256)),
    };

    /// <summary>The base64 checksum of a whole buffer.</summary>
    public static string Compute(S3ChecksumAlgorithm algorithm, ReadOnlySpan<byte> data)
    {
        using var hasher = CreateHasher(algorithm);
        hasher.Append(data);
        return Convert.ToBase64String(hasher.GetHashAndReset());
    }

    private sealed class NonCryptographicHasher(NonCryptographicHashAlgorithm inner, bool bigEndianUInt32) : S3Hasher
    {
        public override void Append(ReadOnlySpan<byte> data) => inner.Append(data);

        public override byte[] GetHashAndReset()
        {
            if (bigEndianUInt32 && inner is Crc32 crc)
            {
                var value = crc.GetCurrentHashAsUInt32();
                crc.Reset();
                var bytes = new byte[4];
                BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
                return bytes;
            }

            return inner.GetHashAndReset(); // our own CRCs already emit big-endian
        }

        public override void Dispose()
        {
        }
    }

    private sealed class IncrementalHasher(IncrementalHash inner) : S3Hasher
    {
        public override void Append(ReadOnlySpan<byte> data) => inner.AppendData(data);

        public override byte[] GetHashAndReset() => inner.GetHashAndReset();

        public override void Dispose() => inner.Dispose();
    }
}

/// <summary>An incremental hash over a streamed body.</summary>
internal abstract class S3Hasher : IDisposable
{
    /// <summary>Adds bytes.</summary>
    public abstract void Append(ReadOnlySpan<byte> data);

    /// <summary>The digest in S3's byte order; resets the state.</summary>
    public abstract byte[] GetHashAndReset();

    /// <inheritdoc />
    public abstract void Dispose();
}

/// <summary>CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) using the CPU's CRC32 instruction where present.</summary>
internal sealed class Crc32C() : NonCryptographicHashAlgorithm(4)
{
    private uint _crc = uint.MaxValue;

    public override void Append(ReadOnlySpan<byte> source)
    {
        var crc = _crc;
        while (source.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(source));
            source = source[8..];
        }

        foreach (var b in source)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        _crc = crc;
    }

    public override void Reset() => _crc = uint.MaxValue;

    protected override void GetCurrentHashCore(Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, ~_crc);
}

/// <summary>CRC-64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5, init and xor-out all ones), table driven.</summary>
internal sealed class Crc64Nvme() : NonCryptographicHashAlgorithm(8)
{
    private static readonly ulong[] Table = BuildTable();
    private ulong _crc = ulong.MaxValue;

    public override void Append(ReadOnlySpan<byte> source)
    {
        var crc = _crc;
        foreach (var b in source)
        {
            crc = Table[(byte)(crc ^ b)] ^ (crc >> 8);
        }

        _crc = crc;
    }

    public override void Reset() => _crc = ulong.MaxValue;

    protected override void GetCurrentHashCore(Span<byte> destination) => BinaryPrimitives.WriteUInt64BigEndian(destination, ~_crc);

    private static ulong[] BuildTable()
    {
        const ulong polynomial = 0x9A6C9329AC4BC9B5UL;
        var table = new ulong[256];
        for (ulong i = 0; i < 256; i++)
        {
            var crc = i;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ polynomial : crc >> 1;
            }

            table[i] = crc;
        }

        return table;
    }
}
