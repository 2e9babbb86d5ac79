using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using SesMail.Functions.Observability;

namespace SesMail.Functions.Routing;

/// <summary>
/// Reads the integration-test token from SSM (<c>/ses-mail/{env}/integration-test-token</c>, SecureString, decrypted)
/// with <see href="https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html">GetParameter</see>,
/// remembering the answer (or its absence) for 60 s. Any read error means "no token"; it is logged, never thrown.
/// </summary>
internal sealed class SsmIntegrationTestTokenSource : IIntegrationTestTokenSource
{
    private static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(60);
    private readonly IAmazonSimpleSystemsManagement _ssm;
    private readonly string _parameterName;
    private readonly TimeProvider _time;
    private readonly StructuredLogger _logger;
    private (string? Token, DateTimeOffset ExpiresAt)? _cached;

    /// <summary>Creates the source.</summary>
    /// <param name="ssm">The SSM client.</param>
    /// <param name="parameterName">The parameter name.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">Where read failures are logged.</param>
    public SsmIntegrationTestTokenSource(IAmazonSimpleSystemsManagement ssm, string parameterName, TimeProvider time, StructuredLogger logger)
    {
        _ssm = ssm;
        _parameterName = parameterName;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public async ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_cached is { } cached && now < cached.ExpiresAt)
        {
            return cached.Token;
        }

        string? token = null;
        try
        {
            var response = await _ssm.GetParameterAsync(new GetParameterRequest { Name = _parameterName, WithDecryption = true }, cancellationToken).ConfigureAwait(false);
            token = string.IsNullOrEmpty(response.Parameter?.Value) ? null : response.Parameter.Value;
        }
        catch (AmazonServiceException exception)
        {
            _logger.Warning(
                "Integration-test token could not be read; no message bypasses the security verdicts",
                new LogField("parameter", _parameterName),
                new LogField("error", exception.ErrorCode ?? exception.Message));
        }

        _cached = (token, now + TimeToLive);
        return token;
    }
}
