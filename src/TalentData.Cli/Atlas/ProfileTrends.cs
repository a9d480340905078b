using System.Globalization;
using System.Text;
using TalentData.Atlas;

namespace TalentData.Cli.Atlas;

/// <summary>
/// The sparklines of a district profile, worked out once: the page draws them row by row, and the take-away files
/// (the numbers as CSV, all lines as one SVG or PNG) come from the same object, so a file holds exactly what the
/// sparklines show.
/// </summary>
public sealed class ProfileTrends
{
    public sealed record Trend(AtlasIndicator Indicator, IReadOnlyList<int> Years, IReadOnlyList<AtlasValue?> Values)
    {
        public IReadOnlyList<(int Year, double? Value)> Points => Years.Select((y, i) => (y, Values[i]?.Value)).ToList();
    }

    public AtlasView View { get; }
    public (string Level, string Code, string Name) Area { get; }
    public IReadOnlyList<Trend> Trends { get; }

    ProfileTrends(AtlasView view, (string Level, string Code, string Name) area)
    {
        View = view;
        Area = area;
        // The supply indicators (places per residents) are the state of the places now, one year: they stand on the
        // Bedarf-und-Angebot page and a district's offers page, which the profile links, not among the trends.
        Trends = view.Data.Indicators.Where(i => i.Theme != SupplyTheme && view.Data.Levels(i.Id).Contains(area.Level)).Select(i =>
        {
            var years = view.Data.Years(i.Id);
            return new Trend(i, years, years.Select(y => view.Data.Find(i.Id, y, area.Level, area.Code)).ToList());
        }).ToList();
    }

    /// <summary>The theme of the supply indicators in the catalogue.</summary>
    public const string SupplyTheme = "angebote";

    /// <summary>The trends of an area's profile; null for an area that is not published (see <see cref="AtlasView.Area"/>).</summary>
    public static ProfileTrends? For(AtlasView view, string code, string? level) =>
        view.Area(code, level) is { } area ? new ProfileTrends(view, area) : null;

    /// <summary>The title of the drawing and of the page's take-away list.</summary>
    public string Title => View.T.Format("TrendsTitle", Area.Name);

    /// <summary>The text alternative of one sparkline: its indicator, area, years and every value as the page writes it.</summary>
    public string Describe(Trend trend) =>
        $"{View.T.Title(trend.Indicator)}, {Area.Name}, {trend.Years.FirstOrDefault()}–{trend.Years.LastOrDefault()}: "
        + string.Join("; ", trend.Years.Select((y, i) => $"{y} {View.T.Shown(trend.Values[i], trend.Indicator.Decimals)}"));

    /// <summary>All sparklines as one drawing, each row with its first and last year's value.</summary>
    public string Svg() => Atlas.Svg.SparklineSheet("trends", Title,
        Trends.Select(t => ($"{View.T.Title(t.Indicator)} ({View.T.Unit(t.Indicator.Unit)})", t.Points,
            $"{t.Years.FirstOrDefault()}: {View.T.Shown(t.Values.FirstOrDefault(), t.Indicator.Decimals)}",
            $"{t.Years.LastOrDefault()}: {View.T.Shown(t.Values.LastOrDefault(), t.Indicator.Decimals)}")).ToList());

    /// <summary>The source line of the files taken away; sample data says so there too.</summary>
    public string SourceLine => (View.Data.Synthetic ? View.T.SampleMark + ". " : "")
        + $"{View.T["Data"]}: {View.ValuesTitle}. {View.T.Format("Brand", View.City.Name)}, {View.T["ReleaseDate"]} {View.Released}.";

    /// <summary>
    /// The sparklines' numbers: one row per indicator and year, in the columns and number format of the indicator
    /// pages' chart files (UTF-8 without BOM, CRLF, comma, decimal point); a withheld value is empty with its status,
    /// a year the publication has no row for has status x.
    /// </summary>
    public byte[] Csv()
    {
        static string Field(string s) => s.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
        var csv = new StringBuilder("indikator,indikator_titel,jahr,gebiet_ebene,gebiet_nr,gebiet,wert,einheit,status\r\n");
        foreach (var t in Trends)
            for (var i = 0; i < t.Years.Count; i++)
            {
                var v = t.Values[i];
                var shown = v?.Value is { } number ? number.ToString("F" + t.Indicator.Decimals, CultureInfo.InvariantCulture) : "";
                csv.Append(string.Join(',', new[] { t.Indicator.Id, t.Indicator.TitleDe, t.Years[i].ToString(CultureInfo.InvariantCulture), Area.Level, Area.Code,
                    v?.Name ?? Area.Name, shown, t.Indicator.Unit, v is null ? "x" : v.Status }.Select(Field))).Append("\r\n");
            }
        return new UTF8Encoding(false).GetBytes(csv.ToString());
    }

    /// <summary>The address of a file of the trends: csv, svg or png.</summary>
    public string Link(string format) =>
        $"/grafik/bezirke/{Area.Code}/verlaeufe.{format}{View.Query(("ebene", Area.Level == "statistischer_bezirk" ? Area.Level : null))}";
}
