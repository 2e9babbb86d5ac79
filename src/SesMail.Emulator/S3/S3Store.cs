using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SesMail.Emulator.Hosting;
using SesMail.Emulator.Persistence;

namespace SesMail.Emulator.S3;

/// <summary>
/// Durable S3 state under <c>{data}/s3/</c>: one folder per bucket holding <c>bucket.json</c>, <c>objects/</c>
/// (<c>{sha256(key)}.json</c> metadata beside <c>{sha256(key)}.{id}.data</c> content) and <c>uploads/{uploadId}/</c>.
/// Content is written to <c>tmp/</c> first and renamed into place, so a reader never sees a half-written object;
/// metadata is loaded into a sorted in-memory index at start-up.
/// </summary>
/// <remarks>
/// <b>Durable before answered</b> (docs/DELIVERY.md, "The emulator"): every write that creates, replaces or removes
/// an object, a part, an upload or a bucket returns only once it is on the device. Content and metadata files are
/// flushed (<see cref="IDiskSync.FlushFile"/>) before they are renamed into place, and the folder that received the
/// renames is flushed (<see cref="IDiskSync.SyncDirectoryAsync"/>, shared by concurrent writes) before the method
/// returns; an overwritten object's old content is deleted only after that. A flush that fails fails the call (an
/// <see cref="IOException"/>, answered with a 500): the write is then not acknowledged, though it may be
/// visible, as after an AWS 500.
/// </remarks>
internal sealed class S3Store
{
    private readonly ConcurrentDictionary<string, S3Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly string _bucketsDirectory;
    private readonly IDiskSync _disk;

    public S3Store(EmulatorOptions options, IDiskSync disk)
    {
        _disk = disk;
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

    /// <summary>Opens a new temp file for writing; call <see cref="FlushToDisk"/> once it is written whole.</summary>
    public static FileStream CreateTempFile(string path) =>
        new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);

    /// <summary>Flushes a written temp file to the device, before it is committed (<see cref="IDiskSync.FlushFile"/>).</summary>
    /// <param name="file">The temp file, all of it written.</param>
    public void FlushToDisk(FileStream file) => _disk.FlushFile(file);

    /// <summary>Returns the bucket or throws <c>NoSuchBucket</c>.</summary>
    public S3Bucket RequireBucket(string name) =>
        _buckets.TryGetValue(name, out var bucket) ? bucket : throw S3Errors.NoSuchBucket(name);

    /// <summary>Creates a bucket, durably; throws <c>BucketAlreadyOwnedByYou</c> when it exists.</summary>
    public async Task<S3Bucket> CreateBucketAsync(string name, string region, DateTimeOffset now)
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

