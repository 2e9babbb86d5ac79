namespace SesMail.Functions.Bouncer;

/// <summary>
/// The bouncer's settings, read once from its environment at cold start
/// (<c>BouncerFunction.Properties.Environment.Variables</c> in <c>template.yaml</c>).
/// </summary>
/// <param name="Environment"><c>ENVIRONMENT</c>: <c>test</c> or <c>prod</c>.</param>
/// <param name="RoutingTableName"><c>ROUTING_TABLE_NAME</c>: the table holding the bounce idempotency items.</param>
/// <param name="EmailBucket"><c>EMAIL_BUCKET</c>: where the original is stored when the notification's S3 action does not
/// say (the notification quotes the original's header block).</param>
/// <param name="BounceSender"><c>BOUNCE_SENDER</c>: the <c>From</c> address of notifications (the template sets
/// <c>mailer-daemon@</c> the first domain unless the <c>BounceSender</c> parameter says otherwise).</param>
/// <param name="Domains"><c>DOMAINS</c>: the comma-separated domains SesMail receives for (loop protection; the bounce
/// sender's domain counts as ours too).</param>
/// <param name="Aws">Region, endpoint and credentials.</param>
internal sealed record BouncerOptions(
    string Environment,
    string RoutingTableName,
    string EmailBucket,
    string BounceSender,
    IReadOnlyList<string> Domains,
    AwsOptions Aws)
{
    /// <summary>The function's logical id in <c>template.yaml</c>.</summary>
    public const string TemplateResource = "BouncerFunction";

    /// <summary>Reads the bouncer's variables.</summary>
    /// <param name="settings">The function's environment.</param>
    /// <returns>The options.</returns>
    /// <exception cref="FunctionConfigurationException">A variable is unset or malformed; the message names it and the template resource.</exception>
    public static BouncerOptions From(FunctionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var read = settings.For(TemplateResource);
        return new BouncerOptions(
            read.Environment(),
            read.Required("ROUTING_TABLE_NAME"),
            read.Required("EMAIL_BUCKET"),
            read.RequiredAddress("BOUNCE_SENDER"),
            read.RequiredList("DOMAINS"),
            AwsOptions.From(settings));
    }
}
