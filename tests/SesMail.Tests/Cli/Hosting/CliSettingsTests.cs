using SesMail.Cli.Hosting;

namespace SesMail.Tests.Cli.Hosting;

[Trait("Kind", "Unit")]
public sealed class CliSettingsTests
{
    [Fact]
    public void Resolve_NothingGiven_UsesLocalEmulator()
    {
        var settings = CliSettings.Resolve(null, null, "test", "ap-southeast-2", OutputFormat.Table, null);

        settings.Endpoint.Should().Be(new Uri("http://127.0.0.1:4566"));
        settings.StackFile.Should().BeNull("the stack file is looked for, not assumed");
        settings.StackName.Should().Be("ses-mail-test");
    }

    [Fact]
    public void Resolve_ProfileWithoutEndpoint_TargetsRealAws()
    {
        var settings = CliSettings.Resolve(null, "prod-admin", "prod", "ap-southeast-2", OutputFormat.Json, "http://127.0.0.1:4566");

        settings.Endpoint.Should().BeNull();
        settings.Describe().Should().Be("AWS ap-southeast-2 (profile prod-admin)");
    }

    [Fact]
    public void Resolve_EnvironmentVariableEndpoint_IsUsedWhenNoOptionGiven()
    {
        var settings = CliSettings.Resolve(null, null, "test", "ap-southeast-2", OutputFormat.Table, "http://127.0.0.1:4510");

        settings.Endpoint.Should().Be(new Uri("http://127.0.0.1:4510"));
    }

    [Fact]
    public void Resolve_EndpointOption_WinsOverEverything()
    {
        var settings = CliSettings.Resolve("http://localhost:9999", "p", "test", "ap-southeast-2", OutputFormat.Table, "http://127.0.0.1:4510");

        settings.Endpoint.Should().Be(new Uri("http://localhost:9999"));
        settings.Profile.Should().Be("p");
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("Test")]
    public void Resolve_UnknownEnvironment_ThrowsWithHint(string environment)
    {
        var act = () => CliSettings.Resolve(null, null, environment, "ap-southeast-2", OutputFormat.Table, null);

        act.Should().Throw<CliException>().Which.Hint.Should().Contain("--env test");
    }

    [Theory]
    [InlineData("127.0.0.1:4566")]
    [InlineData("ftp://127.0.0.1")]
    public void Resolve_EndpointNotHttp_Throws(string endpoint)
    {
        var act = () => CliSettings.Resolve(endpoint, null, "test", "ap-southeast-2", OutputFormat.Table, null);

        act.Should().Throw<CliException>().WithMessage("*not an http(s) URL*");
    }
}
