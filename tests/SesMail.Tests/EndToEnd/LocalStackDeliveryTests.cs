using Aspire.Hosting;
using Aspire.Hosting.Testing;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SesMail.Tests.Support;

namespace SesMail.Tests.EndToEnd;

/// <summary>
/// The delivery test against LocalStack (pinned 4.14.0) started through Testcontainers: the AppHost with
/// <c>SesMail:Backend=localstack</c> pointed at the container; the emulator serves only the Gmail stand-in and the
/// runtime supplies the pipe and the SMTP edge. Skipped, with the reason, where Docker is unavailable.
/// </summary>
[Trait("Kind", "EndToEnd")]
public sealed class LocalStackDeliveryTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Send_SampleMessage_ThroughLocalStack_ArrivesByteForByte()
    {
        var (container, unavailable) = TryBuildLocalStack();
        Assert.SkipUnless(container is not null, $"Docker is not available here, so LocalStack cannot run ({unavailable}). The embedded-backend tests cover the same pipeline.");

        await using (container!)
        {
            await container.StartAsync(Token);
            var localStack = new Uri($"http://127.0.0.1:{container.GetMappedPublicPort(4566)}");
            var gmailPort = LoopbackPort.Free();
            var smtpPort = LoopbackPort.Free();
            var data = Path.Combine(Path.GetTempPath(), "sesmail-e2e", Guid.NewGuid().ToString("N"));
            var appBuilder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.SesMail_AppHost>(
                [
                    "--SesMail:Backend=localstack",
                    $"--SesMail:LocalStack:Endpoint={localStack}",
                    $"--SesMail:Emulator:GmailStandInPort={gmailPort}",
                    $"--SesMail:Emulator:DataDirectory={data}",
                    $"--SesMail:StackFile={Path.Combine(data, "stack-test.json")}",
                    $"--SesMail:Smtp:Port={smtpPort}",
                ],
                (options, _) => options.DisableDashboard = true,
                Token);
            appBuilder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
            await using var app = await appBuilder.BuildAsync(Token);
            await app.StartAsync(Token);
            using var ready = CancellationTokenSource.CreateLinkedTokenSource(Token);
            ready.CancelAfter(TimeSpan.FromMinutes(4));
            await app.ResourceNotifications.WaitForResourceHealthyAsync("runtime", ready.Token);

            var (bytes, recipients) = MailCorpus.Load("8bit-body.eml")!.Value;
            (await RawSmtp.SendAsync(smtpPort, MailCorpus.Sender, recipients, bytes, Token)).Should().StartWith("250");

            using var probe = new PipelineProbe(new Uri($"http://127.0.0.1:{gmailPort}"));
            var arrived = await probe.WaitForDeliveryAsync(bytes, TimeSpan.FromSeconds(120), Token);
            arrived.Should().ContainSingle();
        }
    }

    private static (IContainer? Container, string? Reason) TryBuildLocalStack()
    {
        try
        {
            var builder = new ContainerBuilder("localstack/localstack:4.14.0")
                .WithPortBinding(4566, assignRandomHostPort: true)
                .WithEnvironment("AWS_DEFAULT_REGION", "ap-southeast-2")
                .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(r => r.ForPort(4566).ForPath("/_localstack/health")));
            if (Environment.GetEnvironmentVariable("LOCALSTACK_AUTH_TOKEN") is { Length: > 0 } token)
            {
                builder = builder.WithEnvironment("LOCALSTACK_AUTH_TOKEN", token);
            }

            return (builder.Build(), null);
        }
        catch (DockerUnavailableException error)
        {
            return (null, error.Message.Split('\n')[0].Trim());
        }
    }
}
