namespace SesMail.Functions.SmtpCredentials;

/// <summary>
/// The SMTP credential manager's settings, read once from its environment at cold start
/// (<c>SmtpCredentialManagerFunction.Properties.Environment.Variables</c> in <c>template.yaml</c>).
/// </summary>
/// <param name="Environment"><c>ENVIRONMENT</c>: <c>test</c> or <c>prod</c> (the IAM users' <c>Environment</c> tag).</param>
/// <param name="RoutingTableName"><c>ROUTING_TABLE_NAME</c>: the table holding the SMTP user items.</param>
/// <param name="CredentialsKey"><c>SMTP_CREDENTIALS_KEY</c>: the KMS key (alias) the credentials are encrypted with.</param>
/// <param name="Aws">Region (the SMTP password is derived for it), endpoint and credentials.</param>
internal sealed record SmtpCredentialManagerOptions(string Environment, string RoutingTableName, string CredentialsKey, AwsOptions Aws)
{
    /// <summary>The function's logical id in <c>template.yaml</c>.</summary>
    public const string TemplateResource = "SmtpCredentialManagerFunction";

    /// <summary>Reads the manager's variables.</summary>
    /// <param name="settings">The function's environment.</param>
    /// <returns>The options.</returns>
    /// <exception cref="FunctionConfigurationException">A variable is unset or malformed; the message names it and the template resource.</exception>
    public static SmtpCredentialManagerOptions From(FunctionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var read = settings.For(TemplateResource);
        return new SmtpCredentialManagerOptions(read.Environment(), read.Required("ROUTING_TABLE_NAME"), read.Required("SMTP_CREDENTIALS_KEY"), AwsOptions.From(settings));
    }
}
