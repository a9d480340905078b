using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using TalentData.Cli.Atlas;
using TalentData.Cli.Serve;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Atlas;

/// <summary>
/// What a reader takes away from the atlas: each chart's own numbers (CSV), its drawing (SVG), a PNG drawn on the
/// server, the embed page; the district profile printed to A4; the provenance of a value. The real `serve` host over
/// a copy of the shared sample run; the print and provenance views in one headless Chromium (<see cref="HeadlessChromium"/>).
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class AtlasTakeAwayTests
{
    ServeHost host = null!;
    RepoCopy repo => host.Repo;
    WebApplication app => host.App;
    HttpClient http = null!;
    string baseUrl = "";
    IPlaywright? playwright;
    IBrowser? browser;
    string[] published = [];

    [OneTimeSetUp]
    public async Task Start()
    {
        host = await ServeHost.StartAsync();
        baseUrl = app.Urls.First().TrimEnd('/');
        http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        published = File.ReadAllLines(repo.Export("talentindikatoren-bezirke"));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (browser is not null) await browser.CloseAsync();
        playwright?.Dispose();
        http?.Dispose();
        if (host is not null) await host.DisposeAsync();
    }

    /// <summary>The one browser of this fixture, started by the first test that needs it.</summary>
    async Task<IBrowser> Browser()
    {
        playwright ??= await Playwright.CreateAsync();
        return browser ??= await HeadlessChromium.LaunchAsync(playwright);
    }

    async Task<string[]> CsvLines(string path)
    {
        using var response = await http.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"), path);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.That(bytes.Take(3), Is.Not.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), "UTF-8 without BOM, as the published CSV");
        var text = Encoding.UTF8.GetString(bytes);
        Assert.That(text, Does.EndWith("\r\n").And.Not.Match("[^\r]\n"), "CRLF, as the published CSV");
        return text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    [Test]
    public async Task RankingCsv_HoldsExactlyTheBarsAndTheCityLine_AsThePublishedFileHasThem()
    {
        var lines = await CsvLines("/grafik/unemployment_density/rangfolge.csv?jahr=2024&ebene=stadtbezirk&bezirk=80");
        var expected = published.Where(l => l.StartsWith("unemployment_density,", StringComparison.Ordinal) && l.Contains(",2024,stadtbezirk,", StringComparison.Ordinal)).ToList();
        expected.Add(published.Single(l => l.StartsWith("unemployment_density,", StringComparison.Ordinal) && l.Contains(",2024,stadt,05913000,", StringComparison.Ordinal)));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines[0], Is.EqualTo(published[0]), "the published columns");
            Assert.That(lines.Skip(1), Is.EquivalentTo(expected), "the 12 bars and the city's reference line, each as published");
            Assert.That(expected, Has.Count.EqualTo(13));
        }
        // The chart draws them in this order, highest first.
        var values = lines.Skip(1).SkipLast(1).Select(l => double.Parse(l.Split(',')[6], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.That(values, Is.Ordered.Descending);
    }

    [Test]
    public async Task SeriesCsv_HoldsEachLineOfTheChartForEveryYear()
    {
        var lines = await CsvLines("/grafik/school_leavers_total/verlauf.csv?ebene=stadtbezirk&bezirk=80");
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rows.Select(r => (r[3], r[4])).Distinct(), Is.EquivalentTo(new[] { ("stadtbezirk", "80"), ("stadt", "05913000"), ("land", "05"), ("bund", "DG") }),
                "Hörde, the city, NRW and Germany: the four lines of the chart");
            Assert.That(rows, Has.Count.EqualTo(4 * 6), "six years each");
            Assert.That(lines.Skip(1), Is.SubsetOf(published), "each row as the published file has it");
        }
    }

    [Test]
    public async Task SuppressedCell_IsInTheChartCsvWithoutAValue_AndWithItsStatus()
    {
        var row = published.Skip(1).Select(l => l.Split(',')).First(f => f[^1] == "." && f[3] is "stadtbezirk" or "statistischer_bezirk");
        var lines = await CsvLines($"/grafik/{row[0]}/rangfolge.csv?jahr={row[2]}&ebene={row[3]}");
        Assert.That(lines, Does.Contain(string.Join(',', row)), "a dash in the chart is an empty value with status '.', never 0");
    }

    [Test]
    public async Task Svg_IsAFileOfItsOwn_AndPng_DecodesToTwiceItsSize()
    {
        const string query = "?jahr=2024&ebene=statistischer_bezirk";
        var svgText = await http.GetStringAsync("/grafik/unemployment_density/karte.svg" + query);
        var svg = XDocument.Parse(svgText).Root!;
        XNamespace ns = "http://www.w3.org/2000/svg";
        using (Assert.EnterMultipleScope())
        {
            Assert.That(svg.Name, Is.EqualTo(ns + "svg"), "the SVG namespace, so the file opens on its own");
            Assert.That(svg.Descendants(ns + "text").Select(t => t.Value), Does.Contain("Arbeitslosendichte 2024: Karte der statistischen Bezirke").Or.Some.StartsWith("Arbeitslosendichte 2024"));
            Assert.That(svgText, Does.Contain("Beispieldaten — keine amtlichen Zahlen"), "a picture of sample data says so");
            Assert.That(svgText, Does.Not.Contain("<style"), "no style element: a file opened on its own is sent with a policy that refuses it");
        }
        var width = double.Parse(svg.Attribute("width")!.Value, System.Globalization.CultureInfo.InvariantCulture);
        var height = double.Parse(svg.Attribute("height")!.Value, System.Globalization.CultureInfo.InvariantCulture);

        using var response = await http.GetAsync("/grafik/unemployment_density/karte.png" + query);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/png"));
        var png = await response.Content.ReadAsByteArrayAsync();
        Assert.That(png.Take(8), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "the PNG signature");
        Assert.That(Encoding.ASCII.GetString(png, 12, 4), Is.EqualTo("IHDR"));
        var (pngWidth, pngHeight) = (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        Assert.That((pngWidth, pngHeight), Is.EqualTo(((int)Math.Ceiling(width * ChartImage.Scale), (int)Math.Ceiling(height * ChartImage.Scale))));
        // Drawn, not blank: a picture with text and coloured tiles has many colours.
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        var colours = new HashSet<uint>();
        for (var y = 0; y < bitmap.Height; y += 7)
            for (var x = 0; x < bitmap.Width; x += 7)
                colours.Add((uint)bitmap.GetPixel(x, y));
        Assert.That(colours, Has.Count.GreaterThan(20));
    }

    [Test]
    public async Task ChartFile_IsCachedPerRelease_WithAnETag_AndSentAsData()
    {
        const string path = "/grafik/population_total/rangfolge.png?jahr=2024&ebene=stadtbezirk";
        using var first = await http.GetAsync(path);
        var etag = first.Headers.ETag;
        Assert.That(etag, Is.Not.Null);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Headers.CacheControl, Is.EqualTo(System.Net.Http.Headers.CacheControlHeaderValue.Parse(CachedResponse.PageCaching)), "as the pages of the release");
            Assert.That(first.Headers.GetValues("Content-Security-Policy").Single(), Is.EqualTo(SecurityHeaders.DataPolicy), "a chart file runs and loads nothing");
        }
        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(etag!);
        using var second = await http.SendAsync(again);
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
    }

    [TestCase("/grafik/no_such_indicator/rangfolge.csv", Description = "unknown indicator")]
    [TestCase("/grafik/unemployment_density/kuchen.csv", Description = "unknown chart")]
    [TestCase("/grafik/unemployment_density/rangfolge.xlsx", Description = "unknown format")]
    [TestCase("/grafik/unemployment_density/rangfolge", Description = "no format")]
    [TestCase("/grafik/unemployment_rate_official/karte.png", Description = "a city-only indicator has no district map")]
    [TestCase("/einbetten/unemployment_density/kuchen", Description = "embed of an unknown chart")]
    [TestCase("/einbetten/no_such_indicator/verlauf", Description = "embed of an unknown indicator")]
    [TestCase("/herkunft/unemployment_density?jahr=2024&ebene=stadtbezirk&bezirk=999", Description = "unknown district")]
    [TestCase("/herkunft/unemployment_density?jahr=1900&ebene=stadtbezirk&bezirk=80", Description = "a year without values")]
    [TestCase("/herkunft/unemployment_density", Description = "no value named")]
    [TestCase("/herkunft/staedtevergleich/unemployment_rate_official?jahr=2023&gebiet=99999", Description = "a Kreis the Städtevergleich does not have")]
    [TestCase("/herkunft/staedtevergleich/no_such_indicator?jahr=2023&gebiet=05913", Description = "an indicator the Städtevergleich does not have")]
    [TestCase("/herkunft/staedtevergleich/unemployment_rate_official", Description = "no Städtevergleich value named")]
    [TestCase("/grafik/staedtevergleich/unemployment_rate_official/karte.xlsx", Description = "a format the map has none of")]
    [TestCase("/grafik/bezirke/999/verlaeufe.csv", Description = "trends of an unknown district")]
    [TestCase("/grafik/bezirke/80/verlaeufe.pdf", Description = "trends in a format there is none of")]
    [TestCase("/grafik/staedtevergleich/unemployment_rate_official/rangfolge.csv", Description = "a chart the Städtevergleich has none of")]
    [TestCase("/grafik/staedtevergleich/no_such_indicator/karte.csv", Description = "a map of an unknown indicator")]
    public async Task BadAddress_Is404_WithTheNotFoundPage(string path)
    {
        using var response = await http.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), path);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("<h1>Nicht gefunden</h1>"));
    }

    [Test]
    public async Task EmbedPage_MayBeFramedByAnySite_HasNoSiteAroundTheChart_AndTheSnippetPointsAtIt()
    {
        using var response = await http.GetAsync("/einbetten/unemployment_density/verlauf?ebene=stadtbezirk&bezirk=80");
        var html = await response.Content.ReadAsStringAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Is.EqualTo(SecurityHeaders.EmbedPolicy));
            Assert.That(SecurityHeaders.EmbedPolicy, Does.Contain("frame-ancestors *").And.Not.Contain("unsafe"));
            Assert.That(response.Headers.Contains("X-Frame-Options"), Is.False, "DENY would forbid what the page is for");
            Assert.That(html, Does.Not.Contain("<nav").And.Not.Contain("<header").And.Not.Contain("<form"), "no site chrome");
            Assert.That(html, Does.Contain("<svg").And.Contain("Hörde").And.Contain("Beispieldaten — keine amtlichen Zahlen"));
            Assert.That(html, Does.Contain($"href=\"{baseUrl}/indikatoren/unemployment_density"), "the way back names this site in full");
        }
        var page = await http.GetStringAsync("/indikatoren/unemployment_density?ebene=stadtbezirk&bezirk=80");
        // Shown as text, the snippet is the markup to paste: the address in full, its & written as &amp;.
        var snippet = System.Net.WebUtility.HtmlDecode(Regex.Matches(page, "<pre><code>(.*?)</code></pre>").Last().Groups[1].Value);
        Assert.That(snippet, Does.StartWith($"<iframe src=\"{baseUrl}/einbetten/unemployment_density/verlauf?ebene=stadtbezirk&amp;bezirk=80\" title=\""));
        Assert.That(XElement.Parse(snippet).Attribute("src")!.Value, Is.EqualTo($"{baseUrl}/einbetten/unemployment_density/verlauf?ebene=stadtbezirk&bezirk=80"),
            "well-formed markup whose address is the embed page");
        using var atlasPage = await http.GetAsync("/indikatoren/unemployment_density");
        Assert.That(atlasPage.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("DENY"), "every other page stays unframable");
    }

    [Test]
    public async Task IndicatorPage_LinksEachChartsOwnFiles()
    {
        var page = await http.GetStringAsync("/indikatoren/unemployment_density?jahr=2023&ebene=stadtbezirk");
        foreach (var kind in IndicatorCharts.Kinds)
            foreach (var format in new[] { "csv", "svg", "png" })
                Assert.That(page, Does.Contain($"href=\"/grafik/unemployment_density/{kind}.{format}?"), $"{kind}.{format}");
        Assert.That(page, Does.Contain(">Daten (CSV)<").And.Contain(">Grafik (SVG)<").And.Contain(">Bild (PNG)<").And.Contain(">Grafik einbetten<"));
        Assert.That(page, Does.Not.Contain("href=\"" + AtlasView.ValuesCsv + "\""), "a chart's data link is that chart's numbers, not the file of all indicators");
        var sources = Regex.Matches(page, "<p class=\"source\">(.*?)</p>").Select(m => m.Groups[1].Value).ToList();
        Assert.That(sources, Has.Count.EqualTo(3));
        Assert.That(sources, Has.All.Contain("Beispieldaten im Format von Stadt Dortmund, Dortmunder Statistik").And.All.Not.Contain("dortmund_unemployment"),
            "sources by name, and made-up numbers credited to no publisher, not by internal id");
    }

    [Test]
    public async Task Provenance_SaysWhatKindOfValueItIs_OfficialSuppressedOrSynthetic()
    {
        // The sample GENESIS file holds the publisher's real 2023 rows; the other years are made up.
        var official = await http.GetStringAsync("/herkunft/unemployment_rate_official?jahr=2023&ebene=stadt&bezirk=05913000");
        var made = await http.GetStringAsync("/herkunft/unemployment_rate_official?jahr=2021&ebene=stadt&bezirk=05913000");
        var row = published.Skip(1).Select(l => l.Split(',')).First(f => f[^1] == "." && f[3] is "stadtbezirk" or "statistischer_bezirk");
        var suppressed = await http.GetStringAsync($"/herkunft/{row[0]}?jahr={row[2]}&ebene={row[3]}&bezirk={row[4]}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(official, Does.Contain("amtliche Zahl, unverändert vom Herausgeber übernommen").And.Not.Contain("synthetisch (Beispieldaten"));
            Assert.That(official, Does.Contain("regionalstatistik_unemployment/13211-02-05-4.csv").And.Contain("nur die Werte für 2023 sind die des Herausgebers"));
            Assert.That(made, Does.Contain("synthetisch (Beispieldaten, keine Zahl des Herausgebers)"));
            Assert.That(suppressed, Does.Contain("gesperrt (Geheimhaltung)"), string.Join(',', row));
        }
    }

    [Test]
    public async Task ProfileValue_OpensItsProvenance_WhichNamesTheFileAndItsSha256()
    {
        var page = await (await Browser()).NewPageAsync();
        await page.GotoAsync(baseUrl + "/bezirke/80");
        var values = page.Locator("main table a.provenance");
        Assert.That(await values.CountAsync(), Is.GreaterThan(10), "every value of the profile opens its provenance");
        await page.Locator("tr", new PageLocatorOptions { HasText = "Einwohnerinnen und Einwohner" }).First.Locator("a.provenance").First.ClickAsync();
        Assert.That(new Uri(page.Url).AbsolutePath, Is.EqualTo("/herkunft/population_total"));
        var text = await page.InnerTextAsync("main");
        // The hash of the bundled file, worked out here, not read from the ledger the page reads.
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(repo.Sample("dortmund_population/residents.csv"))));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(text, Does.Contain("sample-data/dortmund_population/residents.csv"));
            Assert.That(text, Does.Contain(sha));
            Assert.That(text, Does.Contain("Stadt Dortmund, Dortmunder Statistik"), "the publisher");
            Assert.That(text, Does.Contain("berechnet: Summe").And.Contain("synthetisch"), "what kind of value it is");
            Assert.That(text, Does.Contain(GoodRun.Instance.Report.RunId), "the run");
            Assert.That(text, Does.Contain("core.fct_population").And.Contain("marts.talentindikatoren_bezirke"), "the models it passed through");
        }
        await page.CloseAsync();
    }

    /// <summary>
    /// A profile's sparklines can be taken away: the CSV holds one row per indicator and year of the area, each value
    /// as the published data.csv has it; the SVG draws one line per indicator with two or more values; the PNG opens.
    /// </summary>
    [Test]
    public async Task ProfileSparklines_TakeAway_CsvHoldsTheirNumbers_SvgAndPngOpen()
    {
        var page = await http.GetStringAsync("/bezirke/530?ebene=statistischer_bezirk");
        foreach (var format in new[] { "csv", "svg", "png" })
            Assert.That(page, Does.Contain($"href=\"/grafik/bezirke/530/verlaeufe.{format}?ebene=statistischer_bezirk\""), $"the sparklines offer their {format}");
        var (header, rows) = TalentData.Publishing.CsvExtractWriter.Parse(await http.GetByteArrayAsync("/grafik/bezirke/530/verlaeufe.csv?ebene=statistischer_bezirk"));
        var (pubHeader, pubRows) = TalentData.Publishing.CsvExtractWriter.Parse(File.ReadAllBytes(repo.Export("talentindikatoren-bezirke")));
        string Pub(string[] row, string column) => row[pubHeader.ToList().IndexOf(column)];
        // the profile shows the trends, not the one-year supply indicators (theme angebote of the catalogue)
        // indicator_id and theme are the catalogue's first two columns, never quoted
        var supply = File.ReadLines(Path.Combine(RepoPaths.Sql, "reference", "indicators.csv")).Skip(1).Select(l => l.Split(','))
            .Where(c => c[1] == ProfileTrends.SupplyTheme).Select(c => c[0]).ToHashSet();
        Assert.That(supply, Has.Count.EqualTo(5));
        var area = pubRows.Where(r => Pub(r, "gebiet_ebene") == "statistischer_bezirk" && Pub(r, "gebiet_nr") == "530" && !supply.Contains(Pub(r, "indikator")))
            .ToDictionary(r => (Pub(r, "indikator"), Pub(r, "jahr")), r => (Pub(r, "wert"), Pub(r, "status")));
        var sparklines = Regex.Matches(page, "<td><svg viewBox=\"0 0 120 30\"").Count;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(string.Join(",", header), Is.EqualTo("indikator,indikator_titel,jahr,gebiet_ebene,gebiet_nr,gebiet,wert,einheit,status"));
            Assert.That(rows.Select(r => r[0]).Distinct().Count(), Is.EqualTo(sparklines), "one indicator per sparkline of the page");
            Assert.That(rows, Is.All.Matches<string[]>(r => r![3] == "statistischer_bezirk" && r![4] == "530"));
            foreach (var r in rows)
                Assert.That((r[6], r[8]), Is.EqualTo(area.TryGetValue((r[0], r[2]), out var published) ? published : ("", "x")), $"{r[0]} {r[2]}: as published");
            Assert.That(rows.Count(r => area.ContainsKey((r[0], r[2]))), Is.EqualTo(area.Count), "every published value of the area is in it");
        }
        var drawing = XElement.Parse(await http.GetStringAsync("/grafik/bezirke/530/verlaeufe.svg?ebene=statistischer_bezirk"));
        XNamespace ns = "http://www.w3.org/2000/svg";
        var withLine = rows.GroupBy(r => r[0]).Count(g => g.Count(r => r[6].Length > 0) >= 2);
        Assert.That(drawing.Descendants(ns + "polyline").Count(), Is.EqualTo(withLine), "a line for each indicator with two values or more");
        using var png = await http.GetAsync("/grafik/bezirke/530/verlaeufe.png?ebene=statistischer_bezirk");
        var bytes = await png.Content.ReadAsByteArrayAsync();
        Assert.That((png.Content.Headers.ContentType?.MediaType, bytes.Take(8)), Is.EqualTo(("image/png", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })));
    }

    /// <summary>
    /// The Städtevergleich's map of NRW's Kreise can be taken away like the other charts: its CSV holds one row per Kreis
    /// drawn with the published value, the SVG draws the same 53 Kreise with title and BKG credit, the PNG is a picture.
    /// </summary>
    [Test]
    public async Task CityComparisonMap_TakeAway_CsvHoldsTheMapsNumbers_SvgAndPngOpen()
    {
        var page = await http.GetStringAsync("/staedtevergleich/unemployment_rate_official?jahr=2023");
        foreach (var format in new[] { "csv", "svg", "png" })
            Assert.That(page, Does.Contain($"href=\"/grafik/staedtevergleich/unemployment_rate_official/karte.{format}?jahr=2023\""), $"the map offers its {format}");
        var (mapHeader, mapRows) = TalentData.Publishing.CsvExtractWriter.Parse(await http.GetByteArrayAsync("/grafik/staedtevergleich/unemployment_rate_official/karte.csv?jahr=2023"));
        var (header, cells) = TalentData.Publishing.CsvExtractWriter.Parse(File.ReadAllBytes(repo.Export("staedtevergleich")));
        string Cell(string[] row, string column) => row[header.ToList().IndexOf(column)];
        var dortmund = cells.Single(r => Cell(r, "jahr") == "2023" && Cell(r, "indikator") == "unemployment_rate_official" && Cell(r, "gebiet_nr") == "05913");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(string.Join(",", mapHeader), Is.EqualTo("indikator,indikator_titel,jahr,gebiet_ebene,gebiet_nr,gebiet,wert,einheit,status"));
            var kreise = mapRows.Select(r => r[4]).ToList();
            Assert.That(kreise, Has.Count.EqualTo(53), "one row per Kreis of NRW the map draws");
            Assert.That(kreise, Is.All.StartWith("05"), "the Kreise of NRW");
            Assert.That(kreise, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal), "by key");
            Assert.That(mapRows.Single(r => r[4] == "05913")[6], Is.EqualTo(Cell(dortmund, "wert")), "the published value, to the digit");
        }
        using var svg = await http.GetAsync("/grafik/staedtevergleich/unemployment_rate_official/karte.svg?jahr=2023");
        var drawing = System.Xml.Linq.XElement.Parse(await svg.Content.ReadAsStringAsync());
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.That(drawing.Descendants(ns + "path").Count(p => p.Attribute("data-kreis") is not null), Is.EqualTo(53));
        var words = string.Join(" ", drawing.Descendants(ns + "text").Select(t => t.Value)); // the footer wraps over lines
        Assert.That(words, Does.Contain("© GeoBasis-DE / BKG 2021 (Daten verändert)").And.Contain("Arbeitslosenquote"));
        using var png = await http.GetAsync("/grafik/staedtevergleich/unemployment_rate_official/karte.png?jahr=2023");
        var bytes = await png.Content.ReadAsByteArrayAsync();
        Assert.That((png.Content.Headers.ContentType?.MediaType, bytes.Take(8)), Is.EqualTo(("image/png", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })));
    }

    /// <summary>
    /// Every value of a Städtevergleich page opens its provenance; the city's names the GENESIS table, the landed file
    /// with its sha256 (worked out here from the bundled file), the models up to the Städtevergleich's mart and the kind.
    /// </summary>
    [Test]
    public async Task CityComparisonValue_OpensItsProvenance_WhichNamesTheTableTheFileAndItsSha256()
    {
        var page = await http.GetStringAsync("/staedtevergleich/unemployment_rate_official?jahr=2023");
        var links = Regex.Matches(page, "<a class=\"provenance\" href=\"(/herkunft/staedtevergleich/unemployment_rate_official\\?jahr=2023&amp;gebiet=[0-9A-Z]+)\">")
            .Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        // The rows the page shows: the city and its peers, the Kreise of NRW, the state and the country.
        var (header, cells) = TalentData.Publishing.CsvExtractWriter.Parse(File.ReadAllBytes(repo.Export("staedtevergleich")));
        string Cell(string[] row, string column) => row[header.ToList().IndexOf(column)];
        var shown = cells.Where(r => Cell(r, "jahr") == "2023" && Cell(r, "indikator") == "unemployment_rate_official"
                && (Cell(r, "gebiet_ebene") is "land" or "bund" || Cell(r, "vergleichsgruppe").Length > 0 || Cell(r, "gebiet_nr").StartsWith("05", StringComparison.Ordinal)))
            .Select(r => $"/herkunft/staedtevergleich/unemployment_rate_official?jahr=2023&gebiet={Cell(r, "gebiet_nr")}").ToList();
        Assert.That(links.Distinct(), Is.EquivalentTo(shown), "every value shown opens its provenance");
        var city = links.First(l => l.EndsWith("gebiet=05913", StringComparison.Ordinal));
        var text = WebUtility.HtmlDecode(Regex.Replace(await http.GetStringAsync(city), "<[^>]+>", " "));
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(repo.Sample("regionalstatistik_unemployment/13211-02-05-4.csv"))));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(text, Does.Contain("Tabelle 13211-02-05-4"), "the publisher's table");
            Assert.That(text, Does.Contain("sample-data/regionalstatistik_unemployment/13211-02-05-4.csv").And.Contain(sha), "the file and its sha256");
            Assert.That(text, Does.Contain("raw.regionalstatistik_unemployment__kreise").And.Contain("marts.staedtevergleich"), "the models it passed through");
            Assert.That(text, Does.Contain("amtliche Zahl, unverändert vom Herausgeber übernommen").And.Not.Contain("synthetisch (Beispieldaten"),
                "the 2023 rows of the sample file are the publisher's own");
            Assert.That(text, Does.Contain(GoodRun.Instance.Report.RunId), "the run");
            Assert.That(text, Does.Not.Contain("21111-02-06-4"), "only the table this value is taken from");
        }
    }

    [TestCase("/bezirke/80", "Bezirksprofil", "bezirksprofil-hoerde")]
    [TestCase("/bezirke/530?ebene=statistischer_bezirk&lang=en", "District profile", "district-profile-hoerde-530-en")]
    public async Task DistrictProfile_PrintsToAtMostTwoA4Pages_WithNoTableCut(string path, string printTitle, string name)
    {
        var page = await (await Browser()).NewPageAsync();
        await page.GotoAsync(baseUrl + path);
        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4", PreferCSSPageSize = true, PrintBackground = true });
        var pages = Regex.Matches(Encoding.Latin1.GetString(pdf), @"/Type\s*/Page(?![s\w])").Count;
        Assert.That(pages, Is.InRange(1, 2), "a Bezirksprofil is one or two A4 pages");
        var file = Path.Combine(TestContext.CurrentContext.WorkDirectory, name + ".pdf");
        await File.WriteAllBytesAsync(file, pdf);
        TestContext.AddTestAttachment(file);

        // A table that avoids breaks inside and is shorter than the printable height of A4 is never cut.
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await page.SetViewportSizeAsync(700, 1000); // about the 182 mm between the margins at 96 dpi
        var tables = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('main table')].map(t => getComputedStyle(t).breakInside + ' ' + Math.round(t.getBoundingClientRect().height))
            """);
        var printable = (297 - 14 - 16) / 25.4 * 96;
        Assert.That(tables, Is.Not.Empty);
        foreach (var table in tables)
        {
            var parts = table.Split(' ');
            Assert.That(parts[0], Is.EqualTo("avoid"), table);
            Assert.That(double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), Is.LessThan(printable), table);
        }
        var (nav, title) = (await page.Locator("header nav").IsVisibleAsync(), await page.Locator("p.print-only").First.InnerTextAsync());
        Assert.That(nav, Is.False, "no navigation on paper");
        Assert.That(title, Does.StartWith(printTitle));
        await page.CloseAsync();
    }
}
