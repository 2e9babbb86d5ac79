using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SesMail.Functions.Observability;

namespace SesMail.Tests.Functions.Observability;

[Trait("Kind", "Unit")]
public sealed class EmbeddedMetricsTests
{
    [Fact]
    public void Publish_Counters_WritesEmfDocumentWithoutDimensions()
    {
        var output = new StringWriter();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 18, 10, 0, 0, TimeSpan.Zero));
        var metrics = new EmbeddedMetrics(output, "SESMail/test", "ses-mail-router-enrichment", time);
        var counters = new MetricCounters().Declare("RouterEnrichmentSuccess", "RouterEnrichmentFailure");
        counters.Add("RouterEnrichmentSuccess");
        counters.Add("SpamDetected", 2);

        counters.PublishTo(metrics);

        using var document = JsonDocument.Parse(output.ToString());
        var root = document.RootElement;
        var aws = root.GetProperty("_aws");
        aws.GetProperty("Timestamp").GetInt64().Should().Be(time.GetUtcNow().ToUnixTimeMilliseconds());
        var directive = aws.GetProperty("CloudWatchMetrics").EnumerateArray().Single();
        directive.GetProperty("Namespace").GetString().Should().Be("SESMail/test");
        directive.GetProperty("Dimensions").GetRawText().Should().Be("[[]]");
        var definitions = directive.GetProperty("Metrics").EnumerateArray().ToList();
        definitions.Select(d => d.GetProperty("Name").GetString()).Should().Equal("RouterEnrichmentSuccess", "RouterEnrichmentFailure", "SpamDetected");
        definitions.Should().OnlyContain(d => d.GetProperty("Unit").GetString() == "Count" && d.GetProperty("StorageResolution").GetInt32() == 60);
        root.GetProperty("RouterEnrichmentSuccess").GetDouble().Should().Be(1);
        root.GetProperty("RouterEnrichmentFailure").GetDouble().Should().Be(0);
        root.GetProperty("SpamDetected").GetDouble().Should().Be(2);
    }

    [Fact]
    public void Publish_MoreThan100Metrics_SplitsDocuments()
    {
        var output = new StringWriter();
        var metrics = new EmbeddedMetrics(output, "SESMail/test", "svc", TimeProvider.System);

        metrics.Publish(Enumerable.Range(0, 150).Select(i => new KeyValuePair<string, double>($"M{i}", i)));

        output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(2);
    }
}
