using System.Text.RegularExpressions;
using TalentData.Atlas;
using TalentData.Cli.Atlas;
using TalentData.Cli.Atlas.Pages;
using TalentData.Project;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Atlas;

/// <summary>The atlas pages rendered from a real sample publication (the exports only).</summary>
[Parallelizable(ParallelScope.Self)]
public class AtlasPagesTests
{
    RepoCopy repo = null!;
    AtlasData data = null!;
    AtlasPages pages = null!;
    readonly AtlasText de = new("de");
    readonly AtlasText en = new("en");

    [OneTimeSetUp]
    public void Publish()
    {
        repo = new RepoCopy();
        GoodRun.Instance.CopyTo(repo.Data); // the shared sample run; the atlas only reads its exports
        data = AtlasData.Load(Path.Combine(repo.Data, "exports"), Path.Combine(repo.Root, "sql", "reference", "indicators.csv"));
        pages = new AtlasPages(data, City.Load(RepoPaths.Root));
    }

    [OneTimeTearDown]
    public void CleanUp() => repo.Dispose();

    /// <summary>The text a reader sees: tags dropped, character references (the renderer writes + as &amp;#x2B;) resolved.</summary>
    static string Text(string html) => System.Net.WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", " "));

    [Test]
    public void Find_FromManyRequestsAtOnce_OnAFreshRelease_FindsEveryValue()
    {
        // What the server does after a release switch: one AtlasData, its first lookups from requests running side by side.
        for (var round = 0; round < 20; round++)
        {
            var fresh = new AtlasData
            {
                Indicators = data.Indicators, Values = data.Values, Datasets = data.Datasets, HasCatalog = data.HasCatalog,
                ReleasedAt = data.ReleasedAt, Parents = data.Parents,
            };
            var wrong = new System.Collections.Concurrent.ConcurrentBag<string>();
            Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
            {
                foreach (var v in data.Values.Skip(worker).Where((_, i) => i % 8 == 0))
                    if (!ReferenceEquals(fresh.Find(v.Indicator, v.Year, v.Level, v.Code), v))
                        wrong.Add($"{v.Indicator} {v.Year} {v.Level} {v.Code}");
            });
            Assert.That(wrong, Is.Empty, $"round {round}");
        }
    }

    [Test]
    public void Home_ShowsCityKeyFiguresWithNrwAndGermany()
    {
        var html = pages.Home(de);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Contain("<html lang=\"de\">"));
            Assert.That(html, Does.Contain("Bevölkerung").And.Contain("Schule").And.Contain("Ausbildung").And.Contain("Arbeit"));
            Assert.That(Text(html), Does.Contain("613.487"), "city population 2024, German thousands separator");
            Assert.That(Text(html), Does.Contain("+1.422"), "change on 2023 (612,065)");
            Assert.That(Text(html), Does.Contain("782.423").Or.Contain("5.885"), "school leavers with the NRW/Germany comparison");
        }
    }

    [Test]
    public void Home_InEnglish_UsesEnglishLabelsAndNumbers()
    {
        var html = pages.Home(en);
        Assert.That(html, Does.Contain("<html lang=\"en\">").And.Contain("Population"));
        Assert.That(Text(html), Does.Contain("613,487"));
    }

    [Test]
    public void IndicatorPage_HasRankingMapSeriesAndTableWithTheSameNumbers()
    {
        var html = pages.Indicator(de, "unemployment_density", 2023, "statistischer_bezirk", "050")!;
        var expected = data.Find("unemployment_density", 2023, "statistischer_bezirk", "050")!.Value!.Value.ToString("N1", System.Globalization.CultureInfo.GetCultureInfo("de-DE"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Regex.Matches(html, "<svg ").Count, Is.EqualTo(3), "ranking, map, time series");
            Assert.That(Regex.Matches(html, "role=\"(?:img|group)\" aria-labelledby=").Count, Is.EqualTo(3), "the map is a group: its tiles are links");
            Assert.That(html, Does.Contain("<option value=\"2023\" selected>"));
            Assert.That(html, Does.Contain("<option value=\"050\" selected>Nordmarkt</option>"));
            Assert.That(Text(html), Does.Contain(expected));
            foreach (var kind in IndicatorCharts.Kinds)
                Assert.That(html, Does.Contain($"href=\"/grafik/unemployment_density/{kind}.csv?"), "every chart links its own numbers");
            Assert.That(Regex.Matches(html, "<table>").Count, Is.GreaterThanOrEqualTo(2));
        }
    }

    [Test]
    public void IndicatorPage_UnknownIndicator_IsNull()
    {
        Assert.That(pages.Indicator(de, "no_such_indicator", null, null, null), Is.Null);
    }

    [Test]
    public void DistrictPage_ListsEveryIndicatorOfItsLevelNextToTheCity()
    {
        var html = pages.District(de, "530", "statistischer_bezirk")!;
        // every indicator of the level but the supply indicators (one year, the places now), which the profile links instead
        var expectedIndicators = data.Indicators.Count(i => data.Levels(i.Id).Contains("statistischer_bezirk") && i.Theme != ProfileTrends.SupplyTheme);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Contain("<h1>Hörde</h1>"));
            Assert.That(Regex.Matches(html, "<tr><th scope=\"row\"><a href=\"/indikatoren/").Count, Is.EqualTo(expectedIndicators));
            Assert.That(data.Indicators.Count(i => data.Levels(i.Id).Contains("statistischer_bezirk") && i.Theme == ProfileTrends.SupplyTheme), Is.EqualTo(2),
                "day-care places and schools exist per statistischer Bezirk");
            Assert.That(html, Does.Contain("href=\"/bedarf-und-angebot\""), "the profile links Bedarf und Angebot instead");
            Assert.That(html, Does.Contain("/bezirke/80"), "links its Stadtbezirk");
        }
        Assert.That(pages.District(de, "999"), Is.Null);
        Assert.That(pages.District(de, "110")!, Does.Contain("<h1>Huckarde</h1>"), "without a level, 110 is the Stadtbezirk");
        Assert.That(pages.District(de, "110", "statistischer_bezirk")!, Does.Contain("<h1>Brechten</h1>"), "statistischer Bezirk 110 has its own page");
    }

    [Test]
    public void SuppressedValue_ShowsADashWithItsMeaningNeverZero()
    {
        var secret = new AtlasValue("population_total", 2024, "statistischer_bezirk", "550", "Syburg", null, "Personen", ".");
        var html = pages.Render<Shown>(de, new() { ["Value"] = secret, ["Decimals"] = 0 });
        Assert.That(html, Does.Contain(">.</abbr>").And.Contain("geheim").And.Contain("class=\"mark secret\""));
        Assert.That(html, Does.Not.Contain("0").And.Not.Contain("–"));
    }

    [Test]
    public void EveryPage_IsWellFormedAndHasOneH1AndLabelledControls()
    {
        foreach (var (name, html) in new[]
        {
            ("home", pages.Home(de)), ("indicator", pages.Indicator(de, "population_share_non_german", null, null, null)!),
            ("district", pages.District(en, "20")!), ("districts", pages.Districts(de)), ("methodik", pages.Methodology(de)), ("downloads", pages.Downloads(de)),
            ("search", pages.Search(de, "Hörde")), ("compare", pages.Compare(de, ("stadtbezirk", "80", "Hörde"), ("statistischer_bezirk", "530", "Hörde"))),
        })
        {
            Assert.That(Regex.Matches(html, "<h1[ >]").Count, Is.EqualTo(1), name);
            foreach (Match select in Regex.Matches(html, "<select id=\"([^\"]+)\""))
                Assert.That(html, Does.Contain($"<label for=\"{select.Groups[1].Value}\">"), $"{name}: select {select.Groups[1].Value} has a label");
            Assert.That(Regex.Matches(html, "<svg ").Count, Is.EqualTo(Regex.Matches(html, "<svg [^>]*role=\"(?:img|group)\"[^>]*><title id=").Count), $"{name}: every chart has a title");
            Assert.That(Regex.Matches(html, "<table>").Count, Is.EqualTo(Regex.Matches(html, "<table><caption>").Count), $"{name}: every table has a caption");
            Assert.That(html, Does.Not.Contain("http://").And.Not.Contain("https://"), $"{name}: no third-party requests");
        }
    }

    /// <summary>A city of config/city.yaml under other names, benchmarks and tiles, with the published key kept.</summary>
    static City OtherNames(Action<City>? change = null)
    {
        var city = City.Load(RepoPaths.Root);
        city.Name = "Musterstadt";
        city.Publisher = "Stadt Musterstadt";
        city.State = new Benchmark { Code = city.State.Code, Name = "Musterland", NameEn = "Sampleland" };
        city.Country = new Benchmark { Code = city.Country.Code, Name = "Musterreich", NameEn = "Samplerealm" };
        change?.Invoke(city);
        return city;
    }

    [Test]
    public void CityAndBenchmarks_AreNamedAsConfigCityYamlNamesThem()
    {
        var other = new AtlasPages(data, OtherNames());
        var home = other.Home(de);
        var homeEn = other.Home(en);
        var indicator = other.Indicator(de, "unemployed_total", 2023, "stadtbezirk", "80")!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(home, Does.Contain("<title>Startseite – Talent-Atlas Musterstadt</title>").And.Contain("<h1>Talent-Atlas Musterstadt</h1>"));
            Assert.That(home, Does.Contain("<th scope=\"col\">Musterstadt</th>").And.Contain("<th scope=\"col\">Musterland</th>").And.Contain("<th scope=\"col\">Musterreich</th>"));
            Assert.That(homeEn, Does.Contain("<th scope=\"col\">Sampleland</th>").And.Contain("<th scope=\"col\">Samplerealm</th>"));
            Assert.That(Text(home), Does.Contain("613.487"), "the values are found by the configured key");
            Assert.That(indicator, Does.Contain("<tr class=\"total\"><td></td><th scope=\"row\">Musterstadt</th>"));
            Assert.That(Regex.Match(indicator, "<h2 id=\"series-h\">.*?<thead>(.*?)</thead>", RegexOptions.Singleline).Groups[1].Value,
                Does.Contain("Musterstadt").And.Contain("Musterland").And.Contain("Musterreich").And.Not.Contain("Dortmund").And.Not.Contain("NRW"));
            Assert.That(Text(home), Does.Contain("keine Zahlen des Herausgebers Stadt Musterstadt"), "the sample banner names the configured publisher");
        }
        var elsewhere = new AtlasPages(data, OtherNames(c => c.Key = "01001000")).Home(de);
        Assert.That(Text(elsewhere), Does.Not.Contain("613.487"), "another key finds no city value in this publication");
    }

    [Test]
    public void TileMap_PlacesTheStadtbezirkeWhereConfigCityYamlPutsThem()
    {
        static string Map(string html) => Regex.Match(html, "<svg [^>]*aria-labelledby=\"map-t map-d\".*?</svg>", RegexOptions.Singleline).Value;
        var configured = Map(pages.Indicator(de, "unemployment_density", 2023, "stadtbezirk", null)!);
        var oneTile = new AtlasPages(data, OtherNames(c => c.DistrictTiles = new() { ["80"] = [0, 0] }));
        var single = Map(oneTile.Indicator(de, "unemployment_density", 2023, "stadtbezirk", null)!);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Regex.Matches(configured, "<a href=\"/bezirke/").Count, Is.EqualTo(12), "the 12 Stadtbezirke of config/city.yaml");
            Assert.That(Regex.Matches(single, "<a href=\"/bezirke/").Count, Is.EqualTo(1));
            Assert.That(single, Does.Contain("<a href=\"/bezirke/80\"><rect x=\"5\" y=\"5\""), "Hörde at column 0, row 0");
        }
        var noTiles = new AtlasPages(data, OtherNames(c => c.DistrictTiles = [])).Indicator(de, "unemployment_density", 2023, "stadtbezirk", null)!;
        Assert.That(noTiles, Does.Not.Contain("id=\"map-h\""), "without tiles there is no map, and the ranking and table stay");
    }

    [Test]
    public void EnglishPages_ShowNoGermanText()
    {
        // German resource texts, cut at their placeholders, that no English text contains and English pages must not show.
        var texts = AtlasText.Resources.GetResourceSet(System.Globalization.CultureInfo.InvariantCulture, true, false)!
            .Cast<System.Collections.DictionaryEntry>()
            .Select(e => (Key: (string)e.Key, German: (string)e.Value!, English: AtlasText.Resources.GetString((string)e.Key, System.Globalization.CultureInfo.GetCultureInfo("en"))!))
            .ToList();
        var germanTexts = texts.Where(t => t.German != t.English)
            .SelectMany(t => Regex.Split(t.German, @"\{\d+\}").Select(part => part.Trim(' ', ',', '.', ':', '(', ')'))
                .Where(part => part.Length >= 6 && !texts.Any(e => e.English.Contains(part))).Select(part => (t.Key, part)))
            .ToList();
        Assert.That(germanTexts, Has.Count.GreaterThan(50));
        // What the publication says in German (catalogue texts, credits, area names) is data, not page text.
        var published = data.Indicators.SelectMany(i => new[] { i.Description, i.Methodology, i.Sources, i.Licence, i.Periodicity, i.ReferenceDate })
            .Concat(data.Attributions).Concat(data.Licences).Append(data.Credit).Concat(data.Datasets.Select(d => d.Title)).Concat(data.Values.Select(v => v.Name))
            .Concat(data.Comparison.Sources.Select(s => s.Title)).Concat(data.Comparison.Licences)
            .Concat(data.Comparison.Values.SelectMany(v => new[] { v.Name, CityComparisonView.Kind(v.Name) })).Where(s => s.Length > 0)
            .Distinct().OrderByDescending(s => s.Length).ToList();
        var rendered = new[]
        {
            pages.Home(en), pages.Districts(en), pages.District(en, "530", "statistischer_bezirk")!, pages.Methodology(en), pages.Downloads(en), pages.NotFound(en),
            pages.Indicator(en, "unemployment_density", 2023, "statistischer_bezirk", "050")!, pages.Indicator(en, "population_total", null, null, null)!,
            pages.Search(en, "Hörde"), pages.Search(en, ""), pages.Search(en, "Atlantis"), pages.District(en, "80")!,
            pages.Compare(en, ("stadtbezirk", "80", "Hörde"), ("stadt", "05913000", "Dortmund")),
            pages.CompareProblem(en, new CompareProblem("a", CompareProblemKind.Missing, "")),
            pages.CompareProblem(en, new CompareProblem("b", CompareProblemKind.Malformed, "80")),
            pages.CompareProblem(en, new CompareProblem("b", CompareProblemKind.Unknown, "stadtbezirk:999")),
            pages.Embed(en, pages.Charts(en, "unemployment_density", 2023, "stadtbezirk", "80")!, IndicatorCharts.Ranking),
            pages.Provenance(en, data.Find("unemployment_density", 2023, "stadtbezirk", "80")!, null),
            pages.CityComparison(en), pages.CityComparisonIndicator(en, "unemployment_rate_official", null)!,
            pages.CityComparisonIndicator(en, "population_total", null)!,
        };
        foreach (var html in rendered)
        {
            // Markup included: attributes (aria-label, title) are read out too.
            var text = System.Net.WebUtility.HtmlDecode(html);
            foreach (var s in published) text = text.Replace(s, " ");
            foreach (var (key, part) in germanTexts)
                Assert.That(text, Does.Not.Contain(part), $"{key} in {Regex.Match(html, "<title>(.*?)</title>").Groups[1].Value}");
        }
    }

    [Test]
    public void Palette_MeetsWcagAaContrastForTextOnEveryStep()
    {
        foreach (var (fill, text) in TalentData.Cli.Atlas.Svg.Scale)
            Assert.That(Contrast(fill, text), Is.GreaterThanOrEqualTo(4.5), $"{text} on {fill}");
        Assert.That(Contrast("#0b4f8a", "#ffffff"), Is.GreaterThanOrEqualTo(4.5), "links");
        Assert.That(Contrast("#4d4d4d", "#ffffff"), Is.GreaterThanOrEqualTo(4.5), "muted text");
    }

    static double Contrast(string a, string b)
    {
        static double L(string hex)
        {
            double C(int i)
            {
                var c = Convert.ToInt32(hex.Substring(1 + 2 * i, 2), 16) / 255.0;
                return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
            }
            return 0.2126 * C(0) + 0.7152 * C(1) + 0.0722 * C(2);
        }
        var (l1, l2) = (L(a), L(b));
        return (Math.Max(l1, l2) + 0.05) / (Math.Min(l1, l2) + 0.05);
    }
}
