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
            Assert.That(Text(html), Does.Contain("12 Stadtbezirke mit ihren 62 Statistische Bezirke"));
        }
        Assert.That(Text(pages.Districts(en)), Does.Contain("12 City districts with their 62 Statistical districts"));
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
}
