using System.Text;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using TalentData.Project;

namespace TalentData.Loading;

/// <summary>
/// Classic GENESIS / Regionalstatistik table CSV (source-formats §2): line 1 names the table, then a title
/// block, header rows whose leading cells are empty, data rows <c>[period;]region key;indented name;[labels;]values…</c>
/// and a free-text footer after a line of underscores (or starting with a quoted note). The pipeline declares the
/// layout: the label columns between region name and values (e.g. the Schulart), and where the period stands — in
/// the first column of every data row, on a title line of its own (<c>2015;;;…</c>) above the header or a block of
/// data, or only in a header row (one period per value column). The wide data block is returned in long form: one
/// row per data row and value column, with the label cells, and the measure and dimensions the pipeline declares for
/// that column.
/// </summary>
/// <remarks>
/// Read line by line rather than with a CSV parser: the footer is one quoted field over many lines, and a
/// parser that reaches it swallows it whole. The data block itself is never quoted in practice.
/// </remarks>
public sealed partial class GenesisTableReader : SourceReader
{
    public static readonly string[] KeyColumns = ["year", "region_code", "region_name", "region_depth", "column_header", "measure"];
    public const string ValueColumn = "value_text";

    /// <summary>The GENESIS symbols a value cell may hold instead of a number (source-formats §2.4).</summary>
    public static readonly HashSet<string> Symbols = ["-", ".", "...", "/", "x", "()", "p", "r", "s", "e"];

    const string Expected = "a GENESIS table CSV";

    public override string Name => "genesis_table_csv";

    public override Type OptionsType => typeof(GenesisTableOptions);

    public override IReadOnlyList<string> RawColumns(EntityDefinition entity)
    {
        var options = entity.OptionsAs<GenesisTableOptions>();
        return [.. KeyColumns, .. options.Labels, .. DimensionNames(options), ValueColumn];
    }

    /// <summary>Dimension names in the order they first appear in value_columns; a column that does not declare one gets null.</summary>
    static List<string> DimensionNames(GenesisTableOptions options) =>
        options.ValueColumns.SelectMany(c => c.Dimensions.Keys).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>What is wrong with a genesis_table_csv declaration beyond unknown or missing keys, or null.</summary>
    public override string? Problem(EntityDefinition entity)
    {
        var options = entity.OptionsAs<GenesisTableOptions>();
        var columns = options.ValueColumns;
        if (columns.Count == 0)
            return "'value_columns' is empty; expected every value column of the table, in file order.";
        if (options.PeriodPosition is not null && !PeriodPositions.Contains(options.PeriodPosition))
            return $"period_position '{options.PeriodPosition}' is not one of {string.Join(", ", PeriodPositions)}.";
        var reserved = KeyColumns.Append(ValueColumn).ToHashSet(StringComparer.Ordinal);
        foreach (var label in options.Labels)
        {
            if (!SnakeCase().IsMatch(label))
                return $"label column '{label}' must be snake_case (it becomes a raw column).";
            if (!reserved.Add(label) || label.StartsWith('_'))
                return $"label column '{label}' clashes with the reader's own column or another label column of that name; choose another name.";
        }
        foreach (var name in DimensionNames(options))
        {
            if (!SnakeCase().IsMatch(name))
                return $"dimension '{name}' must be snake_case (it becomes a raw column).";
            if (reserved.Contains(name) || name.StartsWith('_'))
                return $"dimension '{name}' clashes with the reader's own column of that name; choose another name.";
        }
        var blank = columns.FindIndex(c => string.IsNullOrWhiteSpace(c.Measure));
        if (blank >= 0)
            return $"value_columns[{blank}] ('{columns[blank].Header}') has an empty measure.";
        // With the period in a header row, the same measure and dimensions recur once per period.
        var twice = options.PeriodPosition == HeaderRow ? null : columns.GroupBy(Identity).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            return $"two value_columns have the same measure and dimensions ({twice.Key}); each column must be told apart.";
        return SeparatorProblem(options.Separator);
    }

