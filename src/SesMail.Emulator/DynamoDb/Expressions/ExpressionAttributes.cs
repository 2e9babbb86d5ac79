using System.Text.Json.Nodes;

namespace SesMail.Emulator.DynamoDb.Expressions;

/// <summary>
/// A request's <c>ExpressionAttributeNames</c> and <c>ExpressionAttributeValues</c>, recording which placeholders
/// the request's expressions use so that unused ones can be reported as DynamoDB reports them.
/// </summary>
internal sealed class ExpressionAttributes
{
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedValues = new(StringComparer.Ordinal);
    private readonly bool _namesGiven;
    private readonly bool _valuesGiven;

    /// <summary>Takes both maps of a request.</summary>
    /// <param name="names">The request's <c>ExpressionAttributeNames</c> (<c>#placeholder</c> → attribute name), or <c>null</c>.</param>
    /// <param name="values">The request's <c>ExpressionAttributeValues</c> (<c>:placeholder</c> → AttributeValue in DynamoDB JSON), or <c>null</c>.</param>
    /// <exception cref="Protocols.AwsServiceException"><c>ValidationException</c> for empty maps or malformed values.</exception>
    public ExpressionAttributes(IReadOnlyDictionary<string, string>? names, JsonObject? values)
    {
        if (names is not null)
        {
            _namesGiven = true;
            if (names.Count == 0)
            {
                throw DynamoDbErrors.Validation("ExpressionAttributeNames must not be empty");
            }

            foreach (var (key, name) in names)
            {
                _names[key] = name;
            }
        }

        if (values is not null)
        {
            _valuesGiven = true;
            if (values.Count == 0)
            {
                throw DynamoDbErrors.Validation("ExpressionAttributeValues must not be empty");
            }

            foreach (var (key, value) in values)
            {
                if (!key.StartsWith(':'))
                {
                    throw DynamoDbErrors.Validation($"ExpressionAttributeValues contains invalid key: Syntax error; key: \"{key}\"");
                }

                _values[key] = AttributeValues.Canonical(value);
            }
        }
    }

    /// <summary>Resolves <c>#name</c>.</summary>
    /// <param name="placeholder">The placeholder including <c>#</c>.</param>
    /// <param name="expressionKind">e.g. <c>ConditionExpression</c>, for the message.</param>
    /// <returns>The attribute name.</returns>
    public string Name(string placeholder, string expressionKind)
    {
        if (!_names.TryGetValue(placeholder, out var name))
        {
            throw DynamoDbErrors.Validation($"Invalid {expressionKind}: An expression attribute name used in the document path is not defined; attribute name: {placeholder}");
        }

        _usedNames.Add(placeholder);
        return name;
    }

    /// <summary>Resolves <c>:value</c>.</summary>
    /// <param name="placeholder">The placeholder including <c>:</c>.</param>
    /// <param name="expressionKind">e.g. <c>ConditionExpression</c>, for the message.</param>
    /// <returns>The canonical value.</returns>
    public JsonObject Value(string placeholder, string expressionKind)
    {
        if (!_values.TryGetValue(placeholder, out var value))
        {
            throw DynamoDbErrors.Validation($"Invalid {expressionKind}: An expression attribute value used in expression is not defined; attribute value: {placeholder}");
        }

        _usedValues.Add(placeholder);
        return value;
    }

    /// <summary>After all expressions are parsed: reports placeholders given but unused, or maps given without any expression.</summary>
    /// <param name="anyExpression">Whether the request carried at least one expression.</param>
    /// <exception cref="Protocols.AwsServiceException"><c>ValidationException</c> worded as DynamoDB words it.</exception>
    public void EnsureAllUsed(bool anyExpression)
    {
        if (!anyExpression)
        {
            if (_valuesGiven)
            {
                throw DynamoDbErrors.Validation("ExpressionAttributeValues can only be specified when using expressions");
            }

            if (_namesGiven)
            {
                throw DynamoDbErrors.Validation("ExpressionAttributeNames can only be specified when using expressions");
            }

            return;
        }

        var unusedNames = _names.Keys.Where(k => !_usedNames.Contains(k)).ToList();
        if (unusedNames.Count > 0)
        {
            throw DynamoDbErrors.Validation($"Value provided in ExpressionAttributeNames unused in expressions: keys: {{{string.Join(", ", unusedNames)}}}");
        }

        var unusedValues = _values.Keys.Where(k => !_usedValues.Contains(k)).ToList();
        if (unusedValues.Count > 0)
        {
            throw DynamoDbErrors.Validation($"Value provided in ExpressionAttributeValues unused in expressions: keys: {{{string.Join(", ", unusedValues)}}}");
        }
    }
}
