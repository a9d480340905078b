using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using TalentData.Project;

namespace TalentData.Loading;

/// <summary>
/// Bundesagentur für Arbeit CSV tables (source-formats §4.4): <c>Key:; value</c> metadata lines, a blank line, a
/// header of a row-label title and the value headers, then sections (a label line with empty values) whose rows
/// repeat the same labels, then a © footer and notes. Every table line may end with a trailing separator.
/// Rows are identified by section and position, so the declaration in the YAML is the schema: a missing,
/// extra or renamed row is drift and fails the file. Output is long: one row per table row and value column.
/// </summary>
public sealed partial class BaCsvReader : SourceReader
{
    /// <summary>A line longer than this is not a table line; the reader stops instead of buffering an unbounded line.</summary>
    public const int MaxLineChars = 1 << 16;

    static readonly string[] Columns = ["section_key", "section_label", "row_position", "row_label", "measure", "column_header", "value_text"];

    /// <summary>The symbols the BA prints instead of a number (source-formats §4.1); `.` as in GENESIS tables.</summary>
    static readonly HashSet<string> Symbols = ["*", "-", "x", "."];

    public override string Name => "ba_csv";

    public override Type OptionsType => typeof(BaCsvOptions);

    public override IReadOnlyList<string> RawColumns(EntityDefinition entity) => Columns;

    // The reader identifies rows by section and position, and staging's grain is (section key, measure, header):
    // an empty section or a repeated key, measure or header would make that ambiguous.
    public override string? Problem(EntityDefinition entity)
    {
        var options = entity.OptionsAs<BaCsvOptions>();
        if (options.ValueHeaders.Count == 0)
            return "'value_headers' is empty; expected the column headers after the row label, in order.";
        if (options.Sections.Count == 0)
            return "'sections' is empty; expected the sections of the table in file order, each with its rows.";
        var header = options.ValueHeaders.GroupBy(h => h).FirstOrDefault(g => g.Count() > 1);
        if (header is not null)
            return $"value header '{header.Key}' is declared twice.";
        var key = options.Sections.GroupBy(s => s.Key).FirstOrDefault(g => g.Count() > 1);
        if (key is not null)
            return $"section key '{key.Key}' is declared twice.";
        foreach (var section in options.Sections)
        {
            if (section.Rows.Count == 0)
                return $"section '{section.Label}' has no rows; declare its rows in file order.";
            var measure = section.Rows.GroupBy(r => r.Measure).FirstOrDefault(g => g.Count() > 1);
            if (measure is not null)
                return $"section '{section.Label}' declares measure '{measure.Key}' twice.";
        }
        return SeparatorProblem(options.Separator);
    }

