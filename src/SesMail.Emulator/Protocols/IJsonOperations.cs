using System.Text.Json.Nodes;

namespace SesMail.Emulator.Protocols;

/// <summary>
/// A Query-protocol service that can also run an operation on a JSON-shaped request, as its binding does internally
/// after <see cref="QueryDocument.ToJson"/>. Lets <see cref="InProcessAwsCaller"/> reach Query services (every <see cref="QueryServiceBinding"/>: SNS, SES) the way
/// it reaches JSON services.
/// </summary>
internal interface IJsonOperations
{
    /// <summary>The SigV4 signing name of the service, e.g. <c>sns</c>.</summary>
    string SigningName { get; }

    /// <summary>Runs one operation on a JSON-shaped request (Query member names, e.g. <c>TopicArn</c>, <c>Message</c>).</summary>
    /// <param name="operation">The action name, e.g. <c>Publish</c>.</param>
    /// <param name="input">The request.</param>
    /// <param name="context">The call's context.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The JSON-shaped result.</returns>
    /// <exception cref="AwsServiceException">Any service error.</exception>
    ValueTask<JsonNode?> InvokeJsonAsync(string operation, JsonObject input, AwsRequestContext context, CancellationToken cancellationToken);
}
