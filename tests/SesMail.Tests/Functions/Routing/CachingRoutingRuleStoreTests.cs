using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Time.Testing;
using SesMail.Functions.Routing;
using SesMail.Testing.Functions.Routing;

namespace SesMail.Tests.Functions.Routing;

[Trait("Kind", "Unit")]
public sealed class CachingRoutingRuleStoreTests
{
    private static RoutingRule Rule(string target) => new("a@x.test", "forward-to-gmail", target, true, RoutingTarget.EmptyMetadata);

    [Fact]
    public async Task GetAsync_WithinTimeToLive_ServesCachedRule()
    {
        var inner = new InMemoryRoutingRuleStore(Rule("one@gmail.test"));
        var time = new FakeTimeProvider();
        var cache = new CachingRoutingRuleStore(inner, TimeSpan.FromSeconds(60), time);

        await cache.GetAsync("ROUTE#a@x.test", TestContext.Current.CancellationToken);
        inner.Put(Rule("two@gmail.test"));
        time.Advance(TimeSpan.FromSeconds(59));
        var rule = await cache.GetAsync("ROUTE#a@x.test", TestContext.Current.CancellationToken);

        rule!.Target.Should().Be("one@gmail.test");
        inner.Reads.Should().Be(1);
    }

    [Fact]
    public async Task GetAsync_AfterTimeToLive_ReadsRuleEdit()
    {
        var inner = new InMemoryRoutingRuleStore(Rule("one@gmail.test"));
        var time = new FakeTimeProvider();
        var cache = new CachingRoutingRuleStore(inner, TimeSpan.FromSeconds(60), time);

        await cache.GetAsync("ROUTE#a@x.test", TestContext.Current.CancellationToken);
        inner.Put(Rule("two@gmail.test"));
        time.Advance(TimeSpan.FromSeconds(61));
        var rule = await cache.GetAsync("ROUTE#a@x.test", TestContext.Current.CancellationToken);

        rule!.Target.Should().Be("two@gmail.test");
    }

    [Fact]
    public async Task GetAsync_Miss_IsCachedToo()
    {
        var inner = new InMemoryRoutingRuleStore();
        var cache = new CachingRoutingRuleStore(inner, TimeSpan.FromSeconds(60), new FakeTimeProvider());

        (await cache.GetAsync("ROUTE#none", TestContext.Current.CancellationToken)).Should().BeNull();
        (await cache.GetAsync("ROUTE#none", TestContext.Current.CancellationToken)).Should().BeNull();

        inner.Reads.Should().Be(1);
    }

    [Fact]
    public async Task GetAsync_TimeToLiveAbove60Seconds_IsClampedTo60()
    {
        var inner = new InMemoryRoutingRuleStore(Rule("one@gmail.test"));
        var time = new FakeTimeProvider();
        var cache = new CachingRoutingRuleStore(inner, TimeSpan.FromMinutes(10), time);

        await cache.GetAsync("ROUTE#a@x.test", TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(61));
        await cache.GetAsync("ROUTE#a@x.test", TestContext.Current.CancellationToken);

        inner.Reads.Should().Be(2);
    }

    [Fact]
    public async Task GetAsync_InnerThrows_PropagatesAndDoesNotCache()
    {
        var cache = new CachingRoutingRuleStore(
            new ThrowingRuleStore(new ProvisionedThroughputExceededException("slow down")), TimeSpan.FromSeconds(60), new FakeTimeProvider());

        var first = async () => await cache.GetAsync("ROUTE#a@x.test", TestContext.Current.CancellationToken);
        var second = async () => await cache.GetAsync("ROUTE#a@x.test", TestContext.Current.CancellationToken);

        await first.Should().ThrowAsync<ProvisionedThroughputExceededException>();
        await second.Should().ThrowAsync<ProvisionedThroughputExceededException>();
    }
}
