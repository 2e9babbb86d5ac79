using System.Collections.Concurrent;

namespace SesMail.Emulator.DynamoDb;

/// <summary>
/// All DynamoDB state of the emulator: tables per region, and every stream ever created (by ARN). Tables, their
/// items and stream settings persist in <c>{DataDirectory}/dynamodb/state.json</c> (see <c>DynamoDbSnapshot.cs</c>).
/// </summary>
internal sealed partial class DynamoDbStore
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, DynamoDbTable>> _regions = new(StringComparer.Ordinal);
    private long _sequence = 100_000_000_000;

    /// <summary>Streams by ARN, kept after their table is deleted so that readers can drain them.</summary>
    public ConcurrentDictionary<string, DynamoDbStream> Streams { get; } = new(StringComparer.Ordinal);

    /// <summary>The tables of one region.</summary>
    /// <param name="region">The region.</param>
    /// <returns>Tables by name.</returns>
    public ConcurrentDictionary<string, DynamoDbTable> Tables(string region) =>
        _regions.GetOrAdd(region, _ => new ConcurrentDictionary<string, DynamoDbTable>(StringComparer.Ordinal));

    /// <summary>Finds a table or raises <c>ResourceNotFoundException</c>.</summary>
    /// <param name="region">The region.</param>
    /// <param name="name">The table name (or ARN).</param>
    /// <param name="describeWording">Use DescribeTable's message (<c>Table: X not found</c>) instead of the item operations' one.</param>
    /// <returns>The table.</returns>
    public DynamoDbTable RequireTable(string region, string name, bool describeWording = false)
    {
        var tableName = name.StartsWith("arn:", StringComparison.Ordinal) && name.Contains(":table/", StringComparison.Ordinal)
            ? name[(name.IndexOf(":table/", StringComparison.Ordinal) + 7)..]
            : name;
        return Tables(region).TryGetValue(tableName, out var table)
            ? table
            : throw (describeWording ? DynamoDbErrors.TableNotFound(tableName) : DynamoDbErrors.ResourceNotFound());
    }

    /// <summary>The next stream sequence number (increasing across all tables).</summary>
    /// <returns>The number.</returns>
    public long NextSequence() => Interlocked.Increment(ref _sequence);

    /// <summary>The last sequence number handed out.</summary>
    /// <returns>The number.</returns>
    public long LastSequence() => Interlocked.Read(ref _sequence);
}
