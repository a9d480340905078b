using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace TalentData.Loading;

/// <summary>One value column as <c>talentdata inspect</c> found it: its header path as the reader joins it, and a measure name drafted from it.</summary>
public sealed record InspectedColumn(string Header, string Measure);

/// <summary>A variable of a GENESIS flat file: its code and label, the raw column name drafted for it, some attribute codes.</summary>
public sealed record InspectedVariable(string Code, string Label, string Name, IReadOnlyList<string> Examples);

/// <summary>A section of a BA table with the labels of its rows.</summary>
public sealed record InspectedSection(string Label, IReadOnlyList<string> Rows);

/// <summary>
/// What <see cref="FileInspector"/> found in a file: which reader reads it and with which keys, and what the data holds
/// (periods, area keys, symbols, rows that reader would quarantine). Keys that do not apply to the format stay empty.
/// </summary>
public sealed class FileInspection
{
    public required string Path { get; init; }
    /// <summary>The reader (<see cref="SourceReader"/> name) that reads the file.</summary>
    public required string Format { get; init; }
    /// <summary><c>utf-8</c> or <c>windows-1252</c>, as a pipeline file names it.</summary>
    public required string Encoding { get; init; }
    public bool ByteOrderMark { get; init; }
    public char Separator { get; init; } = ';';
    /// <summary>The CSV inside the zip the GENESIS web service returns, when the file is one.</summary>
    public string? ZipEntry { get; init; }
    public string? TableCode { get; init; }
    /// <summary>The title block of a GENESIS table, joined into one line.</summary>
    public string? Title { get; init; }
    public int HeaderRows { get; init; }
    public long FirstHeaderLine { get; init; }
    /// <summary>genesis_table_csv: first_column, title_line or header_row.</summary>
    public string? PeriodPosition { get; init; }
    /// <summary>The raw column that holds the period, or null when none was recognised.</summary>
    public string? PeriodColumn { get; init; }
    /// <summary>genesis_table_csv: per label column between the region name and the values, some of its values.</summary>
    public IReadOnlyList<IReadOnlyList<string>> LabelColumns { get; init; } = [];
    /// <summary>The value columns (a GENESIS table), the columns (an Opendatasoft export) or the value headers (a BA table).</summary>
    public IReadOnlyList<InspectedColumn> Columns { get; init; } = [];
    public IReadOnlyList<string> Periods { get; init; } = [];
    public int AreaKeyCount { get; init; }
    public IReadOnlyList<string> AreaKeyExamples { get; init; } = [];
    /// <summary>Official symbols found in value cells, with how many cells hold each.</summary>
    public IReadOnlyDictionary<string, long> Symbols { get; init; } = new SortedDictionary<string, long>(StringComparer.Ordinal);
    public long DataRows { get; init; }
    /// <summary>Rows the reader would quarantine, and the first of them with its line and reason.</summary>
    public long BadRows { get; init; }
    public string? FirstBadRow { get; init; }
    /// <summary>genesis_flat_csv: the variables and the value variables.</summary>
    public IReadOnlyList<InspectedVariable> Variables { get; init; } = [];
    public IReadOnlyList<InspectedColumn> ValueVariables { get; init; } = [];
    /// <summary>opendatasoft_csv: columns holding only whole numbers, or numbers with a decimal point.</summary>
    public IReadOnlyList<string> IntegerColumns { get; init; } = [];
    public IReadOnlyList<string> DecimalColumns { get; init; } = [];
    /// <summary>ba_csv: the sections with their rows.</summary>
    public IReadOnlyList<InspectedSection> Sections { get; init; } = [];
}

