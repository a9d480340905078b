using System.Globalization;
using Microsoft.AspNetCore.Components;
using TalentData.Atlas;
using TalentData.Project;

namespace TalentData.Cli.Atlas;

/// <summary>
/// What one page render sees: the published data, the city of config/city.yaml and the page language. The city,
/// its benchmarks and the tile map come from the configuration, so no page names a city of its own.
/// </summary>
public sealed class AtlasView(AtlasData data, City city, AtlasText text)
{
    public AtlasData Data { get; } = data;
    public City City { get; } = city;
    public AtlasText T { get; } = text;

    /// <summary>
    /// The scheme and host this page was asked for (no trailing slash), for what must name the site in full: the embed
    /// snippet another site pastes. Empty where nothing needs it; pages that use it are cached per origin.
    /// </summary>
    public string Origin { get; init; } = "";

    /// <summary>Where the release's values come from (its ledger); null where it is not read or not readable.</summary>
    public ReleaseProvenance? Provenance { get; init; }

    /// <summary>
    /// The sources of an indicator as people name them: the publisher, and for sample data that the numbers are made
    /// up in that publisher's format (no publisher is credited with made-up values). Without the release's ledger the
    /// values dataset's credits stand for all (a source id is no name for a reader).
    /// </summary>
    public string SourceNames(AtlasIndicator indicator) => string.Join("; ", indicator.Sources
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(id => Provenance?.Sources.GetValueOrDefault(id)?.FirstOrDefault() is { } file
            ? !file.Synthetic ? file.Publisher
              : file.RealPeriods.Count > 0 ? T.Format("SourcePartlySample", file.Publisher, string.Join(", ", file.RealPeriods))
              : T.Format("SourceSample", file.Publisher)
            : null)
        .OfType<string>()
        .DefaultIfEmpty(string.Join("; ", Data.Attributions))
        .Distinct());

    public const string ValuesCsv = "/opendata/" + AtlasData.ValuesDataset + "/latest/data.csv";

