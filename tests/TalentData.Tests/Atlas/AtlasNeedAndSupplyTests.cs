using System.Text.RegularExpressions;
using TalentData.Atlas;
using TalentData.Cli.Atlas;
using TalentData.Cli.Atlas.Pages;
using TalentData.Project;
using TalentData.Tests.Publishing;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Atlas;

/// <summary>
/// The Bedarf-und-Angebot page and the NeedAndSupply component over the shared sample publication (its exports only):
/// what they name, link and show is what the published dataset says.
/// </summary>
public sealed class AtlasNeedAndSupplyTests
{
    static readonly Lazy<(AtlasData Data, AtlasPages Pages)> Shared = new(() =>
    {
        var data = AtlasData.Load(SamplePublication.Instance.Exports, Path.Combine(RepoPaths.Sql, "reference", "indicators.csv"));
        return (data, new AtlasPages(data, City.Load(RepoPaths.Root)));
    });

    static AtlasData Data => Shared.Value.Data;
    static AtlasPages Pages => Shared.Value.Pages;
    readonly AtlasText de = new("de");
    readonly AtlasText en = new("en");

    static string Text(string html) => System.Net.WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", " "));

    /// <summary>The part of the page about one level: from its heading to the next level's (the Stadtbezirke come first).</summary>
    static string LevelPart(string html, string level)
    {
        var start = html.IndexOf($"id=\"{level}-h\"", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThan(0), $"the page has a section for {level}");
        var end = level == "stadtbezirk" ? html.IndexOf("id=\"statistischer_bezirk-h\"", StringComparison.Ordinal) : html.Length;
        return html[start..end];
    }

