using System.Runtime.CompilerServices;

namespace TalentData.Disclosure;

/// <summary>
/// A table to protect: a 1-D list with its total (<see cref="OneWay"/>) or a 2-D cross-table with row totals,
/// column totals and the grand total (<see cref="TwoWay"/>). Rows and columns are named by keys; the canonical
/// order sorts the interior keys ordinally and puts the total last, so the suppression pattern does not depend on
/// the order in which a query returned the cells (R8). Use keys that sort meaningfully (zero-padded codes).
/// </summary>
public sealed class DisclosureTable
{
    DisclosureTable(string name, bool isTwoWay, string[] rowKeys, string[] columnKeys, DisclosureCell[,] grid)
    {
        Name = name;
        IsTwoWay = isTwoWay;
        RowKeys = rowKeys;
        ColumnKeys = columnKeys;
        Grid = grid;
    }

    public string Name { get; }
    public bool IsTwoWay { get; }

    /// <summary>Canonical row keys, interior sorted, the total last; a 1-D table has one row with key "".</summary>
    internal IReadOnlyList<string> RowKeys { get; }

    /// <summary>Canonical column keys, interior sorted, the total last; in a 1-D table these are the list's keys.</summary>
    internal IReadOnlyList<string> ColumnKeys { get; }

    internal DisclosureCell[,] Grid { get; }
    internal int TotalRow => IsTwoWay ? RowKeys.Count - 1 : -1;
    internal int TotalColumn => ColumnKeys.Count - 1;

    /// <summary>A list of parts and their total, e.g. districts and the city.</summary>
    // HotLoop.Compile (here and on the other loops every cube-year runs): compiled optimised at the first call in a
    // build's output, precompiled in the ReadyToRun CLI.
    [MethodImpl(HotLoop.Compile)]
    public static DisclosureTable OneWay(string name, string totalKey, IEnumerable<(string Key, DisclosureCell Cell)> cells)
    {
        CheckName(name);
        // The canonical order of Canonical, written out: disclosure control of a cube builds thousands of lists. A key
        // given twice is found next to itself once the keys are sorted, so no set of the keys is built.
        var keys = new List<string>();
        var parts = new List<DisclosureCell>();
        DisclosureCell? total = null;
        foreach (var (key, cell) in cells)
        {
            if (string.Equals(key, totalKey, StringComparison.Ordinal))
                total = total is null ? cell : throw new ArgumentException($"Disclosure table '{name}': key '{key}' occurs twice.");
            else
            {
                keys.Add(key);
                parts.Add(cell);
            }
        }
        if (total is null)
            throw new ArgumentException($"Disclosure table '{name}': the total key '{totalKey}' is missing.");
        if (keys.Count == 0)
            throw new ArgumentException($"Disclosure table '{name}': there is no key besides the total '{totalKey}'.");
        var columns = new string[keys.Count + 1];
        var sortedParts = new DisclosureCell[keys.Count + 1];
        keys.CopyTo(columns);
        parts.CopyTo(sortedParts);
        Array.Sort(columns, sortedParts, 0, keys.Count, StringComparer.Ordinal);
        for (var c = 1; c < keys.Count; c++)
            if (string.Equals(columns[c - 1], columns[c], StringComparison.Ordinal))
                throw new ArgumentException($"Disclosure table '{name}': key '{columns[c]}' occurs twice.");
        columns[^1] = totalKey;
        sortedParts[^1] = total!;
        var grid = new DisclosureCell[1, columns.Length];
        for (var c = 0; c < columns.Length; c++)
            grid[0, c] = sortedParts[c];
        return Checked(new DisclosureTable(name, false, [""], columns, grid));
    }

    /// <summary>A cross-table given cell by cell, including the row totals, the column totals and the grand total.</summary>
    public static DisclosureTable TwoWay(string name, string totalRowKey, string totalColumnKey,
        IEnumerable<(string Row, string Column, DisclosureCell Cell)> cells)
    {
        CheckName(name);
        var byPosition = new Dictionary<(string, string), DisclosureCell>();
        foreach (var (row, column, cell) in cells)
            if (!byPosition.TryAdd((row, column), cell))
                throw new ArgumentException($"Disclosure table '{name}': cell ({row}, {column}) occurs twice.");
        var rows = Canonical(name, "row", totalRowKey, byPosition.Keys.Select(p => p.Item1).Distinct());
        var columns = Canonical(name, "column", totalColumnKey, byPosition.Keys.Select(p => p.Item2).Distinct());
        var grid = new DisclosureCell[rows.Length, columns.Length];
        for (var r = 0; r < rows.Length; r++)
            for (var c = 0; c < columns.Length; c++)
                grid[r, c] = byPosition.TryGetValue((rows[r], columns[c]), out var cell)
                    ? cell
                    : throw new ArgumentException($"Disclosure table '{name}': cell ({rows[r]}, {columns[c]}) is missing; " +
                                                  "give every row x column position including the totals.");
        return Checked(new DisclosureTable(name, true, rows, columns, grid));
    }

