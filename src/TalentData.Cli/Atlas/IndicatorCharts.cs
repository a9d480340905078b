using System.Globalization;
using System.Text;
using TalentData.Atlas;

namespace TalentData.Cli.Atlas;

/// <summary>
/// The three charts of an indicator page (ranking, map, time series) for one choice of year, level and district,
/// worked out once: the page, the chart downloads (CSV, SVG, PNG) and the embed page all draw from this one object,
/// so a downloaded file holds exactly the numbers of the chart it was taken from.
/// </summary>
public sealed class IndicatorCharts
{
    /// <summary>The charts by their address name, in the order the page shows them.</summary>
    public static readonly IReadOnlyList<string> Kinds = [Ranking, Map, Series];
    public const string Ranking = "rangfolge", Map = "karte", Series = "verlauf";

    public AtlasView View { get; }
    public AtlasIndicator Indicator { get; }
    public IReadOnlyList<int> Years { get; }
    public int Year { get; }
    /// <summary>The district levels the indicator is published for (none for a city-only indicator).</summary>
    public IReadOnlyList<string> Levels { get; }
    public string Level { get; }
    public IReadOnlyList<(string Level, string Code, string Name)> Areas { get; }
    /// <summary>The district whose line the time series draws (the first one when the address names none).</summary>
    public string? Chosen { get; }
    /// <summary>The district the address names, marked in the ranking; null when it names none.</summary>
    public string? Marked { get; }
    public AtlasValue? City { get; }
    public IReadOnlyList<((string Level, string Code, string Name) Area, AtlasValue? Value)> RankingRows { get; }
    public IReadOnlyList<Svg.Tile> Tiles { get; }
    /// <summary>The level's districts at their real boundaries (config/city.yaml district_boundaries); empty where only tiles are configured.</summary>
    public IReadOnlyList<Svg.Shape> Shapes { get; }
    public IReadOnlyList<(Svg.Series Chart, string Level, string Code, Func<int, AtlasValue?> Value)> Lines { get; }
    public string RankTitle { get; }
    public string MapTitle { get; }
    public string SeriesTitle { get; }

    AtlasText T => View.T;
    AtlasData Data => View.Data;

    /// <summary>The charts of an indicator; null for an indicator the catalogue does not know.</summary>
    public static IndicatorCharts? For(AtlasView view, string id, int? year, string? level, string? area) =>
        view.Data.Indicator(id) is { } indicator ? new IndicatorCharts(view, indicator, year, level, area) : null;

    IndicatorCharts(AtlasView view, AtlasIndicator indicator, int? year, string? level, string? area)
    {
        View = view;
        Indicator = indicator;
        var id = indicator.Id;
        Years = Data.Years(id);
        Year = year is { } requested && Years.Contains(requested) ? requested : view.LatestYear(id);
        Levels = Data.Levels(id).Where(l => l is "stadtbezirk" or "statistischer_bezirk").ToList();
        Level = level is not null && Levels.Contains(level) ? level : Levels.FirstOrDefault() ?? "stadt";
        // A city-only indicator has no districts: the city is drawn once, as the city's line, not again as a "district".
        Areas = Levels.Count > 0 ? Data.Areas(Level) : [];
        Chosen = area is not null && Areas.Any(a => a.Code == area) ? area : Areas.FirstOrDefault().Code;
        // Only an area the address names (a profile's link does) is marked, not the first one chosen by default.
        Marked = area is not null && Areas.Any(a => a.Code == area) ? area : null;
        City = view.CityValue(id, Year);
        RankingRows = Areas.Select(a => (a, Data.Find(id, Year, Level, a.Code)))
            .OrderByDescending(p => p.Item2?.Value ?? double.NegativeInfinity).ThenBy(p => p.a.Name, StringComparer.Ordinal).ToList();
        RankTitle = T.Format("RankingTitle", T.Title(indicator), Year, view.LevelOf(Level));
        MapTitle = T.Format("MapTitle", T.Title(indicator), Year, view.LevelOf(Level));
        Tiles = MakeTiles();
        Shapes = MakeShapes();

        var areaName = Chosen is null ? view.City.Name : Areas.First(a => a.Code == Chosen).Name;
        var lines = new List<(Svg.Series, string, string, Func<int, AtlasValue?>)>();
        if (Chosen is not null) lines.Add(Line(areaName, Level, Chosen, yr => Data.Find(id, yr, Level, Chosen), "", "circle"));
        lines.Add(Line(view.City.Name, "stadt", view.City.Key, yr => view.CityValue(id, yr), "6 3", "square"));
        lines.Add(Line(view.StateName, "land", view.City.State.Code, yr => view.StateValue(id, yr), "2 3", "triangle"));
        lines.Add(Line(view.CountryName, "bund", view.City.Country.Code, yr => view.CountryValue(id, yr), "8 3 2 3", "diamond"));
        Lines = lines.Where(s => s.Item1.Points.Values.Any(v => v is not null)).ToList();
        SeriesTitle = T.Format("SeriesTitle", T.Title(indicator), string.Join(", ", Lines.Select(s => s.Chart.Label)));
    }

