using System.Globalization;
using TalentData.Disclosure;
using TalentData.Project;

namespace TalentData.Publishing;

/// <summary>
/// One dataset as it is published: the mart read once, ordered by the primary key, every cell formatted once
/// (invariant culture, the measure with its fixed decimals). Disclosure control changes these rows in place; every
/// format is then written from them, so CSV, JSON-stat and the metadata cannot disagree. The unsuppressed counts stay
/// beside the rows in memory for disclosure control and never reach a file.
/// </summary>
public sealed class PublishedTable : PublishedRows
{
    PublishedTable(DatasetDefinition dataset, List<string[]> rows, decimal?[] values) : base(dataset, rows, values) { }

    /// <summary>Where the values come from; every format marks a table built from sample data.</summary>
    public DataOrigin Origin { get; set; } = DataOrigin.Publisher;

    /// <summary>A table from rows already in published form, for tests of the formats and of disclosure control.</summary>
    public static PublishedTable FromRows(DatasetDefinition dataset, IEnumerable<IReadOnlyList<object?>> rows)
    {
        var formatted = new List<string[]>();
        var values = new List<decimal?>();
        var format = new RowFormat(dataset);
        foreach (var row in rows)
        {
            var (cells, value) = format.Row(row, formatted.Count + 1);
            formatted.Add(cells);
            values.Add(value);
        }
        return Checked(new PublishedTable(dataset, formatted, [.. values]));
    }

    /// <summary>Reads the dataset's mart once, ordered by its primary key, and checks it against its declaration.</summary>
    public static PublishedTable Read(Warehouse.Warehouse warehouse, DatasetDefinition dataset) => Read(warehouse.Connection, dataset);

