using Microsoft.Playwright;

namespace TalentData.Tests.TestSupport;

/// <summary>
/// The browser the atlas tests drive through Playwright: Debian's chromium-headless-shell, Chromium's own headless
/// build. It has the browser's Blink and V8, so pages lay out, run and print as in Chromium, without the windowing and
/// browser UI that headless mode of the full browser still starts; Playwright uses the same build for its own headless
/// runs. The browser test classes take much less CPU with it than with /usr/bin/chromium (docs/performance.md).
/// </summary>
public static class HeadlessChromium
{
    public const string Path = "/usr/bin/chromium-headless-shell";

    /// <summary>Starts the browser; without it the test is ignored, and in CI (where .ci/run installs it) it fails.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        if (!File.Exists(Path))
        {
            if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail($"{Path} is missing; .ci/run installs Debian's chromium-headless-shell package.");
            Assert.Ignore($"{Path} is not installed (apt-get install chromium-headless-shell).");
        }
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Path, Args = ["--no-sandbox"], Headless = true });
    }
}
