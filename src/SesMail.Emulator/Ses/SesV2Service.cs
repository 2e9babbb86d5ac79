using System.Text.Json.Nodes;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Ses;

/// <summary>
/// Binds <see cref="SesV2Provider"/> to REST-JSON (signing name <c>ses</c>, paths under <c>/v2/email</c>,
/// https://docs.aws.amazon.com/ses/latest/APIReference-V2/Welcome.html). Its requests are authorized with IAM at the
/// door like every Query and JSON request (<see cref="AuthorizationMembers"/>). Its changes are persisted in SES v1's
/// snapshot (signing name <c>email</c>): both APIs share one store.
/// </summary>
internal sealed class SesV2Service(SesV2Provider provider, Persistence.IStateChanges? changes = null) : IRestJsonService
{
    /// <inheritdoc />
    public string SigningName => "ses";

    /// <inheritdoc />
    public IReadOnlyList<RestJsonRoute> Routes { get; } =
    [
        new("POST", "/v2/email/configuration-sets", "CreateConfigurationSet"),
        new("GET", "/v2/email/configuration-sets", "ListConfigurationSets"),
        new("GET", "/v2/email/configuration-sets/{ConfigurationSetName}", "GetConfigurationSet"),
        new("DELETE", "/v2/email/configuration-sets/{ConfigurationSetName}", "DeleteConfigurationSet"),
        new("POST", "/v2/email/configuration-sets/{ConfigurationSetName}/event-destinations", "CreateConfigurationSetEventDestination"),
        new("GET", "/v2/email/configuration-sets/{ConfigurationSetName}/event-destinations", "GetConfigurationSetEventDestinations"),
        new("PUT", "/v2/email/configuration-sets/{ConfigurationSetName}/event-destinations/{EventDestinationName}", "UpdateConfigurationSetEventDestination"),
        new("DELETE", "/v2/email/configuration-sets/{ConfigurationSetName}/event-destinations/{EventDestinationName}", "DeleteConfigurationSetEventDestination"),
        new("POST", "/v2/email/identities", "CreateEmailIdentity"),
        new("GET", "/v2/email/identities", "ListEmailIdentities"),
        new("GET", "/v2/email/identities/{EmailIdentity}", "GetEmailIdentity"),
        new("DELETE", "/v2/email/identities/{EmailIdentity}", "DeleteEmailIdentity"),
        new("PUT", "/v2/email/identities/{EmailIdentity}/configuration-set", "PutEmailIdentityConfigurationSetAttributes"),
        new("POST", "/v2/email/outbound-emails", "SendEmail"),
        new("GET", "/v2/email/account", "GetAccount"),
    ];

    /// <inheritdoc />
    public JsonObject? AuthorizationMembers(string operation, RestJsonRequest request) => request.Input();

    /// <inheritdoc />
    public async ValueTask<RestJsonResponse> InvokeAsync(string operation, RestJsonRequest request, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var json = SesV2JsonContext.Default;
        const string invalid = "BadRequestException";
        var input = request.Input();
        var result = operation switch
        {
            "CreateConfigurationSet" => await AwsOperation.Invoke(input, json.V2CreateConfigurationSetRequest, json.EmptyResult, r => provider.CreateConfigurationSet(r, context), invalid).ConfigureAwait(false),
            "ListConfigurationSets" => await AwsOperation.Invoke(input, json.V2ListRequest, json.V2ListConfigurationSetsResult, r => provider.ListConfigurationSets(r, context), invalid).ConfigureAwait(false),
            "GetConfigurationSet" => await AwsOperation.Invoke(input, json.V2ConfigurationSetRequest, json.V2GetConfigurationSetResult, r => provider.GetConfigurationSet(r, context), invalid).ConfigureAwait(false),
            "DeleteConfigurationSet" => await AwsOperation.Invoke(input, json.V2ConfigurationSetRequest, json.EmptyResult, r => provider.DeleteConfigurationSet(r, context), invalid).ConfigureAwait(false),
            "CreateConfigurationSetEventDestination" => await AwsOperation.Invoke(input, json.V2EventDestinationRequest, json.EmptyResult, r => provider.CreateConfigurationSetEventDestination(r, context), invalid).ConfigureAwait(false),
            "GetConfigurationSetEventDestinations" => await AwsOperation.Invoke(input, json.V2ConfigurationSetRequest, json.V2GetEventDestinationsResult, r => provider.GetConfigurationSetEventDestinations(r, context), invalid).ConfigureAwait(false),
            "UpdateConfigurationSetEventDestination" => await AwsOperation.Invoke(input, json.V2EventDestinationRequest, json.EmptyResult, r => provider.UpdateConfigurationSetEventDestination(r, context), invalid).ConfigureAwait(false),
            "DeleteConfigurationSetEventDestination" => await AwsOperation.Invoke(input, json.V2EventDestinationNameRequest, json.EmptyResult, r => provider.DeleteConfigurationSetEventDestination(r, context), invalid).ConfigureAwait(false),
            "CreateEmailIdentity" => await AwsOperation.Invoke(input, json.V2CreateEmailIdentityRequest, json.V2CreateEmailIdentityResult, r => provider.CreateEmailIdentity(r, context), invalid).ConfigureAwait(false),
            "ListEmailIdentities" => await AwsOperation.Invoke(input, json.V2ListRequest, json.V2ListEmailIdentitiesResult, r => provider.ListEmailIdentities(r, context), invalid).ConfigureAwait(false),
            "GetEmailIdentity" => await AwsOperation.Invoke(input, json.V2EmailIdentityRequest, json.V2GetEmailIdentityResult, r => provider.GetEmailIdentity(r, context), invalid).ConfigureAwait(false),
            "DeleteEmailIdentity" => await AwsOperation.Invoke(input, json.V2EmailIdentityRequest, json.EmptyResult, r => provider.DeleteEmailIdentity(r, context), invalid).ConfigureAwait(false),
            "PutEmailIdentityConfigurationSetAttributes" => await AwsOperation.Invoke(input, json.V2PutIdentityConfigurationSetRequest, json.EmptyResult, r => provider.PutEmailIdentityConfigurationSetAttributes(r, context), invalid).ConfigureAwait(false),
            "SendEmail" => await AwsOperation.InvokeAsync(input, json.V2SendEmailRequest, json.V2SendEmailResult, r => provider.SendEmailAsync(r, context, cancellationToken), invalid).ConfigureAwait(false),
            "GetAccount" => await AwsOperation.Invoke(input, json.V2GetAccountRequest, json.V2GetAccountResult, r => provider.GetAccount(r, context), invalid).ConfigureAwait(false),
            _ => throw AwsServiceException.Common.UnknownOperation("UnknownOperationException", operation),
        };
        if (!operation.StartsWith("Get", StringComparison.Ordinal) && !operation.StartsWith("List", StringComparison.Ordinal))
        {
            changes?.Changed("email");
        }

        return RestJsonResponse.Json(result);
    }
}
