using SesMail.Functions.Routing;

namespace SesMail.Functions.Router;

/// <summary>
/// The router's settings, read once from its environment at cold start
/// (<c>RouterFunction.Properties.Environment.Variables</c> in <c>template.yaml</c>).
/// </summary>
/// <param name="Environment"><c>ENVIRONMENT</c>: <c>test</c> or <c>prod</c> (metric namespace <c>SESMail/{env}</c>, tags).</param>
/// <param name="RoutingTableName"><c>ROUTING_TABLE_NAME</c>: the routing-rule table.</param>
/// <param name="EmailBucket"><c>EMAIL_BUCKET</c>: the bucket SES stores mail in, used for tagging when the
/// notification's <c>receipt.action</c> names no bucket/key (key <c>emails/{messageId}</c>).</param>
/// <param name="IntegrationTestTokenParameter"><c>INTEGRATION_TEST_TOKEN_PARAMETER</c>: the SSM parameter holding the
/// integration-test token.</param>
/// <param name="RuleCacheTimeToLive"><c>RULE_CACHE_TTL_SECONDS</c>: optional rule-cache lifetime, 0–60 whole seconds;
/// default 60.</param>
/// <param name="Aws">Region, endpoint and credentials (<c>AWS_REGION</c>, <c>AWS_ENDPOINT_URL</c>, keys).</param>
internal sealed record RouterOptions(
    string Environment,
    string RoutingTableName,
    string EmailBucket,
    string IntegrationTestTokenParameter,
    TimeSpan RuleCacheTimeToLive,
    AwsOptions Aws)
{
    /// <summary>The function's logical id in <c>template.yaml</c>.</summary>
    public const string TemplateResource = "RouterFunction";

    /// <summary>Reads the router's variables.</summary>
    /// <param name="settings">The function's environment.</param>
    /// <returns>The options.</returns>
    /// <exception cref="FunctionConfigurationException">A variable is unset or malformed; the message names it and the template resource.</exception>
    public static RouterOptions From(FunctionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var read = settings.For(TemplateResource);
        return new RouterOptions(
            read.Environment(),
            read.Required("ROUTING_TABLE_NAME"),
            read.Required("EMAIL_BUCKET"),
            read.Required("INTEGRATION_TEST_TOKEN_PARAMETER"),
            read.OptionalSeconds("RULE_CACHE_TTL_SECONDS", CachingRoutingRuleStore.MaxTimeToLive, 0, (int)CachingRoutingRuleStore.MaxTimeToLive.TotalSeconds),
            AwsOptions.From(settings));
    }
}
