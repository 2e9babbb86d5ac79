using System.Text.Json;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using SesMail.Functions.Gmail;

namespace SesMail.Functions.GmailForwarder;

/// <summary>Reads the forwarder's OAuth client and refresh token (docs/OPERATIONS.md#the-gmail-token).</summary>
internal interface IGmailCredentialStore
{
    /// <summary>Reads both parameters.</summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The OAuth client and the refresh token.</returns>
    /// <exception cref="InvalidOperationException">A parameter is missing or malformed; the message names it.</exception>
    Task<(GmailClientSecrets Client, string RefreshToken)> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Reads SSM SecureString parameters (decrypted): the refresh-token parameter holds
/// <c>{"token","created_at","expires_at","expires_at_epoch"}</c>, the client parameter a Google <c>client_secret.json</c>.
/// </summary>
internal sealed class SsmGmailCredentialStore(IAmazonSimpleSystemsManagement ssm, string refreshTokenParameter, string clientCredentialsParameter) : IGmailCredentialStore
{
    /// <inheritdoc />
    public async Task<(GmailClientSecrets Client, string RefreshToken)> ReadAsync(CancellationToken cancellationToken)
    {
        var tokenText = await ReadParameterAsync(refreshTokenParameter, cancellationToken).ConfigureAwait(false);
        var clientText = await ReadParameterAsync(clientCredentialsParameter, cancellationToken).ConfigureAwait(false);

        string? token;
        try
        {
            using var document = JsonDocument.Parse(tokenText);
            token = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("token", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            token = null;
        }

        if (string.IsNullOrWhiteSpace(token))
        {
            throw new InvalidOperationException($"The SSM parameter {refreshTokenParameter} must hold {{\"token\":\"…\",\"created_at\":…,\"expires_at\":…,\"expires_at_epoch\":…}}; store one with `sesmail token refresh --env <env>`.");
        }

        try
        {
            return (GmailClientSecrets.Parse(clientText), token);
        }
        catch (FormatException error)
        {
            throw new InvalidOperationException($"The SSM parameter {clientCredentialsParameter} is not a usable client_secret.json: {error.Message} Store one with `sesmail token set-client --file client_secret.json`.", error);
        }
    }

    private async Task<string> ReadParameterAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var response = await ssm.GetParameterAsync(new GetParameterRequest { Name = name, WithDecryption = true }, cancellationToken).ConfigureAwait(false);
            return response.Parameter?.Value ?? throw new InvalidOperationException($"The SSM parameter {name} has no value.");
        }
        catch (ParameterNotFoundException error)
        {
            throw new InvalidOperationException($"The SSM parameter {name} does not exist; create it (deploy the stack, then `sesmail token set-client` and `sesmail token refresh`) before forwarding mail.", error);
        }
    }
}
