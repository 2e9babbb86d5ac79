using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Amazon.S3.Model;
using SesMail.Tests.Emulator.DynamoDb;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Faults;

/// <summary>
/// The emulator's fault switch (<c>/_sesmail/faults</c>): the next calls of a service fail with that service's own
/// error, as the AWS SDK and the AWS CLI see it, and a faulted call changes nothing.
/// </summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class AwsFaultSwitchTests(EmulatorFixture emulator) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = emulator.BaseUrl };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _http.DeleteAsync("/_sesmail/faults", CancellationToken.None).GetAwaiter().GetResult().Dispose();
        _http.Dispose();
    }

    [Fact]
    public async Task PutItem_ThrottlingArmed_FailsWithProvisionedThroughputExceededAndWritesNothing()
    {
        using var ddb = new AmazonDynamoDBClient(EmulatorFixture.Credentials, emulator.Configure(new AmazonDynamoDBConfig { MaxErrorRetry = 0 }));
        var table = await DynamoDbProviderTests.CreateRoutingTableAsync(ddb);
        await ArmAsync("""{"service":"dynamodb","operation":"PutItem","error":"ProvisionedThroughputExceededException","count":1}""");
        var item = new Dictionary<string, AttributeValue> { ["PK"] = new() { S = "fault" }, ["SK"] = new() { S = "1" } };

        var act = () => ddb.PutItemAsync(table, item, Ct);

        var error = (await act.Should().ThrowAsync<ProvisionedThroughputExceededException>()).Which;
        error.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        error.Message.Should().StartWith("The level of configured provisioned throughput for the table was exceeded.");
        (await ddb.GetItemAsync(table, new Dictionary<string, AttributeValue> { ["PK"] = new() { S = "fault" }, ["SK"] = new() { S = "1" } }, Ct)).Item.Should().BeNullOrEmpty("the faulted call ran nothing, and GetItem was not faulted");
        await ddb.PutItemAsync(table, item, Ct);
        (await PendingAsync()).Should().BeEmpty("the one armed call was used up");
    }

    [Fact]
    public async Task GetObject_SlowDownArmed_Fails503SlowDownThenServes()
    {
        using var s3 = new AmazonS3Client(EmulatorFixture.Credentials, emulator.Configure(new AmazonS3Config { ForcePathStyle = true, MaxErrorRetry = 0 }));
        var bucket = "fault-" + Guid.NewGuid().ToString("N")[..12];
        await s3.PutBucketAsync(bucket, Ct);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "body" }, Ct);
        await ArmAsync("""{"service":"s3","operation":"GetObject","error":"SlowDown","count":1}""");

        var act = () => s3.GetObjectAsync(bucket, "k", Ct);

        var error = (await act.Should().ThrowAsync<AmazonS3Exception>()).Which;
        error.ErrorCode.Should().Be("SlowDown");
        error.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        error.Message.Should().Be("Please reduce your request rate.");
        using var served = await s3.GetObjectAsync(bucket, "k", Ct);
        (await new StreamReader(served.ResponseStream).ReadToEndAsync(Ct)).Should().Be("body");
    }

    [Fact]
    public async Task AwsCli_ThrottledBeyondItsRetries_ReportsTheAwsErrorCodes()
    {
        Assert.SkipUnless(AwsCli.IsInstalled, "the AWS CLI v2 is not installed at /usr/bin/aws (apt-get install awscli)");
        using var ddb = new AmazonDynamoDBClient(EmulatorFixture.Credentials, emulator.Configure(new AmazonDynamoDBConfig()));
        var table = await DynamoDbProviderTests.CreateRoutingTableAsync(ddb);
        using var s3 = new AmazonS3Client(EmulatorFixture.Credentials, emulator.Configure(new AmazonS3Config { ForcePathStyle = true }));
        var bucket = "fault-" + Guid.NewGuid().ToString("N")[..12];
        await s3.PutBucketAsync(bucket, Ct);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "body" }, Ct);
        await ArmAsync("""{"service":"dynamodb","operation":"GetItem","error":"ProvisionedThroughputExceededException","count":20}""");
        await ArmAsync("""{"service":"s3","operation":"GetObject","error":"SlowDown","count":20}""");

        var get = await AwsCli.RunAsync(emulator.BaseUrl, "dynamodb", "get-item", "--table-name", table, "--key", """{"PK":{"S":"x"},"SK":{"S":"y"}}""");
        var read = await AwsCli.RunAsync(emulator.BaseUrl, "s3api", "get-object", "--bucket", bucket, "--key", "k", Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")));

        get.ExitCode.Should().NotBe(0);
        get.Error.Should().Contain("ProvisionedThroughputExceededException").And.Contain("GetItem");
        read.ExitCode.Should().NotBe(0);
        read.Error.Should().Contain("SlowDown");
    }

    [Theory]
    [InlineData("""{"service":"dynamodb"}""", "required")]
    [InlineData("""{"service":"dynamodb","error":"NoSuchThing"}""", "not a known error code")]
    [InlineData("""{"service":"dynamodb","error":"ThrottlingException","count":0}""", "at least 1")]
    [InlineData("""{"service":"dynamodb","error":"Custom","status":200}""", "between 400 and 599")]
    public async Task Arm_Meaningless_IsRefusedWithTheReason(string json, string reason)
    {
        using var response = await _http.PostAsync("/_sesmail/faults", new StringContent(json, Encoding.UTF8, "application/json"), Ct);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync(Ct)).Should().Contain(reason);
        (await PendingAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Delete_DisarmsEverything()
    {
        await ArmAsync("""{"service":"sqs","error":"RequestThrottled","count":3}""");
        (await PendingAsync()).Should().ContainSingle().Which!["remaining"]!.GetValue<int>().Should().Be(3);

        using var cleared = await _http.DeleteAsync("/_sesmail/faults", Ct);

        cleared.StatusCode.Should().Be(HttpStatusCode.OK);
        (await PendingAsync()).Should().BeEmpty();
    }

    private async Task ArmAsync(string json)
    {
        using var response = await _http.PostAsync("/_sesmail/faults", new StringContent(json, Encoding.UTF8, "application/json"), Ct);
        response.EnsureSuccessStatusCode();
    }

    private async Task<JsonArray> PendingAsync() =>
        (await JsonNode.ParseAsync(await _http.GetStreamAsync("/_sesmail/faults", Ct), cancellationToken: Ct))!["faults"]!.AsArray();
}
