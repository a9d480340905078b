using System.IO.Compression;
using System.Text.RegularExpressions;
using TalentData.Project;

namespace TalentData.Loading;

/// <summary>
/// The GENESIS flat file (<c>ffcsv</c>) as the GENESIS web service returns it: a zip holding one CSV, or that CSV
/// itself. UTF-8 with BOM, <c>;</c>, one header line, then one row per value, unsorted. Columns are found by their
/// header name, never by position; each variable of the table comes as a numbered group of columns
/// (<c>1_variable_code</c>, <c>1_variable_attribute_code</c>, <c>1_variable_attribute_label</c>, …) and is mapped to its
/// raw columns by its variable code (<c>KREISE</c>, <c>GES</c>), so a file that lists the variables in another order
/// loads the same. A variable or value variable the pipeline does not declare fails the source: the table changed.
/// </summary>
/// <remarks>
/// The flat file names its statistic (<c>statistics_code</c> 12411), not its table: the table code is checked against
/// the statistic on every row and, inside a zip, against the CSV's name (<c>12411-01-01-4_flat.csv</c>).
/// </remarks>
public sealed partial class GenesisFlatCsvReader : SourceReader
{
    public static readonly string[] FixedColumns = ["statistics_code", "time_code", "time"];
    public static readonly string[] ValueColumns = ["measure", "value_unit", "value_text"];

    /// <summary>The header columns a flat file must have besides its variable groups.</summary>
    static readonly string[] RequiredHeader = ["statistics_code", "time_code", "time", "value", "value_unit", "value_variable_code"];

    const string Expected = "a GENESIS flat file (ffcsv), or the web service's zip holding one";

    public override string Name => "genesis_flat_csv";

    public override Type OptionsType => typeof(GenesisFlatCsvOptions);

    public override IReadOnlyList<string> RawColumns(EntityDefinition entity) =>
        [.. FixedColumns, .. DimensionColumns(entity.OptionsAs<GenesisFlatCsvOptions>()), .. ValueColumns];

    /// <summary>The raw column names of the declared variables in order: <c>&lt;name&gt;_code</c>, <c>&lt;name&gt;_label</c>.</summary>
    static IEnumerable<string> DimensionColumns(GenesisFlatCsvOptions options) =>
        DimensionNames(options).SelectMany(n => new[] { n + "_code", n + "_label" });

    /// <summary>The dimension names in order of first declaration; several variable codes may feed one (DLAND and KREISE into region).</summary>
    static List<string> DimensionNames(GenesisFlatCsvOptions options) =>
        options.Variables.Values.Distinct(StringComparer.Ordinal).ToList();

    public override string? Problem(EntityDefinition entity)
    {
        var options = entity.OptionsAs<GenesisFlatCsvOptions>();
        if (!StatisticOf(options.TableCode).All(char.IsAsciiDigit) || StatisticOf(options.TableCode).Length == 0)
            return $"table_code '{options.TableCode}' does not start with a statistic code (digits before the first '-', e.g. 12411-01-01-4).";
        if (options.Variables.Count == 0)
            return "'variables' is empty; expected every variable of the table by its code, with the raw column name it goes to (KREISE: region).";
        if (options.Values.Count == 0)
            return "'values' is empty; expected every value variable of the table by its code, with its measure (BEVSTD: population).";
        var reserved = FixedColumns.Concat(ValueColumns).ToHashSet(StringComparer.Ordinal);
        foreach (var name in DimensionNames(options))
        {
            if (!SnakeCase().IsMatch(name))
                return $"variable name '{name}' must be snake_case (it becomes the raw columns {name}_code and {name}_label).";
            if (reserved.Contains(name + "_code") || reserved.Contains(name + "_label"))
                return $"variable name '{name}' gives a raw column that clashes with the reader's own; choose another name.";
        }
        var blank = options.Values.FirstOrDefault(v => string.IsNullOrWhiteSpace(v.Value));
        if (blank.Key is not null)
            return $"value variable '{blank.Key}' has an empty measure.";
        return SeparatorProblem(options.Separator);
    }

    static string StatisticOf(string tableCode) => tableCode.Split('-')[0];

    public override IEnumerable<RawRow> Read(string path, string sourceId, EntityDefinition entity, Action<QuarantinedRow> quarantine)
    {
        var options = entity.OptionsAs<GenesisFlatCsvOptions>();
        var fix = $"update pipelines/{sourceId}.yaml";
        if (IsZip(path))
        {
            using var zip = OpenZip(path, sourceId);
            var entry = SingleCsv(zip, path, sourceId, options.TableCode, fix);
            using var stream = entry.Open();
            foreach (var row in ReadCsv(stream, $"{path} (zip entry '{entry.FullName}')", sourceId, entity, options, fix, quarantine))
                yield return row;
        }
        else
        {
            CheckLooksLikeText(path, sourceId, Expected);
            using var stream = File.OpenRead(path);
            foreach (var row in ReadCsv(stream, path, sourceId, entity, options, fix, quarantine))
                yield return row;
        }
    }

