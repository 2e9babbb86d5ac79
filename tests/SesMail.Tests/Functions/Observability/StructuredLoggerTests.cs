using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SesMail.Functions.Observability;

namespace SesMail.Tests.Functions.Observability;

[Trait("Kind", "Unit")]
public sealed class StructuredLoggerTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 18, 10, 0, 0, 123, TimeSpan.Zero);

    [Fact]
    public void Info_WithFields_WritesOneJsonLineWithStandardKeysFirst()
    {
        var output = new StringWriter();
        var logger = new StructuredLogger(output, "ses-mail-router-enrichment", () => "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", new FakeTimeProvider(Now));

        logger.Info("Routing decision", new LogField("messageId", "m-1"), new LogField("lookupKey", null), new LogField("count", 3));

        var line = output.ToString().TrimEnd('\n');
        line.Should().NotContain("\n");
        using var document = JsonDocument.Parse(line);
        document.RootElement.EnumerateObject().Select(p => p.Name).Should().Equal(
            "timestamp", "level", "service", "message", "xray_trace_id", "messageId", "lookupKey", "count");
        document.RootElement.GetProperty("timestamp").GetString().Should().Be("2026-01-18T10:00:00.123Z");
        document.RootElement.GetProperty("level").GetString().Should().Be("INFO");
        document.RootElement.GetProperty("xray_trace_id").GetString().Should().Be("1-5759e988-bd862e3fe1be46a994272793");
        document.RootElement.GetProperty("lookupKey").ValueKind.Should().Be(JsonValueKind.Null);
        document.RootElement.GetProperty("count").GetInt32().Should().Be(3);
    }

    [Fact]
    public void Error_WithException_WritesExceptionNameAndNullTraceWhenOutsideLambda()
    {
        var output = new StringWriter();
        var logger = new StructuredLogger(output, "svc", () => null, new FakeTimeProvider(Now));

        logger.Error("failed", new InvalidOperationException("boom"));

        using var document = JsonDocument.Parse(output.ToString());
        document.RootElement.GetProperty("level").GetString().Should().Be("ERROR");
        document.RootElement.GetProperty("exception_name").GetString().Should().Be(nameof(InvalidOperationException));
        document.RootElement.GetProperty("xray_trace_id").ValueKind.Should().Be(JsonValueKind.Null);
        document.RootElement.TryGetProperty("error_code", out _).Should().BeFalse("only an AWS service's refusal has an error code");
    }

    [Fact]
    public void Error_AwsServiceRefusal_WritesItsErrorCode()
    {
        var output = new StringWriter();
        var logger = new StructuredLogger(output, "svc", () => null, new FakeTimeProvider(Now));
        var refusal = new Amazon.DynamoDBv2.AmazonDynamoDBException("User: arn:aws:sts::000000000000:assumed-role/r/f is not authorized to perform: dynamodb:PutItem")
        {
            ErrorCode = "AccessDeniedException",
        };

        logger.Error("failed", new InvalidOperationException("wrapped", refusal));

        using var document = JsonDocument.Parse(output.ToString());
        document.RootElement.GetProperty("error_code").GetString().Should().Be("AccessDeniedException");
        document.RootElement.EnumerateObject().Select(p => p.Name).Should().EndWith(["exception_name", "error_code", "exception"]);
    }

    [Fact]
    public void RoutingDecision_LongSubject_WritesDashboardFieldsAndCutsSubjectTo64()
    {
        var output = new StringWriter();
        var logger = new StructuredLogger(output, "svc", () => null, new FakeTimeProvider(Now));

        logger.RoutingDecision("m-1", "a@x", new string('s', 100), "r@y", "store", null, null, null, null);

        using var document = JsonDocument.Parse(output.ToString());
        var root = document.RootElement;
        root.GetProperty("message").GetString().Should().Be("Routing decision");
        root.GetProperty("subject").GetString().Should().HaveLength(64);
        foreach (var field in new[] { "messageId", "sender", "subject", "recipient", "action", "lookupKey", "target", "reason", "metadata" })
        {
            root.TryGetProperty(field, out _).Should().BeTrue(field);
        }
    }

    [Fact]
    public void ActionResult_Failure_WritesErrorLevelAndResultFailure()
    {
        var output = new StringWriter();
        var logger = new StructuredLogger(output, "svc", () => null, new FakeTimeProvider(Now));

        logger.ActionResult("m-1", "a@x", "hi", "r@y", "bounce", success: false, "a@x", null, "throttled");

        using var document = JsonDocument.Parse(output.ToString());
        document.RootElement.GetProperty("level").GetString().Should().Be("ERROR");
        document.RootElement.GetProperty("result").GetString().Should().Be("failure");
        document.RootElement.GetProperty("error").GetString().Should().Be("throttled");
    }

    [Fact]
    public void Info_WithinSpanAndCorrelation_WritesTraceBesideTheMessageId()
    {
        var output = new StringWriter();
        var logger = new StructuredLogger(output, "svc", () => "Root=1-11111111-111111111111111111111111;Parent=53995c3f42cd8ad8;Sampled=1", new FakeTimeProvider(Now));
        using var span = new System.Diagnostics.Activity("invocation").SetIdFormat(System.Diagnostics.ActivityIdFormat.W3C).Start();

        using (FunctionTelemetry.Correlate("o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1"))
        {
            logger.Info("Gmail import failed; retrying", new LogField("status", 503));
            logger.Info("Action result", new LogField("messageId", "explicit"));
        }

        logger.Info("after the message");

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var hex = span.TraceId.ToHexString();
        lines[0].EnumerateObject().Select(p => p.Name).Should().Equal("timestamp", "level", "service", "message", "xray_trace_id", "trace_id", "span_id", "status", "messageId");
        lines[0].GetProperty("xray_trace_id").GetString().Should().Be($"1-{hex[..8]}-{hex[8..]}", "the span's trace wins over the process's header");
        lines[0].GetProperty("trace_id").GetString().Should().Be(hex);
        lines[0].GetProperty("span_id").GetString().Should().Be(span.SpanId.ToHexString());
        lines[0].GetProperty("messageId").GetString().Should().Be("o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1");
        lines[1].EnumerateObject().Count(p => p.Name == "messageId").Should().Be(1);
        lines[1].GetProperty("messageId").GetString().Should().Be("explicit");
        lines[2].TryGetProperty("messageId", out _).Should().BeFalse("the correlation ends with its scope");
    }
}
