using SesMail.Functions;
using SesMail.Functions.GmailForwarder;

namespace SesMail.Tests.Functions.GmailForwarder;

[Trait("Kind", "Unit")]
public sealed class GmailForwarderOptionsTests
{
    private static Dictionary<string, string> Template() => new()
    {
        ["ENVIRONMENT"] = "prod",
        ["AWS_REGION"] = "ap-southeast-2",
        ["EMAIL_BUCKET"] = "ses-mail-storage-000000000000-prod",
        ["RETRY_QUEUE_URL"] = "https://sqs.ap-southeast-2.amazonaws.com/000000000000/ses-mail-gmail-forwarder-retry-prod",
        ["RETRY_DLQ_URL"] = "https://sqs.ap-southeast-2.amazonaws.com/000000000000/ses-mail-gmail-forwarder-retry-dlq-prod",
        ["GMAIL_REFRESH_TOKEN_PARAMETER"] = "/ses-mail/prod/gmail-forwarder/oauth/refresh-token",
        ["GMAIL_ACCOUNT_TOKEN_PARAMETER_PATH"] = "/ses-mail/prod/gmail-forwarder/oauth/accounts",
        ["GMAIL_CLIENT_CREDENTIALS_PARAMETER"] = "/ses-mail/prod/gmail-forwarder/oauth/client-credentials",
        ["GMAIL_API_BASE_URL"] = "https://gmail.googleapis.com",
        ["ROUTING_TABLE_NAME"] = "ses-mail-email-routing-prod",
    };

    [Fact]
    public void From_TemplateVariables_ReadsEachAndDefaultsTheTuning()
    {
        var options = GmailForwarderOptions.From(new FunctionSettings(Template()));

        options.RoutingTableName.Should().Be("ses-mail-email-routing-prod");
        options.RetryQueueUrl.Should().Be("https://sqs.ap-southeast-2.amazonaws.com/000000000000/ses-mail-gmail-forwarder-retry-prod");
        options.GmailApiBaseUrl.Should().Be(new Uri("https://gmail.googleapis.com"));
        options.RetryBudget.Should().Be(TimeSpan.FromSeconds(20));
        options.ResumableThreshold.Should().Be(5L * 1024 * 1024);
        options.CredentialCacheTime.Should().Be(TimeSpan.FromSeconds(60));
        options.Aws.Region.Should().Be("ap-southeast-2");
        options.Aws.EndpointUrl.Should().BeNull();
        options.Aws.Credentials.Should().BeNull("in AWS the SDK's default chain supplies the role's keys");
    }

    [Fact]
    public void Constructor_RetryBudgetNotANumber_FailsAtStartNamingVariableAndTemplateResource()
    {
        var values = Template();
        values["GMAIL_RETRY_BUDGET_SECONDS"] = "abc";

        var act = () => new GmailForwarderFunction(new FunctionSettings(values));

        act.Should().Throw<FunctionConfigurationException>()
            .WithMessage("GMAIL_RETRY_BUDGET_SECONDS='abc' is not a whole number of seconds; set it in template.yaml: ForwarderFunction.Properties.Environment.Variables");
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("3600", 3600)]
    public void From_CredentialCacheSeconds_IsReadWithZeroTurningTheCacheOff(string value, int seconds)
    {
        var values = Template();
        values["GMAIL_CREDENTIAL_CACHE_SECONDS"] = value;

        GmailForwarderOptions.From(new FunctionSettings(values)).CredentialCacheTime.Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Fact]
    public void From_CredentialCacheSecondsOverAnHour_FailsAtStart()
    {
        var values = Template();
        values["GMAIL_CREDENTIAL_CACHE_SECONDS"] = "3601";

        var act = () => GmailForwarderOptions.From(new FunctionSettings(values));

        act.Should().Throw<FunctionConfigurationException>().WithMessage("GMAIL_CREDENTIAL_CACHE_SECONDS='3601'*");
    }

    [Fact]
    public void Constructor_NoRoutingTableName_FailsInsteadOfGuessingOne()
    {
        var values = Template();
        values.Remove("ROUTING_TABLE_NAME");

        var act = () => new GmailForwarderFunction(new FunctionSettings(values));

        act.Should().Throw<FunctionConfigurationException>()
            .WithMessage("ROUTING_TABLE_NAME is not set; set it in template.yaml: ForwarderFunction.Properties.Environment.Variables");
    }

    [Fact]
    public void Constructor_NoRegion_SaysLambdaSetsIt()
    {
        var values = Template();
        values.Remove("AWS_REGION");

        var act = () => new GmailForwarderFunction(new FunctionSettings(values));

        act.Should().Throw<FunctionConfigurationException>().WithMessage("AWS_REGION is not set; Lambda sets it*");
    }
}
