using System.Text.Json.Nodes;

namespace SesMail.Emulator.DynamoDb;

/// <summary>
/// One table's definition and items. Items are kept in DynamoDB JSON form, grouped by partition key value and
/// ordered by sort key within a partition (as Query returns them); partitions are ordered by key value (the Scan order).
/// </summary>
/// <remarks>Callers hold <see cref="Lock"/> while reading or writing items.</remarks>
internal sealed class DynamoDbTable
{
    private readonly SortedDictionary<KeyValue, SortedList<KeyValue, JsonObject>> _partitions = [];

    /// <summary>
    /// Keys written since the persistence journal last took them (<see cref="TakeChanges"/>), while
    /// <see cref="TrackChanges"/> is on: the key attributes of a deleted item, or <c>null</c> for one stored (its current
    /// image is read when the changes are taken).
    /// </summary>
    private Dictionary<(KeyValue Hash, KeyValue Range), JsonObject?> _changed = [];

    /// <summary>Creates a table.</summary>
    /// <param name="name">Table name.</param>
    /// <param name="arn">Table ARN.</param>
    /// <param name="hashKey">Partition key name and type.</param>
    /// <param name="rangeKey">Sort key name and type, or <c>null</c>.</param>
    /// <param name="created">Creation time.</param>
    /// <param name="tableId">The table id (a new one when <c>null</c>; a snapshot passes the saved one).</param>
    public DynamoDbTable(string name, string arn, (string Name, string Type) hashKey, (string Name, string Type)? rangeKey, DateTimeOffset created, string? tableId = null)
    {
        TableId = tableId ?? Guid.NewGuid().ToString();
        Name = name;
        Arn = arn;
        HashKey = hashKey;
        RangeKey = rangeKey;
        Created = created;
        KeyAttributes = rangeKey is { } r ? [hashKey.Name, r.Name] : [hashKey.Name];
    }

    /// <summary>
    /// Whether item writes are recorded for the persistence journal (<c>DynamoDbSnapshot.cs</c>); switched on by it,
    /// under <see cref="Lock"/>, before the full snapshot the journal follows.
    /// </summary>
    public bool TrackChanges { get; set; }

    /// <summary>
    /// The items written since the last call, under <see cref="Lock"/>: each key with its current item (the table's
    /// instance; serialize it before releasing the lock), or <c>null</c> with the deleted item's key attributes.
    /// </summary>
    /// <returns>Key attributes or item per changed key, in no particular order.</returns>
    public List<(JsonObject? Key, JsonObject? Item)> TakeChanges()
    {
        if (_changed.Count == 0)
        {
            return [];
        }

        var changes = new List<(JsonObject? Key, JsonObject? Item)>(_changed.Count);
        foreach (var (key, deletedKey) in _changed)
        {
            var item = Get(key);
            changes.Add(item is null ? (deletedKey, null) : (null, item));
        }

        _changed = [];
        return changes;
    }

    /// <summary>Guards items, counters and stream appends.</summary>
    public Lock Lock { get; } = new();

    /// <summary>The table name.</summary>
    public string Name { get; }

    /// <summary>The table ARN.</summary>
    public string Arn { get; }

    /// <summary>A stable table id.</summary>
    public string TableId { get; }

    /// <summary>Partition key.</summary>
    public (string Name, string Type) HashKey { get; }

    /// <summary>Sort key, if any.</summary>
    public (string Name, string Type)? RangeKey { get; }

    /// <summary>The key attribute names.</summary>
    public IReadOnlyList<string> KeyAttributes { get; }

    /// <summary>When the table was created.</summary>
    public DateTimeOffset Created { get; }

    /// <summary>The AttributeDefinitions as given.</summary>
    public IReadOnlyList<AttributeDefinition> AttributeDefinitions { get; init; } = [];

    /// <summary>The KeySchema as given.</summary>
    public IReadOnlyList<KeySchemaElement> KeySchema { get; init; } = [];

    /// <summary><c>PROVISIONED</c> or <c>PAY_PER_REQUEST</c>.</summary>
    public string BillingMode { get; set; } = "PROVISIONED";

    /// <summary>Provisioned read/write capacity (0 for on-demand).</summary>
    public (long Read, long Write) Throughput { get; set; }

    /// <summary>The current (latest) stream, enabled or closed; <c>null</c> when never enabled.</summary>
    public DynamoDbStream? Stream { get; set; }

    /// <summary>Whether server-side encryption was requested (described as KMS-managed).</summary>
    public bool SseEnabled { get; set; }

    /// <summary>Whether point-in-time recovery is on.</summary>
    public bool PointInTimeRecovery { get; set; }

    /// <summary>The time-to-live attribute, or <c>null</c>.</summary>
    public string? TimeToLiveAttribute { get; set; }

    /// <summary>Whether deletion protection is on.</summary>
    public bool DeletionProtection { get; set; }

    /// <summary>GlobalSecondaryIndexes as given (described, not queried).</summary>
    public IReadOnlyList<GlobalSecondaryIndex>? GlobalSecondaryIndexes { get; init; }

    /// <summary>LocalSecondaryIndexes as given (described, not queried).</summary>
    public IReadOnlyList<LocalSecondaryIndex>? LocalSecondaryIndexes { get; init; }

    /// <summary>Resource tags.</summary>
    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

