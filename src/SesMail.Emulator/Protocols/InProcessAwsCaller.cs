using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SesMail.Emulator.Hosting;
using SesMail.Emulator.Persistence;

namespace SesMail.Emulator.Protocols;

/// <summary>
/// The emulator's internal entry point to its own services: runs one operation of a registered service, found by
/// its SigV4 signing name, on a JSON-shaped request, without HTTP. What Step Functions' AWS SDK integrations
/// (<c>arn:aws:states:::aws-sdk:sqs:receiveMessage</c>) use, as Step Functions calls the service's API in AWS.
/// Successful calls that change state are reported for persistence, as the request dispatcher reports them.
/// </summary>
/// <param name="services">Resolves the service bindings lazily (a service may itself call through here).</param>
/// <param name="options">The emulator's account and address.</param>
internal sealed class InProcessAwsCaller(IServiceProvider services, EmulatorOptions options)
{
    /// <summary>Runs one operation.</summary>
    /// <param name="signingName">The service's signing name, e.g. <c>sqs</c>, <c>dynamodb</c>, <c>monitoring</c>.</param>
    /// <param name="operation">The operation, e.g. <c>ReceiveMessage</c>.</param>
    /// <param name="input">The request in the service's JSON member names.</param>
    /// <param name="region">The region the call is for.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result (an empty object for an empty result).</returns>
    /// <exception cref="AwsServiceException">The service's error; <c>UnknownOperationException</c> when no such service is registered.</exception>
    public async Task<JsonNode> InvokeAsync(string signingName, string operation, JsonObject input, string region, CancellationToken cancellationToken)
    {
        var context = new AwsRequestContext(region, options.AccountId, Guid.NewGuid().ToString(), BaseUrl(), null);
        JsonNode? result;
        if (services.GetServices<IJsonService>().FirstOrDefault(s => s.SigningName == signingName) is { } json)
        {
            result = await json.InvokeAsync(operation, input, context, cancellationToken).ConfigureAwait(false);
        }
        else if (services.GetServices<IQueryService>().OfType<IJsonOperations>().FirstOrDefault(s => s.SigningName == signingName) is { } query)
        {
            result = await query.InvokeJsonAsync(operation, input, context, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            throw new AwsServiceException("UnknownOperationException", $"No service with the signing name '{signingName}' is registered in this emulator.");
        }

        if (!EmulatorPersistence.IsRead(operation))
        {
            services.GetService<IStateChanges>()?.Changed(signingName);
        }

        return result ?? new JsonObject();
    }

    private string BaseUrl()
    {
        var address = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        return address is null ? $"http://{options.BindAddress}:{options.Port}" : address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
    }
}