    static string Identity(GenesisColumn c) =>
        c.Measure + string.Concat(c.Dimensions.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $", {d.Key}={d.Value}"));

    /// <summary>The values of <c>period_position</c>: where a table states its period.</summary>
    public static readonly string[] PeriodPositions = [FirstColumn, TitleLine, HeaderRow];
    const string FirstColumn = "first_column";
    const string TitleLine = "title_line";
    const string HeaderRow = "header_row";

    /// <summary>Where the columns of a data row stand, as the pipeline declares them.</summary>
    sealed class Layout(GenesisTableOptions options)
    {
        public string Position { get; } = options.PeriodPosition ?? FirstColumn;
        public bool PeriodFirst => Position == FirstColumn;
        public IReadOnlyList<string> Labels { get; } = options.Labels;
        /// <summary>The column of the region key: after the period where the period is the first column.</summary>
        public int RegionAt => PeriodFirst ? 1 : 0;
        /// <summary>The columns before the values: period (if first), region key, region name, the label columns.</summary>
        public int Leading => RegionAt + 2 + Labels.Count;
        /// <summary>What the leading columns are, for messages.</summary>
        public string Describe() => string.Join("; ", (PeriodFirst ? ["year"] : Array.Empty<string>())
            .Concat(["region key", "region name"]).Concat(Labels));
    }

    /// <summary>
    /// A line's own cells are its period (unless the period stands in a header row), region and label cells; each value
    /// column brings its header path, measure and dimensions (and its period, when that stands in a header row).
    /// </summary>
    public override Unfolding UnfoldingOf(EntityDefinition entity)
    {
        var options = entity.OptionsAs<GenesisTableOptions>();
        var periodPerColumn = (options.PeriodPosition ?? FirstColumn) == HeaderRow;
        string[] line = [.. periodPerColumn ? [] : new[] { "year" }, "region_code", "region_name", "region_depth", .. options.Labels];
        string[] valueColumn = [.. periodPerColumn ? new[] { "year" } : [], "column_header", "measure", .. DimensionNames(options)];
        return new Unfolding(RawColumns(entity), line, valueColumn, ValueColumn, options.ValueColumns.Count);
    }

    /// <summary>The long form: each line read wide and unfolded into one row per value column, as RawLoader does in SQL.</summary>
    public override IEnumerable<RawRow> Read(string path, string sourceId, EntityDefinition entity, Action<QuarantinedRow> quarantine)
    {
        var unfolding = UnfoldingOf(entity);
        IReadOnlyList<string?[]> valueColumns = [];
        foreach (var line in ReadWide(path, sourceId, entity, quarantine, columns => valueColumns = columns))
            foreach (var row in unfolding.Unfold(line, valueColumns))
                yield return row;
    }

    public override IEnumerable<RawRow> ReadWide(string path, string sourceId, EntityDefinition entity, Action<QuarantinedRow> quarantine,
        Action<IReadOnlyList<string?[]>> valueColumns)
    {
        CheckLooksLikeText(path, sourceId, Expected);
        var options = entity.OptionsAs<GenesisTableOptions>();
        var layout = new Layout(options);
        var declared = options.ValueColumns;
        var separator = options.Separator[0];
        var fix = $"update pipelines/{sourceId}.yaml";
        var dimensions = DimensionNames(options);

        // A byte-order mark is unambiguous: such a file is UTF-8 whatever the pipeline says.
        using var reader = new StreamReader(path, GetEncoding(entity.Encoding), detectEncodingFromByteOrderMarks: true);
        long line = 1;
        var first = reader.ReadLine() ?? "";
        CheckTableCode(first, path, sourceId, options.TableCode, separator, fix);

        var headerRows = new List<string[]>();
        long firstHeaderLine = 0, lastHeaderLine = 0;
        string? period = null; // the period of the data that follows, from a title line of its own (title_line)
        string? text;
        string[]? cells = null;
        while (true)
        {
            text = reader.ReadLine();
            line++;
            if (text is null || IsFooterLine(text))
                throw NoDataRows(path, sourceId, layout, headerRows.Count, text is null ? line - 1 : line);
            cells = Split(text, separator);
            if (cells is null || cells.All(c => c.Length == 0))
                continue; // blank or broken lines in the title block carry nothing we validate
            if (layout.PeriodFirst && IsPeriod(cells[0]))
                break;
            if (layout.Position == TitleLine && IsPeriodLine(cells))
            {
                period = cells[0];
                continue;
            }
            if (IsHeaderRow(cells, layout))
            {
                if (headerRows.Count == 0) firstHeaderLine = line;
                lastHeaderLine = line;
                headerRows.Add(cells);
            }
            else if (headerRows.Count > 0)
            {
                if (!layout.PeriodFirst)
                    break; // the first data row: a region key in column 1
                throw new PipelineException(sourceId, "read",
                    $"{path}, line {line}: expected another header row (first three cells empty) or the first data row (a year or DD.MM.YYYY in column 1), " +
                    $"found '{Shorten(text)}'. If the publisher changed the layout, {fix}.");
            }
        }
        if (headerRows.Count == 0)
            throw new PipelineException(sourceId, "read",
                $"{path}, line {line}: the first data row comes before any header row; expected header rows whose first {layout.RegionAt + 2} cells are empty. " +
                $"Is this {Expected}?");

        CheckLeadingColumns(headerRows, layout, path, sourceId, firstHeaderLine, fix);
        string[]? columnPeriods = null;
        if (layout.Position == HeaderRow)
            columnPeriods = TakePeriodRow(headerRows, layout, path, sourceId, firstHeaderLine, fix);
        if (layout.Position == TitleLine && period is null)
            throw new PipelineException(sourceId, "read",
                $"{path}, line {line}: expected a title line holding the period (e.g. '2015;;;') above the header or the data (period_position: {TitleLine}), " +
                $"found data without one. If the period now stands in the first column or in a header row, {fix} (period_position).");

        var found = HeaderPaths(headerRows, layout.Leading);
        CheckHeaders(found, declared.Select(c => c.Header).ToList(), path, sourceId, lastHeaderLine, layout.Leading, fix);

        // Each value column's own cells, in the order UnfoldingOf names them: the period where it stands in a header row,
        // then the header path, the measure and each dimension (null where the column declares none).
        valueColumns([.. declared.Select((c, i) => (string?[])[
            .. columnPeriods is null ? [] : new[] { columnPeriods[i] },
            c.Header, c.Measure,
            .. dimensions.Select(d => c.Dimensions.TryGetValue(d, out var v) ? v : null)])]);

        var fieldCount = layout.Leading + declared.Count;
        var labelCount = layout.Labels.Count;
        // The wide row: the period (unless each column has its own), region key, name and depth, the labels, the values.
        var periodCells = columnPeriods is null ? 1 : 0;
        var lineCells = periodCells + 3 + labelCount;
        while (true)
        {
            if (cells is null)
            {
                quarantine(new QuarantinedRow(line, text!, $"unbalanced double quote; expected unquoted cells separated by '{separator}'"));
            }
            else if (cells.All(c => c.Length == 0))
            {
                // an empty line between the data and a missing footer holds no data
            }
            else if (layout.Position == TitleLine && IsPeriodLine(cells))
            {
                period = cells[0]; // the next block of data, of another period
            }
            else if (RowProblem(cells, layout, fieldCount, found) is { } problem)
            {
                quarantine(new QuarantinedRow(line, text!, problem));
            }
            else
            {
                var name = cells[layout.RegionAt + 1];
                var indent = name.Length - name.TrimStart(' ').Length;
                var depth = (indent / 2).ToString(System.Globalization.CultureInfo.InvariantCulture);
                name = name[indent..];
                var values = new string?[lineCells + declared.Count];
                if (periodCells == 1)
                    values[0] = layout.PeriodFirst ? cells[0] : period;
                values[periodCells] = cells[layout.RegionAt];
                values[periodCells + 1] = name;
                values[periodCells + 2] = depth;
                for (var l = 0; l < labelCount; l++)
                    values[periodCells + 3 + l] = cells[layout.RegionAt + 2 + l].Trim();
                Array.Copy(cells, layout.Leading, values, lineCells, declared.Count);
                yield return new RawRow(line, values);
            }

            text = reader.ReadLine();
            line++;
            if (text is null || IsFooterLine(text) || IsQuotedNote(text, separator))
                break;
            cells = Split(text, separator);
        }
    }

    /// <summary>A header row: the region key and name cells (and the period cell before them) are empty.</summary>
    static bool IsHeaderRow(string[] cells, Layout layout)
    {
        var empty = layout.RegionAt + 2;
        if (cells.Length <= empty) return false;
        for (var i = 0; i < empty; i++)
            if (cells[i].Length > 0) return false;
        return true;
    }

    /// <summary>A title line of its own that holds only a period (<c>2015;;;…</c>).</summary>
    static bool IsPeriodLine(string[] cells) => IsPeriod(cells[0]) && cells.Skip(1).All(c => c.Trim().Length == 0);

    /// <summary>
    /// The header rows leave the cells of the columns before the values empty, so the first column with a header cell is
    /// the first value column: a label column the pipeline does not declare (or one it declares that is not there) shows
    /// here, before any value is read in the wrong column.
    /// </summary>
    static void CheckLeadingColumns(List<string[]> headerRows, Layout layout, string path, string sourceId, long firstHeaderLine, string fix)
    {
        var firstValue = headerRows
            .Select(r => Array.FindIndex(r, c => c.Trim().Length > 0))
            .Where(i => i >= 0)
            .DefaultIfEmpty(-1)
            .Min();
        if (firstValue == layout.Leading)
            return;
        var labelsFound = firstValue - (layout.RegionAt + 2);
        throw new PipelineException(sourceId, "read",
            $"{path}, header rows from line {firstHeaderLine}: expected {layout.Leading} columns before the values ({layout.Describe()}), " +
            $"found {firstValue} (the first header cell is in column {firstValue + 1}), so the table has {labelsFound} label column(s) between the region name and the values " +
            $"where pipelines/{sourceId}.yaml declares {layout.Labels.Count} (label_columns). If the publisher changed the layout, {fix} (label_columns, period_position).");
    }

    /// <summary>period_position header_row: the one header row whose value cells are all periods gives each column its period; it is no part of the header path.</summary>
    static string[] TakePeriodRow(List<string[]> headerRows, Layout layout, string path, string sourceId, long firstHeaderLine, string fix)
    {
        var rows = headerRows
            .Where(r => r.Length > layout.Leading && r.Skip(layout.Leading).All(c => IsPeriod(c.Trim())))
            .ToList();
        if (rows.Count != 1)
            throw new PipelineException(sourceId, "read",
                $"{path}, header rows from line {firstHeaderLine}: expected one header row holding the period of every value column (period_position: {HeaderRow}), " +
                $"found {rows.Count}. If the period now stands in the first column or on a title line, {fix} (period_position).");
        headerRows.Remove(rows[0]);
        return [.. rows[0].Skip(layout.Leading).Select(c => c.Trim())];
    }

    static void CheckTableCode(string first, string path, string sourceId, string tableCode, char separator, string fix)
    {
        var cell = first.Split(separator)[0].Trim();
        var m = TableLine().Match(cell);
        if (!m.Success)
            throw new PipelineException(sourceId, "read",
                $"{path}, line 1: expected 'GENESIS-Tabelle: {tableCode}' or 'Tabelle: {tableCode}', found '{Shorten(cell)}'. " +
                $"Is this {Expected} (not a flat-file ffcsv or an error page)? Download the table as CSV, or {fix}.");
        var code = m.Groups["code"].Value;
        // "-B" marks a multi-year export of the same table; its layout is the same.
        if (StripMultiYear(code) != StripMultiYear(tableCode))
            throw new PipelineException(sourceId, "read",
                $"{path}, line 1: expected table {tableCode}, found {code}. The file is a different GENESIS table: " +
                $"fetch table {tableCode}, or if the source really moved to {code}, {fix} (table_code and value_columns).");
    }

    /// <summary>The table code line 1 names (<c>GENESIS-Tabelle: 21111-01-03-4</c> or <c>Tabelle: …</c>), or null.</summary>
    internal static string? TableCodeOf(string firstLine, char separator) =>
        TableLine().Match(firstLine.Split(separator)[0].Trim()) is { Success: true } m ? m.Groups["code"].Value : null;

    static string StripMultiYear(string code) => code.EndsWith("-B", StringComparison.OrdinalIgnoreCase) ? code[..^2] : code;

    /// <summary>Each value column's identity: its cells from the first to the last header row, joined with " / ".</summary>
    internal static List<string> HeaderPaths(List<string[]> headerRows, int leading)
    {
        var width = headerRows.Max(r => r.Length);
        return Enumerable.Range(leading, Math.Max(0, width - leading))
            .Select(i => string.Join(" / ", headerRows.Select(r => i < r.Length ? r[i].Trim() : "")))
            .ToList();
    }

    static void CheckHeaders(List<string> found, List<string> expected, string path, string sourceId, long lastHeaderLine, int leading, string fix)
    {
        if (found.SequenceEqual(expected, StringComparer.Ordinal))
            return;
        var report = new StringBuilder();
        report.Append($"{path}, header rows ending at line {lastHeaderLine}: the value columns do not match pipelines/{sourceId}.yaml (schema drift).\n");
        if (found.Count != expected.Count)
            report.Append($"  expected {expected.Count} value columns, found {found.Count}.\n");
        var shown = 0;
        for (var i = 0; i < Math.Max(found.Count, expected.Count) && shown < 3; i++)
        {
            var e = i < expected.Count ? expected[i] : null;
            var f = i < found.Count ? found[i] : null;
            if (e == f) continue;
            shown++;
            report.Append($"  value column {i + 1} (file column {i + leading + 1}):\n");
            report.Append($"    expected: {(e is null ? "(none)" : $"\"{e}\"")}\n");
            report.Append($"    found:    {(f is null ? "(none)" : $"\"{f}\"")}\n");
        }
        report.Append($"If the publisher changed the table, {fix} (value_columns, in file order) and sql/staging/{sourceId}/.");
        throw new PipelineException(sourceId, "read", report.ToString());
    }

    static string? RowProblem(string[] cells, Layout layout, int fieldCount, List<string> headers)
    {
        if (cells.Length != fieldCount)
            return $"expected {fieldCount} fields ({layout.Describe()}; {fieldCount - layout.Leading} values), found {cells.Length}";
        if (layout.PeriodFirst && !IsPeriod(cells[0]))
            return $"column 1: expected a 4-digit year or a DD.MM.YYYY date, found '{cells[0]}'";
        if (cells[layout.RegionAt].Trim().Length == 0)
            return $"column {layout.RegionAt + 1}: the region key is empty";
        for (var i = layout.Leading; i < cells.Length; i++)
            if (!IsValueCell(cells[i]))
                return $"column {i + 1} ('{headers[i - layout.Leading]}'): expected a number (decimal comma, no thousands separator) or a GENESIS symbol, found '{cells[i]}'";
        return null;
    }

    static PipelineException NoDataRows(string path, string sourceId, Layout layout, int headerRows, long lastLine) =>
        new(sourceId, "read",
            $"{path}: no data rows; found {headerRows} header rows but up to the end of the table (line {lastLine}) " +
            (layout.PeriodFirst ? "no line starts with a year or a DD.MM.YYYY date" : "no data row (a region key in column 1) follows them") +
            $". Expected {Expected} with data; the last good data of {sourceId} is kept.");

    internal static bool IsPeriod(string cell) => Period().IsMatch(cell);

    /// <summary>A GENESIS value cell: a number with an optional decimal comma and no thousands separator, or a symbol.</summary>
    /// <remarks>
    /// Hand-written rather than a regex, and the number tried before the symbols: this runs for every value of every line
    /// (13 a line in table 13211-02-05-4), and most are numbers. Only ASCII digits, as the SQL casts in staging accept.
    /// </remarks>
    internal static bool IsValueCell(string cell)
    {
        var v = cell.AsSpan();
        if (v.Length > 0 && v[0] == '-') v = v[1..];
        var comma = v.IndexOf(',');
        var whole = comma < 0 ? v : v[..comma];
        if (!whole.IsEmpty && !whole.ContainsAnyExceptInRange('0', '9')
            && (comma < 0 || (v.Length > comma + 1 && !v[(comma + 1)..].ContainsAnyExceptInRange('0', '9'))))
            return true;
        return Symbols.Contains(cell);
    }

    internal static bool IsFooterLine(string text) => text.StartsWith("_____", StringComparison.Ordinal);

    /// <summary>
    /// A footer without the line of underscores starts with its quoted notes, one field over many lines. Data cells are
    /// never quoted, so a line that opens a quote in its first cell and does not close it is such a note.
    /// </summary>
    internal static bool IsQuotedNote(string text, char separator) => text.StartsWith('"') && Split(text, separator) is null;

    static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";

    /// <summary>Splits on the separator, honouring double quotes ("" inside quotes); null when a quote is left open.</summary>
    internal static string[]? Split(string text, char separator)
    {
        if (!text.Contains('"'))
            return text.Split(separator);
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch != '"') cell.Append(ch);
                else if (i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else quoted = false;
            }
            else if (ch == '"') quoted = true;
            else if (ch == separator) { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(ch);
        }
        if (quoted) return null;
        cells.Add(cell.ToString());
        return [.. cells];
    }

    [GeneratedRegex(@"^(?:GENESIS-)?Tabelle:\s*(?<code>\S+)$")]
    private static partial Regex TableLine();

    [GeneratedRegex(@"^(?:[0-9]{4}|[0-9]{2}\.[0-9]{2}\.[0-9]{4})$")]
    private static partial Regex Period();

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex SnakeCase();
}

/// <summary>The keys of a genesis_table_csv entity.</summary>
public sealed class GenesisTableOptions
{
    /// <summary>The table code that line 1 must name ("-B" multi-year exports accepted).</summary>
    public required string TableCode { get; set; }
    /// <summary>
    /// The columns between the region name and the values (e.g. the Schulart), each by the raw column its cells go to.
    /// Absent or null when there are none; left out of the definition's fingerprint then, so a pipeline without label
    /// columns keeps the fingerprint it had before the key existed.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? LabelColumns { get; set; }
    /// <summary>Where the period stands: first_column (default), title_line or header_row (<see cref="GenesisTableReader.PeriodPositions"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PeriodPosition { get; set; }
    /// <summary>Every value column, in file order after the label columns, by its header path with its measure and dimensions.</summary>
    public required List<GenesisColumn> ValueColumns { get; set; }
    public string Separator { get; set; } = ";";

    internal IReadOnlyList<string> Labels => LabelColumns ?? [];
}

public sealed class GenesisColumn
{
    /// <summary>The header cells of this column from the first to the last header row, joined with " / ".</summary>
    public required string Header { get; set; }
    public required string Measure { get; set; }
    public Dictionary<string, string> Dimensions { get; set; } = [];
}
