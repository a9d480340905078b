using System.Net;
using System.Text.RegularExpressions;
using TalentData.Atlas;
using TalentData.Cli.Atlas;
using TalentData.Project;
using TalentData.Publishing;
using TalentData.Tests.Publishing;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Atlas;

/// <summary>
/// The offers pages (/angebote, /angebote/bezirke/&lt;code&gt;) against the published files of the shared sample
/// publication: the test reads data.csv of angebote-orte and programme-partner itself and compares what each page
/// lists, row by row (every listed place and programme carries its id in data-ort / data-programm).
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class AtlasOffersTests
{
    AtlasData data = null!;
    AtlasPages pages = null!;
    List<Dictionary<string, string>> placeRows = null!, programmeRows = null!;
    readonly AtlasText de = new("de");
    readonly AtlasText en = new("en");

    [OneTimeSetUp]
    public void Load()
    {
        var exports = SamplePublication.Instance.Exports;
        data = AtlasData.Load(exports, Path.Combine(RepoPaths.Sql, "reference", "indicators.csv"), Path.Combine(RepoPaths.Root, AtlasData.BoundariesFile));
        pages = new AtlasPages(data, City.Load(RepoPaths.Root));
        placeRows = PublishedCsv.Rows(Path.Combine(exports, AtlasOffers.PlacesDataset, "latest", "data.csv"));
        programmeRows = PublishedCsv.Rows(Path.Combine(exports, AtlasOffers.ProgrammesDataset, "latest", "data.csv"));
        Assert.That(placeRows, Has.Count.GreaterThan(100), "the sample publishes places");
        Assert.That(programmeRows, Has.Count.GreaterThan(3), "the sample publishes programmes");
    }

    static IReadOnlyList<string> Listed(string html, string attribute) =>
        [.. Regex.Matches(html, $"data-{attribute}=\"(?<id>[^\"]*)\"").Select(m => WebUtility.HtmlDecode(m.Groups["id"].Value)).Distinct().Order(StringComparer.Ordinal)];

    static IReadOnlyList<string> Ids(IEnumerable<Dictionary<string, string>> rows, string column) =>
        [.. rows.Select(r => r[column]).Distinct().Order(StringComparer.Ordinal)];

    static bool ServesStadtbezirk(Dictionary<string, string> programme, string code) =>
        programme["bezirke"] == "stadtweit" || programme["bezirke"].Split('|').Contains(code);

    [Test]
    public void EveryStadtbezirk_ListsExactlyItsPublishedPlaces_AndTheProgrammesServingIt()
    {
        var stadtbezirke = data.Areas("stadtbezirk");
        Assert.That(stadtbezirke, Has.Count.EqualTo(12));
        using (Assert.EnterMultipleScope())
            foreach (var (_, code, name) in stadtbezirke)
            {
                var html = pages.DistrictOffers(de, code)!;
                Assert.That(Listed(html, "ort"), Is.EqualTo(Ids(placeRows.Where(r => r["stadtbezirk_nr"] == code), "ort_id")), $"places of {code} {name}");
                Assert.That(Listed(html, "programm"), Is.EqualTo(Ids(programmeRows.Where(r => ServesStadtbezirk(r, code)), "name")), $"programmes of {code} {name}");
            }
    }

    [Test]
    public void CityWideProgrammes_AppearOnEveryDistrictPage_OfBothLevels_AndOthersOnlyWhereTheyServe()
    {
        var cityWide = Ids(programmeRows.Where(r => r["bezirke"] == "stadtweit"), "name");
        Assert.That(cityWide, Is.Not.Empty, "the sample has city-wide programmes");
        var statistische = data.Areas("statistischer_bezirk");
        Assert.That(statistische, Has.Count.GreaterThan(20));
        using (Assert.EnterMultipleScope())
        {
            foreach (var (level, code, _) in data.Areas("stadtbezirk").Concat(statistische))
            {
                var listed = Listed(pages.DistrictOffers(en, code, level)!, "programm");
                Assert.That(listed, Is.SupersetOf(cityWide), $"{level} {code}");
                // A statistischer Bezirk shows what serves its Stadtbezirk (programmes name the Stadtbezirke they serve).
                var stadtbezirk = level == "stadtbezirk" ? code : data.Parents[code];
                Assert.That(listed, Is.EqualTo(Ids(programmeRows.Where(r => ServesStadtbezirk(r, stadtbezirk)), "name")), $"{level} {code}");
            }
        }
    }

    [Test]
    public void AStatistischerBezirk_ListsItsOwnPlaces_AndApartThoseOfItsStadtbezirkWithoutOne()
    {
        // a statistischer Bezirk with places of its own and a Stadtbezirk with places that name none
        var (code, name) = data.Areas("statistischer_bezirk")
            .Where(a => data.Parents.ContainsKey(a.Code) && placeRows.Any(r => r["statistischer_bezirk_nr"] == a.Code))
            .Select(a => (a.Code, a.Name)).First();
        var parent = data.Parents[code];
        var html = pages.DistrictOffers(de, code, "statistischer_bezirk")!;
        var text = WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", " "));
        var own = Ids(placeRows.Where(r => r["statistischer_bezirk_nr"] == code), "ort_id");
        var apart = Ids(placeRows.Where(r => r["stadtbezirk_nr"] == parent && r["statistischer_bezirk_nr"] == ""), "ort_id");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(own, Is.Not.Empty);
            Assert.That(apart, Is.Not.Empty, "youth facilities, libraries and VHS sites name their Stadtbezirk only");
            Assert.That(Listed(html, "ort"), Is.EqualTo(own));
            Assert.That(Listed(html, "ort-stadtbezirk"), Is.EqualTo(apart));
            Assert.That(text, Does.Contain($"dem statistischen Bezirk {name} zuordnet").And.Contain("nur den Stadtbezirk nennt"));
        }
    }

    [Test]
    public void ADistrictsOffersPage_SetsItsOwnNeedAndSupplyPairsBesideTheCity()
    {
        foreach (var (level, code) in new[] { ("stadtbezirk", "20"), ("statistischer_bezirk", "050") })
        {
            var html = pages.DistrictOffers(de, code, level)!;
            var pairs = data.NeedAndSupply.For(level, code);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(pairs, Is.Not.Empty, $"{level} {code} has pairs in the sample");
                Assert.That(html, Does.Contain($"id=\"bedarf-{level}-{code}\""), $"{level} {code}: the comparison of this district");
                Assert.That(Regex.Matches(html, "<section aria-labelledby=\"bedarf-").Count, Is.EqualTo(1), "one district's comparison only");
                Assert.That(WebUtility.HtmlDecode(html), Does.Contain($"Bedarf und Angebot in {pairs[0].Name}"));
            }
        }
    }

    [Test]
    public void TheDirectory_UnfilteredListsEverything_AndEachFilterNarrowsToExactlyTheMatchingRows()
    {
        static bool Has(Dictionary<string, string> row, string group) => row["zielgruppe"].Split('|').Contains(group);
        using (Assert.EnterMultipleScope())
        {
            var all = pages.Offers(de, null, null, null);
            Assert.That(Listed(all, "ort"), Is.EqualTo(Ids(placeRows, "ort_id")), "no filter: every place");
            Assert.That(Listed(all, "programm"), Is.EqualTo(Ids(programmeRows, "name")), "no filter: every programme");
            Assert.That(all, Does.Contain("<td>4. Dezember 2026</td>"), "the date checked as people write it (published 2026-12-04)");
            foreach (var group in AtlasOffers.TargetGroups)
            {
                var html = pages.Offers(de, group, null, null);
                Assert.That(Listed(html, "ort"), Is.EqualTo(Ids(placeRows.Where(r => Has(r, group)), "ort_id")), group);
                Assert.That(Listed(html, "programm"), Is.EqualTo(Ids(programmeRows.Where(r => Has(r, group)), "name")), group);
            }
            foreach (var kind in placeRows.Concat(programmeRows).Select(r => r["art"]).Distinct())
            {
                var html = pages.Offers(de, null, kind, null);
                Assert.That(Listed(html, "ort"), Is.EqualTo(Ids(placeRows.Where(r => r["art"] == kind), "ort_id")), kind);
                Assert.That(Listed(html, "programm"), Is.EqualTo(Ids(programmeRows.Where(r => r["art"] == kind), "name")), kind);
            }
            foreach (var (_, code, _) in data.Areas("stadtbezirk"))
            {
                var html = pages.Offers(de, null, null, code);
                Assert.That(Listed(html, "ort"), Is.EqualTo(Ids(placeRows.Where(r => r["stadtbezirk_nr"] == code), "ort_id")), code);
                Assert.That(Listed(html, "programm"), Is.EqualTo(Ids(programmeRows.Where(r => ServesStadtbezirk(r, code)), "name")), code);
            }
            var combined = pages.Offers(de, "young_people", null, "100");
            Assert.That(Listed(combined, "ort"), Is.EqualTo(Ids(placeRows.Where(r => Has(r, "young_people") && r["stadtbezirk_nr"] == "100"), "ort_id")));
            Assert.That(Listed(combined, "programm"), Is.EqualTo(Ids(programmeRows.Where(r => Has(r, "young_people") && ServesStadtbezirk(r, "100")), "name")));
            Assert.That(Listed(combined, "programm"), Does.Contain("Beispiel: Sportverein mit Talentgruppe").And.Not.Contain("Beispiel: Lesepaten an Grundschulen"),
                "a club for Stadtbezirk 100 is there, a children's programme of 20 and 50 is not");
        }
    }

    [Test]
    public void EverySingleFilter_IsAPlainLinkOfTheDirectory_SoTheStaticSiteHoldsIt()
    {
        var html = pages.Offers(de, null, null, null);
        var links = Regex.Matches(html, "href=\"(?<url>/angebote\\?[^\"]*)\"").Select(m => WebUtility.HtmlDecode(m.Groups["url"].Value)).ToHashSet();
        var expected = AtlasOffers.TargetGroups.Select(g => $"/angebote?zielgruppe={g}")
            .Concat(placeRows.Concat(programmeRows).Select(r => r["art"]).Distinct().Select(k => $"/angebote?art={k}"))
            .Concat(data.Areas("stadtbezirk").Select(a => $"/angebote?bezirk={a.Code}"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(links, Is.SupersetOf(expected));
            Assert.That(html, Does.Contain("<form method=\"get\" action=\"/angebote\""), "filters combine through a GET form, no script");
            foreach (var link in links)
                Assert.That(TalentData.Cli.Site.StaticSite.Holds(TalentData.Cli.Site.SiteAddress.Parse(link), TalentData.Cli.Site.SiteAddress.Parse("/angebote")), Is.True, link);
        }
    }

    [Test]
    public void TheDistrictPage_LinksNeedAndSupply_TheSuggestionForm_AndIsLinkedFromTheProfileAndTheNavigation()
    {
        var offers = pages.DistrictOffers(de, "20")!;
        var offersEn = pages.DistrictOffers(en, "20")!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(offers, Does.Contain("href=\"/bedarf-und-angebot\"").And.Contain("href=\"/angebote/vorschlagen\"").And.Contain("Fehlt ein Angebot?"));
            Assert.That(offersEn, Does.Contain("href=\"/bedarf-und-angebot?lang=en\"").And.Contain("href=\"/angebote/vorschlagen?lang=en\"").And.Contain("Is an offer missing?"));
            Assert.That(pages.District(de, "20")!, Does.Contain("href=\"/angebote/bezirke/20\""));
            Assert.That(pages.District(de, "110", "statistischer_bezirk")!, Does.Contain("href=\"/angebote/bezirke/110?ebene=statistischer_bezirk\""));
            Assert.That(pages.Home(en), Does.Contain("href=\"/angebote?lang=en\">Offers</a>"));
        }
    }

    [Test]
    public void TheDistrictPage_DrawsItsPlacesOnTheCityOutline_OnePointEach_AndSaysThePointsAreSynthetic()
    {
        var html = pages.DistrictOffers(de, "20")!;
        var points = placeRows.Count(r => r["stadtbezirk_nr"] == "20" && r["breite"].Length > 0 && r["laenge"].Length > 0);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Regex.Matches(html, "<circle ").Count, Is.EqualTo(points));
            Assert.That(html, Does.Contain("<path d=\"M"), "the city's outline from the Kreise boundaries");
            Assert.That(html, Does.Contain("Die Punkte sind synthetisch"));
        }
    }

    [Test]
    public void OffersPages_MarkSamplePlacesAndExampleProgrammes()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(data.Offers.PlacesSynthetic && data.Offers.ProgrammesSynthetic, Is.True, "both datasets say they are sample data");
            foreach (var t in new[] { de, en })
                foreach (var html in new[] { pages.Offers(t, null, null, null), pages.DistrictOffers(t, "20")! })
                {
                    Assert.That(html, Does.Contain("class=\"sample-banner\"").And.Contain(t.En ? DataOrigin.MarkEn : DataOrigin.MarkDe));
                    Assert.That(WebUtility.HtmlDecode(html), Does.Contain(t["OffersSamplePlaces"]).And.Contain(t["OffersSampleProgrammes"]));
                    Assert.That(Regex.Matches(html, "</a> <span class=\"example\">").Count, Is.EqualTo(Listed(html, "programm").Count), "every example entry is marked, apart from its name");
                }
        }
    }

    [Test]
    public void AnUnknownDistrict_HasNoOffersPage()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(pages.DistrictOffers(de, "999"), Is.Null);
            Assert.That(pages.DistrictOffers(de, "20", "statistischer_bezirk"), Is.Null, "20 is a Stadtbezirk, not a statistischer Bezirk");
        }
    }

    [Test]
    public void EveryKindAndTargetGroupOfTheSchemaAndThePlaces_HasANameInBothLanguages()
    {
        var schema = File.ReadAllText(Path.Combine(RepoPaths.Sql, "reference", "talent_programmes.schema.yaml"));
        static IEnumerable<string> Values(string yaml, string column) =>
            Regex.Match(yaml, $@"- name: {column}\n(?:\s+\w+:.*\n)*?\s+values: \[(?<v>[^\]]*)\]").Groups["v"].Value.Split(',', StringSplitOptions.TrimEntries);
        var kinds = Values(schema, "kind").Concat(placeRows.Select(r => r["art"]).Distinct()).ToList();
        var groups = Values(schema, "target_groups").ToList();
        Assert.That(kinds, Has.Count.GreaterThan(10));
        Assert.That(groups, Is.EquivalentTo(AtlasOffers.TargetGroups));
        using (Assert.EnterMultipleScope())
            foreach (var t in new[] { de, en })
            {
                var view = new OffersView(new AtlasView(data, City.Load(RepoPaths.Root), t));
                foreach (var kind in kinds)
                    Assert.That(view.Kind(kind), Is.Not.EqualTo(kind).And.Not.Empty, $"{t.Lang} {kind}");
                foreach (var group in groups)
                    Assert.That(view.TargetGroup(group), Is.Not.EqualTo(group).And.Not.Empty, $"{t.Lang} {group}");
            }
    }
}
