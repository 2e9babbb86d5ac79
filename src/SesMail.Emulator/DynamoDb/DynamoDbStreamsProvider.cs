using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.DynamoDb;

/// <summary>
/// Amazon DynamoDB Streams, JSON 1.0 protocol, <c>X-Amz-Target: DynamoDBStreams_20120810.{Operation}</c>, signing name
/// <c>dynamodb</c> (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB_Streams.html).
/// </summary>
/// <remarks>
/// ListStreams, DescribeStream, GetShardIterator (TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER),
/// GetRecords. Each stream has one shard; iterators do not expire; records are kept in memory only (see <see cref="DynamoDbStream"/>): after a restart a stream keeps its ARN and shard and continues with new records.
/// </remarks>
internal sealed class DynamoDbStreamsProvider(DynamoDbStore store) : IJsonService
{
    public string TargetPrefix => "DynamoDBStreams_20120810";

    public string SigningName => "dynamodb";

    public string JsonVersion => "1.0";

    public string ErrorNamespace => "com.amazonaws.dynamodb.v20120810";

    public ValueTask<JsonNode?> InvokeAsync(string operation, JsonObject input, AwsRequestContext context, CancellationToken cancellationToken)
    {
        JsonNode result = operation switch
        {
            "ListStreams" => ListStreams(input, context),
            "DescribeStream" => DescribeStream(input),
            "GetShardIterator" => GetShardIterator(input),
            "GetRecords" => GetRecords(input),
            _ => throw DynamoDbErrors.UnknownOperation(operation),
        };
        return ValueTask.FromResult<JsonNode?>(result);
    }

    private JsonObject ListStreams(JsonObject input, AwsRequestContext context)
    {
        var tableName = input.OptionalString("TableName");
        var limit = (int)(input.OptionalLong("Limit") ?? 100);
        var start = input.OptionalString("ExclusiveStartStreamArn");
        var prefix = $"arn:aws:dynamodb:{context.Region}:{context.AccountId}:table/";
        var streams = store.Streams.Values
            .Where(s => s.Arn.StartsWith(prefix, StringComparison.Ordinal))
            .Where(s => tableName is null || s.TableName == tableName)
            .Where(s => store.Tables(context.Region).ContainsKey(s.TableName))
            .OrderBy(s => s.Arn, StringComparer.Ordinal)
            .Where(s => start is null || string.CompareOrdinal(s.Arn, start) > 0)
            .ToList();
        var page = streams.Take(limit).ToList();
        var result = new JsonObject
        {
            ["Streams"] = new JsonArray([.. page.Select(s => (JsonNode)new JsonObject
            {
                ["StreamArn"] = s.Arn,
                ["TableName"] = s.TableName,
                ["StreamLabel"] = s.Label,
            })]),
        };
        if (streams.Count > limit)
        {
            result["LastEvaluatedStreamArn"] = page[^1].Arn;
        }

        return result;
    }

    private JsonObject DescribeStream(JsonObject input)
    {
        var stream = RequireStream(input.RequiredString("StreamArn", "streamArn"));
        var range = new JsonObject { ["StartingSequenceNumber"] = DynamoDbStream.FormatSequence(stream.FirstSequence) };
        if (stream.EndingSequence is { } end)
        {
            range["EndingSequenceNumber"] = DynamoDbStream.FormatSequence(end);
        }

        return new JsonObject
        {
            ["StreamDescription"] = new JsonObject
            {
                ["StreamArn"] = stream.Arn,
                ["StreamLabel"] = stream.Label,
                ["StreamStatus"] = stream.Enabled ? "ENABLED" : "DISABLED",
                ["StreamViewType"] = stream.ViewType,
                ["CreationRequestDateTime"] = stream.Created.ToUnixTimeMilliseconds() / 1000.0,
                ["TableName"] = stream.TableName,
                ["KeySchema"] = stream.KeySchema.DeepClone(),
                ["Shards"] = new JsonArray(new JsonObject
                {
                    ["ShardId"] = stream.ShardId,
                    ["SequenceNumberRange"] = range,
                }),
            },
        };
    }

    private JsonObject GetShardIterator(JsonObject input)
    {
        var stream = RequireStream(input.RequiredString("StreamArn", "streamArn"));
        var shardId = input.RequiredString("ShardId", "shardId");
        if (shardId != stream.ShardId)
        {
            throw new AwsServiceException("ResourceNotFoundException", $"Requested resource not found: Shard does not exist");
        }

        var type = input.RequiredString("ShardIteratorType", "shardIteratorType");
        var sequenceText = input.OptionalString("SequenceNumber");
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

        return new JsonObject { ["ShardIterator"] = Iterator(stream, position) };
    }

    private JsonObject GetRecords(JsonObject input)
    {
        var (stream, position) = ReadIterator(input.RequiredString("ShardIterator", "shardIterator"));
        var limit = (int)(input.OptionalLong("Limit") ?? 1000);
        if (limit is < 1 or > 1000)
        {
            throw DynamoDbErrors.Validation($"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000");
        }

        var records = stream.Read(position, limit, out var next);
        var result = new JsonObject { ["Records"] = new JsonArray([.. records]) };
        if (!stream.IsExhausted(next))
        {
            result["NextShardIterator"] = Iterator(stream, next);
        }

        return result;
    }

    private DynamoDbStream RequireStream(string arn) =>
        store.Streams.TryGetValue(arn, out var stream)
            ? stream
            : throw new AwsServiceException("ResourceNotFoundException", $"Requested resource not found: Stream: {arn} not found");

    private static string Iterator(DynamoDbStream stream, long position) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{stream.Arn}|{stream.ShardId}|{position.ToString(CultureInfo.InvariantCulture)}"));

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
