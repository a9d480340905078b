using System.Globalization;
using System.Text;

namespace TalentData.Benchmarks;

/// <summary>
/// Large inputs in the publishers' real formats, made from the bundled samples so that every byte convention
/// (BOM, separator, line ends, header rows, footer, encoding) is the real one. Deterministic for a given size, and
/// kept between runs: a file that exists with the right name is reused.
/// </summary>
public static class InputGenerator
{
    static readonly Encoding Utf8Bom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    /// <summary>
    /// An Opendatasoft export shaped like sample-data/dortmund_population/residents.csv with <paramref name="rows"/>
    /// data rows: the sample's 1,736 cells of a year (62 districts x sex x age group x nationality), repeated over
    /// years counting back from 2024, with counts varied per row.
    /// </summary>
    public static string Population(string repoRoot, string folder, long rows)
    {
        var path = Path.Combine(folder, $"residents-{rows}.csv");
        if (File.Exists(path)) return path;
        var sample = File.ReadAllText(Path.Combine(repoRoot, "sample-data", "dortmund_population", "residents.csv"), Encoding.UTF8)
            .TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = sample[0];
        var cells = sample.Skip(1).Select(l => l.Split(';')).Where(f => f[1] == "2024").ToArray();
        var temp = path + ".tmp";
        using (var writer = new StreamWriter(temp, false, Utf8Bom, 1 << 20))
        {
            writer.NewLine = "\r\n";
            writer.WriteLine(header);
            for (long i = 0; i < rows; i++)
            {
                var f = cells[i % cells.Length];
                var year = 2024 - (int)(i / cells.Length % 125);
                var count = long.Parse(f[9], CultureInfo.InvariantCulture) + (i * 7919 % 23) - 11;
                writer.Write(year.ToString(CultureInfo.InvariantCulture)); writer.Write("-12-31;");
                writer.Write(year.ToString(CultureInfo.InvariantCulture)); writer.Write(';');
                for (var c = 2; c < 9; c++) { writer.Write(f[c]); writer.Write(';'); }
                writer.Write(Math.Max(0, count).ToString(CultureInfo.InvariantCulture));
                writer.Write("\r\n");
            }
        }
        File.Move(temp, path, overwrite: true);
        return path;
    }

    /// <summary>
    /// A GENESIS table CSV shaped like sample-data/regionalstatistik_unemployment/13211-02-05-4.csv (windows-1252,
    /// title block, three header rows, footer) with <paramref name="dataRows"/> data rows: Germany, NRW, Dortmund and
    /// made-up municipalities (8-digit keys, indented names) over the years counting back from 2024.
    /// </summary>
    public static string Genesis(string repoRoot, string folder, long dataRows)
    {
        var path = Path.Combine(folder, $"13211-02-05-4-{dataRows}.csv");
        if (File.Exists(path)) return path;
        var cp1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
        var sample = File.ReadAllText(Path.Combine(repoRoot, "sample-data", "regionalstatistik_unemployment", "13211-02-05-4.csv"), cp1252).Split('\n');
        var firstData = Array.FindIndex(sample, l => l.Length > 4 && char.IsAsciiDigit(l[0]) && l[4] == ';');
        var footer = Array.FindIndex(sample, l => l.StartsWith("_____", StringComparison.Ordinal));
        var template = sample[firstData..footer].Select(l => l.Split(';')).ToArray();
        var regionsPerYear = 10_000;
        var temp = path + ".tmp";
        using (var writer = new StreamWriter(temp, false, cp1252, 1 << 20))
        {
            writer.NewLine = "\n";
            foreach (var line in sample[..firstData]) writer.WriteLine(line);
            for (long i = 0; i < dataRows; i++)
            {
                var year = 2024 - (int)(i / regionsPerYear % 50);
                var region = i % regionsPerYear;
                var t = template[i % template.Length];
                var (key, name) = region switch
                {
                    0 => ("DG", "Deutschland"),
                    1 => ("05", "  Nordrhein-Westfalen"),
                    2 => ("05913", "      Dortmund, kreisfreie Stadt"),
                    _ => ($"{5 + region % 11:00}{region:000000}", $"        Gemeinde {region}"),
                };
                writer.Write(year.ToString(CultureInfo.InvariantCulture));
                writer.Write(';'); writer.Write(key); writer.Write(';'); writer.Write(name);
                for (var c = 3; c < t.Length; c++)
                {
                    writer.Write(';');
                    writer.Write(t[c] == "." ? "." : c < 10 ? (long.Parse(t[c], CultureInfo.InvariantCulture) / (1 + region % 50)).ToString(CultureInfo.InvariantCulture) : t[c]);
                }
                writer.Write('\n');
            }
            writer.Write(string.Join('\n', sample[footer..]));
        }
        File.Move(temp, path, overwrite: true);
        return path;
    }

    /// <summary>
    /// The city at full scale: 600,000 residents a year for ten years (2015–2024), each drawn into a statistischer
    /// Bezirk, sex, age group and nationality with the sample's proportions, then counted into the population file's
    /// shape — what the city's export of its resident register would hold.
    /// </summary>
    public static string CityScalePopulation(string repoRoot, string folder, int persons = 600_000, int years = 10)
    {
        var path = Path.Combine(folder, $"residents-city-{persons}x{years}.csv");
        if (File.Exists(path)) return path;
        var sample = File.ReadAllText(Path.Combine(repoRoot, "sample-data", "dortmund_population", "residents.csv"), Encoding.UTF8)
            .TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var cells = sample.Skip(1).Select(l => l.Split(';')).Where(f => f[1] == "2024").ToArray();
        var weights = cells.Select(f => double.Parse(f[9], CultureInfo.InvariantCulture)).ToArray();
        var cumulative = new double[weights.Length];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++) cumulative[i] = sum += weights[i];
        var random = new Random(20241231);
        var temp = path + ".tmp";
        using (var writer = new StreamWriter(temp, false, Utf8Bom, 1 << 20))
        {
            writer.NewLine = "\r\n";
            writer.WriteLine(sample[0]);
            for (var year = 2024 - years + 1; year <= 2024; year++)
            {
                var counts = new long[cells.Length];
                for (var p = 0; p < persons; p++)
                {
                    var at = Array.BinarySearch(cumulative, random.NextDouble() * sum);
                    counts[at < 0 ? ~at : at]++;
                }
                for (var i = 0; i < cells.Length; i++)
                {
                    var f = (string[])cells[i].Clone();
                    f[0] = $"{year}-12-31";
                    f[1] = year.ToString(CultureInfo.InvariantCulture);
                    f[9] = counts[i].ToString(CultureInfo.InvariantCulture);
                    writer.WriteLine(string.Join(';', f));
                }
            }
        }
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
