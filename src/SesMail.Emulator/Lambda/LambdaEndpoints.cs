using System.Text.Json.Serialization;
using SesMail.Emulator.Hosting;
using SesMail.Emulator.Lambda.Runtime;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Lambda;

/// <summary>
/// The emulator's own Lambda endpoints beside the AWS API: the download location <c>GetFunction</c> names, and the
/// attachment of an outside runtime (the local runtime's in-process handlers).
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term><c>GET /_sesmail/lambda/code/{region}/{function}</c></term><description>the function's deployment package (application/zip).</description></item>
/// <item><term><c>POST /_sesmail/lambda/runtimes/{region}/{function}</c></term><description>attaches a runtime: answers
/// <c>{"RuntimeApi":"127.0.0.1:port","Environment":{…}}</c>, the Runtime API to poll and the environment variables the
/// function sees in Lambda (its own, the platform's and its role's credentials); 404 <c>ResourceNotFoundException</c> for no such function.</description></item>
/// <item><term><c>DELETE /_sesmail/lambda/runtimes/{region}/{function}</c></term><description>detaches it (204).</description></item>
/// </list>
/// An attachment also lapses by itself when nobody polled its Runtime API for 10 s.
/// </remarks>
internal static class LambdaEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application.</returns>
    public static WebApplication MapLambdaEndpoints(this WebApplication app)
    {
        app.MapGet("/_sesmail/lambda/code/{region}/{function}", (string region, string function, LambdaProvider provider) =>
            provider.CodeFile(region, function) is { } path
                ? Results.File(path, "application/zip", $"{function}.zip")
                : Results.NotFound());

        app.MapPost("/_sesmail/lambda/runtimes/{region}/{function}", async (string region, string function, LambdaProvider provider, LambdaExecutor executor, EmulatorOptions options, CancellationToken cancellationToken) =>
        {
            try
            {
                var context = new AwsRequestContext(region, options.AccountId, Guid.NewGuid().ToString(), string.Empty, null);
                var found = provider.Require(function, null, context);
                var (address, environment) = await executor.AttachAsync(found, cancellationToken).ConfigureAwait(false);
                return Results.Json(new RuntimeAttachment(address, environment), LambdaEndpointsJsonContext.Default.RuntimeAttachment);
            }
            catch (AwsServiceException error)
            {
                return Results.Json(RestJsonResponse.ErrorBody(error), statusCode: RestJsonResponse.StatusOf(error));
            }
        });

        app.MapDelete("/_sesmail/lambda/runtimes/{region}/{function}", async (string region, string function, LambdaExecutor executor) =>
            await executor.DetachAsync(region, function).ConfigureAwait(false) ? Results.NoContent() : Results.NotFound());
        return app;
    }
}

/// <summary>An attached runtime's instructions.</summary>
/// <param name="RuntimeApi">The <c>AWS_LAMBDA_RUNTIME_API</c> value to poll.</param>
/// <param name="Environment">The function's environment as Lambda would give it.</param>
internal sealed record RuntimeAttachment(string RuntimeApi, IReadOnlyDictionary<string, string> Environment);

[JsonSerializable(typeof(RuntimeAttachment))]
internal sealed partial class LambdaEndpointsJsonContext : JsonSerializerContext;
