using System.Text.Json.Nodes;

namespace SesMail.Emulator.Protocols;

/// <summary>
/// A service spoken in the AWS JSON 1.0/1.1 protocol: <c>POST /</c> with <c>X-Amz-Target: {TargetPrefix}.{Operation}</c>.
/// </summary>
public interface IJsonService
{
    /// <summary>The part of <c>X-Amz-Target</c> before the dot, e.g. <c>AmazonSQS</c>, <c>DynamoDB_20120810</c>.</summary>
    string TargetPrefix { get; }

    /// <summary>SigV4 signing name, e.g. <c>sqs</c>, <c>dynamodb</c> (listed by the health endpoint).</summary>
    string SigningName { get; }

    /// <summary><c>1.0</c> or <c>1.1</c>: the <c>application/x-amz-json-*</c> content type written back.</summary>
    string JsonVersion { get; }

    /// <summary>The namespace written in error <c>__type</c> values, e.g. <c>com.amazonaws.dynamodb.v20120810</c>.</summary>
    string ErrorNamespace { get; }

    /// <summary>Runs one operation.</summary>
    /// <param name="operation">The operation name after the dot in <c>X-Amz-Target</c>.</param>
    /// <param name="input">The request body (an empty object when the body was empty).</param>
    /// <param name="context">The call's context.</param>
    /// <param name="cancellationToken">Aborted when the caller disconnects.</param>
    /// <returns>The response object, or <c>null</c> for an empty <c>{}</c> response.</returns>
    /// <exception cref="AwsServiceException">Any service error, including an unknown operation.</exception>
    ValueTask<JsonNode?> InvokeAsync(string operation, JsonObject input, AwsRequestContext context, CancellationToken cancellationToken);
}
