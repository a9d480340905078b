using System.Globalization;
using System.Text.RegularExpressions;
using TalentData.Atlas;
using TalentData.Cli.Atlas;
using TalentData.Cli.Atlas.Pages;
using TalentData.Project;
using TalentData.Publishing;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Atlas;

/// <summary>
/// The Städtevergleich pages rendered from the shared sample publication (its exports only) and the BKG boundaries of
/// config/geo: the city's published values and ranks in the sentences and tables, the map with one path per Kreis of
/// the state, the credit the licence asks for. The expected numbers are read from the published data.csv here, not
/// through the atlas's own reader.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class AtlasCityComparisonTests
{
    RepoCopy repo = null!;
    AtlasPages pages = null!;
    AtlasData data = null!;
    City city = null!;
    List<Dictionary<string, string>> rows = [];
    readonly AtlasText de = new("de");
    readonly AtlasText en = new("en");
    static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    [OneTimeSetUp]
    public void Publish()
    {
        repo = new RepoCopy();
        GoodRun.Instance.CopyTo(repo.Data);
        var exports = Path.Combine(repo.Data, "exports");
        data = AtlasData.Load(exports, Path.Combine(repo.Root, "sql", "reference", "indicators.csv"), Path.Combine(RepoPaths.Root, AtlasData.BoundariesFile));
        city = City.Load(RepoPaths.Root);
        pages = new AtlasPages(data, city);
        var (header, cells) = CsvExtractWriter.Parse(File.ReadAllBytes(Path.Combine(exports, AtlasData.ComparisonDataset, "latest", "data.csv")));
        rows = cells.Select(r => header.Select((h, i) => (h, i)).ToDictionary(p => p.h, p => r[p.i])).ToList();
    }

    [OneTimeTearDown]
    public void CleanUp() => repo.Dispose();

    /// <summary>The text a sighted reader sees: no drawing, no hint for screen readers (the provenance links' "– Herkunft").</summary>
    static string Text(string html) => System.Net.WebUtility.HtmlDecode(Regex.Replace(Regex.Replace(Regex.Replace(html, "<svg.*?</svg>", " ", RegexOptions.Singleline),
            "<span class=\"visually-hidden\">.*?</span>", "", RegexOptions.Singleline), "<[^>]+>", " "))
        .Replace('\u00a0', ' ');

    static string Squash(string s) => Regex.Replace(s, @"\s+", " ");

    /// <summary>The city's published row of an indicator in the latest year it has a value.</summary>
    Dictionary<string, string> CityRow(string indicator) =>
        rows.Where(r => r["indikator"] == indicator && r["vergleichsgruppe"] == "stadt" && r["wert"] != "").MaxBy(r => int.Parse(r["jahr"], CultureInfo.InvariantCulture))
        ?? throw new AssertionException($"the publication has no value of the city for {indicator}");

    [Test]
    public void Overview_EveryIndicator_StatesTheCitysPublishedValueAndItsPlaceInTheState()
    {
        var html = pages.CityComparison(de);
        var indicators = rows.Select(r => r["indikator"]).Distinct().ToList();
        Assert.That(indicators, Has.Count.GreaterThan(30), "every indicator of the dataset");
        using (Assert.EnterMultipleScope())
        {
            foreach (var id in indicators)
            {
                var row = Regex.Match(html, $"<tr><th scope=\"row\"><a href=\"/staedtevergleich/{id}\">.*?</tr>", RegexOptions.Singleline);
                Assert.That(row.Success, Is.True, $"{id} has a row linking its page");
                var mine = CityRow(id);
                var decimals = mine["wert"].Contains('.') ? mine["wert"].Split('.')[1].Length : 0;
                var shown = double.Parse(mine["wert"], CultureInfo.InvariantCulture).ToString("N" + decimals, German);
                var text = Squash(Text(row.Value));
                Assert.That(text, Does.Contain($" {mine["jahr"]} "), $"{id}: the year");
                Assert.That(text, Does.Contain(shown), $"{id}: the value {mine["wert"]}");
                Assert.That(text, Does.Contain($"liegt Dortmund auf Platz {mine["rang_land"]} von {mine["anzahl_land"]}."), $"{id}: the published place in NRW");
            }
        }
    }

    [Test]
    public void Overview_PupilsAtGymnasien_NamesThePlaceAmongThePeerCitiesAndTheDistanceToNrwAndGermany()
    {
        // 2024 (school year 2023/24), the real table 21111-01-03-4: counted here from the published rows of the peer group.
        var group = rows.Where(r => r["indikator"] == "pupils_share_gymnasium" && r["jahr"] == "2024" && r["vergleichsgruppe"] != "" && r["wert"] != "").ToList();
        var mine = group.Single(r => r["vergleichsgruppe"] == "stadt");
        double V(Dictionary<string, string> r) => double.Parse(r["wert"], CultureInfo.InvariantCulture);
        var place = 1 + group.Count(r => V(r) > V(mine));
        Assert.That((mine["wert"], group.Count), Is.EqualTo(("23.1", 7)), "Dortmund and its six peer cities");
        var land = V(rows.Single(r => r["indikator"] == "pupils_share_gymnasium" && r["jahr"] == "2024" && r["gebiet_ebene"] == "land"));
        var bund = V(rows.Single(r => r["indikator"] == "pupils_share_gymnasium" && r["jahr"] == "2024" && r["gebiet_ebene"] == "bund"));
        var text = Squash(Text(pages.CityComparison(de)));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(text, Does.Contain($"Dortmund liegt auf Platz {place} von 7 Vergleichsstädten."));
            Assert.That(text, Does.Contain($"{Math.Abs(23.1 - land).ToString("N1", German)} Prozentpunkte {(23.1 > land ? "über" : "unter")} dem Wert für NRW ({land.ToString("N1", German)} %)"));
            Assert.That(text, Does.Contain($"{Math.Abs(23.1 - bund).ToString("N1", German)} Prozentpunkte {(23.1 > bund ? "über" : "unter")} dem Wert für Deutschland ({bund.ToString("N1", German)} %)"));
        }
        var english = Squash(Text(pages.CityComparison(en)));
        Assert.That(english, Does.Contain($"Dortmund is in place {place} of 7 comparison cities.").And.Contain("Share of pupils at Gymnasien"));
    }

    [Test]
    public void IndicatorPage_RanksTheStatesKreise_MarksTheCity_HighlightsThePeers()
    {
        var html = pages.CityComparisonIndicator(de, "pupils_gymnasium", null)!;
        var mine = CityRow("pupils_gymnasium");
        var kreise = Regex.Match(html, "<h2 id=\"kreise-h\">.*?</table>", RegexOptions.Singleline).Value;
        var peers = File.ReadAllLines(Path.Combine(RepoPaths.Sql, "reference", "peer_cities.csv")).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[0]).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That((mine["jahr"], mine["wert"]), Is.EqualTo(("2024", "14945")), "the real table's figure");
            Assert.That(Regex.Matches(kreise, "<tr class=\"marked\">").Count, Is.EqualTo(1));
            Assert.That(Squash(Text(Regex.Match(kreise, "<tr class=\"marked\">.*?</tr>", RegexOptions.Singleline).Value)),
                Is.EqualTo($" {mine["rang_land"]} Dortmund kreisfreie Stadt (Stadt dieses Atlas) 05913 14.945 "));
            Assert.That(Regex.Matches(kreise, "<tr class=\"peer\">.*?</td><th scope=\"row\">.*?</th><td>(\\d+)</td>", RegexOptions.Singleline).Select(m => m.Groups[1].Value),
                Is.EquivalentTo(peers.Where(p => p.StartsWith(city.State.Code, StringComparison.Ordinal))), "every peer city of the state is highlighted");
            Assert.That(Regex.Matches(kreise, "<tr( class=\"(marked|peer)\")?><td>").Count, Is.EqualTo(53), "the 53 Kreise of NRW");
            Assert.That(Text(html), Does.Contain("Tabelle 21111-01-03-4").And.Contain("Statistische Ämter des Bundes und der Länder"), "publisher and table");
            Assert.That(html, Does.Not.Contain("regionalstatistik_"), "no internal source id");
        }
    }

    [Test]
    public void Map_HasOnePathPerKreisOfTheState_TheCityOutlined_AndTheCredit()
    {
        var html = pages.CityComparisonIndicator(de, "unemployment_rate_official", 2023)!;
        var svg = Regex.Match(html, "<svg viewBox=\"[^\"]+\" role=\"img\" aria-labelledby=\"kreise-t kreise-d\".*?</svg>", RegexOptions.Singleline).Value;
        var nrw = data.Boundaries.Where(b => b.Code.StartsWith("05", StringComparison.Ordinal)).Select(b => b.Code).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(nrw, Has.Count.EqualTo(53), "the boundaries file has NRW's 53 Kreise");
            Assert.That(Regex.Matches(svg, "<path data-kreis=\"(\\d+)\"").Select(m => m.Groups[1].Value), Is.EquivalentTo(nrw), "one path per Kreis");
            Assert.That(Regex.Matches(svg, "<path data-kreis=\"(\\d+)\"[^>]*class=\"marked\"").Select(m => m.Groups[1].Value), Is.EqualTo(new[] { "05913" }), "Dortmund alone outlined");
            Assert.That(svg, Does.Contain("<title id=\"kreise-t\">").And.Contain("<desc id=\"kreise-d\">"));
            Assert.That(svg, Does.Match("<path data-kreis=\"05913\"[^>]*><title>Dortmund: 11,5 %</title>"), "the real 2023 rate in the tooltip");
            Assert.That(svg, Does.Contain("fill=\"url(#kreise-hatch)\""), "Kreise without a value in the sample are hatched");
            Assert.That(html, Does.Contain($"<a href=\"{CityComparisonIndicatorPage.GeoCreditLink}\">© GeoBasis-DE / BKG 2021 (Daten verändert)</a>"));
            Assert.That(svg.Length, Is.LessThan(40_000), "rounded and thinned: the map keeps the page small");
            Assert.That(html.Length, Is.LessThan(80_000));
        }
        Assert.That(pages.CityComparisonIndicator(en, "unemployment_rate_official", 2023)!, Does.Contain("© GeoBasis-DE / BKG 2021 (Daten verändert)</a>"),
            "the licence's wording in every language");
    }

    [Test]
    public void SecretValue_IsTheSecretMarkWithItsReason_NeverZero()
    {
        // No Kreis of NRW is secret in the sample publication; the value component is what every table cell uses.
        var view = CityComparisonView.For(new AtlasView(data, city, de), "pupils_total")!;
        var secret = new CityComparisonValue(2024, "kreis", "05111", "Düsseldorf, kreisfreie Stadt", "vergleichsstadt", "pupils_total", null, ".", "amtlich",
            "21111-01-03-4", null, null, null, null);
        var html = pages.Render<CmpValue>(de, new() { ["C"] = view, ["Row"] = secret });
        Assert.That(html, Does.Contain("<abbr class=\"mark secret\" title=\"geheim oder unbekannt").And.Contain(">.</abbr>"));
        Assert.That(Text(html), Does.Not.Contain("0"), "what is shown, not the address of its provenance");
        Assert.That(html, Does.Contain("<a class=\"provenance\" href=\"/herkunft/staedtevergleich/pupils_total?jahr=2024&amp;gebiet=05111\">"),
            "a withheld value opens its provenance too: it says who withheld it");
    }

    [Test]
    public void UnknownIndicator_HasNoPage()
    {
        Assert.That(pages.CityComparisonIndicator(de, "no_such_indicator", null), Is.Null);
        Assert.That(pages.CityComparisonIndicator(de, "unemployment_density", null), Is.Null, "a district indicator is no indicator of the Städtevergleich");
    }

    [Test]
    public void NavigationAndHomePage_LinkTheComparison()
    {
        Assert.That(pages.Home(de), Does.Contain("<li><a href=\"/staedtevergleich\">Städtevergleich</a></li>").And.Contain("<p><a href=\"/staedtevergleich\">Dortmund im Städtevergleich"));
        Assert.That(pages.Home(en), Does.Contain("<li><a href=\"/staedtevergleich?lang=en\">City comparison</a></li>"));
    }

    [Test]
    public void EnglishTitles_CoverEveryIndicatorOfThePublishedDataset()
    {
        Assert.That(data.Comparison.Indicators.Select(i => i.Id).Where(id => !AtlasText.ComparisonTitlesEn.ContainsKey(id)), Is.Empty,
            "add the English title to src/TalentData.Cli/Atlas/Data/staedtevergleich_en.csv");
        Assert.That(en.Title(data.Comparison.Indicator("schools_grundschule")!), Is.EqualTo("Primary schools"));
        Assert.That(de.Title(data.Comparison.Indicator("schools_grundschule")!), Is.EqualTo("Grundschulen"), "German: the dataset's own label");
    }

    [TestCase("indicator,title\nx,y\n", "t.csv:1: expected the header 'indicator,title_en', found 'indicator,title'.")]
    [TestCase("# c\nindicator,title_en\npupils_total\n", "t.csv:3: expected an indicator id, a comma and its English title, found 'pupils_total'.")]
    [TestCase("indicator,title_en\na,\"A\"\na,B\n", "t.csv:3: expected each indicator once, found 'a' again.")]
    public void EnglishTitles_BadFile_SaysWhereAndWhat(string content, string message)
    {
        var ex = Assert.Throws<InvalidDataException>(() => AtlasText.ReadComparisonTitles(new StringReader(content), "t.csv"));
        Assert.That(ex!.Message, Is.EqualTo(message));
    }

    [Test]
    public void Boundaries_BrokenFile_NamesTheFeature()
    {
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "k.geojson");
        File.WriteAllText(file, """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"ARS":"05913"},"geometry":{"type":"Point","coordinates":[7.4,51.5]}}]}""");
        var ex = Assert.Throws<InvalidDataException>(() => AtlasData.ReadBoundaries(file));
        Assert.That(ex!.Message, Is.EqualTo($"{file}: feature 1 (ARS 05913): expected a Polygon or MultiPolygon, found Point."));
        Assert.That(AtlasData.ReadBoundaries(Path.Combine(dir.Path, "none.geojson")), Is.Empty, "no file, no map");
    }

    [Test]
    public void Pages_AreWellFormed_OneH1_LabelledControls_TablesWithCaptions()
    {
        foreach (var (name, html) in new[]
                 {
                     ("overview", pages.CityComparison(de)), ("overview-en", pages.CityComparison(en)),
                     ("indicator", pages.CityComparisonIndicator(de, "unemployment_rate_official", null)!),
                     ("indicator-en", pages.CityComparisonIndicator(en, "pupils_share_gymnasium", null)!),
                 })
        {
            Assert.That(Regex.Matches(html, "<h1[ >]").Count, Is.EqualTo(1), name);
            foreach (Match select in Regex.Matches(html, "<select id=\"([^\"]+)\""))
                Assert.That(html, Does.Contain($"<label for=\"{select.Groups[1].Value}\">"), $"{name}: select {select.Groups[1].Value} has a label");
            Assert.That(Regex.Matches(html, "<table>").Count, Is.EqualTo(Regex.Matches(html, "<table><caption>").Count), $"{name}: every table has a caption");
            Assert.That(Regex.Matches(html, "https?://").Count, Is.LessThanOrEqualTo(1), $"{name}: no link off the site but the BKG credit");
        }
    }
}
