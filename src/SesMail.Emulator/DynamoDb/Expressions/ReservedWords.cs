namespace SesMail.Emulator.DynamoDb.Expressions;

/// <summary>
/// DynamoDB's reserved words: an expression must refer to an attribute with such a name through an
/// <c>ExpressionAttributeNames</c> placeholder (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ReservedWords.html).
/// </summary>
internal static class ReservedWords
{
    private static readonly HashSet<string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        "ABORT", "ABSOLUTE", "ACTION", "ADD", "AFTER", "AGENT", "AGGREGATE", "ALL", "ALLOCATE", "ALTER", "ANALYZE", "AND",
        "ANY", "ARCHIVE", "ARE", "ARRAY", "AS", "ASC", "ASCII", "ASENSITIVE", "ASSERTION", "ASYMMETRIC", "AT", "ATOMIC",
        "ATTACH", "ATTRIBUTE", "AUTH", "AUTHORIZATION", "AUTHORIZE", "AUTO", "AVG", "BACK", "BACKUP", "BASE", "BATCH",
        "BEFORE", "BEGIN", "BETWEEN", "BY", "COUNT", "DATA", "DATE", "DELETE", "DESCRIBE", "GROUP", "HASH", "IN", "INDEX",
        "KEY", "KEYS", "NAME", "NOT", "NULL", "OR", "OWNER", "PATH", "RANGE", "REMOVE", "SET", "SIZE", "SOURCE", "STATUS",
        "TABLE", "TIMESTAMP", "TTL", "TYPE", "USER", "VALUE", "VALUES",
    };

    /// <summary>Whether a bare name in an expression is reserved.</summary>
    /// <param name="name">The identifier as written.</param>
    /// <returns><c>true</c> when reserved (case-insensitive).</returns>
    public static bool Contains(string name) => Words.Contains(name);
}