    static bool IsZip(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var fs = File.OpenRead(path);
        return fs.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] is 3 or 5 && head[3] is 4 or 6;
    }

    static ZipArchive OpenZip(string path, string sourceId)
    {
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException ex)
        {
            throw new PipelineException(sourceId, "read",
                $"{path}: the file starts like a zip but is not a readable zip ({ex.Message}); expected {Expected}. A download cut off? Fetch it again.");
        }
    }

    static ZipArchiveEntry SingleCsv(ZipArchive zip, string path, string sourceId, string tableCode, string fix)
    {
        var files = zip.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
        if (files.Count != 1)
            throw new PipelineException(sourceId, "read",
                $"{path}: expected a zip holding one CSV (the flat file of table {tableCode}), found {files.Count} files" +
                (files.Count > 0 ? $": {string.Join(", ", files.Select(f => f.FullName))}" : "") + ". Fetch the table as ffcsv alone.");
        // The web service names the CSV after the table; a name in that form that names another table is another table.
        var m = FlatFileName().Match(Path.GetFileName(files[0].FullName));
        if (m.Success && !string.Equals(m.Groups["code"].Value, tableCode, StringComparison.OrdinalIgnoreCase))
            throw new PipelineException(sourceId, "read",
                $"{path}: expected the flat file of table {tableCode}, found '{files[0].FullName}' (table {m.Groups["code"].Value}). " +
                $"Fetch table {tableCode}, or if the source really moved, {fix} (table_code, variables).");
        return files[0];
    }

    static IEnumerable<RawRow> ReadCsv(Stream stream, string file, string sourceId, EntityDefinition entity, GenesisFlatCsvOptions options,
        string fix, Action<QuarantinedRow> quarantine)
    {
        var separator = options.Separator[0];
        // A byte-order mark is unambiguous: such a file is UTF-8 whatever the pipeline says.
        using var reader = new StreamReader(stream, GetEncoding(entity.Encoding), detectEncodingFromByteOrderMarks: true);
        var headerText = reader.ReadLine() ?? "";
        var header = GenesisTableReader.Split(headerText, separator) ?? [headerText];
        var at = header.Select((name, i) => (name: name.Trim(), i)).GroupBy(x => x.name).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);

        var missing = RequiredHeader.Where(h => !at.ContainsKey(h)).ToList();
        if (missing.Count > 0)
            throw new PipelineException(sourceId, "read",
                $"{file}, line 1: expected the flat-file (ffcsv) header with the columns {string.Join(", ", RequiredHeader)} and numbered variable groups; " +
                $"missing: {string.Join(", ", missing)}. Found: '{Shorten(headerText)}'." +
                (headerText.Contains("Tabelle:", StringComparison.Ordinal) ? " This is a GENESIS table CSV: read it with reader genesis_table_csv, or fetch the table as ffcsv." : ""));

        // The variable groups, by number: 1_variable_code with its attribute code and label.
        var groups = new List<(string Number, int Code, int AttributeCode, int AttributeLabel)>();
        foreach (var (name, i) in at.Select(kv => (kv.Key, kv.Value)).OrderBy(kv => kv.Value))
        {
            var m = VariableCodeColumn().Match(name);
            if (!m.Success) continue;
            var n = m.Groups["n"].Value;
            if (!at.TryGetValue($"{n}_variable_attribute_code", out var code) || !at.TryGetValue($"{n}_variable_attribute_label", out var label))
                throw new PipelineException(sourceId, "read",
                    $"{file}, line 1: expected {n}_variable_attribute_code and {n}_variable_attribute_label beside {name}, found '{Shorten(headerText)}'.");
            groups.Add((n, i, code, label));
        }

        var names = DimensionNames(options);
        var slotOf = names.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        var statistic = StatisticOf(options.TableCode);
        int statisticAt = at["statistics_code"], timeCodeAt = at["time_code"], timeAt = at["time"];
        int valueAt = at["value"], unitAt = at["value_unit"], valueVariableAt = at["value_variable_code"];
        var width = FixedColumns.Length + 2 * names.Count + ValueColumns.Length;

        long line = 1;
        var dataLines = 0;
        string? text;
        var filled = new bool[names.Count];
        while ((text = reader.ReadLine()) is not null)
        {
            line++;
            if (text.Length == 0)
                continue;
            dataLines++;
            var cells = GenesisTableReader.Split(text, separator);
            if (cells is null)
            {
                quarantine(new QuarantinedRow(line, text, $"unbalanced double quote; expected cells separated by '{separator}'"));
                continue;
            }
            if (cells.Length != header.Length)
            {
                quarantine(new QuarantinedRow(line, text, $"expected {header.Length} fields (as the header), found {cells.Length}"));
                continue;
            }
            if (cells[statisticAt] != statistic)
                throw new PipelineException(sourceId, "read",
                    $"{file}, line {line}: expected statistics_code {statistic} (table {options.TableCode}), found '{cells[statisticAt]}'. The file is a flat file " +
                    $"of another statistic: fetch table {options.TableCode}, or if the source really moved, {fix} (table_code, variables).");

            var values = new string?[width];
            values[0] = cells[statisticAt];
            values[1] = cells[timeCodeAt];
            values[2] = cells[timeAt];
            Array.Clear(filled);
            foreach (var g in groups)
            {
                var variable = cells[g.Code];
                if (variable.Length == 0 && cells[g.AttributeCode].Length == 0 && cells[g.AttributeLabel].Length == 0)
                    continue; // a group this row does not use
                if (!options.Variables.TryGetValue(variable, out var name))
                    throw new PipelineException(sourceId, "read",
                        $"{file}, line {line}, column {g.Number}_variable_code: expected one of the declared variable codes {string.Join(", ", options.Variables.Keys)}, " +
                        $"found '{variable}'. The table has a variable the pipeline does not know; {fix} (variables) and sql/staging/{sourceId}/.");
                var slot = slotOf[name];
                if (filled[slot])
                    throw new PipelineException(sourceId, "read",
                        $"{file}, line {line}, column {g.Number}_variable_code: variable '{variable}' gives '{name}' a second time in one row; expected each of " +
                        $"{string.Join(", ", names)} once. Two variables of the table map to one name: {fix} (variables).");
                filled[slot] = true;
                values[FixedColumns.Length + 2 * slot] = cells[g.AttributeCode];
                values[FixedColumns.Length + 2 * slot + 1] = cells[g.AttributeLabel];
            }
            var absent = Array.IndexOf(filled, false);
            if (absent >= 0)
                throw new PipelineException(sourceId, "read",
                    $"{file}, line {line}: expected a variable for '{names[absent]}' (one of {string.Join(", ", options.Variables.Where(v => v.Value == names[absent]).Select(v => v.Key))}), " +
                    $"found none among the row's variables. The table lost a variable; {fix} (variables) and sql/staging/{sourceId}/.");

            var valueVariable = cells[valueVariableAt];
            if (!options.Values.TryGetValue(valueVariable, out var measure))
                throw new PipelineException(sourceId, "read",
                    $"{file}, line {line}, column value_variable_code: expected one of the declared value variables {string.Join(", ", options.Values.Keys)}, " +
                    $"found '{valueVariable}'. {char.ToUpperInvariant(fix[0])}{fix[1..]} (values) and sql/staging/{sourceId}/.");
            var value = cells[valueAt];
            if (!GenesisTableReader.IsValueCell(value))
            {
                quarantine(new QuarantinedRow(line, text,
                    $"column value: expected a number (decimal comma, no thousands separator) or a GENESIS symbol, found '{value}'"));
                continue;
            }
            values[^3] = measure;
            values[^2] = cells[unitAt];
            values[^1] = value;
            yield return new RawRow(line, values);
        }
        if (dataLines == 0)
            throw new PipelineException(sourceId, "read",
                $"{file}: no data rows; found the header (line 1) and no row after it (up to line {line}). Expected {Expected} with data; the last good data of {sourceId} is kept.");
    }

    static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";

    [GeneratedRegex(@"^(?<n>[0-9]+)_variable_code$")]
    private static partial Regex VariableCodeColumn();

    [GeneratedRegex(@"^(?<code>[0-9]{5}-[0-9A-Za-z-]+)_flat\.csv$", RegexOptions.IgnoreCase)]
    private static partial Regex FlatFileName();

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex SnakeCase();
}

/// <summary>The keys of a genesis_flat_csv entity.</summary>
public sealed class GenesisFlatCsvOptions
{
    /// <summary>The GENESIS table code; its statistic (digits before the first '-') must be each row's statistics_code.</summary>
    public required string TableCode { get; set; }
    /// <summary>Every variable of the table by its code, with the name of the raw columns (&lt;name&gt;_code, &lt;name&gt;_label) it fills.</summary>
    public required Dictionary<string, string> Variables { get; set; }
    /// <summary>Every value variable (value_variable_code) by its code, with the measure it is.</summary>
    public required Dictionary<string, string> Values { get; set; }
    public string Separator { get; set; } = ";";
}
