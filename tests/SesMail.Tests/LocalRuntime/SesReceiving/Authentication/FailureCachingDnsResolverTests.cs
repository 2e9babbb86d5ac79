using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Time.Testing;
using SesMail.LocalRuntime.SesReceiving.Authentication;

namespace SesMail.Tests.LocalRuntime.SesReceiving.Authentication;

[Trait("Kind", "Unit")]
public sealed class FailureCachingDnsResolverTests
{
    private static readonly DomainName Name = DomainName.Parse("sender.test");

    [Fact]
    public async Task ResolveAsync_FailedLately_FailsAgainWithoutAskingUntilTheLifetimeEnds()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var inner = new CountingResolver { Fail = true };
        using var resolver = new FailureCachingDnsResolver(inner, time);

        var first = () => resolver.ResolveAsync<TxtRecord>(Name, RecordType.Txt, RecordClass.INet, TestContext.Current.CancellationToken);
        await first.Should().ThrowAsync<TimeoutException>();
        await first.Should().ThrowAsync<DnsLookupException>();
        inner.Calls.Should().Be(1, "the second question was answered from the failure cache");

        time.Advance(FailureCachingDnsResolver.FailureLifetime + TimeSpan.FromSeconds(1));
        inner.Fail = false;
        await first.Should().ThrowAsync<DnsLookupException>("the caller does not wait for the question asked again in the background");
        inner.Calls.Should().Be(2);
        (await first()).Should().BeEmpty("the background answer ended the failure");
        inner.Calls.Should().Be(3);
    }

    [Fact]
    public async Task ResolveAsync_LifetimeEndsAndTheServerStillFails_OneBackgroundQuestionThenFailsFastAnotherLifetime()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var inner = new CountingResolver { Fail = true };
        using var resolver = new FailureCachingDnsResolver(inner, time);
        var ask = () => resolver.ResolveAsync<TxtRecord>(Name, RecordType.Txt, RecordClass.INet, TestContext.Current.CancellationToken);
        await ask.Should().ThrowAsync<TimeoutException>();

        time.Advance(FailureCachingDnsResolver.FailureLifetime + TimeSpan.FromSeconds(1));
        for (var i = 0; i < 5; i++)
        {
            await ask.Should().ThrowAsync<DnsLookupException>();
        }

        inner.Calls.Should().Be(2, "only the first caller after the lifetime asked again, in the background");
        time.Advance(FailureCachingDnsResolver.FailureLifetime - TimeSpan.FromSeconds(1));
        await ask.Should().ThrowAsync<DnsLookupException>();
        inner.Calls.Should().Be(2, "the background failure started a new lifetime");
    }

    [Fact]
    public async Task ResolveAsync_OtherQuestion_IsAskedDespiteAFailure()
    {
        var inner = new CountingResolver { Fail = true };
        using var resolver = new FailureCachingDnsResolver(inner, new FakeTimeProvider());

        var txt = () => resolver.ResolveAsync<TxtRecord>(Name, RecordType.Txt, RecordClass.INet, TestContext.Current.CancellationToken);
        var dmarc = () => resolver.ResolveAsync<TxtRecord>(DomainName.Parse("_dmarc.sender.test"), RecordType.Txt, RecordClass.INet, TestContext.Current.CancellationToken);
        await txt.Should().ThrowAsync<TimeoutException>();
        await dmarc.Should().ThrowAsync<TimeoutException>();

        inner.Calls.Should().Be(2);
    }

    private sealed class CountingResolver : IDnsResolver
    {
        public bool Fail { get; set; }

        public int Calls { get; private set; }

        public List<T> Resolve<T>(DomainName name, RecordType recordType = RecordType.A, RecordClass recordClass = RecordClass.INet)
            where T : DnsRecordBase
        {
            Calls++;
            return Fail ? throw new TimeoutException("no answer") : [];
        }

        public Task<List<T>> ResolveAsync<T>(DomainName name, RecordType recordType = RecordType.A, RecordClass recordClass = RecordClass.INet, CancellationToken token = default)
            where T : DnsRecordBase =>
            Task.FromResult(Resolve<T>(name, recordType, recordClass));

        public void ClearCache()
        {
        }

        public void Dispose()
        {
        }
    }
}
