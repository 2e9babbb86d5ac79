using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using SesMail.LocalRuntime.SesReceiving.Authentication;

namespace SesMail.Tests.LocalRuntime.SesReceiving.Authentication;

/// <summary>RFC 6761's <c>test.</c> and <c>invalid.</c> names are answered empty here; every other name is asked.</summary>
[Trait("Kind", "Unit")]
public sealed class SpecialUseNamesDnsResolverTests
{
    [Theory]
    [InlineData("sender.test")]
    [InlineData("_dmarc.Sender.TEST")]
    [InlineData("selector._domainkey.mail.sender.test")]
    [InlineData("nowhere.invalid")]
    public async Task ResolveAsync_SpecialUseName_EmptyWithoutAskingTheServer(string name)
    {
        using var resolver = new SpecialUseNamesDnsResolver(new AskedResolver());

        var records = await resolver.ResolveAsync<TxtRecord>(DomainName.Parse(name), RecordType.Txt, RecordClass.INet, TestContext.Current.CancellationToken);

        records.Should().BeEmpty();
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("test.example.com")]
    [InlineData("mail.testing")]
    public async Task ResolveAsync_OtherName_IsAskedOfTheServer(string name)
    {
        using var resolver = new SpecialUseNamesDnsResolver(new AskedResolver());

        var ask = () => resolver.ResolveAsync<TxtRecord>(DomainName.Parse(name), RecordType.Txt, RecordClass.INet, TestContext.Current.CancellationToken);

        (await ask.Should().ThrowAsync<DnsLookupException>()).Which.Message.Should().Be($"asked: {DomainName.Parse(name)}");
    }

    /// <summary>Fails every question, naming it, so a test sees which were asked.</summary>
    private sealed class AskedResolver : IDnsResolver
    {
        public List<T> Resolve<T>(DomainName name, RecordType recordType = RecordType.A, RecordClass recordClass = RecordClass.INet)
            where T : DnsRecordBase => throw new DnsLookupException($"asked: {name}");

        public Task<List<T>> ResolveAsync<T>(DomainName name, RecordType recordType = RecordType.A, RecordClass recordClass = RecordClass.INet, CancellationToken token = default)
            where T : DnsRecordBase => Task.FromException<List<T>>(new DnsLookupException($"asked: {name}"));

        public void ClearCache()
        {
        }

        public void Dispose()
        {
        }
    }
}
