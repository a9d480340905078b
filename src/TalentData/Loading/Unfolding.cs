namespace TalentData.Loading;

/// <summary>
/// How a reader's wide rows become raw rows (<see cref="SourceReader.ReadWide"/>). A wide row is one line of a file that
/// holds several values on a line, as a GENESIS table does (one line per region, one column per value): first the cells
/// the line's values share (<see cref="LineColumns"/>), then the values, one per value column. It unfolds into one raw
/// row per value, in value-column order, whose raw columns each take a cell of the line, a cell of its value column
/// (<see cref="ValueColumnCells"/>: the same on every line, such as the column's header path and measure), or the value.
/// </summary>
/// <remarks>
/// RawLoader keeps the wide rows and the value columns in two tables, and raw.&lt;table&gt; is a view that unfolds them
/// (<see cref="ViewSql"/>); the reader's own <see cref="SourceReader.Read"/> unfolds them in C# with <see cref="Unfold"/>.
/// Both follow the one mapping built here, so the raw rows are the same whichever way a file is read (a test compares
/// them on the real GENESIS files).
/// </remarks>
public sealed class Unfolding
{
    enum From { Line, ValueColumn, Value }

    readonly (From From, int At)[] cells;

    /// <param name="rawColumns">The reader's raw columns, in order.</param>
    /// <param name="lineColumns">The raw columns that take a cell of the line, in the order the wide row holds them.</param>
    /// <param name="valueColumnCells">The raw columns that take a cell of the value column, in the order the reader gives them.</param>
    /// <param name="valueColumn">The raw column that takes the value.</param>
    /// <param name="values">How many values a line holds, after its cells.</param>
    public Unfolding(IReadOnlyList<string> rawColumns, IReadOnlyList<string> lineColumns, IReadOnlyList<string> valueColumnCells, string valueColumn, int values)
    {
        if (values < 1)
            throw new ArgumentOutOfRangeException(nameof(values), values, "A wide row holds at least one value.");
        RawColumns = rawColumns;
        LineColumns = lineColumns;
        ValueColumnCells = valueColumnCells;
        Values = values;
        cells = [.. rawColumns.Select(column =>
            lineColumns.Contains(column) ? (From.Line, IndexOf(lineColumns, column)) :
            valueColumnCells.Contains(column) ? (From.ValueColumn, IndexOf(valueColumnCells, column)) :
            column == valueColumn ? (From.Value, 0) :
            throw new ArgumentException($"raw column '{column}' is neither a line cell ({string.Join(", ", lineColumns)}), a value-column cell " +
                $"({string.Join(", ", valueColumnCells)}) nor the value ({valueColumn}); every raw column must come from one of them."))];
        var unused = lineColumns.Concat(valueColumnCells).Append(valueColumn).Except(rawColumns).ToList();
        if (unused.Count > 0 || lineColumns.Concat(valueColumnCells).Append(valueColumn).Distinct().Count() != lineColumns.Count + valueColumnCells.Count + 1)
            throw new ArgumentException($"the line cells, value-column cells and value must name each raw column once; found {string.Join(", ", unused.DefaultIfEmpty("a name twice"))}.");
    }

