using System.Security.Cryptography;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;

namespace SesMail.LocalRuntime.SesReceiving;

/// <summary>
/// A DKIM signer (RFC 6376 §3.7, <c>rsa-sha256</c>) whose RSA signature is made by .NET's <see cref="RSA"/> (OpenSSL on
/// Linux) instead of BouncyCastle's managed big-integer code: MimeKit still canonicalizes the headers and hashes the
/// body; only the final PKCS #1 v1.5 signature of the header hash changes hands, and it is the same bytes (PKCS #1 v1.5
/// signatures are deterministic). The managed RSA cost about a millisecond of CPU per message on the SMTP edge.
/// Safe to use from several threads at once: each <see cref="DkimSigner.Sign(MimeKit.MimeMessage, IList{MimeKit.HeaderId})"/>
/// gets its own signing context.
/// </summary>
internal sealed class RsaDkimSigner : DkimSigner
{
    private readonly RSA _key;

    /// <summary>Creates a signer over <paramref name="key"/>, which must hold a private key.</summary>
    /// <param name="key">The RSA private key (kept, not copied; dispose it after the signer).</param>
    /// <param name="domain">The signing domain (<c>d=</c>).</param>
    /// <param name="selector">The selector (<c>s=</c>).</param>
    public RsaDkimSigner(RSA key, string domain, string selector)
        : base(DotNetUtilities.GetRsaKeyPair(key.ExportParameters(includePrivateParameters: true)).Private, domain, selector, DkimSignatureAlgorithm.RsaSha256) =>
        _key = key;

    /// <summary>An <c>rsa-sha256</c> signing context: SHA-256 of what MimeKit writes, signed by <see cref="RSA.SignHash(byte[], HashAlgorithmName, RSASignaturePadding)"/>.</summary>
    /// <returns>A new context.</returns>
    protected override ISigner CreateSigningContext() => new Context(_key);

    /// <summary>Collects the canonicalized header fields (a few hundred bytes) and signs their SHA-256.</summary>
    private sealed class Context(RSA key) : ISigner
    {
        private readonly MemoryStream _data = new();

        public string AlgorithmName => "SHA-256withRSA";

        public void Init(bool forSigning, ICipherParameters parameters)
        {
            if (!forSigning)
            {
                throw new NotSupportedException("This context only signs.");
            }
        }

        public void Update(byte input) => _data.WriteByte(input);

        public void BlockUpdate(byte[] input, int inOff, int inLen) => _data.Write(input, inOff, inLen);

        public void BlockUpdate(ReadOnlySpan<byte> input) => _data.Write(input);

        public int GetMaxSignatureSize() => (key.KeySize + 7) / 8;

        public byte[] GenerateSignature()
        {
            var hash = SHA256.HashData(_data.GetBuffer().AsSpan(0, (int)_data.Length));
            Reset();
            lock (key)
            {
                // RSA instances do not promise thread safety; the signature itself takes microseconds.
                return key.SignHash(hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            }
        }

        public bool VerifySignature(byte[] signature) => throw new NotSupportedException("This context only signs.");

        public void Reset() => _data.SetLength(0);
    }
}
