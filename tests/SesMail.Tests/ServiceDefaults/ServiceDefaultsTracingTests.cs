using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Trace;
using SesMail.ServiceDefaults;
using SesMail.Tests.Support;

namespace SesMail.Tests.ServiceDefaults;

/// <summary>What the default tracer provider records of outgoing HTTP.</summary>
[Trait("Kind", "Unit")]
public sealed class ServiceDefaultsTracingTests
{
    [Theory]
    [InlineData("/2018-06-01/runtime/invocation/next", false)]
    [InlineData("/2018-06-01/runtime/invocation/3f1c/response", false)]
    [InlineData("/", true)]
    public async Task AddServiceDefaults_OutgoingRequest_IsTracedUnlessItIsALambdaRuntimeApiCall(string path, bool traced)
    {
        var recorded = new List<Activity>();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddServiceDefaults();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new Recorder(recorded)));
        using var host = builder.Build();
        using var provider = host.Services.GetRequiredService<TracerProvider>();
        using var http = new HttpClient();

        // Nothing listens on the port: the request fails at once, and a traced one still ends as a span. Other tests
        // may make HTTP calls meanwhile (the HttpClient source is process-wide): only spans to this port count.
        var port = LoopbackPort.Free();
        var act = () => http.GetAsync(new Uri($"http://127.0.0.1:{port}{path}"), TestContext.Current.CancellationToken);
        await act.Should().ThrowAsync<HttpRequestException>();

        List<Activity> ours;
        lock (recorded)
        {
            ours = [.. recorded.Where(a => a.GetTagItem("server.port") is int p && p == port)];
        }

        ours.Should().HaveCount(traced ? 1 : 0);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9001/2018-06-01/runtime/invocation/next", true)]
    [InlineData("http://127.0.0.1:4566/2018-06-01/functions/f/invocations", false)]
    [InlineData(null, false)]
    public void IsLambdaRuntimeApi_Uri_MatchesOnlyTheRuntimeApiPath(string? uri, bool expected) =>
        Extensions.IsLambdaRuntimeApi(uri is null ? null : new Uri(uri)).Should().Be(expected);

    private sealed class Recorder(List<Activity> recorded) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            lock (recorded)
            {
                recorded.Add(data);
            }
        }
    }
}
