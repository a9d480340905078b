using TalentData.Cli.Site;

namespace TalentData.Tests.Cli;

/// <summary>How an atlas address becomes a file of the static site, and a link between two files.</summary>
public class SiteAddressTests
{
    [TestCase("/", "index.html")]
    [TestCase("/?lang=en", "en/index.html")]
    [TestCase("/bezirke/", "bezirke/index.html")]
    [TestCase("/bezirke/110?ebene=statistischer_bezirk&lang=en", "en/bezirke/110/ebene-statistischer_bezirk/index.html")]
    [TestCase("/indikatoren/x?lang=en&jahr=2024&ebene=stadtbezirk", "en/indikatoren/x/ebene-stadtbezirk/jahr-2024/index.html")]
    [TestCase("/indikatoren/x?jahr=&ebene=", "indikatoren/x/index.html")]
    [TestCase("/grafik/x/karte.svg?jahr=2024&ebene=stadtbezirk", "grafik/x/ebene-stadtbezirk/jahr-2024/karte.svg")]
    [TestCase("/vergleich?a=stadtbezirk%3A10&b=stadt:05913000", "vergleich/a-stadtbezirk~3A10/b-stadt~3A05913000/index.html")]
    [TestCase("/assets/atlas.css?v=64ab0c4f48af", "assets/atlas.css")]
    [TestCase("/suche?q=H%C3%B6rde", "suche/q-H~C3~B6rde/index.html")]
    [TestCase("/methodik#symbole", "methodik/index.html")]
    public void File_PutsLanguageAndChoicesIntoThePath(string address, string file) =>
        Assert.That(SiteAddress.File(address), Is.EqualTo(file));

    [Test]
    public void File_IsTheSameForTheSameChoicesInAnyOrder() =>
        Assert.That(SiteAddress.File("/herkunft/x?jahr=2024&bezirk=10&ebene=stadtbezirk&lang=en"),
            Is.EqualTo(SiteAddress.File("/herkunft/x?lang=en&ebene=stadtbezirk&jahr=2024&bezirk=10")));

    [TestCase("/indikatoren/../../etc/passwd")]
    [TestCase("/grafik/x/%2E%2E/karte.svg")]
    public void File_RefusesAnAddressThatLeavesItsFolder(string address) =>
        Assert.That(() => SiteAddress.File(address), Throws.ArgumentException.With.Message.Contains("'.' or '..'"));

    [TestCase("en/bezirke/10/index.html", "bezirke/index.html", "../../../bezirke/")]
    [TestCase("bezirke/10/index.html", "bezirke/10/index.html", "./")]
    [TestCase("index.html", "index.html", "./")]
    [TestCase("index.html", "assets/atlas.css", "assets/atlas.css")]
    [TestCase("indikatoren/x/index.html", "grafik/x/jahr-2024/karte.svg", "../../grafik/x/jahr-2024/karte.svg")]
    [TestCase("en/index.html", "index.html", "../")]
    public void Link_IsRelativeWithoutABaseUrl(string from, string to, string link) =>
        Assert.That(SiteAddress.Link(from, to, null), Is.EqualTo(link));

    [TestCase("index.html", "https://atlas.example.org/dortmund/")]
    [TestCase("en/bezirke/index.html", "https://atlas.example.org/dortmund/en/bezirke/")]
    [TestCase("grafik/x/karte.png", "https://atlas.example.org/dortmund/grafik/x/karte.png")]
    public void Link_IsUnderTheBaseUrlWhenOneIsGiven(string to, string link) =>
        Assert.That(SiteAddress.Link("en/indikatoren/x/index.html", to, "https://atlas.example.org/dortmund"), Is.EqualTo(link));

    [Test]
    public void Rewrite_ChangesOnlyInternalAddresses_AndTheCrawledHostInTheSnippet()
    {
        const string page = """<a href="/bezirke/?lang=en">B</a><a href="https://example.org/x">E</a><a href="#main">M</a><form action="/suche">"""
                          + """<code>&lt;iframe src=&quot;http://127.0.0.1:9/einbetten/x/karte?jahr=2024&amp;amp;ebene=stadtbezirk&quot;&gt;</code>""";
        var asked = new List<(string, SiteAddress.Place)>();
        var result = SiteAddress.Rewrite(page, "http://127.0.0.1:9", (address, place) =>
        {
            asked.Add((address, place));
            return "https://site.example/" + SiteAddress.File(address) + "?a&b";
        });
        Assert.That(asked, Is.EqualTo(new[] { ("/bezirke/?lang=en", SiteAddress.Place.Link), ("/suche", SiteAddress.Place.Form), ("/einbetten/x/karte?jahr=2024&ebene=stadtbezirk", SiteAddress.Place.Full) }));
        Assert.That(result, Is.EqualTo("""<a href="https://site.example/en/bezirke/index.html?a&amp;b">B</a><a href="https://example.org/x">E</a><a href="#main">M</a><form action="https://site.example/suche/index.html?a&amp;b">"""
                                     + """<code>&lt;iframe src=&quot;https://site.example/einbetten/x/karte/ebene-stadtbezirk/jahr-2024/index.html?a&amp;amp;b&quot;&gt;</code>"""));
    }

    [TestCase("/indikatoren/x?lang=en", null, true)]
    [TestCase("/indikatoren/x?jahr=2024&ebene=stadtbezirk&bezirk=10&lang=en", "/indikatoren/x?jahr=2024&ebene=stadtbezirk&bezirk=10", true)]
    [TestCase("/indikatoren/x?ebene=stadtbezirk&bezirk=10", "/bezirke/10", false)]
    [TestCase("/staedtevergleich/x?jahr=2020", "/staedtevergleich/x", false)]
    [TestCase("/bezirke/110?ebene=statistischer_bezirk", "/bezirke/", true)]
    [TestCase("/herkunft/x?jahr=2024&ebene=stadtbezirk&bezirk=10", "/bezirke/10", true)]
    [TestCase("/vergleich?a=stadtbezirk:10&b=stadt:05913000", "/bezirke/10", true)]
    [TestCase("/suche?q=H%C3%B6rde", "/", false)]
    [TestCase("/hangfire/talentdata", "/", false)]
    [TestCase("/angebote?zielgruppe=children&lang=en", "/angebote?lang=en", true)]
    [TestCase("/angebote?bezirk=20", "/bezirke/20", true)]
    [TestCase("/angebote?zielgruppe=children&bezirk=20", "/angebote", false)]
    [TestCase("/angebote/bezirke/110?ebene=statistischer_bezirk", "/angebote/bezirke/10", true)]
    [TestCase("/angebote/bezirke/10?zielgruppe=children", "/angebote", false)]
    [TestCase("/angebote/vorschlagen", "/angebote/bezirke/10", true)] // a notice that this copy takes no suggestions
    public void Holds_PagesWithTheChoicesTheirLinksCarry_WhereThoseAreFew(string address, string? from, bool held) =>
        Assert.That(StaticSite.Holds(SiteAddress.Parse(address), from is null ? null : SiteAddress.Parse(from)), Is.EqualTo(held));
}
