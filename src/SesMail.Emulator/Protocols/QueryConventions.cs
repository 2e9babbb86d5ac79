namespace SesMail.Emulator.Protocols;

/// <summary>
/// How one Query service spells lists and maps, so that <see cref="QueryDocument"/> can turn its form parameters into
/// the JSON-shaped request its typed operations read, and their JSON-shaped results back into Query XML.
/// </summary>
/// <remarks>
/// Two families exist: SNS/STS/SES wrap lists as <c>Name.member.N</c> and maps as <c>Name.entry.N.key/value</c>
/// (recognised without hints); SQS flattens them (<c>AttributeName.N</c>, <c>Attribute.N.Name/Value</c>) under
/// singular names, which <see cref="RequestMembers"/> and <see cref="ResponseMember"/> rename.
/// </remarks>
internal sealed record QueryConventions
{
    /// <summary>Responses write lists and maps flattened (SQS) rather than wrapped in <c>member</c>/<c>entry</c> (SNS).</summary>
    public bool Flattened { get; init; }

    /// <summary>Request parameter names (at any depth) that are lists or maps, with their JSON member name.</summary>
    public IReadOnlyDictionary<string, QueryMember> RequestMembers { get; init; } = new Dictionary<string, QueryMember>();

    /// <summary>
    /// For a result member (operation, JSON member name): its XML spelling and whether it is a map; <c>null</c> to
    /// write it under its JSON name (structures and lists of scalars).
    /// </summary>
    public Func<string, string, QueryMember?> ResponseMember { get; init; } = static (_, _) => null;
}

/// <summary>One renamed list or map member of a Query service.</summary>
/// <param name="Name">The other protocol's name: the JSON member name (requests) or the XML element name (responses).</param>
/// <param name="Kind">List or map.</param>
/// <param name="KeyName">For maps in responses: the element holding the key (<c>Name</c>, <c>Key</c>, <c>key</c>).</param>
/// <param name="ValueName">For maps in responses: the element holding the value (<c>Value</c>, <c>value</c>).</param>
internal sealed record QueryMember(string Name, QueryMemberKind Kind, string KeyName = "key", string ValueName = "value");

/// <summary>The shape of a renamed Query member.</summary>
internal enum QueryMemberKind
{
    /// <summary>An ordered list (<c>Name.N</c> or <c>Name.member.N</c>).</summary>
    List,

    /// <summary>A string-keyed map (<c>Name.N.Name/Value</c> or <c>Name.entry.N.key/value</c>).</summary>
    Map,
}
