using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;
using SesMail.ServiceDefaults;

namespace SesMail.Tests.ServiceDefaults;

/// <summary>Which HTTP server spans a process with the service defaults exports (docs/TRACING.md).</summary>
[Trait("Kind", "Unit")]
public sealed class HttpServerSpanFilterTests
{
    private static readonly ActivitySource Handler = new("SesMail.Tests.ServerSpanFilter");

    [Theory]
    [InlineData("leaf", true, false)]
    [InlineData("leaf", false, true)]
    [InlineData("fail", true, true)]
    [InlineData("child", true, true)]
    public async Task AddServiceDefaults_ServerSpan_IsExportedUnlessItOnlyRepeatsTheCallersClientSpan(string endpoint, bool callerTraced, bool exported)
    {
        var exportedPaths = await RequestAsync(endpoint, callerTraced);

        exportedPaths.Should().HaveCount(exported ? 1 : 0);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("false", true)]
    [InlineData("true", false)]
    [InlineData("TRUE", false)]
    public void IsOn_KeepAllSetting_TurnsTheFilterOff(string? keepAll, bool on)
    {
        // Whether the filter is registered at all; an in-process test cannot watch a process without it, because every
        // tracer provider alive in the test process (other tests' hosts) sees the same activities.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(HttpServerSpanFilter.KeepAllKey, keepAll)]).Build();

        HttpServerSpanFilter.IsOn(configuration).Should().Be(on);
    }

    [Fact]
    public async Task AddServiceDefaults_ServerSpanLeftOut_ChildOfTheCallerStillExported()
    {
        // A span the handler starts with the caller's context as its explicit parent (as the emulator's hops do) does
        // not keep the server span, and is itself exported.
        var exportedPaths = await RequestAsync("sibling", callerTraced: true);

        exportedPaths.Should().BeEmpty();
        lock (Recorded)
        {
            Recorded.Should().Contain(a => a.Source.Name == Handler.Name && a.DisplayName == "sibling");
        }
    }

    private static readonly List<Activity> Recorded = [];

    private static async Task<List<string>> RequestAsync(string endpoint, bool callerTraced)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.AddServiceDefaults();
        builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddSource(Handler.Name).AddProcessor(new Recorder()));
        await using var app = builder.Build();
        var unique = Guid.NewGuid().ToString("N");
        app.MapGet($"/{unique}/leaf", () => "ok");
        app.MapGet($"/{unique}/fail", () => Results.StatusCode(500));
        app.MapGet($"/{unique}/child", () =>
        {
            using var child = Handler.StartActivity("child");
            return "ok";
        });
        app.MapGet($"/{unique}/sibling", () =>
        {
            var current = Activity.Current!;
            using var sibling = Handler.StartActivity("sibling", ActivityKind.Internal, new ActivityContext(current.TraceId, current.ParentSpanId, ActivityTraceFlags.Recorded, isRemote: true));
            return "ok";
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        _ = app.Services.GetRequiredService<TracerProvider>();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        using (var http = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{address}/{unique}/{endpoint}");
            if (callerTraced)
            {
                request.Headers.Add("traceparent", $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01");
            }

            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        }

        await app.StopAsync(TestContext.Current.CancellationToken);
        lock (Recorded)
        {
            return [.. Recorded
                .Where(a => a.Source.Name == HttpServerSpanFilter.AspNetCoreSource && a.Recorded)
                .Select(a => a.GetTagItem("url.path") as string ?? "")
                .Where(p => p.StartsWith($"/{unique}/", StringComparison.Ordinal))];
        }
    }

    private sealed class Recorder : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            lock (Recorded)
            {
                Recorded.Add(data);
            }
        }
    }
}