    /// <summary>Number of items.</summary>
    public long ItemCount { get; private set; }

    /// <summary>Approximate size of all items in bytes.</summary>
    public long SizeBytes { get; private set; }

    /// <summary>
    /// Reads the primary key of an item or of a <c>Key</c> map, validating it against the schema.
    /// </summary>
    /// <param name="attributes">The item or key (canonical values).</param>
    /// <param name="isItem"><c>true</c> for a whole item (PutItem), <c>false</c> for a <c>Key</c> map that must hold exactly the key.</param>
    /// <returns>Partition and sort key values.</returns>
    /// <exception cref="Protocols.AwsServiceException"><c>ValidationException</c> worded as DynamoDB words it.</exception>
    public (KeyValue Hash, KeyValue Range) KeyOf(JsonObject attributes, bool isItem)
    {
        if (!isItem && attributes.Count != KeyAttributes.Count)
        {
            throw DynamoDbErrors.KeySchemaMismatch();
        }

        var hash = KeyPart(attributes, HashKey, isItem);
        var range = RangeKey is { } r ? KeyPart(attributes, r, isItem) : KeyValue.None;
        return (hash, range);
    }

    /// <summary>The key attributes of an item as a <c>Key</c> map.</summary>
    /// <param name="item">The item.</param>
    /// <returns>The key.</returns>
    public JsonObject KeyAttributesOf(JsonObject item)
    {
        var key = new JsonObject();
        foreach (var name in KeyAttributes)
        {
            key[name] = item[name]!.DeepClone();
        }

        return key;
    }

    /// <summary>Gets an item (the stored instance; callers copy before returning it).</summary>
    /// <param name="key">The primary key.</param>
    /// <returns>The item or <c>null</c>.</returns>
    public JsonObject? Get((KeyValue Hash, KeyValue Range) key) =>
        _partitions.TryGetValue(key.Hash, out var partition) && partition.TryGetValue(key.Range, out var item) ? item : null;

    /// <summary>Stores (inserts or replaces) an item.</summary>
    /// <param name="key">Its primary key.</param>
    /// <param name="item">The canonical item (owned by the table from now on).</param>
    public void Put((KeyValue Hash, KeyValue Range) key, JsonObject item)
    {
        if (!_partitions.TryGetValue(key.Hash, out var partition))
        {
            partition = [];
            _partitions[key.Hash] = partition;
        }

        if (partition.TryGetValue(key.Range, out var old))
        {
            SizeBytes -= AttributeValues.ItemSize(old);
        }
        else
        {
            ItemCount++;
        }

        partition[key.Range] = item;
        SizeBytes += AttributeValues.ItemSize(item);
        if (TrackChanges)
        {
            _changed[key] = null;
        }
    }

    /// <summary>Removes an item.</summary>
    /// <param name="key">Its primary key.</param>
    /// <returns>The removed item or <c>null</c>.</returns>
    public JsonObject? Delete((KeyValue Hash, KeyValue Range) key)
    {
        if (!_partitions.TryGetValue(key.Hash, out var partition) || !partition.Remove(key.Range, out var old))
        {
            return null;
        }

        if (partition.Count == 0)
        {
            _partitions.Remove(key.Hash);
        }

        ItemCount--;
        SizeBytes -= AttributeValues.ItemSize(old);
        if (TrackChanges)
        {
            _changed[key] = KeyAttributesOf(old);
        }

        return old;
    }

    /// <summary>Items of one partition in sort-key order.</summary>
    /// <param name="hash">The partition key value.</param>
    /// <param name="forward">Ascending (<c>ScanIndexForward</c> true) or descending.</param>
    /// <returns>The items.</returns>
    public IEnumerable<JsonObject> Partition(KeyValue hash, bool forward)
    {
        if (!_partitions.TryGetValue(hash, out var partition))
        {
            return [];
        }

        return forward ? partition.Values : partition.Values.Reverse();
    }

    /// <summary>All items in scan order.</summary>
    /// <returns>The items.</returns>
    public IEnumerable<JsonObject> All() => _partitions.Values.SelectMany(p => p.Values);

    /// <summary>Removes every item (DeleteTable).</summary>
    public void Clear()
    {
        _partitions.Clear();
        _changed = [];
        ItemCount = 0;
        SizeBytes = 0;
    }

    private static KeyValue KeyPart(JsonObject attributes, (string Name, string Type) key, bool isItem)
    {
        if (!attributes.TryGetPropertyValue(key.Name, out var value) || value is null)
        {
            throw isItem
                ? DynamoDbErrors.Validation($"One or more parameter values were invalid: Missing the key {key.Name} in the item")
                : DynamoDbErrors.KeySchemaMismatch();
        }

        var type = AttributeValues.TypeOf(value);
        if (type != key.Type)
        {
            throw isItem
                ? DynamoDbErrors.Validation($"One or more parameter values were invalid: Type mismatch for key {key.Name} expected: {key.Type} actual: {type}")
                : DynamoDbErrors.KeySchemaMismatch();
        }

        var text = AttributeValues.Payload(value)!.GetValue<string>();
        if (text.Length == 0)
        {
            throw DynamoDbErrors.Validation($"One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty {(type == "S" ? "string" : "binary")} value. Key: {key.Name}");
        }

        return new KeyValue(type, text);
    }
}