/// <summary>
/// Looks at a statistical file nobody has declared yet and says how the readers would read it (<c>talentdata inspect</c>):
/// encoding, separator, format, header rows, label columns, the header path of every value column exactly as
/// <see cref="GenesisTableReader"/> joins it, periods, area keys and symbols. It only reads; <see cref="SourceDraft"/>
/// writes the pipeline YAML and staging SQL from what it found. It shares the readers' own rules (header paths, periods,
/// value cells, footers), so what it finds is what they will check.
/// </summary>
public static partial class FileInspector
{
    const string Expected = "a statistical table file: a GENESIS table CSV, a GENESIS flat file (ffcsv, or the web service's zip holding one), " +
                            "a Bundesagentur für Arbeit CSV table or an Opendatasoft CSV export";

    /// <summary>The GENESIS variables that are regions: their attribute codes are area keys, and they fill the raw columns region_code and region_label.</summary>
    static readonly HashSet<string> RegionVariables = ["DINSG", "DLAND", "REGBEZ", "KREISE", "GEMEIN", "GEMEINDE", "GEMVB"];

    const int Examples = 5;

    public static FileInspection Inspect(string path)
    {
        if (!File.Exists(path))
            throw Fail(Directory.Exists(path) ? $"{path}: is a folder; expected {Expected}." : $"{path}: no such file; expected {Expected}.");
        if (new FileInfo(path).Length == 0)
            throw Fail($"{path}: the file is empty (0 bytes); expected {Expected}.");

        // Read whole, unlike the readers: inspect runs by hand on one download, and the encoding is decided over all of
        // its bytes (an umlaut on the last line decides it as well as one on the first).
        var bytes = File.ReadAllBytes(path);
        string? entry = null;
        if (bytes is [(byte)'P', (byte)'K', 3 or 5, 4 or 6, ..])
            (bytes, entry) = SingleZipEntry(path, bytes);
        var where = entry is null ? path : $"{path} (zip entry '{entry}')";
        if (bytes.Length == 0)
            throw Fail($"{where}: the file is empty (0 bytes); expected {Expected}.");
        if (Array.IndexOf(bytes, (byte)0) >= 0)
            throw Fail($"{where}: unknown format: the file contains NUL bytes, so it is binary; expected {Expected}.");

        var bom = bytes is [0xEF, 0xBB, 0xBF, ..];
        var body = bom ? bytes.AsSpan(3) : bytes.AsSpan();
        // A byte-order mark or valid UTF-8 is UTF-8; anything else from these publishers is windows-1252.
        var utf8 = bom || Utf8.IsValid(body);
        var text = (utf8 ? new UTF8Encoding(false) : TalentData.Project.ReaderFormat.GetEncoding("windows-1252")).GetString(body);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        if (lines.All(l => l.Trim().Length == 0))
            throw Fail($"{where}: the file holds only blank lines; expected {Expected}.");
        var encoding = utf8 ? "utf-8" : "windows-1252";
        var separator = DetectSeparator(lines);
        var first = lines[0];

        // Plain ASCII reads the same in both; GENESIS exports its tables in windows-1252, so the next vintage with an umlaut will be.
        if (GenesisTableReader.TableCodeOf(first, separator) is { } code)
            return GenesisTable(path, where, lines, code, !bom && Ascii.IsValid(body) ? "windows-1252" : encoding, bom, separator);
        var header = GenesisTableReader.Split(first, separator) ?? [first];
        if (header.Any(h => h.Trim() == "statistics_code") && header.Any(h => h.Trim() == "value_variable_code"))
            return GenesisFlat(path, where, entry, lines, header, encoding, bom, separator);
        if (entry is not null)
            throw Fail($"{where}: unknown format: a zip whose CSV does not start with the flat-file header (statistics_code;…;value_variable_code), " +
                       $"found '{Shorten(first)}'; expected {Expected}.");
        if (IsMetadataLine(first, separator))
            return BaTable(path, lines, encoding, bom, separator);
        if (header.Length > 1 && header.All(h => OdsColumn().IsMatch(h.Trim().TrimStart('\uFEFF'))))
            return Opendatasoft(path, lines, header, encoding, bom, separator);
        var looks = first.TrimStart().StartsWith('<') ? " (an HTML or XML page: an error page of the publisher?)" : "";
        throw Fail($"{where}, line 1: unknown format{looks}: found '{Shorten(first)}'. Expected 'GENESIS-Tabelle: <code>' or 'Tabelle: <code>' " +
                   "(genesis_table_csv), the flat-file header 'statistics_code;…;value_variable_code' (genesis_flat_csv), a 'Key:; value' metadata line " +
                   "(ba_csv) or a header of snake_case column names (opendatasoft_csv).");
    }

