using System.Net;
using Amazon.S3;
using SesMail.Functions.Gmail;
using SesMail.Functions.GmailForwarder;

namespace SesMail.Tests.Functions.GmailForwarder;

[Trait("Kind", "Unit")]
public sealed class GmailForwarderTests
{
    public static TheoryData<Exception, bool> Errors() => new()
    {
        { new GmailTokenExpiredException("invalid_grant", HttpStatusCode.BadRequest, "invalid_grant"), true },
        { new GmailRateLimitedException("Token expired? no: rate limited", (HttpStatusCode)429, "rateLimitExceeded", null), false },
        { new GmailPermanentException("unauthorized-looking text in a typed error", HttpStatusCode.BadRequest), false },
        { new InvalidOperationException("RefreshError: Token has been expired or revoked."), true },
        { new InvalidOperationException("Request had Invalid Credentials"), true },
        { new InvalidOperationException("connection reset"), false },
        { new AmazonS3Exception("Unauthorized"), false },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void IsTokenExpired_TypedFirstThenTextFallback(Exception error, bool expected) =>
        SesMail.Functions.GmailForwarder.GmailForwarder.IsTokenExpired(error).Should().Be(expected);

    [Fact]
    public void RetryParking_ToMessageAttributes_UsesSpecNamesAndTypes()
    {
        var attributes = new RetryParking(new DateTimeOffset(2026, 1, 18, 10, 0, 0, TimeSpan.Zero), "token_expired", "unknown", 2).ToMessageAttributes();

        attributes.Keys.Should().BeEquivalentTo(["original_timestamp", "error_type", "original_lambda_request_id", "attempt_count"]);
        attributes["original_timestamp"].StringValue.Should().Be("2026-01-18T10:00:00.000Z");
        attributes["attempt_count"].DataType.Should().Be("Number");
        attributes["attempt_count"].StringValue.Should().Be("2");
    }
}
