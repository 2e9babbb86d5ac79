using BenchmarkDotNet.Attributes;
using SesMail.Aws.Events;
using SesMail.Functions.Observability;
using SesMail.Functions.Routing;
using SesMail.Testing.Functions.Routing;

namespace SesMail.Benchmarks;

/// <summary>
/// One routing decision for a 50-recipient message with a warm rule cache (rules in memory behind the 60 s cache):
/// lookup keys, cache reads, verdict check and the detail object. Run:
/// <c>dotnet run -c Release --project tests/SesMail.Benchmarks -- --filter '*RoutingBenchmarks*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class RoutingBenchmarks
{
    private RoutingEngine _engine = null!;
    private SesNotification _notification = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rules = new InMemoryRoutingRuleStore(
            new RoutingRule("*@example.test", RoutingActionNames.ForwardToGmail, "me@example.test", true, RoutingTarget.EmptyMetadata),
            new RoutingRule("bounce@example.test", RoutingActionNames.Bounce, string.Empty, true, RoutingTarget.EmptyMetadata),
            new RoutingRule("user7@example.test", RoutingActionNames.Store, string.Empty, true, RoutingTarget.EmptyMetadata));
        var cache = new CachingRoutingRuleStore(rules, TimeSpan.FromSeconds(60), TimeProvider.System);
        var logger = new StructuredLogger(TextWriter.Null, "bench", () => null, TimeProvider.System);
        _engine = new RoutingEngine(cache, new FixedTokenSource(null), logger);
        var recipients = Enumerable.Range(0, 50)
            .Select(i => i switch
            {
                0 => "bounce@example.test",
                _ when i % 5 == 0 => $"User{i}+tag@Example.TEST",
                _ when i % 7 == 0 => $"user{i}@other.test",
                _ => $"user{i}@example.test",
            })
            .ToList();
        _notification = new SesNotification
        {
            NotificationType = "Received",
            Mail = new SesNotification.MailObject { MessageId = "bench-message", Source = "sender@origin.example", Destination = recipients },
            Receipt = new SesNotification.ReceiptObject
            {
                Recipients = recipients,
                SpamVerdict = new("PASS"),
                VirusVerdict = new("PASS"),
                SpfVerdict = new("PASS"),
                DkimVerdict = new("PASS"),
                DmarcVerdict = new("PASS"),
            },
        };
        Decide().GetAwaiter().GetResult(); // warm the cache
    }

    [Benchmark]
    public async Task<RoutingDetail> Decide() => (await _engine.DecideAsync(_notification, CancellationToken.None)).Detail;
}
