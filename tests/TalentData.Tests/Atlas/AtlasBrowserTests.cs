using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using TalentData.Cli.Serve;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Atlas;

/// <summary>
/// The Talent-Atlas in a real headless Chromium (<see cref="HeadlessChromium"/>, driven by Playwright), served by Kestrel
/// on 127.0.0.1 by the real `serve` host from the sample publication.
/// </summary>
[Parallelizable(ParallelScope.Self)]
[Category("Browser")]
public class AtlasBrowserTests
{
    ServeHost host = null!;
    RepoCopy repo => host.Repo;
    WebApplication app => host.App;
    string baseUrl = "";
    IPlaywright playwright = null!;
    IBrowser browser = null!;
    readonly List<string> foreignRequests = [];
    // A new browser context and page cost a quarter of a second each, injecting axe as much again: the tests share one
    // page per width, and the axe checks one context per width with axe injected into every document it loads. The
    // atlas keeps no cookie or storage that one test could leave for the next, and every test loads its page afresh.
    readonly Dictionary<int, IPage> pages = [];
    readonly Dictionary<int, IPage> axePages = [];

    [OneTimeSetUp]
    public async Task Start()
    {
        playwright = await Playwright.CreateAsync();
        browser = await HeadlessChromium.LaunchAsync(playwright);
        host = await ServeHost.StartAsync();
        baseUrl = app.Urls.First().TrimEnd('/');
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (browser is not null) await browser.CloseAsync();
        playwright?.Dispose();
        if (host is not null) await host.DisposeAsync();
    }

    /// <summary>The shared page of this width (<see cref="NewPage"/>), with <paramref name="path"/> loaded afresh.</summary>
    async Task<IPage> Open(string path, int width = 1200)
    {
        if (!pages.TryGetValue(width, out var page) || page.IsClosed)
            pages[width] = page = await NewPage(width);
        await page.GotoAsync(baseUrl + path);
        return page;
    }

