using System.Net.Sockets;
using Amazon.StepFunctions;
using Amazon.StepFunctions.Model;
using SesMail.Infrastructure.Provisioning;
using SesMail.Tests.Support;

namespace SesMail.Tests.EndToEnd;

/// <summary>The AppHost starts the whole pipeline with no Docker and no developer certificate.</summary>
[Collection(PipelineCollection.Name)]
[Trait("Kind", "EndToEnd")]
public sealed class AppHostStartTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task Start_EmbeddedBackend_EmulatorAndRuntimeAreHealthy()
    {
        pipeline.NotReady.Should().BeNull();
        using var http = new HttpClient();

        var health = await http.GetStringAsync(new Uri(pipeline.EmulatorUrl, "/_sesmail/health"), TestContext.Current.CancellationToken);

        health.Should().Contain("\"status\":\"running\"");
    }

    [Fact]
    public async Task Start_EmbeddedBackend_SmtpEdgeGreets()
    {
        pipeline.RequireReady();
        using var smtp = new TcpClient();
        await smtp.ConnectAsync("127.0.0.1", pipeline.SmtpPort, TestContext.Current.CancellationToken);
        var greeting = new byte[256];

        var read = await smtp.GetStream().ReadAsync(greeting, TestContext.Current.CancellationToken);

        System.Text.Encoding.ASCII.GetString(greeting, 0, read).Should().StartWith("220");
    }

    [Fact]
    public async Task Start_EmbeddedBackend_TokenMonitorMeasuresOnceAtStart()
    {
        pipeline.RequireReady();
        var ct = TestContext.Current.CancellationToken;
        var stack = ResolvedStack.FromJson(await File.ReadAllTextAsync(pipeline.StackFile, ct));
        var monitor = stack.Resource("TokenMonitorStateMachine").PhysicalId;
        using var states = new AmazonStepFunctionsClient(EmulatorFixture.Credentials, new AmazonStepFunctionsConfig { ServiceURL = pipeline.EmulatorUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });
        ExecutionListItem? startup = null;

        for (var attempt = 0; attempt < 120; attempt++)
        {
            var executions = await states.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = monitor }, ct);
            startup = executions.Executions.FirstOrDefault(e => e.Name?.StartsWith("startup-", StringComparison.Ordinal) == true);
            if (startup is { Status: not "RUNNING" })
            {
                break;
            }

            await Task.Delay(500, ct);
        }

        startup.Should().NotBeNull("the runtime starts one token monitor execution as soon as the stack runs, before the 5-minute schedule");
        startup!.Status.Should().Be("SUCCEEDED", "the seeded stand-in token can be measured");
    }
}