    static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
            if (names[i] == name) return i;
        return -1;
    }

    public IReadOnlyList<string> RawColumns { get; }

    /// <summary>The raw columns a wide row holds before its values, in order.</summary>
    public IReadOnlyList<string> LineColumns { get; }

    /// <summary>The raw columns each value column gives a cell of its own, in the order <see cref="SourceReader.ReadWide"/> reports them.</summary>
    public IReadOnlyList<string> ValueColumnCells { get; }

    /// <summary>How many values a wide row holds, after its line cells.</summary>
    public int Values { get; }

    /// <summary>The column of a wide table that holds value <paramref name="i"/> (0-based); line cells keep their raw names.</summary>
    public static string ValueAt(int i) => $"_value_{i}";

    /// <summary>
    /// The columns of the table that keeps the wide rows (<c>raw.&lt;table&gt;__lines</c>): the line cells under their raw
    /// names, the values, _line_number, and _load, the load that appended the line, which names its value columns.
    /// </summary>
    public string LinesTableColumnsSql() =>
        string.Join(", ", LineColumns.Select(c => $"\"{c}\" varchar").Concat(Enumerable.Range(0, Values).Select(i => $"\"{ValueAt(i)}\" varchar"))) +
        ", _line_number bigint, _load bigint";

    /// <summary>
    /// The columns of the table of value columns (<c>raw.&lt;table&gt;__value_columns</c>): per load and value column
    /// (0-based, the order of the line's values) its cells, and the run and file of that load.
    /// </summary>
    public string ValueColumnsTableColumnsSql() =>
        "_load bigint, _value_column integer" + string.Concat(ValueColumnCells.Select(c => $", \"{c}\" varchar")) + ", _run_id varchar, _source_file varchar";

    /// <summary>The rows of the table of value columns for one load, with their parameters: its value columns' cells, the run and the file.</summary>
    public (string Sql, Dictionary<string, object?> Parameters) ValueColumnsInsertSql(string valueColumnsTable, long load, IReadOnlyList<string?[]> valueColumns, string runId, string sourceFile)
    {
        CheckValueColumns(valueColumns);
        var parameters = new Dictionary<string, object?> { ["load"] = load, ["run_id"] = runId, ["source_file"] = sourceFile };
        var rows = new List<string>(Values);
        for (var i = 0; i < Values; i++)
        {
            var row = new List<string> { "$load", i.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            for (var k = 0; k < ValueColumnCells.Count; k++)
            {
                parameters[$"c{i}_{k}"] = valueColumns[i][k];
                row.Add($"cast($c{i}_{k} as varchar)");
            }
            row.Add("$run_id");
            row.Add("$source_file");
            rows.Add($"({string.Join(", ", row)})");
        }
        return ($"insert into {valueColumnsTable} values {string.Join(", ", rows)}", parameters);
    }

    /// <summary>
    /// The view that unfolds the kept lines into the raw rows: the raw columns, then _line_number, _run_id and
    /// _source_file, as a table of the long form would hold them.
    /// </summary>
    /// <remarks>
    /// Each line is joined with the value columns of its load, and a case picks the value of each. Unfolding where the
    /// raw rows are read, not where they are loaded, keeps the stored values to one per cell of the file: the long form
    /// stored 13 rows of 11 strings a line, and writing them cost four times what reading the file did (docs/performance.md).
    /// </remarks>
    public string ViewSql(string view, string linesTable, string valueColumnsTable)
    {
        var pick = Values == 1
            ? $"l.\"{ValueAt(0)}\""
            : $"case v._value_column {string.Join(" ", Enumerable.Range(0, Values).Select(i => $"when {i} then l.\"{ValueAt(i)}\""))} end";
        var select = cells.Select((cell, k) => cell.From switch
        {
            From.Line => $"l.\"{RawColumns[k]}\"",
            From.ValueColumn => $"v.\"{RawColumns[k]}\"",
            _ => $"{pick} as \"{RawColumns[k]}\"",
        });
        return $"""
            create or replace view {view} as
            select {string.Join(", ", select)}, l._line_number, v._run_id, v._source_file
            from {linesTable} l join {valueColumnsTable} v on l._load = v._load
            """;
    }

    /// <summary>Where the raw column <paramref name="column"/> is kept: a cell of the line, a cell of the value column, or neither (the value, or not a raw column).</summary>
    public bool IsLineCell(string column) => LineColumns.Contains(column);

    /// <inheritdoc cref="IsLineCell"/>
    public bool IsValueColumnCell(string column) => ValueColumnCells.Contains(column);

    /// <summary>The raw rows of one wide row, one per value, in value-column order.</summary>
    public IEnumerable<RawRow> Unfold(RawRow wide, IReadOnlyList<string?[]> valueColumns)
    {
        CheckValueColumns(valueColumns);
        for (var i = 0; i < Values; i++)
        {
            var values = new string?[cells.Length];
            for (var k = 0; k < cells.Length; k++)
                values[k] = cells[k].From switch
                {
                    From.Line => wide.Values[cells[k].At],
                    From.ValueColumn => valueColumns[i][cells[k].At],
                    _ => wide.Values[LineColumns.Count + i],
                };
            yield return new RawRow(wide.LineNumber, values);
        }
    }

    void CheckValueColumns(IReadOnlyList<string?[]> valueColumns)
    {
        if (valueColumns.Count != Values || valueColumns.Any(c => c.Length != ValueColumnCells.Count))
            throw new ArgumentException(
                $"expected {Values} value columns of {ValueColumnCells.Count} cells ({string.Join(", ", ValueColumnCells)}), " +
                $"found {valueColumns.Count} of {string.Join("/", valueColumns.Select(c => c.Length).Distinct())}.", nameof(valueColumns));
    }
}
