using System.Net;
using System.Text;
using SesMail.Emulator.S3;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.S3;

/// <summary>The S3 emulator over raw HTTP: virtual-host addressing, hand-built aws-chunked bodies, the error document.</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class S3ServiceHttpTests(EmulatorFixture emulator) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = emulator.BaseUrl };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _http.Dispose();

    private async Task<string> NewBucketAsync()
    {
        var bucket = "http-" + Guid.NewGuid().ToString("N")[..12];
        using var response = await _http.PutAsync(new Uri($"/{bucket}", UriKind.Relative), null, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return bucket;
    }

    private HttpRequestMessage VirtualHost(HttpMethod method, string bucket, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(emulator.BaseUrl, path));
        request.Headers.Host = $"{bucket}.localhost:{emulator.BaseUrl.Port}";
        return request;
    }

    [Fact]
    public async Task VirtualHostStyle_PutAndGet_AddressesTheBucketFromTheHost()
    {
        var bucket = await NewBucketAsync();
        using var put = VirtualHost(HttpMethod.Put, bucket, "/folder/note.txt");
        put.Content = new StringContent("via host");

        using var putResponse = await _http.SendAsync(put, Ct);
        using var pathStyle = await _http.GetAsync(new Uri($"/{bucket}/folder/note.txt", UriKind.Relative), Ct);
        using var list = VirtualHost(HttpMethod.Get, bucket, "/?list-type=2");
        using var listResponse = await _http.SendAsync(list, Ct);

        putResponse.StatusCode.Should().Be(HttpStatusCode.OK);
        (await pathStyle.Content.ReadAsStringAsync(Ct)).Should().Be("via host");
        (await listResponse.Content.ReadAsStringAsync(Ct)).Should().Contain("<Key>folder/note.txt</Key>");
    }

    [Fact]
    public async Task PutObject_SignedChunksWithTrailer_StoresDecodedBytesAndChecksum()
    {
        var bucket = await NewBucketAsync();
        var checksum = S3Checksums.Compute(S3ChecksumAlgorithm.CRC32, "hello world"u8);
        var body = $"6;chunk-signature=aa\r\nhello \r\n5;chunk-signature=bb\r\nworld\r\n0;chunk-signature=cc\r\nx-amz-checksum-crc32:{checksum}\r\nx-amz-trailer-signature:dd\r\n\r\n";
        using var put = new HttpRequestMessage(HttpMethod.Put, new Uri($"/{bucket}/chunked", UriKind.Relative))
        {
            Content = new ByteArrayContent(Encoding.ASCII.GetBytes(body)),
        };
        put.Headers.Add("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER");
        put.Headers.Add("x-amz-decoded-content-length", "11");
        put.Headers.Add("x-amz-trailer", "x-amz-checksum-crc32");
        put.Content.Headers.ContentEncoding.Add("aws-chunked");
        put.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");

        using var putResponse = await _http.SendAsync(put, Ct);
        using var get = new HttpRequestMessage(HttpMethod.Get, new Uri($"/{bucket}/chunked", UriKind.Relative));
        get.Headers.Add("x-amz-checksum-mode", "ENABLED");
        using var getResponse = await _http.SendAsync(get, Ct);

        putResponse.StatusCode.Should().Be(HttpStatusCode.OK);
        putResponse.Headers.GetValues("x-amz-checksum-crc32").Should().Equal(checksum);
        (await getResponse.Content.ReadAsStringAsync(Ct)).Should().Be("hello world");
        getResponse.Headers.GetValues("x-amz-checksum-crc32").Should().Equal(checksum);
        getResponse.Content.Headers.ContentEncoding.Should().BeEmpty("aws-chunked is a transfer encoding, not stored");
        getResponse.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
    }

    [Fact]
    public async Task GetObject_MissingKey_WritesS3ErrorDocumentWithKey()
    {
        var bucket = await NewBucketAsync();

        using var response = await _http.GetAsync(new Uri($"/{bucket}/no/such.key", UriKind.Relative), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        body.Should().Contain("<Code>NoSuchKey</Code>").And.Contain("<Key>no/such.key</Key>").And.Contain("<RequestId>");
    }

    [Fact]
    public async Task PostObject_UnknownSubresource_ReturnsMethodNotAllowed()
    {
        var bucket = await NewBucketAsync();

        using var response = await _http.PostAsync(new Uri($"/{bucket}/key", UriKind.Relative), new StringContent("x"), Ct);

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        (await response.Content.ReadAsStringAsync(Ct)).Should().Contain("<Code>MethodNotAllowed</Code>");
    }

    [Fact]
    public async Task GetObject_NonAsciiContentDispositionStored_ReturnsItAsUtf8()
    {
        var bucket = await NewBucketAsync();
        using var handler = new SocketsHttpHandler
        {
            RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
            ResponseHeaderEncodingSelector = (_, _) => Encoding.UTF8,
        };
        using var http = new HttpClient(handler) { BaseAddress = emulator.BaseUrl };
        const string disposition = "attachment; filename=\"résumé ü.txt\"";
        using var put = new HttpRequestMessage(HttpMethod.Put, new Uri($"/{bucket}/cv", UriKind.Relative)) { Content = new StringContent("cv") };
        put.Content.Headers.TryAddWithoutValidation("Content-Disposition", disposition);

        using var putResponse = await http.SendAsync(put, Ct);
        using var get = await http.GetAsync(new Uri($"/{bucket}/cv", UriKind.Relative), Ct);
        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri($"/{bucket}/cv", UriKind.Relative)), Ct);

        putResponse.StatusCode.Should().Be(HttpStatusCode.OK);
        get.StatusCode.Should().Be(HttpStatusCode.OK, "an object stored with a UTF-8 header must stay readable");
        get.Content.Headers.GetValues("Content-Disposition").Should().Equal(disposition);
        head.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task GetObject_ResponseOverrideWithControlCharacter_ReturnsInvalidArgument()
    {
        var bucket = await NewBucketAsync();
        using var put = await _http.PutAsync(new Uri($"/{bucket}/k", UriKind.Relative), new StringContent("x"), Ct);

        using var response = await _http.GetAsync(new Uri($"/{bucket}/k?response-content-type=a%00b", UriKind.Relative), Ct);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync(Ct)).Should().Contain("<Code>InvalidArgument</Code>");
    }

    [Fact]
    public async Task ListAndErrors_KeyWithControlCharacter_EscapeItAsXmlCharacterReference()
    {
        var bucket = await NewBucketAsync();
        using var put = await _http.PutAsync(new Uri($"/{bucket}/ctl%01key", UriKind.Relative), new StringContent("x"), Ct);

        using var list = await _http.GetAsync(new Uri($"/{bucket}?list-type=2", UriKind.Relative), Ct);
        using var missing = await _http.GetAsync(new Uri($"/{bucket}/missing%01key", UriKind.Relative), Ct);

        put.StatusCode.Should().Be(HttpStatusCode.OK);
        list.StatusCode.Should().Be(HttpStatusCode.OK);
        (await list.Content.ReadAsStringAsync(Ct)).Should().Contain("<Key>ctl&#x1;key</Key>");
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await missing.Content.ReadAsStringAsync(Ct)).Should().Contain("<Code>NoSuchKey</Code>");
    }

    [Fact]
    public async Task PostObject_PresignedPostForm_ReturnsNotImplementedSayingSo()
    {
        var bucket = await NewBucketAsync();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("upload/${filename}"), "key" },
            { new ByteArrayContent("posted"u8.ToArray()), "file", "post.txt" },
        };

        using var response = await _http.PostAsync(new Uri($"/{bucket}", UriKind.Relative), form, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        response.StatusCode.Should().Be(HttpStatusCode.NotImplemented);
        body.Should().Contain("<Code>NotImplemented</Code>").And.Contain("POST Object");
    }

    [Fact]
    public async Task CreateMultipartUpload_UploadIds_NeverContainAHyphenTheCliWouldReadAsAnOption()
    {
        var bucket = await NewBucketAsync();
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            using var response = await _http.PostAsync(new Uri($"/{bucket}/big?uploads", UriKind.Relative), null, Ct);
            var xml = System.Xml.Linq.XElement.Parse(await response.Content.ReadAsStringAsync(Ct));
            ids.Add(xml.Elements().Single(e => e.Name.LocalName == "UploadId").Value);
        }

        // `aws s3api upload-part --upload-id -abc…` fails in the CLI's argument parser, so an id must not start with '-';
        // the emulator keeps '-' out of its ids altogether.
        ids.Should().OnlyContain(id => id.Length >= 32 && !id.Contains('-', StringComparison.Ordinal));
    }
}
