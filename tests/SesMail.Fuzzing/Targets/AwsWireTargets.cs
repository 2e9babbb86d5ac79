using System.Text;

namespace SesMail.Fuzzing.Targets;

/// <summary>
/// JSON 1.0/1.1 protocol requests: the first line is the <c>X-Amz-Target</c> header (e.g.
/// <c>DynamoDB_20120810.PutItem</c>, <c>AmazonSQS.SendMessage</c>, <c>AmazonSSM.PutParameter</c>), the rest the body.
/// </summary>
internal sealed class AwsJsonTarget : IFuzzTarget
{
    private readonly EmulatorHarness _emulator = EmulatorTargets.Ready();

    public string Name => "aws-json";

    public string Description => "X-Amz-Target line + JSON body -> emulator dispatcher; AWS error shape, never 500 InternalFailure";

    public void Run(ReadOnlySpan<byte> input)
    {
        var newline = input.IndexOf((byte)'\n');
        var target = Encoding.UTF8.GetString(newline < 0 ? input : input[..newline]).Trim();
        var body = newline < 0 ? [] : input[(newline + 1)..].ToArray();
        _emulator.Send("POST", "/", [new("X-Amz-Target", target), new("Content-Type", "application/x-amz-json-1.0")], body);
    }
}

/// <summary>
/// Query protocol requests (SQS, SNS, SES, IAM, STS, CloudWatch): the input is the form body
/// (<c>Action=…&amp;…</c>); an optional first line <c>?query</c> is the URL's query string and an optional line
/// <c>Authorization: …</c> picks the service by its SigV4 scope.
/// </summary>
internal sealed class AwsQueryTarget : IFuzzTarget
{
    private readonly EmulatorHarness _emulator = EmulatorTargets.Ready();

    public string Name => "aws-query";

    public string Description => "urlencoded form (+ optional ?query and Authorization lines) -> emulator dispatcher; AWS error shape, never 500";

    public void Run(ReadOnlySpan<byte> input)
    {
        var query = string.Empty;
        var headers = new List<KeyValuePair<string, string>> { new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8") };
        while (true)
        {
            var newline = input.IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }

            var line = Encoding.UTF8.GetString(input[..newline]).TrimEnd('\r');
            if (line.StartsWith('?'))
            {
                query = line;
            }
            else if (line.StartsWith("Authorization: ", StringComparison.Ordinal))
            {
                headers.Add(new("Authorization", line["Authorization: ".Length..]));
            }
            else
            {
                break;
            }

            input = input[(newline + 1)..];
        }

        _emulator.Send("POST", "/" + query, headers, input.ToArray());
    }
}

/// <summary>
/// S3 REST requests written as HTTP/1.1 text: a request line (<c>PUT /bucket/key?tagging HTTP/1.1</c>), header lines,
/// an empty line and the body. Covers the XML bodies (tagging, notification, lifecycle, DeleteObjects,
/// CompleteMultipartUpload), <c>aws-chunked</c> bodies with trailing checksums, checksum and range headers.
/// </summary>
internal sealed class S3RestTarget : IFuzzTarget
{
    private readonly EmulatorHarness _emulator = EmulatorTargets.Ready();

    public string Name => "s3-rest";

    public string Description => "HTTP/1.1 request text (line, headers, body) -> emulator S3; S3 error XML, never 500";

    public void Run(ReadOnlySpan<byte> input)
    {
        var headerEnd = input.IndexOf("\r\n\r\n"u8);
        var separator = 4;
        if (headerEnd < 0)
        {
            headerEnd = input.IndexOf("\n\n"u8);
            separator = 2;
        }

        var head = Encoding.UTF8.GetString(headerEnd < 0 ? input : input[..headerEnd]);
        var body = headerEnd < 0 ? [] : input[(headerEnd + separator)..].ToArray();
        var lines = head.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var request = lines[0].Split(' ', 3);
        var method = request[0].Length is > 0 and <= 16 && request[0].All(char.IsAsciiLetterUpper) ? request[0] : "GET";
        var target = request.Length > 1 ? request[1] : "/";
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }
        }

        _emulator.Send(method, target, headers, body);
    }
}

/// <summary>
/// The DynamoDB expression parser and evaluator through the JSON protocol: the first line names where the expression
/// goes (<c>condition</c>, <c>update</c>, <c>projection</c>, <c>key</c>, <c>filter</c>), the rest is the expression.
/// Placeholders <c>#n #k #m #l</c> and <c>:s :n :l :m :b :t :z</c> are always given (unused ones are refused as
/// DynamoDB refuses them).
/// </summary>
internal sealed class DynamoDbExpressionTarget : IFuzzTarget
{
    private const string Names = "\"ExpressionAttributeNames\":{\"#n\":\"name\",\"#k\":\"PK\",\"#m\":\"map\",\"#l\":\"list\"}";
    private const string Values = "\"ExpressionAttributeValues\":{\":s\":{\"S\":\"x\"},\":n\":{\"N\":\"1\"},\":l\":{\"L\":[{\"S\":\"a\"},{\"N\":\"2\"}]}," +
        "\":m\":{\"M\":{\"a\":{\"S\":\"b\"}}},\":b\":{\"B\":\"AAE=\"},\":t\":{\"BOOL\":true},\":z\":{\"NULL\":true},\":ss\":{\"SS\":[\"a\",\"b\"]}}";

