using System.Text.RegularExpressions;
using TalentData.Atlas;
using TalentData.Cli.Atlas;
using TalentData.Project;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Atlas;

/// <summary>
/// What citizens read: the marks of a missing number (secret, not available, not reliable) and a true zero look
/// different in tables, maps and charts and are explained where they occur; German and English words, dates and
/// numbers; no internal id (source id, dataset folder, file name, ISO date) on a citizen page. Rendered from a copy of
/// the shared sample run, with the release's provenance as `serve` reads it.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class AtlasWordsTests
{
    RepoCopy repo = null!;
    AtlasData data = null!;
    AtlasPages pages = null!;
    City city = null!;
    readonly AtlasText de = new("de");
    readonly AtlasText en = new("en");

    [OneTimeSetUp]
    public void Publish()
    {
        repo = new RepoCopy();
        GoodRun.Instance.CopyTo(repo.Data); // the shared sample run; the atlas only reads its exports and snapshot
        var exports = Path.Combine(repo.Data, "exports");
        data = AtlasData.Load(exports, Path.Combine(repo.Root, "sql", "reference", "indicators.csv"));
        city = City.Load(RepoPaths.Root);
        pages = new AtlasPages(data, city, "", ReleaseProvenance.Load(repo.Snapshot, exports, repo.Root));
    }

    [OneTimeTearDown]
    public void CleanUp() => repo.Dispose();

    /// <summary>What a reader sees and hears: the text between tags and the titles and labels read out; no addresses.</summary>
    static string Visible(string html)
    {
        var spoken = string.Join(" ", Regex.Matches(html, "(?:title|aria-label|alt)=\"([^\"]*)\"").Select(m => m.Groups[1].Value));
        var text = Regex.Replace(Regex.Replace(html, "<script.*?</script>", " ", RegexOptions.Singleline), "<[^>]+>", " ");
        return System.Net.WebUtility.HtmlDecode(text + " " + spoken);
    }

    /// <summary>
    /// The publication with four Stadtbezirke of one indicator's latest year changed: one a true zero, one secret, one
    /// not reliable and one without a row (not available); the rest as published.
    /// </summary>
    (AtlasPages Pages, string Indicator, int Year, Dictionary<ValueMark, string> Names) WithEveryMark()
    {
        const string indicator = "unemployment_density";
        var year = data.Years(indicator).Max();
        var areas = AtlasView.ByNumber(data.Areas("stadtbezirk"));
        var (zero, secret, unreliable, missing) = (areas[0], areas[1], areas[2], areas[3]);
        var values = data.Values
            .Where(v => !(v.Indicator == indicator && v.Year == year && v.Level == "stadtbezirk" && v.Code == missing.Code))
            .Select(v => v.Indicator != indicator || v.Year != year || v.Level != "stadtbezirk" ? v
                : v.Code == zero.Code ? v with { Value = 0, Status = "" }
                : v.Code == secret.Code ? v with { Value = null, Status = StatusSymbol.Secret }
                : v.Code == unreliable.Code ? v with { Value = null, Status = StatusSymbol.NotReliable }
                : v)
            .ToList();
        var changed = new AtlasData
        {
            Indicators = data.Indicators, Values = values, Datasets = data.Datasets, HasCatalog = data.HasCatalog, ReleasedAt = data.ReleasedAt,
            Parents = data.Parents, Synthetic = data.Synthetic, Attributions = data.Attributions, Licences = data.Licences, Credit = data.Credit,
        };
        return (new AtlasPages(changed, city), indicator, year, new()
        {
            [ValueMark.Zero] = zero.Name, [ValueMark.Secret] = secret.Name, [ValueMark.NotReliable] = unreliable.Name, [ValueMark.NotAvailable] = missing.Name,
        });
    }

    static string Row(string html, string name) =>
        Regex.Match(html, $"<tr[^>]*><td>[^<]*</td><th scope=\"row\"><a [^>]*>{Regex.Escape(name)}</a>.*?</tr>", RegexOptions.Singleline).Value;

    [Test]
    public void SecretNotAvailableNotReliableAndZero_LookDifferentInTheTable_WithALegend()
    {
        var (changed, indicator, year, names) = WithEveryMark();
        var html = changed.Indicator(de, indicator, year, "stadtbezirk", null)!;
        var cells = names.ToDictionary(n => n.Key, n => Regex.Match(Row(html, n.Value), "<td class=\"num\">(.*?)</td>", RegexOptions.Singleline).Groups[1].Value.Trim());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(cells[ValueMark.Zero], Is.EqualTo("0,0"), "a true zero is the number");
            Assert.That(cells[ValueMark.Secret], Does.Match("^<abbr class=\"mark secret\" title=\"geheim[^\"]*\">\\.</abbr>$"));
            Assert.That(cells[ValueMark.NotAvailable], Does.Match("^<abbr class=\"mark missing\" title=\"keine Angabe\">–</abbr>$"));
            Assert.That(cells[ValueMark.NotReliable], Does.Match("^<abbr class=\"mark unreliable\" title=\"nicht sicher genug\">/</abbr>$"));
            Assert.That(cells.Values.Distinct().Count(), Is.EqualTo(4), "four different looks: " + string.Join(" | ", cells.Values));
            var legend = Regex.Match(html, "<h2 id=\"table-h\">.*?<p class=\"legend\">(.*?)</p>", RegexOptions.Singleline).Groups[1].Value;
            Assert.That(Regex.Replace(Visible(legend), @"\s+", " "), Does.Contain(". geheim").And.Contain("– keine Angabe").And.Contain("/ nicht sicher genug").And.Contain("0 genau null"));
        }
        var plain = pages.Indicator(de, "population_total", null, "stadtbezirk", null)!;
        Assert.That(plain, Does.Not.Contain("<p class=\"legend\">"), "no legend where no mark occurs");
    }

    [Test]
    public void SecretValues_AreHatchedInRankingMapAndTimeSeries_AndTheMissingOnesAreNot()
    {
        var (changed, indicator, year, names) = WithEveryMark();
        var secretCode = data.Areas("stadtbezirk").First(a => a.Name == names[ValueMark.Secret]).Code;
        var html = changed.Indicator(de, indicator, year, "stadtbezirk", secretCode)!;
        static string Chart(string html, string id) => Regex.Match(html, $"<svg [^>]*aria-labelledby=\"{id}-t {id}-d\".*?</svg>", RegexOptions.Singleline).Value;
        var (ranking, map, series) = (Chart(html, "ranking"), Chart(html, "map"), Chart(html, "series"));
        string Tile(ValueMark mark) => Regex.Match(map, $"<rect [^>]*fill=\"([^\"]+)\"[^>]*><title>{Regex.Escape(names[mark])}:", RegexOptions.Singleline).Groups[1].Value;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ranking, Does.Contain("<pattern id=\"ranking-hatch\"").And.Contain("fill=\"url(#ranking-hatch)\""), "the secret bar is hatched");
            Assert.That(Regex.Matches(ranking, "<rect [^>]*fill=\"url\\(#ranking-hatch\\)\"").Count, Is.EqualTo(2), "one secret bar and its legend swatch");
            Assert.That(Tile(ValueMark.Secret), Is.EqualTo("url(#map-hatch)"));
            Assert.That(Tile(ValueMark.NotAvailable), Is.EqualTo(TalentData.Cli.Atlas.Svg.NoDataFill));
            Assert.That(Tile(ValueMark.NotReliable), Is.EqualTo("#ffffff"));
            Assert.That(new[] { Tile(ValueMark.Secret), Tile(ValueMark.NotAvailable), Tile(ValueMark.NotReliable), Tile(ValueMark.Zero) }.Distinct().Count(), Is.EqualTo(4));
            Assert.That(Visible(map), Does.Contain(". geheim").And.Contain("– keine Angabe").And.Contain("/ nicht sicher genug"), "the map's legend");
            Assert.That(series, Does.Contain("fill=\"url(#series-hatch)\"").And.Contain($"{names[ValueMark.Secret]} {year}: geheim"), "the secret year of the chosen line");
        }
    }

    [Test]
    public void Methodology_SaysWhichSymbolMeansWhat()
    {
        var symbols = Regex.Match(pages.Methodology(de), "<h2 id=\"symbole\">.*?</dl>", RegexOptions.Singleline).Value;
        var pairs = Regex.Matches(symbols, "<dt>(.*?)</dt><dd>(.*?)</dd>").ToDictionary(m => Visible(m.Groups[1].Value).Trim(), m => m.Groups[2].Value);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(pairs.Keys, Is.EquivalentTo(new[] { ".", "–", "/", "0", "p", "r" }));
            Assert.That(pairs["."], Does.StartWith("geheim"));
            Assert.That(pairs["–"], Does.StartWith("keine Angabe"));
            Assert.That(pairs["/"], Does.StartWith("nicht sicher genug"));
            Assert.That(pairs["0"], Does.StartWith("genau null"));
        }
    }

    /// <summary>Every kind of page a citizen reaches, in one language; the provenance page names files by design and is not one.</summary>
    IEnumerable<(string Name, string Html)> CitizenPages(AtlasText t)
    {
        yield return ("home", pages.Home(t));
        yield return ("districts", pages.Districts(t));
        yield return ("methodology", pages.Methodology(t));
        yield return ("downloads", pages.Downloads(t));
        yield return ("not found", pages.NotFound(t));
        yield return ("search", pages.Search(t, "Hörde"));
        yield return ("compare", pages.Compare(t, ("stadtbezirk", "80", "Hörde"), ("statistischer_bezirk", "530", "Hörde")));
        foreach (var (level, code, _) in data.Areas("stadtbezirk").Concat(data.Areas("statistischer_bezirk").Take(5)))
            yield return ($"district {level} {code}", pages.District(t, code, level)!);
        foreach (var i in data.Indicators)
            foreach (var level in data.Levels(i.Id).Where(l => l is "stadtbezirk" or "statistischer_bezirk").DefaultIfEmpty("stadt"))
            {
                yield return ($"indicator {i.Id} {level}", pages.Indicator(t, i.Id, null, level, null)!);
                var charts = pages.Charts(t, i.Id, null, level, null)!;
                foreach (var kind in IndicatorCharts.Kinds.Where(charts.Has))
                    yield return ($"embed {i.Id} {kind}", pages.Embed(t, charts, kind));
            }
    }

    [TestCase("de")]
    [TestCase("en")]
    public void CitizenPages_ShowNoIsoDateAndNoInternalId(string lang)
    {
        var sourceIds = Directory.GetFiles(Path.Combine(RepoPaths.Root, "pipelines"), "*.yaml").Select(f => Path.GetFileNameWithoutExtension(f)!).ToList();
        Assert.That(sourceIds, Does.Contain("dortmund_unemployment"), "the scan knows the source ids");
        var internals = sourceIds.Concat(data.Datasets.Select(d => d.Slug)).Concat(["data.csv", "datapackage.json", "data.jsonstat.json", "marts.", "Universum", "dl-de/"]).ToList();
        var count = 0;
        foreach (var (name, html) in CitizenPages(new AtlasText(lang)))
        {
            count++;
            var text = Visible(html);
            Assert.That(Regex.Matches(text, @"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)").Select(m => m.Value), Is.Empty, $"{lang} {name}: ISO date");
            Assert.That(internals.Where(text.Contains), Is.Empty, $"{lang} {name}: internal id");
        }
        Assert.That(count, Is.GreaterThan(40), "every page type");
    }

    /// <summary>The visible text as one line, with the space a tag left before a full stop removed.</summary>
    static string Sentences(string html) => Regex.Replace(Regex.Replace(Visible(html), @"\s+", " "), @" \.", ".");

    [Test]
    public void ScrollBoxes_AreNamedRegions_EachNamedOnceOnItsPage()
    {
        var total = 0;
        foreach (var (name, html) in CitizenPages(de))
        {
            var boxes = Regex.Matches(html, "<div class=\"[^\"]*\\bscroll\\b[^\"]*\"([^>]*)>").Select(m => m.Groups[1].Value).ToList();
            total += boxes.Count;
            Assert.That(boxes, Has.All.Contains("tabindex=\"0\"").And.All.Contains("role=\"region\""), $"{name}: a scroll box the keyboard reaches, as a region");
            var labels = boxes.Select(b => Regex.Match(b, "aria-label=\"([^\"]+)\"").Groups[1].Value).ToList();
            Assert.That(labels, Has.None.Empty.And.Unique, $"{name}: every region has a name of its own");
        }
        Assert.That(total, Is.GreaterThan(100), "the scan finds the scroll boxes of tables and charts");
    }

    [Test]
    public void Words_AsAReaderChecksThem()
    {
        var map = pages.Indicator(de, "unemployment_density", 2023, "statistischer_bezirk", null)!;
        var methodology = Visible(pages.Methodology(de));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(map, Does.Contain("Arbeitslosendichte 2023: Karte der statistischen Bezirke").And.Contain("Arbeitslosendichte 2023: Rangfolge der statistischen Bezirke"));
            Assert.That(Visible(pages.Indicator(de, "unemployment_density", 2023, "stadtbezirk", null)!), Does.Contain("Karte der Stadtbezirke"));
            Assert.That(Visible(pages.Indicator(en, "unemployment_density", 2023, "statistischer_bezirk", null)!), Does.Contain("map of the statistical districts"));
            Assert.That(Sentences(pages.District(de, "20")!), Does.Contain("Stadtbezirk 20 in der Stadt Dortmund."));
            Assert.That(Sentences(pages.District(de, "530", "statistischer_bezirk")!), Does.Contain("Statistischer Bezirk 530 im Stadtbezirk Hörde."));
            Assert.That(Sentences(pages.District(en, "530", "statistischer_bezirk")!), Does.Contain("Statistical district 530 in the city district of Hörde."));
            Assert.That(Sentences(pages.Districts(de)), Does.Contain("12 Stadtbezirke mit ihren 62 statistischen Bezirken, nach Nummer geordnet."));
            Assert.That(methodology, Does.Not.Contain("31.12..").And.Not.Contain(".. ").And.Not.Contain("Stichtag Jahresdurchschnitt").And.Not.Contain("Universum"));
            Assert.That(methodology, Does.Contain("Zeitbezug: 31. Dezember.").And.Contain("Zeitbezug: Jahresdurchschnitt."));
            Assert.That(methodology, Does.Match(@"Letzte Veröffentlichung: \d{1,2}\. (Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember) \d{4}\."));
            Assert.That(Visible(pages.Methodology(en)), Does.Match(@"Last release: \d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\."));
            Assert.That(Regex.Replace(Visible(pages.Indicator(de, "population_total", null, null, null)!), @"\s+", " "), Does.Contain("Lizenz Datenlizenz Deutschland – Zero – Version 2.0"), "licences by name");
            Assert.That(Visible(pages.Downloads(de)), Does.Contain("Tabelle (CSV)").And.Contain(data.Datasets.First(d => d.Slug == AtlasData.ValuesDataset).Title));
        }
    }

    [Test]
    public void EnglishPages_CarryTheEnglishDefinitions_FromTheCatalogue()
    {
        var methodology = Visible(pages.Methodology(en));
        foreach (var i in data.Indicators)
        {
            Assert.That(new[] { i.DescriptionEn, i.MethodologyEn, i.PeriodicityEn, i.ReferenceDateEn }, Has.All.Not.Empty, $"sql/reference/indicators.csv: {i.Id} has no English text in a *_en column");
            Assert.That(methodology, Does.Contain(i.DescriptionEn).And.Contain(i.MethodologyEn).And.Not.Contain(i.Description), i.Id);
            var page = Visible(pages.Indicator(en, i.Id, null, null, null)!);
            Assert.That(page, Does.Contain(i.DescriptionEn).And.Contain(i.MethodologyEn).And.Contain(i.PeriodicityEn).And.Not.Contain(i.Methodology), i.Id);
        }
    }

    [Test]
    public void Numbers_AreInTheFormatOfThePageLanguage()
    {
        var value = data.Find("unemployment_density", 2023, "stadtbezirk", "80")!.Value!.Value;
        var german = Visible(pages.District(de, "80")!);
        var english = Visible(pages.District(en, "80")!);
        Assert.That(german, Does.Contain(value.ToString("N1", System.Globalization.CultureInfo.GetCultureInfo("de-DE"))));
        Assert.That(english, Does.Contain(value.ToString("N1", System.Globalization.CultureInfo.GetCultureInfo("en-GB"))));
        Assert.That(Visible(pages.Home(de)), Does.Contain("±0,0").And.Not.Contain("+0,0").And.Not.Contain("−0,0"), "a change that rounds to nothing has no direction");
    }
}
