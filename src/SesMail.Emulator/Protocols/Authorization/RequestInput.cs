using System.Text.Json.Nodes;

namespace SesMail.Emulator.Protocols.Authorization;

/// <summary>
/// The members of one request that the action table reads to name its resources: a JSON body (JSON services) or the
/// flat form parameters (Query services), behind one lookup by member name.
/// </summary>
internal sealed class RequestInput
{
    private readonly JsonObject? _json;
    private readonly IReadOnlyDictionary<string, string>? _form;

    private RequestInput(JsonObject? json, IReadOnlyDictionary<string, string>? form)
    {
        _json = json;
        _form = form;
    }

    /// <summary>An input with no members (REST requests, tests).</summary>
    public static RequestInput None { get; } = new(null, null);

    /// <summary>The body of a JSON-protocol request.</summary>
    /// <param name="body">The parsed body.</param>
    /// <returns>The input.</returns>
    public static RequestInput FromJson(JsonObject body) => new(body, null);

    /// <summary>The parameters of a Query-protocol request (<c>RawMessage.Data</c>, <c>Names.member.1</c> as sent).</summary>
    /// <param name="parameters">The form parameters.</param>
    /// <returns>The input.</returns>
    public static RequestInput FromForm(IReadOnlyDictionary<string, string> parameters) => new(null, parameters);

    /// <summary>The JSON body, or <c>null</c> for Query requests.</summary>
    public JsonObject? Json => _json;

    /// <summary>A top-level scalar member (JSON) or parameter (Query) as text, or <c>null</c> when absent.</summary>
    /// <param name="name">E.g. <c>QueueUrl</c>, <c>TableName</c>, <c>RawMessage.Data</c>.</param>
    /// <returns>The text or <c>null</c>.</returns>
    public string? Text(string name)
    {
        if (_form is not null)
        {
            return _form.GetValueOrDefault(name);
        }

        JsonNode? node = _json;
        foreach (var part in name.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }

        return node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
    }

    /// <summary>A list member's scalar items: JSON arrays, or Query's <c>Name.member.N</c> and <c>Name.N</c>.</summary>
    /// <param name="name">The member name.</param>
    /// <returns>The items in order (empty when absent).</returns>
    public IReadOnlyList<string> List(string name)
    {
        if (_form is not null)
        {
            return [.. _form
                .Where(p => p.Key.StartsWith(name + ".", StringComparison.Ordinal))
                .Select(p => (Index: p.Key[(name.Length + 1)..].Replace("member.", string.Empty, StringComparison.Ordinal), p.Value))
                .Where(p => int.TryParse(p.Index, out _))
                .OrderBy(p => int.Parse(p.Index, System.Globalization.CultureInfo.InvariantCulture))
                .Select(p => p.Value)];
        }

        return _json?[name] is JsonArray array
            ? [.. array.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>()]
            : [];
    }
}