    private readonly EmulatorHarness _emulator = EmulatorTargets.Ready();

    public string Name => "dynamodb-expression";

    public string Description => "kind line + expression -> DynamoDB Query/Scan/UpdateItem/GetItem/PutItem; ValidationException, never 500";

    public void Run(ReadOnlySpan<byte> input)
    {
        var newline = input.IndexOf((byte)'\n');
        var kind = Encoding.UTF8.GetString(newline < 0 ? [] : input[..newline]).Trim();
        var expression = System.Text.Json.JsonSerializer.Serialize(Encoding.UTF8.GetString(newline < 0 ? input : input[(newline + 1)..]));
        const string table = "\"TableName\":\"" + EmulatorTargets.Table + "\"";
        const string key = "\"Key\":{\"PK\":{\"S\":\"item\"},\"SK\":{\"S\":\"1\"}}";
        var (target, body) = kind switch
        {
            "update" => ("UpdateItem", $"{{{table},{key},\"UpdateExpression\":{expression},{Names},{Values}}}"),
            "projection" => ("GetItem", $"{{{table},{key},\"ProjectionExpression\":{expression},{Names}}}"),
            "key" => ("Query", $"{{{table},\"KeyConditionExpression\":{expression},{Names},{Values}}}"),
            "filter" => ("Scan", $"{{{table},\"FilterExpression\":{expression},{Names},{Values}}}"),
            _ => ("PutItem", $"{{{table},\"Item\":{{\"PK\":{{\"S\":\"item\"}},\"SK\":{{\"S\":\"1\"}},\"name\":{{\"S\":\"x\"}},\"map\":{{\"M\":{{\"a\":{{\"S\":\"b\"}}}}}},\"list\":{{\"L\":[{{\"N\":\"1\"}}]}}}},\"ConditionExpression\":{expression},{Names},{Values}}}"),
        };
        _emulator.Json("DynamoDB_20120810." + target, body);
    }
}

/// <summary>Brings the shared emulator up with what the targets aim at: a bucket, a table with an item, a queue, a topic.</summary>
internal static class EmulatorTargets
{
    public const string Bucket = "fuzz";
    public const string Table = "fuzz";
    private static readonly Lock Gate = new();
    private static bool _ready;

    public static EmulatorHarness Ready()
    {
        var emulator = EmulatorHarness.Shared;
        lock (Gate)
        {
            if (!_ready)
            {
                _ready = true;
                Seed(emulator);
                emulator.Started += Seed;
            }
        }

        return emulator;
    }

    private static void Seed(EmulatorHarness emulator)
    {
        emulator.Send("PUT", "/" + Bucket, [], []);
        emulator.Send("PUT", $"/{Bucket}/emails/seed", [new("Content-Type", "message/rfc822")], "Subject: seed\r\n\r\nbody\r\n"u8.ToArray());
        emulator.Json("DynamoDB_20120810.CreateTable",
            $"{{\"TableName\":\"{Table}\",\"BillingMode\":\"PAY_PER_REQUEST\",\"AttributeDefinitions\":[{{\"AttributeName\":\"PK\",\"AttributeType\":\"S\"}},{{\"AttributeName\":\"SK\",\"AttributeType\":\"S\"}}]," +
            "\"KeySchema\":[{\"AttributeName\":\"PK\",\"KeyType\":\"HASH\"},{\"AttributeName\":\"SK\",\"KeyType\":\"RANGE\"}]}");
        emulator.Json("DynamoDB_20120810.PutItem",
            $"{{\"TableName\":\"{Table}\",\"Item\":{{\"PK\":{{\"S\":\"item\"}},\"SK\":{{\"S\":\"1\"}},\"name\":{{\"S\":\"x\"}},\"map\":{{\"M\":{{\"a\":{{\"S\":\"b\"}}}}}},\"list\":{{\"L\":[{{\"N\":\"1\"}}]}}}}}}");
        emulator.Send("POST", "/", [new("Content-Type", "application/x-www-form-urlencoded")], "Action=CreateQueue&QueueName=fuzz"u8.ToArray());
        emulator.Send("POST", "/", [new("Content-Type", "application/x-www-form-urlencoded")], "Action=CreateTopic&Name=fuzz"u8.ToArray());
    }
}
