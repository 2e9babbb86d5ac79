using System.Net;
using System.Text;
using SesMail.Functions.Gmail;

namespace SesMail.Tests.Functions.Gmail;

[Trait("Kind", "Unit")]
public sealed class GmailClientTests
{
    [Theory]
    [InlineData(401, "authError", "TokenExpired")]
    [InlineData(403, "insufficientPermissions", "TokenExpired")]
    [InlineData(403, "rateLimitExceeded", "RateLimited")]
    [InlineData(403, "userRateLimitExceeded", "RateLimited")]
    [InlineData(429, "rateLimitExceeded", "RateLimited")]
    [InlineData(500, "backendError", "Transient")]
    [InlineData(503, "backendError", "Transient")]
    [InlineData(408, null, "Transient")]
    [InlineData(400, "invalidArgument", "Permanent")]
    [InlineData(404, "notFound", "Permanent")]
    [InlineData(413, null, "Permanent")]
    public async Task ClassifyAsync_GoogleErrorResponse_MapsToKind(int status, string? reason, string expected)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status)
        {
            Content = new StringContent(
                $$$"""{"error":{"code":{{{status}}},"message":"m","errors":[{"message":"m","domain":"global","reason":"{{{reason}}}"}],"status":"S"}}""",
                Encoding.UTF8,
                "application/json"),
        };

        var error = await GmailClient.ClassifyAsync(response, TimeProvider.System, TestContext.Current.CancellationToken);

        error.Kind.ToString().Should().Be(expected);
        error.StatusCode.Should().Be((HttpStatusCode)status);
    }

    [Fact]
    public async Task ClassifyAsync_429WithRetryAfter_CarriesDelay()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent("<html>busy</html>") };
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7));

        var error = await GmailClient.ClassifyAsync(response, TimeProvider.System, TestContext.Current.CancellationToken);

        error.Should().BeOfType<GmailRateLimitedException>().Which.RetryAfter.Should().Be(TimeSpan.FromSeconds(7));
    }
}
