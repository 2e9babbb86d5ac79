using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Amazon.S3.Model;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Protocols;

/// <summary>
/// Limits that keep hostile or mistaken requests from exhausting the emulator, each refused with AWS's error: JSON and
/// Query bodies over 16 MiB (413 <c>RequestEntityTooLarge</c>), S3 header sections over 8 KB
/// (<c>RequestHeaderSectionTooLarge</c>) and DynamoDB items over 400 KB (<c>ValidationException</c>).
/// </summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class RequestLimitsTests(EmulatorFixture emulator)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private AmazonDynamoDBClient DynamoDb() => new(EmulatorFixture.Credentials, new AmazonDynamoDBConfig { ServiceURL = emulator.BaseUrl.ToString(), MaxErrorRetry = 0 });

    private async Task<string> CreateTableAsync(AmazonDynamoDBClient client)
    {
        var table = "limits-" + Guid.NewGuid().ToString("N")[..10];
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = table,
            AttributeDefinitions = [new AttributeDefinition("PK", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("PK", KeyType.HASH)],
            BillingMode = BillingMode.PAY_PER_REQUEST,
        }, Token);
        return table;
    }

    [Fact]
    public async Task JsonRequest_BodyOver16MiB_Gets413RequestEntityTooLarge()
    {
        using var client = DynamoDb();
        var table = await CreateTableAsync(client);

        var put = () => client.PutItemAsync(table, new Dictionary<string, AttributeValue>
        {
            ["PK"] = new("big"),
            ["data"] = new(new string('x', 17 * 1024 * 1024)),
        }, Token);

        var error = (await put.Should().ThrowAsync<AmazonDynamoDBException>()).Which;
        error.ErrorCode.Should().Be("RequestEntityTooLarge");
        error.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task QueryRequest_ChunkedBodyOver16MiB_Gets413InTheQueryErrorShape()
    {
        // Five values of 3.5 MiB: each under ASP.NET's 4 MiB form value limit, 17.5 MiB together, sent chunked (no
        // Content-Length). The emulator answers 413 as soon as the body passes 16 MiB and then closes the connection, so
        // the rest of the upload may meet a reset: the answer is read while the body is still being sent, as a client
        // that honours an early final response (RFC 9112 section 9.3) would.
        var form = "Action=SendMessage&QueueUrl=x" + string.Concat(Enumerable.Range(1, 5).Select(i => $"&MessageAttribute.{i}.Value.StringValue=" + new string('x', 3584 * 1024)));
        using var socket = new TcpClient();
        await socket.ConnectAsync(emulator.BaseUrl.Host, emulator.BaseUrl.Port, Token);
        var stream = socket.GetStream();

        var sending = SendChunkedAsync(stream, $"POST / HTTP/1.1\r\nHost: {emulator.BaseUrl.Authority}\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n", Encoding.ASCII.GetBytes(form));
        var (status, body) = await ReadResponseAsync(stream);
        await sending;

        status.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        body.Should().Contain("<Code>RequestEntityTooLarge</Code>");
    }

    /// <summary>Writes a head and a chunked body; stops quietly when the server has closed the connection.</summary>
    private static async Task SendChunkedAsync(NetworkStream stream, string head, byte[] body)
    {
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), Token);
            for (var offset = 0; offset < body.Length; offset += 64 * 1024)
            {
                var count = Math.Min(64 * 1024, body.Length - offset);
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"{count:x}\r\n"), Token);
                await stream.WriteAsync(body.AsMemory(offset, count), Token);
                await stream.WriteAsync("\r\n"u8.ToArray(), Token);
            }

            await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), Token);
        }
        catch (IOException)
        {
            // The server answered early and closed the connection: the rest of the body is not wanted.
        }
    }

    /// <summary>
    /// Reads one HTTP/1.1 response until its XML error document is complete or the server closes: the status and the
    /// text after the head (a chunked body keeps its chunk-size lines, which the assertions do not mind).
    /// </summary>
    private static async Task<(HttpStatusCode Status, string Body)> ReadResponseAsync(NetworkStream stream)
    {
        var received = new MemoryStream();
        var buffer = new byte[8192];
        int headEnd;
        while ((headEnd = IndexOf(received, "\r\n\r\n"u8)) < 0)
        {
            var read = await stream.ReadAsync(buffer, Token);
            if (read == 0)
            {
                throw new IOException("The connection closed before the response head was complete.");
            }

            received.Write(buffer, 0, read);
        }

        try
        {
            while (IndexOf(received, "</ErrorResponse>"u8) < 0)
            {
                var read = await stream.ReadAsync(buffer, Token);
                if (read == 0)
                {
                    break;
                }

                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // A reset after the answer: what arrived is what is checked.
        }

        var head = Encoding.ASCII.GetString(received.GetBuffer(), 0, headEnd);
        var status = (HttpStatusCode)int.Parse(head.Split("\r\n")[0].Split(' ')[1], CultureInfo.InvariantCulture);
        return (status, Encoding.UTF8.GetString(received.GetBuffer(), headEnd + 4, (int)received.Length - headEnd - 4));
    }

    private static int IndexOf(MemoryStream received, ReadOnlySpan<byte> value) => received.GetBuffer().AsSpan(0, (int)received.Length).IndexOf(value);

    [Fact]
    public async Task S3Request_HeaderSectionOver8KB_GetsRequestHeaderSectionTooLarge()
    {
        using var s3 = new AmazonS3Client(EmulatorFixture.Credentials, new AmazonS3Config { ServiceURL = emulator.BaseUrl.ToString(), ForcePathStyle = true, MaxErrorRetry = 0 });
        var bucket = "limits-" + Guid.NewGuid().ToString("N")[..10];
        await s3.PutBucketAsync(bucket, Token);
        var request = new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "x" };
        request.Headers["x-custom-padding"] = new string('p', 9 * 1024);

        var put = () => s3.PutObjectAsync(request, Token);

        (await put.Should().ThrowAsync<AmazonS3Exception>()).Which.ErrorCode.Should().Be("RequestHeaderSectionTooLarge");
        (await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "x" }, Token)).HttpStatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Cli_S3HeaderSectionOver8KB_ReportsRequestHeaderSectionTooLarge()
    {
        Assert.SkipUnless(AwsCli.IsInstalled, "AWS CLI v2 is not installed at /usr/bin/aws.");
        var bucket = "limits-cli-" + Guid.NewGuid().ToString("N")[..10];
        var directory = Directory.CreateTempSubdirectory("sesmail-limits");
        try
        {
            var body = Path.Combine(directory.FullName, "body.txt");
            await File.WriteAllTextAsync(body, "x", Token);
            var made = await AwsCli.RunAsync(emulator.BaseUrl, "s3api", "create-bucket", "--bucket", bucket);

            var put = await AwsCli.RunAsync(emulator.BaseUrl, "s3api", "put-object", "--bucket", bucket, "--key", "k", "--body", body,
                "--content-disposition", "attachment; filename=\"" + new string('d', 9 * 1024) + "\"");

            made.ExitCode.Should().Be(0, made.Error);
            put.ExitCode.Should().NotBe(0);
            put.Error.Should().Contain("RequestHeaderSectionTooLarge");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task DynamoDbPutItem_ItemOver400KB_GetsValidationException()
    {
        using var client = DynamoDb();
        var table = await CreateTableAsync(client);

        var put = () => client.PutItemAsync(table, new Dictionary<string, AttributeValue> { ["PK"] = new("big"), ["data"] = new(new string('x', 401 * 1024)) }, Token);

        var error = (await put.Should().ThrowAsync<AmazonDynamoDBException>()).Which;
        error.ErrorCode.Should().Be("ValidationException");
        error.Message.Should().Be("Item size has exceeded the maximum allowed size");
        (await client.PutItemAsync(table, new Dictionary<string, AttributeValue> { ["PK"] = new("fits"), ["data"] = new(new string('x', 399 * 1024)) }, Token))
            .HttpStatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Cli_DynamoDbPutItem_ItemOver400KB_ReportsValidationException()
    {
        Assert.SkipUnless(AwsCli.IsInstalled, "AWS CLI v2 is not installed at /usr/bin/aws.");
        var table = "limits-cli-" + Guid.NewGuid().ToString("N")[..10];
        var created = await AwsCli.RunAsync(emulator.BaseUrl, "dynamodb", "create-table", "--table-name", table,
            "--attribute-definitions", "AttributeName=PK,AttributeType=S", "--key-schema", "AttributeName=PK,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST");
        created.ExitCode.Should().Be(0, created.Error);
        var directory = Directory.CreateTempSubdirectory("sesmail-limits");
        try
        {
            var item = Path.Combine(directory.FullName, "item.json");
            await File.WriteAllTextAsync(item, "{\"PK\":{\"S\":\"big\"},\"data\":{\"S\":\"" + new string('x', 401 * 1024) + "\"}}", Token);

            var put = await AwsCli.RunAsync(emulator.BaseUrl, "dynamodb", "put-item", "--table-name", table, "--item", "file://" + item);

            put.ExitCode.Should().NotBe(0);
            put.Error.Should().Contain("ValidationException").And.Contain("Item size has exceeded the maximum allowed size");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