    public override IEnumerable<RawRow> Read(string path, string sourceId, EntityDefinition entity, Action<QuarantinedRow> quarantine)
    {
        CheckLooksLikeText(path, sourceId, "a Bundesagentur für Arbeit CSV table");
        var options = entity.OptionsAs<BaCsvOptions>();
        var separator = options.Separator[0];
        var headers = options.ValueHeaders;
        var sections = options.Sections;
        var fix = $"If the publisher changed the table, update pipelines/{sourceId}.yaml (value_headers, sections) and sql/staging/{sourceId}/.";
        PipelineException Drift(long line, string message) => new(sourceId, "read", $"{path}, line {line}: {message} (schema drift). {fix}");

        using var reader = new StreamReader(path, GetEncoding(entity.Encoding), detectEncodingFromByteOrderMarks: true);
        long lineNumber = 0;
        string? Next()
        {
            var text = ReadLine(reader, lineNumber + 1, path, sourceId);
            if (text is not null) lineNumber++;
            return text;
        }

        // Metadata block: `Key:; value` lines up to the first blank line; nothing in it is data.
        string? line;
        while ((line = Next()) is not null && !IsBlank(line, separator))
        {
            // Only the key is checked, so a stray quote in a free-text value (a Hinweis) does not matter.
            var key = line.Split(separator)[0].Trim().Trim('"');
            if (!key.EndsWith(':'))
                throw Drift(lineNumber, $"expected a metadata line 'Key:{separator} value' or the blank line before the table, found '{Shorten(line)}'");
        }
        if (line is null)
            throw new PipelineException(sourceId, "read",
                $"{path}: the file ends at line {lineNumber} inside the metadata block; expected a blank line and then the table header " +
                $"'<title>{separator}{string.Join(separator, headers)}{separator}'. The download holds no table (a publisher error, or the wrong file).");
        while ((line = Next()) is not null && IsBlank(line, separator)) { }
        if (line is null || IsFooter(line, separator))
            throw new PipelineException(sourceId, "read",
                $"{path}: no table after the metadata block (the file {(line is null ? "ends" : "reaches the © footer")} at line {lineNumber}); " +
                $"expected the table header '<title>{separator}{string.Join(separator, headers)}{separator}'. The download holds no table (a publisher error, or the wrong file).");

        // The header fixes whether this file ends its table lines with a separator; every row must then agree.
        var header = Split(line, separator) ?? throw Drift(lineNumber, $"the table header has an unterminated quote: '{Shorten(line)}'");
        var trailing = header.Length > 1 && header[^1].Length == 0;
        var found = header.Skip(1).Take(header.Length - 1 - (trailing ? 1 : 0)).Select(h => h.Trim()).ToList();
        if (!found.SequenceEqual(headers))
            throw new PipelineException(sourceId, "read",
                $"{path}, line {lineNumber}: the table header does not match value_headers in pipelines/{sourceId}.yaml (schema drift).\n" +
                $"  expected: <title>{separator}{string.Join(separator, headers)}\n" +
                $"  found:    {string.Join(separator, header.Take(header.Length - (trailing ? 1 : 0)))}\n" +
                fix);
        var fieldCount = 1 + headers.Count + (trailing ? 1 : 0);

        var s = 0;        // the section being read
        var r = -1;       // rows read in it; -1 = its section line is next
        var end = "the end of the file";
        while ((line = Next()) is not null)
        {
            if (IsBlank(line, separator)) continue;
            if (IsFooter(line, separator)) { end = "the © footer"; break; }
            var fields = Split(line, separator);
            var label = (fields?[0] ?? line.Split(separator)[0]).Trim();
            var isSectionLine = fields is not null && fields.Skip(1).All(f => f.Trim().Length == 0);

            if (r == -1)
            {
                if (s == sections.Count)
                    throw Drift(lineNumber,
                        $"after the last declared row of section '{sections[^1].Label}' ('{sections[^1].Rows[^1].Label}') expected the © footer or the end of the file, " +
                        $"found '{label}' (an extra row or an undeclared section)");
                if (label != sections[s].Label || !isSectionLine)
                    throw Drift(lineNumber,
                        (s == 0 ? "after the table header" : $"after the last declared row of section '{sections[s - 1].Label}' ('{sections[s - 1].Rows[^1].Label}')") +
                        $" expected the section line '{sections[s].Label}' with empty values, found '{Shorten(line)}'" +
                        (s > 0 && !isSectionLine ? " (an extra row?)" : ""));
                r = 0;
                continue;
            }

            var section = sections[s];
            var declared = section.Rows[r];
            if (label != declared.Label)
                throw Drift(lineNumber,
                    $"section '{section.Label}', row {r + 1}: expected '{declared.Label}', found '{label}'" +
                    (isSectionLine && sections.Any(x => x.Label == label) ? $" (a section line: the section ends early, rows {r + 1} to {section.Rows.Count} are missing)" : ""));
            var position = (r + 1).ToString(CultureInfo.InvariantCulture);
            r++;
            if (r == section.Rows.Count) { s++; r = -1; }

            var shape = fields is null ? "found an unterminated quote"
                : fields.Length != fieldCount ? $"found {fields.Length.ToString(CultureInfo.InvariantCulture)}"
                : trailing && fields[^1].Length != 0 ? $"found '{fields[^1]}' where the trailing '{separator}' should end the line"
                : null;
            if (fields is null || shape is not null)
            {
                quarantine(new QuarantinedRow(lineNumber, line,
                    $"section '{section.Label}', row '{declared.Label}': expected {fieldCount} fields (the label, {headers.Count} values" +
                    (trailing ? $", the trailing '{separator}'" : "") + $"), {shape}"));
                continue;
            }
            var problems = headers.Select((h, i) => (Header: h, Value: fields[i + 1]))
                .Where(c => !IsCell(c.Value.Trim()))
                .Select(c => $"section '{section.Label}', row '{declared.Label}', column '{c.Header}': " +
                             $"expected a count (4.612), a whole number, a decimal-comma number (97,3) or a symbol (*, -, x, .), found '{c.Value}'")
                .ToList();
            if (problems.Count > 0)
            {
                quarantine(new QuarantinedRow(lineNumber, line, string.Join("; ", problems)));
                continue;
            }
            for (var i = 0; i < headers.Count; i++)
                yield return new RawRow(lineNumber, [section.Key, section.Label, position, label, declared.Measure, headers[i], fields[i + 1]]);
        }

        if (s < sections.Count)
        {
            var expected = r == -1 ? $"the section line '{sections[s].Label}'" : $"row {r + 1} '{sections[s].Rows[r].Label}' of section '{sections[s].Label}'";
            throw new PipelineException(sourceId, "read",
                $"{path}, line {lineNumber}: the table stops at {end} but {expected} is still missing; the file is truncated " +
                $"(an interrupted download?) or the publisher dropped rows. Fetch it again; if the table really changed, update pipelines/{sourceId}.yaml.");
        }
    }

