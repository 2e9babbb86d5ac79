using System.Text;
using System.Text.Json;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.CloudWatch;

/// <summary>Dashboard operations. Dashboards are global in AWS (their ARN names no region): the emulator keeps one set.</summary>
internal sealed partial class CloudWatchProvider
{
    /// <summary>The one store key for dashboards, which AWS keeps account-wide.</summary>
    internal const string DashboardRegion = "global";

    public PutDashboardResult PutDashboard(PutDashboardRequest request, AwsRequestContext context)
    {
        var name = request.DashboardName ?? throw CloudWatchErrors.MissingParameter("DashboardName");
        var body = request.DashboardBody ?? throw CloudWatchErrors.MissingParameter("DashboardBody");
        if (name.Length is 0 or > 255 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw CloudWatchErrors.DashboardInvalidInput("The value for field DashboardName contains invalid characters. It can only contain alphanumerics, dash (-) and underscore (_).");
        }

        var messages = new List<DashboardValidationMessage>();
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                messages.Add(new("$", "Should be object"));
            }
            else if (!root.TryGetProperty("widgets", out var widgets))
            {
                messages.Add(new("$", "Should have required property 'widgets'"));
            }
            else if (widgets.ValueKind != JsonValueKind.Array)
            {
                messages.Add(new("$.widgets", "Should be array"));
            }
            else
            {
                var i = 0;
                foreach (var widget in widgets.EnumerateArray())
                {
                    if (widget.ValueKind != JsonValueKind.Object || !widget.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
                    {
                        messages.Add(new($"$.widgets[{i}]", "Should have required property 'type'"));
                    }
                    else if (type.GetString() is "metric" or "log" && !widget.TryGetProperty("properties", out _))
                    {
                        messages.Add(new($"$.widgets[{i}]", "Should have required property 'properties'"));
                    }

                    i++;
                }
            }
        }
        catch (JsonException error)
        {
            messages.Add(new("$", $"The dashboard body is not valid JSON: {error.Message}"));
        }

        if (messages.Count > 0)
        {
            var listed = string.Join(", ", messages.Select(m => $"{{\"dataPath\": \"{m.DataPath}\", \"message\": \"{m.Message.Replace("\"", "'", StringComparison.Ordinal)}\"}}"));
            throw new AwsServiceException("DashboardInvalidInputError", $"The dashboard body is invalid, there are {messages.Count} validation errors: [{listed}]")
            {
                QueryErrorCode = "InvalidParameterInput",
                JsonMembers = new System.Text.Json.Nodes.JsonObject
                {
                    ["dashboardValidationMessages"] = new System.Text.Json.Nodes.JsonArray([.. messages.Select(m => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject { ["DataPath"] = m.DataPath, ["Message"] = m.Message })]),
                },
            };
        }

        dashboards.Put(new DashboardRecord(DashboardRegion, name, DashboardArn(context, name), body, time.GetUtcNow()));
        return new PutDashboardResult([]);
    }

    public GetDashboardResult GetDashboard(GetDashboardRequest request, AwsRequestContext context)
    {
        var name = request.DashboardName ?? throw CloudWatchErrors.MissingParameter("DashboardName");
        var dashboard = dashboards.Find(DashboardRegion, name) ?? throw CloudWatchErrors.DashboardNotFound(name);
        return new GetDashboardResult(dashboard.Arn, dashboard.Body, dashboard.Name);
    }

    public ListDashboardsResult ListDashboards(ListDashboardsRequest request, AwsRequestContext context)
    {
        const int pageSize = 1000;
        var all = dashboards.InRegion(DashboardRegion)
            .Where(d => request.DashboardNamePrefix is null || d.Name.StartsWith(request.DashboardNamePrefix, StringComparison.Ordinal))
            .ToList();
        var skip = request.NextToken is null ? 0 : DecodeOffset(request.NextToken);
        return new ListDashboardsResult(
            [.. all.Skip(skip).Take(pageSize).Select(d => new DashboardEntry(d.Name, d.Arn, d.LastModified, Encoding.UTF8.GetByteCount(d.Body)))],
            skip + pageSize < all.Count ? EncodeOffset(skip + pageSize) : null);
    }

    public EmptyResult DeleteDashboards(DeleteDashboardsRequest request, AwsRequestContext context)
    {
        var names = request.DashboardNames ?? throw CloudWatchErrors.MissingParameter("DashboardNames");
        if (names.Count == 0)
        {
            throw CloudWatchErrors.InvalidParameterValue("The parameter DashboardNames must name at least one dashboard.");
        }

        var missing = dashboards.RemoveAll(DashboardRegion, names);
        return missing.Count == 0 ? EmptyResult.Instance : throw CloudWatchErrors.DashboardsNotFound(missing);
    }

    private static string DashboardArn(AwsRequestContext context, string name) => $"arn:aws:cloudwatch::{context.AccountId}:dashboard/{name}";
}
