using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Ssm;

/// <summary>Parameter Store state across an emulator restart, through the AWS SDK for .NET.</summary>
[Trait("Kind", "Contract")]
public sealed class SsmPersistenceTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PutParameter_ThenRestart_SecureStringDecryptsAndVersionsRemain()
    {
        await using var emulator = await new RestartableEmulator().StartAsync();
        using (var ssm = Client(emulator))
        {
            await ssm.PutParameterAsync(new PutParameterRequest { Name = "/ses-mail/test/token", Value = "first", Type = ParameterType.SecureString }, Token);
            await ssm.PutParameterAsync(new PutParameterRequest { Name = "/ses-mail/test/token", Value = "sesmail-local-refresh:me@example.test", Overwrite = true }, Token);
            await ssm.PutParameterAsync(new PutParameterRequest { Name = "/ses-mail/test/plain", Value = "a,b", Type = ParameterType.StringList, Description = "kept" }, Token);
        }

        await emulator.RestartAsync();

        using var after = Client(emulator);
        var token = await after.GetParameterAsync(new GetParameterRequest { Name = "/ses-mail/test/token", WithDecryption = true }, Token);
        var first = await after.GetParameterAsync(new GetParameterRequest { Name = "/ses-mail/test/token:1", WithDecryption = true }, Token);
        var sealedValue = await after.GetParameterAsync(new GetParameterRequest { Name = "/ses-mail/test/token" }, Token);
        var plain = await after.GetParameterAsync(new GetParameterRequest { Name = "/ses-mail/test/plain" }, Token);
        var next = await after.PutParameterAsync(new PutParameterRequest { Name = "/ses-mail/test/token", Value = "third", Overwrite = true }, Token);

        token.Parameter.Type.Should().Be(ParameterType.SecureString);
        token.Parameter.Value.Should().Be("sesmail-local-refresh:me@example.test");
        token.Parameter.Version.Should().Be(2);
        first.Parameter.Value.Should().Be("first");
        sealedValue.Parameter.Value.Should().NotContain("sesmail-local-refresh");
        plain.Parameter.Type.Should().Be(ParameterType.StringList);
        plain.Parameter.Value.Should().Be("a,b");
        next.Version.Should().Be(3);
    }

    [Fact]
    public async Task DeleteParameter_ThenRestart_StaysDeleted()
    {
        await using var emulator = await new RestartableEmulator().StartAsync();
        using (var ssm = Client(emulator))
        {
            await ssm.PutParameterAsync(new PutParameterRequest { Name = "/gone", Value = "x", Type = ParameterType.String }, Token);
            await ssm.DeleteParameterAsync(new DeleteParameterRequest { Name = "/gone" }, Token);
        }

        await emulator.RestartAsync();

        using var after = Client(emulator);
        var act = () => after.GetParameterAsync(new GetParameterRequest { Name = "/gone" }, Token);
        await act.Should().ThrowAsync<ParameterNotFoundException>();
    }

    private static AmazonSimpleSystemsManagementClient Client(RestartableEmulator emulator) =>
        new(RestartableEmulator.Credentials, emulator.Configure(new AmazonSimpleSystemsManagementConfig()));
}