    static bool IsCell(string value) => Symbols.Contains(value) || CellPattern().IsMatch(value);

    /// <summary>A count with '.' thousands separators, a plain whole number, or a number with a decimal comma.</summary>
    [GeneratedRegex(@"^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")]
    private static partial Regex CellPattern();

    static bool IsBlank(string line, char separator) => line.All(c => c == separator || char.IsWhiteSpace(c));

    static bool IsFooter(string line, char separator) => line.TrimStart(' ', '\t', '"').StartsWith('©');

    static string Shorten(string line) => line.Length <= 120 ? line : line[..120] + "…";

    /// <summary>Splits one line on the separator, honouring double quotes within the line; null for an unterminated quote.</summary>
    static string[]? Split(string line, char separator)
    {
        if (!line.Contains('"')) return line.Split(separator);
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == separator) { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        if (quoted) return null;
        fields.Add(field.ToString());
        return fields.ToArray();
    }

    /// <summary>Reads one line ending in LF, CRLF or CR, or null at the end of the file; a line never grows without bound.</summary>
    static string? ReadLine(StreamReader reader, long lineNumber, string path, string sourceId)
    {
        var line = new StringBuilder();
        while (true)
        {
            var c = reader.Read();
            if (c == -1) return line.Length == 0 ? null : line.ToString();
            if (c == '\n') return line.ToString();
            if (c == '\r')
            {
                if (reader.Peek() == '\n') reader.Read();
                return line.ToString();
            }
            if (line.Length == MaxLineChars)
                throw new PipelineException(sourceId, "read",
                    $"{path}, line {lineNumber}: the line is longer than {MaxLineChars} characters, so this is not a BA CSV table (a wrong or damaged file?). Check the download.");
            line.Append((char)c);
        }
    }
}

/// <summary>The keys of a ba_csv entity.</summary>
public sealed class BaCsvOptions
{
    /// <summary>The column headers after the row label, in order.</summary>
    public required List<string> ValueHeaders { get; set; }
    /// <summary>The sections in order, each with its rows in order (rows are identified by section and position).</summary>
    public required List<BaSection> Sections { get; set; }
    public string Separator { get; set; } = ";";
}

public sealed class BaSection
{
    public required string Label { get; set; }
    /// <summary>The area code of the section in marts.areas.</summary>
    public required string Key { get; set; }
    public required List<BaRow> Rows { get; set; }
}

public sealed class BaRow
{
    public required string Label { get; set; }
    public required string Measure { get; set; }
}
