using System.Net;
using Microsoft.AspNetCore.Builder;
using TalentData.Cli.Atlas;
using TalentData.Cli.Serve;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Atlas;

/// <summary>The atlas in the real `serve` host before anything is published: static files, empty pages, 404.</summary>
[Parallelizable(ParallelScope.Self)]
public class AtlasHostTests
{
    TempDir data = null!;
    WebApplication app = null!;
    HttpClient http = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        data = new TempDir();
        app = ServeApp.Build([
            "--urls=http://127.0.0.1:0", $"--RepoRoot={RepoPaths.Root}", $"--DataDir={data.Path}", "--Mode=sample",
            "--Hangfire:Storage=InMemory", "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
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
        data?.Dispose();
    }

    [TestCase("atlas.css", "text/css")]
    [TestCase("atlas.js", "text/javascript")]
    public async Task StaticFile_IsServedAsItStandsInTheRepository(string file, string type)
    {
        using var response = await http.GetAsync($"/assets/{file}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(type));
            Assert.That(response.Content.Headers.ContentType?.CharSet, Is.EqualTo("utf-8"));
            Assert.That(await response.Content.ReadAsByteArrayAsync(),
                Is.EqualTo(File.ReadAllBytes(Path.Combine(RepoPaths.Root, "src", "TalentData.Cli", "Atlas", "Assets", file))));
        }
        Assert.That(AtlasEndpoints.Assets.Select(a => a.File), Is.EquivalentTo(
            Directory.GetFiles(Path.Combine(RepoPaths.Root, "src", "TalentData.Cli", "Atlas", "Assets")).Select(Path.GetFileName)), "every asset file is served");
    }

    [Test]
    public async Task BeforeTheFirstPublication_TheHomePageSaysSo_AndUnknownPagesAre404()
    {
        var home = await http.GetStringAsync("/?lang=en");
        Assert.That(home, Does.Contain("<html lang=\"en\">").And.Contain("Nothing has been published yet."));
        using var empty = await http.GetAsync("/indikatoren/population_total");
        Assert.That(empty.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a catalogued indicator without values is a page with dashes");
        using var missing = await http.GetAsync("/indikatoren/no_such_indicator");
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(missing.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(await missing.Content.ReadAsStringAsync(), Does.Contain("<h1>Nicht gefunden</h1>"));
        Assert.That(await http.GetStringAsync("/staedtevergleich?lang=en"), Does.Contain("Nothing has been published yet."));
        using var comparison = await http.GetAsync("/staedtevergleich/unemployment_rate_official");
        Assert.That(comparison.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "no Städtevergleich published, no indicator of it");
    }
}
