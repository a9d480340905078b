using System.Text.RegularExpressions;
using TalentData.Atlas;
using TalentData.Cli.Atlas;
using TalentData.Project;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Atlas;

/// <summary>Finding an area in the atlas: the district index, parent and child links, over the shared sample publication.</summary>
[Parallelizable(ParallelScope.Self)]
public class AtlasFindPagesTests
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
        GoodRun.Instance.CopyTo(repo.Data);
        data = AtlasData.Load(Path.Combine(repo.Data, "exports"), Path.Combine(repo.Root, "sql", "reference", "indicators.csv"));
        pages = new AtlasPages(data, City.Load(RepoPaths.Root));
    }

    [OneTimeTearDown]
    public void CleanUp() => repo.Dispose();

    static string Text(string html) => System.Net.WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", " "));

    static string Section(string html, string id) =>
        Regex.Match(html, $"<section aria-labelledby=\"{id}\">(.*?)</section>", RegexOptions.Singleline).Groups[1].Value;

    [Test]
    public void DistrictIndex_ListsStadtbezirkeByNumber_WithTheirStatistischeBezirkeUnderThem()
    {
        var html = pages.Districts(de);
        var stadtbezirke = Regex.Matches(html, "<h2 id=\"sb-(\\d+)\">").Select(m => m.Groups[1].Value).ToList();
        var hoerde = Section(html, "sb-80");
        var inHoerde = Regex.Matches(hoerde, "<li><a href=\"/bezirke/(\\d+)\\?ebene=statistischer_bezirk\">").Select(m => m.Groups[1].Value).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stadtbezirke, Is.EqualTo(new[] { "10", "20", "30", "40", "50", "60", "70", "80", "90", "100", "110", "120" }), "numbers, not text order (100 after 90)");
            Assert.That(hoerde, Does.Contain("<a href=\"/bezirke/80\">Hörde</a>"));
            Assert.That(inHoerde, Is.EqualTo(new[] { "510", "520", "530", "540", "550", "560", "570" }), "the seven statistische Bezirke of Hörde, by number");
            Assert.That(Section(html, "sb-110"), Does.Contain(">Deusen</a>").And.Not.Contain(">Brechten</a>"), "Brechten (110) belongs to Eving, not to Stadtbezirk 110");
            Assert.That(Section(html, "sb-40"), Does.Contain("<a href=\"/bezirke/110?ebene=statistischer_bezirk\">Brechten</a>"));
            Assert.That(Regex.Matches(html, "\\?ebene=statistischer_bezirk\">").Count, Is.EqualTo(data.Areas("statistischer_bezirk").Count), "every statistischer Bezirk once");
            Assert.That(html, Does.Not.Contain("sb-none"), "the sample publication names every Stadtbezirk");
            Assert.That(Text(html), Does.Contain("12 Stadtbezirke mit ihren 62 statistischen Bezirken"));
        }
        Assert.That(Text(pages.Districts(en)), Does.Contain("12 city districts with their 62 statistical districts"));
    }

    [Test]
    public void StadtbezirkProfile_LinksTheCityAndEachOfItsStatistischeBezirke()
    {
        var html = pages.District(de, "80")!;
        var children = Regex.Match(html, "<nav aria-labelledby=\"children-h\">(.*?)</nav>", RegexOptions.Singleline).Groups[1].Value;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(children, Does.Contain("<h2 id=\"children-h\">Statistische Bezirke in Hörde</h2>"));
            Assert.That(Regex.Matches(children, "<li><a href=\"/bezirke/\\d+\\?ebene=statistischer_bezirk\">").Count, Is.EqualTo(7));
            Assert.That(children, Does.Contain("<a href=\"/bezirke/530?ebene=statistischer_bezirk\">Hörde</a>"));
            Assert.That(html, Does.Contain("in der Stadt <a href=\"/\">Dortmund</a>"), "its parent is the city, whose figures are the home page");
        }
        var english = pages.District(en, "80")!;
        Assert.That(english, Does.Contain("Statistical districts in Hörde").And.Contain("<a href=\"/bezirke/530?ebene=statistischer_bezirk&amp;lang=en\">"));
    }

    [Test]
    public void StatistischerBezirkProfile_LinksItsStadtbezirk_AndHasNoChildren()
    {
        var html = pages.District(de, "110", "statistischer_bezirk")!;
        Assert.That(html, Does.Contain("im Stadtbezirk <a href=\"/bezirke/40\">Eving</a>"));
        Assert.That(html, Does.Not.Contain("children-h"));
    }

    static IReadOnlyList<string> Results(string html) =>
        Regex.Matches(html, "<ul class=\"results\">(.*?)</ul>", RegexOptions.Singleline).SelectMany(m =>
            Regex.Matches(m.Groups[1].Value, "<li><a href=\"([^\"]+)\">").Select(l => System.Net.WebUtility.HtmlDecode(l.Groups[1].Value))).ToList();

    [TestCase("Hörde")]
    [TestCase("hörde")]
    [TestCase("HOERDE")]
    [TestCase("  Hoerde ")]
    public void Search_FindsAreasWhateverTheCaseAndUmlautSpelling(string query)
    {
        var results = Results(pages.Search(de, query.Trim()));
        Assert.That(results.Take(3), Is.EqualTo(new[]
        {
            "/bezirke/80", "/bezirke/530?ebene=statistischer_bezirk", "/bezirke/670?ebene=statistischer_bezirk",
        }), "the two exact Hörde first (Stadtbezirk before statistischer Bezirk), then Kirchhörde-Löttringhausen");
    }

    [Test]
    public void Search_FindsCommonNames_AndSaysWhichNameFoundTheArea()
    {
        var nordstadt = AtlasSearch.Find(data, "nordstadt", english: false);
        var kreuzviertel = AtlasSearch.Find(data, "Kreuzviertel", english: false);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(nordstadt.Select(h => (h.Level, h.Code, h.Name, h.Via)), Is.EqualTo(new[] { ("stadtbezirk", "20", "Innenstadt-Nord", (string?)"Nordstadt") }));
            Assert.That(AtlasSearch.Only(nordstadt)?.Code, Is.EqualTo("20"), "one exact name: the search may go straight there");
            Assert.That(kreuzviertel.Select(h => (h.Level, h.Code, h.Name)), Is.EqualTo(new[] { ("statistischer_bezirk", "010", "Westfalenhalle") }));
            Assert.That(AtlasSearch.Only(AtlasSearch.Find(data, "Hörde", english: false)), Is.Null, "two areas are named Hörde: a list, no redirect");
        }
        var html = pages.Search(de, "Nordst");
        Assert.That(Text(html), Does.Contain("1 Treffer für „Nordst“").And.Contain("Innenstadt-Nord").And.Contain("Stadtbezirk 20 · gefunden als „Nordstadt“"));
        Assert.That(Text(pages.Search(en, "Nordst")), Does.Contain("City district 20 · found as “Nordstadt”"));
        var nord = pages.Search(de, "Nord");
        Assert.That(Regex.Match(nord, "<li><a href=\"/bezirke/20\">.*?</li>").Value, Does.Contain("Innenstadt-Nord").And.Not.Contain("gefunden als"),
            "an area its own name finds is not shown under a common name");
        Assert.That(Text(nord), Does.Contain("Nordmarkt").And.Contain("gefunden als „Kirchhörde-Nord“"));
    }

    [Test]
    public void Search_FindsIndicatorsByGermanAndEnglishTitle_ShowingThePageLanguage()
    {
        var german = pages.Search(de, "arbeitslosen");
        var english = pages.Search(en, "unemployment density");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Results(german), Does.Contain("/indikatoren/unemployment_density").And.Contain("/indikatoren/youth_unemployment_density"));
            Assert.That(Text(german), Does.Contain("Arbeitslosendichte").And.Contain("Indikator"));
            Assert.That(Results(english), Does.Contain("/indikatoren/unemployment_density?lang=en"));
            Assert.That(Text(english), Does.Contain("Unemployment density").And.Contain("Indicator"));
            Assert.That(Results(pages.Search(en, "Arbeitslosendichte")), Does.Contain("/indikatoren/unemployment_density?lang=en"), "the German title finds it on English pages");
            Assert.That(Text(german), Does.Contain("Treffer für „arbeitslosen“"));
        }
    }

    [Test]
    public void Search_EmptyNothingAndTooLong_EachGetAPageThatSaysSo()
    {
        var empty = Text(pages.Search(de, ""));
        var nothing = Text(pages.Search(de, "Atlantis"));
        var tooLong = pages.Search(de, new string('x', AtlasSearch.MaxQueryLength + 1));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(empty, Does.Contain("Geben Sie einen Namen ein"));
            Assert.That(nothing, Does.Contain("Zu „Atlantis“ wurde kein Bezirk und kein Indikator gefunden"));
            Assert.That(Text(tooLong), Does.Contain("höchstens 100 Zeichen, eingegeben wurden 101"));
            Assert.That(tooLong, Does.Not.Contain("xxxxxxxxxx"), "a too-long query is not shown again");
            Assert.That(Text(pages.Search(en, "Atlantis")), Does.Contain("Nothing matches “Atlantis”"));
            Assert.That(Text(pages.Search(en, "")), Does.Contain("Enter a name"));
        }
    }

    [Test]
    public void Search_EscapesMarkupInTheQuery()
    {
        const string attack = "<script>alert(1)</script>\" onmouseover=\"x";
        var html = pages.Search(de, attack);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Not.Contain("<script>alert"));
            Assert.That(html, Does.Not.Contain("\" onmouseover=\""));
            Assert.That(html, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt;"), "shown as text, in the message and in the search box");
            Assert.That(Regex.Matches(html, "<script").Count, Is.EqualTo(1), "only the atlas's own script");
        }
    }

    [Test]
    public void EveryPage_HasTheSearchBox_InItsLanguage()
    {
        foreach (var html in new[] { pages.Home(de), pages.Districts(de), pages.District(de, "20")!, pages.Search(de, "x") })
            Assert.That(html, Does.Contain("<form role=\"search\" method=\"get\" action=\"/suche\"").And.Contain("<label for=\"suche-q\">Bezirk oder Indikator suchen</label>"));
        var english = pages.Methodology(en);
        Assert.That(english, Does.Contain("<label for=\"suche-q\">Find a district or indicator</label>").And.Contain("<input type=\"hidden\" name=\"lang\" value=\"en\">"));
        Assert.That(pages.Search(de, "Hörde"), Does.Contain("value=\"Hörde\""), "the search page shows its query again");
    }

    [Test]
    public void CommonNames_EachNamesAPublishedArea_WithASource()
    {
        Assert.That(AtlasSearch.CommonNames, Has.Count.GreaterThanOrEqualTo(2));
        foreach (var n in AtlasSearch.CommonNames)
        {
            Assert.That(data.Areas(n.Level).Select(a => a.Code), Does.Contain(n.Code), $"{n.Name}: {n.Level} {n.Code} is published");
            Assert.That(n.Source, Is.Not.Empty, n.Name);
        }
        Assert.That(File.ReadLines(Path.Combine(RepoPaths.Root, "src", "TalentData.Cli", "Atlas", "Data", "common_names.csv")).First(),
            Does.StartWith("#").And.Contain("source-formats.md"), "the file says where its names come from");
    }

    static InvalidDataException ReadBad(string text) =>
        Assert.Throws<InvalidDataException>(() => AtlasSearch.ReadCommonNames(new StringReader(text), "names.csv"))!;

    [TestCase("nom,level,code,source\n", "names.csv:1: expected the header 'name,area_level,area_code,source', found 'nom,level,code,source'")]
    [TestCase("# only a comment\n", "names.csv:1: expected the header 'name,area_level,area_code,source', found no header")]
    [TestCase("# c\nname,area_level,area_code,source\nNordstadt,stadtbezirk,20\n", "names.csv:3: expected 4 columns (name,area_level,area_code,source), found 3 in 'Nordstadt,stadtbezirk,20'")]
    [TestCase("name,area_level,area_code,source\nNordstadt,stadtteil,20,x\n", "names.csv:2: expected an area_level of stadtbezirk or statistischer_bezirk, found 'stadtteil'")]
    [TestCase("name,area_level,area_code,source\nNordstadt,stadtbezirk,2O,x\n", "names.csv:2: expected an area_code of digits, found '2O'")]
    [TestCase("name,area_level,area_code,source\nNordstadt,stadtbezirk,20, \n", "names.csv:2: expected the source of the name, found an empty source")]
    [TestCase("name,area_level,area_code,source\n\"Nord\",stadtbezirk,20,x\n", "names.csv:2: expected a name without quotes, found '\"Nord\"'")]
    [TestCase("name,area_level,area_code,source\nNordstadt,stadtbezirk,20,a\n\nNORDSTADT,stadtbezirk,20,b\n", "names.csv:4: expected each name once per area, found 'NORDSTADT' again (first on line 2)")]
    public void CommonNames_BadFile_NamesFileLineExpectedAndFound(string text, string message)
    {
        Assert.That(ReadBad(text).Message, Is.EqualTo(message + "."));
    }

    [Test]
    public void CommonNames_SourceMayHoldCommas()
    {
        var names = AtlasSearch.ReadCommonNames(new StringReader("\uFEFFname,area_level,area_code,source\nNordstadt,stadtbezirk,20,Wikipedia, 2024\n"), "names.csv");
        Assert.That(names, Is.EqualTo(new[] { new CommonName("Nordstadt", "stadtbezirk", "20", "Wikipedia, 2024") }));
    }

    (string Level, string Code, string Name) Area(string value) =>
        AtlasCompare.Parse(new AtlasView(data, City.Load(RepoPaths.Root), de), "a", value).Area ?? throw new AssertionException($"{value} is no area");

    /// <summary>The comparison table's rows: indicator id and the text of each value cell (without the provenance link's hidden hint).</summary>
    static Dictionary<string, string[]> CompareRows(string html) =>
        Regex.Matches(html, "<tr><th scope=\"row\"><a href=\"/indikatoren/(\\w+)[^\"]*\">.*?</th><td>\\d+</td>(.*?)</tr>", RegexOptions.Singleline)
            .ToDictionary(m => m.Groups[1].Value, m => Regex.Matches(m.Groups[2].Value, "<td class=\"num\">(.*?)</td>", RegexOptions.Singleline)
                .Select(c => Text(Regex.Replace(c.Groups[1].Value, "<span class=\"visually-hidden\">.*?</span>", "")).Trim()).ToArray());

    [Test]
    public void Compare_ShowsBothAreasTheCityAndTheBenchmarks_AsTheExportsHaveThem()
    {
        var (hoerde, hoerdeSb) = (Area("stadtbezirk:80"), Area("statistischer_bezirk:530"));
        var html = pages.Compare(de, hoerde, hoerdeSb);
        var rows = CompareRows(html);
        var view = new AtlasView(data, City.Load(RepoPaths.Root), de);
        var expectedIndicators = data.Indicators.Where(i => data.Levels(i.Id).Contains("stadtbezirk") || data.Levels(i.Id).Contains("statistischer_bezirk")).Select(i => i.Id);
        Assert.That(rows.Keys, Is.EquivalentTo(expectedIndicators), "every indicator of either level");
        foreach (var (id, cells) in rows)
        {
            var i = data.Indicator(id)!;
            var y = view.LatestYear(id);
            string Shown(AtlasValue? v) => de.Shown(v, i.Decimals);
            var expected = new[]
            {
                Shown(data.Find(id, y, "stadtbezirk", "80")), Shown(data.Find(id, y, "statistischer_bezirk", "530")), Shown(view.CityValue(id, y)),
                Shown(view.StateValue(id, y)), Shown(view.CountryValue(id, y)),
            };
            Assert.That(cells, Is.EqualTo(expected), id);
        }
        var population = data.Find("population_total", view.LatestYear("population_total"), "statistischer_bezirk", "530")!.Value!.Value;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rows["population_total"][1], Is.EqualTo(population.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("de-DE"))));
            Assert.That(rows["population_total"][2], Is.EqualTo("613.487"), "the city, 2024");
            Assert.That(html, Does.Contain("<h1>Hörde und Hörde im Vergleich</h1>"));
            Assert.That(html, Does.Contain("<th scope=\"col\">NRW</th>").And.Contain("<th scope=\"col\">Deutschland</th>"));
            Assert.That(html, Does.Contain("<option value=\"statistischer_bezirk:530\" selected>Hörde (530)</option>"), "the form shows the areas compared");
            // Every published value of the table opens its provenance, the benchmarks' too.
            var linked = 0;
            foreach (var id in rows.Keys)
                foreach (var (level, code) in new[] { ("stadtbezirk", "80"), ("statistischer_bezirk", "530"), ("stadt", "05913000"), ("land", "05"), ("bund", "DG") })
                    if (data.Find(id, view.LatestYear(id), level, code) is { } value)
                    {
                        linked++;
                        Assert.That(html, Does.Contain($"<a class=\"provenance\" href=\"/herkunft/{id}?jahr={value.Year}&amp;ebene={level}&amp;bezirk={code}\">"),
                            $"{id} {level} {code}: the value opens its provenance");
                    }
            Assert.That(linked, Is.GreaterThan(rows.Count * 2), "values of both areas and of the benchmarks are linked");
        }
        var english = pages.Compare(en, hoerde, hoerdeSb);
        Assert.That(english, Does.Contain("<h1>Hörde and Hörde compared</h1>").And.Contain("Germany"));
        Assert.That(CompareRows(english)["population_total"][2], Is.EqualTo("613,487"));
    }

    [Test]
    public void Compare_SuppressedValue_ShowsTheSameSymbolAsTheProfile()
    {
        var view = new AtlasView(data, City.Load(RepoPaths.Root), de);
        var secret = data.Values.First(v => v.Level == "statistischer_bezirk" && v.Value is null && v.Year == view.LatestYear(v.Indicator));
        var area = Area($"statistischer_bezirk:{secret.Code}");
        var compare = pages.Compare(de, area, Area("stadt:05913000"));
        var profile = pages.District(de, secret.Code, "statistischer_bezirk")!;
        var cell = $"<abbr class=\"mark secret\" title=\"{de.Reason(secret)}\">.</abbr>";
        Assert.That(Regex.Match(compare, $"<a href=\"/indikatoren/{secret.Indicator}\">.*?</tr>", RegexOptions.Singleline).Value, Does.Contain(cell));
        Assert.That(Regex.Match(profile, $"<a href=\"/indikatoren/{secret.Indicator}\\?[^\"]*\">.*?</tr>", RegexOptions.Singleline).Value, Does.Contain(cell));
    }

    [Test]
    public void Compare_CollidingCodes_AreTellingApartByTheirLevel()
    {
        var html = pages.Compare(de, Area("stadtbezirk:110"), Area("statistischer_bezirk:110"));
        Assert.That(html, Does.Contain("<h1>Huckarde und Brechten im Vergleich</h1>"));
        Assert.That(html, Does.Contain("<a href=\"/bezirke/110\">Huckarde</a> (Stadtbezirk 110)").And.Contain("<a href=\"/bezirke/110?ebene=statistischer_bezirk\">Brechten</a> (Statistischer Bezirk 110)"));
    }

    [TestCase(null, CompareProblemKind.Missing, "", "Der Parameter „a“ fehlt. Erwartet wird ein Gebiet als Ebene:Schlüssel, zum Beispiel stadtbezirk:10.")]
    [TestCase("80", CompareProblemKind.Malformed, "80", "Der Parameter „a“ ist „80“. Erwartet wird Ebene:Schlüssel mit einer der Ebenen stadt, stadtbezirk, statistischer_bezirk, zum Beispiel stadtbezirk:10.")]
    [TestCase("land:05", CompareProblemKind.Malformed, "land:05", null)]
    [TestCase("stadtbezirk:", CompareProblemKind.Malformed, "stadtbezirk:", null)]
    [TestCase("statistischer_bezirk:999", CompareProblemKind.Unknown, "statistischer_bezirk:999", "Der Parameter „a“ ist „statistischer_bezirk:999“, aber auf dieser Ebene ist kein Gebiet mit diesem Schlüssel veröffentlicht.")]
    [TestCase("stadtbezirk:530", CompareProblemKind.Unknown, "stadtbezirk:530", null)]
    [TestCase("stadt:01001000", CompareProblemKind.Unknown, "stadt:01001000", null)]
    public void Compare_BadParameter_SaysWhichAndWhatWasExpected(string? value, CompareProblemKind kind, string quoted, string? message)
    {
        var (area, problem) = AtlasCompare.Parse(new AtlasView(data, City.Load(RepoPaths.Root), de), "a", value);
        Assert.That(area, Is.Null);
        Assert.That(problem, Is.EqualTo(new CompareProblem("a", kind, quoted)));
        var html = pages.CompareProblem(de, problem!);
        Assert.That(html, Does.Contain("<h1>Vergleich nicht möglich</h1>"));
        if (message is not null)
            Assert.That(Text(html), Does.Contain(message));
    }

    [Test]
    public void Compare_BadParameter_IsQuotedEscapedAndShort()
    {
        var attack = "<script>alert(1)</script>" + new string('x', 500);
        var (_, problem) = AtlasCompare.Parse(new AtlasView(data, City.Load(RepoPaths.Root), de), "b", attack);
        var html = pages.CompareProblem(en, problem!);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(problem!.Value, Has.Length.EqualTo(41), "40 characters and an ellipsis");
            Assert.That(html, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt;").And.Not.Contain("<script>alert"));
            Assert.That(Text(html), Does.Contain("The parameter “b” is “<script>alert(1)</script>xxxxxxxxxxxxxxx…”. Expected level:code"));
        }
    }

    [Test]
    public void Profiles_OfferComparisonsWithTheirParentAndTheCity()
    {
        var hoerde = pages.District(de, "530", "statistischer_bezirk")!;
        var stadtbezirk = pages.District(en, "80")!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(hoerde, Does.Contain("<a href=\"/vergleich?a=statistischer_bezirk%3A530&amp;b=stadtbezirk%3A80\">Vergleichen mit Hörde</a>"));
            Assert.That(hoerde, Does.Contain("<a href=\"/vergleich?a=statistischer_bezirk%3A530&amp;b=stadt%3A05913000\">Vergleichen mit Dortmund</a>"));
            Assert.That(hoerde, Does.Contain("<input type=\"hidden\" name=\"a\" value=\"statistischer_bezirk:530\" />"), "and a form for any other area");
            Assert.That(stadtbezirk, Does.Contain("<a href=\"/vergleich?a=stadtbezirk%3A80&amp;b=stadt%3A05913000&amp;lang=en\">Compare with Dortmund</a>"));
        }
    }

    [Test]
    public void IndicatorRanking_ReachedFromAProfile_MarksThatDistrict()
    {
        var profile = pages.District(de, "530", "statistischer_bezirk")!;
        Assert.That(profile, Does.Contain("<a href=\"/indikatoren/unemployment_density?ebene=statistischer_bezirk&amp;bezirk=530\">"), "the profile's link names the district");
        var html = pages.Indicator(de, "unemployment_density", 2023, "statistischer_bezirk", "530")!;
        var value = data.Find("unemployment_density", 2023, "statistischer_bezirk", "530")!;
        var row = Regex.Match(html, "<tr class=\"marked\">.*?</tr>", RegexOptions.Singleline).Value;
        var ranking = Regex.Match(html, "<svg [^>]*aria-labelledby=\"ranking-t ranking-d\".*?</svg>", RegexOptions.Singleline).Value;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Regex.Matches(html, "<tr class=\"marked\">").Count, Is.EqualTo(1));
            Assert.That(Text(row), Does.Contain("Hörde").And.Contain("(Ihre Auswahl)").And.Contain("530").And.Contain(de.Shown(value, 1)));
            Assert.That(Regex.Matches(ranking, "class=\"label marked\">Hörde</text>").Count, Is.EqualTo(1), "the chart marks the same bar");
            Assert.That(Regex.Matches(ranking, $"fill=\"{TalentData.Cli.Atlas.Svg.MarkedBar}\"").Count, Is.EqualTo(value.Value is null ? 0 : 1));
        }
        Assert.That(pages.Indicator(en, "unemployment_density", 2023, "statistischer_bezirk", "530")!, Does.Contain("(your choice)"));
        var unmarked = pages.Indicator(de, "unemployment_density", 2023, "statistischer_bezirk", null)!;
        Assert.That(unmarked, Does.Not.Contain("class=\"marked\"").And.Not.Contain("label marked").And.Not.Contain(TalentData.Cli.Atlas.Svg.MarkedBar), "without a district named, nothing is marked");
        Assert.That(pages.Indicator(de, "unemployment_density", 2023, "statistischer_bezirk", "999")!, Does.Not.Contain("class=\"marked\""), "an unknown district marks nothing");
    }
}
