using System.Xml.Linq;

namespace SesMail.Emulator.S3;

// What S3Service reads from a REST request (path, query, headers, XML body) and hands to S3Provider, and what the
// provider answers for S3Service to write back (status, headers, XML). Names follow the S3 API reference
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html).

/// <summary>
/// The body of a PUT (an object or a part), not yet read: the provider decides where its decoded bytes go. Reading
/// verifies <c>Content-MD5</c>, <c>x-amz-content-sha256</c>, <c>x-amz-checksum-*</c> and the declared length.
/// </summary>
internal interface IS3Payload
{
    /// <summary>Streams the decoded body to <paramref name="destination"/> and verifies it.</summary>
    /// <param name="destination">Where the bytes go (a temp file).</param>
    /// <param name="defaultAlgorithm">Checksum to compute when the request names none (a multipart upload's algorithm).</param>
    /// <param name="maxLength">Largest body accepted, in bytes.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    /// <returns>Size and digests of the decoded body.</returns>
    Task<S3ReceivedBody> CopyToAsync(Stream destination, S3ChecksumAlgorithm? defaultAlgorithm, long maxLength, CancellationToken cancellationToken);
}

/// <summary>The conditional-request headers of a read or a copy source (RFC 7232); dates that do not parse are absent.</summary>
/// <param name="IfMatch">ETags, comma-separated and quoted, or <c>*</c>; empty when absent.</param>
/// <param name="IfNoneMatch">ETags or <c>*</c>; empty when absent.</param>
/// <param name="IfModifiedSince">The date, when given and readable.</param>
/// <param name="IfUnmodifiedSince">The date, when given and readable.</param>
internal sealed record S3Conditions(string IfMatch, string IfNoneMatch, DateTimeOffset? IfModifiedSince, DateTimeOffset? IfUnmodifiedSince)
{
    /// <summary>No conditions.</summary>
    public static S3Conditions None { get; } = new(string.Empty, string.Empty, null, null);
}

/// <summary>What a new object (PutObject, CopyObject with <c>REPLACE</c>, CreateMultipartUpload) is stored with besides its bytes.</summary>
/// <param name="Headers">Standard headers kept with the object (Content-Type, Cache-Control, …), by canonical name.</param>
/// <param name="Metadata">User metadata (<c>x-amz-meta-*</c>), names lowercase without the prefix.</param>
/// <param name="Tags">The tag set from <c>x-amz-tagging</c>, not yet validated.</param>
/// <param name="StorageClass">The <c>x-amz-storage-class</c>, or <c>null</c>.</param>
internal sealed record S3ObjectAttributes(
    Dictionary<string, string> Headers,
    Dictionary<string, string> Metadata,
    List<S3Tag> Tags,
    string? StorageClass);

/// <summary>A <c>x-amz-copy-source</c> read as bucket and key (the <c>versionId</c> is ignored: only current versions are kept).</summary>
internal sealed record S3CopySource(string Bucket, string Key);

// ---- Buckets ---------------------------------------------------------------------------------------------------

/// <summary>Output of ListBuckets: the buckets whose names start with <c>prefix</c>, by name.</summary>
internal sealed record ListBucketsResult(IReadOnlyList<S3BucketRecord> Buckets, string Prefix);

/// <summary>Input of CreateBucket; <c>LocationConstraint</c> from the body's <c>CreateBucketConfiguration</c>.</summary>
internal sealed record CreateBucketRequest(string Bucket, string? LocationConstraint);

/// <summary>Input of PutBucket{Configuration}: the sub-resource (<c>lifecycle</c>, <c>policy</c>, …) and the body as sent.</summary>
internal sealed record PutBucketConfigurationRequest(string Bucket, string Subresource, byte[] Body);

/// <summary>What PutBucket{Configuration} did: stored the document (<c>204</c> for a policy) or accepted a canned ACL.</summary>
internal sealed record PutBucketConfigurationResult(bool IsPolicy);

/// <summary>Output of GetBucket{Configuration}: an XML document, or a policy's JSON text.</summary>
internal sealed record BucketConfigurationResult(XElement? Document, string? Policy);

// ---- Objects ---------------------------------------------------------------------------------------------------

/// <summary>Input of PutObject.</summary>
/// <param name="Bucket">The bucket.</param>
/// <param name="Key">The key.</param>
/// <param name="Body">The content.</param>
/// <param name="Attributes">Headers, metadata, tags and storage class.</param>
/// <param name="IfMatch">Conditional write: the current ETag must match.</param>
/// <param name="IfNoneMatch">Conditional write: <c>*</c> refuses to overwrite.</param>
internal sealed record PutObjectRequest(string Bucket, string Key, IS3Payload Body, S3ObjectAttributes Attributes, string IfMatch, string IfNoneMatch);

