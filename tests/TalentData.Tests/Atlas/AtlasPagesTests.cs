using System.Text.RegularExpressions;
using TalentData.Atlas;
using TalentData.Cli.Atlas;
using TalentData.Cli.Atlas.Pages;
using TalentData.Project;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Atlas;

/// <summary>The atlas pages rendered from a real sample publication (the exports only).</summary>
[NonParallelizable]
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
        Assert.That(repo.Run().Succeeded, Is.True);
        data = AtlasData.Load(Path.Combine(repo.Data, "exports"), Path.Combine(repo.Root, "sql", "reference", "indicators.csv"));
        pages = new AtlasPages(data, City.Load(RepoPaths.Root));
    }

    [OneTimeTearDown]
    public void CleanUp() => repo.Dispose();

    /// <summary>The text a reader sees: tags dropped, character references (the renderer writes + as &amp;#x2B;) resolved.</summary>
    static string Text(string html) => System.Net.WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", " "));

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
            Assert.That(Regex.Matches(html, "role=\"img\" aria-labelledby=").Count, Is.EqualTo(3));
            Assert.That(html, Does.Contain("<option value=\"2023\" selected>"));
            Assert.That(html, Does.Contain("<option value=\"050\" selected>Nordmarkt</option>"));
            Assert.That(Text(html), Does.Contain(expected));
            Assert.That(html, Does.Contain(AtlasView.ValuesCsv), "every chart links the exact download");
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
        var expectedIndicators = data.Indicators.Count(i => data.Levels(i.Id).Contains("statistischer_bezirk"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Contain("<h1>Hörde</h1>"));
            Assert.That(Regex.Matches(html, "<tr><th scope=\"row\"><a href=\"/indikatoren/").Count, Is.EqualTo(expectedIndicators));
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
        Assert.That(html, Does.Contain("–").And.Contain("geheim"));
        Assert.That(html, Does.Not.Contain("0"));
    }

    [Test]
    public void EveryPage_IsWellFormedAndHasOneH1AndLabelledControls()
    {
        foreach (var (name, html) in new[]
        {
            ("home", pages.Home(de)), ("indicator", pages.Indicator(de, "population_share_non_german", null, null, null)!),
            ("district", pages.District(en, "20")!), ("districts", pages.Districts(de)), ("methodik", pages.Methodology(de)), ("downloads", pages.Downloads(de)),
        })
        {
            Assert.That(Regex.Matches(html, "<h1[ >]").Count, Is.EqualTo(1), name);
            foreach (Match select in Regex.Matches(html, "<select id=\"([^\"]+)\""))
                Assert.That(html, Does.Contain($"<label for=\"{select.Groups[1].Value}\">"), $"{name}: select {select.Groups[1].Value} has a label");
            Assert.That(Regex.Matches(html, "<svg ").Count, Is.EqualTo(Regex.Matches(html, "<svg [^>]*role=\"img\"[^>]*><title id=").Count), $"{name}: every chart has a title");
            Assert.That(Regex.Matches(html, "<table>").Count, Is.EqualTo(Regex.Matches(html, "<table><caption>").Count), $"{name}: every table has a caption");
            Assert.That(html, Does.Not.Contain("http://").And.Not.Contain("https://"), $"{name}: no third-party requests");
        }
    }

    [Test]
    public void Palette_MeetsWcagAaContrastForTextOnEveryStep()
    {
        foreach (var (fill, text) in Svg.Scale)
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
