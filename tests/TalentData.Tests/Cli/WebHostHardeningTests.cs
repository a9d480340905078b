using System.Net;
using Microsoft.AspNetCore.Builder;
using TalentData.Cli.Serve;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Cli;

/// <summary>
/// Every route of the real `serve` host on 127.0.0.1 sends the security headers, and /opendata serves only files
/// inside the exports root, whatever links lie in it. The exports here are a handful of files written by the test,
/// not a sample run: neither property depends on what is published.
/// </summary>
[NonParallelizable] // Hangfire's process-wide log provider, as in the other serve fixtures
public class WebHostHardeningTests
{
    TempDir dir = null!;
    string data = null!;
    string exports = null!;
    WebApplication app = null!;
    HttpClient http = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        dir = new TempDir();
        data = Path.Combine(dir.Path, "data");
        exports = Path.Combine(data, "exports");
        Directory.CreateDirectory(Path.Combine(exports, "ds", "2026-01-01"));
        File.WriteAllText(Path.Combine(exports, "ds", "2026-01-01", "data.csv"), "jahr,anzahl\r\n2026,1\r\n");
        // As a release publishes it: latest is a relative link to the dated folder beside it.
        Directory.CreateSymbolicLink(Path.Combine(exports, "ds", "latest"), "2026-01-01");
        File.WriteAllText(Path.Combine(exports, "catalog.jsonld"), "{}");

        // Outside the exports root, beside it in the data folder, as the warehouse and the landing files are.
        Directory.CreateDirectory(Path.Combine(data, "private"));
        File.WriteAllText(Path.Combine(data, "private", "secret.csv"), "not,published\r\n");
        File.CreateSymbolicLink(Path.Combine(exports, "leak.csv"), Path.Combine(data, "private", "secret.csv"));
        Directory.CreateSymbolicLink(Path.Combine(exports, "leakdir"), Path.Combine(data, "private"));
        Directory.CreateSymbolicLink(Path.Combine(exports, "ds", "sneaky"), "../../private");
        File.CreateSymbolicLink(Path.Combine(exports, "inside.csv"), "ds/latest/data.csv");

        app = ServeApp.Build([
            "--urls=http://127.0.0.1:0", $"--RepoRoot={RepoPaths.Root}", $"--DataDir={data}", "--Mode=sample",
            "--Hangfire:Storage=InMemory", "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.Urls.First()) };
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        http?.Dispose();
        if (app is not null)
        {
            using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
                await app.StopAsync(stop.Token);
            await app.DisposeAsync();
            Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        }
        dir?.Dispose();
    }

    [TestCase("/", HttpStatusCode.OK, SecurityHeaders.AtlasPolicy)]
    [TestCase("/indikatoren/population_total", HttpStatusCode.OK, SecurityHeaders.AtlasPolicy)]
    [TestCase("/bezirke/", HttpStatusCode.OK, SecurityHeaders.AtlasPolicy)]
    [TestCase("/methodik?lang=en", HttpStatusCode.OK, SecurityHeaders.AtlasPolicy)]
    [TestCase("/downloads", HttpStatusCode.OK, SecurityHeaders.AtlasPolicy)]
    [TestCase("/indikatoren/no_such_indicator", HttpStatusCode.NotFound, SecurityHeaders.AtlasPolicy)]
    [TestCase("/assets/atlas.css", HttpStatusCode.OK, SecurityHeaders.AtlasPolicy)]
    [TestCase("/assets/atlas.js", HttpStatusCode.OK, SecurityHeaders.AtlasPolicy)]
    [TestCase("/robots.txt", HttpStatusCode.OK, SecurityHeaders.AtlasPolicy)]
    [TestCase("/opendata/catalog.jsonld", HttpStatusCode.OK, SecurityHeaders.DataPolicy)]
    [TestCase("/opendata/ds/latest/data.csv", HttpStatusCode.OK, SecurityHeaders.DataPolicy)]
    [TestCase("/opendata/leak.csv", HttpStatusCode.NotFound, SecurityHeaders.DataPolicy)]
    [TestCase("/health", HttpStatusCode.OK, SecurityHeaders.DataPolicy)]
    [TestCase("/hangfire", HttpStatusCode.OK, SecurityHeaders.DashboardPolicy)]
    [TestCase("/hangfire/recurring", HttpStatusCode.OK, SecurityHeaders.DashboardPolicy)]
    [TestCase("/angebote/vorschlagen", HttpStatusCode.OK, SecurityHeaders.AtlasPolicy, Description = "antiforgery's own SAMEORIGIN does not win")]
    [TestCase("/angebote/vorschlagen/danke?lang=en", HttpStatusCode.OK, SecurityHeaders.AtlasPolicy)]
    [TestCase("/hangfire/talentdata/vorschlaege", HttpStatusCode.OK, SecurityHeaders.DashboardPolicy)]
    public async Task EveryRoute_SendsTheSecurityHeaders(string path, HttpStatusCode status, string policy)
    {
        using var response = await http.GetAsync(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(status), path);
            Assert.That(Header(response, "Content-Security-Policy"), Is.EqualTo(policy), path);
            Assert.That(Header(response, "X-Content-Type-Options"), Is.EqualTo("nosniff"), path);
            Assert.That(Header(response, "Referrer-Policy"), Is.EqualTo("no-referrer"), path);
            Assert.That(Header(response, "X-Frame-Options"), Is.EqualTo("DENY"), path);
        }
        Assert.That(policy, Does.Contain("frame-ancestors 'none'").And.Not.Contain("unsafe-eval"));
        if (policy != SecurityHeaders.DashboardPolicy)
            Assert.That(policy, Does.Not.Contain("unsafe-inline"));
    }

