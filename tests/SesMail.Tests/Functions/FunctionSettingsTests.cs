using SesMail.Functions;

namespace SesMail.Tests.Functions;

[Trait("Kind", "Unit")]
public sealed class FunctionSettingsTests
{
    private static FunctionSettings.Reader Read(params (string Name, string Value)[] values) =>
        new FunctionSettings(values.ToDictionary(v => v.Name, v => v.Value)).For("SomeFunction");

    [Fact]
    public void Required_Unset_NamesVariableAndTemplatePlace()
    {
        var act = () => Read().Required("EMAIL_BUCKET");

        act.Should().Throw<FunctionConfigurationException>()
            .WithMessage("EMAIL_BUCKET is not set; set it in template.yaml: SomeFunction.Properties.Environment.Variables");
    }

    [Fact]
    public void Required_Empty_CountsAsUnset()
    {
        var act = () => Read(("EMAIL_BUCKET", string.Empty)).Required("EMAIL_BUCKET");

        act.Should().Throw<FunctionConfigurationException>().Which.Variable.Should().Be("EMAIL_BUCKET");
    }

    [Theory]
    [InlineData("abc", "is not a whole number of seconds")]
    [InlineData("-1", "is not a whole number of seconds")]
    [InlineData("1.5", "is not a whole number of seconds")]
    [InlineData("61", "is outside 0–60 seconds")]
    public void OptionalSeconds_Malformed_SaysWhatIsWrong(string value, string problem)
    {
        var act = () => Read(("TTL", value)).OptionalSeconds("TTL", TimeSpan.FromSeconds(60), 0, 60);

        act.Should().Throw<FunctionConfigurationException>()
            .WithMessage($"TTL='{value}' {problem}; set it in template.yaml: SomeFunction.Properties.Environment.Variables");
    }

    [Fact]
    public void OptionalSeconds_UnsetOrValid_IsFallbackOrValue()
    {
        Read().OptionalSeconds("TTL", TimeSpan.FromSeconds(60), 0, 60).Should().Be(TimeSpan.FromSeconds(60));
        Read(("TTL", "0")).OptionalSeconds("TTL", TimeSpan.FromSeconds(60), 0, 60).Should().Be(TimeSpan.Zero);
    }

    [Theory]
    [InlineData("staging")]
    [InlineData("Test")]
    public void Environment_NotTestOrProd_IsRefused(string value)
    {
        var act = () => Read(("ENVIRONMENT", value)).Environment();

        act.Should().Throw<FunctionConfigurationException>().WithMessage($"ENVIRONMENT='{value}' is not test or prod;*");
    }

    [Theory]
    [InlineData("RETRY", "sqs/queue")]
    [InlineData("RETRY", "ftp://host/q")]
    public void RequiredUrl_NotAbsoluteHttp_IsRefused(string name, string value)
    {
        var act = () => Read((name, value)).RequiredUrl(name);

        act.Should().Throw<FunctionConfigurationException>().WithMessage($"{name}='{value}' is not an absolute http(s) URL;*");
    }

    [Theory]
    [InlineData("mailer-daemon")]
    [InlineData("@example.test")]
    [InlineData("mailer-daemon@")]
    public void RequiredAddress_NoLocalPartOrDomain_IsRefused(string value)
    {
        var act = () => Read(("BOUNCE_SENDER", value)).RequiredAddress("BOUNCE_SENDER");

        act.Should().Throw<FunctionConfigurationException>().WithMessage("BOUNCE_SENDER=* is not an e-mail address*");
    }

    [Fact]
    public void RequiredList_CommaSeparated_TrimsAndDropsBlanks()
    {
        Read(("DOMAINS", " a.test, ,b.test ")).RequiredList("DOMAINS").Should().Equal("a.test", "b.test");

        var act = () => Read(("DOMAINS", " , ")).RequiredList("DOMAINS");
        act.Should().Throw<FunctionConfigurationException>().WithMessage("DOMAINS=' , ' is not a comma-separated list;*");
    }
}