        await _disk.SyncDirectoryAsync(bucket.Directory).ConfigureAwait(false); // bucket.json, objects/, uploads/
        await _disk.SyncDirectoryAsync(_bucketsDirectory).ConfigureAwait(false); // the bucket's folder
        return bucket;
    }

    /// <summary>Deletes an empty bucket, durably; throws <c>BucketNotEmpty</c> otherwise.</summary>
    public async Task DeleteBucketAsync(string name)
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

        await _disk.SyncDirectoryAsync(_bucketsDirectory).ConfigureAwait(false);
    }

    /// <summary>Replaces one stored configuration document (or removes it with <c>null</c>), durably.</summary>
    public async Task SetConfigurationAsync(S3Bucket bucket, string name, string? document)
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

        await _disk.SyncDirectoryAsync(bucket.Directory).ConfigureAwait(false);
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
    /// Moves a fully written temp file (flushed with <see cref="FlushToDisk"/>) into the bucket as
    /// <paramref name="record"/>'s content and publishes the metadata; completes once both are on the device. The
    /// previous content of the key, if any, is removed after that.
    /// </summary>
    public async Task<S3ObjectRecord> CommitObjectAsync(S3Bucket bucket, S3ObjectRecord record, string tempPath)
    {
        var hash = KeyHash(record.Key);
        var committed = record with { DataFile = $"{hash}.{Guid.NewGuid():N}.data" };
        string metadata;
        try
        {
            metadata = WriteTempJson(Path.Combine(bucket.ObjectsDirectory, hash + ".json"), committed, S3JsonContext.Default.S3ObjectRecord);
        }
        catch (DirectoryNotFoundException) when (bucket.Deleted)
        {
            throw S3Errors.NoSuchBucket(bucket.Name); // deleted while the content was arriving
        }

        S3ObjectRecord? previous;
        try
        {
            lock (bucket.Sync)
            {
                if (bucket.Deleted)
                {
                    throw S3Errors.NoSuchBucket(bucket.Name);
                }

                File.Move(tempPath, Path.Combine(bucket.ObjectsDirectory, committed.DataFile));
                File.Move(metadata, Path.Combine(bucket.ObjectsDirectory, hash + ".json"), overwrite: true);
                bucket.Objects.TryGetValue(record.Key, out previous);
                bucket.Objects[record.Key] = committed;
            }
        }
        catch
        {
            DurableFiles.DeleteQuietly(metadata);
            throw;
        }

        await _disk.SyncDirectoryAsync(bucket.ObjectsDirectory).ConfigureAwait(false);
        if (previous is not null)
        {
            DurableFiles.DeleteQuietly(Path.Combine(bucket.ObjectsDirectory, previous.DataFile)); // only now: until the new name is durable, the old metadata may come back and needs it
        }

        return committed;
    }

    /// <summary>Rewrites an object's metadata (tags) without touching its content; completes once it is on the device.</summary>
    public async Task<S3ObjectRecord> UpdateObjectAsync(S3Bucket bucket, string key, Func<S3ObjectRecord, S3ObjectRecord> change)
    {
        var path = Path.Combine(bucket.ObjectsDirectory, KeyHash(key) + ".json");
        while (true)
        {
            // The metadata is written and flushed outside the lock (puts into the bucket go on meanwhile) and renamed in
            // only if the object is still the one it was made from; a concurrent write makes it start again.
            S3ObjectRecord current;
            lock (bucket.Sync)
            {
                current = bucket.Objects.TryGetValue(key, out var record) ? record : throw S3Errors.NoSuchKey(key);
            }

            var updated = change(current);
            var temp = WriteTempJson(path, updated, S3JsonContext.Default.S3ObjectRecord);
            var published = false;
            try
            {
                lock (bucket.Sync)
                {
                    if (bucket.Objects.TryGetValue(key, out var now) && ReferenceEquals(now, current))
                    {
                        File.Move(temp, path, overwrite: true);
                        bucket.Objects[key] = updated;
                        published = true;
                    }
                }
            }
            finally
            {
                if (!published)
                {
                    DurableFiles.DeleteQuietly(temp);
                }
            }

            if (published)
            {
                await _disk.SyncDirectoryAsync(bucket.ObjectsDirectory).ConfigureAwait(false);
                return updated;
            }
        }
    }

    /// <summary>Deletes objects; deleting a missing key succeeds, as in S3. Completes once the deletions are on the device.</summary>
    public async Task DeleteObjectsAsync(S3Bucket bucket, IEnumerable<string> keys)
    {
        var removed = new List<string>();
        lock (bucket.Sync)
        {
            foreach (var key in keys)
            {
                if (bucket.Objects.TryGetValue(key, out var record))
                {
                    // Not quietly: an object whose metadata stays would come back at the next start. A failure fails
                    // the request (InternalError) with the object still listed.
                    File.Delete(Path.Combine(bucket.ObjectsDirectory, KeyHash(key) + ".json"));
                    bucket.Objects.Remove(key);
                    removed.Add(record.DataFile);
                }
            }
        }

        if (removed.Count > 0)
        {
            await _disk.SyncDirectoryAsync(bucket.ObjectsDirectory).ConfigureAwait(false);
            foreach (var dataFile in removed)
            {
                DurableFiles.DeleteQuietly(Path.Combine(bucket.ObjectsDirectory, dataFile)); // content without metadata is removed at start anyway
            }
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

    /// <summary>Persists a new upload; completes once it is on the device.</summary>
    public async Task CreateUploadAsync(S3Bucket bucket, S3UploadRecord upload)
    {
        var directory = UploadDirectory(bucket, upload.UploadId);
        Directory.CreateDirectory(directory);
        WriteJsonAtomically(Path.Combine(directory, "upload.json"), upload, S3JsonContext.Default.S3UploadRecord);
        await _disk.SyncDirectoryAsync(directory).ConfigureAwait(false);
        await _disk.SyncDirectoryAsync(bucket.UploadsDirectory).ConfigureAwait(false);
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

    /// <summary>
    /// Moves a written part (flushed with <see cref="FlushToDisk"/>) into its upload folder, replacing an earlier upload
    /// of the same number; completes once it is on the device.
    /// </summary>
    public async Task CommitPartAsync(S3Bucket bucket, string uploadId, S3PartRecord part, string tempPath)
    {
        var directory = UploadDirectory(bucket, uploadId);
        if (!Directory.Exists(directory))
        {
            DurableFiles.DeleteQuietly(tempPath);
            throw S3Errors.NoSuchUpload(uploadId);
        }

        File.Move(tempPath, PartDataPath(bucket, uploadId, part.PartNumber), overwrite: true);
        WriteJsonAtomically(Path.Combine(directory, $"part-{part.PartNumber:D5}.json"), part, S3JsonContext.Default.S3PartRecord);
        await _disk.SyncDirectoryAsync(directory).ConfigureAwait(false);
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

    /// <summary>Removes an upload and its parts; completes once the removal is on the device.</summary>
    public async Task DeleteUploadAsync(S3Bucket bucket, string uploadId)
    {
        try
        {
            Directory.Delete(UploadDirectory(bucket, uploadId), recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }

        await _disk.SyncDirectoryAsync(bucket.UploadsDirectory).ConfigureAwait(false);
    }

    /// <summary>Lowercase hex SHA-256 of the UTF-8 key: a file name for any key.</summary>
    public static string KeyHash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private void SaveBucketRecord(S3Bucket bucket) =>
        WriteJsonAtomically(Path.Combine(bucket.Directory, "bucket.json"), bucket.Record, S3JsonContext.Default.S3BucketRecord);

    /// <summary>Replaces <paramref name="path"/> with the JSON of <paramref name="value"/>: a temp file flushed to the device, then renamed over it (the caller flushes the folder).</summary>
    private void WriteJsonAtomically<T>(string path, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        var temp = WriteTempJson(path, value, type);
        try
        {
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            DurableFiles.DeleteQuietly(temp);
            throw;
        }
    }

    /// <summary>Writes the JSON of <paramref name="value"/> to a new temp file beside <paramref name="path"/>, flushed to the device; returns its path.</summary>
    private string WriteTempJson<T>(string path, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
            file.Write(JsonSerializer.SerializeToUtf8Bytes(value, type));
            _disk.FlushFile(file);
        }
        catch
        {
            DurableFiles.DeleteQuietly(temp);
            throw;
        }

        return temp;
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
                    DurableFiles.DeleteQuietly(file); // content whose metadata never got published, or stale temp metadata
                }
            }

            _buckets[record.Name] = bucket;
        }
    }
}