    /// <summary>A blank page of the given width that refuses and records every request off this host.</summary>
    async Task<IPage> NewPage(int width)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        await page.RouteAsync("**/*", async route =>
        {
            if (!route.Request.Url.StartsWith("http://127.0.0.1:", StringComparison.Ordinal))
            {
                lock (foreignRequests) foreignRequests.Add(route.Request.Url);
                await route.AbortAsync();
            }
            else await route.ContinueAsync();
        });
        return page;
    }

    static async Task Screenshot(IPage page, string name)
    {
        var dir = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        TestContext.AddTestAttachment(file);
    }

    [Test]
    public async Task UnderTheContentSecurityPolicy_NoAtlasOrDashboardPageIsRefusedAnything()
    {
        var refused = new List<string>();
        var path = "";
        var page = await browser.NewPageAsync();
        // The page's own report of what its policy blocked (a script, a style, an inline handler), on every navigation.
        await page.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => console.log('CSP refused ' + e.violatedDirective + ' ' + e.blockedURI));");
        page.Console += (_, message) =>
        {
            if (message.Text.StartsWith("CSP refused", StringComparison.Ordinal)) lock (refused) refused.Add($"{path}: {message.Text}");
        };
        foreach (var next in new[] { "/", "/indikatoren/unemployment_density?ebene=statistischer_bezirk", "/downloads", "/suche?q=H%C3%B6rde",
                     "/vergleich?a=stadtbezirk:80&b=statistischer_bezirk:530", "/herkunft/unemployment_density?jahr=2024&ebene=stadtbezirk&bezirk=80", "/hangfire/recurring",
                     "/angebote/vorschlagen", "/hangfire/talentdata/vorschlaege" })
        {
            path = next;
            var response = await page.GotoAsync(baseUrl + path);
            Assert.That(response?.Headers["content-security-policy"], Is.Not.Null.And.Contains("frame-ancestors 'none'"), path);
            await page.EvaluateAsync("() => new Promise(r => setTimeout(r, 100))"); // violation events are dispatched after the load
        }
        await page.CloseAsync();
        Assert.That(refused, Is.Empty);
    }

    [Test]
    public async Task Home_ShowsTheCityKeyFigures()
    {
        var page = await Open("/");
        await Screenshot(page, "home");
        var text = await page.InnerTextAsync("main");
        Assert.That(text, Does.Contain("613.487").And.Contain("Bevölkerung").And.Contain("Arbeit"));
        Assert.That(foreignRequests, Is.Empty);
    }

    [Test]
    public async Task IndicatorPage_SuppressedCellShowsADashAndTheRestShowsNumbers()
    {
        // A cell that disclosure control suppressed in the published file.
        var suppressed = File.ReadLines(Path.Combine(repo.Data, "exports", "talentindikatoren-bezirke", "latest", "data.csv"))
            .Skip(1).Select(l => l.Split(',')).First(f => f[^1] == "." && f[3] is "statistischer_bezirk" or "stadtbezirk");
        var (indicator, year, level, name) = (f: suppressed, 0).f switch { var f => (f[0], f[2], f[3], f[5]) };
        var page = await Open($"/indikatoren/{indicator}?jahr={year}&ebene={level}");
        await Screenshot(page, "indicator-with-suppressed-cell");
        var row = await page.Locator("#table-h + div table tr", new PageLocatorOptions { HasText = name }).First.InnerTextAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(row.Split('\t').Last().Trim(), Is.EqualTo("."), $"{indicator} {year} {name}: a suppressed value is the secret mark, never a dash or 0");
            Assert.That(await page.Locator("#table-h ~ p.legend").InnerTextAsync(), Does.Contain(". geheim"), "the legend under the table explains the mark");
            Assert.That(await page.Locator("svg.chart").CountAsync(), Is.EqualTo(3));
        }
        var leavers = await Open("/indikatoren/school_leavers_total?jahr=2023&ebene=stadtbezirk");
        Assert.That(await leavers.Locator("tr.total").InnerTextAsync(), Does.Contain("5.855"), "the city row is the official figure, not the sum of its districts (5.850)");
    }

    [Test]
    public async Task ChoosingYearAndDistrictThroughTheControls_ChangesTheUrl()
    {
        var page = await Open("/indikatoren/unemployment_density?ebene=statistischer_bezirk");
        await Task.WhenAll(page.WaitForURLAsync("**jahr=2020**"), page.SelectOptionAsync("#jahr", "2020"));
        await Task.WhenAll(page.WaitForURLAsync("**bezirk=530**"), page.SelectOptionAsync("#bezirk", "530"));
        await Screenshot(page, "indicator-unemployment-density-2020-hoerde");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.Url, Does.Contain("jahr=2020").And.Contain("bezirk=530").And.Contain("ebene=statistischer_bezirk"));
            Assert.That(await page.InnerTextAsync("#series-h + figure figcaption"), Does.Contain("Hörde"));
        }
    }

    [Test]
    public async Task WithoutJavaScript_TheFormStillWorksThroughItsButton()
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync(baseUrl + "/indikatoren/transition_rate_gymnasium");
        await page.SelectOptionAsync("#jahr", "2021");
        await page.ClickAsync("form.choices button");
        Assert.That(page.Url, Does.Contain("jahr=2021"));
        Assert.That(await page.InnerTextAsync("#ranking-h"), Does.Contain("2021"));
        await context.CloseAsync();
    }

    [Test]
    public async Task WithoutJavaScript_TheSearchBoxFindsADistrictByItsCommonName_AndTheProfileComparesIt()
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync(baseUrl + "/methodik?lang=en");
        await page.FillAsync("#suche-q", "nordstadt");
        await page.ClickAsync("form.search button");
        Assert.That(new Uri(page.Url).PathAndQuery, Is.EqualTo("/bezirke/20?lang=en"), "one exact name: straight to the profile, in the page's language");
        Assert.That(await page.InnerTextAsync("h1"), Is.EqualTo("Innenstadt-Nord"));
        await page.SelectOptionAsync("#vergleich-b", "statistischer_bezirk:050");
        await page.ClickAsync("form.pick button");
        Assert.That(await page.InnerTextAsync("h1"), Is.EqualTo("Innenstadt-Nord and Nordmarkt compared"));
        Assert.That(await page.InnerTextAsync("table caption"), Does.Contain("Innenstadt-Nord and Nordmarkt"));
        await context.CloseAsync();
    }

    [TestCase("/vergleich?a=stadtbezirk:80&b=statistischer_bezirk:530", "phone-compare")]
    [TestCase("/suche?q=nord", "phone-search")]
    [TestCase("/herkunft/unemployment_density?jahr=2024&ebene=stadtbezirk&bezirk=80", "phone-provenance")]
    [TestCase("/einbetten/unemployment_density/rangfolge?jahr=2024&ebene=stadtbezirk", "phone-embed")]
    public async Task Phone_FindAndComparePagesFitTheScreenWidth(string path, string screenshot)
    {
        var page = await Open(path, width: 375);
        await Screenshot(page, screenshot);
        Assert.That(await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(375 + 1));
    }

    /// <summary>The size in CSS pixels of every chart text drawn smaller than 12 px (the chart's scale times its font size).</summary>
    const string SmallChartTexts = """
        () => {
          const small = [];
          for (const t of document.querySelectorAll('svg text')) {
            const box = t.getBoundingClientRect();
            if (box.width === 0 && box.height === 0) continue;
            const svg = t.ownerSVGElement, viewBox = svg.viewBox.baseVal;
            const scale = viewBox && viewBox.width ? svg.getBoundingClientRect().width / viewBox.width : 1;
            const px = parseFloat(getComputedStyle(t).fontSize) * scale;
            if (px < 11.95) small.push(t.textContent + ': ' + px.toFixed(1) + ' px');
          }
          return small;
        }
        """;

    /// <summary>The first elements that reach past the screen's right edge, as tag.class, for the failure message.</summary>
    const string WidestElements = """
        width => [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > width + 1)
          .filter(e => { for (let a = e.parentElement; a; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') return false; return true; })
          .slice(0, 4).map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.replace(/ /g, '.') : '') + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')
        """;

    /// <summary>Every page type on a small phone, a tablet and a laptop: no page wider than the screen, no chart text under 12 px.</summary>
    [Test]
    public async Task EveryPageType_FitsTheScreen_AndChartTextIsAtLeast12Px_At360_768_And1366()
    {
        var paths = new[]
        {
            "/", "/bezirke/", "/bezirke/20", "/bezirke/530?ebene=statistischer_bezirk", "/indikatoren/unemployment_density?ebene=statistischer_bezirk",
            "/indikatoren/unemployment_density?ebene=stadtbezirk&bezirk=80", "/indikatoren/unemployment_rate_official",
            "/vergleich?a=statistischer_bezirk:050&b=statistischer_bezirk:530", "/suche?q=nord", "/downloads", "/methodik", "/?lang=en",
            "/einbetten/unemployment_density/karte?jahr=2024&ebene=statistischer_bezirk", "/angebote/vorschlagen", "/bedarf-und-angebot", "/angebote", "/angebote/bezirke/20",
        };
        var problems = new List<string>();
        foreach (var width in new[] { 360, 768, 1366 })
        {
            // One page per width, loading each path afresh: every path is laid out and its scripts run at that width,
            // without a new browser context per path (the atlas keeps no cookie or storage that one path could leave
            // for the next).
            var page = await NewPage(width);
            foreach (var path in paths)
            {
                await page.GotoAsync(baseUrl + path);
                var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
                if (scrollWidth > width + 1)
                    problems.Add($"{path} at {width} px: the page is {scrollWidth} px wide; too wide: " + await page.EvaluateAsync<string>(WidestElements, width));
                problems.AddRange((await page.EvaluateAsync<string[]>(SmallChartTexts)).Take(3).Select(t => $"{path} at {width} px: chart text {t}"));
                if (width == 360 && path == "/") await Screenshot(page, "phone-360-home");
            }
            await page.CloseAsync();
        }
        Assert.That(problems, Is.Empty);
    }

    [TestCase("/staedtevergleich", "phone-city-comparison")]
    [TestCase("/staedtevergleich/pupils_share_gymnasium?lang=en", "phone-city-comparison-indicator-en")]
    public async Task Phone_CityComparisonFitsA360PxScreen_AndShowsTheRealMap(string path, string screenshot)
    {
        var page = await Open(path, width: 360);
        await Screenshot(page, screenshot);
        Assert.That(await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(360 + 1));
        if (path.Contains("/pupils_share_gymnasium", StringComparison.Ordinal))
        {
            Assert.That(await page.Locator("svg[role=img] path[data-kreis]").CountAsync(), Is.EqualTo(53), "the 53 Kreise of NRW");
            Assert.That(await page.Locator("figcaption a[href^='https://www.bkg.bund.de']").InnerTextAsync(), Is.EqualTo("© GeoBasis-DE / BKG 2021 (Daten verändert)"));
        }
        var missing = await page.APIRequest.GetAsync(baseUrl + "/staedtevergleich/no_such_indicator");
        Assert.That(missing.Status, Is.EqualTo(404));
        Assert.That(foreignRequests, Is.Empty, "the credit is a link, nothing is fetched from elsewhere");
    }

    /// <summary>
    /// axe-core from tests/axe (after `npm ci` there, as .ci/run does), injected into a page of the real host. Without
    /// it the test is skipped with the reason; under TALENTDATA_REQUIRE_VALIDATORS=1 (CI) it fails instead.
    /// </summary>
    static string AxeSource()
    {
        var file = Path.Combine(RepoPaths.Root, "tests", "axe", "node_modules", "axe-core", "axe.min.js");
        if (File.Exists(file))
            return File.ReadAllText(file);
        var reason = $"{file} is missing: run `npm ci` in tests/axe";
        if (Environment.GetEnvironmentVariable("TALENTDATA_REQUIRE_VALIDATORS") == "1" && Environment.GetEnvironmentVariable("TALENTDATA_AXE_OFFLINE") != "1")
            Assert.Fail(reason + " (TALENTDATA_REQUIRE_VALIDATORS=1: required here).");
        Assert.Ignore(reason);
        return "";
    }

    /// <summary>The pages whose tables and charts now scroll in named boxes and carry symbol legends, on a phone and a laptop.</summary>
    [TestCase("/", 360)]
    [TestCase("/bezirke/20", 360)]
    [TestCase("/indikatoren/youth_unemployment_density?ebene=statistischer_bezirk&jahr=2019&bezirk=520", 360)]
    [TestCase("/indikatoren/youth_unemployment_density?ebene=statistischer_bezirk&jahr=2019&bezirk=520&lang=en", 1366)]
    [TestCase("/vergleich?a=stadtbezirk:80&b=statistischer_bezirk:520", 360)]
    [TestCase("/methodik", 1366)]
    [TestCase("/downloads", 360)]
    [TestCase("/angebote/vorschlagen", 360)]
    [TestCase("/angebote/vorschlagen?lang=en", 1366)]
    [TestCase("/bedarf-und-angebot", 360)]
    [TestCase("/bedarf-und-angebot?lang=en", 1366)]
    [TestCase("/angebote", 360)]
    [TestCase("/angebote?zielgruppe=children&lang=en", 1366)]
    [TestCase("/angebote/bezirke/20", 360)]
    [TestCase("/angebote/bezirke/110?ebene=statistischer_bezirk&lang=en", 1366)]
    public async Task Axe_FindsNoViolation_OnThePagesWithSymbolsAndScrollBoxes(string path, int width) =>
        await Axe_FindsNoViolation_OnTheCityComparisonPages(path, width);

    [TestCase("/staedtevergleich", 360)]
    [TestCase("/staedtevergleich/unemployment_rate_official", 360)]
    [TestCase("/staedtevergleich/pupils_share_gymnasium?lang=en", 1200)]
    public async Task Axe_FindsNoViolation_OnTheCityComparisonPages(string path, int width)
    {
        var page = await AxePage(width);
        await page.GotoAsync(baseUrl + path);
        var violations = await page.EvaluateAsync<string[]>("""
            async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
              .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join('; '))
            """);
        Assert.That(violations, Is.Empty, path);
    }

    /// <summary>
    /// axe over the whole TalentData page of the dashboard, Hangfire's layout around it included: Hangfire 1.8.25's
    /// LayoutPage fails color-contrast (navbar grey #777 on #f8f8f8, 4.21:1), region (no landmarks) and, at phone
    /// width, button-name (the collapse button), which Serve/Dashboard/dashboard-a11y.css and .js mend; nothing may fail.
    /// </summary>
    [TestCase(1366)]
    [TestCase(360)]
    public Task Axe_FindsNoViolation_OnTheOperatorsPage_HangfiresLayoutIncluded(int width) =>
        AxeOnDashboardPage(OperatorsPage.Route, OperatorsPage.ContentId, "TalentData", width);

    /// <summary>The suggestions queue with an open suggestion (its accept and reject forms shown to the local operator).</summary>
    [TestCase(1366)]
    [TestCase(360)]
    public Task Axe_FindsNoViolation_OnTheSuggestionsQueue_HangfiresLayoutIncluded(int width)
    {
        var store = app.Services.GetRequiredService<TalentData.Cli.Suggestions.SuggestionStore>();
        if (store.All().Count == 0)
            store.Add(new TalentData.Cli.Suggestions.SuggestionInput
            {
                Missing = "place", Name = "Jugendtreff am Hafen", TargetGroups = ["young_people"], Districts = ["20"], Description = "Offene Werkstatt",
                Contact = "leser@example.org",
            }, "de");
        return AxeOnDashboardPage(TalentData.Cli.Suggestions.SuggestionsPage.Route, TalentData.Cli.Suggestions.SuggestionsPage.ContentId, "Suggestions", width);
    }

    /// <summary>
    /// The page of this width the axe checks load their pages in: its own context, where axe-core is injected into every
    /// document before the page's scripts run. The page's policy refuses an injected script; the check itself is let
    /// through (BypassCSP), the page is the one served.
    /// </summary>
    async Task<IPage> AxePage(int width)
    {
        var axe = AxeSource();
        if (axePages.TryGetValue(width, out var page) && !page.IsClosed)
            return page;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true, ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        await context.AddInitScriptAsync(axe);
        return axePages[width] = await context.NewPageAsync();
    }

    async Task AxeOnDashboardPage(string route, string contentId, string heading, int width)
    {
        var page = await AxePage(width);
        var response = await page.GotoAsync(baseUrl + "/hangfire" + route);
        Assert.That(response?.Status, Is.EqualTo(200));
        Assert.That(await page.Locator($"main#{contentId} h1").InnerTextAsync(), Is.EqualTo(heading), "the page's content is its main landmark");
        var found = await page.EvaluateAsync<string[][]>($$"""
            async () => {
              const inside = [], outside = [];
              for (const v of (await axe.run(document, { resultTypes: ['violations'] })).violations)
                for (const n of v.nodes) {
                  const element = document.querySelector(n.target[0]);
                  (element && element.closest('#{{contentId}}') ? inside : outside).push(v.id + ': ' + n.target.join(' '));
                }
              return [inside, outside];
            }
            """);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(found[0], Is.Empty, "violations inside the TalentData page's own content");
            Assert.That(found[1], Is.Empty, "violations in Hangfire's layout around the page");
        }
    }

    [Test]
    public async Task DistrictProfile_AndEnglishSwitch()
    {
        var page = await Open("/bezirke/80");
        await page.ClickAsync("text=English");
        await Screenshot(page, "district-hoerde-en");
        Assert.That(page.Url, Does.Contain("lang=en"));
        Assert.That(await page.GetAttributeAsync("html", "lang"), Is.EqualTo("en"));
        Assert.That(await page.InnerTextAsync("h1"), Is.EqualTo("Hörde"));
        Assert.That(await page.InnerTextAsync("main"), Does.Contain("All indicators for Hörde"));
    }

    [Test]
    public async Task Phone_PageFitsTheScreenWidth()
    {
        var page = await Open("/indikatoren/population_share_non_german", width: 375);
        await Screenshot(page, "phone-indicator");
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.That(scrollWidth, Is.LessThanOrEqualTo(375 + 1));
    }

    [TestCase("/")]
    [TestCase("/indikatoren/unemployment_density")]
    [TestCase("/bezirke/530")]
    [TestCase("/methodik")]
    [TestCase("/downloads")]
    [TestCase("/bezirke/")]
    [TestCase("/suche?q=H%C3%B6rde")]
    [TestCase("/vergleich?a=stadtbezirk:80&b=statistischer_bezirk:530")]
    [TestCase("/herkunft/population_total?jahr=2024&ebene=statistischer_bezirk&bezirk=530")]
    [TestCase("/staedtevergleich")]
    [TestCase("/staedtevergleich/unemployment_rate_official")]
    [TestCase("/bedarf-und-angebot")]
    public async Task Accessibility_HeadingsLabelsAltTextsLanguageAndFocus(string path)
    {
        var page = await Open(path);
        var problems = await page.EvaluateAsync<string[]>("""
            () => {
              const p = [];
              if (!document.documentElement.lang) p.push('html has no lang');
              if (document.querySelectorAll('h1').length !== 1) p.push('not exactly one h1');
              let last = 0;
              for (const h of document.querySelectorAll('h1,h2,h3,h4')) { const l = +h.tagName[1]; if (l > last + 1) p.push('heading level skipped at ' + h.textContent); last = l; }
              for (const s of document.querySelectorAll('select,input:not([type=hidden])')) if (!s.labels || s.labels.length === 0) p.push('control without label: ' + s.id);
              // A chart needs a text alternative; a decorative drawing hidden from assistive technology (a legend's swatch) does not.
              for (const svg of document.querySelectorAll('svg:not([aria-hidden=true])')) {
                const ids = (svg.getAttribute('aria-labelledby') || '').split(' ').filter(x => x);
                const name = ids.map(id => (document.getElementById(id) || {}).textContent || '').join(' ').trim();
                if (!['img', 'group'].includes(svg.getAttribute('role')) || !name) p.push('chart without text alternative');
              }
              for (const img of document.querySelectorAll('img')) if (!img.alt) p.push('img without alt');
              for (const a of document.querySelectorAll('a')) if (!a.textContent.trim() && !a.querySelector('title')) p.push('link without text: ' + a.href);
              for (const t of document.querySelectorAll('table')) if (!t.querySelector('caption')) p.push('table without caption');
              return p;
            }
            """);
        Assert.That(problems, Is.Empty);
        await page.Keyboard.PressAsync("Tab");
        Assert.That(await page.EvaluateAsync<string>("document.activeElement.textContent"), Does.Contain("Inhalt"), "the first Tab reaches the skip link");
        Assert.That(foreignRequests, Is.Empty, "no request leaves 127.0.0.1");
    }

    [Test]
    public async Task PageWithAssets_IsUnder300KB()
    {
        // A page of its own: only its responses are counted, and reading every body costs the other tests nothing.
        var page = await NewPage(1200);
        var bodies = new List<Task<int>>();
        page.Response += (_, response) => { lock (bodies) bodies.Add(BodyLength(response)); };
        await page.GotoAsync(baseUrl + "/indikatoren/population_total?ebene=statistischer_bezirk");
        await page.WaitForLoadStateAsync(LoadState.Load);
        Task<int>[] read;
        lock (bodies) read = [.. bodies];
        // Every body read to its end before counting: the handlers run after the load event.
        var bytes = (await Task.WhenAll(read)).Sum();
        await page.CloseAsync();
        Assert.That(bytes, Is.GreaterThan(10 * 1024).And.LessThan(300 * 1024), $"{read.Length} responses");
    }

    static async Task<int> BodyLength(IResponse response)
    {
        try { return (await response.BodyAsync()).Length; }
        catch (PlaywrightException) { return 0; }
    }

    [Test]
    public async Task DownloadsPage_LinksWork()
    {
        var page = await Open("/downloads");
        var href = await page.GetAttributeAsync("a[href$='talentindikatoren-bezirke/latest/data.csv']", "href");
        Assert.That(href, Is.Not.Null);
        var response = await page.APIRequest.GetAsync(baseUrl + href);
        Assert.That(response.Status, Is.EqualTo(200));
        Assert.That(await response.TextAsync(), Does.StartWith("indikator,indikator_titel,jahr"));
    }
}