    [Test]
    public void Page_NamesPerLevelExactlyTheDistrictsWhereNeedIsAboveAndSupplyBelowTheCity()
    {
        var html = Pages.NeedAndSupply(de);
        Assert.That(Data.NeedAndSupply.Rows, Has.Count.EqualTo(12 * 6 + 62), "the published rows were read");
        using (Assert.EnterMultipleScope())
        {
            foreach (var level in new[] { "stadtbezirk", "statistischer_bezirk" })
            {
                var part = LevelPart(html, level);
                var named = Regex.Match(part, "class=\"named\">(.*?)</section>", RegexOptions.Singleline).Groups[1].Value;
                foreach (var pair in Data.NeedAndSupply.PairsAt(level))
                {
                    var rows = Data.NeedAndSupply.Of(level, pair);
                    var title = NeedSupplyTable.PairTitle(new AtlasView(Data, City.Load(RepoPaths.Root), de), pair);
                    var item = Regex.Matches(named, "<li><strong>(.*?)</strong>(.*?)</li>", RegexOptions.Singleline)
                        .Where(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value) == title).Select(m => m.Groups[2].Value).SingleOrDefault() ?? "";
                    Assert.That(item, Is.Not.Empty, $"{level}: {pair.Key} is listed");
                    var linked = Regex.Matches(item, "href=\"/bezirke/([0-9]+)").Select(m => m.Groups[1].Value).ToList();
                    Assert.That(linked, Is.EqualTo(rows.Where(r => r.HighNeedLowSupply == true).Select(r => r.Code).ToList()), $"{level}: {pair.Key}");
                }
            }
            // the child SGB II rate has no city value: nothing can be compared, which the page says instead of "no district"
            Assert.That(Text(LevelPart(html, "stadtbezirk")), Does.Contain("offen – es fehlt ein Vergleichswert"));
            Assert.That(Text(html), Does.Contain("Ein Bezirk wird genannt, wenn sein Bedarfswert über dem Wert der Stadt Dortmund liegt und sein Angebotswert darunter"));
        }
    }

    [Test]
    public void Page_HasATablePerPairAndLevel_WithTheCityAndEveryDistrictLinkedToProfileAndOffers()
    {
        var html = Pages.NeedAndSupply(de);
        var tables = Regex.Matches(html, "<table>").Count;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(tables, Is.EqualTo(Data.NeedAndSupply.PairsAt("stadtbezirk").Count + Data.NeedAndSupply.PairsAt("statistischer_bezirk").Count));
            Assert.That(Regex.Matches(html, "<tr class=\"total\"><th scope=\"row\">Stadt Dortmund</th>").Count, Is.EqualTo(tables), "every table opens with the city's values");
            foreach (var (level, code, _) in Data.Areas("stadtbezirk"))
                Assert.That(html, Does.Contain($"href=\"/bezirke/{code}\"").And.Contain($"href=\"/angebote/bezirke/{code}\""), code);
            foreach (var (level, code, _) in Data.Areas("statistischer_bezirk"))
                Assert.That(html, Does.Contain($"href=\"/bezirke/{code}?ebene=statistischer_bezirk\"").And.Contain($"href=\"/angebote/bezirke/{code}?ebene=statistischer_bezirk\""), code);
        }
    }

    [Test]
    public void Page_ShowsASecretNeedValueAsItsMark_AndItsComparisonAsOpen()
    {
        var secret = Data.NeedAndSupply.Rows.First(r => r.Need.Value.Status == ".");
        var html = Pages.NeedAndSupply(de);
        var profile = secret.Level == "statistischer_bezirk" ? $"/bezirke/{secret.Code}?ebene=statistischer_bezirk" : $"/bezirke/{secret.Code}";
        var row = Regex.Match(html, $"<tr><th scope=\"row\"><a href=\"{Regex.Escape(profile)}\">.*?</tr>").Value;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(row, Does.Contain("class=\"mark secret\"").And.Contain(">.</abbr>"));
            Assert.That(Text(row), Does.Contain("offen (ein Wert fehlt)"));
            Assert.That(secret.HighNeedLowSupply, Is.Null);
        }
    }

    [Test]
    public void Page_InEnglish_HasEnglishTextsReasonsAndNumbers()
    {
        var html = Pages.NeedAndSupply(en);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Contain("<html lang=\"en\">").And.Contain("<h1>Need and supply</h1>"));
            Assert.That(Text(html), Does.Contain("Open youth work often reaches unemployed young people"));
            Assert.That(Text(html), Does.Contain("per 1,000 residents aged 6–24"));
            Assert.That(Text(html), Does.Not.Contain("Warum dieses Paar"));
        }
    }

    [Test]
    public void NavigationAndHome_LinkThePage()
    {
        var home = Pages.Home(de);
        Assert.That(Regex.Matches(home, "href=\"/bedarf-und-angebot\"").Count, Is.EqualTo(2), "once in the navigation, once on the home page");
        Assert.That(Pages.Methodology(en), Does.Contain("href=\"/bedarf-und-angebot?lang=en\""), "the navigation keeps the language");
    }

    [Test]
    public void Component_ShowsOneDistrictsPairsBesideTheCity_AndNothingForAnUnknownArea()
    {
        var stadtbezirk = Pages.Render<NeedAndSupply>(de, new() { ["Code"] = "20" });
        var statistischerBezirk = Pages.Render<NeedAndSupply>(de, new() { ["Code"] = "050", ["Level"] = "statistischer_bezirk" });
        var unknown = Pages.Render<NeedAndSupply>(de, new() { ["Code"] = "999" });
        var expected = Data.NeedAndSupply.For("stadtbezirk", "20");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Regex.Matches(stadtbezirk, "<tr><th scope=\"row\">").Count, Is.EqualTo(expected.Count).And.EqualTo(6));
            Assert.That(Text(stadtbezirk), Does.Contain("Bedarf und Angebot in Innenstadt-Nord"));
            var first = expected.First(r => r.Need.Value.Value is not null && r.Need.City is not null);
            Assert.That(Text(stadtbezirk), Does.Contain(de.Number(first.Need.Value.Value!.Value, 1)).And.Contain(de.Number(first.Need.City!.Value!.Value, 1)));
            Assert.That(Regex.Matches(statistischerBezirk, "<tr><th scope=\"row\">").Count, Is.EqualTo(1));
            Assert.That(Text(statistischerBezirk), Does.Contain("Bedarf und Angebot in Nordmarkt"));
            Assert.That(unknown.Trim(), Is.Empty);
        }
    }

    [Test]
    public void WithoutThePublishedDataset_ThePageSaysSo_AndNothingLinksIt()
    {
        using var dir = new TempDir();
        var data = AtlasData.Load(dir.Path, Path.Combine(RepoPaths.Sql, "reference", "indicators.csv"));
        var pages = new AtlasPages(data, City.Load(RepoPaths.Root));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Text(pages.NeedAndSupply(de)), Does.Contain("noch nicht veröffentlicht"));
            Assert.That(pages.Home(de), Does.Not.Contain("href=\"/bedarf-und-angebot\""));
        }
    }
}
