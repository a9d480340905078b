using System.Text;
using System.Text.Unicode;
using CsvHelper;
using TalentData.Project;

namespace TalentData.Loading;

/// <summary>
/// Opendatasoft CSV exports: UTF-8 with or without BOM, ';', header of folded field names, quoted fields
/// with embedded separators and line breaks. The header must equal the declared columns.
/// </summary>
public sealed class OpendatasoftCsvReader : SourceReader
{
    /// <summary>A record larger than this is not a data row but runaway quoting; the reader stops instead of swallowing the file.</summary>
    public const int MaxRecordBytes = 1 << 20;

    public override string Name => "opendatasoft_csv";

    public override Type OptionsType => typeof(OpendatasoftCsvOptions);

    public override string? Problem(EntityDefinition entity)
    {
        var o = entity.OptionsAs<OpendatasoftCsvOptions>();
        if (o.Columns.Count == 0)
            return "'columns' is empty; expected the header of the export, in order.";
        var undeclared = o.IntegerColumns.Concat(o.DecimalColumns).Where(c => !o.Columns.Contains(c)).ToList();
        if (undeclared.Count > 0)
            return $"integer_columns/decimal_columns name {string.Join(", ", undeclared)}, which 'columns' does not declare.";
        return SeparatorProblem(o.Separator);
    }

    public override IReadOnlyList<string> RawColumns(EntityDefinition entity) => entity.OptionsAs<OpendatasoftCsvOptions>().Columns;

    public override IEnumerable<RawRow> Read(string path, string sourceId, EntityDefinition entity, Action<QuarantinedRow> quarantine)
    {
        CheckLooksLikeText(path, sourceId, "an Opendatasoft CSV export");
        var declaration = entity.OptionsAs<OpendatasoftCsvOptions>();
        var expected = declaration.Columns;
        var separator = declaration.Separator;
        var options = new CsvReaderOptions
        {
            Separator = separator[0],
            Encoding = GetEncoding(entity.Encoding),
            TrackLineNumbers = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MaxRecordSize = MaxRecordBytes,
            SkipEmptyLines = true,
            PoolStrings = true, // district names, sexes, age groups repeat on every few rows
            HasHeader = false, // the header is validated here against the declaration, with line numbers
        };
        // CsvHelper reads UTF-8 leniently: bytes of another encoding would load as replacement characters, silently.
        var utf8 = options.Encoding is UTF8Encoding;
        using var reader = CsvReader.FromFile(path, options);
        if (!reader.Read())
            throw new PipelineException(sourceId, "read", $"{path}: the file has no header line; expected the header {string.Join(separator, expected)}.");
        if (utf8 && !Utf8.IsValid(reader.RawRecord))
            throw NotUtf8(path, sourceId, reader.LineNumber, entity.Encoding);
        var header = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i).Trim().TrimStart('\uFEFF')).ToArray();
        if (!header.SequenceEqual(expected))
        {
            var missing = expected.Except(header).ToList();
            var extra = header.Except(expected).ToList();
            throw new PipelineException(sourceId, "read",
                $"{path}, line 1: header does not match pipelines/{sourceId}.yaml (schema drift).\n" +
                $"  expected: {string.Join(separator, expected)}\n" +
                $"  found:    {string.Join(separator, header)}\n" +
                (missing.Count > 0 ? $"  missing:  {string.Join(", ", missing)}\n" : "") +
                (extra.Count > 0 ? $"  extra:    {string.Join(", ", extra)}\n" : "") +
                $"If the publisher changed the export, update 'columns' in pipelines/{sourceId}.yaml and the staging SQL in sql/staging/{sourceId}/.");
        }
        var integerAt = declaration.IntegerColumns.Select(c => expected.IndexOf(c)).ToArray();
        var decimalAt = declaration.DecimalColumns.Select(c => expected.IndexOf(c)).ToArray();
        var periodAt = entity.PeriodColumn is { } period ? expected.IndexOf(period) : -1;
        long dataRows = 0;
        while (true)
        {
            bool more;
            try
            {
                more = reader.Read();
            }
            catch (CsvFormatException ex)
            {
                // The parser cannot get past this record, so the rest of the file cannot be read: loading what came
                // before would replace periods with a part of their rows.
                throw new PipelineException(sourceId, "read",
                    $"{path}, the record after line {reader.LineNumber}: {ex.Message} Expected records of at most {MaxRecordBytes} bytes; " +
                    "a longer one is runaway quoting or a damaged download, and the rest of the file cannot be read. " +
                    $"Fetch the file again or look at it by hand; the last good data of {sourceId} is kept.");
            }
            if (!more) break;
            var line = reader.LineNumber;
            if (utf8 && !Utf8.IsValid(reader.RawRecord))
                throw NotUtf8(path, sourceId, line, entity.Encoding);
            if (reader.FieldCount != expected.Count)
            {
                var raw = Encoding.UTF8.GetString(reader.RawRecord);
                var spanned = raw.AsSpan().TrimEnd("\r\n").Count('\n');
                quarantine(new QuarantinedRow(line, raw,
                    $"expected {expected.Count} fields, found {reader.FieldCount}" + (spanned == 0 ? "" :
                        $"; the record runs over lines {line}–{line + spanned}: a quote opened in line {line} is not closed where the field ends, " +
                        "so the lines after it were read as part of one field")));
                continue;
            }
            var values = new string?[expected.Count];
            for (var i = 0; i < values.Length; i++)
                values[i] = reader.GetString(i);
            var problem = CellRules.FindProblem(values, expected, integerAt, decimalAt, periodAt);
            if (problem is not null)
            {
                quarantine(new QuarantinedRow(line, Encoding.UTF8.GetString(reader.RawRecord), problem));
                continue;
            }
            dataRows++;
            yield return new RawRow(line, values);
        }
        if (dataRows == 0)
            throw new PipelineException(sourceId, "read", $"{path}: the file has a header but no data rows; expected at least one row. A publisher's empty export must not replace the last good data.");
    }

    static PipelineException NotUtf8(string path, string sourceId, long line, string declared) =>
        new(sourceId, "read",
            $"{path}, line {line}: the bytes are not valid UTF-8, but pipelines/{sourceId}.yaml declares encoding '{declared}'. " +
            $"The file is in another encoding (windows-1252?); if the publisher changed it, update 'encoding' in pipelines/{sourceId}.yaml. " +
            $"Nothing of the file is loaded; the last good data of {sourceId} is kept.");
}

/// <summary>The keys of an opendatasoft_csv entity.</summary>
public sealed class OpendatasoftCsvOptions
{
    /// <summary>The header, in order; any difference fails the source as schema drift.</summary>
    public required List<string> Columns { get; set; }
    /// <summary>Columns that must hold a whole number (no separators) or an official symbol; anything else is quarantined.</summary>
    public List<string> IntegerColumns { get; set; } = [];
    /// <summary>Columns that must hold a number with a decimal point or an official symbol; anything else is quarantined.</summary>
    public List<string> DecimalColumns { get; set; } = [];
    public string Separator { get; set; } = ";";
}