    static PipelineException Fail(string message) => new("", "inspect", message);

    static (byte[] Bytes, string Entry) SingleZipEntry(string path, byte[] bytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            var files = zip.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
            if (files.Count != 1)
                throw Fail($"{path}: unknown format: a zip holding {files.Count} files" +
                           (files.Count > 0 ? $" ({string.Join(", ", files.Select(f => f.FullName))})" : "") +
                           "; expected the GENESIS web service's zip holding one flat file (ffcsv).");
            using var stream = files[0].Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return (copy.ToArray(), files[0].FullName);
        }
        catch (InvalidDataException ex)
        {
            throw Fail($"{path}: the file starts like a zip but is not a readable zip ({ex.Message}); expected {Expected}.");
        }
    }

    /// <summary>The candidate that splits the first lines most often; GENESIS line 1 has none, so many lines are counted.</summary>
    static char DetectSeparator(List<string> lines)
    {
        char[] candidates = [';', ',', '\t', '|'];
        var sample = lines.Take(40).ToList();
        var best = candidates.MaxBy(c => sample.Sum(l => l.Count(ch => ch == c)));
        return sample.Sum(l => l.Count(ch => ch == best)) > 0 ? best : ';';
    }

    static bool IsMetadataLine(string line, char separator) =>
        line.Split(separator) is [var key, var value, ..] && key.Trim().EndsWith(':') && value.Trim().Length > 0 && !key.Contains("Tabelle", StringComparison.Ordinal);

    static FileInspection GenesisTable(string path, string where, List<string> lines, string tableCode, string encoding, bool bom, char separator)
    {
        var title = new List<string>();
        var headerRows = new List<string[]>();
        long firstHeaderLine = 0;
        string? titlePeriod = null;
        var at = 1; // index into lines of the line being looked at (line number at + 1)
        string[]? firstData = null;
        for (; at < lines.Count; at++)
        {
            var text = lines[at];
            if (GenesisTableReader.IsFooterLine(text)) break;
            var cells = GenesisTableReader.Split(text, separator);
            if (cells is null || cells.All(c => c.Trim().Length == 0)) continue;
            if (GenesisTableReader.IsPeriod(cells[0]) && cells.Skip(1).All(c => c.Trim().Length == 0))
            {
                titlePeriod = cells[0];
                continue;
            }
            if (GenesisTableReader.IsPeriod(cells[0]) && cells.Length > 1 && cells[1].Length > 0)
            {
                firstData = cells;
                break;
            }
            if (cells.Length > 2 && cells[0].Length == 0 && cells[1].Length == 0)
            {
                if (headerRows.Count == 0) firstHeaderLine = at + 1;
                headerRows.Add(cells);
                continue;
            }
            if (headerRows.Count > 0)
            {
                firstData = cells;
                break;
            }
            title.Add(cells[0].Trim());
        }
        if (headerRows.Count == 0)
            throw Fail($"{where}: a GENESIS table (line 1 names {tableCode}) without header rows (lines whose first cells are empty) before " +
                       (firstData is null ? "its end" : $"the first data row, line {at + 1}") + "; expected header rows, then data rows.");
        if (firstData is null)
            throw Fail($"{where}: a GENESIS table (line 1 names {tableCode}) with {headerRows.Count} header rows from line {firstHeaderLine} but no data row " +
                       "after them; expected data rows (a year and a region key, or a region key) before the footer.");

        var periodFirst = GenesisTableReader.IsPeriod(firstData[0]);
        var regionAt = periodFirst ? 1 : 0;
        var leading = headerRows.Select(r => Array.FindIndex(r, c => c.Trim().Length > 0)).Where(i => i >= 0).DefaultIfEmpty(regionAt + 2).Min();
        var labelCount = leading - (regionAt + 2);
        if (labelCount < 0)
            throw Fail($"{where}, line {firstHeaderLine}: the header rows start at column {leading + 1}, before the values can start " +
                       $"(after {(periodFirst ? "the year, " : "")}the region key and name); expected their first {regionAt + 2} cells empty.");

        string position;
        string[]? columnPeriods = null;
        if (periodFirst)
            position = "first_column";
        else if (headerRows.Where(r => r.Length > leading && r.Skip(leading).All(c => GenesisTableReader.IsPeriod(c.Trim()))).ToList() is [var periodRow])
        {
            position = "header_row";
            headerRows.Remove(periodRow);
            columnPeriods = [.. periodRow.Skip(leading).Select(c => c.Trim())];
        }
        else if (titlePeriod is not null)
            position = "title_line";
        else
            throw Fail($"{where}, line {at + 1}: the data rows start with a region key ('{firstData[0]}'), and no period was found: not in column 1, " +
                       "not on a title line of its own ('2015;;;…') and not in a header row; expected one of these (period_position).");

        var headers = GenesisTableReader.HeaderPaths(headerRows, leading);
        var fieldCount = leading + headers.Count;
        var labels = Enumerable.Range(0, labelCount).Select(_ => new List<string>()).ToList();
        var periods = new List<string>();
        var keys = new List<string>();
        var seenKeys = new HashSet<string>(StringComparer.Ordinal);
        var symbols = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long rows = 0, bad = 0;
        string? firstBad = null;
        var period = titlePeriod;
        void AddPeriod(string? p) { if (p is not null && !periods.Contains(p)) periods.Add(p); }
        foreach (var p in columnPeriods ?? []) AddPeriod(p);
        for (; at < lines.Count; at++)
        {
            var text = lines[at];
            if (GenesisTableReader.IsFooterLine(text) || GenesisTableReader.IsQuotedNote(text, separator)) break;
            var cells = GenesisTableReader.Split(text, separator);
            if (cells is not null && cells.All(c => c.Trim().Length == 0)) continue;
            if (cells is not null && position == "title_line" && GenesisTableReader.IsPeriod(cells[0]) && cells.Skip(1).All(c => c.Trim().Length == 0))
            {
                period = cells[0];
                continue;
            }
            var problem = cells is null ? "an unbalanced double quote"
                : cells.Length != fieldCount ? $"{cells.Length} fields where {fieldCount} were expected"
                : periodFirst && !GenesisTableReader.IsPeriod(cells[0]) ? $"'{cells[0]}' in column 1 where a period was expected"
                : cells[regionAt].Trim().Length == 0 ? "an empty region key"
                : cells.Skip(leading).FirstOrDefault(c => !GenesisTableReader.IsValueCell(c)) is { } cell ? $"'{cell}' where a number or a symbol was expected"
                : null;
            if (problem is not null)
            {
                bad++;
                firstBad ??= $"line {at + 1}: {problem}";
                continue;
            }
            rows++;
            AddPeriod(periodFirst ? cells![0] : period);
            var key = cells![regionAt].Trim();
            if (seenKeys.Add(key) && keys.Count < Examples) keys.Add(key);
            for (var l = 0; l < labelCount; l++)
                if (labels[l].Count < Examples && cells[regionAt + 2 + l].Trim() is var label && !labels[l].Contains(label))
                    labels[l].Add(label);
            for (var i = leading; i < cells.Length; i++)
                if (GenesisTableReader.Symbols.Contains(cells[i]))
                    symbols[cells[i]] = symbols.GetValueOrDefault(cells[i]) + 1;
        }

        var measures = DraftMeasures(headerRows, leading, headers, samePathSameMeasure: position == "header_row");
        return new FileInspection
        {
            Path = path, Format = "genesis_table_csv", Encoding = encoding, ByteOrderMark = bom, Separator = separator,
            TableCode = tableCode, Title = string.Join(" ", title.Where(t => t.Length > 0)),
            HeaderRows = headerRows.Count + (columnPeriods is null ? 0 : 1), FirstHeaderLine = firstHeaderLine,
            PeriodPosition = position, PeriodColumn = "year",
            LabelColumns = labels, Columns = [.. headers.Select((h, i) => new InspectedColumn(h, measures[i]))],
            Periods = periods, AreaKeyCount = seenKeys.Count, AreaKeyExamples = keys, Symbols = symbols,
            DataRows = rows, BadRows = bad, FirstBadRow = firstBad,
        };
    }

    /// <summary>
    /// A measure name per value column: the slug of its header cells without the header rows that are the same over all
    /// columns (a unit, a title repeated) and without empty cells. Where the period stands in a header row, the columns of
    /// one header path are one measure in several periods and share its name; otherwise every column gets its own.
    /// </summary>
    static List<string> DraftMeasures(List<string[]> headerRows, int leading, List<string> headers, bool samePathSameMeasure)
    {
        string Cell(string[] row, int i) => i < row.Length ? row[i].Trim() : "";
        var varying = headerRows.Where(r => headers.Select((_, i) => Cell(r, leading + i)).Distinct().Count() > 1).ToList();
        if (varying.Count == 0) varying = headerRows;
        var byPath = new Dictionary<string, string>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        for (var i = 0; i < headers.Count; i++)
        {
            if (!samePathSameMeasure || !byPath.TryGetValue(headers[i], out var measure))
            {
                var slug = Slug(string.Join(" ", varying.Select(r => Cell(r, leading + i)).Where(c => c.Length > 0)));
                measure = slug;
                for (var n = 2; !used.Add(measure); n++) measure = $"{slug}_{n}";
                byPath[headers[i]] = measure;
            }
            result.Add(measure);
        }
        return result;
    }

    static FileInspection GenesisFlat(string path, string where, string? entry, List<string> lines, string[] header, string encoding, bool bom, char separator)
    {
        var at = header.Select((name, i) => (name: name.Trim().TrimStart('\uFEFF'), i)).GroupBy(x => x.name).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        string[] required = ["statistics_code", "time_code", "time", "value", "value_unit", "value_variable_code"];
        var missing = required.Where(h => !at.ContainsKey(h)).ToList();
        if (missing.Count > 0)
            throw Fail($"{where}, line 1: a flat-file (ffcsv) header without {string.Join(", ", missing)}; expected the columns {string.Join(", ", required)} " +
                       "and numbered variable groups.");
        var groups = at.Keys.Select(k => VariableCodeColumn().Match(k)).Where(m => m.Success).Select(m => m.Groups["n"].Value)
            .Where(n => at.ContainsKey($"{n}_variable_attribute_code")).OrderBy(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        var variables = new List<(string Code, string Label, List<string> Examples)>();
        var values = new List<(string Code, string Label)>();
        var periods = new List<string>();
        var statistics = new HashSet<string>(StringComparer.Ordinal);
        string? statisticLabel = null;
        var keys = new List<string>();
        var seenKeys = new HashSet<string>(StringComparer.Ordinal);
        var symbols = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var regionsInOneRow = 0;
        long rows = 0, bad = 0;
        string? firstBad = null;
        for (var i = 1; i < lines.Count; i++)
        {
            if (lines[i].Length == 0) continue;
            var cells = GenesisTableReader.Split(lines[i], separator);
            if (cells is null || cells.Length != header.Length)
            {
                bad++;
                firstBad ??= $"line {i + 1}: " + (cells is null ? "an unbalanced double quote" : $"{cells.Length} fields where the header has {header.Length}");
                continue;
            }
            var value = cells[at["value"]];
            if (!GenesisTableReader.IsValueCell(value))
            {
                bad++;
                firstBad ??= $"line {i + 1}: '{value}' where a number or a symbol was expected";
                continue;
            }
            rows++;
            statistics.Add(cells[at["statistics_code"]]);
            statisticLabel ??= at.TryGetValue("statistics_label", out var sl) ? cells[sl] : null;
            if (!periods.Contains(cells[at["time"]])) periods.Add(cells[at["time"]]);
            var regions = 0;
            foreach (var n in groups)
            {
                var code = cells[at[$"{n}_variable_code"]];
                if (code.Length == 0) continue;
                var attribute = cells[at[$"{n}_variable_attribute_code"]];
                var index = variables.FindIndex(v => v.Code == code);
                if (index < 0)
                {
                    variables.Add((code, at.TryGetValue($"{n}_variable_label", out var l) ? cells[l] : code, []));
                    index = variables.Count - 1;
                }
                var examples = variables[index].Examples;
                if (examples.Count < Examples && !examples.Contains(attribute)) examples.Add(attribute);
                if (RegionVariables.Contains(code))
                {
                    regions++;
                    if (seenKeys.Add(attribute) && keys.Count < Examples) keys.Add(attribute);
                }
            }
            regionsInOneRow = Math.Max(regionsInOneRow, regions);
            var valueCode = cells[at["value_variable_code"]];
            if (values.All(v => v.Code != valueCode))
                values.Add((valueCode, at.TryGetValue("value_variable_label", out var vl) ? cells[vl] : valueCode));
            if (GenesisTableReader.Symbols.Contains(value))
                symbols[value] = symbols.GetValueOrDefault(value) + 1;
        }
        if (rows == 0)
            throw Fail($"{where}: a flat-file (ffcsv) header and no data row after it (up to line {lines.Count}); expected one row per value.");

        var statistic = statistics.Order(StringComparer.Ordinal).First();
        var named = FlatFileName().Match(System.IO.Path.GetFileName(entry ?? path));
        // The flat file names its statistic, not its table; the file name the service gives it names the table.
        var tableCode = named.Success && named.Groups["code"].Value.StartsWith(statistic + "-", StringComparison.Ordinal) ? named.Groups["code"].Value : null;
        // Several region variables in one row each need their own columns; otherwise they all fill region_code.
        var oneRegion = regionsInOneRow <= 1;
        var names = new HashSet<string>(StringComparer.Ordinal);
        var drafted = variables.Select(v =>
        {
            var name = oneRegion && RegionVariables.Contains(v.Code) ? "region" : Slug(v.Code);
            names.Add(name);
            return new InspectedVariable(v.Code, v.Label, name, v.Examples);
        }).ToList();
        var measures = new HashSet<string>(StringComparer.Ordinal);
        return new FileInspection
        {
            Path = path, Format = "genesis_flat_csv", Encoding = encoding, ByteOrderMark = bom, Separator = separator, ZipEntry = entry,
            TableCode = tableCode ?? statistic,
            Title = string.Join(" nach ", new[] { statisticLabel }.Concat(variables.Where(v => !RegionVariables.Contains(v.Code)).Select(v => v.Label)).Where(t => !string.IsNullOrEmpty(t))),
            HeaderRows = 1, FirstHeaderLine = 1, PeriodColumn = "time",
            Periods = periods, AreaKeyCount = seenKeys.Count, AreaKeyExamples = keys, Symbols = symbols,
            DataRows = rows, BadRows = bad, FirstBadRow = firstBad,
            Variables = drafted,
            ValueVariables = [.. values.Select(v => new InspectedColumn(v.Code, Unique(Slug(v.Label), measures)))],
        };
    }

    static FileInspection BaTable(string path, List<string> lines, string encoding, bool bom, char separator)
    {
        var at = 0;
        while (at < lines.Count && lines[at].Any(c => c != separator && !char.IsWhiteSpace(c))) at++;
        while (at < lines.Count && lines[at].All(c => c == separator || char.IsWhiteSpace(c))) at++;
        if (at == lines.Count)
            throw Fail($"{path}: a Bundesagentur für Arbeit table without a table after its metadata block (up to line {lines.Count}); expected a blank line and the table header.");
        var header = lines[at].Split(separator);
        var trailing = header.Length > 1 && header[^1].Length == 0;
        var valueHeaders = header.Skip(1).Take(header.Length - 1 - (trailing ? 1 : 0)).Select(h => h.Trim()).ToList();
        var headerLine = at + 1;
        var sections = new List<(string Label, List<string> Rows)>();
        var symbols = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long rows = 0;
        for (at++; at < lines.Count; at++)
        {
            var line = lines[at];
            if (line.All(c => c == separator || char.IsWhiteSpace(c))) continue;
            if (line.TrimStart(' ', '\t', '"').StartsWith('©')) break;
            var fields = line.Split(separator);
            if (fields.Skip(1).All(f => f.Trim().Length == 0))
            {
                sections.Add((fields[0].Trim(), []));
                continue;
            }
            if (sections.Count == 0) sections.Add(("", []));
            sections[^1].Rows.Add(fields[0].Trim());
            rows++;
            foreach (var f in fields.Skip(1).Select(f => f.Trim()).Where(f => f is "*" or "-" or "x" or "."))
                symbols[f] = symbols.GetValueOrDefault(f) + 1;
        }
        var periodHeaders = valueHeaders.All(h => BaPeriod().IsMatch(h));
        return new FileInspection
        {
            Path = path, Format = "ba_csv", Encoding = encoding, ByteOrderMark = bom, Separator = separator,
            Title = lines[0].Split(separator).ElementAtOrDefault(1)?.Trim(), HeaderRows = 1, FirstHeaderLine = headerLine,
            PeriodColumn = periodHeaders ? "column_header" : null,
            Columns = [.. valueHeaders.Select(h => new InspectedColumn(h, Slug(h)))],
            Periods = periodHeaders ? valueHeaders : [],
            AreaKeyCount = sections.Count, AreaKeyExamples = [.. sections.Select(s => s.Label).Take(Examples)],
            Symbols = symbols, DataRows = rows,
            Sections = [.. sections.Select(s => new InspectedSection(s.Label, s.Rows))],
        };
    }

    static FileInspection Opendatasoft(string path, List<string> lines, string[] header, string encoding, bool bom, char separator)
    {
        var columns = header.Select(h => h.Trim().TrimStart('\uFEFF')).ToList();
        var integer = Enumerable.Repeat(true, columns.Count).ToArray();
        var fraction = Enumerable.Repeat(true, columns.Count).ToArray();
        var filled = new bool[columns.Count];
        var period = columns.FindIndex(c => c is "jahr" or "year" or "berichtsjahr");
        // Area keys are text with meaningful leading zeros ("010"): a key column is never a number column.
        var keyAt = columns.FindIndex(IsKeyColumn);
        var periods = new List<string>();
        var keys = new List<string>();
        var seenKeys = new HashSet<string>(StringComparer.Ordinal);
        var symbols = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long rows = 0, bad = 0;
        string? firstBad = null;
        for (var i = 1; i < lines.Count; i++)
        {
            if (lines[i].Length == 0) continue;
            var cells = GenesisTableReader.Split(lines[i], separator);
            if (cells is null || cells.Length != columns.Count)
            {
                // A quoted field over several lines is read whole by the reader; here it only shows as a short row.
                bad++;
                firstBad ??= $"line {i + 1}: {(cells is null ? "a quote that the line does not close" : $"{cells.Length} fields where the header has {columns.Count}")}";
                continue;
            }
            rows++;
            for (var c = 0; c < cells.Length; c++)
            {
                var v = cells[c].Trim();
                if (v.Length == 0) continue;
                filled[c] = true;
                integer[c] &= WholeNumber().IsMatch(v) && !(v.Length > 1 && v[0] == '0');
                fraction[c] &= PointNumber().IsMatch(v);
                if (CellRules.Symbols.Contains(v)) symbols[v] = symbols.GetValueOrDefault(v) + 1;
            }
            if (period >= 0 && !periods.Contains(cells[period].Trim())) periods.Add(cells[period].Trim());
            if (keyAt >= 0 && seenKeys.Add(cells[keyAt].Trim()) && keys.Count < Examples) keys.Add(cells[keyAt].Trim());
        }
        if (rows == 0)
            throw Fail($"{path}: a header of column names ({Shorten(lines[0])}) and no data row after it; expected at least one row.");
        var numbers = columns.Where((c, i) => filled[i] && !IsKeyColumn(c)).ToList();
        return new FileInspection
        {
            Path = path, Format = "opendatasoft_csv", Encoding = encoding, ByteOrderMark = bom, Separator = separator,
            HeaderRows = 1, FirstHeaderLine = 1, PeriodColumn = period >= 0 ? columns[period] : null,
            Columns = [.. columns.Select(c => new InspectedColumn(c, c))],
            IntegerColumns = [.. numbers.Where(c => integer[columns.IndexOf(c)])],
            DecimalColumns = [.. numbers.Where(c => !integer[columns.IndexOf(c)] && fraction[columns.IndexOf(c)])],
            Periods = [.. periods.Order(StringComparer.Ordinal)], AreaKeyCount = seenKeys.Count, AreaKeyExamples = keys, Symbols = symbols,
            DataRows = rows, BadRows = bad, FirstBadRow = firstBad,
        };
    }

    static bool IsKeyColumn(string name) =>
        name.EndsWith("_nr", StringComparison.Ordinal) || name.EndsWith("_code", StringComparison.Ordinal) || name.EndsWith("_key", StringComparison.Ordinal) ||
        name.EndsWith("_id", StringComparison.Ordinal) || name.Contains("schluessel", StringComparison.Ordinal) || name is "ags" or "ars";

    static string Unique(string name, HashSet<string> used)
    {
        var result = name;
        for (var n = 2; !used.Add(result); n++) result = $"{name}_{n}";
        return result;
    }

    /// <summary>A snake_case name from a header: lower case, umlauts spelled out, anything else an underscore; it starts with a letter.</summary>
    public static string Slug(string text)
    {
        var s = text.ToLowerInvariant().Replace("ä", "ae").Replace("ö", "oe").Replace("ü", "ue").Replace("ß", "ss");
        s = NotSlug().Replace(s, "_").Trim('_');
        if (s.Length == 0) return "value";
        return char.IsAsciiLetterLower(s[0]) ? s : "v_" + s;
    }

    static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "…";

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();

    [GeneratedRegex("^[a-z0-9_]+$")]
    private static partial Regex OdsColumn();

    [GeneratedRegex(@"^(?<n>[0-9]+)_variable_code$")]
    private static partial Regex VariableCodeColumn();

    [GeneratedRegex(@"^(?<code>[0-9]{5}-[0-9A-Za-z-]+)_flat\.csv$", RegexOptions.IgnoreCase)]
    private static partial Regex FlatFileName();

    [GeneratedRegex(@"^[0-9]{4}(/[0-9]{2})?$")]
    private static partial Regex BaPeriod();

    [GeneratedRegex("^-?[0-9]+$")]
    private static partial Regex WholeNumber();

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?$")]
    private static partial Regex PointNumber();
}
