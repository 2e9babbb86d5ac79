using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SesMail.Emulator.Hosting;

namespace SesMail.Emulator.S3;

/// <summary>
/// Durable S3 state under <c>{data}/s3/</c>: one folder per bucket holding <c>bucket.json</c>, <c>objects/</c>
/// (<c>{sha256(key)}.json</c> metadata beside <c>{sha256(key)}.{id}.data</c> content) and <c>uploads/{uploadId}/</c>.
/// Content is written to <c>tmp/</c> first and renamed into place, so a reader never sees a half-written object;
/// metadata is loaded into a sorted in-memory index at start-up.
/// </summary>
internal sealed class S3Store
{
    private readonly ConcurrentDictionary<string, S3Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly string _bucketsDirectory;

    public S3Store(EmulatorOptions options)
    {
        var root = Path.Combine(options.DataDirectory, "s3");
        _bucketsDirectory = Path.Combine(root, "buckets");
        TempDirectory = Path.Combine(root, "tmp");
        Directory.CreateDirectory(_bucketsDirectory);
        if (Directory.Exists(TempDirectory))
        {
            Directory.Delete(TempDirectory, recursive: true); // leftovers of interrupted uploads
        }

        Directory.CreateDirectory(TempDirectory);
        Load();
    }

    /// <summary>Folder for in-flight writes (same file system as the buckets, so renames are atomic).</summary>
    public string TempDirectory { get; }

    /// <summary>All buckets, sorted by name.</summary>
    public IReadOnlyList<S3Bucket> Buckets => [.. _buckets.Values.OrderBy(b => b.Name, StringComparer.Ordinal)];

    /// <summary>A fresh temp file path.</summary>
    public string NewTempPath() => Path.Combine(TempDirectory, Guid.NewGuid().ToString("N"));

