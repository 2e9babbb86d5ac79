using System.Collections.Concurrent;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using SesMail.Tests.Support;

namespace SesMail.Tests.EndToEnd;

/// <summary>Looks into a running pipeline: the Gmail stand-in's mailboxes, the SES outbox and the email bucket.</summary>
internal sealed class PipelineProbe : IDisposable
{
    public const string Mailbox = "me@example.test";
    public const string Bucket = "ses-mail-storage-000000000000-test";

    private static readonly ConcurrentDictionary<string, byte[]> RawCache = new();
    private readonly HttpClient _http;
    private readonly AmazonS3Client _s3;

    public PipelineProbe(Uri emulator)
    {
        _http = new HttpClient { BaseAddress = emulator, Timeout = TimeSpan.FromMinutes(2) };
        _s3 = new AmazonS3Client(EmulatorFixture.Credentials, new AmazonS3Config { ServiceURL = emulator.ToString(), ForcePathStyle = true, AuthenticationRegion = "ap-southeast-2" });
    }

    public void Dispose()
    {
        _http.Dispose();
        _s3.Dispose();
    }

    /// <summary>Ids of the mailbox's messages whose bytes end with <paramref name="original"/>, once at least one is there (or the timeout passes).</summary>
    public Task<IReadOnlyList<(string Id, byte[] Raw)>> WaitForDeliveryAsync(byte[] original, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitForDeliveryAsync(Mailbox, original, timeout, cancellationToken);

    /// <summary>As <see cref="WaitForDeliveryAsync(byte[], TimeSpan, CancellationToken)"/>, in the stand-in mailbox <paramref name="mailbox"/>.</summary>
    public async Task<IReadOnlyList<(string Id, byte[] Raw)>> WaitForDeliveryAsync(string mailbox, byte[] original, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var matches = await FindAsync(mailbox, original, cancellationToken);
            if (matches.Count > 0 || DateTime.UtcNow > deadline)
            {
                return matches;
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    public Task<IReadOnlyList<(string Id, byte[] Raw)>> FindAsync(byte[] original, CancellationToken cancellationToken) =>
        FindAsync(Mailbox, original, cancellationToken);

    /// <summary>The messages of the stand-in mailbox <paramref name="mailbox"/> whose bytes end with <paramref name="original"/>.</summary>
    public async Task<IReadOnlyList<(string Id, byte[] Raw)>> FindAsync(string mailbox, byte[] original, CancellationToken cancellationToken)
    {
        var matches = new List<(string, byte[])>();
        foreach (var (id, size) in await ListAsync(mailbox, cancellationToken))
        {
            if (size < original.Length)
            {
                continue;
            }

            var cacheKey = mailbox + "/" + id;
            var raw = RawCache.TryGetValue(cacheKey, out var cached) ? cached : RawCache[cacheKey] = await _http.GetByteArrayAsync($"/_sesmail/gmail/mailboxes/{Uri.EscapeDataString(mailbox)}/messages/{id}/raw", cancellationToken);
            if (raw.AsSpan().EndsWith(original))
            {
                matches.Add((id, raw));
            }
        }

        return matches;
    }

    private async Task<List<(string Id, long Size)>> ListAsync(string mailbox, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"/_sesmail/gmail/mailboxes/{Uri.EscapeDataString(mailbox)}/messages", cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return [];
        }

        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return [.. json.RootElement.EnumerateArray().Select(m => (m.GetProperty("id").GetString()!, m.GetProperty("size").GetInt64()))];
    }

    /// <summary>The raw bytes of SES outbox messages sent to <paramref name="destination"/> whose text contains <paramref name="marker"/>.</summary>
    public async Task<IReadOnlyList<string>> WaitForOutboxAsync(string destination, string marker, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = new List<string>();
            using var json = JsonDocument.Parse(await _http.GetStringAsync("/_sesmail/ses/messages", cancellationToken));
            foreach (var message in json.RootElement.GetProperty("messages").EnumerateArray())
            {
                if (!message.GetProperty("destinations").EnumerateArray().Any(d => d.GetString()!.Contains(destination, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                var raw = await _http.GetStringAsync($"/_sesmail/ses/messages/{Uri.EscapeDataString(message.GetProperty("messageId").GetString()!)}/raw", cancellationToken);
                if (raw.Contains(marker, StringComparison.Ordinal))
                {
                    found.Add(raw);
                }
            }

            if (found.Count > 0 || DateTime.UtcNow > deadline)
            {
                return found;
            }

            await Task.Delay(500, cancellationToken);
        }
    }

    /// <summary>The key of the stored object whose bytes end with <paramref name="original"/>, and its tags once the router tagged it.</summary>
    public async Task<(string? Key, IReadOnlyDictionary<string, string> Tags)> WaitForTaggedObjectAsync(byte[] original, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? key = null;
        var checkedKeys = new HashSet<string>();
        while (true)
        {
            if (key is null)
            {
                var listing = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = "emails/" }, cancellationToken);
                foreach (var entry in listing.S3Objects ?? [])
                {
                    if (entry.Size < original.Length || !checkedKeys.Add(entry.Key))
                    {
                        continue;
                    }

                    using var response = await _s3.GetObjectAsync(Bucket, entry.Key, cancellationToken);
                    using var buffer = new MemoryStream();
                    await response.ResponseStream.CopyToAsync(buffer, cancellationToken);
                    if (buffer.GetBuffer().AsSpan(0, (int)buffer.Length).EndsWith(original))
                    {
                        key = entry.Key;
                        break;
                    }
                }
            }

            if (key is not null)
            {
                var tagging = await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = Bucket, Key = key }, cancellationToken);
                var tags = (tagging.Tagging ?? []).ToDictionary(t => t.Key, t => t.Value);
                if (tags.ContainsKey("action") || DateTime.UtcNow > deadline)
                {
                    return (key, tags);
                }
            }
            else if (DateTime.UtcNow > deadline)
            {
                return (null, new Dictionary<string, string>());
            }

            await Task.Delay(500, cancellationToken);
        }
    }
}
