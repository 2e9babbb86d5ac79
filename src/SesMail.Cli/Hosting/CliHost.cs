namespace SesMail.Cli.Hosting;

/// <summary>
/// What a command takes from the machine besides AWS and the console: the clock and the browser. Tests replace both
/// (a fake clock for <c>token status</c>, an HTTP client playing the browser for <c>token refresh</c>).
/// </summary>
/// <param name="Clock">The time source for "now".</param>
/// <param name="OpenBrowser">
/// Opens a URL for the user and says whether it could; <c>null</c> means the system browser (<c>xdg-open</c>,
/// <c>open</c>, <c>start</c>).
/// </param>
internal sealed record CliHost(TimeProvider Clock, Func<Uri, bool>? OpenBrowser = null)
{
    /// <summary>The real clock and the system browser.</summary>
    public static CliHost System { get; } = new(TimeProvider.System);
}