/// <summary>Output of PutObject.</summary>
internal sealed record PutObjectResult(string ETag, S3ChecksumAlgorithm? ChecksumAlgorithm, string? Checksum, string? ChecksumType);

/// <summary>Input of GetObject and HeadObject.</summary>
/// <param name="Bucket">The bucket.</param>
/// <param name="Key">The key.</param>
/// <param name="Conditions">If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since.</param>
/// <param name="Range">The <c>Range</c> header, empty when absent.</param>
/// <param name="PartNumber">The <c>partNumber</c> query parameter, empty when absent.</param>
internal sealed record GetObjectRequest(string Bucket, string Key, S3Conditions Conditions, string Range, string PartNumber);

/// <summary>
/// Output of GetObject and HeadObject: the object, its content (open; the caller disposes it), and which bytes to send.
/// </summary>
/// <param name="Object">The object's metadata.</param>
/// <param name="Content">Its content, open for reading (immune to a concurrent overwrite).</param>
/// <param name="NotModified">A condition says 304: send no body.</param>
/// <param name="Range">The bytes to send (206), or <c>null</c> for the whole object (200).</param>
/// <param name="PartsCount">For <c>partNumber</c> reads: the object's part count (<c>x-amz-mp-parts-count</c>).</param>
/// <param name="Whole">Whether the whole object is sent (its checksum may be returned).</param>
internal sealed record GetObjectResult(S3ObjectRecord Object, FileStream Content, bool NotModified, (long Start, long End)? Range, int? PartsCount, bool Whole) : IAsyncDisposable
{
    /// <inheritdoc />
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}

/// <summary>Input of DeleteObjects: the keys (an empty key is reported as an error entry) and <c>Quiet</c>.</summary>
internal sealed record DeleteObjectsRequest(string Bucket, bool HasIntegrityHeader, bool Quiet, IReadOnlyList<string?> Keys);

/// <summary>Output of DeleteObjects, in request order: the deleted keys (unless quiet) and the keys refused.</summary>
internal sealed record DeleteObjectsResult(IReadOnlyList<DeleteObjectsEntry> Entries);

/// <summary>One entry of DeleteObjects' answer: <c>Deleted</c> (no error) or <c>Error</c>.</summary>
internal sealed record DeleteObjectsEntry(string Key, string? ErrorCode, string? ErrorMessage);

/// <summary>Input of CopyObject.</summary>
/// <param name="Bucket">The target bucket.</param>
/// <param name="Key">The target key.</param>
/// <param name="Source">The source object.</param>
/// <param name="SourceConditions">The <c>x-amz-copy-source-if-*</c> conditions.</param>
/// <param name="MetadataDirective"><c>COPY</c> (default) or <c>REPLACE</c>, as sent.</param>
/// <param name="TaggingDirective"><c>COPY</c> (default) or <c>REPLACE</c>, as sent.</param>
/// <param name="Attributes">The new headers, metadata and tags, used for <c>REPLACE</c>, and the storage class.</param>
/// <param name="ChangesEncryption">Whether <c>x-amz-server-side-encryption</c> was sent (a copy onto itself is then a change).</param>
/// <param name="ChecksumAlgorithm">The <c>x-amz-checksum-algorithm</c>, empty when absent.</param>
internal sealed record CopyObjectRequest(
    string Bucket,
    string Key,
    S3CopySource Source,
    S3Conditions SourceConditions,
    string MetadataDirective,
    string TaggingDirective,
    S3ObjectAttributes Attributes,
    bool ChangesEncryption,
    string ChecksumAlgorithm);

/// <summary>Output of CopyObject and UploadPartCopy.</summary>
internal sealed record CopyResult(string ETag, DateTimeOffset LastModified, S3ChecksumAlgorithm? ChecksumAlgorithm, string? Checksum);

/// <summary>Input of ListObjects (v1) and ListObjectsV2.</summary>
/// <param name="Bucket">The bucket.</param>
/// <param name="V2">ListObjectsV2 (<c>list-type=2</c>).</param>
/// <param name="Prefix">Keys must start with it.</param>
/// <param name="Delimiter">Groups keys into common prefixes; empty for none.</param>
/// <param name="MaxKeys">At most this many keys and prefixes (0 to 1000).</param>
/// <param name="ContinuationToken">V2's token, or <c>null</c> when absent.</param>
/// <param name="StartAfter">V2's <c>start-after</c>.</param>
/// <param name="Marker">V1's <c>marker</c>.</param>
internal sealed record ListObjectsRequest(string Bucket, bool V2, string Prefix, string Delimiter, int MaxKeys, string? ContinuationToken, string StartAfter, string Marker);

