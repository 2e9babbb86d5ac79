using Microsoft.Playwright;

namespace SesMail.Tests.Support;

/// <summary>Debian's Chromium driven by Playwright, headless, for pages a person opens.</summary>
internal static class Browser
{
    /// <summary>Where Debian installs Chromium (<c>apt-get install chromium</c>; <c>.ci/run</c> does).</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Skips the test (with the reason) when Chromium is absent; otherwise launches it.</summary>
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        Assert.SkipUnless(File.Exists(ChromiumPath), $"Chromium is not installed at {ChromiumPath} (apt-get install chromium; .ci/run installs it).");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return (playwright, browser);
    }
}
