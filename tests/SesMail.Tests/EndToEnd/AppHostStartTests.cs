using System.Net.Sockets;

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
}
