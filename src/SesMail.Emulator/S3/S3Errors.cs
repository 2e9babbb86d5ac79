using System.Net;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.S3;

/// <summary>
/// S3 errors by their wire identity, worded as S3 words them
/// (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList).
/// </summary>
internal static class S3Errors
{
    /// <summary>
    /// S3's answer to an unexpected failure (a disk flush that failed, say): 500 <c>InternalError</c>, "We encountered
    /// an internal error. Please try again." — S3's code for it, where the JSON and Query services say <c>InternalFailure</c>.
    /// </summary>
    public static AwsServiceException InternalError() =>
        new("InternalError", "We encountered an internal error. Please try again.", HttpStatusCode.InternalServerError, senderFault: false);

    public static AwsServiceException NoSuchBucket(string bucket) =>
        new("NoSuchBucket", "The specified bucket does not exist", HttpStatusCode.NotFound) { Details = new Dictionary<string, string> { ["BucketName"] = bucket } };

    public static AwsServiceException NoSuchKey(string key) =>
        new("NoSuchKey", "The specified key does not exist.", HttpStatusCode.NotFound) { Details = new Dictionary<string, string> { ["Key"] = key } };

    public static AwsServiceException NoSuchUpload(string uploadId) =>
        new("NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.", HttpStatusCode.NotFound)
        { Details = new Dictionary<string, string> { ["UploadId"] = uploadId } };

    public static AwsServiceException BucketAlreadyOwnedByYou(string bucket) =>
        new("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.", HttpStatusCode.Conflict)
        { Details = new Dictionary<string, string> { ["BucketName"] = bucket } };

    public static AwsServiceException BucketNotEmpty(string bucket) =>
        new("BucketNotEmpty", "The bucket you tried to delete is not empty", HttpStatusCode.Conflict) { Details = new Dictionary<string, string> { ["BucketName"] = bucket } };

    public static AwsServiceException InvalidBucketName(string bucket) =>
        new("InvalidBucketName", "The specified bucket is not valid.", HttpStatusCode.BadRequest) { Details = new Dictionary<string, string> { ["BucketName"] = bucket } };

    public static AwsServiceException KeyTooLong() =>
        new("KeyTooLongError", "Your key is too long", HttpStatusCode.BadRequest);

    public static AwsServiceException BadDigest(string message) => new("BadDigest", message, HttpStatusCode.BadRequest);

    public static AwsServiceException InvalidDigest() =>
        new("InvalidDigest", "The Content-MD5 you specified was invalid.", HttpStatusCode.BadRequest);

    public static AwsServiceException ContentSha256Mismatch(string client, string computed) =>
        new("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.", HttpStatusCode.BadRequest)
        { Details = new Dictionary<string, string> { ["ClientComputedContentSHA256"] = client, ["S3ComputedContentSHA256"] = computed } };

    public static AwsServiceException InvalidRequest(string message) => new("InvalidRequest", message, HttpStatusCode.BadRequest);

    public static AwsServiceException InvalidArgument(string message, string? name = null, string? value = null) =>
        new("InvalidArgument", message, HttpStatusCode.BadRequest)
        {
            Details = name is null ? null : new Dictionary<string, string> { ["ArgumentName"] = name, ["ArgumentValue"] = value ?? string.Empty },
        };

    public static AwsServiceException InvalidChunk(string message) => new("InvalidRequest", message, HttpStatusCode.BadRequest);

    public static AwsServiceException IncompleteBody(string message) => new("IncompleteBody", message, HttpStatusCode.BadRequest);

    public static AwsServiceException InvalidRange(long size, string range) =>
        new("InvalidRange", "The requested range is not satisfiable", HttpStatusCode.RequestedRangeNotSatisfiable)
        { Details = new Dictionary<string, string> { ["RangeRequested"] = range, ["ActualObjectSize"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture) } };

    public static AwsServiceException PreconditionFailed(string condition) =>
        new("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", HttpStatusCode.PreconditionFailed)
        { Details = new Dictionary<string, string> { ["Condition"] = condition } };

    public static AwsServiceException MalformedXml() =>
        new("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", HttpStatusCode.BadRequest);

    public static AwsServiceException InvalidPart(string message) => new("InvalidPart", message, HttpStatusCode.BadRequest);

    public static AwsServiceException InvalidPartOrder() =>
        new("InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number.", HttpStatusCode.BadRequest);

    public static AwsServiceException EntityTooSmall(int partNumber, long size) =>
        new("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.", HttpStatusCode.BadRequest)
        {
            Details = new Dictionary<string, string>
            {
                ["PartNumber"] = partNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["ProposedSize"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["MinSizeAllowed"] = "5242880",
            },
        };

    public static AwsServiceException InvalidTag(string message) => new("InvalidTag", message, HttpStatusCode.BadRequest);

    public static AwsServiceException MethodNotAllowed(string method, string resource) =>
        new("MethodNotAllowed", "The specified method is not allowed against this resource.", HttpStatusCode.MethodNotAllowed)
        { Details = new Dictionary<string, string> { ["Method"] = method, ["ResourceType"] = resource } };

    public static AwsServiceException NotImplemented(string what) =>
        new("NotImplemented", $"A header or query you provided implies functionality that is not implemented: {what}.", HttpStatusCode.NotImplemented, senderFault: false);

    public static AwsServiceException NotFound(string code, string message) => new(code, message, HttpStatusCode.NotFound);

    public static AwsServiceException MissingContentLength() =>
        new("MissingContentLength", "You must provide the Content-Length HTTP header.", HttpStatusCode.LengthRequired);
}
