using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SesMail.ServiceDefaults;

namespace SesMail.Emulator.Hosting;

/// <summary>
/// Builds and starts the emulator's web application. <see cref="Program"/> and the tests both go through here,
/// so the process and an in-test instance are wired identically.
/// </summary>
public static class EmulatorApp
{
    /// <summary>Builds the emulator application from command-line arguments and configuration.</summary>
    /// <param name="args">Command-line arguments (configuration overrides such as <c>--Emulator:Port=0</c>).</param>
    /// <param name="configure">Optional last-word changes to the options (tests use it for port 0 and a temp folder).</param>
    /// <param name="services">Optional last-word changes to the registrations (tests replace the clock or the Lambda invoker).</param>
    /// <returns>The application, not yet started.</returns>
    public static WebApplication Build(string[] args, Action<EmulatorOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        // No reload of appsettings.json on change: the watch it needs is recursive over the content root (the current
        // folder), hundreds of inotify watches and a third of a second of start-up from a repository checkout
        // (docs/DEVELOPMENT.md, "Measuring the pipeline"); the emulator reads its options once. Given first, so that an
        // explicit --hostBuilder:reloadConfigOnChange=true in args still wins.
        var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
        builder.AddServiceDefaults();

        var options = new EmulatorOptions();
        builder.Configuration.GetSection(EmulatorOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        options.DataDirectory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(options.DataDirectory);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null; // S3 objects and multipart parts may be large; services enforce their own limits.
            // Header values arrive as UTF-8 (e.g. an S3 Content-Disposition with filename="ü.txt") and S3 returns them as
            // stored; Kestrel's ASCII-only default would make every later GET of such an object fail.
            kestrel.ResponseHeaderEncodingSelector = static _ => System.Text.Encoding.UTF8;
            kestrel.Listen(System.Net.IPAddress.Parse(options.BindAddress), options.Port);
        });
        builder.WebHost.UseUrls(); // the Listen call above is the only binding

        builder.Services.AddEmulator(options);
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.Services.GetRequiredService<Persistence.EmulatorPersistence>().Load(); // state is back before the first request
        app.MapEmulator();
        return app;
    }

    /// <summary>Starts an emulator and returns once it accepts requests.</summary>
    /// <param name="configure">Changes to the options, applied after configuration.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="services">Changes to the registrations, applied after the emulator's own.</param>
    /// <returns>The running application and the base URL it answers on (<c>http://127.0.0.1:{port}</c>).</returns>
    public static async Task<(WebApplication App, Uri BaseUrl)> StartAsync(Action<EmulatorOptions>? configure = null, CancellationToken cancellationToken = default, Action<IServiceCollection>? services = null)
    {
        var app = Build([], configure, services);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }
}
