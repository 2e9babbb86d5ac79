using System.Text.Json.Serialization;
using SesMail.Emulator.Persistence;

namespace SesMail.Emulator.Sts;

/// <summary>
/// Temporary credentials issued by <c>AssumeRole</c> and <c>GetSessionToken</c>, by access key id, persisted in
/// <c>{DataDirectory}/sts/state.json</c> so that a function keeps its credentials across an emulator restart. Sessions
/// are kept one day past their expiry (to answer <c>ExpiredToken</c> rather than treat the key as unknown), then dropped.
/// </summary>
internal sealed class StsSessionStore(TimeProvider clock) : ISnapshotStore<StsSnapshot>
{
    private static readonly TimeSpan KeptAfterExpiry = TimeSpan.FromDays(1);
    private readonly Dictionary<string, StsSessionRecord> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <inheritdoc/>
    public StsSnapshot Empty => new([]);

    /// <summary>The session with an access key id, or <c>null</c>.</summary>
    public StsSessionRecord? Session(string accessKeyId)
    {
        lock (_gate)
        {
            return _sessions.GetValueOrDefault(accessKeyId);
        }
    }

    /// <summary>Records a new session and drops long-expired ones.</summary>
    public void Add(StsSessionRecord session)
    {
        lock (_gate)
        {
            var cutoff = clock.GetUtcNow() - KeptAfterExpiry;
            foreach (var old in _sessions.Values.Where(s => s.Expiration < cutoff).ToList())
            {
                _sessions.Remove(old.AccessKeyId);
            }

            _sessions[session.AccessKeyId] = session;
        }
    }

    /// <inheritdoc/>
    public StsSnapshot Capture()
    {
        lock (_gate)
        {
            return new StsSnapshot([.. _sessions.Values.OrderBy(s => s.AccessKeyId, StringComparer.Ordinal)]);
        }
    }

    /// <inheritdoc/>
    public void Restore(StsSnapshot snapshot)
    {
        lock (_gate)
        {
            _sessions.Clear();
            foreach (var session in snapshot.Sessions)
            {
                _sessions[session.AccessKeyId] = session;
            }
        }
    }
}

/// <summary>One set of temporary credentials and whom they stand for.</summary>
/// <param name="AccessKeyId"><c>ASIA…</c>.</param>
/// <param name="SecretAccessKey">The secret (signatures made with it are verified).</param>
/// <param name="SessionToken">The token the caller must send as <c>X-Amz-Security-Token</c>.</param>
/// <param name="Issued">When the credentials were issued (<c>aws:TokenIssueTime</c>).</param>
/// <param name="Expiration">When they stop working (<c>ExpiredToken</c> after).</param>
/// <param name="Arn">The principal ARN: <c>arn:aws:sts::{account}:assumed-role/{role}/{session}</c>, or the user's (or root's) ARN for <c>GetSessionToken</c>.</param>
/// <param name="UserId"><c>AROA…:{session}</c>, the user's id, or the account id.</param>
/// <param name="RoleArn">The assumed role's ARN, or <c>null</c> for <c>GetSessionToken</c>.</param>
/// <param name="UserName">The user of a <c>GetSessionToken</c> session, or <c>null</c>.</param>
/// <param name="Policy">The inline session policy passed to <c>AssumeRole</c>, or <c>null</c>.</param>
/// <param name="ServicePrincipal">For credentials that stand for an AWS service (e.g. <c>ses.amazonaws.com</c>), its name; else <c>null</c>.</param>
/// <param name="SourceArn">For a service principal, the resource it acts for (<c>aws:SourceArn</c>); else <c>null</c>.</param>
internal sealed record StsSessionRecord(
    string AccessKeyId,
    string SecretAccessKey,
    string SessionToken,
    DateTimeOffset Issued,
    DateTimeOffset Expiration,
    string Arn,
    string UserId,
    string? RoleArn,
    string? UserName,
    string? Policy,
    string? ServicePrincipal = null,
    string? SourceArn = null);

/// <summary>The persisted form of <see cref="StsSessionStore"/>.</summary>
internal sealed record StsSnapshot(IReadOnlyList<StsSessionRecord> Sessions);

[JsonSourceGenerationOptions(RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(StsSnapshot))]
internal sealed partial class StsSnapshotJsonContext : JsonSerializerContext;
