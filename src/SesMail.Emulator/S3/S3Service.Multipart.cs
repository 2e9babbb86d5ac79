using System.Globalization;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.S3;

/// <summary>Multipart upload operations over REST: read the request, call <see cref="S3Provider"/>, write the result.</summary>
internal sealed partial class S3Service
{
    private async Task CreateMultipartUploadAsync(HttpContext http, string bucket, string key)
    {
        var request = http.Request;
        var result = await provider.CreateMultipartUploadAsync(new CreateMultipartUploadRequest(
            bucket, key, request.Headers["x-amz-checksum-algorithm"].ToString(), request.Headers["x-amz-checksum-type"].ToString(), Attributes(request))).ConfigureAwait(false);
        if (result.ChecksumAlgorithm is { } a)
        {
            http.Response.Headers["x-amz-checksum-algorithm"] = a.ToString();
            http.Response.Headers["x-amz-checksum-type"] = result.ChecksumType;
        }

        await S3Xml.WriteAsync(http, S3Xml.E("InitiateMultipartUploadResult",
            S3Xml.E("Bucket", result.Bucket), S3Xml.E("Key", result.Key), S3Xml.E("UploadId", result.UploadId))).ConfigureAwait(false);
    }

    private async Task UploadPartAsync(HttpContext http, string bucket, string key)
    {
        var request = http.Request;
        var result = await provider.UploadPartAsync(
            new UploadPartRequest(bucket, key, request.Query["uploadId"].ToString(), PartNumber(request), new HttpPayload(request)),
            http.RequestAborted).ConfigureAwait(false);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.Headers.ETag = S3Xml.Quote(result.ETag);
        WriteChecksumHeaders(http.Response, result.ChecksumAlgorithm, result.Checksum, null);
        http.Response.ContentLength = 0;
    }

    private async Task UploadPartCopyAsync(HttpContext http, string bucket, string key, string copySource)
    {
        var request = http.Request;
        var result = await provider.UploadPartCopyAsync(
            new UploadPartCopyRequest(
                bucket,
                key,
                request.Query["uploadId"].ToString(),
                PartNumber(request),
                CopySource(copySource),
                Conditions(request, "x-amz-copy-source-"),
                request.Headers["x-amz-copy-source-range"].ToString()),
            http.RequestAborted).ConfigureAwait(false);
        await S3Xml.WriteAsync(http, S3Xml.E("CopyPartResult",
            S3Xml.E("ETag", S3Xml.Quote(result.ETag)),
            S3Xml.E("LastModified", S3Xml.Timestamp(result.LastModified)),
            ChecksumElement(result.ChecksumAlgorithm, result.Checksum))).ConfigureAwait(false);
    }