    /// <summary>Opens a new temp file for writing.</summary>
    public static FileStream CreateTempFile(string path) =>
        new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);

    /// <summary>Returns the bucket or throws <c>NoSuchBucket</c>.</summary>
    public S3Bucket RequireBucket(string name) =>
        _buckets.TryGetValue(name, out var bucket) ? bucket : throw S3Errors.NoSuchBucket(name);

    /// <summary>Creates a bucket; throws <c>BucketAlreadyOwnedByYou</c> when it exists.</summary>
    public S3Bucket CreateBucket(string name, string region, DateTimeOffset now)
    {
        var directory = Path.Combine(_bucketsDirectory, name);
        var bucket = new S3Bucket(new S3BucketRecord(name, region, now, []), directory);
        if (!_buckets.TryAdd(name, bucket))
        {
            throw S3Errors.BucketAlreadyOwnedByYou(name);
        }

        Directory.CreateDirectory(bucket.ObjectsDirectory);
        Directory.CreateDirectory(bucket.UploadsDirectory);
        lock (bucket.Sync)
        {
            SaveBucketRecord(bucket);
        }

        return bucket;
    }

    /// <summary>Deletes an empty bucket; throws <c>BucketNotEmpty</c> otherwise.</summary>
    public void DeleteBucket(string name)
    {
        var bucket = RequireBucket(name);
        lock (bucket.Sync)
        {
            if (bucket.Objects.Count > 0)
            {
                throw S3Errors.BucketNotEmpty(name);
            }

            bucket.Deleted = true;
            _buckets.TryRemove(name, out _);
        }

        try
        {
            Directory.Delete(bucket.Directory, recursive: true);
        }
        catch (IOException)
        {
            // a reader still holds a file open; the folder is orphaned but harmless
        }
    }

    /// <summary>Replaces one stored configuration document (or removes it with <c>null</c>).</summary>
    public void SetConfiguration(S3Bucket bucket, string name, string? document)
    {
        lock (bucket.Sync)
        {
            var configurations = new Dictionary<string, string>(bucket.Record.Configurations, StringComparer.Ordinal);
            if (document is null)
            {
                configurations.Remove(name);
            }
            else
            {
                configurations[name] = document;
            }

            bucket.Record = bucket.Record with { Configurations = configurations };
            SaveBucketRecord(bucket);
        }
    }

    /// <summary>The object or <c>NoSuchKey</c>.</summary>
    public static S3ObjectRecord RequireObject(S3Bucket bucket, string key)
    {
        lock (bucket.Sync)
        {
            return bucket.Objects.TryGetValue(key, out var record) ? record : throw S3Errors.NoSuchKey(key);
        }
    }

    /// <summary>Opens an object's content for reading, retrying once if a concurrent overwrite replaced it.</summary>
    public static (S3ObjectRecord Record, FileStream Content) OpenObject(S3Bucket bucket, string key)
    {
        for (var attempt = 0; ; attempt++)
        {
            var record = RequireObject(bucket, key);
            try
            {
                var stream = new FileStream(Path.Combine(bucket.ObjectsDirectory, record.DataFile), new FileStreamOptions
                {
                    Mode = FileMode.Open,
                    Access = FileAccess.Read,
                    Share = FileShare.ReadWrite | FileShare.Delete,
                    BufferSize = 0,
                    Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
                });
                return (record, stream);
            }
            catch (FileNotFoundException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>
    /// Moves a fully written temp file into the bucket as <paramref name="record"/>'s content and publishes the
    /// metadata; the previous content of the key, if any, is removed.
    /// </summary>
    public static S3ObjectRecord CommitObject(S3Bucket bucket, S3ObjectRecord record, string tempPath)
    {
        var hash = KeyHash(record.Key);
        var committed = record with { DataFile = $"{hash}.{Guid.NewGuid():N}.data" };
        lock (bucket.Sync)
        {
            if (bucket.Deleted)
            {
                throw S3Errors.NoSuchBucket(bucket.Name);
            }

            File.Move(tempPath, Path.Combine(bucket.ObjectsDirectory, committed.DataFile));
            WriteJsonAtomically(Path.Combine(bucket.ObjectsDirectory, hash + ".json"), committed, S3JsonContext.Default.S3ObjectRecord);
            bucket.Objects.TryGetValue(record.Key, out var previous);
            bucket.Objects[record.Key] = committed;
            if (previous is not null)
            {
                TryDelete(Path.Combine(bucket.ObjectsDirectory, previous.DataFile));
            }
        }

        return committed;
    }

    /// <summary>Rewrites an object's metadata (tags) without touching its content.</summary>
    public static S3ObjectRecord UpdateObject(S3Bucket bucket, string key, Func<S3ObjectRecord, S3ObjectRecord> change)
    {
        lock (bucket.Sync)
        {
            var current = bucket.Objects.TryGetValue(key, out var record) ? record : throw S3Errors.NoSuchKey(key);
            var updated = change(current);
            WriteJsonAtomically(Path.Combine(bucket.ObjectsDirectory, KeyHash(key) + ".json"), updated, S3JsonContext.Default.S3ObjectRecord);
            bucket.Objects[key] = updated;
            return updated;
        }
    }

    /// <summary>Deletes an object; deleting a missing key succeeds, as in S3.</summary>
    public static bool DeleteObject(S3Bucket bucket, string key)
    {
        lock (bucket.Sync)
        {
            if (!bucket.Objects.Remove(key, out var record))
            {
                return false;
            }

            TryDelete(Path.Combine(bucket.ObjectsDirectory, KeyHash(key) + ".json"));
            TryDelete(Path.Combine(bucket.ObjectsDirectory, record.DataFile));
            return true;
        }
    }

    /// <summary>Objects with keys after <paramref name="after"/> starting with <paramref name="prefix"/>.</summary>
    public static List<S3ObjectRecord> Snapshot(S3Bucket bucket, string prefix, string? after)
    {
        lock (bucket.Sync)
        {
            var result = new List<S3ObjectRecord>();
            foreach (var (key, record) in bucket.Objects)
            {
                if (after is not null && string.CompareOrdinal(key, after) <= 0)
                {
                    continue;
                }

                if (!key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    if (string.CompareOrdinal(key, prefix) > 0)
                    {
                        break; // sorted: no later key can have the prefix
                    }

                    continue;
                }

                result.Add(record);
            }

            return result;
        }
    }

    // ---- multipart uploads ----

    /// <summary>Folder of one upload.</summary>
    public static string UploadDirectory(S3Bucket bucket, string uploadId) => Path.Combine(bucket.UploadsDirectory, uploadId);

    /// <summary>Persists a new upload.</summary>
    public static void CreateUpload(S3Bucket bucket, S3UploadRecord upload)
    {
        var directory = UploadDirectory(bucket, upload.UploadId);
        Directory.CreateDirectory(directory);
        WriteJsonAtomically(Path.Combine(directory, "upload.json"), upload, S3JsonContext.Default.S3UploadRecord);
    }

    /// <summary>The upload or <c>NoSuchUpload</c> (also when it belongs to another key).</summary>
    public static S3UploadRecord RequireUpload(S3Bucket bucket, string uploadId, string? key)
    {
        if (uploadId.Length == 0 || uploadId.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_'))
        {
            throw S3Errors.NoSuchUpload(uploadId);
        }

        var path = Path.Combine(UploadDirectory(bucket, uploadId), "upload.json");
        try
        {
            var upload = JsonSerializer.Deserialize(File.ReadAllBytes(path), S3JsonContext.Default.S3UploadRecord)!;
            return key is null || upload.Key == key ? upload : throw S3Errors.NoSuchUpload(uploadId);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            throw S3Errors.NoSuchUpload(uploadId);
        }
    }

    /// <summary>All uploads in progress, sorted by key then initiation time.</summary>
    public static List<S3UploadRecord> ListUploads(S3Bucket bucket)
    {
        var uploads = new List<S3UploadRecord>();
        if (!Directory.Exists(bucket.UploadsDirectory))
        {
            return uploads;
        }

        foreach (var directory in Directory.EnumerateDirectories(bucket.UploadsDirectory))
        {
            try
            {
                uploads.Add(JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(directory, "upload.json")), S3JsonContext.Default.S3UploadRecord)!);
            }
            catch (Exception error) when (error is IOException or JsonException)
            {
                // being created or aborted right now
            }
        }

        return [.. uploads.OrderBy(u => u.Key, StringComparer.Ordinal).ThenBy(u => u.Initiated)];
    }

    /// <summary>Moves a written part into its upload folder, replacing an earlier upload of the same number.</summary>
    public static void CommitPart(S3Bucket bucket, string uploadId, S3PartRecord part, string tempPath)
    {
        var directory = UploadDirectory(bucket, uploadId);
        if (!Directory.Exists(directory))
        {
            TryDelete(tempPath);
            throw S3Errors.NoSuchUpload(uploadId);
        }

        File.Move(tempPath, PartDataPath(bucket, uploadId, part.PartNumber), overwrite: true);
        WriteJsonAtomically(Path.Combine(directory, $"part-{part.PartNumber:D5}.json"), part, S3JsonContext.Default.S3PartRecord);
    }

    /// <summary>Content file of a part.</summary>
    public static string PartDataPath(S3Bucket bucket, string uploadId, int partNumber) =>
        Path.Combine(UploadDirectory(bucket, uploadId), $"part-{partNumber:D5}.data");

    /// <summary>The parts uploaded so far, by part number.</summary>
    public static SortedDictionary<int, S3PartRecord> ListParts(S3Bucket bucket, string uploadId)
    {
        var parts = new SortedDictionary<int, S3PartRecord>();
        foreach (var file in Directory.EnumerateFiles(UploadDirectory(bucket, uploadId), "part-*.json"))
        {
            try
            {
                var part = JsonSerializer.Deserialize(File.ReadAllBytes(file), S3JsonContext.Default.S3PartRecord)!;
                parts[part.PartNumber] = part;
            }
            catch (Exception error) when (error is IOException or JsonException)
            {
            }
        }

        return parts;
    }

    /// <summary>Removes an upload and its parts.</summary>
    public static void DeleteUpload(S3Bucket bucket, string uploadId)
    {
        try
        {
            Directory.Delete(UploadDirectory(bucket, uploadId), recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>Lowercase hex SHA-256 of the UTF-8 key: a file name for any key.</summary>
    public static string KeyHash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Deletes a file, ignoring a missing one.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }

    private static void SaveBucketRecord(S3Bucket bucket) =>
        WriteJsonAtomically(Path.Combine(bucket.Directory, "bucket.json"), bucket.Record, S3JsonContext.Default.S3BucketRecord);

    private static void WriteJsonAtomically<T>(string path, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(value, type));
        File.Move(temp, path, overwrite: true);
    }

    private void Load()
    {
        foreach (var directory in Directory.EnumerateDirectories(_bucketsDirectory))
        {
            S3BucketRecord? record;
            try
            {
                record = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(directory, "bucket.json")), S3JsonContext.Default.S3BucketRecord);
            }
            catch (Exception error) when (error is IOException or JsonException)
            {
                continue;
            }

            if (record is null)
            {
                continue;
            }

            var bucket = new S3Bucket(record, directory);
            Directory.CreateDirectory(bucket.ObjectsDirectory);
            Directory.CreateDirectory(bucket.UploadsDirectory);
            var referenced = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(bucket.ObjectsDirectory, "*.json"))
            {
                try
                {
                    var item = JsonSerializer.Deserialize(File.ReadAllBytes(file), S3JsonContext.Default.S3ObjectRecord);
                    if (item is not null && File.Exists(Path.Combine(bucket.ObjectsDirectory, item.DataFile)))
                    {
                        bucket.Objects[item.Key] = item;
                        referenced.Add(item.DataFile);
                    }
                }
                catch (Exception error) when (error is IOException or JsonException)
                {
                }
            }

            foreach (var file in Directory.EnumerateFiles(bucket.ObjectsDirectory))
            {
                var name = Path.GetFileName(file);
                if (!name.EndsWith(".json", StringComparison.Ordinal) && !referenced.Contains(name))
                {
                    TryDelete(file); // content whose metadata never got published, or stale temp metadata
                }
            }

            _buckets[record.Name] = bucket;
        }
    }
}
