using System.Text.Json.Serialization;

namespace SesMail.Emulator.S3;

/// <summary>One tag of an object (or bucket) tag set.</summary>
/// <param name="Key">Tag key, up to 128 characters.</param>
/// <param name="Value">Tag value, up to 256 characters.</param>
internal sealed record S3Tag(string Key, string Value);

/// <summary>A bucket as persisted in <c>{data}/s3/buckets/{name}/bucket.json</c>.</summary>
/// <param name="Name">The bucket name.</param>
/// <param name="Region">The region it was created in (LocationConstraint, else the request's region).</param>
/// <param name="CreationDate">When it was created.</param>
/// <param name="Configurations">
/// Stored sub-resource documents by query name (<c>lifecycle</c>, <c>versioning</c>, <c>encryption</c>,
/// <c>publicAccessBlock</c>, <c>policy</c>, <c>tagging</c>, …) as sent, returned unchanged by the matching GET.
/// </param>
internal sealed record S3BucketRecord(string Name, string Region, DateTimeOffset CreationDate, Dictionary<string, string> Configurations);

/// <summary>An object's metadata, persisted beside its data in <c>objects/{sha256(key)}.json</c>.</summary>
internal sealed record S3ObjectRecord
{
    /// <summary>The object key.</summary>
    public required string Key { get; init; }

    /// <summary>File name of the content inside the bucket's <c>objects/</c> folder.</summary>
    public required string DataFile { get; init; }

    /// <summary>Content length in bytes.</summary>
    public required long Size { get; init; }

    /// <summary>The ETag without quotes: MD5 hex, or <c>{md5-of-md5s}-{parts}</c> for multipart objects.</summary>
    public required string ETag { get; init; }

    /// <summary>Last write time.</summary>
    public required DateTimeOffset LastModified { get; init; }

    /// <summary>Standard headers stored with the object (Content-Type, Cache-Control, …), by canonical header name.</summary>
    public Dictionary<string, string> Headers { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>User metadata (<c>x-amz-meta-{name}</c>), names lowercase without the prefix.</summary>
    public Dictionary<string, string> Metadata { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The tag set.</summary>
    public List<S3Tag> Tags { get; init; } = [];

    /// <summary>The additional checksum algorithm, if the object has one.</summary>
    public S3ChecksumAlgorithm? ChecksumAlgorithm { get; init; }

    /// <summary>Base64 checksum (with <c>-N</c> for a composite multipart checksum).</summary>
    public string? Checksum { get; init; }

    /// <summary><c>FULL_OBJECT</c> or <c>COMPOSITE</c>.</summary>
    public string? ChecksumType { get; init; }

    /// <summary>Number of parts for objects made by CompleteMultipartUpload.</summary>
    public int? PartsCount { get; init; }

    /// <summary>Sizes of the parts, in order, for objects made by CompleteMultipartUpload (serves <c>?partNumber=</c>).</summary>
    public List<long>? PartSizes { get; init; }

    /// <summary>Storage class (always <c>STANDARD</c> unless the caller set one).</summary>
    public string StorageClass { get; init; } = "STANDARD";
}

/// <summary>An in-progress multipart upload, persisted in <c>uploads/{uploadId}/upload.json</c>.</summary>
internal sealed record S3UploadRecord
{
    /// <summary>The upload id.</summary>
    public required string UploadId { get; init; }

    /// <summary>The key the object will have.</summary>
    public required string Key { get; init; }

    /// <summary>When CreateMultipartUpload ran.</summary>
    public required DateTimeOffset Initiated { get; init; }

    /// <summary>Headers, metadata, tags and storage class the completed object gets (Size/ETag are placeholders).</summary>
    public required S3ObjectRecord Template { get; init; }

    /// <summary><c>FULL_OBJECT</c> or <c>COMPOSITE</c> when a checksum algorithm was named.</summary>
    public string? ChecksumType { get; init; }
}

/// <summary>One uploaded part, persisted in <c>uploads/{uploadId}/part-{n}.json</c> beside <c>part-{n}.data</c>.</summary>
/// <param name="PartNumber">1 to 10000.</param>
/// <param name="Size">Bytes.</param>
/// <param name="ETag">MD5 hex of the part, without quotes.</param>
/// <param name="LastModified">Upload time.</param>
/// <param name="Checksum">Base64 additional checksum, when the upload has an algorithm.</param>
internal sealed record S3PartRecord(int PartNumber, long Size, string ETag, DateTimeOffset LastModified, string? Checksum);

[JsonSourceGenerationOptions(WriteIndented = false, UseStringEnumConverter = true)]
[JsonSerializable(typeof(S3BucketRecord))]
[JsonSerializable(typeof(S3ObjectRecord))]
[JsonSerializable(typeof(S3UploadRecord))]
[JsonSerializable(typeof(S3PartRecord))]
internal sealed partial class S3JsonContext : JsonSerializerContext;
