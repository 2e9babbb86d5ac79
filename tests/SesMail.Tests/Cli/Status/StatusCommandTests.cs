using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Amazon.SQS;
using SesMail.Cli.Hosting;
using SesMail.Tests.Support;

namespace SesMail.Tests.Cli.Status;

/// <summary><c>sesmail status</c> against an emulator without a deployed stack: it answers, and says what is missing.</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class StatusCommandTests(EmulatorFixture emulator)
{
    [Fact]
    public async Task Status_EmulatorWithoutStackOrSmtp_ReportsTheEmulatorRunningAndExitsTwoWithTheProblems()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var env = "prod"; // no test in this collection deploys a prod stack
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();

        var code = await CliApp.RunAsync(
            ["status", "--endpoint", emulator.BaseUrl.ToString(), "--region", EmulatorFixture.Region, "--env", env, "--smtp", $"127.0.0.1:{port}", "-o", "json", "--stack-file", "/nonexistent/stack-prod.json"],
            CliConsole.ForText(output, error),
            TestContext.Current.CancellationToken);

        code.Should().Be(2, error.ToString());
        var report = JsonNode.Parse(output.ToString())!;
        report["emulator"]!["reachable"]!.GetValue<bool>().Should().BeTrue();
        report["emulator"]!["status"]!.GetValue<string>().Should().Be("running");
        report["emulator"]!["services"]!.GetValue<int>().Should().BeGreaterThan(10);
        report["stack"].Should().BeNull();
        report["smtp"]!["listening"]!.GetValue<bool>().Should().BeFalse();
        report["mailbox"]!["messages"]!.GetValue<int>().Should().BeGreaterThanOrEqualTo(0);
        var problems = report["problems"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        problems.Should().Contain(p => p.StartsWith("no stack ses-mail-prod", StringComparison.Ordinal));
        problems.Should().Contain(p => p.Contains($"127.0.0.1:{port}", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("queues: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_MailParkedInTheRetryQueue_NeedsAttentionAndSaysToRefreshTheToken()
    {
        // As sesmail queues warns about it: parked mail is not delivered until a person refreshes a Gmail token.
        var stackFile = ResolvedStackFile.For("prod");
        var retryQueue = JsonNode.Parse(await File.ReadAllTextAsync(stackFile, TestContext.Current.CancellationToken))!["outputs"]!["RetryQueueUrl"]!.GetValue<string>().Split('/')[^1];
        using var sqs = new AmazonSQSClient(EmulatorFixture.Credentials, new AmazonSQSConfig { ServiceURL = emulator.BaseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });
        var url = (await sqs.CreateQueueAsync(retryQueue, TestContext.Current.CancellationToken)).QueueUrl;
        try
        {
            await sqs.SendMessageAsync(url, "{}", TestContext.Current.CancellationToken);
            var output = new StringWriter();

            var code = await CliApp.RunAsync(
                ["status", "--endpoint", emulator.BaseUrl.ToString(), "--region", EmulatorFixture.Region, "--env", "prod", "-o", "json", "--stack-file", stackFile],
                CliConsole.ForText(output, new StringWriter()),
                TestContext.Current.CancellationToken);

            code.Should().Be(2);
            JsonNode.Parse(output.ToString())!["problems"]!.AsArray().Select(p => p!.GetValue<string>())
                .Should().Contain(p => p.StartsWith($"1 message(s) parked in the retry queue {retryQueue}", StringComparison.Ordinal) && p.Contains("sesmail token refresh", StringComparison.Ordinal));
        }
        finally
        {
            await sqs.DeleteQueueAsync(url, CancellationToken.None);
        }
    }
}
