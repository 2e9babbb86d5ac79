using Amazon.Runtime;

namespace SesMail.Functions;

/// <summary>
/// Where a function's AWS clients go and how they sign, read from the variables Lambda sets
/// (<see href="https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime">Defined runtime environment variables</see>)
/// and, locally, from what SesMail.LocalRuntime adds.
/// </summary>
/// <param name="Region"><c>AWS_REGION</c>: the function's region (Lambda always sets it).</param>
/// <param name="EndpointUrl"><c>AWS_ENDPOINT_URL</c>: the one endpoint of every client (the emulator or LocalStack), or
/// <c>null</c> for AWS itself.</param>
/// <param name="Credentials"><c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>/<c>AWS_SESSION_TOKEN</c> when set
/// (Lambda sets the role's session keys); otherwise, with an endpoint, fixed local keys; otherwise <c>null</c> for the
/// SDK's default chain.</param>
internal sealed record AwsOptions(string Region, Uri? EndpointUrl, AWSCredentials? Credentials)
{
    /// <summary>Reads the AWS variables.</summary>
    /// <param name="settings">The function's environment.</param>
    /// <returns>The options.</returns>
    /// <exception cref="FunctionConfigurationException"><c>AWS_REGION</c> is unset, or <c>AWS_ENDPOINT_URL</c> is not an absolute http(s) URL.</exception>
    public static AwsOptions From(FunctionSettings settings)
    {
        var region = settings.Get("AWS_REGION")
            ?? throw new FunctionConfigurationException("AWS_REGION", "AWS_REGION is not set; Lambda sets it for every function (locally SesMail.LocalRuntime sets it from SesMail:Region)");
        Uri? endpoint = null;
        if (settings.Get("AWS_ENDPOINT_URL") is { } text
            && (!Uri.TryCreate(text, UriKind.Absolute, out endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)))
        {
            throw new FunctionConfigurationException("AWS_ENDPOINT_URL", $"AWS_ENDPOINT_URL='{text}' is not an absolute http(s) URL; SesMail.LocalRuntime sets it from its backend endpoint");
        }

        return new AwsOptions(region, endpoint, CredentialsFrom(settings, endpoint));
    }

    private static AWSCredentials? CredentialsFrom(FunctionSettings settings, Uri? endpoint)
    {
        var accessKey = settings.Get("AWS_ACCESS_KEY_ID");
        var secretKey = settings.Get("AWS_SECRET_ACCESS_KEY");
        if (accessKey is not null && secretKey is not null)
        {
            return settings.Get("AWS_SESSION_TOKEN") is { } token
                ? new SessionAWSCredentials(accessKey, secretKey, token)
                : new BasicAWSCredentials(accessKey, secretKey);
        }

        return endpoint is not null ? new BasicAWSCredentials("sesmail-local", "sesmail-local") : null;
    }
}
