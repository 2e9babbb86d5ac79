using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using SesMail.Emulator.Persistence;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.DynamoDb;

/// <summary>Taking and restoring the persisted form of the store: table definitions, stream settings and items.</summary>
/// <remarks>
/// Stream records are not kept: after a restart a stream continues with new records only. Between full snapshots,
/// item writes go to the persistence journal (<see cref="ISnapshotJournal"/>), one line per changed item, so a
/// write costs its own size on disk rather than the size of every table.
/// </remarks>
internal sealed partial class DynamoDbStore : ISnapshotStore<DynamoDbSnapshot>, ISnapshotJournal
{
    /// <summary>The tables' definitions (no items) at the last <see cref="TakeChanges"/>; a difference needs a full snapshot.</summary>
    private byte[]? _structure;

    /// <inheritdoc/>
    public byte[]? TakeChanges()
    {
        var lines = new System.Buffers.ArrayBufferWriter<byte>();
        var definitions = new List<DynamoDbTableRecord>();
        var newTable = false;
        using (var writer = new Utf8JsonWriter(lines, JsonBody.Options))
        {
            foreach (var (region, byName) in _regions.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                foreach (var table in byName.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
                {
                    lock (table.Lock)
                    {
                        newTable |= !table.TrackChanges;
                        table.TrackChanges = true;
                        definitions.Add(Record(region, table, withItems: false));
                        foreach (var (key, item) in table.TakeChanges())
                        {
                            writer.WriteStartObject();
                            writer.WriteString("region", region);
                            writer.WriteString("table", table.Name);
                            if (item is not null)
                            {
                                writer.WritePropertyName("item");
                                item.WriteTo(writer);
                            }
                            else
                            {
                                writer.WritePropertyName("key");
                                key!.WriteTo(writer);
                            }

                            writer.WriteEndObject();
                            writer.Flush();
                            System.Buffers.BuffersExtensions.Write(lines, "\n"u8);
                            writer.Reset();
                        }
                    }
                }
            }

            if (lines.WrittenCount > 0)
            {
                writer.WriteStartObject();
                writer.WriteNumber("sequence", LastSequence());
                writer.WriteEndObject();
                writer.Flush();
                System.Buffers.BuffersExtensions.Write(lines, "\n"u8);
            }
        }

        var structure = JsonSerializer.SerializeToUtf8Bytes(new DynamoDbSnapshot(0, definitions), DynamoDbSnapshotJsonContext.Default.DynamoDbSnapshot);
        var unchanged = !newTable && _structure is { } last && last.AsSpan().SequenceEqual(structure);
        _structure = structure;
        return unchanged ? lines.WrittenSpan.ToArray() : null;
    }

    /// <inheritdoc/>
    public void Replay(ReadOnlySpan<byte> line)
    {
        if (JsonNode.Parse(line) is not JsonObject change)
        {
            throw new InvalidDataException("A DynamoDB journal line is not a JSON object.");
        }

        if (change["sequence"] is { } sequence)
        {
            var value = sequence.GetValue<long>();
            if (value > LastSequence())
            {
                Interlocked.Exchange(ref _sequence, value);
            }

            return;
        }

        var region = change["region"]?.GetValue<string>() ?? throw new InvalidDataException("A DynamoDB journal line has no region.");
        var name = change["table"]?.GetValue<string>() ?? throw new InvalidDataException("A DynamoDB journal line has no table.");
        if (!Tables(region).TryGetValue(name, out var table))
        {
            throw new InvalidDataException($"The DynamoDB journal names the table {name} in {region}, which the snapshot does not have.");
        }

        lock (table.Lock)
        {
            if (change["item"] is JsonObject saved)
            {
                var item = Canonical(saved);
                table.Put(table.KeyOf(item, isItem: true), item);
            }
            else if (change["key"] is JsonObject key)
            {
                table.Delete(table.KeyOf(Canonical(key), isItem: false));
            }
            else
            {
                throw new InvalidDataException("A DynamoDB journal line has neither item nor key.");
            }
        }
    }

    private static JsonObject Canonical(JsonObject saved)
    {
        var item = new JsonObject();
        foreach (var (name, value) in saved)
        {
            item[name] = AttributeValues.Canonical(value); // the same validated form PutItem stores
        }

        return item;
    }

    public DynamoDbSnapshot Empty => new(LastSequence(), []);

    public DynamoDbSnapshot Capture()
    {
        var tables = new List<DynamoDbTableRecord>();
        foreach (var (region, byName) in _regions.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            foreach (var table in byName.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                lock (table.Lock)
                {
                    tables.Add(Record(region, table, withItems: true));
                }
            }
        }

        return new DynamoDbSnapshot(LastSequence(), tables);
    }

    public void Restore(DynamoDbSnapshot snapshot)
    {
        _regions.Clear();
        Streams.Clear();
        Interlocked.Exchange(ref _sequence, snapshot.Sequence);
        foreach (var record in snapshot.Tables)
        {
            var table = new DynamoDbTable(
                record.TableName,
                record.TableArn,
                (record.HashKey.AttributeName, record.HashKey.AttributeType),
                record.RangeKey is { } range ? (range.AttributeName, range.AttributeType) : null,
                record.CreationDateTime,
                record.TableId)
            {
                AttributeDefinitions = record.AttributeDefinitions.Deserialize(Json.IReadOnlyListAttributeDefinition) ?? [],
                KeySchema = record.KeySchema.Deserialize(Json.IReadOnlyListKeySchemaElement) ?? [],
                BillingMode = record.BillingMode,
                Throughput = (record.ReadCapacityUnits, record.WriteCapacityUnits),
                SseEnabled = record.SseEnabled,
                PointInTimeRecovery = record.PointInTimeRecovery,
                TimeToLiveAttribute = record.TimeToLiveAttribute,
                DeletionProtection = record.DeletionProtectionEnabled,
                GlobalSecondaryIndexes = record.GlobalSecondaryIndexes?.Deserialize(Json.IReadOnlyListGlobalSecondaryIndex),
                LocalSecondaryIndexes = record.LocalSecondaryIndexes?.Deserialize(Json.IReadOnlyListLocalSecondaryIndex),
            };
            foreach (var (key, value) in record.Tags)
            {
                table.Tags[key] = value;
            }

            if (record.Stream is { } saved)
            {
                var stream = new DynamoDbStream(table.Name, table.Arn, saved.StreamViewType, table.KeySchema, saved.Created, saved.FirstSequence, saved.ShardId);
                stream.RestoreState(saved.Enabled, saved.EndingSequence, snapshot.Sequence);
                table.Stream = stream;
                Streams[stream.Arn] = stream;
            }

            foreach (var savedItem in record.Items)
            {
                var item = Canonical(savedItem);
                table.Put(table.KeyOf(item, isItem: true), item);
            }

            if (!Tables(record.Region).TryAdd(table.Name, table))
            {
                throw new InvalidDataException($"The table {record.TableName} appears twice in region {record.Region}.");
            }
        }
    }

    private static DynamoDbJsonContext Json => DynamoDbJsonContext.Default;

    /// <summary>A typed list as the snapshot keeps it: the same JSON array the request gave.</summary>
    private static JsonArray? ToJson<T>(IReadOnlyList<T>? list, JsonTypeInfo<IReadOnlyList<T>> type) =>
        list is null ? null : (JsonArray)JsonSerializer.SerializeToNode(list, type)!;

    /// <summary>One table as saved; called under the table's lock, so everything mutable is copied.</summary>
    private static DynamoDbTableRecord Record(string region, DynamoDbTable table, bool withItems) =>
        new(
            region,
            table.Name,
            table.Arn,
            table.TableId,
            new DynamoDbKeyRecord(table.HashKey.Name, table.HashKey.Type),
            table.RangeKey is { } range ? new DynamoDbKeyRecord(range.Name, range.Type) : null,
            table.Created,
            ToJson(table.AttributeDefinitions, Json.IReadOnlyListAttributeDefinition)!,
            ToJson(table.KeySchema, Json.IReadOnlyListKeySchemaElement)!,
            table.BillingMode,
            table.Throughput.Read,
            table.Throughput.Write,
            table.SseEnabled,
            table.PointInTimeRecovery,
            table.TimeToLiveAttribute,
            table.DeletionProtection,
            ToJson(table.GlobalSecondaryIndexes, Json.IReadOnlyListGlobalSecondaryIndex),
            ToJson(table.LocalSecondaryIndexes, Json.IReadOnlyListLocalSecondaryIndex),
            new Dictionary<string, string>(table.Tags, StringComparer.Ordinal),
            table.Stream is { } stream
                ? new DynamoDbStreamRecord(stream.ViewType, stream.Created, stream.ShardId, stream.FirstSequence, stream.Enabled, stream.EndingSequence)
                : null,
            withItems ? [.. table.All().Select(item => (JsonObject)item.DeepClone())] : []);
}

/// <summary>The persisted form of <see cref="DynamoDbStore"/>.</summary>
/// <param name="Sequence">The last stream sequence number handed out.</param>
/// <param name="Tables">Every table of every region.</param>
internal sealed record DynamoDbSnapshot(long Sequence, IReadOnlyList<DynamoDbTableRecord> Tables);

/// <summary>One table in a snapshot; names follow <c>TableDescription</c>.</summary>
internal sealed record DynamoDbTableRecord(
    string Region,
    string TableName,
    string TableArn,
    string TableId,
    DynamoDbKeyRecord HashKey,
    DynamoDbKeyRecord? RangeKey,
    DateTimeOffset CreationDateTime,
    JsonArray AttributeDefinitions,
    JsonArray KeySchema,
    string BillingMode,
    long ReadCapacityUnits,
    long WriteCapacityUnits,
    bool SseEnabled,
    bool PointInTimeRecovery,
    string? TimeToLiveAttribute,
    bool DeletionProtectionEnabled,
    JsonArray? GlobalSecondaryIndexes,
    JsonArray? LocalSecondaryIndexes,
    Dictionary<string, string> Tags,
    DynamoDbStreamRecord? Stream,
    IReadOnlyList<JsonObject> Items);

/// <summary>A key attribute: name and type (<c>S</c>, <c>N</c> or <c>B</c>).</summary>
internal sealed record DynamoDbKeyRecord(string AttributeName, string AttributeType);

/// <summary>A table's latest stream, without its records.</summary>
internal sealed record DynamoDbStreamRecord(string StreamViewType, DateTimeOffset Created, string ShardId, long FirstSequence, bool Enabled, long? EndingSequence);

[JsonSourceGenerationOptions(RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(DynamoDbSnapshot))]
internal sealed partial class DynamoDbSnapshotJsonContext : JsonSerializerContext;
