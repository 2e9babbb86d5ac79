using System.Text.Json.Serialization;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Sts;

/// <summary>
/// <c>POST /_sesmail/iam/service-credentials</c> with <c>{"ServicePrincipal":"ses.amazonaws.com","SourceArn":"…","DurationSeconds":3600}</c>
/// answers <c>{"AccessKeyId","SecretAccessKey","SessionToken","Expiration"}</c>: credentials that act as that AWS
/// service (see <see cref="StsProvider.IssueServiceCredentials"/>). The local runtime's SES receiving edge signs with
/// them, so it holds exactly what the bucket and topic policies grant SES. Not an AWS API: AWS services authenticate
/// internally.
/// </summary>
internal static class ServiceCredentialsEndpoint
{
    /// <summary>The path.</summary>
    public const string Path = "/_sesmail/iam/service-credentials";

    /// <summary>Maps the endpoint.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application.</returns>
    public static WebApplication MapServiceCredentials(this WebApplication app)
    {
        app.MapPost(Path, (ServiceCredentialsRequest request, StsProvider sts) =>
        {
            try
            {
                var credentials = sts.IssueServiceCredentials(request.ServicePrincipal ?? string.Empty, request.SourceArn, request.DurationSeconds);
                return Results.Json(credentials, StsJsonContext.Default.CredentialsShape);
            }
            catch (AwsServiceException error)
            {
                return Results.Json(new ServiceCredentialsError(error.Code, error.Message), StsJsonContext.Default.ServiceCredentialsError, statusCode: (int)error.StatusCode);
            }
        });
        return app;
    }
}

/// <summary>Body of <c>POST /_sesmail/iam/service-credentials</c>.</summary>
/// <param name="ServicePrincipal">The service, e.g. <c>ses.amazonaws.com</c>.</param>
/// <param name="SourceArn">The resource it acts for (<c>aws:SourceArn</c>), or <c>null</c>.</param>
/// <param name="DurationSeconds">Lifetime in seconds (900-43200, default 3600).</param>
internal sealed record ServiceCredentialsRequest(
    [property: JsonPropertyName("ServicePrincipal")] string? ServicePrincipal,
    [property: JsonPropertyName("SourceArn")] string? SourceArn,
    [property: JsonPropertyName("DurationSeconds")] int? DurationSeconds);

/// <summary>Error body of <c>POST /_sesmail/iam/service-credentials</c>.</summary>
/// <param name="Code">The error code (<c>ValidationError</c>).</param>
/// <param name="Message">What is wrong.</param>
internal sealed record ServiceCredentialsError(
    [property: JsonPropertyName("Code")] string Code,
    [property: JsonPropertyName("Message")] string Message);
