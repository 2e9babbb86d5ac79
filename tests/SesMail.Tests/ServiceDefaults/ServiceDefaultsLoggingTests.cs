using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SesMail.ServiceDefaults;

namespace SesMail.Tests.ServiceDefaults;

/// <summary>Quiet by default: per-request HTTP logs are hidden below Warning unless configured.</summary>
[Trait("Kind", "Unit")]
public sealed class ServiceDefaultsLoggingTests
{
    private static ILoggerFactory Build(params string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, DisableDefaults = false });
        builder.AddServiceDefaults();
        return builder.Build().Services.GetRequiredService<ILoggerFactory>();
    }

    [Theory]
    [InlineData("Microsoft.AspNetCore.Hosting.Diagnostics")]
    [InlineData("Microsoft.AspNetCore.Routing.EndpointMiddleware")]
    [InlineData("System.Net.Http.HttpClient.Default.LogicalHandler")]
    public void AddServiceDefaults_PerRequestCategory_LogsOnlyWarningsByDefault(string category)
    {
        var logger = Build().CreateLogger(category);

        logger.IsEnabled(LogLevel.Information).Should().BeFalse();
        logger.IsEnabled(LogLevel.Warning).Should().BeTrue();
    }

    [Fact]
    public void AddServiceDefaults_OwnCategories_StillLogInformation() =>
        Build().CreateLogger("SesMail.LocalRuntime.SesReceiving.ReceivedMessageProcessor").IsEnabled(LogLevel.Information).Should().BeTrue();

    [Fact]
    public void AddServiceDefaults_LevelConfigured_WinsOverTheQuietDefault() =>
        Build("--Logging:LogLevel:Microsoft.AspNetCore=Debug").CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Debug).Should().BeTrue();
}
