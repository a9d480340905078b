using System.Globalization;
using System.Text.RegularExpressions;
using CsvHelper;

namespace TalentData.Project;

/// <summary>One row of an address table: the houses of one street and postcode in a number range (all, odd or even) and their statistischer Bezirk.</summary>
public sealed record AddressRange(long Line, string Street, string Postcode, int NumberFrom, int NumberTo, string Side, string StatBezirkCode);

/// <summary>
/// A street register the city configures (config/city.yaml <c>address_districts</c>): which statistischer Bezirk the
/// houses of a street lie in, by postcode and house-number range, and by side where the street is itself the boundary
/// (odd numbers on one side, even on the other). It places a place whose source gives neither a district number nor
/// coordinates inside the configured boundaries. Read strictly: every bad cell, and any two rows that would put one
/// house in two districts, stop the load naming the file, the line, the column, what was expected and what was found.
/// </summary>
public sealed partial class AddressTable
{
    public static readonly string[] Columns = ["street", "postcode", "number_from", "number_to", "side", "stat_bezirk_code"];
    public static readonly string[] Sides = ["all", "odd", "even"];

    /// <summary>Repository-relative, as config/city.yaml names it.</summary>
    public required string File { get; init; }
    /// <summary>The file's full path.</summary>
    public required string Path { get; init; }
    public required IReadOnlyList<AddressRange> Rows { get; init; }

    /// <param name="shown">The file as config/city.yaml names it, for the messages.</param>
    public static AddressTable Load(string path, string shown)
    {
        var problems = new List<string>();
        var rows = new List<AddressRange>();
        using (var reader = CsvReader.FromFile(path, new CsvReaderOptions
        {
            Separator = ',',
            Encoding = new System.Text.UTF8Encoding(false),
            TrackLineNumbers = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            HasHeader = false,
        }))
        {
            string[] Cells() => [.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i).TrimStart('\uFEFF'))];
            if (!reader.Read())
                Fail($"{shown}, line 1: expected the header {string.Join(",", Columns)}, found an empty file.");
            var header = Cells();
            if (!header.SequenceEqual(Columns))
                Fail($"{shown}, line 1: expected the header {string.Join(",", Columns)}, found {string.Join(",", header)}.");
            while (reader.Read())
            {
                var line = reader.LineNumber;
                var cells = Cells();
                if (cells.Length != Columns.Length)
                {
                    problems.Add($"{shown}, line {line}: expected {Columns.Length} cells, found {cells.Length}.");
                    continue;
                }
                var before = problems.Count;
                void Bad(string column, string expected, string found) => problems.Add($"{shown}, line {line}, column {column}: expected {expected}, found {found}.");
                var (street, postcode, from, to, side, code) = (cells[0], cells[1], cells[2], cells[3], cells[4], cells[5]);
                if (street.Trim().Length == 0 || street != street.Trim())
                    Bad("street", "the street's name without leading or trailing spaces", $"'{street}'");
                if (!PostcodePattern().IsMatch(postcode))
                    Bad("postcode", "a five-digit postcode", $"'{postcode}'");
                var numberFrom = Number(from);
                var numberTo = Number(to);
                if (numberFrom is null)
                    Bad("number_from", "a house number from 1 (digits only)", $"'{from}'");
                if (numberTo is null)
                    Bad("number_to", "a house number from 1 (digits only)", $"'{to}'");
                if (numberFrom is { } f && numberTo is { } t && f > t)
                    Bad("number_to", $"a number not below number_from ({f})", $"{t}");
                if (!Sides.Contains(side))
                    Bad("side", $"one of {string.Join(", ", Sides)}", $"'{side}'");
                if (!CodePattern().IsMatch(code))
                    Bad("stat_bezirk_code", "a statistischer Bezirk as marts.areas spells it (three digits, e.g. 010)", $"'{code}'");
                if (problems.Count == before)
                    rows.Add(new AddressRange(line, street, postcode, numberFrom!.Value, numberTo!.Value, side, code));
            }
        }
        problems.AddRange(Overlaps(rows, shown));
        if (problems.Count > 0)
            Fail($"{shown} is not a valid address table ({problems.Count} problems):\n  " + string.Join("\n  ", problems.Take(20)));
        return new AddressTable { File = shown, Path = path, Rows = rows };
    }

    /// <summary>Two rows of one street and postcode that share a house number on a common side: that house would be in two districts.</summary>
    static IEnumerable<string> Overlaps(List<AddressRange> rows, string shown)
    {
        foreach (var street in rows.GroupBy(r => (Street: r.Street.ToLowerInvariant(), r.Postcode)))
        {
            var ranges = street.OrderBy(r => r.NumberFrom).ToList();
            for (var i = 0; i < ranges.Count; i++)
                for (var j = i + 1; j < ranges.Count && ranges[j].NumberFrom <= ranges[i].NumberTo; j++)
                    if (SharedNumber(ranges[i], ranges[j]) is { } number)
                        yield return $"{shown}, line {ranges[j].Line}: expected house numbers no other row covers, found {ranges[j].Street} {number} ({ranges[j].Postcode}) " +
                                     $"also on line {ranges[i].Line}{(ranges[i].StatBezirkCode == ranges[j].StatBezirkCode ? "" : $", which places it in {ranges[i].StatBezirkCode}, not {ranges[j].StatBezirkCode}")}.";
        }
    }

    /// <summary>The lowest house number both rows cover, or null.</summary>
    static int? SharedNumber(AddressRange a, AddressRange b)
    {
        for (var n = Math.Max(a.NumberFrom, b.NumberFrom); n <= Math.Min(a.NumberTo, b.NumberTo); n++)
            if (OnSide(a.Side, n) && OnSide(b.Side, n))
                return n;
        return null;
    }

    static bool OnSide(string side, int number) => side switch { "odd" => number % 2 == 1, "even" => number % 2 == 0, _ => true };

    static int? Number(string cell) =>
        NumberPattern().IsMatch(cell) && int.TryParse(cell, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n : null;

    static void Fail(string message) => throw new PipelineException("", "config", message);

    [GeneratedRegex("^[0-9]{5}$")]
    private static partial Regex PostcodePattern();

    [GeneratedRegex("^[0-9]{3}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[0-9]{1,6}$")]
    private static partial Regex NumberPattern();
}
