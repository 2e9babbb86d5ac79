using Microsoft.Extensions.Time.Testing;
using SesMail.Functions.Gmail;
using SesMail.Functions.GmailForwarder;
using SesMail.Tests.Emulator.Gmail;
using SesMail.Tests.Support;

namespace SesMail.Tests.Functions.GmailForwarder;

/// <summary>
/// The forwarder keeps the credentials it read from SSM while every token works, and reads afresh as soon as one is
/// missing or refused, so a refreshed token is used by the next invocation.
/// </summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class CachingGmailCredentialStoreTests(EmulatorFixture emulator)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadAsync_WithinTheTimeToLive_ReadsSsmOnce_AndAgainAfterIt()
    {
        var inner = new CountingStore(token: "t1");
        var time = new FakeTimeProvider();
        var store = new CachingGmailCredentialStore(inner, Minute, time);

        (await store.ReadAsync(["a@example.test"], Ct)).Accounts["a@example.test"].RefreshToken.Should().Be("t1");
        await store.ReadAsync(["a@example.test"], Ct);
        inner.Reads.Should().Be(1);

        inner.Token = "t2";
        time.Advance(Minute);
        (await store.ReadAsync(["a@example.test"], Ct)).Accounts["a@example.test"].RefreshToken.Should().Be("t2");
        inner.Reads.Should().Be(2);
    }

    [Fact]
    public async Task ReadAsync_OtherAccounts_AreReadForThemselves()
    {
        var inner = new CountingStore(token: "t1");
        var store = new CachingGmailCredentialStore(inner, Minute, new FakeTimeProvider());

        await store.ReadAsync(["a@example.test"], Ct);
        var both = await store.ReadAsync(["b@example.test", "a@example.test"], Ct);
        await store.ReadAsync(["a@example.test", "b@example.test"], Ct);

        inner.Reads.Should().Be(2, "a set of accounts is kept whatever its order");
        both.Accounts.Keys.Should().BeEquivalentTo(["a@example.test", "b@example.test"]);
    }

    [Fact]
    public async Task ReadAsync_AnAccountWithoutAToken_IsReadEveryTime()
    {
        var inner = new CountingStore(token: null);
        var store = new CachingGmailCredentialStore(inner, Minute, new FakeTimeProvider());

        await store.ReadAsync(["a@example.test"], Ct);
        inner.Token = "t1";
        var second = await store.ReadAsync(["a@example.test"], Ct);

        inner.Reads.Should().Be(2);
        second.Accounts["a@example.test"].RefreshToken.Should().Be("t1", "a token stored after a miss is used at once");
    }

    [Fact]
    public async Task Refused_TokenIsNeverServedFromTheCacheAgain()
    {
        var inner = new CountingStore(token: "t1");
        var store = new CachingGmailCredentialStore(inner, Minute, new FakeTimeProvider());
        var first = await store.ReadAsync(["a@example.test"], Ct);

        store.Refused(first.Accounts["a@example.test"]);
        await store.ReadAsync(["a@example.test"], Ct);
        await store.ReadAsync(["a@example.test"], Ct);
        inner.Reads.Should().Be(3, "SSM still holds the refused token, so every invocation looks again");

        inner.Token = "t2";
        (await store.ReadAsync(["a@example.test"], Ct)).Accounts["a@example.test"].RefreshToken.Should().Be("t2");
        await store.ReadAsync(["a@example.test"], Ct);
        inner.Reads.Should().Be(4, "the new token is kept again");
    }

    [Fact]
    public async Task ReadAsync_TimeToLiveZero_ReadsEveryTime()
    {
        var inner = new CountingStore(token: "t1");
        var store = new CachingGmailCredentialStore(inner, TimeSpan.Zero, new FakeTimeProvider());

        await store.ReadAsync(["a@example.test"], Ct);
        await store.ReadAsync(["a@example.test"], Ct);

        inner.Reads.Should().Be(2);
    }

    [Fact]
    public async Task Forwarder_WithTheCache_ReadsSsmOnceForTwoMessages_AndTellsItOfARevokedToken()
    {
        CountingStore? counting = null;
        using var harness = new GmailForwarderHarness(emulator, credentials: ssm => new CachingGmailCredentialStore(counting = new CountingStore(ssm), Minute, TimeProvider.System));
        harness.Objects.Put("ses-cache-1", GmailStandInDriver.Fixture("report.eml"));
        harness.Objects.Put("ses-cache-2", GmailStandInDriver.Fixture("report.eml"));
        harness.Objects.Put("ses-cache-3", GmailStandInDriver.Fixture("report.eml"));

        (await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(GmailForwarderHarness.RoutingEvent("ses-cache-1", "support@example.test"), "sqs-1"))).Should().BeEmpty();
        (await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(GmailForwarderHarness.RoutingEvent("ses-cache-2", "support@example.test"), "sqs-2"))).Should().BeEmpty();
        (await harness.StoredAsync()).Should().HaveCount(2);
        counting!.Reads.Should().Be(1);

        await harness.Gmail.RevokeAsync(harness.Mailbox, Ct);
        (await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(GmailForwarderHarness.RoutingEvent("ses-cache-3", "support@example.test"), "sqs-3"))).Should().BeEmpty("the record is parked");
        counting.Refused.Should().ContainSingle().Which.Should().Be(GmailStandInDriver.RefreshTokenFor(harness.Mailbox));

        await harness.Gmail.RestoreAsync(harness.Mailbox, Ct);
        (await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(GmailForwarderHarness.RoutingEvent("ses-cache-3", "support@example.test"), "sqs-3b"))).Should().BeEmpty();
        counting.Reads.Should().Be(2, "after a refusal the next invocation reads SSM again");
        (await harness.StoredAsync()).Should().HaveCount(3);
    }

    /// <summary>Counts reads; answers one token for every account, or wraps a real store.</summary>
    private sealed class CountingStore : IGmailCredentialStore
    {
        private readonly IGmailCredentialStore? _inner;
        private int _reads;

        public CountingStore(string? token) => Token = token;

        public CountingStore(IGmailCredentialStore inner) => _inner = inner;

        public string? Token { get; set; }

        public int Reads => Volatile.Read(ref _reads);

        public List<string?> Refused { get; } = [];

        public async Task<GmailCredentials> ReadAsync(IReadOnlyCollection<string> accounts, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            if (_inner is not null)
            {
                return await _inner.ReadAsync(accounts, cancellationToken);
            }

            var client = GmailClientSecrets.Parse("""{"installed":{"client_id":"c","client_secret":"s","token_uri":"http://127.0.0.1:1/token"}}""");
            return new GmailCredentials(client, accounts.ToDictionary(
                a => a,
                a => new GmailAccountCredential(a, Token, a, "/p/" + a, Token is null ? "no token" : null)));
        }

        void IGmailCredentialStore.Refused(GmailAccountCredential credential)
        {
            lock (Refused)
            {
                Refused.Add(credential.RefreshToken);
            }
        }
    }
}
