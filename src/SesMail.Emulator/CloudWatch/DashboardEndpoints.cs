using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SesMail.Emulator.Hosting;
using SesMail.Emulator.Logs;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.CloudWatch;

/// <summary>
/// The local CloudWatch console: <c>GET /_sesmail/cloudwatch/</c> lists dashboards and alarms (state, reason, last
/// change); <c>GET /_sesmail/cloudwatch/dashboard/{name}</c> draws a dashboard's widgets from the local metrics and logs
/// (metric widgets as SVG line, stacked, pie or single-value charts, log widgets as tables, alarm and text widgets),
/// refreshing every 10 seconds. The page is self-contained (no CDN); its JSON helpers live under
/// <c>/_sesmail/cloudwatch/api/</c> and run the same provider code as <c>GetMetricData</c> and <c>FilterLogEvents</c>.
/// </summary>
internal static class DashboardEndpoints
{
    /// <summary>The path of the index page.</summary>
    public const string IndexPath = "/_sesmail/cloudwatch/";

    private static readonly Lazy<string> Template = new(() =>
    {
        using var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream("SesMail.Emulator.CloudWatch.DashboardPage.html")
            ?? throw new InvalidOperationException("The dashboard page resource is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    });

    /// <summary>Maps the pages and their JSON helpers.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application.</returns>
    public static WebApplication MapCloudWatchDashboards(this WebApplication app)
    {
        app.MapGet(IndexPath, Index);
        app.MapGet("/_sesmail/cloudwatch/dashboard/{name}", (string name) =>
            Results.Content(Template.Value.Replace("{{NAME}}", WebUtility.HtmlEncode(name), StringComparison.Ordinal)
                .Replace("{{TITLE}}", WebUtility.HtmlEncode(name), StringComparison.Ordinal), "text/html; charset=utf-8"));
        app.MapGet("/_sesmail/cloudwatch/api/dashboards/{name}", Dashboard);
        app.MapGet("/_sesmail/cloudwatch/api/alarms", Alarms);
        app.MapPost("/_sesmail/cloudwatch/api/metric-data", MetricDataAsync);
        app.MapPost("/_sesmail/cloudwatch/api/log-widget", LogWidgetAsync);
        return app;
    }

    private static IResult Index(CloudWatchProvider provider, AlarmStore alarms, EmulatorOptions options)
    {
        var context = Context(options);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\"><title>SesMail CloudWatch</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}")
            .Append(".ALARM{color:#b0251b;font-weight:600}.OK{color:#1d8102;font-weight:600}.INSUFFICIENT_DATA{color:#687078;font-weight:600}</style></head><body>")
            .Append("<h1>CloudWatch (local)</h1><h2>Dashboards</h2><ul>");
        var dashboards = provider.ListDashboards(new ListDashboardsRequest(null, null), context).DashboardEntries;
        if (dashboards.Count == 0)
        {
            html.Append("<li>No dashboards yet (the stack's dashboard appears once the runtime has provisioned it).</li>");
        }

        foreach (var d in dashboards)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"/_sesmail/cloudwatch/dashboard/{Uri.EscapeDataString(d.DashboardName)}\">{WebUtility.HtmlEncode(d.DashboardName)}</a></li>");
        }

        html.Append("</ul><h2>Alarms</h2><table><thead><tr><th>State</th><th>Alarm</th><th>Reason</th><th>Last change</th></tr></thead><tbody>");
        lock (alarms.Gate)
        {
            foreach (var a in alarms.All())
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"{a.StateValue}\">{a.StateValue}</td><td>{WebUtility.HtmlEncode(a.AlarmName)}</td><td>{WebUtility.HtmlEncode(a.StateReason)}</td><td>{a.StateTransitionedTimestamp.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}</td></tr>");
            }
        }

        html.Append("</tbody></table></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }

    private static IResult Dashboard(string name, CloudWatchProvider provider, EmulatorOptions options)
    {
        try
        {
            var dashboard = provider.GetDashboard(new GetDashboardRequest(name), Context(options));
            var result = new JsonObject { ["name"] = dashboard.DashboardName, ["body"] = JsonNode.Parse(dashboard.DashboardBody) };
            return Results.Content(result.ToJsonString(), "application/json");
        }
        catch (AwsServiceException error)
        {
            return Error(error.Message, HttpStatusCode.NotFound);
        }
    }

    private static IResult Alarms(AlarmStore alarms)
    {
        var list = new JsonArray();
        lock (alarms.Gate)
        {
            foreach (var a in alarms.All())
            {
                list.Add(new JsonObject
                {
                    ["name"] = a.AlarmName,
                    ["arn"] = a.AlarmArn,
                    ["state"] = a.StateValue,
                    ["reason"] = a.StateReason,
                    ["updated"] = AlarmEvaluator.Iso(a.StateTransitionedTimestamp),
                });
            }
        }

        return Results.Content(list.ToJsonString(), "application/json");
    }

    private static async Task<IResult> MetricDataAsync(HttpRequest request, CloudWatchProvider provider, EmulatorOptions options)
    {
        try
        {
            var input = await JsonSerializer.DeserializeAsync(request.Body, CloudWatchJsonContext.Default.GetMetricDataRequest, request.HttpContext.RequestAborted).ConfigureAwait(false)
                ?? throw CloudWatchErrors.MissingParameter("MetricDataQueries");
            var result = provider.GetMetricData(input, Context(options, request.Query["region"]));
            return Results.Content(JsonSerializer.Serialize(result, CloudWatchJsonContext.Default.GetMetricDataResult), "application/json");
        }
        catch (AwsServiceException error)
        {
            return Error(error.Message, HttpStatusCode.BadRequest);
        }
        catch (JsonException error)
        {
            return Error(error.Message, HttpStatusCode.BadRequest);
        }
    }

    private static async Task<IResult> LogWidgetAsync(HttpRequest request, LogsProvider logs, EmulatorOptions options)
    {
        try
        {
            var input = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted).ConfigureAwait(false) as JsonObject
                ?? throw new FormatException("The body must be a JSON object.");
            var query = input["query"]?.GetValue<string>() ?? string.Empty;
            var groups = (input["logGroupNames"] as JsonArray)?.Select(g => g?.GetValue<string>()).OfType<string>().ToList() ?? [];
            var start = input["startTime"]?.GetValue<long>() ?? 0;
            var end = input["endTime"]?.GetValue<long>() ?? long.MaxValue;
            var (columns, rows) = logs.RunWidgetQuery(query, groups, start, end, Context(options, request.Query["region"]).Region);
            var result = new JsonObject
            {
                ["columns"] = new JsonArray([.. columns.Select(c => (JsonNode)JsonValue.Create(c))]),
                ["rows"] = new JsonArray([.. rows.Select(r => (JsonNode)new JsonArray([.. r.Select(v => (JsonNode)JsonValue.Create(v))]))]),
            };
            return Results.Content(result.ToJsonString(), "application/json");
        }
        catch (Exception error) when (error is FormatException or JsonException or InvalidOperationException or ArgumentException)
        {
            return Error(error.Message, HttpStatusCode.BadRequest);
        }
    }

    private static IResult Error(string message, HttpStatusCode status) =>
        Results.Content(new JsonObject { ["message"] = message }.ToJsonString(), "application/json", Encoding.UTF8, (int)status);

    private static AwsRequestContext Context(EmulatorOptions options, string? region = null) =>
        new(string.IsNullOrEmpty(region) ? options.DefaultRegion : region, options.AccountId, Guid.NewGuid().ToString(), $"http://{options.BindAddress}:{options.Port}", null);
}