    (Svg.Series, string, string, Func<int, AtlasValue?>) Line(string label, string level, string code, Func<int, AtlasValue?> value, string dash, string marker) =>
        (new Svg.Series(label, Years.ToDictionary(yr => yr, yr => value(yr)?.Value), dash, marker,
            Years.Where(yr => AtlasText.Mark(value(yr)) == ValueMark.Secret).ToHashSet()), level, code, value);

    /// <summary>The marks among these values with what they mean, for a chart's legend.</summary>
    IReadOnlyList<(ValueMark, string)> Marks(IEnumerable<AtlasValue?> values) => AtlasView.MarksIn(values).Select(m => (m, T.MarkMeaning(m))).ToList();

    string Fmt(double v) => T.Number(v, Indicator.Decimals);

    /// <summary>Whether the page draws this chart: ranking and map need district values, the map a tile for them.</summary>
    public bool Has(string kind) => kind switch
    {
        Ranking => Levels.Count > 0,
        Map => Levels.Count > 0 && (Shapes.Count > 0 || Tiles.Count > 0),
        Series => true,
        _ => false,
    };

    public string Title(string kind) => kind switch { Ranking => RankTitle, Map => MapTitle, _ => SeriesTitle };

    /// <summary>The chart as the page draws it; <paramref name="id"/> keeps the ids inside it apart on one page.</summary>
    public string Svg(string kind, string? id = null) => kind switch
    {
        Ranking => Atlas.Svg.Ranking(id ?? "ranking", RankTitle, T.Format("RankingDescription", RankingRows.Count, View.Level("stadt")),
            RankingRows.Select(p => (p.Area.Name, p.Value?.Value, T.Shown(p.Value, Indicator.Decimals), AtlasText.Mark(p.Value))).ToList(), City?.Value, View.City.Name,
            Marked is null ? null : RankingRows.ToList().FindIndex(p => p.Area.Code == Marked), Marks(RankingRows.Select(r => r.Value))),
        Map => Shapes.Count > 0
            ? Atlas.Svg.RegionMap(id ?? "map", MapTitle, T["MapDescription"], Shapes, (T.Format("MapLegend", T.Unit(Indicator.Unit)), Marks(MapValues), Fmt))
            : Atlas.Svg.TileMap(id ?? "map", MapTitle, T["MapDescription"], Tiles, Level == "stadtbezirk" ? 150 : 50,
                T.Format("MapLegend", T.Unit(Indicator.Unit)), Marks(MapValues), Fmt),
        Series => Atlas.Svg.TimeSeries(id ?? "series", SeriesTitle, T["SeriesDescription"], Years, Lines.Select(s => s.Chart).ToList(), T.Number, T.MarkMeaning(ValueMark.Secret)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "expected one of " + string.Join(", ", Kinds)),
    };

