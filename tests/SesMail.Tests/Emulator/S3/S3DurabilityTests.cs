using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using SesMail.Emulator.Persistence;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.S3;

/// <summary>
/// S3 answers a write only once it is on the device (docs/DELIVERY.md, "The emulator"): the emulator's disk flushes go
/// through <see cref="IDiskSync"/>, replaced here by one that records them, can hold a folder flush, and can fail.
/// </summary>
[Trait("Kind", "Contract")]
public sealed class S3DurabilityTests : IAsyncLifetime
{
    private readonly RecordingDiskEmulator _emulator = new();
    private AmazonS3Client _s3 = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _emulator.StartAsync(Ct);
        _s3 = new AmazonS3Client(EmulatorFixture.Credentials, new AmazonS3Config { ServiceURL = _emulator.Url.ToString(), ForcePathStyle = true, AuthenticationRegion = EmulatorFixture.Region, MaxErrorRetry = 0 });
        await _s3.PutBucketAsync("durable", Ct);
    }

    public async ValueTask DisposeAsync()
    {
        _s3.Dispose();
        await _emulator.DisposeAsync();
    }

    private string ObjectsDirectory => Path.Combine(_emulator.DataDirectory, "s3", "buckets", "durable", "objects");

    [Fact]
    public async Task PutObject_FolderFlushHeld_AnswersOnlyAfterContentMetadataAndFolderAreFlushed()
    {
        _emulator.Disk.Hold();

        var put = _s3.PutObjectAsync(new PutObjectRequest { BucketName = "durable", Key = "emails/one", ContentBody = "Subject: held\r\n\r\nbody" }, Ct);
        var held = await _emulator.Disk.Held.WaitAsync(Ct);

        held.Should().Be(ObjectsDirectory);
        put.IsCompleted.Should().BeFalse("the answer waits for the folder flush that makes the new names durable");
        var flushedBeforeTheFolder = _emulator.Disk.Events.ToArray();
        flushedBeforeTheFolder.Should().Contain(e => e.StartsWith("file " + Path.Combine(_emulator.DataDirectory, "s3", "tmp"), StringComparison.Ordinal), "the content is flushed before it is renamed into place");
        flushedBeforeTheFolder.Should().Contain(e => e.StartsWith("file " + ObjectsDirectory, StringComparison.Ordinal) && e.Contains(".json.tmp-", StringComparison.Ordinal), "so is the metadata");
        flushedBeforeTheFolder.Last().Should().Be("folder " + ObjectsDirectory);

        _emulator.Disk.Release();
        var response = await put;
        response.HttpStatusCode.Should().Be(HttpStatusCode.OK);
        using var get = await _s3.GetObjectAsync("durable", "emails/one", Ct);
        (await new StreamReader(get.ResponseStream).ReadToEndAsync(Ct)).Should().Be("Subject: held\r\n\r\nbody");
    }

    [Theory]
    [InlineData("PutObject")]
    [InlineData("CopyObject")]
    [InlineData("PutObjectTagging")]
    [InlineData("DeleteObject")]
    [InlineData("DeleteObjects")]
    [InlineData("UploadPart")]
    [InlineData("CompleteMultipartUpload")]
    [InlineData("CreateBucket")]
    public async Task Write_FolderFlushFails_IsNotAcknowledged(string operation)
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = "durable", Key = "source", ContentBody = "source" }, Ct);
        var upload = await _s3.InitiateMultipartUploadAsync("durable", "multipart", Ct);
        var part = await _s3.UploadPartAsync(new UploadPartRequest { BucketName = "durable", Key = "multipart", UploadId = upload.UploadId, PartNumber = 1, InputStream = new MemoryStream("part"u8.ToArray()) }, Ct);
        _emulator.Disk.FailFolders();

        Func<Task> call = operation switch
        {
            "PutObject" => () => _s3.PutObjectAsync(new PutObjectRequest { BucketName = "durable", Key = "new", ContentBody = "new" }, Ct),
            "CopyObject" => () => _s3.CopyObjectAsync("durable", "source", "durable", "copy", Ct),
            "PutObjectTagging" => () => _s3.PutObjectTaggingAsync(new PutObjectTaggingRequest { BucketName = "durable", Key = "source", Tagging = new Tagging { TagSet = [new Tag { Key = "verdict", Value = "pass" }] } }, Ct),
            "DeleteObject" => () => _s3.DeleteObjectAsync("durable", "source", Ct),
            "DeleteObjects" => () => _s3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = "durable", Objects = [new KeyVersion { Key = "source" }] }, Ct),
            "UploadPart" => () => _s3.UploadPartAsync(new UploadPartRequest { BucketName = "durable", Key = "multipart", UploadId = upload.UploadId, PartNumber = 2, InputStream = new MemoryStream("two"u8.ToArray()) }, Ct),
            "CompleteMultipartUpload" => () => _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = "durable", Key = "multipart", UploadId = upload.UploadId, PartETags = [new PartETag(1, part.ETag)] }, Ct),
            "CreateBucket" => () => _s3.PutBucketAsync("durable-too", Ct),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };

        var refused = (await call.Should().ThrowAsync<AmazonS3Exception>()).Which;
        refused.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        refused.ErrorCode.Should().Be("InternalError", "S3 answers an internal failure with its own code, not the JSON and Query services' InternalFailure");
    }
}
