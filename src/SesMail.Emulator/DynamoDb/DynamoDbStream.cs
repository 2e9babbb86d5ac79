using System.Globalization;

namespace SesMail.Emulator.DynamoDb;

/// <summary>
/// One DynamoDB stream of a table: a single shard holding change records in sequence-number order.
/// </summary>
/// <remarks>
/// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html. The emulator keeps one open shard per
/// stream and the newest <see cref="MaxRecords"/> records (AWS keeps 24 hours); disabling the stream closes it.
/// </remarks>
internal sealed class DynamoDbStream
{
    /// <summary>Records kept per stream before the oldest are trimmed.</summary>
    public const int MaxRecords = 100_000;

    private readonly List<(long Sequence, Record Record)> _records = [];
    private readonly Lock _lock = new();
    private long _trimmedBefore = 1;

    /// <summary>Creates an enabled stream.</summary>
    /// <param name="tableName">The table.</param>
    /// <param name="tableArn">The table ARN.</param>
    /// <param name="viewType"><c>KEYS_ONLY</c>, <c>NEW_IMAGE</c>, <c>OLD_IMAGE</c> or <c>NEW_AND_OLD_IMAGES</c>.</param>
    /// <param name="keySchema">The table's key schema (copied into DescribeStream).</param>
    /// <param name="created">Creation time.</param>
    /// <param name="firstSequence">The first sequence number this stream may hand out.</param>
    /// <param name="shardId">The shard id (a new one when <c>null</c>; a snapshot passes the saved one).</param>
    public DynamoDbStream(string tableName, string tableArn, string viewType, IReadOnlyList<KeySchemaElement> keySchema, DateTimeOffset created, long firstSequence, string? shardId = null)
    {
        TableName = tableName;
        ViewType = viewType;
        KeySchema = keySchema;
        Created = created;
        Label = created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);
        Arn = $"{tableArn}/stream/{Label}";
        ShardId = shardId ?? $"shardId-{created.ToUnixTimeMilliseconds():D20}-{Guid.NewGuid().ToString("N")[..8]}";
        FirstSequence = firstSequence;
        _trimmedBefore = firstSequence;
    }

    /// <summary>The table name.</summary>
    public string TableName { get; }

    /// <summary>The stream ARN: <c>{tableArn}/stream/{label}</c>.</summary>
    public string Arn { get; }

    /// <summary>The stream label (creation timestamp).</summary>
    public string Label { get; }

    /// <summary>The StreamViewType.</summary>
    public string ViewType { get; }

    /// <summary>The table's key schema.</summary>
    public IReadOnlyList<KeySchemaElement> KeySchema { get; }

    /// <summary>When the stream was created.</summary>
    public DateTimeOffset Created { get; }

    /// <summary>The single shard's id.</summary>
    public string ShardId { get; }

    /// <summary>The first sequence number of the shard.</summary>
    public long FirstSequence { get; }

    /// <summary>Whether the stream still receives records.</summary>
    public bool Enabled { get; private set; } = true;

    /// <summary>The last sequence number written when the stream was closed, or <c>null</c> while open.</summary>
    public long? EndingSequence { get; private set; }

    /// <summary>Closes the stream (UpdateTable with StreamEnabled false, or DeleteTable).</summary>
    /// <param name="lastSequence">The last sequence number handed out by the table.</param>
    public void Close(long lastSequence)
    {
        lock (_lock)
        {
            Enabled = false;
            EndingSequence = Math.Max(lastSequence, FirstSequence);
        }
    }

    /// <summary>
    /// Puts back a stream read from a snapshot: its records are not kept across a restart, so readers start after
    /// <paramref name="lastSequence"/> (as if everything before had been trimmed).
    /// </summary>
    /// <param name="enabled">Whether the stream was open.</param>
    /// <param name="endingSequence">The ending sequence number of a closed stream.</param>
    /// <param name="lastSequence">The last sequence number the store handed out before the restart.</param>
    public void RestoreState(bool enabled, long? endingSequence, long lastSequence)
    {
        lock (_lock)
        {
            Enabled = enabled;
            EndingSequence = endingSequence;
            _trimmedBefore = Math.Max(FirstSequence, lastSequence + 1);
        }
    }

    /// <summary>Appends a record.</summary>
    /// <param name="sequence">Its sequence number (increasing).</param>
    /// <param name="record">The record as GetRecords returns it (never changed afterwards).</param>
    public void Append(long sequence, Record record)
    {
        lock (_lock)
        {
            _records.Add((sequence, record));
            if (_records.Count > MaxRecords)
            {
                _trimmedBefore = _records[0].Sequence + 1;
                _records.RemoveAt(0);
            }
        }
    }

    /// <summary>The sequence number a LATEST iterator starts at.</summary>
    /// <returns>One past the newest record.</returns>
    public long NextSequence()
    {
        lock (_lock)
        {
            return _records.Count == 0 ? Math.Max(FirstSequence, _trimmedBefore) : _records[^1].Sequence + 1;
        }
    }

    /// <summary>The oldest sequence number still available (TRIM_HORIZON).</summary>
    /// <returns>The sequence number.</returns>
    public long TrimHorizon()
    {
        lock (_lock)
        {
            return _records.Count == 0 ? _trimmedBefore : _records[0].Sequence;
        }
    }

    /// <summary>Whether a record with exactly this sequence number exists (AT/AFTER_SEQUENCE_NUMBER validation).</summary>
    /// <param name="sequence">The sequence number.</param>
    /// <returns>Whether it is in range of the shard.</returns>
    public bool InRange(long sequence)
    {
        lock (_lock)
        {
            return sequence >= FirstSequence && sequence < NextSequence();
        }
    }

    /// <summary>Reads records from a position.</summary>
    /// <param name="from">The first sequence number wanted.</param>
    /// <param name="limit">At most this many records.</param>
    /// <param name="next">The position after the last returned record.</param>
    /// <returns>The records.</returns>
    public List<Record> Read(long from, int limit, out long next)
    {
        lock (_lock)
        {
            var start = _records.FindIndex(r => r.Sequence >= from);
            var result = new List<Record>();
            next = from;
            if (start < 0)
            {
                return result;
            }

            for (var i = start; i < _records.Count && result.Count < limit; i++)
            {
                result.Add(_records[i].Record);
                next = _records[i].Sequence + 1;
            }

            return result;
        }
    }

    /// <summary>Whether a reader at <paramref name="position"/> has read everything of a closed stream.</summary>
    /// <param name="position">The next sequence number the reader wants.</param>
    /// <returns>Whether the shard is exhausted.</returns>
    public bool IsExhausted(long position)
    {
        lock (_lock)
        {
            return !Enabled && (_records.Count == 0 || position > _records[^1].Sequence);
        }
    }

    /// <summary>Formats a sequence number as AWS does (a long decimal string).</summary>
    /// <param name="sequence">The number.</param>
    /// <returns>Text of 21 digits.</returns>
    public static string FormatSequence(long sequence) => sequence.ToString("D21", CultureInfo.InvariantCulture);
}
