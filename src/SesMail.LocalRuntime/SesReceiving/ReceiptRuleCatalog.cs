using Amazon.SimpleEmail;
using Amazon.SimpleEmail.Model;

namespace SesMail.LocalRuntime.SesReceiving;

/// <summary>
/// The active receipt rule set as last read through SES <c>DescribeActiveReceiptRuleSet</c>, refreshed every
/// <see cref="SmtpEdgeOptions.RuleRefreshInterval"/> and on demand when a recipient is not covered by a snapshot older
/// than <see cref="MissRefreshInterval"/> (so rules provisioned a moment ago apply at once).
/// </summary>
internal sealed partial class ReceiptRuleCatalog(IAmazonSimpleEmailService ses, SmtpEdgeOptions options, TimeProvider time, ILogger<ReceiptRuleCatalog> logger)
{
    /// <summary>
    /// A recipient no rule covers re-reads a snapshot older than this. Short, because a snapshot read while the stack
    /// was still being deployed (the rule set active, its rules not all created) would otherwise turn away the first
    /// mail after start-up with a permanent 550; long enough that mail to unknown domains costs at most ten reads a second.
    /// </summary>
    internal static readonly TimeSpan MissRefreshInterval = TimeSpan.FromMilliseconds(100);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Snapshot? _snapshot;

    /// <summary>One reading of the active rule set.</summary>
    /// <param name="RuleSetName">Its name, or <c>null</c> when no rule set is active.</param>
    /// <param name="Rules">Its rules in evaluation order.</param>
    /// <param name="ReadAt">When it was read.</param>
    internal sealed record Snapshot(string? RuleSetName, IReadOnlyList<ReceiptRule> Rules, DateTimeOffset ReadAt);

    /// <summary>The last successful reading, or <c>null</c> before the first.</summary>
    public Snapshot? Current => _snapshot;

    /// <summary>Re-reads the active rule set.</summary>
    /// <exception cref="AmazonSimpleEmailServiceException">SES answered with an error.</exception>
    /// <exception cref="HttpRequestException">SES could not be reached.</exception>
    public async Task<Snapshot> RefreshAsync(CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await ses.DescribeActiveReceiptRuleSetAsync(new DescribeActiveReceiptRuleSetRequest(), cancellationToken).ConfigureAwait(false);
            var snapshot = new Snapshot(response.Metadata?.Name, response.Rules, time.GetUtcNow());
            if (_snapshot?.RuleSetName != snapshot.RuleSetName || _snapshot?.Rules.Count != snapshot.Rules.Count)
            {
                LogRules(logger, snapshot.RuleSetName ?? "(none)", snapshot.Rules.Count);
            }

            _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>The enabled rules covering <paramref name="address"/>, refreshing a stale snapshot on a miss.</summary>
    /// <returns>The rules, or <c>null</c> when the rule set could never be read (the caller answers 451).</returns>
    public async Task<IReadOnlyList<ReceiptRule>?> RulesForAsync(string address, CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is not null)
        {
            var rules = Match(snapshot, address);
            if (rules.Count > 0 || time.GetUtcNow() - snapshot.ReadAt < MissRefreshInterval)
            {
                return rules;
            }
        }

        try
        {
            snapshot = await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogRefreshFailed(logger, error);
            return snapshot is null ? null : Match(snapshot, address);
        }

        return Match(snapshot, address);
    }

    /// <summary>Refreshes in a loop until stopped; failures are logged and retried.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogRefreshFailed(logger, error);
            }

            try
            {
                await Task.Delay(options.RuleRefreshInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    internal static List<ReceiptRule> Match(Snapshot snapshot, string address) =>
        [.. snapshot.Rules.Where(r => r.Enabled == true && ReceiptRuleMatcher.Covers(r.Recipients, address))];

    [LoggerMessage(Level = LogLevel.Information, Message = "SES receiving: active receipt rule set {RuleSet} with {Count} rule(s)")]
    private static partial void LogRules(ILogger logger, string ruleSet, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SES receiving: could not read the active receipt rule set; will retry")]
    private static partial void LogRefreshFailed(ILogger logger, Exception error);
}
