using System.Security.Cryptography;
using System.Text.Json;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.S3;

/// <summary>The S3 emulator driven through the AWS CLI v2 (<c>/usr/bin/aws</c>): plain bodies, Content-MD5, multipart <c>s3 cp</c>.</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class S3ServiceCliTests(EmulatorFixture emulator) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("sesmail-s3-cli-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private Task<AwsCli.Result> AwsAsync(params string[] args) => AwsCli.RunAsync(emulator.BaseUrl, args, _work, TimeSpan.FromMinutes(2));

    private async Task<JsonElement> AwsJsonAsync(params string[] args)
    {
        var (exit, stdout, stderr) = await AwsAsync(args);
        exit.Should().Be(0, "aws {0} failed: {1}", string.Join(' ', args), stderr);
        return stdout.Trim().Length == 0 ? default : JsonDocument.Parse(stdout).RootElement.Clone();
    }

    private async Task<string> NewBucketAsync()
    {
        var bucket = "cli-" + Guid.NewGuid().ToString("N")[..12];
        await AwsJsonAsync("s3api", "create-bucket", "--bucket", bucket, "--create-bucket-configuration", "LocationConstraint=ap-southeast-2");
        return bucket;
    }

    private string WriteFile(string name, int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        var path = Path.Combine(_work, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public async Task S3Api_PutHeadGetListTagDelete_RoundTrips()
    {
        var bucket = await NewBucketAsync();
        var file = WriteFile("mail.eml", 20_000);

        var put = await AwsJsonAsync("s3api", "put-object", "--bucket", bucket, "--key", "emails/one.eml", "--body", file,
            "--content-type", "message/rfc822", "--metadata", "origin=cli", "--tagging", "action=forward");
        var head = await AwsJsonAsync("s3api", "head-object", "--bucket", bucket, "--key", "emails/one.eml");
        await AwsJsonAsync("s3api", "get-object", "--bucket", bucket, "--key", "emails/one.eml", Path.Combine(_work, "out.eml"));
        await AwsJsonAsync("s3api", "put-object-tagging", "--bucket", bucket, "--key", "emails/one.eml", "--tagging", "TagSet=[{Key=state,Value=done}]");
        var tags = await AwsJsonAsync("s3api", "get-object-tagging", "--bucket", bucket, "--key", "emails/one.eml");
        await AwsJsonAsync("s3api", "copy-object", "--bucket", bucket, "--key", "archive/one.eml", "--copy-source", $"{bucket}/emails/one.eml");
        var list = await AwsJsonAsync("s3api", "list-objects-v2", "--bucket", bucket, "--delimiter", "/");
        var listed = await AwsJsonAsync("s3api", "list-objects-v2", "--bucket", bucket, "--prefix", "emails/");
        await AwsJsonAsync("s3api", "delete-objects", "--bucket", bucket, "--delete", "Objects=[{Key=emails/one.eml},{Key=archive/one.eml}]");
        var empty = await AwsJsonAsync("s3api", "list-objects", "--bucket", bucket);
        await AwsJsonAsync("s3api", "delete-bucket", "--bucket", bucket);

        put.GetProperty("ETag").GetString().Should().Be($"\"{Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(file)))}\"");
        head.GetProperty("ContentType").GetString().Should().Be("message/rfc822");
        head.GetProperty("ContentLength").GetInt64().Should().Be(20_000);
        head.GetProperty("Metadata").GetProperty("origin").GetString().Should().Be("cli");
        File.ReadAllBytes(Path.Combine(_work, "out.eml")).Should().Equal(File.ReadAllBytes(file));
        tags.GetProperty("TagSet")[0].GetProperty("Key").GetString().Should().Be("state");
        list.GetProperty("CommonPrefixes").EnumerateArray().Select(p => p.GetProperty("Prefix").GetString()).Should().Equal("archive/", "emails/");
        listed.GetProperty("Contents").EnumerateArray().Select(c => c.GetProperty("Key").GetString()).Should().Equal("emails/one.eml");
        (empty.ValueKind == JsonValueKind.Undefined || !empty.TryGetProperty("Contents", out _)).Should().BeTrue();
    }

    [Fact]
    public async Task S3Api_ErrorCases_ReportS3ErrorCodes()
    {
        var bucket = await NewBucketAsync();

        var missingKey = await AwsAsync("s3api", "get-object", "--bucket", bucket, "--key", "missing", Path.Combine(_work, "x"));
        var missingBucket = await AwsAsync("s3api", "list-objects-v2", "--bucket", "no-such-bucket-cli");
        var badDigest = await AwsAsync("s3api", "put-object", "--bucket", bucket, "--key", "k", "--body", WriteFile("small", 10),
            "--content-md5", Convert.ToBase64String(MD5.HashData("other"u8)));
        var duplicate = await AwsAsync("s3api", "create-bucket", "--bucket", bucket, "--create-bucket-configuration", "LocationConstraint=ap-southeast-2");

        missingKey.ExitCode.Should().NotBe(0);
        missingKey.Error.Should().Contain("NoSuchKey");
        missingBucket.Error.Should().Contain("NoSuchBucket");
        badDigest.Error.Should().Contain("BadDigest");
        duplicate.Error.Should().Contain("BucketAlreadyOwnedByYou");
    }

    [Fact]
    public async Task S3Api_ObjectSubresourcesNotEmulated_AreRefusedAndLeaveTheObjectUntouched()
    {
        var bucket = await NewBucketAsync();
        var file = WriteFile("keep.bin", 1_000);
        await AwsJsonAsync("s3api", "put-object", "--bucket", bucket, "--key", "keep.bin", "--body", file);

        var retention = await AwsAsync("s3api", "put-object-retention", "--bucket", bucket, "--key", "keep.bin",
            "--retention", "Mode=GOVERNANCE,RetainUntilDate=2030-01-01T00:00:00Z");
        var legalHold = await AwsAsync("s3api", "put-object-legal-hold", "--bucket", bucket, "--key", "keep.bin", "--legal-hold", "Status=ON");
        var getRetention = await AwsAsync("s3api", "get-object-retention", "--bucket", bucket, "--key", "keep.bin");
        await AwsJsonAsync("s3api", "get-object", "--bucket", bucket, "--key", "keep.bin", Path.Combine(_work, "back.bin"));

        retention.ExitCode.Should().NotBe(0);
        retention.Error.Should().Contain("NotImplemented");
        legalHold.Error.Should().Contain("NotImplemented");
        getRetention.Error.Should().Contain("NotImplemented");
        File.ReadAllBytes(Path.Combine(_work, "back.bin")).Should().Equal(File.ReadAllBytes(file), "a refused sub-resource PUT must not overwrite the object");
    }

    [Fact]
    public async Task S3Cp_FileLargerThanMultipartThreshold_UploadsInPartsAndDownloadsSameBytes()
    {
        var bucket = await NewBucketAsync();
        var file = WriteFile("big.bin", 9 * 1024 * 1024 + 17);
        var back = Path.Combine(_work, "back.bin");

        var up = await AwsAsync("s3", "cp", file, $"s3://{bucket}/big/big.bin");
        var head = await AwsJsonAsync("s3api", "head-object", "--bucket", bucket, "--key", "big/big.bin");
        var down = await AwsAsync("s3", "cp", $"s3://{bucket}/big/big.bin", back);
        var ls = await AwsAsync("s3", "ls", $"s3://{bucket}/big/");

        up.ExitCode.Should().Be(0, up.Error);
        down.ExitCode.Should().Be(0, down.Error);
        head.GetProperty("ETag").GetString().Should().EndWith("-2\"");
        SHA256.HashData(File.ReadAllBytes(back)).Should().Equal(SHA256.HashData(File.ReadAllBytes(file)));
        ls.Output.Should().Contain("big.bin");
    }

    [Fact]
    public async Task S3Api_MultipartUploadSteps_CompleteAndAbort()
    {
        var bucket = await NewBucketAsync();
        var part1 = WriteFile("p1", 5 * 1024 * 1024);
        var part2 = WriteFile("p2", 1000);

        var create = await AwsJsonAsync("s3api", "create-multipart-upload", "--bucket", bucket, "--key", "mp");
        var uploadId = create.GetProperty("UploadId").GetString()!;
        var e1 = (await AwsJsonAsync("s3api", "upload-part", "--bucket", bucket, "--key", "mp", "--upload-id", uploadId, "--part-number", "1", "--body", part1)).GetProperty("ETag").GetString();
        var e2 = (await AwsJsonAsync("s3api", "upload-part", "--bucket", bucket, "--key", "mp", "--upload-id", uploadId, "--part-number", "2", "--body", part2)).GetProperty("ETag").GetString();
        var parts = await AwsJsonAsync("s3api", "list-parts", "--bucket", bucket, "--key", "mp", "--upload-id", uploadId);
        var uploads = await AwsJsonAsync("s3api", "list-multipart-uploads", "--bucket", bucket);
        var complete = await AwsJsonAsync("s3api", "complete-multipart-upload", "--bucket", bucket, "--key", "mp", "--upload-id", uploadId,
            "--multipart-upload", JsonSerializer.Serialize(new { Parts = new object[] { new { ETag = e1, PartNumber = 1 }, new { ETag = e2, PartNumber = 2 } } }));
        var second = (await AwsJsonAsync("s3api", "create-multipart-upload", "--bucket", bucket, "--key", "gone")).GetProperty("UploadId").GetString()!;
        await AwsJsonAsync("s3api", "abort-multipart-upload", "--bucket", bucket, "--key", "gone", "--upload-id", second);
        var aborted = await AwsAsync("s3api", "list-parts", "--bucket", bucket, "--key", "gone", "--upload-id", second);

        parts.GetProperty("Parts").GetArrayLength().Should().Be(2);
        uploads.GetProperty("Uploads")[0].GetProperty("UploadId").GetString().Should().Be(uploadId);
        complete.GetProperty("ETag").GetString().Should().EndWith("-2\"");
        aborted.Error.Should().Contain("NoSuchUpload");
    }

    [Fact]
    public async Task S3Api_BucketConfigurations_AreStoredAndReturned()
    {
        var bucket = await NewBucketAsync();
        var lifecycle = """{"Rules":[{"ID":"expire","Status":"Enabled","Filter":{"Prefix":""},"Expiration":{"Days":90},"NoncurrentVersionExpiration":{"NoncurrentDays":30}}]}""";

        await AwsJsonAsync("s3api", "put-bucket-lifecycle-configuration", "--bucket", bucket, "--lifecycle-configuration", lifecycle);
        await AwsJsonAsync("s3api", "put-bucket-versioning", "--bucket", bucket, "--versioning-configuration", "Status=Enabled");
        var gotLifecycle = await AwsJsonAsync("s3api", "get-bucket-lifecycle-configuration", "--bucket", bucket);
        var gotVersioning = await AwsJsonAsync("s3api", "get-bucket-versioning", "--bucket", bucket);
        var location = await AwsJsonAsync("s3api", "get-bucket-location", "--bucket", bucket);
        var buckets = await AwsJsonAsync("s3api", "list-buckets");
        await AwsJsonAsync("s3api", "head-bucket", "--bucket", bucket);

        var rule = gotLifecycle.GetProperty("Rules")[0];
        rule.GetProperty("ID").GetString().Should().Be("expire");
        rule.GetProperty("Expiration").GetProperty("Days").GetInt32().Should().Be(90);
        rule.GetProperty("NoncurrentVersionExpiration").GetProperty("NoncurrentDays").GetInt32().Should().Be(30);
        gotVersioning.GetProperty("Status").GetString().Should().Be("Enabled");
        location.GetProperty("LocationConstraint").GetString().Should().Be("ap-southeast-2");
        buckets.GetProperty("Buckets").EnumerateArray().Should().Contain(b => b.GetProperty("Name").GetString() == bucket);
    }
}
