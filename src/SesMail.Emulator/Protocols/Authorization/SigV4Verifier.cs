using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace SesMail.Emulator.Protocols.Authorization;

/// <summary>
/// Verifies a Signature Version 4 signature (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html)
/// with the secret of a key the emulator issued: the <c>Authorization</c> header form and the presigned-URL form
/// (<c>X-Amz-Signature</c>). The canonical request is rebuilt from the request as received: method, path as sent
/// (also accepted re-encoded, which the non-S3 services' double encoding produces), sorted query, the signed headers,
/// and the payload hash (<c>x-amz-content-sha256</c> when sent, else the SHA-256 of the body).
/// </summary>
/// <remarks>
/// Not checked: the request time against the clock (no <c>RequestTimeTooSkewed</c>), presigned URL expiry, and the
/// chunk signatures of <c>aws-chunked</c> uploads (the seed signature over the headers is verified).
/// </remarks>
internal static class SigV4Verifier
{
    /// <summary>Whether the request carries a valid signature made with <paramref name="secretAccessKey"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="secretAccessKey">The key's secret.</param>
    /// <param name="bodyHash">The hex SHA-256 of the body when the caller computed it; used when no <c>x-amz-content-sha256</c> was sent.</param>
    /// <returns><c>true</c> when the signature matches.</returns>
    public static bool IsValid(HttpRequest request, string secretAccessKey, string? bodyHash)
    {
        var presigned = request.Query.ContainsKey("X-Amz-Signature");
        string credential, signedHeaders, signature, amzDate;
        if (presigned)
        {
            credential = request.Query["X-Amz-Credential"].ToString();
            signedHeaders = request.Query["X-Amz-SignedHeaders"].ToString();
            signature = request.Query["X-Amz-Signature"].ToString();
            amzDate = request.Query["X-Amz-Date"].ToString();
        }
        else
        {
            var authorization = request.Headers.Authorization.ToString();
            credential = Part(authorization, "Credential=");
            signedHeaders = Part(authorization, "SignedHeaders=");
            signature = Part(authorization, "Signature=");
            amzDate = request.Headers["x-amz-date"].ToString() is { Length: > 0 } d ? d : request.Headers.Date.ToString();
        }

        var scope = credential.Split('/', 2) is [_, var rest] ? rest : string.Empty;
        if (scope.Length == 0 || signedHeaders.Length == 0 || signature.Length == 0 || amzDate.Length == 0)
        {
            return false;
        }

        var payloadHash = request.Headers["x-amz-content-sha256"].ToString() is { Length: > 0 } sent
            ? sent
            : presigned ? request.Query["X-Amz-Content-Sha256"].ToString() is { Length: > 0 } q ? q : "UNSIGNED-PAYLOAD" : bodyHash ?? Hash([]);
        var headers = string.Concat(signedHeaders.Split(';').Select(name => $"{name}:{HeaderValue(request, name)}\n"));
        var query = CanonicalQuery(request);
        var scopeParts = scope.Split('/');
        if (scopeParts.Length != 4)
        {
            return false;
        }

        var key = SigningKey(secretAccessKey, scopeParts[0], scopeParts[1], scopeParts[2]);
        foreach (var path in CanonicalPaths(request))
        {
            var canonical = string.Join('\n', request.Method, path, query, headers, signedHeaders, payloadHash);
            var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hash(Encoding.UTF8.GetBytes(canonical))}";
            var expected = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature.ToLowerInvariant())))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The lowercase hex SHA-256 of some bytes.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The hash.</returns>
    public static string Hash(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static string Part(string authorization, string name)
    {
        var at = authorization.IndexOf(name, StringComparison.Ordinal);
        if (at < 0)
        {
            return string.Empty;
        }

        var start = at + name.Length;
        var end = authorization.IndexOfAny([',', ' '], start);
        return end < 0 ? authorization[start..] : authorization[start..end];
    }

    private static string HeaderValue(HttpRequest request, string name)
    {
        var values = name == "host" ? request.Host.Value ?? string.Empty : string.Join(',', request.Headers[name].Select(v => v ?? string.Empty));
        return string.Join(' ', values.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private static IEnumerable<string> CanonicalPaths(HttpRequest request)
    {
        var raw = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.ToString();
        if (raw.StartsWith("http", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(raw, UriKind.Absolute, out var absolute))
        {
            raw = absolute.PathAndQuery;
        }

        var q = raw.IndexOf('?', StringComparison.Ordinal);
        var path = q < 0 ? raw : raw[..q];
        if (path.Length == 0)
        {
            path = "/";
        }

        yield return path;
        var decoded = Uri.UnescapeDataString(path);
        yield return Encode(decoded, keepSlash: true);
        yield return Encode(path, keepSlash: true);
    }

    private static string CanonicalQuery(HttpRequest request)
    {
        var raw = request.QueryString.Value ?? string.Empty;
        if (raw.StartsWith('?'))
        {
            raw = raw[1..];
        }

        var pairs = new List<(string Key, string Value)>();
        foreach (var part in raw.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString((eq < 0 ? part : part[..eq]).Replace('+', ' '));
            var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(part[(eq + 1)..].Replace('+', ' '));
            if (key != "X-Amz-Signature")
            {
                pairs.Add((Encode(key, keepSlash: false), Encode(value, keepSlash: false)));
            }
        }

        return string.Join('&', pairs.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
    }

    /// <summary>SigV4's URI encoding: every byte except <c>A-Z a-z 0-9 - _ . ~</c> (and <c>/</c> in paths) as <c>%XX</c>.</summary>
    private static string Encode(string value, bool keepSlash)
    {
        var result = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || (keepSlash && c == '/'))
            {
                result.Append(c);
            }
            else
            {
                result.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return result.ToString();
    }

    private static byte[] SigningKey(string secret, string date, string region, string service)
    {
        // Four HMACs that depend only on the secret and the scope (one per day, region and service): derived once.
        var scope = (secret, date, region, service);
        if (SigningKeys.TryGetValue(scope, out var cached))
        {
            return cached;
        }

        if (SigningKeys.Count >= 256)
        {
            SigningKeys.Clear();
        }

        return SigningKeys[scope] = DeriveSigningKey(secret, date, region, service);
    }

    /// <summary>Derived signing keys by secret and credential scope; read-only once stored.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Secret, string Date, string Region, string Service), byte[]> SigningKeys = new();

    private static byte[] DeriveSigningKey(string secret, string date, string region, string service)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }
}
