using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using TalentData.Cli.Serve;
using TalentData.Cli.Site;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Cli;

/// <summary>
/// `talentdata publish --site DIR` over the shared good run, published once: DIR served by ASP.NET Core's plain
/// static-file middleware (nothing of TalentData's host) must answer every link it holds, and its pages must be the
/// dynamic server's pages for the same release, byte for byte apart from where their links lead.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class StaticSiteTests
{
    const string ServerUrl = "https://talentdata.example.org/";

    TempDir dir = null!;
    string data = "", site = "", publishOutput = "";
    WebApplication staticServer = null!, dynamicServer = null!;
    HttpClient staticHttp = null!, dynamicHttp = null!;
    int publishCode;

    [OneTimeSetUp]
    public async Task Publish()
    {
        dir = new TempDir();
        data = Path.Combine(dir.Path, "data");
        site = Path.Combine(dir.Path, "site");
        GoodRun.Instance.CopyTo(data);
        using (var stdout = new StringWriter())
        using (var stderr = new StringWriter())
        {
            publishCode = TalentData.Cli.Program.Run(["publish", "--site", site, "--data-dir", data, "--server-url", ServerUrl], stdout, stderr);
            publishOutput = stdout + stderr.ToString();
        }
        Assert.That(publishCode, Is.Zero, publishOutput);

        staticServer = PlainStaticServer(site);
        await staticServer.StartAsync();
        staticHttp = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(staticServer.Urls.First()) };

        dynamicServer = ServeApp.Build([
            "--urls=http://127.0.0.1:0", $"--RepoRoot={RepoPaths.Root}", $"--DataDir={data}", "--Mode=sample",
            "--Hangfire:Storage=InMemory", "--Logging:LogLevel:Default=Warning",
        ]);
        await dynamicServer.StartAsync();
        dynamicHttp = new HttpClient { BaseAddress = new Uri(dynamicServer.Urls.First()) };
    }

    /// <summary>Any web server: files by path, a folder answered by its index.html, types by extension; nothing else.</summary>
    static WebApplication PlainStaticServer(string root)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var files = new PhysicalFileProvider(root);
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".jsonld"] = "application/ld+json";
        types.Mappings[".parquet"] = "application/vnd.apache.parquet";
        types.Mappings[".geojson"] = "application/geo+json";
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, ContentTypeProvider = types });
        return app;
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        staticHttp?.Dispose();
        dynamicHttp?.Dispose();
        if (staticServer is not null)
            await staticServer.DisposeAsync();
        if (dynamicServer is not null)
        {
            using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
                await dynamicServer.StopAsync(stop.Token);
            await dynamicServer.DisposeAsync();
            Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        }
        dir?.Dispose();
    }

    static readonly Regex Href = new("""\b(?:href|src)="(?<url>[^"]*)" """.TrimEnd());

    [Test]
    public async Task EveryLinkOfTheStaticSite_AnswersTheStaticServer_FromBothHomePages()
    {
        var origin = staticHttp.BaseAddress!;
        var seen = new HashSet<string>(StringComparer.Ordinal) { "/", "/en/" };
        var queue = new Queue<(Uri Url, string From)>([(new Uri(origin, "/"), "(root)"), (new Uri(origin, "/en/"), "(root)")]);
        var broken = new List<string>();
        var kinds = new HashSet<string>(StringComparer.Ordinal);
        while (queue.TryDequeue(out var item))
        {
            using var response = await staticHttp.GetAsync(item.Url);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                broken.Add($"{item.From} links {item.Url.AbsolutePath}: {(int)response.StatusCode}");
                continue;
            }
            kinds.Add(item.Url.AbsolutePath.TrimStart('/').Split('/') is [ "en", var route, ..] ? route : item.Url.AbsolutePath.TrimStart('/').Split('/')[0]);
            if (response.Content.Headers.ContentType?.MediaType != "text/html") continue;
            foreach (Match m in Href.Matches(await response.Content.ReadAsStringAsync()))
            {
                var link = new Uri(item.Url, WebUtility.HtmlDecode(m.Groups["url"].Value));
                if (link.Scheme != origin.Scheme || link.Authority != origin.Authority) continue;
                Assert.That(link.Query, Is.Empty, $"{item.Url.AbsolutePath} links {link}: a static server ignores the query, so the site must not need one");
                if (seen.Add(link.AbsolutePath)) queue.Enqueue((new Uri(link.GetLeftPart(UriPartial.Path)), item.Url.AbsolutePath));
            }
        }
        Assert.That(broken, Is.Empty, "links of the static site that its server does not answer");
        Assert.That(seen, Has.Count.GreaterThan(1000), "the crawl reached the site's pages, not only the home pages");
        Assert.That(kinds, Is.SupersetOf(new[] { "", "indikatoren", "bezirke", "grafik", "einbetten", "herkunft", "vergleich", "staedtevergleich", "angebote", "methodik", "downloads", "opendata", "assets" }),
            "every kind of page and file is linked and answered");
    }

    /// <summary>Both pages with the address of every link (href, src, action, the embed snippet's iframe) taken out.</summary>
    static string WithoutLinks(string html) =>
        Regex.Replace(Regex.Replace(html, """\b(href|src|action)="[^"]*" """.TrimEnd(), "$1=\"\""), "src=&quot;.*?&quot;", "src=&quot;&quot;");

    [TestCase("/")]
    [TestCase("/?lang=en")]
    [TestCase("/indikatoren/child_sgb2_quota")]
    [TestCase("/indikatoren/population_total?lang=en")]
    [TestCase("/bezirke/10")]
    [TestCase("/bezirke/110?ebene=statistischer_bezirk&lang=en")]
    [TestCase("/staedtevergleich")]
    [TestCase("/staedtevergleich?lang=en")]
    [TestCase("/angebote?zielgruppe=children")]
    [TestCase("/angebote/bezirke/20?lang=en")]
    [TestCase("/angebote/bezirke/110?ebene=statistischer_bezirk")]
    public async Task Page_EqualsTheDynamicServersPage_ApartFromWhereItsLinksLead(string address)
    {
        var dynamic = await dynamicHttp.GetStringAsync(address);
        var file = Path.Combine(site, SiteAddress.File(address));
        Assert.That(file, Does.Exist, $"{address} is a page of the static site");
        var written = await File.ReadAllTextAsync(file);
        Assert.That(WithoutLinks(written), Is.EqualTo(WithoutLinks(dynamic)), $"{address}: the static page is the dynamic page with other link addresses");
        Assert.That(written, Is.Not.EqualTo(dynamic), "the links were rewritten");
        Assert.That(Regex.Matches(written, """(?:href|src|action)="/""").Select(m => m.Value), Is.Empty,
            $"{address}: no link of the static page is root-relative (the site may live in a subfolder)");
        Assert.That(written, Does.Not.Contain("127.0.0.1"), "the crawl's passing host is named nowhere");
    }

    [TestCase("/grafik/child_sgb2_quota/karte.svg?jahr=2024&ebene=stadtbezirk")]
    [TestCase("/grafik/child_sgb2_quota/rangfolge.png?jahr=2024&ebene=stadtbezirk&lang=en")]
    [TestCase("/grafik/child_sgb2_quota/verlauf.csv?ebene=stadtbezirk&bezirk=10")]
    [TestCase("/opendata/talentindikatoren-bezirke/latest/data.csv")]
    [TestCase("/opendata/catalog.jsonld")]
    public async Task FileWithoutLinks_IsTheDynamicServersBytes(string address)
    {
        var file = Path.Combine(site, SiteAddress.File(address));
        Assert.That(file, Does.Exist, $"{address} is a file of the static site");
        Assert.That(await File.ReadAllBytesAsync(file), Is.EqualTo(await dynamicHttp.GetByteArrayAsync(address)));
    }

    [Test]
    public async Task ViewsTheSiteDoesNotHold_LeadToTheDynamicServer_AndTheEmbedSnippetNamesNoCrawlHost()
    {
        var profile = await File.ReadAllTextAsync(Path.Combine(site, "bezirke", "10", "index.html"));
        Assert.That(profile, Does.Contain($"href=\"{ServerUrl}indikatoren/child_sgb2_quota?ebene=stadtbezirk&amp;bezirk=10\""),
            "an indicator seen from one district is a view of every year, level and district: the dynamic server answers it");
        Assert.That(profile, Does.Contain($"action=\"{ServerUrl}suche\""), "a search typed into the form goes to the dynamic server");
        Assert.That(profile, Does.Contain($"href=\"{ServerUrl}hangfire/talentdata\""), "the operators' page is the dynamic server's");
        var indicator = await File.ReadAllTextAsync(Path.Combine(site, "indikatoren", "child_sgb2_quota", "index.html"));
        Assert.That(indicator, Does.Contain($"iframe src=&quot;{ServerUrl}einbetten/child_sgb2_quota/karte?jahr=2024&amp;amp;ebene=stadtbezirk&quot;"),
            "without --base-url the snippet for other sites names the dynamic server's embed page");
        Assert.That(publishOutput, Does.Match(@"site: \d+ pages, \d+ files in all"));
    }

    [Test]
    public void SuggestionForm_IsTheServers_AndTheSiteHoldsANoticeInsteadOfAForm()
    {
        var profile = File.ReadAllText(Path.Combine(site, "bezirke", "10", "index.html"));
        var english = File.ReadAllText(Path.Combine(site, "en", "bezirke", "10", "index.html"));
        Assert.That(profile, Does.Contain($"href=\"{ServerUrl}angebote/vorschlagen\""), "the form takes a POST: the dynamic server answers it");
        Assert.That(english, Does.Contain($"href=\"{ServerUrl}angebote/vorschlagen?lang=en\""));
        // Without --server-url the links lead to this page of the site, which says where suggestions are taken, not to a 404.
        var notice = File.ReadAllText(Path.Combine(site, "angebote", "vorschlagen", "index.html"));
        Assert.That(notice, Does.Contain("kann keine Vorschläge annehmen").And.Not.Contain("method=\"post\"").And.Not.Contain("RequestVerificationToken"),
            "no form with a stale token in a static file");
        Assert.That(StaticSite.Holds(SiteAddress.Parse("/angebote/vorschlagen"), SiteAddress.Parse("/")), Is.True);
        Assert.That(StaticSite.Holds(SiteAddress.Parse("/angebote/vorschlagen/danke?beleg=0123"), SiteAddress.Parse("/")), Is.False,
            "one person's confirmation is never a file");
    }

    [Test]
    public void AFailedPublish_LeavesThePreviousSite_AndNoStagingFolder()
    {
        using var broken = new TempDir();
        var brokenData = Path.Combine(broken.Path, "data");
        GoodRun.Instance.CopyTo(brokenData);
        // A file in latest/ that leads out of the exports: /opendata refuses it (404), so the site cannot be complete.
        var outside = Path.Combine(broken.Path, "secret.txt");
        File.WriteAllText(outside, "not for the public");
        File.CreateSymbolicLink(Path.Combine(brokenData, "exports", "talentindikatoren-bezirke", "latest", "leak.csv"), outside);
        var previous = Path.Combine(broken.Path, "site");
        Directory.CreateDirectory(Path.Combine(previous, "bezirke"));
        File.WriteAllText(Path.Combine(previous, "index.html"), "the previous site");
        File.WriteAllText(Path.Combine(previous, "bezirke", "index.html"), "its districts");

        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = TalentData.Cli.Program.Run(["publish", "--site", previous, "--data-dir", brokenData], stdout, stderr);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(1), stdout.ToString());
            Assert.That(stderr.ToString(), Does.Contain("/opendata/talentindikatoren-bezirke/latest/leak.csv answered 404; expected 200")
                .And.Contain("the previous site is left as it was"));
            Assert.That(File.ReadAllText(Path.Combine(previous, "index.html")), Is.EqualTo("the previous site"));
            Assert.That(Directory.GetFiles(previous, "*", SearchOption.AllDirectories), Has.Length.EqualTo(2), "nothing of the failed site mixed in");
            Assert.That(previous + ".tmp", Does.Not.Exist, "the half-written site is removed");
        }
    }

    [Test]
    public void SiteFolderThatIsAFile_IsRefused_NamingIt()
    {
        var file = Path.Combine(dir.Path, "a-file");
        File.WriteAllText(file, "x");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = TalentData.Cli.Program.Run(["publish", "--site", file, "--data-dir", data], stdout, stderr);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr.ToString(), Does.Contain($"--site {file} is a file; expected a folder"));
        Assert.That(File.ReadAllText(file), Is.EqualTo("x"));
    }

    [Test]
    public void NothingPublished_IsRefused_BeforeTheSiteFolderIsTouched()
    {
        using var empty = new TempDir();
        var target = Path.Combine(empty.Path, "site");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = TalentData.Cli.Program.Run(["publish", "--site", target, "--data-dir", Path.Combine(empty.Path, "data")], stdout, stderr);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr.ToString(), Does.Contain("nothing is published in").And.Contain("Run `talentdata run`"));
        Assert.That(target + ".tmp", Does.Not.Exist);
    }

    [TestCase(new[] { "publish", "--base-url", "https://a.example/" }, "--base-url belongs to --site DIR")]
    [TestCase(new[] { "publish", "--site", "x", "--server-url", "ftp://a.example/" }, "--server-url must be an absolute http(s) address")]
    [TestCase(new[] { "publish", "--site", "x", "--base-url", "atlas/" }, "--base-url must be an absolute http(s) address")]
    [TestCase(new[] { "publish", "--site", "x", "--full" }, "--full and --plan are for publishing")]
    public void BadOptions_AreAUsageError(string[] args, string message)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Assert.That(TalentData.Cli.Program.Run(args, stdout, stderr), Is.EqualTo(2));
        Assert.That(stderr.ToString(), Does.Contain(message));
    }
}
