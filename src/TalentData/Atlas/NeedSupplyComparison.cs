using System.Globalization;
using CsvHelper;

namespace TalentData.Atlas;

/// <summary>One side of a pair in one area: the indicator, its year, the area's value and status, and the city's value that year.</summary>
public sealed record NeedSupplySide(string Indicator, string Title, int Year, string Unit, AtlasValue Value, AtlasValue? City);

/// <summary>One row of the published bedarf-und-angebot: an area and a pair, each side beside the city, and the comparison.</summary>
public sealed record NeedSupplyRow(string Level, string Code, string Name, string TargetGroup, NeedSupplySide Need, NeedSupplySide Supply,
    bool? HighNeedLowSupply)
{
    public string Pair => $"{Need.Indicator}|{Supply.Indicator}";
}

/// <summary>A declared pair (sql/reference/need_supply_pairs.csv) with the reason it stands side by side.</summary>
public sealed record NeedSupplyPair(string Need, string Supply, string TargetGroup, string ReasonDe, string ReasonEn)
{
    public string Key => $"{Need}|{Supply}";
}

/// <summary>
/// The published Bedarf-und-Angebot comparison (dataset <see cref="Dataset"/>): its rows as published, after the
/// disclosure control of the indicator values they repeat, and the reason of each pair from the reference file (text,
/// no numbers). Empty when the dataset is not published.
/// </summary>
public sealed class NeedSupplyComparison
{
    public const string Dataset = "bedarf-und-angebot";
    public const string PairsFile = "need_supply_pairs.csv";

    public required IReadOnlyList<NeedSupplyRow> Rows { get; init; }
    /// <summary>The pairs in the order of the reference file; a published pair the file no longer lists follows, without a reason.</summary>
    public required IReadOnlyList<NeedSupplyPair> Pairs { get; init; }
    /// <summary>The dataset says it is built (in part) from sample files (datapackage.json "synthetic").</summary>
    public bool Synthetic { get; init; }

    public static readonly NeedSupplyComparison None = new() { Rows = [], Pairs = [] };

    /// <summary>The pairs published at a level, in declared order.</summary>
    public IReadOnlyList<NeedSupplyPair> PairsAt(string level) =>
        Pairs.Where(p => Rows.Any(r => r.Level == level && r.Pair == p.Key)).ToList();

    /// <summary>The rows of one pair at one level, by district number (20 before 100, as people count).</summary>
    public IReadOnlyList<NeedSupplyRow> Of(string level, NeedSupplyPair pair) =>
        Rows.Where(r => r.Level == level && r.Pair == pair.Key)
            .OrderBy(r => int.TryParse(r.Code, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue)
            .ThenBy(r => r.Code, StringComparer.Ordinal).ToList();

    /// <summary>One area's rows in the declared order of the pairs.</summary>
    public IReadOnlyList<NeedSupplyRow> For(string level, string code) =>
        Pairs.SelectMany(p => Rows.Where(r => r.Level == level && r.Code == code && r.Pair == p.Key)).ToList();

    /// <summary>
    /// Reads <c>data.csv</c> and <c>datapackage.json</c> of the latest release in <paramref name="folder"/> and the
    /// reasons of <paramref name="pairsFile"/>; a missing release gives <see cref="None"/>.
    /// </summary>
    public static NeedSupplyComparison Load(string folder, string pairsFile, bool synthetic)
    {
        var csv = Path.Combine(folder, "data.csv");
        if (!File.Exists(csv))
            return None;
        static double? Number(string s) => s.Length == 0 ? null : double.Parse(s, CultureInfo.InvariantCulture);
        var rows = new List<NeedSupplyRow>();
        var line = 1;
        foreach (var r in ReadCsv(csv))
        {
            line++;
            int Year(string column) => int.TryParse(r[column], NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y
                : throw new InvalidDataException($"{csv}:{line}: expected a year in '{column}', found '{r[column]}'.");
            var (level, code, name) = (r["gebiet_ebene"], r["gebiet_nr"], r["gebiet"]);
            NeedSupplySide Side(string prefix)
            {
                var (indicator, year, unit) = (r[prefix + "_indikator"], Year(prefix + "_jahr"), r[prefix + "_einheit"]);
                var city = Number(r[prefix + "_stadtwert"]);
                return new NeedSupplySide(indicator, r[prefix + "_titel"], year, unit,
                    new AtlasValue(indicator, year, level, code, name, Number(r[prefix + "_wert"]), unit, r[prefix + "_status"]),
                    city is null ? null : new AtlasValue(indicator, year, "stadt", "", "", city, unit, ""));
            }
            var flag = r["bedarf_hoch_angebot_gering"] switch
            {
                "true" => true,
                "false" => (bool?)false,
                "" => null,
                var other => throw new InvalidDataException($"{csv}:{line}: expected true, false or empty in 'bedarf_hoch_angebot_gering', found '{other}'."),
            };
            rows.Add(new NeedSupplyRow(level, code, name, r["zielgruppe"], Side("bedarf"), Side("angebot"), flag));
        }
        var pairs = File.Exists(pairsFile)
            ? ReadCsv(pairsFile).Select(p => new NeedSupplyPair(p["need_indicator"], p["supply_indicator"], p["target_group"], p["reason_de"], p["reason_en"])).ToList()
            : [];
        foreach (var published in rows.DistinctBy(r => r.Pair).Where(r => pairs.All(p => p.Key != r.Pair)).ToList())
            pairs.Add(new NeedSupplyPair(published.Need.Indicator, published.Supply.Indicator, published.TargetGroup, "", ""));
        return new NeedSupplyComparison { Rows = rows, Pairs = pairs, Synthetic = synthetic };
    }

    static List<Dictionary<string, string>> ReadCsv(string path)
    {
        var result = new List<Dictionary<string, string>>();
        using var reader = CsvReader.FromFile(path, new CsvReaderOptions { Separator = ',', HasHeader = false });
        if (!reader.Read()) return result;
        var header = Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray();
        while (reader.Read())
        {
            var row = new Dictionary<string, string>(header.Length);
            for (var i = 0; i < header.Length; i++) row[header[i]] = i < reader.FieldCount ? reader.GetString(i) : "";
            result.Add(row);
        }
        return result;
    }
}
