using TalentData.Atlas;

namespace TalentData.Cli.Atlas;

/// <summary>
/// What the offers pages (/angebote and /angebote/bezirke/&lt;code&gt;) show, worked out once per render: the choices
/// a reader made, their names in the page language, the places and programmes they leave, and the links that make
/// every single choice a plain address (so the static site holds it and the page works without JavaScript).
/// </summary>
public sealed class OffersView(AtlasView view)
{
    public const string Directory = "/angebote";
    public const string NeedAndSupply = "/bedarf-und-angebot";
    public const string Suggest = "/angebote/vorschlagen";

    /// <summary>The query parameters of the directory's filters.</summary>
    public const string TargetGroupParameter = "zielgruppe", KindParameter = "art", DistrictParameter = "bezirk";

    AtlasText T => view.T;
    AtlasOffers Offers => view.Data.Offers;

    /// <summary>The Stadtbezirke a reader can choose: those the publication names, by number.</summary>
    public IReadOnlyList<(string Level, string Code, string Name)> Stadtbezirke => AtlasView.ByNumber(view.Data.Areas("stadtbezirk"));

    /// <summary>Whether the directory knows every value chosen (an unknown one is answered with the not-found page).</summary>
    public bool Knows(string? targetGroup, string? kind, string? stadtbezirk) =>
        (targetGroup is null || AtlasOffers.TargetGroups.Contains(targetGroup))
        && (kind is null || Offers.PlaceKinds.Contains(kind) || Offers.ProgrammeKinds.Contains(kind))
        && (stadtbezirk is null || Stadtbezirke.Any(s => s.Code == stadtbezirk));

    public string TargetGroup(string group) => group switch
    {
        "children" => T["Group_children"],
        "young_people" => T["Group_young_people"],
        "adults" => T["Group_adults"],
        _ => group,
    };

    public string TargetGroups(IEnumerable<string> groups) => string.Join(", ", groups.Select(TargetGroup));

    /// <summary>
    /// A kind of place (angebote-orte) or of programme (the kinds of talent_programmes.schema.yaml) in the page
    /// language; a kind the texts do not know yet shows its code.
    /// </summary>
    public string Kind(string kind) => kind switch
    {
        "schule" => T["Kind_schule"],
        "kindertageseinrichtung" => T["Kind_kindertageseinrichtung"],
        "jugendfreizeitstaette" => T["Kind_jugendfreizeitstaette"],
        "bibliothek" => T["Kind_bibliothek"],
        "volkshochschule" => T["Kind_volkshochschule"],
        "school_programme" => T["Kind_school_programme"],
        "scouting" => T["Kind_scouting"],
        "mentoring" => T["Kind_mentoring"],
        "scholarship" => T["Kind_scholarship"],
        "foundation" => T["Kind_foundation"],
        "chamber" => T["Kind_chamber"],
        "club" => T["Kind_club"],
        "cultural_education" => T["Kind_cultural_education"],
        "vocational_orientation" => T["Kind_vocational_orientation"],
        _ => kind,
    };

    public string StadtbezirkName(string code) => Stadtbezirke.FirstOrDefault(s => s.Code == code).Name ?? code;

    /// <summary>The districts a programme serves, as readers name them: "stadtweit", or the Stadtbezirke's names.</summary>
    public string Serves(AtlasProgramme programme) =>
        programme.CityWide ? T["CityWide"] : string.Join(", ", programme.Districts.Select(StadtbezirkName));

    /// <summary>When an entry was last checked, as people write a date; the published text where it is no date.</summary>
    public string Checked(AtlasProgramme programme) =>
        DateTime.TryParseExact(programme.Checked, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
            ? T.Date(date) : programme.Checked;

    /// <summary>The directory with one choice, or none: the links the static site can hold.</summary>
    public string DirectoryLink(string? key = null, string? value = null) => Directory + view.Query(key is null ? [] : [(key, value)]);

    /// <summary>The offers page of an area; a statistischer Bezirk carries its level, as on the profiles.</summary>
    public string DistrictLink(string level, string code) =>
        $"{Directory}/bezirke/{code}{view.Query(("ebene", level == "statistischer_bezirk" ? level : null))}";

    public string NeedAndSupplyLink => NeedAndSupply + view.Query();
    public string SuggestLink => Suggest + view.Query();

    /// <summary>
    /// The sample-data note of the offers pages: what of the places and the programmes is made up; empty when neither
    /// is (then no banner: these pages show no district values).
    /// </summary>
    public string SampleNote => string.Join(" ", new[]
    {
        Offers.PlacesSynthetic ? T["OffersSamplePlaces"] : "",
        Offers.ProgrammesSynthetic ? T["OffersSampleProgrammes"] : "",
    }.Where(s => s.Length > 0));

    /// <summary>The places of the list grouped by target group, in the order of <see cref="AtlasOffers.TargetGroups"/>; a place for several groups is under each.</summary>
    public static IReadOnlyList<(string Group, IReadOnlyList<AtlasPlace> Places)> ByTargetGroup(IEnumerable<AtlasPlace> places)
    {
        var list = places.ToList();
        return [.. AtlasOffers.TargetGroups
            .Select(g => (g, (IReadOnlyList<AtlasPlace>)[.. list.Where(p => p.TargetGroups.Contains(g)).OrderBy(p => p.Name, StringComparer.CurrentCulture)]))
            .Where(g => g.Item2.Count > 0)];
    }

    /// <summary>
    /// The places' points on the city's outline (the Kreis of config/city.yaml in the Kreise boundaries); without the
    /// boundaries the points alone. Null when no place has a point.
    /// </summary>
    public string? Map(string id, string areaName, IReadOnlyList<AtlasPlace> places)
    {
        var points = places.Where(p => p.Latitude is not null && p.Longitude is not null)
            .Select(p => (p.Longitude!.Value, p.Latitude!.Value, $"{p.Name} ({Kind(p.Kind)})")).ToList();
        if (points.Count == 0)
            return null;
        var kreis = view.City.Key[..5];
        var outline = view.Data.Boundaries.FirstOrDefault(b => b.Code == kreis)?.Rings ?? [];
        var title = T.Format("PlacesMapTitle", areaName);
        var description = T.Format("PlacesMapDescription", points.Count, areaName, view.City.Name)
                          + (Offers.PlacesSynthetic ? " " + T["PlacesMapSynthetic"] : "");
        return Svg.PointMap(id, title, description, outline, points);
    }
}