    /// <summary>
    /// Crawlers may read the atlas, not the dashboard; and the pages' policy lets a tool that reads robots.txt from inside
    /// a page (Lighthouse's SEO audit does) reach it, or the site would be scored as having a broken robots.txt.
    /// </summary>
    [Test]
    public async Task RobotsTxt_KeepsCrawlersOutOfTheDashboard_AndThePagesMayReadIt()
    {
        using var response = await http.GetAsync("/robots.txt");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
            Assert.That(lines, Is.EqualTo(new[] { "User-agent: *", "Disallow: /hangfire" }));
            Assert.That(SecurityHeaders.AtlasPolicy, Does.Contain("connect-src 'self'"));
        }
        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/robots.txt"));
        Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.OK), "HEAD as every atlas route");
    }

    [Test]
    public async Task AtlasPages_HoldNoInlineScriptOrStyle_SoTheirPolicyNeedsNone()
    {
        foreach (var path in new[] { "/", "/bezirke/", "/methodik", "/downloads", "/indikatoren/population_total", "/angebote/vorschlagen", "/angebote/vorschlagen/danke" })
        {
            var html = await http.GetStringAsync(path);
            Assert.That(System.Text.RegularExpressions.Regex.Matches(html, "<script(?![^>]*\\bsrc=)[^>]*>"), Is.Empty, $"{path}: an inline <script>");
            Assert.That(html, Does.Not.Contain(" style=\"").And.Not.Contain("<style").And.Not.Match(" on[a-z]+=\""), path);
        }
    }

    [TestCase("/opendata/leak.csv", Description = "a file link to a file outside")]
    [TestCase("/opendata/leakdir/secret.csv", Description = "a folder link to a folder outside")]
    [TestCase("/opendata/ds/sneaky/secret.csv", Description = "a relative folder link climbing out")]
    [TestCase("/opendata/ds/latest/../../../private/secret.csv", Description = "dot segments after a link")]
    public async Task OpenData_LinksLeadingOutOfTheExportsRoot_Are404(string path)
    {
        using var response = await http.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), path);
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("not,published"));
    }

    [TestCase("/opendata/ds/latest/data.csv")]
    [TestCase("/opendata/inside.csv")]
    public async Task OpenData_LinksThatStayInside_AreServed(string path)
    {
        using var response = await http.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("jahr,anzahl\r\n2026,1\r\n"));
    }

    [Test]
    public void RealPath_ALoopOfLinks_IsNoPath()
    {
        var loop = Path.Combine(dir.Path, "loop");
        var back = Path.Combine(dir.Path, "back");
        File.CreateSymbolicLink(loop, back);
        File.CreateSymbolicLink(back, loop);
        Assert.That(OpenDataFiles.RealPath(loop), Is.Null);
        Assert.That(OpenDataFiles.ResolvesInside(dir.Path, "loop"), Is.False);
    }

    static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(", ", content) : null;
}
