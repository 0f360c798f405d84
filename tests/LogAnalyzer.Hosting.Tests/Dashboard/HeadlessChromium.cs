using System.Reflection;
using Microsoft.Playwright;

namespace LogAnalyzer.Tests.Dashboard;

/// <summary>
/// Debian's Chromium (<c>apt-get install chromium</c>; <c>.ci/run</c> installs it), driven by Playwright: headless, no
/// sandbox, no GPU, no first-run or background networking, a fresh profile per test, and names resolving to nothing
/// so that the page can only reach the loopback host it was given.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly TempDirectory _profile = new();
    private IPlaywright? _playwright;

    private HeadlessChromium()
    {
    }

    /// <summary>Why the browser tests cannot run here, or <see langword="null"/> when they can.</summary>
    public static string? SkipReason => File.Exists(ExecutablePath)
        ? null
        : $"Chromium is not installed at {ExecutablePath} (apt-get install chromium; .ci/run installs it when missing).";

    /// <summary>Where screenshots are kept: <c>artifacts/screenshots</c> under the repository.</summary>
    public static string ScreenshotFolder
    {
        get
        {
            var root = typeof(HeadlessChromium).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
            var folder = Path.Combine(root, "artifacts", "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public IBrowserContext Context { get; private set; } = null!;

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        var chromium = new HeadlessChromium();
        try
        {
            chromium._playwright = await Playwright.CreateAsync();
            chromium.Context = await chromium._playwright.Chromium.LaunchPersistentContextAsync(chromium._profile.Path, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args =
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                ],
                ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
                ColorScheme = ColorScheme.Light,
                Timeout = 60_000,
            });
            chromium.Context.SetDefaultTimeout(20_000);
            // Chromium reports a blocked inline script or style on the console; this makes every CSP violation say so by name.
            await chromium.Context.AddInitScriptAsync(
                "document.addEventListener('securitypolicyviolation', e => console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI));");
            return chromium;
        }
        catch
        {
            await chromium.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Context is not null)
        {
            await Context.CloseAsync();
        }

        _playwright?.Dispose();
        _profile.Dispose();
    }
}
