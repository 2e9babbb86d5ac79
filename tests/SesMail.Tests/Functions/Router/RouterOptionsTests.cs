using SesMail.Functions;
using SesMail.Functions.Router;

namespace SesMail.Tests.Functions.Router;

[Trait("Kind", "Unit")]
public sealed class RouterOptionsTests
{
    private static Dictionary<string, string> Template() => new()
    {
        ["ENVIRONMENT"] = "test",
        ["AWS_REGION"] = "ap-southeast-2",
        ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4566",
        ["ROUTING_TABLE_NAME"] = "ses-mail-email-routing-test",
        ["EMAIL_BUCKET"] = "ses-mail-storage-000000000000-test",
        ["INTEGRATION_TEST_TOKEN_PARAMETER"] = "/ses-mail/test/integration-test-token",
    };

    [Fact]
    public void From_RuleCacheTtlSet_UsesIt()
    {
        var values = Template();
        values["RULE_CACHE_TTL_SECONDS"] = "5";

        var options = RouterOptions.From(new FunctionSettings(values));

        options.RuleCacheTimeToLive.Should().Be(TimeSpan.FromSeconds(5));
        options.Aws.EndpointUrl.Should().Be(new Uri("http://127.0.0.1:4566"));
        options.Aws.Credentials.Should().NotBeNull("a local endpoint is signed with fixed local keys");
    }

    [Fact]
    public void Constructor_RuleCacheTtlAboveSixty_FailsAtStart()
    {
        var values = Template();
        values["RULE_CACHE_TTL_SECONDS"] = "600";

        var act = () => new RouterFunction(new FunctionSettings(values));

        act.Should().Throw<FunctionConfigurationException>()
            .WithMessage("RULE_CACHE_TTL_SECONDS='600' is outside 0–60 seconds; set it in template.yaml: RouterFunction.Properties.Environment.Variables");
    }

    [Theory]
    [InlineData("ROUTING_TABLE_NAME")]
    [InlineData("EMAIL_BUCKET")]
    [InlineData("INTEGRATION_TEST_TOKEN_PARAMETER")]
    [InlineData("ENVIRONMENT")]
    public void Constructor_RequiredVariableMissing_FailsAtStartNamingIt(string variable)
    {
        var values = Template();
        values.Remove(variable);

        var act = () => new RouterFunction(new FunctionSettings(values));

        act.Should().Throw<FunctionConfigurationException>()
            .WithMessage($"{variable} is not set; set it in template.yaml: RouterFunction.Properties.Environment.Variables");
    }
}
