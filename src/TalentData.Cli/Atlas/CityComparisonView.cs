using System.Globalization;
using TalentData.Atlas;

namespace TalentData.Cli.Atlas;

/// <summary>
/// One indicator of the Städtevergleich in one year, as the pages show it: the city's row, its peer cities and every
/// Kreis of the state, ranked as the dataset ranks (1 = the highest value; equal values share a place), with the
/// state and the country. The ranks within the state are the published ones; the place among the peer cities is
/// counted here from the published values by the same rule, since the dataset flags the peers but ranks all Kreise.
/// </summary>
public sealed class CityComparisonView
{
    public CityComparisonIndicator Indicator { get; }
    public IReadOnlyList<int> Years { get; }
    public int Year { get; }
    /// <summary>The city's own row (vergleichsgruppe "stadt"); null when the year has none.</summary>
    public CityComparisonValue? City { get; }
    /// <summary>The city and its peer cities, highest value first, those without a value last.</summary>
    public IReadOnlyList<CityComparisonValue> Peers { get; }
    /// <summary>Every Kreis of the state, highest value first, those without a value last.</summary>
    public IReadOnlyList<CityComparisonValue> StateKreise { get; }
    public CityComparisonValue? State { get; }
    public CityComparisonValue? Country { get; }
    /// <summary>The city's place among the peer group with a value (itself included), and how many that are.</summary>
    public (int Place, int Of)? PeerRank { get; }
    public IReadOnlyList<CityComparisonSource> Sources { get; }

    /// <summary>A share or a rate: compared with the state and the country in percentage points, not as a part of them.</summary>
    public bool IsPercent => Indicator.Unit == "%";

    CityComparisonView(CityComparison data, CityComparisonIndicator indicator, int? year, string stateCode, string countryCode)
    {
        Indicator = indicator;
        Years = data.Years(indicator.Id);
        // The latest year the city has a value for, unless the address asks for another published year.
        var cityYears = data.Values.Where(v => v.Indicator == indicator.Id && v.Group == CityComparison.City && v.Value is not null).Select(v => v.Year).ToList();
        Year = year is { } y && Years.Contains(y) ? y : cityYears.Count > 0 ? cityYears.Max() : Years.DefaultIfEmpty(0).Max();
        var rows = data.Rows(indicator.Id, Year);
        City = rows.FirstOrDefault(r => r.Group == CityComparison.City);
        Peers = Ranked(rows.Where(r => r.Group is CityComparison.City or CityComparison.Peer));
        StateKreise = Ranked(rows.Where(r => r.Level == "kreis" && r.Code.StartsWith(stateCode, StringComparison.Ordinal)));
        State = rows.FirstOrDefault(r => r.Level == "land" && r.Code == stateCode);
        Country = rows.FirstOrDefault(r => r.Level == "bund" && r.Code == countryCode);
        if (City?.Value is { } mine)
        {
            var withValue = Peers.Where(p => p.Value is not null).ToList();
            PeerRank = (1 + withValue.Count(p => p.Value > mine), withValue.Count);
        }
        Sources = data.SourcesOf(City?.Table ?? rows.FirstOrDefault()?.Table ?? "");
    }

    /// <summary>The view of an indicator; null for one the published Städtevergleich does not have.</summary>
    public static CityComparisonView? For(AtlasView view, string id, int? year = null) =>
        view.Data.Comparison.Indicator(id) is { } indicator
            ? new CityComparisonView(view.Data.Comparison, indicator, year, view.City.State.Code, view.City.Country.Code)
            : null;

    /// <summary>Every indicator of the published Städtevergleich, in the dataset's order.</summary>
    public static IReadOnlyList<CityComparisonView> All(AtlasView view) =>
        view.Data.Comparison.Indicators.Select(i => For(view, i.Id)!).ToList();

    static List<CityComparisonValue> Ranked(IEnumerable<CityComparisonValue> rows) =>
        rows.OrderByDescending(r => r.Value ?? double.NegativeInfinity).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();

    /// <summary>The place of a row among <paramref name="rows"/> by the dataset's rule; null without a value.</summary>
    public static int? Place(IReadOnlyList<CityComparisonValue> rows, CityComparisonValue row) =>
        row.Value is { } v ? 1 + rows.Count(r => r.Value > v) : null;

    /// <summary>A Kreis's name without its kind: "Essen" for "Essen, kreisfreie Stadt".</summary>
    public static string ShortName(string published) => published.Split(',')[0].Trim();

    /// <summary>The kind after the name, as published ("kreisfreie Stadt", "Kreis"); empty when there is none.</summary>
    public static string Kind(string published) => published.IndexOf(',') is var comma and >= 0 ? published[(comma + 1)..].Trim() : "";

