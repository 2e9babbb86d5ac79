using Polly;
using Polly.Retry;

namespace SesMail.Functions.Gmail;

/// <summary>
/// Retries Gmail calls that failed with <see cref="GmailErrorKind.RateLimited"/> or <see cref="GmailErrorKind.Transient"/>
/// (Polly retry strategy: exponential back-off from <see cref="BaseDelay"/>, or the server's <c>Retry-After</c>),
/// but only while the wait and one more attempt still fit before a deadline (the function's time budget). When the
/// next wait would overrun it, the last error is thrown so the SQS message is redelivered later instead.
/// </summary>
internal sealed class GmailRetryPolicy
{
    /// <summary>Time an attempt is assumed to need at least; a retry is skipped when less would be left.</summary>
    public static readonly TimeSpan MinimumAttemptTime = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;

    /// <summary>Creates the policy.</summary>
    /// <param name="time">The clock (Polly waits on it too).</param>
    /// <param name="maxRetryAttempts">Retries after the first attempt.</param>
    /// <param name="baseDelay">First back-off delay; doubles per retry.</param>
    /// <param name="maxDelay">Longest back-off delay.</param>
    public GmailRetryPolicy(TimeProvider time, int maxRetryAttempts = 4, TimeSpan? baseDelay = null, TimeSpan? maxDelay = null)
    {
        _time = time;
        MaxRetryAttempts = maxRetryAttempts;
        BaseDelay = baseDelay ?? TimeSpan.FromSeconds(1);
        MaxDelay = maxDelay ?? TimeSpan.FromSeconds(8);
    }

    /// <summary>Retries after the first attempt.</summary>
    public int MaxRetryAttempts { get; }

    /// <summary>First back-off delay.</summary>
    public TimeSpan BaseDelay { get; }

    /// <summary>Longest back-off delay.</summary>
    public TimeSpan MaxDelay { get; }

    /// <summary>Runs <paramref name="action"/>, retrying retryable Gmail errors within the budget.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="action">One attempt.</param>
    /// <param name="deadline">No retry wait may end later than this minus <see cref="MinimumAttemptTime"/>.</param>
    /// <param name="onRetry">Called before each wait with the error and the delay.</param>
    /// <param name="cancellationToken">Cancels attempts and waits.</param>
    /// <returns>The result of the first successful attempt.</returns>
    /// <exception cref="GmailException">The last error, when it is not retryable, retries are exhausted, or the budget is spent.</exception>
    public async Task<T> ExecuteAsync<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.All)] T>(Func<CancellationToken, Task<T>> action, DateTimeOffset deadline, Action<GmailException, TimeSpan>? onRetry, CancellationToken cancellationToken)
    {
        var pipeline = new ResiliencePipelineBuilder<T> { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions<T>
            {
                MaxRetryAttempts = Math.Max(1, MaxRetryAttempts),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                Delay = BaseDelay,
                MaxDelay = MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    MaxRetryAttempts > 0 &&
                    args.Outcome.Exception is GmailException { IsRetryable: true } error &&
                    _time.GetUtcNow() + DelayFor(error, args.AttemptNumber) + MinimumAttemptTime <= deadline),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    args.Outcome.Exception is GmailException error ? DelayFor(error, args.AttemptNumber) : null),
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is GmailException error)
                    {
                        onRetry?.Invoke(error, args.RetryDelay);
                    }

                    return default;
                },
            })
            .Build();
        return await pipeline.ExecuteAsync(async token => await action(token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The wait before retry number <paramref name="attempt"/> + 1: <c>Retry-After</c> when given, else exponential.</summary>
    internal TimeSpan DelayFor(GmailException error, int attempt)
    {
        if (error.RetryAfter is { } retryAfter)
        {
            return retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter;
        }

        var exponential = BaseDelay * Math.Pow(2, Math.Min(attempt, 16));
        return exponential > MaxDelay ? MaxDelay : exponential;
    }
}