    /// <summary>
    /// A cross-table given as a grid whose last row and last column are the totals, the interior keys in any order: the
    /// table <see cref="TwoWay(string, string, string, IEnumerable{ValueTuple{string, string, DisclosureCell}})"/> builds
    /// from the same cells, without a dictionary of positions (disclosure control of a cube-year builds thousands).
    /// </summary>
    internal static DisclosureTable TwoWay(string name, IReadOnlyList<string> rowKeys, IReadOnlyList<string> columnKeys, DisclosureCell[,] cells)
    {
        CheckName(name);
        if (cells.GetLength(0) != rowKeys.Count || cells.GetLength(1) != columnKeys.Count)
            throw new ArgumentException($"Disclosure table '{name}': {rowKeys.Count} row keys and {columnKeys.Count} column keys for a grid of " +
                                        $"{cells.GetLength(0)} x {cells.GetLength(1)} cells.");
        var rows = CanonicalOrder(name, "row", rowKeys);
        var columns = CanonicalOrder(name, "column", columnKeys);
        var grid = new DisclosureCell[rows.Length, columns.Length];
        for (var r = 0; r < rows.Length; r++)
            for (var c = 0; c < columns.Length; c++)
                grid[r, c] = cells[rows[r], columns[c]];
        return Checked(new DisclosureTable(name, true, [.. rows.Select(r => rowKeys[r])], [.. columns.Select(c => columnKeys[c])], grid));
    }

    /// <summary>The positions of the keys in canonical order: the interior sorted ordinally, the total (the last key) last.</summary>
    [MethodImpl(HotLoop.Compile)]
    static int[] CanonicalOrder(string name, string what, IReadOnlyList<string> keys)
    {
        if (keys.Count < 2)
            throw new ArgumentException($"Disclosure table '{name}': there is no {what} besides the total '{keys.LastOrDefault()}'.");
        var seen = new HashSet<string>(keys.Count, StringComparer.Ordinal);
        foreach (var key in keys)
            if (!seen.Add(key))
                throw new ArgumentException($"Disclosure table '{name}': {what} '{key}' occurs twice.");
        var interior = new string[keys.Count - 1];
        var order = new int[keys.Count];
        for (var i = 0; i < interior.Length; i++)
        {
            interior[i] = keys[i];
            order[i] = i;
        }
        Array.Sort(interior, order, 0, interior.Length, StringComparer.Ordinal);
        order[^1] = keys.Count - 1;
        return order;
    }

    /// <summary>How a position is named in messages: "(02, hsa)" or "02".</summary>
    internal string PositionLabel(int row, int column) =>
        IsTwoWay ? $"({RowKeys[row]}, {ColumnKeys[column]})" : ColumnKeys[column];

    static void CheckName(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("A disclosure table needs a name (it appears in every error message).");
    }

    static string[] Canonical(string name, string what, string totalKey, IEnumerable<string> keys)
    {
        var all = keys.ToList();
        if (!all.Contains(totalKey, StringComparer.Ordinal))
            throw new ArgumentException($"Disclosure table '{name}': the total {what} '{totalKey}' is missing.");
        var interior = all.Where(k => !string.Equals(k, totalKey, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (interior.Count == 0)
            throw new ArgumentException($"Disclosure table '{name}': there is no {what} besides the total '{totalKey}'.");
        return [.. interior, totalKey];
    }

    /// <summary>Up to this many cells, a table's ids are compared pairwise instead of through a set (most tables are this small).</summary>
    const int PairwiseIds = 32;

    [MethodImpl(HotLoop.Compile)]
    static DisclosureTable Checked(DisclosureTable table)
    {
        var grid = table.Grid;
        int width = grid.GetLength(1), count = grid.Length;
        // A cube-year builds thousands of small tables: a set per table would cost more than comparing their few ids.
        var ids = count > PairwiseIds ? new HashSet<string>(count, StringComparer.Ordinal) : null;
        for (var i = 0; i < count; i++)
        {
            var cell = grid[i / width, i % width];
            var repeated = false;
            if (ids is not null)
                repeated = !ids.Add(cell.Id);
            else
                for (var j = 0; j < i && !repeated; j++)
                    repeated = string.Equals(grid[j / width, j % width].Id, cell.Id, StringComparison.Ordinal);
            if (repeated)
                throw new ArgumentException($"Disclosure table '{table.Name}': cell id '{cell.Id}' is used at two positions.");
            if (cell.Value is null && !cell.SourceSuppressed)
                throw new ArgumentException($"Disclosure table '{table.Name}': cell '{cell.Id}' has no value but is not marked source-suppressed.");
            if (cell.Value < 0)
                throw new ArgumentException($"Disclosure table '{table.Name}': cell '{cell.Id}' is negative; disclosure control applies to counts.");
        }
        return table;
    }
}
