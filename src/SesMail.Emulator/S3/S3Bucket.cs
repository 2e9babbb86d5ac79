namespace SesMail.Emulator.S3;

/// <summary>A bucket in memory: its persisted record, its sorted key index and its folders.</summary>
internal sealed class S3Bucket(S3BucketRecord record, string directory)
{
    /// <summary>Guards <see cref="Objects"/>, <see cref="Record"/> and the metadata files.</summary>
    public Lock Sync { get; } = new();

    /// <summary>The persisted bucket record (replaced on configuration changes).</summary>
    public S3BucketRecord Record { get; set; } = record;

    /// <summary>The bucket name.</summary>
    public string Name => Record.Name;

    /// <summary><c>{data}/s3/buckets/{name}</c>.</summary>
    public string Directory { get; } = directory;

    /// <summary>Object data and metadata files.</summary>
    public string ObjectsDirectory => Path.Combine(Directory, "objects");

    /// <summary>One folder per multipart upload.</summary>
    public string UploadsDirectory => Path.Combine(Directory, "uploads");

    /// <summary>Objects by key in S3's listing order (ordinal).</summary>
    public SortedDictionary<string, S3ObjectRecord> Objects { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether the bucket was deleted (a late writer must not resurrect it).</summary>
    public bool Deleted { get; set; }
}