/// <summary>Output of ListObjects and ListObjectsV2 (keys raw: the binding applies <c>encoding-type=url</c>).</summary>
/// <param name="Bucket">The bucket name.</param>
/// <param name="Contents">The objects of this page.</param>
/// <param name="CommonPrefixes">The prefixes rolled up by the delimiter.</param>
/// <param name="IsTruncated">Whether more follow.</param>
/// <param name="NextContinuationToken">V2: the token for the next page.</param>
/// <param name="NextMarker">V1: the key to continue after.</param>
internal sealed record ListObjectsResult(
    string Bucket,
    IReadOnlyList<S3ObjectRecord> Contents,
    IReadOnlyList<string> CommonPrefixes,
    bool IsTruncated,
    string? NextContinuationToken,
    string? NextMarker);

// ---- Multipart uploads -----------------------------------------------------------------------------------------

/// <summary>Input of CreateMultipartUpload.</summary>
/// <param name="Bucket">The bucket.</param>
/// <param name="Key">The key.</param>
/// <param name="ChecksumAlgorithm"><c>x-amz-checksum-algorithm</c>, empty when absent.</param>
/// <param name="ChecksumType"><c>x-amz-checksum-type</c>, empty when absent.</param>
/// <param name="Attributes">What the completed object is stored with.</param>
internal sealed record CreateMultipartUploadRequest(string Bucket, string Key, string ChecksumAlgorithm, string ChecksumType, S3ObjectAttributes Attributes);

/// <summary>Output of CreateMultipartUpload.</summary>
internal sealed record CreateMultipartUploadResult(string Bucket, string Key, string UploadId, S3ChecksumAlgorithm? ChecksumAlgorithm, string? ChecksumType);

/// <summary>Input of UploadPart.</summary>
internal sealed record UploadPartRequest(string Bucket, string Key, string UploadId, int PartNumber, IS3Payload Body);

/// <summary>Output of UploadPart.</summary>
internal sealed record UploadPartResult(string ETag, S3ChecksumAlgorithm? ChecksumAlgorithm, string? Checksum);

/// <summary>Input of UploadPartCopy; <c>CopySourceRange</c> is the <c>x-amz-copy-source-range</c> header, empty when absent.</summary>
internal sealed record UploadPartCopyRequest(string Bucket, string Key, string UploadId, int PartNumber, S3CopySource Source, S3Conditions SourceConditions, string CopySourceRange);

/// <summary>One part named by CompleteMultipartUpload.</summary>
internal sealed record CompletedPart(int PartNumber, string ETag);

/// <summary>Input of CompleteMultipartUpload; <c>Checksums</c> are the <c>x-amz-checksum-*</c> headers, which describe the whole object.</summary>
internal sealed record CompleteMultipartUploadRequest(string Bucket, string Key, string UploadId, IReadOnlyList<CompletedPart> Parts, IReadOnlyDictionary<S3ChecksumAlgorithm, string> Checksums);

/// <summary>Output of CompleteMultipartUpload.</summary>
internal sealed record CompleteMultipartUploadResult(string Location, string Bucket, string Key, S3ObjectRecord Object);

/// <summary>Input of AbortMultipartUpload and ListParts (<c>MaxParts</c> and <c>PartNumberMarker</c> only for ListParts).</summary>
internal sealed record UploadRequest(string Bucket, string Key, string UploadId, int MaxParts = 1000, int PartNumberMarker = 0);

/// <summary>Output of ListParts.</summary>
internal sealed record ListPartsResult(string Bucket, string Key, S3UploadRecord Upload, int PartNumberMarker, int MaxParts, IReadOnlyList<S3PartRecord> Parts, bool IsTruncated);

/// <summary>Input of ListMultipartUploads.</summary>
internal sealed record ListMultipartUploadsRequest(string Bucket, string Prefix, string KeyMarker, string UploadIdMarker, int MaxUploads);

/// <summary>Output of ListMultipartUploads.</summary>
internal sealed record ListMultipartUploadsResult(string Bucket, string Prefix, string KeyMarker, string UploadIdMarker, int MaxUploads, IReadOnlyList<S3UploadRecord> Uploads, bool IsTruncated);
