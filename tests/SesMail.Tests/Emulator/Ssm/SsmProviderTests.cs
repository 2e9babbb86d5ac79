using System.Text.Json;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Ssm;

/// <summary>Parameter Store through the AWS SDK for .NET v4 (JSON 1.1) and the AWS CLI.</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class SsmProviderTests(EmulatorFixture emulator) : IDisposable
{
    private readonly AmazonSimpleSystemsManagementClient _ssm = new(EmulatorFixture.Credentials, emulator.Configure(new AmazonSimpleSystemsManagementConfig()));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _ssm.Dispose();

    [Fact]
    public async Task PutParameter_ThenGetParameter_ReturnsValueVersionAndArn()
    {
        var name = Name();

        var put = await _ssm.PutParameterAsync(new PutParameterRequest { Name = name, Value = "v1", Type = ParameterType.String }, Token);
        var got = await _ssm.GetParameterAsync(new GetParameterRequest { Name = name }, Token);

        put.Version.Should().Be(1);
        got.Parameter.Value.Should().Be("v1");
        got.Parameter.Type.Should().Be(ParameterType.String);
        got.Parameter.Version.Should().Be(1);
        got.Parameter.ARN.Should().Be($"arn:aws:ssm:ap-southeast-2:000000000000:parameter{name}");
        got.Parameter.LastModifiedDate.Should().BeCloseTo(DateTime.UtcNow, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task DescribeParametersAndGetParameterHistory_AfterOverwrite_ListMetadataAndEveryVersion()
    {
        var root = Name();
        await _ssm.PutParameterAsync(new PutParameterRequest { Name = $"{root}/a", Value = "v1", Type = ParameterType.String, Description = "first" }, Token);
        await _ssm.PutParameterAsync(new PutParameterRequest { Name = $"{root}/a", Value = "v2", Type = ParameterType.String, Overwrite = true }, Token);
        await _ssm.PutParameterAsync(new PutParameterRequest { Name = $"{root}/b/secret", Value = "s", Type = ParameterType.SecureString }, Token);

        var oneLevel = await _ssm.DescribeParametersAsync(new DescribeParametersRequest
        {
            ParameterFilters = [new ParameterStringFilter { Key = "Path", Option = "OneLevel", Values = [root] }],
        }, Token);
        var recursive = await _ssm.DescribeParametersAsync(new DescribeParametersRequest
        {
            ParameterFilters = [new ParameterStringFilter { Key = "Path", Option = "Recursive", Values = [root] }],
        }, Token);
        var secure = await _ssm.DescribeParametersAsync(new DescribeParametersRequest
        {
            ParameterFilters =
            [
                new ParameterStringFilter { Key = "Name", Option = "BeginsWith", Values = [root] },
                new ParameterStringFilter { Key = "Type", Values = ["SecureString"] },
            ],
        }, Token);
        var history = await _ssm.GetParameterHistoryAsync(new GetParameterHistoryRequest { Name = $"{root}/a" }, Token);
        var missing = () => _ssm.GetParameterHistoryAsync(new GetParameterHistoryRequest { Name = $"{root}/none" }, Token);

        oneLevel.Parameters.Select(p => p.Name).Should().Equal($"{root}/a");
        oneLevel.Parameters[0].Version.Should().Be(2);
        oneLevel.Parameters[0].ARN.Should().Be($"arn:aws:ssm:ap-southeast-2:000000000000:parameter{root}/a");
        recursive.Parameters.Select(p => p.Name).Should().BeEquivalentTo([$"{root}/a", $"{root}/b/secret"]);
        secure.Parameters.Select(p => p.Name).Should().Equal($"{root}/b/secret");
        history.Parameters.Select(p => (p.Version, p.Value)).Should().Equal((1L, "v1"), (2L, "v2"));
        history.Parameters[0].Description.Should().Be("first");
        await missing.Should().ThrowAsync<ParameterNotFoundException>();
    }

    [Fact]
    public async Task PutParameter_ExistingWithoutOverwrite_ThrowsParameterAlreadyExists()
    {
        var name = Name();
        await _ssm.PutParameterAsync(new PutParameterRequest { Name = name, Value = "a", Type = ParameterType.String }, Token);

        var act = () => _ssm.PutParameterAsync(new PutParameterRequest { Name = name, Value = "b", Type = ParameterType.String }, Token);

        await act.Should().ThrowAsync<ParameterAlreadyExistsException>();
    }

    [Fact]
    public async Task PutParameter_WithOverwrite_AddsVersionAndOldVersionStaysSelectable()
    {
        var name = Name();
        await _ssm.PutParameterAsync(new PutParameterRequest { Name = name, Value = "a", Type = ParameterType.String }, Token);

        var second = await _ssm.PutParameterAsync(new PutParameterRequest { Name = name, Value = "b", Overwrite = true }, Token);
        var latest = await _ssm.GetParameterAsync(new GetParameterRequest { Name = name }, Token);
        var first = await _ssm.GetParameterAsync(new GetParameterRequest { Name = name + ":1" }, Token);

        second.Version.Should().Be(2);
        latest.Parameter.Value.Should().Be("b");
        latest.Parameter.Type.Should().Be(ParameterType.String, "an overwrite without Type keeps the type");
        first.Parameter.Value.Should().Be("a");
        first.Parameter.Selector.Should().Be(":1");
    }

    [Fact]
    public async Task GetParameter_SecureString_IsOpaqueUnlessDecrypted()
    {
        var name = Name();
        const string secret = "{\"token\":\"sesmail-local-refresh:me@example.test\"}";
        await _ssm.PutParameterAsync(new PutParameterRequest { Name = name, Value = secret, Type = ParameterType.SecureString }, Token);

        var sealedValue = await _ssm.GetParameterAsync(new GetParameterRequest { Name = name }, Token);
        var plain = await _ssm.GetParameterAsync(new GetParameterRequest { Name = name, WithDecryption = true }, Token);

        sealedValue.Parameter.Type.Should().Be(ParameterType.SecureString);
        sealedValue.Parameter.Value.Should().NotContain("sesmail-local-refresh");
        plain.Parameter.Value.Should().Be(secret);
    }

    [Fact]
    public async Task GetParameter_Missing_ThrowsParameterNotFound()
    {
        var act = () => _ssm.GetParameterAsync(new GetParameterRequest { Name = Name() }, Token);

        await act.Should().ThrowAsync<ParameterNotFoundException>();
    }

    [Fact]
    public async Task GetParameters_MixedNames_ReturnsFoundAndInvalid()
    {
        var a = Name();
        var missing = Name();
        await _ssm.PutParameterAsync(new PutParameterRequest { Name = a, Value = "x,y", Type = ParameterType.StringList }, Token);

        var result = await _ssm.GetParametersAsync(new GetParametersRequest { Names = [a, missing], WithDecryption = true }, Token);

        result.Parameters.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Name = a, Value = "x,y" });
        result.Parameters[0].Type.Should().Be(ParameterType.StringList);
        result.InvalidParameters.Should().Equal(missing);
    }

    [Fact]
    public async Task GetParametersByPath_RecursiveOrNot_ReturnsTheRightLevelsAcrossPages()
    {
        var root = $"/sesmail-tests/{Guid.NewGuid():N}";
        foreach (var leaf in new[] { "a", "b", "c", "sub/d" })
        {
            await _ssm.PutParameterAsync(new PutParameterRequest { Name = $"{root}/{leaf}", Value = leaf, Type = ParameterType.SecureString }, Token);
        }

        var flat = await _ssm.GetParametersByPathAsync(new GetParametersByPathRequest { Path = root, WithDecryption = true }, Token);
        var page1 = await _ssm.GetParametersByPathAsync(new GetParametersByPathRequest { Path = root, Recursive = true, MaxResults = 3, WithDecryption = true }, Token);
        var page2 = await _ssm.GetParametersByPathAsync(new GetParametersByPathRequest { Path = root, Recursive = true, MaxResults = 3, NextToken = page1.NextToken, WithDecryption = true }, Token);

        flat.Parameters.Select(p => p.Value).Should().Equal("a", "b", "c");
        page1.Parameters.Should().HaveCount(3);
        page1.NextToken.Should().NotBeNullOrEmpty();
        page2.Parameters.Select(p => p.Name).Should().Equal($"{root}/sub/d");
        page2.NextToken.Should().BeNull();
    }

    [Fact]
    public async Task DeleteParameter_Existing_RemovesItAndSecondDeleteThrowsParameterNotFound()
    {
        var name = Name();
        await _ssm.PutParameterAsync(new PutParameterRequest { Name = name, Value = "x", Type = ParameterType.String }, Token);

        await _ssm.DeleteParameterAsync(new DeleteParameterRequest { Name = name }, Token);
        var again = () => _ssm.DeleteParameterAsync(new DeleteParameterRequest { Name = name }, Token);
        var get = () => _ssm.GetParameterAsync(new GetParameterRequest { Name = name }, Token);

        await again.Should().ThrowAsync<ParameterNotFoundException>();
        await get.Should().ThrowAsync<ParameterNotFoundException>();
    }

    [Fact]
    public async Task DeleteParameters_MixedNames_ReportsDeletedAndInvalid()
    {
        var a = Name();
        var missing = Name();
        await _ssm.PutParameterAsync(new PutParameterRequest { Name = a, Value = "x", Type = ParameterType.String }, Token);

        var result = await _ssm.DeleteParametersAsync(new DeleteParametersRequest { Names = [a, missing] }, Token);

        result.DeletedParameters.Should().Equal(a);
        result.InvalidParameters.Should().Equal(missing);
    }

    [Fact]
    public async Task PutParameter_ReservedOrInvalidName_ThrowsValidation()
    {
        var reserved = () => _ssm.PutParameterAsync(new PutParameterRequest { Name = "/aws/mine", Value = "x", Type = ParameterType.String }, Token);
        var invalid = () => _ssm.PutParameterAsync(new PutParameterRequest { Name = "/bad name", Value = "x", Type = ParameterType.String }, Token);
        var noType = () => _ssm.PutParameterAsync(new PutParameterRequest { Name = Name(), Value = "x" }, Token);

        (await reserved.Should().ThrowAsync<AmazonSimpleSystemsManagementException>()).Which.ErrorCode.Should().Be("ValidationException");
        (await invalid.Should().ThrowAsync<AmazonSimpleSystemsManagementException>()).Which.ErrorCode.Should().Be("ValidationException");
        (await noType.Should().ThrowAsync<AmazonSimpleSystemsManagementException>()).Which.ErrorCode.Should().Be("ValidationException");
    }

    [Fact]
    public async Task Parameters_WithCli_PutGetByPathAndDelete()
    {
        var root = $"/sesmail-cli/{Guid.NewGuid():N}";

        var put = await CliJsonAsync("ssm", "put-parameter", "--name", $"{root}/secret", "--value", "s3cr3t", "--type", "SecureString");
        await CliJsonAsync("ssm", "put-parameter", "--name", $"{root}/secret", "--value", "s3cr3t-2", "--overwrite");
        var got = await CliJsonAsync("ssm", "get-parameter", "--name", $"{root}/secret", "--with-decryption");
        var many = await CliJsonAsync("ssm", "get-parameters", "--names", $"{root}/secret", $"{root}/none");
        var byPath = await CliJsonAsync("ssm", "get-parameters-by-path", "--path", root, "--recursive", "--with-decryption");
        await CliJsonAsync("ssm", "delete-parameter", "--name", $"{root}/secret");
        var (exit, _, error) = await AwsCli.RunAsync(emulator.BaseUrl, "ssm", "get-parameter", "--name", $"{root}/secret");
        var (existsExit, _, existsError) = await AwsCli.RunAsync(emulator.BaseUrl, "ssm", "delete-parameters", "--names", $"{root}/none");

        put.GetProperty("Version").GetInt64().Should().Be(1);
        got.GetProperty("Parameter").GetProperty("Value").GetString().Should().Be("s3cr3t-2");
        got.GetProperty("Parameter").GetProperty("Version").GetInt64().Should().Be(2);
        many.GetProperty("InvalidParameters")[0].GetString().Should().Be($"{root}/none");
        byPath.GetProperty("Parameters")[0].GetProperty("Value").GetString().Should().Be("s3cr3t-2");
        exit.Should().NotBe(0);
        error.Should().Contain("ParameterNotFound");
        existsExit.Should().Be(0, existsError);
    }

    private static string Name() => $"/sesmail-tests/{Guid.NewGuid():N}";

    private async Task<JsonElement> CliJsonAsync(params string[] args)
    {
        var (exit, output, error) = await AwsCli.RunAsync(emulator.BaseUrl, args);
        exit.Should().Be(0, error);
        return output.Trim().Length == 0 ? default : JsonDocument.Parse(output).RootElement.Clone();
    }
}
