using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SesMail.Emulator.Hosting;
using SesMail.Emulator.Persistence;

namespace SesMail.Tests.Support;

/// <summary>
/// An emulator of a test class's own, on a fresh data folder, whose disk flushes go through a
/// <see cref="RecordingDiskSync"/> (to hold or fail them): what the durability tests of each file store share.
/// Disposing releases any held flush, stops the emulator and deletes the folder.
/// </summary>
internal sealed class RecordingDiskEmulator : IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The emulator's data folder (under the temp folder, unique per instance).</summary>
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "sesmail-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The flushes the emulator made; hold or fail them here.</summary>
    public RecordingDiskSync Disk { get; } = new();

    /// <summary>The running emulator (after <see cref="StartAsync"/>).</summary>
    public WebApplication App => _app ?? throw new InvalidOperationException("Call StartAsync first.");

    /// <summary>The emulator's base URL on loopback (after <see cref="StartAsync"/>).</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Starts the emulator on a free loopback port.</summary>
    /// <param name="cancellationToken">Stops the start.</param>
    /// <param name="configure">More options, applied after the port and data folder.</param>
    public async Task StartAsync(CancellationToken cancellationToken, Action<EmulatorOptions>? configure = null)
    {
        (_app, Url) = await EmulatorApp.StartAsync(
            o =>
            {
                o.Port = 0;
                o.DataDirectory = DataDirectory;
                configure?.Invoke(o);
            },
            cancellationToken,
            services => services.Replace(ServiceDescriptor.Singleton<IDiskSync>(Disk)));
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        Disk.Release();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        TestFolders.DeleteQuietly(DataDirectory);
    }
}
