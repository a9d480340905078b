using System.Text;
using System.Text.RegularExpressions;
using TalentData.Project;

namespace TalentData.Loading;

/// <summary>
/// Classic GENESIS / Regionalstatistik table CSV (source-formats §2): line 1 names the table, then a title
/// block, 2–4 header rows whose first three cells are empty, data rows <c>year;region key;indented name;values…</c>
/// and a free-text footer after a line of underscores. The wide data block is returned in long form: one row
/// per data row and value column, with the measure and dimensions the pipeline declares for that column.
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

    public override IReadOnlyList<string> RawColumns(EntityDefinition entity) =>
        [.. KeyColumns, .. DimensionNames(entity.OptionsAs<GenesisTableOptions>()), ValueColumn];

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
        var reserved = KeyColumns.Append(ValueColumn).ToHashSet(StringComparer.Ordinal);
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
        var twice = columns.GroupBy(Identity).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            return $"two value_columns have the same measure and dimensions ({twice.Key}); each column must be told apart.";
        return SeparatorProblem(options.Separator);
    }

    static string Identity(GenesisColumn c) =>
        c.Measure + string.Concat(c.Dimensions.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $", {d.Key}={d.Value}"));

    public override IEnumerable<RawRow> Read(string path, string sourceId, EntityDefinition entity, Action<QuarantinedRow> quarantine)
    {
        CheckLooksLikeText(path, sourceId, Expected);
        var options = entity.OptionsAs<GenesisTableOptions>();
        var declared = options.ValueColumns;
        var separator = options.Separator[0];
        var fix = $"update pipelines/{sourceId}.yaml";
        var dimensions = DimensionNames(options);
        // Per value column, the dimension value for each raw dimension column (null where the column declares none).
        var dimensionValues = declared
            .Select(c => dimensions.Select(d => c.Dimensions.TryGetValue(d, out var v) ? v : null).ToArray())
            .ToArray();

        // A byte-order mark is unambiguous: such a file is UTF-8 whatever the pipeline says.
        using var reader = new StreamReader(path, GetEncoding(entity.Encoding), detectEncodingFromByteOrderMarks: true);
        long line = 1;
        var first = reader.ReadLine() ?? "";
        CheckTableCode(first, path, sourceId, options.TableCode, separator, fix);

        var headerRows = new List<string[]>();
        string? text;
        string[]? cells = null;
        while (true)
        {
            text = reader.ReadLine();
            line++;
            if (text is null || IsFooter(text))
                throw NoDataRows(path, sourceId, headerRows.Count, text is null ? line - 1 : line);
            cells = Split(text, separator);
            if (cells is null || cells.All(c => c.Length == 0))
                continue; // blank or broken lines in the title block carry nothing we validate
            if (IsPeriod(cells[0]))
                break;
            if (cells.Length > 3 && cells[0].Length == 0 && cells[1].Length == 0 && cells[2].Length == 0)
                headerRows.Add(cells);
            else if (headerRows.Count > 0)
                throw new PipelineException(sourceId, "read",
                    $"{path}, line {line}: expected another header row (first three cells empty) or the first data row (a year or DD.MM.YYYY in column 1), " +
                    $"found '{Shorten(text)}'. If the publisher changed the layout, {fix}.");
        }
        if (headerRows.Count == 0)
            throw new PipelineException(sourceId, "read",
                $"{path}, line {line}: the first data row comes before any header row; expected 2–4 header rows whose first three cells are empty. " +
                $"Is this {Expected}?");

        var found = HeaderPaths(headerRows);
        CheckHeaders(found, declared.Select(c => c.Header).ToList(), path, sourceId, line - 1, fix);

        var fieldCount = 3 + declared.Count;
        var rowWidth = KeyColumns.Length + dimensions.Count + 1;
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
            else if (RowProblem(cells, fieldCount, found) is { } problem)
            {
                quarantine(new QuarantinedRow(line, text!, problem));
            }
            else
            {
                var name = cells[2];
                var indent = name.Length - name.TrimStart(' ').Length;
                var depth = (indent / 2).ToString(System.Globalization.CultureInfo.InvariantCulture);
                name = name[indent..];
                for (var i = 0; i < declared.Count; i++)
                {
                    var values = new string?[rowWidth];
                    values[0] = cells[0];
                    values[1] = cells[1];
                    values[2] = name;
                    values[3] = depth;
                    values[4] = declared[i].Header;
                    values[5] = declared[i].Measure;
                    dimensionValues[i].CopyTo(values, KeyColumns.Length);
                    values[^1] = cells[3 + i];
                    yield return new RawRow(line, values);
                }
            }

            text = reader.ReadLine();
            line++;
            if (text is null || IsFooter(text))
                break;
            cells = Split(text, separator);
        }
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

    static string StripMultiYear(string code) => code.EndsWith("-B", StringComparison.OrdinalIgnoreCase) ? code[..^2] : code;

    /// <summary>Each value column's identity: its cells from the first to the last header row, joined with " / ".</summary>
    static List<string> HeaderPaths(List<string[]> headerRows)
    {
        var width = headerRows.Max(r => r.Length);
        return Enumerable.Range(3, width - 3)
            .Select(i => string.Join(" / ", headerRows.Select(r => i < r.Length ? r[i].Trim() : "")))
            .ToList();
    }

    static void CheckHeaders(List<string> found, List<string> expected, string path, string sourceId, long lastHeaderLine, string fix)
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
            report.Append($"  value column {i + 1} (file column {i + 4}):\n");
            report.Append($"    expected: {(e is null ? "(none)" : $"\"{e}\"")}\n");
            report.Append($"    found:    {(f is null ? "(none)" : $"\"{f}\"")}\n");
        }
        report.Append($"If the publisher changed the table, {fix} (value_columns, in file order) and sql/staging/{sourceId}/.");
        throw new PipelineException(sourceId, "read", report.ToString());
    }

    static string? RowProblem(string[] cells, int fieldCount, List<string> headers)
    {
        if (cells.Length != fieldCount)
            return $"expected {fieldCount} fields (year; region key; region name; {fieldCount - 3} values), found {cells.Length}";
        if (!IsPeriod(cells[0]))
            return $"column 1: expected a 4-digit year or a DD.MM.YYYY date, found '{cells[0]}'";
        if (cells[1].Trim().Length == 0)
            return "column 2: the region key is empty";
        for (var i = 3; i < cells.Length; i++)
            if (!Symbols.Contains(cells[i]) && !Number().IsMatch(cells[i]))
                return $"column {i + 1} ('{headers[i - 3]}'): expected a number (decimal comma, no thousands separator) or a GENESIS symbol, found '{cells[i]}'";
        return null;
    }

    static PipelineException NoDataRows(string path, string sourceId, int headerRows, long lastLine) =>
        new(sourceId, "read",
            $"{path}: no data rows; found {headerRows} header rows but up to the end of the table (line {lastLine}) no line starts with " +
            $"a year or a DD.MM.YYYY date. Expected {Expected} with data; the last good data of {sourceId} is kept.");

    static bool IsPeriod(string cell) => Period().IsMatch(cell);

    static bool IsFooter(string text) => text.StartsWith("_____", StringComparison.Ordinal);

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

    [GeneratedRegex("^-?[0-9]+(,[0-9]+)?$")]
    private static partial Regex Number();

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex SnakeCase();
}

/// <summary>The keys of a genesis_table_csv entity.</summary>
public sealed class GenesisTableOptions
{
    /// <summary>The table code that line 1 must name ("-B" multi-year exports accepted).</summary>
    public required string TableCode { get; set; }
    /// <summary>Every value column, in file order from column 4, by its header path with its measure and dimensions.</summary>
    public required List<GenesisColumn> ValueColumns { get; set; }
    public string Separator { get; set; } = ";";
}

public sealed class GenesisColumn
{
    /// <summary>The header cells of this column from the first to the last header row, joined with " / ".</summary>
    public required string Header { get; set; }
    public required string Measure { get; set; }
    public Dictionary<string, string> Dimensions { get; set; } = [];
}