    /// <summary>A query string with the given parameters and the language; the pages encode it into the link.</summary>
    public string Query(params (string Key, string? Value)[] parameters)
    {
        var all = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).ToList();
        if (T.En) all.Add(("lang", "en"));
        return all.Count == 0 ? "" : "?" + string.Join("&", all.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}"));
    }

    public int LatestYear(string indicator) => Data.Years(indicator).DefaultIfEmpty(0).Max();

    public string Released => Data.ReleasedAt is { } r ? T.Date(r) : "–";

    /// <summary>The marks of missing numbers (and zeros) among these values, in the order the legends list them.</summary>
    public static IReadOnlyList<ValueMark> MarksIn(IEnumerable<AtlasValue?> values)
    {
        var found = values.Select(AtlasText.Mark).ToHashSet();
        return new[] { ValueMark.Secret, ValueMark.NotAvailable, ValueMark.NotReliable, ValueMark.Zero }.Where(found.Contains).ToList();
    }

    /// <summary>The published indicator values as readers know the dataset: its title, or its folder name when it has none.</summary>
    public string ValuesTitle => Data.Datasets.FirstOrDefault(d => d.Slug == AtlasData.ValuesDataset)?.Title is { Length: > 0 } title ? title : AtlasData.ValuesDataset;

    public AtlasValue? CityValue(string indicator, int year) => Data.Find(indicator, year, "stadt", City.Key);
    public AtlasValue? StateValue(string indicator, int year) => Data.Find(indicator, year, "land", City.State.Code);
    public AtlasValue? CountryValue(string indicator, int year) => Data.Find(indicator, year, "bund", City.Country.Code);

    public string StateName => T.En ? City.State.NameEn : City.State.Name;
    public string CountryName => T.En ? City.Country.NameEn : City.Country.Name;

    public string Level(string level) => level switch
    {
        "stadt" => T.Format("LevelCity", City.Name),
        "stadtbezirk" => T["LevelStadtbezirke"],
        "statistischer_bezirk" => T["LevelStatistischeBezirke"],
        "land" => StateName,
        "bund" => CountryName,
        _ => level,
    };

    /// <summary>A district level after "Karte"/"Rangfolge": "der statistischen Bezirke" (German declines it).</summary>
    public string LevelOf(string level) => level switch
    {
        "stadtbezirk" => T["OfLevelStadtbezirke"],
        "statistischer_bezirk" => T["OfLevelStatistischeBezirke"],
        _ => Level(level),
    };

    /// <summary>One area's kind and number: "Stadtbezirk 20", "Statistischer Bezirk 530".</summary>
    public string KindAndCode(string level, string code) => level switch
    {
        "stadtbezirk" => $"{T["KindStadtbezirk"]} {code}",
        "statistischer_bezirk" => $"{T["KindStatistischerBezirk"]} {code}",
        _ => Level(level),
    };

    /// <summary>The tile of a Stadtbezirk on the schematic map, when config/city.yaml places it.</summary>
    public (int Column, int Row)? Tile(string stadtbezirk) =>
        City.DistrictTiles.TryGetValue(stadtbezirk, out var at) ? (at[0], at[1]) : null;

    /// <summary>
    /// An area of the city by code. Codes repeat across levels (Stadtbezirk 110, statistischer Bezirk 110), so links to
    /// a statistischer Bezirk carry ebene=statistischer_bezirk; without it the Stadtbezirk wins.
    /// </summary>
    public (string Level, string Code, string Name)? Area(string code, string? level)
    {
        var candidates = level == "statistischer_bezirk"
            ? Data.Areas("statistischer_bezirk")
            : Data.Areas("stadtbezirk").Concat(Data.Areas("statistischer_bezirk"));
        return candidates.Where(a => a.Code == code).Select(a => ((string, string, string)?)a).FirstOrDefault();
    }

    /// <summary>
    /// Areas in the order of their numbers: Stadtbezirk 20 before 100, as people count them, not as text sorts them.
    /// A code that is no number (none is published so) goes last, in text order.
    /// </summary>
    public static IReadOnlyList<(string Level, string Code, string Name)> ByNumber(IEnumerable<(string Level, string Code, string Name)> areas) =>
        areas.OrderBy(a => int.TryParse(a.Code, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue)
            .ThenBy(a => a.Code, StringComparer.Ordinal).ToList();

    /// <summary>The Stadtbezirk a statistischer Bezirk belongs to, as the population dataset publishes it.</summary>
    public (string Level, string Code, string Name)? Parent(string level, string code) =>
        level == "statistischer_bezirk" && Data.Parents.TryGetValue(code, out var parent) ? Area(parent, "stadtbezirk") : null;

    /// <summary>The statistische Bezirke of a Stadtbezirk, by number.</summary>
    public IReadOnlyList<(string Level, string Code, string Name)> Children(string stadtbezirk) =>
        ByNumber(Data.Areas("statistischer_bezirk").Where(a => Data.Parents.GetValueOrDefault(a.Code) == stadtbezirk));

    /// <summary>
    /// The profile of an area; a statistischer Bezirk carries its level, since its code may be a Stadtbezirk's too.
    /// The city has no profile of its own: its figures are the home page.
    /// </summary>
    public string Profile(string level, string code) => level switch
    {
        "stadt" => $"/{Query()}",
        "statistischer_bezirk" => $"/bezirke/{code}{Query(("ebene", level))}",
        _ => $"/bezirke/{code}{Query()}",
    };

    /// <summary>Where a search result leads: an indicator's page or an area's profile.</summary>
    public string Link(SearchHit hit) =>
        hit.Level == SearchHit.IndicatorLevel ? $"/indikatoren/{Uri.EscapeDataString(hit.Code)}{Query()}" : Profile(hit.Level, hit.Code);

    /// <summary>Server-rendered SVG from <see cref="Svg"/>, which escapes every text it puts into it.</summary>
    public static MarkupString Markup(string svg) => new(svg);
}