    /// <summary>The districts the map draws: its shapes where boundaries are configured, else its tiles.</summary>
    HashSet<string> Drawn => (Shapes.Count > 0 ? Shapes.Select(s => s.Code) : Tiles.Select(t => t.Code)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The values the map shows.</summary>
    IEnumerable<AtlasValue?> MapValues
    {
        get
        {
            var placed = Drawn;
            return Areas.Where(a => placed.Contains(a.Code)).Select(a => Data.Find(Indicator.Id, Year, Level, a.Code));
        }
    }

    /// <summary>The values a chart shows, for the legend of its marks beside it.</summary>
    public IEnumerable<AtlasValue?> ValuesOf(string kind) => kind switch
    {
        Ranking => RankingRows.Select(r => r.Value).Append(City),
        Map => MapValues,
        _ => Lines.SelectMany(l => Years.Select(l.Value)),
    };

    /// <summary>The source line the files taken away carry; sample data says so there too, so no picture leaves as if real.</summary>
    public string SourceLine => (Data.Synthetic ? T.SampleMark + ". " : "") + $"{T["Source"]}: {View.SourceNames(Indicator)}. {T["Licence"]}: {AtlasText.LicenceName(Indicator.Licence)}. {View.T.Format("Brand", View.City.Name)}, {T["ReleaseDate"]} {View.Released}.";

    /// <summary>The query of this choice, as the chart files and the embed page are addressed.</summary>
    public string Query(string kind) => kind switch
    {
        Series => View.Query(("jahr", null), ("ebene", Levels.Count > 0 ? Level : null), ("bezirk", Levels.Count > 0 ? Chosen : null)),
        _ => View.Query(("jahr", Year.ToString(CultureInfo.InvariantCulture)), ("ebene", Level), ("bezirk", Marked)),
    };

    /// <summary>The address of a chart file (csv, svg, png) or, for null, of its embed page.</summary>
    public string Link(string kind, string? format) =>
        format is null ? $"/einbetten/{Indicator.Id}/{kind}{Query(kind)}" : $"/grafik/{Indicator.Id}/{kind}.{format}{Query(kind)}";

    /// <summary>A file name that says what the file holds.</summary>
    public string FileName(string kind, string format) =>
        kind == Series ? $"{Indicator.Id}-{kind}.{format}" : $"{Indicator.Id}-{kind}-{Year}-{Level}.{format}";

    /// <summary>
    /// The numbers of one chart, in the columns and number format of the published data.csv of the indicators (UTF-8
    /// without BOM, CRLF, comma, decimal point): one row per bar or tile and the city's reference line, or one row per
    /// line and year of the time series. A value the chart shows as a dash has an empty value and its status; one
    /// that the publication has no row for has status x, as the published JSON-stat says of such cells.
    /// </summary>
    public byte[] Csv(string kind)
    {
        var rows = new List<(int Year, string Level, string Code, string Name, AtlasValue? Value)>();
        switch (kind)
        {
            case Ranking:
                rows.AddRange(RankingRows.Select(r => (Year, r.Area.Level, r.Area.Code, r.Area.Name, r.Value)));
                rows.Add((Year, "stadt", View.City.Key, View.City.Name, City));
                break;
            case Map:
                var placed = Drawn;
                rows.AddRange(Areas.Where(a => placed.Contains(a.Code)).Select(a => (Year, a.Level, a.Code, a.Name, Data.Find(Indicator.Id, Year, Level, a.Code))));
                break;
            case Series:
                foreach (var line in Lines)
                    rows.AddRange(Years.Select(yr => (yr, line.Level, line.Code, line.Chart.Label, line.Value(yr))));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "expected one of " + string.Join(", ", Kinds));
        }
        var csv = new StringBuilder("indikator,indikator_titel,jahr,gebiet_ebene,gebiet_nr,gebiet,wert,einheit,status\r\n");
        foreach (var (year, level, code, name, value) in rows)
        {
            var shown = value?.Value is { } v ? v.ToString("F" + Indicator.Decimals, CultureInfo.InvariantCulture) : "";
            var status = value is null ? "x" : value.Status;
            csv.Append(string.Join(',', new[] { Indicator.Id, Indicator.TitleDe, year.ToString(CultureInfo.InvariantCulture), level, code, value?.Name ?? name, shown, Indicator.Unit, status }
                .Select(Field))).Append("\r\n");
        }
        return new UTF8Encoding(false).GetBytes(csv.ToString());
    }

    static string Field(string s) => s.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    /// <summary>The districts of the level at their real boundaries, when the city configures them for this level.</summary>
    List<Svg.Shape> MakeShapes()
    {
        if (Levels.Count == 0 || !View.City.DistrictBoundaries.TryGetValue(Level, out var source))
            return [];
        var areas = Areas.ToDictionary(a => a.Code, StringComparer.Ordinal);
        return AtlasData.ReadBoundaries(source.Path, source.CodeProperty, source.NameProperty ?? source.CodeProperty)
            .Where(b => areas.ContainsKey(b.Code))
            .Select(b =>
            {
                var v = Data.Find(Indicator.Id, Year, Level, b.Code);
                return new Svg.Shape(b.Code, $"{areas[b.Code].Name}: {T.Shown(v, Indicator.Decimals)}", b.Rings, v?.Value, b.Code == Marked, AtlasText.Mark(v));
            }).ToList();
    }

    /// <summary>Stadtbezirke at their configured tiles; each statistischer Bezirk in a 3×3 grid inside its Stadtbezirk's tile.</summary>
    List<Svg.Tile> MakeTiles()
    {
        var id = Indicator.Id;
        if (Levels.Count == 0)
            return [];
        if (Level == "stadtbezirk")
            return Areas.Where(a => View.Tile(a.Code) is not null).Select(a =>
            {
                var v = Data.Find(id, Year, Level, a.Code);
                var (c, r) = View.Tile(a.Code)!.Value;
                return new Svg.Tile(a.Code, a.Name, c, r, 150, 150, v?.Value, T.Shown(v, Indicator.Decimals), $"/bezirke/{a.Code}{View.Query()}", AtlasText.Mark(v));
            }).ToList();
        return Areas.Where(a => Data.Parents.TryGetValue(a.Code, out var p) && View.Tile(p) is not null).Select(a =>
        {
            var v = Data.Find(id, Year, Level, a.Code);
            var parent = Data.Parents[a.Code];
            var (c, r) = View.Tile(parent)!.Value;
            var k = Areas.Where(o => Data.Parents.GetValueOrDefault(o.Code) == parent).Select(o => o.Code).ToList().IndexOf(a.Code);
            return new Svg.Tile(a.Code, a.Code, c * 3 + k % 3, r * 3 + k / 3, 50, 50, v?.Value, T.Shown(v, Indicator.Decimals), $"/bezirke/{a.Code}{View.Query(("ebene", Level))}", AtlasText.Mark(v));
        }).ToList();
    }
}
