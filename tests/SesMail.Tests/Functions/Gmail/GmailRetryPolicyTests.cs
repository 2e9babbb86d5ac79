using System.Net;
using SesMail.Functions.Gmail;

namespace SesMail.Tests.Functions.Gmail;

[Trait("Kind", "Unit")]
public sealed class GmailRetryPolicyTests
{
    private static readonly GmailRetryPolicy Policy = new(TimeProvider.System, 4, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(40));

    [Fact]
    public async Task ExecuteAsync_TransientThenSuccess_Retries()
    {
        var attempts = 0;

        var result = await Policy.ExecuteAsync(
            _ => ++attempts < 3 ? throw new GmailTransientException("503", HttpStatusCode.ServiceUnavailable) : Task.FromResult("ok"),
            DateTimeOffset.UtcNow.AddSeconds(30),
            null,
            TestContext.Current.CancellationToken);

        result.Should().Be("ok");
        attempts.Should().Be(3);
    }

    [Fact]
    public async Task ExecuteAsync_PermanentError_DoesNotRetry()
    {
        var attempts = 0;

        var run = () => Policy.ExecuteAsync<string>(
            _ => { attempts++; throw new GmailPermanentException("400", HttpStatusCode.BadRequest); },
            DateTimeOffset.UtcNow.AddSeconds(30),
            null,
            TestContext.Current.CancellationToken);

        await run.Should().ThrowAsync<GmailPermanentException>();
        attempts.Should().Be(1);
    }

    [Fact]
    public async Task ExecuteAsync_RetryAfterBeyondBudget_ThrowsWithoutWaiting()
    {
        var attempts = 0;
        var started = DateTimeOffset.UtcNow;

        var run = () => Policy.ExecuteAsync<string>(
            _ => { attempts++; throw new GmailRateLimitedException("429", HttpStatusCode.TooManyRequests, "rateLimitExceeded", TimeSpan.FromSeconds(60)); },
            DateTimeOffset.UtcNow.AddSeconds(20),
            null,
            TestContext.Current.CancellationToken);

        await run.Should().ThrowAsync<GmailRateLimitedException>();
        attempts.Should().Be(1);
        (DateTimeOffset.UtcNow - started).Should().BeLessThan(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ExecuteAsync_RetriesExhausted_ThrowsLastError()
    {
        var attempts = 0;

        var run = () => Policy.ExecuteAsync<string>(
            _ => { attempts++; throw new GmailTransientException("503", HttpStatusCode.ServiceUnavailable); },
            DateTimeOffset.UtcNow.AddSeconds(30),
            null,
            TestContext.Current.CancellationToken);

        await run.Should().ThrowAsync<GmailTransientException>();
        attempts.Should().Be(5);
    }
}
