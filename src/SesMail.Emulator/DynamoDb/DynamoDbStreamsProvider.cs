using System.Globalization;
using System.Text;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.DynamoDb;

/// <summary>
/// Amazon DynamoDB Streams, one method per operation
/// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB_Streams.html),
/// spoken in JSON 1.0 by <see cref="DynamoDbStreamsService"/>.
/// </summary>
/// <remarks>
/// ListStreams, DescribeStream, GetShardIterator (TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER),
/// GetRecords. Not emulated: more than one shard per stream (DescribeStream's shard paging is not read), iterator
/// expiry (<c>ExpiredIteratorException</c>), and records across a restart: they are kept in memory only
/// (see <see cref="DynamoDbStream"/>), so after a restart a stream keeps its ARN and shard and continues with new records.
/// </remarks>
internal sealed class DynamoDbStreamsProvider(DynamoDbStore store)
{
    public ListStreamsResult ListStreams(ListStreamsRequest request, AwsRequestContext context)
    {
        var tableName = request.TableName;
        var limit = request.Limit ?? 100;
        var start = request.ExclusiveStartStreamArn;
        var prefix = $"arn:aws:dynamodb:{context.Region}:{context.AccountId}:table/";
        var streams = store.Streams.Values
            .Where(s => s.Arn.StartsWith(prefix, StringComparison.Ordinal))
            .Where(s => tableName is null || s.TableName == tableName)
            .Where(s => store.Tables(context.Region).ContainsKey(s.TableName))
            .OrderBy(s => s.Arn, StringComparer.Ordinal)
            .Where(s => start is null || string.CompareOrdinal(s.Arn, start) > 0)
            .ToList();
        var page = streams.Take(limit).ToList();
        return new ListStreamsResult(
            [.. page.Select(s => new StreamSummary(s.Arn, s.TableName, s.Label))],
            streams.Count > limit ? page[^1].Arn : null);
    }

    public DescribeStreamResult DescribeStream(DescribeStreamRequest request)
    {
        var stream = RequireStream(request.StreamArn ?? throw DynamoDbErrors.Missing("streamArn"));
        var range = new SequenceNumberRange(
            DynamoDbStream.FormatSequence(stream.FirstSequence),
            stream.EndingSequence is { } end ? DynamoDbStream.FormatSequence(end) : null);
        return new DescribeStreamResult(new StreamDescription(
            stream.Arn,
            stream.Label,
            stream.Enabled ? "ENABLED" : "DISABLED",
            stream.ViewType,
            stream.Created.ToUnixTimeMilliseconds() / 1000.0,
            stream.TableName,
            stream.KeySchema,
            [new Shard(stream.ShardId, range)]));
    }

    public GetShardIteratorResult GetShardIterator(GetShardIteratorRequest request)
    {
        var stream = RequireStream(request.StreamArn ?? throw DynamoDbErrors.Missing("streamArn"));
        var shardId = request.ShardId ?? throw DynamoDbErrors.Missing("shardId");
        if (shardId != stream.ShardId)
        {
            throw new AwsServiceException("ResourceNotFoundException", $"Requested resource not found: Shard does not exist");
        }

        var type = request.ShardIteratorType ?? throw DynamoDbErrors.Missing("shardIteratorType");
        var sequenceText = request.SequenceNumber;
        long position;
        switch (type)
        {
            case "TRIM_HORIZON":
                position = stream.TrimHorizon();
                break;
            case "LATEST":
                position = stream.NextSequence();
                break;
            case "AT_SEQUENCE_NUMBER":
            case "AFTER_SEQUENCE_NUMBER":
                {
                    if (sequenceText is null)
                    {
                        throw DynamoDbErrors.Validation($"Must provide a SequenceNumber for iterator type {type}");
                    }

                    if (!long.TryParse(sequenceText, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) || !stream.InRange(sequence))
                    {
                        throw DynamoDbErrors.Validation($"Invalid SequenceNumber {sequenceText} for ShardId {shardId}: the sequence number is not in the shard's range");
                    }

                    position = type == "AT_SEQUENCE_NUMBER" ? sequence : sequence + 1;
                    break;
                }

            default:
                throw DynamoDbErrors.Validation($"1 validation error detected: Value '{type}' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_SEQUENCE_NUMBER, TRIM_HORIZON]");
        }

        return new GetShardIteratorResult(Iterator(stream, position));
    }

    public GetRecordsResult GetRecords(GetRecordsRequest request)
    {
        var (stream, position) = ReadIterator(request.ShardIterator ?? throw DynamoDbErrors.Missing("shardIterator"));
        var limit = request.Limit ?? 1000;
        if (limit is < 1 or > 1000)
        {
            throw DynamoDbErrors.Validation($"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000");
        }

        var records = stream.Read(position, limit, out var next);
        return new GetRecordsResult(records, stream.IsExhausted(next) ? null : Iterator(stream, next));
    }

    private DynamoDbStream RequireStream(string arn) =>
        store.Streams.TryGetValue(arn, out var stream)
            ? stream
            : throw new AwsServiceException("ResourceNotFoundException", $"Requested resource not found: Stream: {arn} not found");

    private static string Iterator(DynamoDbStream stream, long position) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{stream.Arn}|{stream.ShardId}|{position.ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>
    /// The stream ARN a shard iterator issued here reads, which is the resource <c>dynamodb:GetRecords</c> is authorized
    /// on (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html).
    /// </summary>
    /// <param name="iterator">The iterator as <c>GetShardIterator</c> returned it.</param>
    /// <returns>The stream ARN, or <c>null</c> when the text is not an iterator of this emulator.</returns>
    public static string? IteratorStream(string iterator)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(iterator)).Split('|');
            return parts.Length == 3 && parts[0].StartsWith("arn:", StringComparison.Ordinal) ? parts[0] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private (DynamoDbStream Stream, long Position) ReadIterator(string iterator)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(iterator)).Split('|');
            if (parts.Length == 3 && store.Streams.TryGetValue(parts[0], out var stream) && stream.ShardId == parts[1]
                && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var position))
            {
                if (position < stream.TrimHorizon() && position >= stream.FirstSequence && stream.TrimHorizon() > stream.FirstSequence)
                {
                    throw new AwsServiceException("TrimmedDataAccessException", "The operation attempted to read past the oldest stream record in a shard.");
                }

                return (stream, position);
            }
        }
        catch (FormatException)
        {
        }

        throw DynamoDbErrors.InvalidIterator();
    }
}