    private async Task CompleteMultipartUploadAsync(HttpContext http, AwsRequestContext context, string bucket, string key)
    {
        var request = http.Request;

        // The x-amz-checksum-* headers of this request describe the whole object, not the XML body: read it as it is.
        byte[] body;
        using (var memory = new MemoryStream())
        {
            await request.Body.CopyToAsync(memory, http.RequestAborted).ConfigureAwait(false);
            body = memory.ToArray();
        }

        var parts = S3Xml.Parse(body).Children("Part").Select(p => new CompletedPart(
            int.TryParse(p.Child("PartNumber")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw S3Errors.MalformedXml(),
            S3Xml.Unquote(p.Child("ETag")?.Value ?? throw S3Errors.MalformedXml()))).ToList();
        var checksums = S3Checksums.All
            .Where(a => request.Headers.ContainsKey(S3Checksums.HeaderName(a)))
            .ToDictionary(a => a, a => request.Headers[S3Checksums.HeaderName(a)].ToString());
        var result = await provider.CompleteMultipartUploadAsync(
            new CompleteMultipartUploadRequest(bucket, key, request.Query["uploadId"].ToString(), parts, checksums), context, http.RequestAborted).ConfigureAwait(false);
        var record = result.Object;
        await S3Xml.WriteAsync(http, S3Xml.E("CompleteMultipartUploadResult",
            S3Xml.E("Location", result.Location),
            S3Xml.E("Bucket", result.Bucket),
            S3Xml.E("Key", result.Key),
            S3Xml.E("ETag", S3Xml.Quote(record.ETag)),
            ChecksumElement(record.ChecksumAlgorithm, record.Checksum),
            record.ChecksumType is { } type ? S3Xml.E("ChecksumType", type) : null)).ConfigureAwait(false);
    }

    private async Task AbortMultipartUploadAsync(HttpContext http, string bucket, string key)
    {
        await provider.AbortMultipartUploadAsync(new UploadRequest(bucket, key, http.Request.Query["uploadId"].ToString())).ConfigureAwait(false);
        await WriteStatus(http, StatusCodes.Status204NoContent).ConfigureAwait(false);
    }

    private Task ListPartsAsync(HttpContext http, string bucket, string key)
    {
        var request = http.Request;
        var result = provider.ListParts(new UploadRequest(
            bucket,
            key,
            request.Query["uploadId"].ToString(),
            IntParameter(request, "max-parts", 1000, 0, 1000),
            IntParameter(request, "part-number-marker", 0, 0, 10000)));
        var upload = result.Upload;
        var algorithm = upload.Template.ChecksumAlgorithm;
        return S3Xml.WriteAsync(http, S3Xml.E("ListPartsResult",
            S3Xml.E("Bucket", result.Bucket),
            S3Xml.E("Key", result.Key),
            S3Xml.E("UploadId", upload.UploadId),
            S3Xml.E("PartNumberMarker", result.PartNumberMarker),
            result.Parts.Count > 0 ? S3Xml.E("NextPartNumberMarker", result.Parts[^1].PartNumber) : null,
            S3Xml.E("MaxParts", result.MaxParts),
            S3Xml.E("IsTruncated", result.IsTruncated ? "true" : "false"),
            result.Parts.Select(p => S3Xml.E("Part",
                S3Xml.E("PartNumber", p.PartNumber),
                S3Xml.E("LastModified", S3Xml.Timestamp(p.LastModified)),
                S3Xml.E("ETag", S3Xml.Quote(p.ETag)),
                ChecksumElement(algorithm, p.Checksum),
                S3Xml.E("Size", p.Size))),
            OwnerElement("Initiator"),
            OwnerElement(),
            S3Xml.E("StorageClass", upload.Template.StorageClass),
            algorithm is { } alg ? S3Xml.E("ChecksumAlgorithm", alg.ToString()) : null,
            upload.ChecksumType is { } type ? S3Xml.E("ChecksumType", type) : null));
    }

    private Task ListMultipartUploadsAsync(HttpContext http, string bucket)
    {
        var request = http.Request;
        var query = request.Query;
        var result = provider.ListMultipartUploads(new ListMultipartUploadsRequest(
            bucket,
            query["prefix"].ToString(),
            query["key-marker"].ToString(),
            query["upload-id-marker"].ToString(),
            IntParameter(request, "max-uploads", 1000, 0, 1000)));
        var page = result.Uploads;
        return S3Xml.WriteAsync(http, S3Xml.E("ListMultipartUploadsResult",
            S3Xml.E("Bucket", result.Bucket),
            S3Xml.E("KeyMarker", result.KeyMarker),
            S3Xml.E("UploadIdMarker", result.UploadIdMarker),
            result.IsTruncated ? S3Xml.E("NextKeyMarker", page[^1].Key) : null,
            result.IsTruncated ? S3Xml.E("NextUploadIdMarker", page[^1].UploadId) : null,
            result.Prefix.Length > 0 ? S3Xml.E("Prefix", result.Prefix) : null,
            S3Xml.E("MaxUploads", result.MaxUploads),
            S3Xml.E("IsTruncated", result.IsTruncated ? "true" : "false"),
            page.Select(u => S3Xml.E("Upload",
                S3Xml.E("Key", u.Key),
                S3Xml.E("UploadId", u.UploadId),
                OwnerElement("Initiator"),
                OwnerElement(),
                S3Xml.E("StorageClass", u.Template.StorageClass),
                S3Xml.E("Initiated", S3Xml.Timestamp(u.Initiated)),
                u.Template.ChecksumAlgorithm is { } a ? S3Xml.E("ChecksumAlgorithm", a.ToString()) : null,
                u.ChecksumType is { } t ? S3Xml.E("ChecksumType", t) : null))));
    }
}
