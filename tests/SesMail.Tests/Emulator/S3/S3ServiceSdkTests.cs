using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.S3;

/// <summary>The S3 emulator driven through AWSSDK.S3 v4 (aws-chunked bodies with a trailing CRC32 by default).</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class S3ServiceSdkTests(EmulatorFixture emulator) : IDisposable
{
    private readonly AmazonS3Client _s3 = new(EmulatorFixture.Credentials, emulator.Configure(new AmazonS3Config { ForcePathStyle = true }));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _s3.Dispose();

    private async Task<string> NewBucketAsync()
    {
        var name = "sdk-" + Guid.NewGuid().ToString("N")[..12];
        await _s3.PutBucketAsync(new PutBucketRequest { BucketName = name }, Ct);
        return name;
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    private async Task<byte[]> GetBytesAsync(string bucket, string key)
    {
        using var response = await _s3.GetObjectAsync(bucket, key, Ct);
        using var memory = new MemoryStream();
        await response.ResponseStream.CopyToAsync(memory, Ct);
        return memory.ToArray();
    }

    [Fact]
    public async Task PutObject_WithStreamAndMetadata_GetReturnsSameBytesAndHeaders()
    {
        var bucket = await NewBucketAsync();
        var data = RandomBytes(300_000); // several 80 KiB signed chunks plus the CRC32 trailer
        var put = new PutObjectRequest
        {
            BucketName = bucket,
            Key = "emails/abc 1+2.eml",
            InputStream = new MemoryStream(data),
            ContentType = "message/rfc822",
        };
        put.Metadata["origin"] = "smtp";
        put.Headers.CacheControl = "no-cache";

        var putResponse = await _s3.PutObjectAsync(put, Ct);
        using var get = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "emails/abc 1+2.eml", ChecksumMode = ChecksumMode.ENABLED }, Ct);
        using var memory = new MemoryStream();
        await get.ResponseStream.CopyToAsync(memory, Ct);

        memory.ToArray().Should().Equal(data);
        putResponse.ETag.Should().Be($"\"{Convert.ToHexStringLower(MD5.HashData(data))}\"");
        get.ETag.Should().Be(putResponse.ETag);
        get.Headers.ContentType.Should().Be("message/rfc822");
        get.Headers.CacheControl.Should().Be("no-cache");
        get.Metadata["x-amz-meta-origin"].Should().Be("smtp");
        get.ContentLength.Should().Be(data.Length);
        get.ChecksumCRC32.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task PutObject_EmptyBody_GetReturnsEmptyObject()
    {
        var bucket = await NewBucketAsync();

        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "empty", ContentBody = string.Empty }, Ct);

        (await GetBytesAsync(bucket, "empty")).Should().BeEmpty();
    }

    [Fact]
    public async Task PutObject_WithSha256Checksum_StoresAndReturnsIt()
    {
        var bucket = await NewBucketAsync();
        var data = Encoding.UTF8.GetBytes("checksum me");

        var put = await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket, Key = "k", InputStream = new MemoryStream(data), ChecksumAlgorithm = ChecksumAlgorithm.SHA256,
        }, Ct);
        var head = await _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "k", ChecksumMode = ChecksumMode.ENABLED }, Ct);

        put.ChecksumSHA256.Should().Be(Convert.ToBase64String(SHA256.HashData(data)));
        head.ChecksumSHA256.Should().Be(put.ChecksumSHA256);
    }

    [Fact]
    public async Task PutObject_WithWrongContentMd5_ThrowsBadDigest()
    {
        var bucket = await NewBucketAsync();

        var act = () => _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket, Key = "k", ContentBody = "hello", MD5Digest = Convert.ToBase64String(MD5.HashData("other"u8)),
        }, Ct);

        var error = (await act.Should().ThrowAsync<AmazonS3Exception>()).Which;
        error.ErrorCode.Should().Be("BadDigest");
        error.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task PutObject_WithWrongChecksumHeader_ThrowsBadDigest()
    {
        var bucket = await NewBucketAsync();

        var act = () => _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket, Key = "k", ContentBody = "hello", ChecksumCRC32 = "AAAAAA==",
        }, Ct);

        (await act.Should().ThrowAsync<AmazonS3Exception>()).Which.ErrorCode.Should().Be("BadDigest");
    }

    [Fact]
    public async Task PutObject_MissingBucket_ThrowsNoSuchBucket()
    {
        var act = () => _s3.PutObjectAsync(new PutObjectRequest { BucketName = "no-such-bucket-here", Key = "k", ContentBody = "x" }, Ct);

        var error = (await act.Should().ThrowAsync<AmazonS3Exception>()).Which;
        error.ErrorCode.Should().Be("NoSuchBucket");
        error.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetObject_MissingKey_ThrowsNoSuchKey()
    {
        var bucket = await NewBucketAsync();

        var act = () => _s3.GetObjectAsync(bucket, "missing", Ct);

        var error = (await act.Should().ThrowAsync<NoSuchKeyException>()).Which;
        error.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task HeadObject_MissingKey_Throws404()
    {
        var bucket = await NewBucketAsync();

        var act = () => _s3.GetObjectMetadataAsync(bucket, "missing", Ct);

        (await act.Should().ThrowAsync<AmazonS3Exception>()).Which.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetObject_WithRange_Returns206AndSlice()
    {
        var bucket = await NewBucketAsync();
        var data = RandomBytes(1000);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "r", InputStream = new MemoryStream(data) }, Ct);

        using var response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "r", ByteRange = new ByteRange(100, 199) }, Ct);
        using var memory = new MemoryStream();
        await response.ResponseStream.CopyToAsync(memory, Ct);

        response.HttpStatusCode.Should().Be(HttpStatusCode.PartialContent);
        response.ContentRange.Should().Be("bytes 100-199/1000");
        memory.ToArray().Should().Equal(data[100..200]);
    }

    [Fact]
    public async Task GetObject_RangeBeyondEnd_ThrowsInvalidRange()
    {
        var bucket = await NewBucketAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "r", ContentBody = "short" }, Ct);

        var act = () => _s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "r", ByteRange = new ByteRange(10, 20) }, Ct);

        var error = (await act.Should().ThrowAsync<AmazonS3Exception>()).Which;
        error.ErrorCode.Should().Be("InvalidRange");
        error.StatusCode.Should().Be(HttpStatusCode.RequestedRangeNotSatisfiable);
    }

    [Fact]
    public async Task GetObject_IfNoneMatchCurrentEtag_Returns304()
    {
        var bucket = await NewBucketAsync();
        var put = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "c", ContentBody = "x" }, Ct);

        var act = () => _s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "c", EtagToNotMatch = put.ETag }, Ct);

        (await act.Should().ThrowAsync<AmazonS3Exception>()).Which.StatusCode.Should().Be(HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task GetObject_IfMatchOtherEtag_ThrowsPreconditionFailed()
    {
        var bucket = await NewBucketAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "c", ContentBody = "x" }, Ct);

        var act = () => _s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "c", EtagToMatch = "\"0000\"" }, Ct);

        (await act.Should().ThrowAsync<AmazonS3Exception>()).Which.ErrorCode.Should().Be("PreconditionFailed");
    }

    [Fact]
    public async Task ObjectTagging_PutGetDelete_RoundTrips()
    {
        var bucket = await NewBucketAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "t", ContentBody = "x", TagSet = [new Tag { Key = "a", Value = "1" }] }, Ct);

        var initial = await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "t" }, Ct);
        await _s3.PutObjectTaggingAsync(new PutObjectTaggingRequest
        {
            BucketName = bucket, Key = "t", Tagging = new Tagging { TagSet = [new Tag { Key = "action", Value = "forward" }, new Tag { Key = "b", Value = "2" }] },
        }, Ct);
        var replaced = await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "t" }, Ct);
        await _s3.DeleteObjectTaggingAsync(new DeleteObjectTaggingRequest { BucketName = bucket, Key = "t" }, Ct);
        var cleared = await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "t" }, Ct);

        initial.Tagging.Should().ContainSingle().Which.Should().BeEquivalentTo(new Tag { Key = "a", Value = "1" });
        replaced.Tagging.Select(t => (t.Key, t.Value)).Should().Equal(("action", "forward"), ("b", "2"));
        (cleared.Tagging ?? []).Should().BeEmpty();
    }

    [Fact]
    public async Task PutObjectTagging_MissingKey_ThrowsNoSuchKey()
    {
        var bucket = await NewBucketAsync();

        var act = () => _s3.PutObjectTaggingAsync(new PutObjectTaggingRequest
        {
            BucketName = bucket, Key = "nope", Tagging = new Tagging { TagSet = [new Tag { Key = "a", Value = "1" }] },
        }, Ct);

        var error = (await act.Should().ThrowAsync<AmazonS3Exception>()).Which;
        error.ErrorCode.Should().Be("NoSuchKey");
        error.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListObjectsV2_WithPrefixDelimiterAndPaging_ReturnsKeysAndCommonPrefixes()
    {
        var bucket = await NewBucketAsync();
        foreach (var key in new[] { "a/1", "a/2", "b/1", "c", "d", "e/x/y" })
        {
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = key }, Ct);
        }

        var top = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Delimiter = "/" }, Ct);
        var underA = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "a/" }, Ct);
        var pages = new List<string>();
        string? token = null;
        do
        {
            var page = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, MaxKeys = 2, ContinuationToken = token, Delimiter = "/" }, Ct);
            pages.AddRange((page.S3Objects ?? []).Select(o => o.Key).Concat(page.CommonPrefixes ?? []));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
        var after = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, StartAfter = "c" }, Ct);

        top.CommonPrefixes.Should().Equal("a/", "b/", "e/");
        top.S3Objects.Select(o => o.Key).Should().Equal("c", "d");
        top.KeyCount.Should().Be(5);
        underA.S3Objects.Select(o => o.Key).Should().Equal("a/1", "a/2");
        underA.S3Objects[0].Size.Should().Be(3);
        pages.Should().BeEquivalentTo(["a/", "b/", "c", "d", "e/"]);
        after.S3Objects.Select(o => o.Key).Should().Equal("d", "e/x/y");
    }

    [Fact]
    public async Task ListObjectsV1_WithMarker_ReturnsLaterKeys()
    {
        var bucket = await NewBucketAsync();
        foreach (var key in new[] { "1", "2", "3" })
        {
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = key }, Ct);
        }

        var response = await _s3.ListObjectsAsync(new ListObjectsRequest { BucketName = bucket, Marker = "1", MaxKeys = 1 }, Ct);

        response.S3Objects.Select(o => o.Key).Should().Equal("2");
        response.IsTruncated.Should().BeTrue();
    }

    [Fact]
    public async Task ListObjectsV2_MissingBucket_ThrowsNoSuchBucket()
    {
        var act = () => _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "missing-bucket-x" }, Ct);

        (await act.Should().ThrowAsync<AmazonS3Exception>()).Which.ErrorCode.Should().Be("NoSuchBucket");
    }

    [Fact]
    public async Task CreateBucket_Twice_ThrowsBucketAlreadyOwnedByYou()
    {
        var bucket = await NewBucketAsync();

        var act = () => _s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, Ct);

        var error = (await act.Should().ThrowAsync<AmazonS3Exception>()).Which;
        error.ErrorCode.Should().Be("BucketAlreadyOwnedByYou");
        error.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task CreateBucket_WithLocationConstraint_GetBucketLocationReturnsIt()
    {
        var name = "loc-" + Guid.NewGuid().ToString("N")[..12];

        await _s3.PutBucketAsync(new PutBucketRequest { BucketName = name, BucketRegion = S3Region.EUWest2 }, Ct);
        var location = await _s3.GetBucketLocationAsync(new GetBucketLocationRequest { BucketName = name }, Ct);

        location.Location.Value.Should().Be("eu-west-2");
    }

    [Fact]
    public async Task CreateBucket_InvalidName_ThrowsInvalidBucketName()
    {
        var act = () => _s3.PutBucketAsync(new PutBucketRequest { BucketName = "Bad_Name" }, Ct);

        (await act.Should().ThrowAsync<AmazonS3Exception>()).Which.ErrorCode.Should().Be("InvalidBucketName");
    }

    [Fact]
    public async Task ListBuckets_AfterCreate_IncludesBucket()
    {
        var bucket = await NewBucketAsync();

        var response = await _s3.ListBucketsAsync(new ListBucketsRequest(), Ct);

        response.Buckets.Should().Contain(b => b.BucketName == bucket);
    }

    [Fact]
    public async Task HeadBucket_ExistingAndMissing_AnswersAccordingly()
    {
        var bucket = await NewBucketAsync();

        var exists = await Amazon.S3.Util.AmazonS3Util.DoesS3BucketExistV2Async(_s3, bucket);
        var missing = await Amazon.S3.Util.AmazonS3Util.DoesS3BucketExistV2Async(_s3, "missing-bucket-y");

        exists.Should().BeTrue();
        missing.Should().BeFalse();
    }

    [Fact]
    public async Task DeleteBucket_NotEmpty_ThrowsBucketNotEmpty_ThenSucceedsWhenEmptied()
    {
        var bucket = await NewBucketAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "x" }, Ct);

        var act = () => _s3.DeleteBucketAsync(bucket, Ct);
        (await act.Should().ThrowAsync<AmazonS3Exception>()).Which.ErrorCode.Should().Be("BucketNotEmpty");
        await _s3.DeleteObjectAsync(bucket, "k", Ct);
        await _s3.DeleteBucketAsync(bucket, Ct);

        (await Amazon.S3.Util.AmazonS3Util.DoesS3BucketExistV2Async(_s3, bucket)).Should().BeFalse();
    }

    [Fact]
    public async Task DeleteObjects_SeveralKeys_RemovesThem()
    {
        var bucket = await NewBucketAsync();
        foreach (var key in new[] { "x", "y", "z" })
        {
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = key }, Ct);
        }

        var response = await _s3.DeleteObjectsAsync(new DeleteObjectsRequest
        {
            BucketName = bucket, Objects = [new KeyVersion { Key = "x" }, new KeyVersion { Key = "y" }, new KeyVersion { Key = "never" }],
        }, Ct);
        var left = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, Ct);

        response.DeletedObjects.Select(d => d.Key).Should().BeEquivalentTo(["x", "y", "never"]);
        left.S3Objects.Select(o => o.Key).Should().Equal("z");
    }

    [Fact]
    public async Task CopyObject_DefaultDirective_CopiesDataAndMetadata()
    {
        var bucket = await NewBucketAsync();
        var target = await NewBucketAsync();
        var put = new PutObjectRequest { BucketName = bucket, Key = "src", ContentBody = "copy me", ContentType = "text/plain" };
        put.Metadata["m"] = "v";
        await _s3.PutObjectAsync(put, Ct);

        await _s3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = bucket, SourceKey = "src", DestinationBucket = target, DestinationKey = "dst/1" }, Ct);
        var head = await _s3.GetObjectMetadataAsync(target, "dst/1", Ct);

        Encoding.UTF8.GetString(await GetBytesAsync(target, "dst/1")).Should().Be("copy me");
        head.Headers.ContentType.Should().Be("text/plain");
        head.Metadata["x-amz-meta-m"].Should().Be("v");
    }

    [Fact]
    public async Task CopyObject_ReplaceDirective_ReplacesMetadata()
    {
        var bucket = await NewBucketAsync();
        var put = new PutObjectRequest { BucketName = bucket, Key = "src", ContentBody = "x" };
        put.Metadata["old"] = "1";
        await _s3.PutObjectAsync(put, Ct);
        var copy = new CopyObjectRequest
        {
            SourceBucket = bucket, SourceKey = "src", DestinationBucket = bucket, DestinationKey = "src", MetadataDirective = S3MetadataDirective.REPLACE,
        };
        copy.Metadata["new"] = "2";

        await _s3.CopyObjectAsync(copy, Ct);
        var head = await _s3.GetObjectMetadataAsync(bucket, "src", Ct);

        head.Metadata.Keys.Should().Contain("x-amz-meta-new").And.NotContain("x-amz-meta-old");
    }

    [Fact]
    public async Task CopyObject_OntoItselfWithoutChanges_ThrowsInvalidRequest()
    {
        var bucket = await NewBucketAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "src", ContentBody = "x" }, Ct);

        var act = () => _s3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = bucket, SourceKey = "src", DestinationBucket = bucket, DestinationKey = "src" }, Ct);

        (await act.Should().ThrowAsync<AmazonS3Exception>()).Which.ErrorCode.Should().Be("InvalidRequest");
    }

    [Fact]
    public async Task CopyObject_MissingSource_ThrowsNoSuchKey()
    {
        var bucket = await NewBucketAsync();

        var act = () => _s3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = bucket, SourceKey = "none", DestinationBucket = bucket, DestinationKey = "d" }, Ct);

        (await act.Should().ThrowAsync<AmazonS3Exception>()).Which.ErrorCode.Should().Be("NoSuchKey");
    }

    [Fact]
    public async Task TransferUtility_LargeFile_UploadsMultipartAndDownloadsSameBytes()
    {
        var bucket = await NewBucketAsync();
        var data = RandomBytes(12 * 1024 * 1024 + 123);
        using var transfer = new TransferUtility(_s3, new TransferUtilityConfig { MinSizeBeforePartUpload = 5 * 1024 * 1024 });

        await transfer.UploadAsync(new TransferUtilityUploadRequest { BucketName = bucket, Key = "big.bin", InputStream = new MemoryStream(data), PartSize = 5 * 1024 * 1024 }, Ct);
        var head = await _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "big.bin", ChecksumMode = ChecksumMode.ENABLED }, Ct);

        head.ETag.Should().EndWith("-3\"");
        head.ContentLength.Should().Be(data.Length);
        SHA256.HashData(await GetBytesAsync(bucket, "big.bin")).Should().Equal(SHA256.HashData(data));
    }

    [Fact]
    public async Task MultipartUpload_LowLevel_CompletesListsAndCopiesParts()
    {
        var bucket = await NewBucketAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "source", InputStream = new MemoryStream(RandomBytes(6 * 1024 * 1024)) }, Ct);
        var part1 = RandomBytes(5 * 1024 * 1024);
        var create = await _s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = "mp", ContentType = "application/x-test" }, Ct);

        var up1 = await _s3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "mp", UploadId = create.UploadId, PartNumber = 1, InputStream = new MemoryStream(part1) }, Ct);
        var up2 = await _s3.CopyPartAsync(new CopyPartRequest
        {
            SourceBucket = bucket, SourceKey = "source", DestinationBucket = bucket, DestinationKey = "mp", UploadId = create.UploadId, PartNumber = 2, FirstByte = 0, LastByte = 99,
        }, Ct);
        var uploads = await _s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket }, Ct);
        var parts = await _s3.ListPartsAsync(new ListPartsRequest { BucketName = bucket, Key = "mp", UploadId = create.UploadId }, Ct);
        var complete = await _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket, Key = "mp", UploadId = create.UploadId,
            PartETags = [new PartETag(1, up1.ETag), new PartETag(2, up2.ETag)],
        }, Ct);
        var head = await _s3.GetObjectMetadataAsync(bucket, "mp", Ct);

        uploads.MultipartUploads.Should().ContainSingle(u => u.UploadId == create.UploadId && u.Key == "mp");
        parts.Parts.Select(p => (p.PartNumber, p.Size)).Should().Equal((1, 5L * 1024 * 1024), (2, 100L));
        var expectedEtag = Convert.ToHexStringLower(MD5.HashData([.. MD5.HashData(part1), .. Convert.FromHexString(up2.ETag.Trim('"'))])) + "-2";
        complete.ETag.Should().Be($"\"{expectedEtag}\"");
        head.ContentLength.Should().Be(5 * 1024 * 1024 + 100);
        head.Headers.ContentType.Should().Be("application/x-test");
    }

    [Fact]
    public async Task CompleteMultipartUpload_WrongEtag_ThrowsInvalidPart()
    {
        var bucket = await NewBucketAsync();
        var create = await _s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = "mp" }, Ct);
        await _s3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "mp", UploadId = create.UploadId, PartNumber = 1, InputStream = new MemoryStream(RandomBytes(10)) }, Ct);

        var act = () => _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket, Key = "mp", UploadId = create.UploadId, PartETags = [new PartETag(1, "\"00000000000000000000000000000000\"")],
        }, Ct);

        (await act.Should().ThrowAsync<AmazonS3Exception>()).Which.ErrorCode.Should().Be("InvalidPart");
    }

    [Fact]
    public async Task AbortMultipartUpload_ThenUploadPart_ThrowsNoSuchUpload()
    {
        var bucket = await NewBucketAsync();
        var create = await _s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = "mp" }, Ct);

        await _s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = "mp", UploadId = create.UploadId }, Ct);
        var act = () => _s3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "mp", UploadId = create.UploadId, PartNumber = 1, InputStream = new MemoryStream([1]) }, Ct);

        var error = (await act.Should().ThrowAsync<AmazonS3Exception>()).Which;
        error.ErrorCode.Should().Be("NoSuchUpload");
        error.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task BucketLifecycle_PutThenGet_ReturnsStoredRules()
    {
        var bucket = await NewBucketAsync();

        await _s3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest
        {
            BucketName = bucket,
            Configuration = new LifecycleConfiguration
            {
                Rules =
                [
                    new LifecycleRule
                    {
                        Id = "expire-emails", Status = LifecycleRuleStatus.Enabled,
                        Filter = new LifecycleFilter { LifecycleFilterPredicate = new LifecyclePrefixPredicate { Prefix = "emails/" } },
                        Expiration = new LifecycleRuleExpiration { Days = 90 },
                    },
                ],
            },
        }, Ct);
        var lifecycle = await _s3.GetLifecycleConfigurationAsync(new GetLifecycleConfigurationRequest { BucketName = bucket }, Ct);

        var rule = lifecycle.Configuration.Rules.Should().ContainSingle().Which;
        rule.Id.Should().Be("expire-emails");
        rule.Expiration.Days.Should().Be(90);
    }

    [Fact]
    public async Task BucketLifecycle_NeverPut_ThrowsNoSuchLifecycleConfiguration()
    {
        var bucket = await NewBucketAsync();

        var act = () => _s3.GetLifecycleConfigurationAsync(new GetLifecycleConfigurationRequest { BucketName = bucket }, Ct);

        // The SDK maps this 404 to an empty configuration or an exception depending on version; either way no rules.
        try
        {
            var response = await act();
            (response.Configuration?.Rules ?? []).Should().BeEmpty();
        }
        catch (AmazonS3Exception error)
        {
            error.ErrorCode.Should().Be("NoSuchLifecycleConfiguration");
        }
    }

    [Fact]
    public async Task BucketVersioning_PutThenGet_ReturnsEnabled()
    {
        var bucket = await NewBucketAsync();

        await _s3.PutBucketVersioningAsync(new PutBucketVersioningRequest
        {
            BucketName = bucket, VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled },
        }, Ct);
        var versioning = await _s3.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket }, Ct);

        versioning.VersioningConfig.Status.Should().Be(VersionStatus.Enabled);
    }

    [Fact]
    public async Task PublicAccessBlockAndEncryption_Put_AreStoredAndReturned()
    {
        var bucket = await NewBucketAsync();

        await _s3.PutPublicAccessBlockAsync(new PutPublicAccessBlockRequest
        {
            BucketName = bucket,
            PublicAccessBlockConfiguration = new PublicAccessBlockConfiguration { BlockPublicAcls = true, BlockPublicPolicy = true, IgnorePublicAcls = true, RestrictPublicBuckets = true },
        }, Ct);
        await _s3.PutBucketEncryptionAsync(new PutBucketEncryptionRequest
        {
            BucketName = bucket,
            ServerSideEncryptionConfiguration = new ServerSideEncryptionConfiguration
            {
                ServerSideEncryptionRules = [new ServerSideEncryptionRule { ServerSideEncryptionByDefault = new ServerSideEncryptionByDefault { ServerSideEncryptionAlgorithm = ServerSideEncryptionMethod.AWSKMS } }],
            },
        }, Ct);
        var block = await _s3.GetPublicAccessBlockAsync(new GetPublicAccessBlockRequest { BucketName = bucket }, Ct);
        var encryption = await _s3.GetBucketEncryptionAsync(new GetBucketEncryptionRequest { BucketName = bucket }, Ct);

        block.PublicAccessBlockConfiguration.BlockPublicAcls.Should().BeTrue();
        encryption.ServerSideEncryptionConfiguration.ServerSideEncryptionRules[0].ServerSideEncryptionByDefault.ServerSideEncryptionAlgorithm
            .Should().Be(ServerSideEncryptionMethod.AWSKMS);
    }
}
