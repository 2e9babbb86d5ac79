using System.Net;
using System.Text.Json.Nodes;
using Amazon.Lambda;
using Amazon.Lambda.Model;
using SesMail.Tests.Support;
using static SesMail.Tests.Emulator.Lambda.LambdaTestFunctions;

namespace SesMail.Tests.Emulator.Lambda;

/// <summary>The Lambda API through our <see cref="AmazonLambdaClient"/>: functions, permissions, Invoke, and Lambda's errors.</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class LambdaApiTests(EmulatorFixture emulator) : IDisposable
{
    private readonly AmazonLambdaClient _lambda = Client(emulator);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _lambda.Dispose();

    [Fact]
    public async Task CreateFunction_ZipFile_IsActiveAndListedWithItsConfiguration()
    {
        var name = Name("api-create");

        var arn = await CreateShellFunctionAsync(_lambda, name, timeout: 7, memory: 256);
        var got = await _lambda.GetFunctionAsync(new GetFunctionRequest { FunctionName = name }, Ct);
        var listed = await _lambda.ListFunctionsAsync(new ListFunctionsRequest { MaxItems = 1000 }, Ct);
        var byArn = await _lambda.GetFunctionConfigurationAsync(new GetFunctionConfigurationRequest { FunctionName = arn }, Ct);

        arn.Should().Be($"arn:aws:lambda:{EmulatorFixture.Region}:000000000000:function:{name}");
        got.Configuration!.State.Should().Be("Active");
        got.Configuration.Runtime.Should().Be("provided.al2023");
        got.Configuration.Timeout.Should().Be(7);
        got.Configuration.MemorySize.Should().Be(256);
        got.Configuration.CodeSha256.Should().Be(Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(BootstrapZip())));
        got.Code!.RepositoryType.Should().Be("S3");
        using (var http = new HttpClient())
        {
            (await http.GetByteArrayAsync(got.Code.Location, Ct)).Should().Equal(BootstrapZip(), "the download location serves the package");
        }

        listed.Functions!.Select(f => f.FunctionName).Should().Contain(name);
        byArn.FunctionName.Should().Be(name);
    }

    [Fact]
    public async Task CreateFunction_FromS3Object_StoresThatPackage()
    {
        var name = Name("api-s3");
        using var s3 = new Amazon.S3.AmazonS3Client(EmulatorFixture.Credentials, emulator.Configure(new Amazon.S3.AmazonS3Config { ForcePathStyle = true }));
        var bucket = $"code-{Guid.NewGuid():N}"[..30];
        await s3.PutBucketAsync(bucket, Ct);
        await s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = bucket, Key = "fn.zip", InputStream = new MemoryStream(BootstrapZip()) }, Ct);

        var created = await _lambda.CreateFunctionAsync(
            new CreateFunctionRequest
            {
                FunctionName = name, Runtime = "provided.al2023", Role = "arn:aws:iam::000000000000:role/r", Handler = "x",
                Code = new FunctionCode { S3Bucket = bucket, S3Key = "fn.zip" },
            },
            Ct);
        var missing = await Assert.ThrowsAsync<AmazonLambdaException>(() => _lambda.CreateFunctionAsync(
            new CreateFunctionRequest
            {
                FunctionName = Name("api-s3-missing"), Runtime = "provided.al2023", Role = "arn:aws:iam::000000000000:role/r", Handler = "x",
                Code = new FunctionCode { S3Bucket = bucket, S3Key = "absent.zip" },
            },
            Ct));

        created.CodeSize.Should().Be(BootstrapZip().Length);
        created.HttpStatusCode.Should().Be(HttpStatusCode.Created);
        missing.ErrorCode.Should().Be("InvalidParameterValueException");
        missing.Message.Should().Contain("NoSuchKey");
    }

    [Fact]
    public async Task Errors_AreLambdasOwnCodesAndStatuses()
    {
        var name = Name("api-errors");
        await CreateShellFunctionAsync(_lambda, name);

        var notFound = await Assert.ThrowsAsync<AmazonLambdaException>(() => _lambda.GetFunctionAsync(new GetFunctionRequest { FunctionName = "no-such-function" }, Ct));
        var conflict = await Assert.ThrowsAsync<AmazonLambdaException>(() => CreateShellFunctionAsync(_lambda, name));
        var runtime = await Assert.ThrowsAsync<AmazonLambdaException>(() => _lambda.CreateFunctionAsync(
            new CreateFunctionRequest { FunctionName = Name("api-py"), Runtime = "python3.12", Role = "arn:aws:iam::000000000000:role/r", Handler = "x", Code = new FunctionCode { ZipFile = new MemoryStream(BootstrapZip()) } }, Ct));
        var reserved = await Assert.ThrowsAsync<AmazonLambdaException>(() => _lambda.UpdateFunctionConfigurationAsync(
            new UpdateFunctionConfigurationRequest { FunctionName = name, Environment = new() { Variables = new() { ["AWS_REGION"] = "x" } } }, Ct));
        var notZip = await Assert.ThrowsAsync<AmazonLambdaException>(() => _lambda.UpdateFunctionCodeAsync(
            new UpdateFunctionCodeRequest { FunctionName = name, ZipFile = new MemoryStream("not a zip"u8.ToArray()) }, Ct));
        var version = await Assert.ThrowsAsync<AmazonLambdaException>(() => _lambda.InvokeAsync(new InvokeRequest { FunctionName = name, Qualifier = "3" }, Ct));

        notFound.StatusCode.Should().Be(HttpStatusCode.NotFound);
        notFound.ErrorCode.Should().Be("ResourceNotFoundException");
        notFound.Message.Should().Be($"Function not found: arn:aws:lambda:{EmulatorFixture.Region}:000000000000:function:no-such-function");
        conflict.StatusCode.Should().Be(HttpStatusCode.Conflict);
        conflict.ErrorCode.Should().Be("ResourceConflictException");
        runtime.ErrorCode.Should().Be("InvalidParameterValueException");
        reserved.ErrorCode.Should().Be("InvalidParameterValueException");
        reserved.Message.Should().Contain("Reserved keys used in this request: AWS_REGION");
        notZip.Message.Should().Contain("Could not unzip uploaded file");
        version.ErrorCode.Should().Be("ResourceNotFoundException");
    }

    [Fact]
    public async Task UpdateAndDelete_ChangeConfigurationAndCode_ThenTheFunctionIsGone()
    {
        var name = Name("api-update");
        var before = (await _lambda.GetFunctionConfigurationAsync(new GetFunctionConfigurationRequest { FunctionName = await CreateShellFunctionAsync(_lambda, name) }, Ct));

        var configured = await _lambda.UpdateFunctionConfigurationAsync(
            new UpdateFunctionConfigurationRequest { FunctionName = name, Timeout = 20, Environment = new() { Variables = new() { ["COLOUR"] = "blue" } }, TracingConfig = new() { Mode = "Active" } }, Ct);
        var coded = await _lambda.UpdateFunctionCodeAsync(new UpdateFunctionCodeRequest { FunctionName = name, ZipFile = new MemoryStream(BootstrapZip(EchoBootstrap + "\n# v2\n")) }, Ct);
        var deleted = await _lambda.DeleteFunctionAsync(new DeleteFunctionRequest { FunctionName = name }, Ct);
        var gone = await Assert.ThrowsAsync<AmazonLambdaException>(() => _lambda.GetFunctionAsync(new GetFunctionRequest { FunctionName = name }, Ct));

        configured.Timeout.Should().Be(20);
        configured.Environment!.Variables.Should().Contain("COLOUR", "blue");
        configured.TracingConfig!.Mode.Should().Be("Active");
        configured.RevisionId.Should().NotBe(before.RevisionId);
        coded.CodeSha256.Should().NotBe(before.CodeSha256);
        deleted.HttpStatusCode.Should().Be(HttpStatusCode.NoContent);
        gone.ErrorCode.Should().Be("ResourceNotFoundException");
    }

    [Fact]
    public async Task Permissions_AddGetRemove_AsCloudFormationsLambdaPermissionDoes()
    {
        var name = Name("api-perm");
        var arn = await CreateShellFunctionAsync(_lambda, name);

        var added = await _lambda.AddPermissionAsync(
            new AddPermissionRequest { FunctionName = name, StatementId = "events", Action = "lambda:InvokeFunction", Principal = "events.amazonaws.com", SourceArn = "arn:aws:events:ap-southeast-2:000000000000:rule/r" }, Ct);
        var duplicate = await Assert.ThrowsAsync<AmazonLambdaException>(() => _lambda.AddPermissionAsync(
            new AddPermissionRequest { FunctionName = name, StatementId = "events", Action = "lambda:InvokeFunction", Principal = "events.amazonaws.com" }, Ct));
        var policy = JsonNode.Parse((await _lambda.GetPolicyAsync(new GetPolicyRequest { FunctionName = name }, Ct)).Policy!)!;
        var removed = await _lambda.RemovePermissionAsync(new RemovePermissionRequest { FunctionName = name, StatementId = "events" }, Ct);
        var again = await Assert.ThrowsAsync<AmazonLambdaException>(() => _lambda.RemovePermissionAsync(new RemovePermissionRequest { FunctionName = name, StatementId = "events" }, Ct));

        added.HttpStatusCode.Should().Be(HttpStatusCode.Created);
        JsonNode.Parse(added.Statement!)!["Principal"]!["Service"]!.GetValue<string>().Should().Be("events.amazonaws.com");
        duplicate.ErrorCode.Should().Be("ResourceConflictException");
        policy["Statement"]![0]!["Resource"]!.GetValue<string>().Should().Be(arn);
        policy["Statement"]![0]!["Condition"]!["ArnLike"]!["AWS:SourceArn"]!.GetValue<string>().Should().EndWith("rule/r");
        removed.HttpStatusCode.Should().Be(HttpStatusCode.NoContent);
        again.ErrorCode.Should().Be("ResourceNotFoundException");
    }

    [Fact]
    public async Task Invoke_EventAndDryRun_AnswerAcceptedAndNoContent()
    {
        var name = Name("api-async");
        await CreateShellFunctionAsync(_lambda, name);

        var dry = await _lambda.InvokeAsync(new InvokeRequest { FunctionName = name, InvocationType = "DryRun" }, Ct);
        var queued = await _lambda.InvokeAsync(new InvokeRequest { FunctionName = name, InvocationType = "Event", Payload = """{"hello":"later"}""" }, Ct);
        var bad = await Assert.ThrowsAsync<AmazonLambdaException>(() => _lambda.InvokeAsync(new InvokeRequest { FunctionName = name, Payload = "{not json" }, Ct));

        dry.StatusCode.Should().Be(204);
        queued.StatusCode.Should().Be(202);
        bad.ErrorCode.Should().Be("InvalidRequestContentException");
    }
}
