using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.CloudWatch;

/// <summary>The local dashboard page in a real browser (Debian's Chromium through Playwright): it loads, draws data, logs no errors.</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "EndToEnd")]
public sealed class DashboardPageBrowserTests(EmulatorFixture emulator)
{
    [Fact]
    public async Task DashboardPage_AfterMetricsAndLogsWerePut_DrawsChartsAndTheLogTable()
    {
        Assert.SkipUnless(File.Exists(Browser.ChromiumPath), $"Chromium is not installed at {Browser.ChromiumPath} (apt-get install chromium; .ci/run installs it).");
        var ct = TestContext.Current.CancellationToken;
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var ns = $"SESMail/page{suffix}";
        var group = $"/aws/lambda/page-{suffix}";
        var monitoring = new SesMail.Tests.Emulator.AwsJsonClient(emulator.BaseUrl, "GraniteServiceVersion20100801", "1.0", "monitoring");
        var logs = new SesMail.Tests.Emulator.AwsJsonClient(emulator.BaseUrl, "Logs_20140328", "1.1", "logs");
        var now = DateTimeOffset.UtcNow;
        await monitoring.OkAsync("PutMetricData", new JsonObject
        {
            ["Namespace"] = ns,
            ["MetricData"] = new JsonArray(
                Datum("GmailForwardSuccess", 4, now.AddMinutes(-10)),
                Datum("GmailForwardSuccess", 6, now),
                Datum("BounceSendSuccess", 1, now),
                Datum("TokenSecondsUntilExpiration", 36_000, now)),
        }, ct);
        await logs.OkAsync("CreateLogGroup", new JsonObject { ["logGroupName"] = group }, ct);
        await logs.OkAsync("CreateLogStream", new JsonObject { ["logGroupName"] = group, ["logStreamName"] = "s" }, ct);
        await logs.OkAsync("PutLogEvents", new JsonObject
        {
            ["logGroupName"] = group,
            ["logStreamName"] = "s",
            ["logEvents"] = new JsonArray(
                new JsonObject { ["timestamp"] = now.ToUnixTimeMilliseconds(), ["message"] = "{\"message\":\"Routing decision\",\"recipient\":\"hello@example.test\",\"action\":\"forward-to-gmail\"}" },
                new JsonObject { ["timestamp"] = now.ToUnixTimeMilliseconds(), ["message"] = "{\"message\":\"something else\"}" }),
        }, ct);
        var body = new JsonObject
        {
            ["widgets"] = new JsonArray(
                Widget(0, "Handler successes", new JsonArray(new JsonArray(ns, "GmailForwardSuccess"), new JsonArray(".", "BounceSendSuccess")), "timeSeries"),
                Widget(12, "Token hours left", new JsonArray(
                    new JsonArray(ns, "TokenSecondsUntilExpiration", new JsonObject { ["id"] = "t", ["visible"] = false, ["stat"] = "Minimum" }),
                    new JsonArray(new JsonObject { ["expression"] = "t / 3600", ["label"] = "Hours left", ["id"] = "hours" })), "singleValue"),
                new JsonObject
                {
                    ["type"] = "log", ["x"] = 0, ["y"] = 6, ["width"] = 24, ["height"] = 6,
                    ["properties"] = new JsonObject
                    {
                        ["title"] = "Routing decisions",
                        ["query"] = $"SOURCE '{group}' | fields @timestamp, recipient, action | filter message = \"Routing decision\" | sort @timestamp desc | limit 200",
                        ["view"] = "table",
                        ["region"] = "ap-southeast-2",
                    },
                }),
        };
        var name = $"page-{suffix}";
        await monitoring.OkAsync("PutDashboard", new JsonObject { ["DashboardName"] = name, ["DashboardBody"] = body.ToJsonString() }, ct);

        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(new Uri(emulator.BaseUrl, $"/_sesmail/cloudwatch/dashboard/{name}").ToString());
        await page.WaitForSelectorAsync("body[data-loaded='true']");
        var chartPoints = await page.GetAttributeAsync("section[data-widget-index='0']", "data-points");
        var polylines = await page.Locator("section[data-widget-index='0'] svg polyline").CountAsync();
        var single = await page.Locator("section[data-widget-index='1'] .single b").InnerTextAsync();
        var rows = await page.Locator("section[data-widget-index='2'] tbody tr").AllInnerTextsAsync();
        var index = await page.GotoAsync(new Uri(emulator.BaseUrl, "/_sesmail/cloudwatch/").ToString());
        var indexText = await page.InnerTextAsync("body");

        int.Parse(chartPoints!, System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(3);
        polylines.Should().BeGreaterThanOrEqualTo(1);
        single.Should().Be("10");
        rows.Should().ContainSingle().Which.Should().Contain("hello@example.test").And.Contain("forward-to-gmail");
        index!.Status.Should().Be(200);
        indexText.Should().Contain(name);
        errors.Should().BeEmpty();
    }

    private static JsonObject Datum(string name, double value, DateTimeOffset at) =>
        new() { ["MetricName"] = name, ["Value"] = value, ["Timestamp"] = at.ToUnixTimeSeconds(), ["Unit"] = "Count" };

    private static JsonObject Widget(int x, string title, JsonArray metrics, string view) => new()
    {
        ["type"] = "metric",
        ["x"] = x,
        ["y"] = 0,
        ["width"] = 12,
        ["height"] = 6,
        ["properties"] = new JsonObject { ["title"] = title, ["metrics"] = metrics, ["view"] = view, ["period"] = 60, ["stat"] = "Sum", ["region"] = "ap-southeast-2" },
    };
}
