namespace SesMail.Functions.OutboundMetrics;

/// <summary>
/// The outbound metrics publisher's settings, read once from its environment at cold start
/// (<c>OutboundMetricsFunction.Properties.Environment.Variables</c> in <c>template.yaml</c>).
/// </summary>
/// <param name="Environment"><c>ENVIRONMENT</c>: <c>test</c> or <c>prod</c>; the metrics go to <c>SESMail/{env}</c>.</param>
/// <param name="Aws">Region, endpoint and credentials.</param>
internal sealed record OutboundMetricsOptions(string Environment, AwsOptions Aws)
{
    /// <summary>The function's logical id in <c>template.yaml</c>.</summary>
    public const string TemplateResource = "OutboundMetricsFunction";

    /// <summary>Reads the publisher's variables.</summary>
    /// <param name="settings">The function's environment.</param>
    /// <returns>The options.</returns>
    /// <exception cref="FunctionConfigurationException">A variable is unset or malformed; the message names it and the template resource.</exception>
    public static OutboundMetricsOptions From(FunctionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new OutboundMetricsOptions(settings.For(TemplateResource).Environment(), AwsOptions.From(settings));
    }
}
