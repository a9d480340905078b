using TalentData.Disclosure;

namespace TalentData.Tests.Disclosure;

/// <summary>
/// A table as the tests see it: its own list of cells and line equations, kept apart from the library's
/// canonical grid, so that the audit does not inherit a layout bug. Totals are computed from the true values;
/// cell ids are "row,column" (2-D) or "key" (1-D) with "T" for totals, optionally prefixed.
/// </summary>
internal sealed class TestTable
{
    public const string Total = "T";

    TestTable(string name, bool twoWay, List<(string Row, string Column, DisclosureCell Cell)> positions, List<TestLine> lines)
    {
        Name = name;
        TwoWay = twoWay;
        Positions = positions;
        Lines = lines;
    }

    public string Name { get; }
    public bool TwoWay { get; }
    public List<(string Row, string Column, DisclosureCell Cell)> Positions { get; }
    public List<TestLine> Lines { get; }
    public IEnumerable<DisclosureCell> Cells => Positions.Select(p => p.Cell);

    public DisclosureTable ToDisclosureTable() => TwoWay
        ? DisclosureTable.TwoWay(Name, Total, Total, Positions)
        : DisclosureTable.OneWay(Name, Total, Positions.Select(p => (p.Column, p.Cell)));

    /// <summary>The same table with its cells handed over in another order (the suppressor must not care).</summary>
    public DisclosureTable ToDisclosureTable(Random shuffle)
    {
        var shuffled = Positions.OrderBy(_ => shuffle.Next()).ToList();
        return TwoWay
            ? DisclosureTable.TwoWay(Name, Total, Total, shuffled)
            : DisclosureTable.OneWay(Name, Total, shuffled.Select(p => (p.Column, p.Cell)));
    }

    public static TestTable TwoWayOf(string name, string[] rows, string[] columns, long[,] interior, string prefix = "",
        ISet<string>? sourceSuppressed = null, ISet<string>? forced = null, Func<string, string, string>? idOf = null)
    {
        idOf ??= (row, column) => $"{prefix}{row},{column}";
        int m = rows.Length, n = columns.Length;
        var allRows = rows.Append(Total).ToArray();
        var allColumns = columns.Append(Total).ToArray();
        var values = new long[m + 1, n + 1];
        for (var r = 0; r < m; r++)
            for (var c = 0; c < n; c++)
            {
                values[r, c] = interior[r, c];
                values[r, n] += interior[r, c];
                values[m, c] += interior[r, c];
                values[m, n] += interior[r, c];
            }
        var positions = new List<(string, string, DisclosureCell)>();
        for (var r = 0; r <= m; r++)
            for (var c = 0; c <= n; c++)
                positions.Add((allRows[r], allColumns[c], MakeCell(idOf(allRows[r], allColumns[c]), values[r, c], sourceSuppressed, forced)));
        var ids = new string[m + 1, n + 1];
        for (var r = 0; r <= m; r++)
            for (var c = 0; c <= n; c++)
                ids[r, c] = idOf(allRows[r], allColumns[c]);
        var lines = new List<TestLine>();
        for (var r = 0; r <= m; r++)
            lines.Add(new TestLine($"row '{allRows[r]}'", [.. Enumerable.Range(0, n).Select(c => ids[r, c])], ids[r, n]));
        for (var c = 0; c <= n; c++)
            lines.Add(new TestLine($"column '{allColumns[c]}'", [.. Enumerable.Range(0, m).Select(r => ids[r, c])], ids[m, c]));
        return new TestTable(name, true, positions, lines);
    }

    public static TestTable OneWayOf(string name, string[] keys, long[] values, string prefix = "",
        ISet<string>? sourceSuppressed = null, ISet<string>? forced = null)
    {
        var positions = keys.Select((k, i) => ("", k, MakeCell(prefix + k, values[i], sourceSuppressed, forced)))
            .Append(("", Total, MakeCell(prefix + Total, values.Sum(), sourceSuppressed, forced)))
            .ToList();
        return new TestTable(name, false, positions, [new TestLine("the list", [.. keys.Select(k => prefix + k)], prefix + Total)]);
    }

    /// <summary>A 1-D table over cells given directly, for tables that share cells in unusual places.</summary>
    public static TestTable OneWayOf(string name, IReadOnlyList<(string Key, DisclosureCell Cell)> interior, DisclosureCell total) =>
        new(name, false,
            [.. interior.Select(p => ("", p.Key, p.Cell)), ("", Total, total)],
            [new TestLine("the list", [.. interior.Select(p => p.Cell.Id)], total.Id)]);

    static DisclosureCell MakeCell(string id, long value, ISet<string>? sourceSuppressed, ISet<string>? forced) =>
        sourceSuppressed?.Contains(id) == true
            ? new DisclosureCell(id, null, SourceSuppressed: true)
            : new DisclosureCell(id, value, Forced: forced?.Contains(id) == true);
}

/// <summary>Interior cells sum to the total.</summary>
internal sealed record TestLine(string Label, IReadOnlyList<string> Interior, string Total)
{
    public IEnumerable<string> Cells => Interior.Append(Total);
}
