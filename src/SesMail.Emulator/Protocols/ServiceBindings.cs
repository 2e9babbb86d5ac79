using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace SesMail.Emulator.Protocols;

/// <summary>
/// A JSON-protocol binding (<see cref="IJsonService"/>) given its wire identity once, so that a service's binding class
/// is its operation table and nothing else (see <c>KmsService</c>).
/// </summary>
/// <param name="targetPrefix">The part of <c>X-Amz-Target</c> before the dot, e.g. <c>TrentService</c>.</param>
/// <param name="signingName">The SigV4 signing name, e.g. <c>kms</c>.</param>
/// <param name="jsonVersion"><c>1.0</c> or <c>1.1</c>.</param>
/// <param name="errorNamespace">The namespace of error <c>__type</c> values, e.g. <c>com.amazonaws.kms</c>.</param>
internal abstract class JsonServiceBinding(string targetPrefix, string signingName, string jsonVersion, string errorNamespace) : IJsonService
{
    /// <inheritdoc />
    public string TargetPrefix => targetPrefix;

    /// <inheritdoc cref="IJsonService.SigningName" />
    public string SigningName => signingName;

    /// <inheritdoc />
    public string JsonVersion => jsonVersion;

    /// <inheritdoc />
    public string ErrorNamespace => errorNamespace;

    /// <inheritdoc />
    public abstract ValueTask<JsonNode?> InvokeAsync(string operation, JsonObject input, AwsRequestContext context, CancellationToken cancellationToken);
}

/// <summary>
/// A Query-protocol binding (<see cref="IQueryService"/>) given its wire identity once: form parameters are read into the
/// JSON shape of the action's input (<see cref="QueryDocument.ToJson"/>), the operation table runs on it, and the
/// result is written back as Query XML (<see cref="QueryDocument.ToXml"/>), so that the binding class is its operation
/// table and nothing else (see <c>SnsService</c>).
/// </summary>
/// <param name="signingName">The SigV4 signing name that selects the service, e.g. <c>sns</c>.</param>
/// <param name="xmlNamespace">The XML namespace of responses.</param>
/// <param name="conventions">How the service spells lists and maps.</param>
/// <param name="actions">The actions it implements (found by name when a request is unsigned).</param>
internal abstract class QueryServiceBinding(string signingName, string xmlNamespace, QueryConventions conventions, IReadOnlySet<string> actions) : IQueryService, IJsonOperations
{
    /// <inheritdoc />
    public string SigningName => signingName;

    /// <inheritdoc />
    public string XmlNamespace => xmlNamespace;

    /// <inheritdoc />
    public bool Handles(string action) => actions.Contains(action);

    /// <inheritdoc />
    public ValueTask<IEnumerable<XElement>> InvokeAsync(string action, IReadOnlyDictionary<string, string> parameters, AwsRequestContext context, CancellationToken cancellationToken) =>
        QueryDocument.InvokeAsync(action, parameters, conventions, input => InvokeAsync(action, input, context, cancellationToken));

    /// <inheritdoc />
    public ValueTask<JsonNode?> InvokeJsonAsync(string operation, JsonObject input, AwsRequestContext context, CancellationToken cancellationToken) =>
        InvokeAsync(operation, input, context, cancellationToken);

    /// <summary>Runs one action on its JSON-shaped input.</summary>
    /// <param name="action">The <c>Action</c> parameter.</param>
    /// <param name="input">The parameters in the JSON shape of the action's input.</param>
    /// <param name="context">The call's context.</param>
    /// <param name="cancellationToken">Aborted when the caller disconnects.</param>
    /// <returns>The JSON-shaped result, or <c>null</c> for none.</returns>
    protected abstract ValueTask<JsonNode?> InvokeAsync(string action, JsonObject input, AwsRequestContext context, CancellationToken cancellationToken);
}