    /// <summary>Reads the dataset's mart on <paramref name="connection"/> (the warehouse's own or a duplicate of it).</summary>
    public static PublishedTable Read(System.Data.Common.DbConnection connection, DatasetDefinition dataset)
    {
        var orderBy = string.Join(", ", dataset.PrimaryKey.Select(k => $"\"{k}\""));
        using var command = connection.CreateCommand();
        command.CommandText = $"select * from {dataset.Mart} order by {orderBy}";
        using var reader = command.ExecuteReader();
        var found = new List<string>(reader.FieldCount);
        for (var i = 0; i < reader.FieldCount; i++)
            found.Add(reader.GetName(i));
        var declared = dataset.Columns.Select(c => c.Name).ToList();
        if (!found.SequenceEqual(declared))
            throw new PipelineException("", "publish",
                $"{dataset.Mart} does not have the columns {dataset.File} declares (published column names never change silently).\n" +
                $"  declared: {string.Join(", ", declared)}\n  found:    {string.Join(", ", found)}");
        var rows = new List<string[]>();
        // An array grown by hand, not a List<decimal?>: no generics over value types (Disclosure.HotLoop).
        var values = new decimal?[64];
        var buffer = new object?[reader.FieldCount];
        var format = new RowFormat(dataset);
        while (reader.Read())
        {
            for (var i = 0; i < buffer.Length; i++)
                buffer[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            var (cells, value) = format.Row(buffer, rows.Count + 1);
            if (rows.Count == values.Length)
                Array.Resize(ref values, 2 * values.Length);
            values[rows.Count] = value;
            rows.Add(cells);
        }
        Array.Resize(ref values, rows.Count);
        return Checked(new PublishedTable(dataset, rows, values));
    }

    /// <summary>
    /// How one dataset's rows are formatted: what depends on the declaration only (the measure, status and metric
    /// columns, the decimals and their format strings) is worked out once per table, not once per row.
    /// </summary>
    sealed class RowFormat
    {
        readonly DatasetDefinition dataset;
        readonly List<DatasetColumn> columns;
        readonly int measure = -1, status = -1, metric = -1;
        readonly Dictionary<string, DatasetCategory>? categories;
        readonly int defaultDecimals;
        readonly string?[] formats = new string?[29];
        // The last value of each column and its text: rows come in key order, so a key column repeats its value row
        // after row, and the repeat reuses the text (no new string for a year or a code, one string kept per run).
        readonly object?[] lastValue;
        readonly string[] lastText;
        // Every text made for a string or integer value of the column, up to TextsKept of them: an inner key column
        // (a sex, an age group, an area name under its year) repeats its few values out of row order, and a table
        // holds one string per distinct value instead of one per row. The rows outlive the stage, and on a machine
        // where touching fresh memory is dear the retained strings cost more than the lookup.
        readonly Dictionary<object, string>?[] texts;
        const int TextsKept = 4096;

        public RowFormat(DatasetDefinition dataset)
        {
            this.dataset = dataset;
            columns = dataset.Columns;
            for (var i = 0; i < columns.Count; i++)
            {
                if (columns[i].Role == ColumnRole.Measure) measure = i;
                else if (columns[i].Role == ColumnRole.Status) status = i;
            }
            if (dataset.ColumnWithRole(ColumnRole.Metric) is { Categories: { } declared } metricColumn)
            {
                metric = columns.IndexOf(metricColumn);
                categories = declared;
            }
            defaultDecimals = dataset.Measure.Decimals ?? 0;
            lastValue = new object?[columns.Count];
            lastText = new string[columns.Count];
            texts = new Dictionary<object, string>?[columns.Count];
        }

        public (string[] Cells, decimal? Value) Row(IReadOnlyList<object?> row, int rowNumber)
        {
            var cells = new string[columns.Count];
            for (var i = 0; i < columns.Count; i++)
                if (i != measure && i != status)
                    cells[i] = row[i] is { } v ? Text(i, v) : "";
            // Where() builds its text only when a row fails; as a local function that no delegate captures, it costs
            // a row nothing (a captured one would allocate a closure and two delegates for every row read).
            string Where() => RowName(cells, rowNumber);

            var symbol = row[status] is { } s ? Convert.ToString(s, CultureInfo.InvariantCulture)!.Trim() : "";
            var value = row[measure] is { } m
                ? ToDecimal(m) ?? throw new PipelineException("", "publish", $"{Where()}: the measure holds '{m}' ({m.GetType().Name}), not a number.")
                : (decimal?)null;
            if (symbol == StatusSymbol.Nothing)
            {
                // "-" means exactly nothing: published as the number 0 (publishing.md §5.2).
                if (value is not (null or 0m))
                    throw new PipelineException("", "publish", $"{Where()}: status '-' (nothing) with the value {value}; '-' cells must be empty or 0.");
                (symbol, value) = ("", 0m);
            }
            if (symbol.Length > 0 && !PublishedStatus.Symbols.Contains(symbol))
                throw new PipelineException("", "publish",
                    $"{Where()}: status '{symbol}' is not a published symbol ({string.Join(" ", PublishedStatus.Symbols)}); map the source's symbol in SQL staging.");
            if (StatusSymbol.WithoutValue.Contains(symbol))
                value = null;
            else if (value is null)
                throw new PipelineException("", "publish",
                    $"{Where()}: '{columns[measure].Name}' is empty but the status is '{symbol}'; an empty value needs a status ('.' unknown or secret, 'x' not applicable, '/' not reliable) in SQL.");
            var decimals = Decimals(cells, rowNumber);
            if (value is { } v2)
            {
                if (columns[measure].Type == "integer" && v2 != Math.Truncate(v2))
                    throw new PipelineException("", "publish", $"{Where()}: '{columns[measure].Name}' is declared integer but holds {v2}.");
                value = Math.Round(v2, decimals, MidpointRounding.AwayFromZero);
                if (value < 0 && dataset.Disclosure == DisclosureKind.PersonCounts && dataset.Derived.Count == 0)
                    throw new PipelineException("", "publish", $"{Where()}: a count cannot be negative ({value}).");
            }
            cells[measure] = value?.ToString(Format(decimals), CultureInfo.InvariantCulture) ?? "";
            cells[status] = symbol;
            return (cells, value);
        }

        /// <summary>The fixed decimal places of a row's value: its metric category's, else the measure column's.</summary>
        int Decimals(string[] cells, int rowNumber)
        {
            if (categories is not null)
            {
                var category = cells[metric];
                if (!categories.TryGetValue(category, out var declared))
                    throw new PipelineException("", "publish",
                        $"{RowName(cells, rowNumber)}: '{columns[metric].Name}' = '{category}' is not among the categories of {dataset.File}; add it there with its unit and decimals.");
                if (declared.Decimals is { } d)
                    return d;
            }
            return defaultDecimals;
        }

        /// <summary>
        /// The cell's text, the one made before for the same value when there is one. Only strings and integers are
        /// reused: for them equal values have equal text (decimal 1.0 equals 1.00 and double 0 equals -0, with other text).
        /// </summary>
        string Text(int column, object value)
        {
            if (value is not (string or long or int))
                return FormatCell(value, columns[column]);
            if (value.Equals(lastValue[column]))
                return lastText[column];
            var seen = texts[column] ??= [];
            if (!seen.TryGetValue(value, out var text))
            {
                text = FormatCell(value, columns[column]);
                if (seen.Count < TextsKept)
                    seen.Add(value, text);
            }
            lastValue[column] = value;
            return lastText[column] = text;
        }

        /// <summary>The mart, row number and key of a row, for the message of a row that fails.</summary>
        string RowName(string[] cells, int rowNumber) =>
            $"{dataset.Mart}, row {rowNumber} ({string.Join(", ", dataset.PrimaryKey.Select(k => $"{k}={cells[dataset.Columns.FindIndex(c => c.Name == k)]}"))})";

        /// <summary>"F0", "F1", …: made once per number of decimals (decimal rounds to at most 28).</summary>
        string Format(int decimals) =>
            decimals >= 0 && decimals < formats.Length
                ? formats[decimals] ??= "F" + decimals.ToString(CultureInfo.InvariantCulture)
                : "F" + decimals.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The measure as a decimal; null when it is no number.</summary>
    static decimal? ToDecimal(object value) => value switch
    {
        decimal d => d,
        double d when double.IsFinite(d) => (decimal)d,
        float f when float.IsFinite(f) => (decimal)f,
        long or int or short or sbyte or byte or ushort or uint or ulong => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        System.Numerics.BigInteger b => (decimal)b,
        _ => null,
    };

    static string FormatCell(object value, DatasetColumn column) => column.Type switch
    {
        "date" when value is DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => CsvExtractWriter.Format(value),
    };

    /// <summary>Keys are unique and complete, and every category label is the same wherever the category appears.</summary>
    static PublishedTable Checked(PublishedTable table)
    {
        var dataset = table.Dataset;
        var keyColumns = dataset.PrimaryKey.Select(table.IndexOf).ToArray();
        // The rows themselves, compared on their key cells: no key text is built per row.
        var keys = new HashSet<string[]>(table.Rows.Count, new KeyCells(keyColumns));
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            for (var k = 0; k < keyColumns.Length; k++)
                if (row[keyColumns[k]].Length == 0)
                    throw new PipelineException("", "publish", $"{dataset.Mart}: row {r + 1} has no value in key column '{table.Columns[keyColumns[k]]}'.");
            if (!keys.Add(row))
                throw new PipelineException("", "publish", $"{dataset.Mart}: the key ({table.Describe(r)}) occurs twice; {dataset.File} declares primary_key [{string.Join(", ", dataset.PrimaryKey)}].");
        }
        foreach (var axis in dataset.Axes.Where(a => a.LabelColumn is not null))
        {
            var labels = new Dictionary<(string Level, string Category), string>();
            int a = table.IndexOf(axis.Name), l = table.IndexOf(axis.LabelColumn!), level = axis.LevelColumn is { } lc ? table.IndexOf(lc) : -1;
            for (var r = 0; r < table.Rows.Count; r++)
            {
                (string Level, string Category) category = (level < 0 ? "" : table.Rows[r][level], table.Rows[r][a]);
                if (labels.TryGetValue(category, out var seen) && seen != table.Rows[r][l])
                    throw new PipelineException("", "publish",
                        $"{dataset.Mart}: '{axis.Name}' = '{(level < 0 ? category.Category : $"{category.Level}:{category.Category}")}' has two labels in '{axis.LabelColumn}': '{seen}' and '{table.Rows[r][l]}'.");
                labels[category] = table.Rows[r][l];
            }
        }
        return table;
    }

    /// <summary>Rows equal when their cells in the key columns are equal (ordinal).</summary>
    sealed class KeyCells(int[] keyColumns) : IEqualityComparer<string[]>
    {
        public bool Equals(string[]? x, string[]? y)
        {
            foreach (var k in keyColumns)
                if (!string.Equals(x![k], y![k], StringComparison.Ordinal))
                    return false;
            return true;
        }

        public int GetHashCode(string[] row)
        {
            var hash = new HashCode();
            foreach (var k in keyColumns)
                hash.Add(row[k], StringComparer.Ordinal);
            return hash.ToHashCode();
        }
    }
}
