using Amazon.Runtime;
using Microsoft.AspNetCore.Builder;
using SesMail.Emulator.Hosting;

namespace SesMail.Tests.Support;

/// <summary>
/// An in-process emulator on its own temporary data folder that a test stops and starts again, to check what
/// survives a restart. Each start listens on a new free loopback port; the folder is deleted on dispose.
/// </summary>
public sealed class RestartableEmulator : IAsyncDisposable
{
    private readonly bool _persistence;
    private WebApplication? _app;

    /// <summary>Creates an emulator (not started).</summary>
    /// <param name="persistence">The value of <c>Emulator:Persistence</c>.</param>
    public RestartableEmulator(bool persistence = true) => _persistence = persistence;

    /// <summary>The data folder kept across restarts.</summary>
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "sesmail-tests", "restart-" + Guid.NewGuid().ToString("N"));

    /// <summary>Base URL of the running instance.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The running application's services.</summary>
    public IServiceProvider Services => _app!.Services;

    /// <summary>Starts an emulator on the data folder.</summary>
    /// <returns>This instance.</returns>
    public async Task<RestartableEmulator> StartAsync()
    {
        (_app, BaseUrl) = await EmulatorApp.StartAsync(options =>
        {
            options.Port = 0;
            options.DataDirectory = DataDirectory;
            options.Persistence = _persistence;
        }, TestContext.Current.CancellationToken);
        await EmulatorFixture.CreateLambdaTestRolesAsync(BaseUrl);
        return this;
    }

    /// <summary>Stops the running emulator gracefully (as Ctrl+C does).</summary>
    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(TestContext.Current.CancellationToken);
            await _app.DisposeAsync();
            _app = null;
        }
    }

    /// <summary>Stops and starts again on the same folder.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    /// <summary>Points an SDK client configuration at the running instance.</summary>
    /// <typeparam name="TConfig">The client's config type.</typeparam>
    /// <param name="config">A new config object.</param>
    /// <returns>The same config.</returns>
    public TConfig Configure<TConfig>(TConfig config)
        where TConfig : ClientConfig
    {
        config.ServiceURL = BaseUrl.ToString();
        config.AuthenticationRegion = EmulatorFixture.Region;
        return config;
    }

    /// <summary>Dummy credentials.</summary>
    public static AWSCredentials Credentials => EmulatorFixture.Credentials;

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        TestFolders.DeleteQuietly(DataDirectory);
    }
}