    /// <summary>
    /// Where the city stands, in words: its place among the peer cities and among the state's Kreise, then how far it is
    /// from the state and the country (percentage points for a share, its part of their total for a count).
    /// </summary>
    public string Sentence(AtlasView view)
    {
        var t = view.T;
        var city = view.City.Name;
        if (City?.Value is not { } mine)
            return view.T.Format("CmpNoCityValue", city, Year, City is null ? view.T["NoData"] : t.StatusMeaning(City.Status));
        var parts = new List<string>();
        parts.Add(PeerRank is { Of: > 1 } peer
            ? view.T.Format("CmpPeerPlace", city, peer.Place, peer.Of)
            : view.T.Format("CmpNoPeerValues", city));
        if (City.RankLand is { } place && City.CountLand is { } of)
            parts.Add(view.T.Format("CmpStatePlace", place, of, view.StateName, city));
        var sentence = string.Join(" ", parts);
        var distances = new[] { (State, view.StateName), (Country, view.CountryName) }
            .Where(b => b.Item1?.Value is not null).Select(b => Distance(view, mine, b.Item1!.Value!.Value, b.Item2)).ToList();
        if (distances.Count > 0)
            sentence += " " + (IsPercent
                ? view.T.Format("CmpDistances", string.Join(view.T["CmpAnd"], distances))
                : view.T.Format("CmpShares", string.Join(view.T["CmpAnd"], distances)));
        return sentence;
    }

    string Distance(AtlasView view, double mine, double benchmark, string name)
    {
        var t = view.T;
        if (!IsPercent)
            return view.T.Format("CmpShareOf", t.Number(benchmark == 0 ? 0 : 100 * mine / benchmark, 1), name);
        var shown = t.Number(benchmark, Indicator.Decimals);
        var diff = Math.Round(mine - benchmark, Indicator.Decimals);
        return diff == 0
            ? view.T.Format("CmpSameAs", name, shown)
            : diff > 0
                ? view.T.Format("CmpAbove", t.Number(diff, Indicator.Decimals), name, shown)
                : view.T.Format("CmpBelow", t.Number(-diff, Indicator.Decimals), name, shown);
    }

    /// <summary>A value as people read it, or a dash (with the reason as its title on the page).</summary>
    public string Shown(AtlasText t, CityComparisonValue? row) => row?.Value is { } v ? t.Number(v, Indicator.Decimals) : "–";

    /// <summary>The value with its unit as each language writes it: "11,5 %", "11.5%", "88 Schulen".</summary>
    public string WithUnit(AtlasText t, CityComparisonValue? row) =>
        row?.Value is { } v ? $"{t.Number(v, Indicator.Decimals)}{(IsPercent ? (t.En ? "%" : " %") : " " + t.Unit(Indicator.Unit))}" : "–";

    /// <summary>The page's map of the state's Kreise, coloured by value, the city outlined; null without boundaries.</summary>
    public string? Map(AtlasView view, string id)
    {
        var t = view.T;
        var state = view.City.State.Code;
        var kreise = view.Data.Boundaries.Where(b => b.Code.StartsWith(state, StringComparison.Ordinal)).ToList();
        if (kreise.Count == 0)
            return null;
        var values = StateKreise.ToDictionary(r => r.Code);
        var shapes = kreise.Select(k =>
        {
            var row = values.GetValueOrDefault(k.Code);
            var name = row is null ? k.Name : ShortName(row.Name);
            var shown = row?.Value is null ? $"– ({(row is null ? view.T["NoData"] : t.StatusMeaning(row.Status))})" : WithUnit(t, row);
            return new Svg.Shape(k.Code, $"{name}: {shown}", k.Rings, row?.Value, k.Code == City?.Code);
        }).ToList();
        var label = t.Title(Indicator);
        return Svg.RegionMap(id, view.T.Format("CmpMapTitle", label, Year, view.StateName),
            view.T.Format("CmpMapDescription", view.City.Name, view.StateName), shapes);
    }

    /// <summary>The Kreise the map draws (those of the state with a boundary), each with its published row or none.</summary>
    IEnumerable<(RegionBoundary Kreis, CityComparisonValue? Row)> Drawn(AtlasView view)
    {
        var values = StateKreise.ToDictionary(r => r.Code);
        return view.Data.Boundaries.Where(b => b.Code.StartsWith(view.City.State.Code, StringComparison.Ordinal))
            .Select(k => (k, values.GetValueOrDefault(k.Code)));
    }

    /// <summary>
    /// The numbers of the map, one row per Kreis it draws in the columns and number format of the chart files of the
    /// indicator pages (UTF-8 without BOM, CRLF, comma, decimal point): an empty value with its status for a withheld
    /// one, status x for a Kreis the dataset has no row for.
    /// </summary>
    public byte[] MapCsv(AtlasView view)
    {
        static string Field(string s) => s.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
        var csv = new System.Text.StringBuilder("indikator,indikator_titel,jahr,gebiet_ebene,gebiet_nr,gebiet,wert,einheit,status\r\n");
        foreach (var (kreis, row) in Drawn(view).OrderBy(d => d.Kreis.Code, StringComparer.Ordinal))
        {
            var value = row?.Value is { } v ? v.ToString("F" + Indicator.Decimals, CultureInfo.InvariantCulture) : "";
            csv.Append(string.Join(',', new[] { Indicator.Id, Indicator.Label, YearText, "kreis", kreis.Code, row?.Name ?? kreis.Name, value, Indicator.Unit, row is null ? "x" : row.Status }
                .Select(Field))).Append("\r\n");
        }
        return new System.Text.UTF8Encoding(false).GetBytes(csv.ToString());
    }

    /// <summary>The map's colour steps: the quintiles of the state's Kreise with a value, as the map bins them.</summary>
    public double[] Breaks => Svg.Breaks(StateKreise.Select(r => r.Value).OfType<double>());

    public string YearText => Year.ToString(CultureInfo.InvariantCulture);
}
