using System.Text;
using CsvHelper;
using TalentData.Pipelines;

namespace TalentData.Loading;

/// <summary>
/// Opendatasoft CSV exports: UTF-8 with or without BOM, ';', header of folded field names, quoted fields
/// with embedded separators and line breaks. The header must equal the declared columns.
/// </summary>
public sealed class OpendatasoftCsvReader : ISourceReader
{
    /// <summary>A record larger than this is not a data row but runaway quoting; the reader stops instead of swallowing the file.</summary>
    public const int MaxRecordBytes = 1 << 20;

    public IReadOnlyList<string> RawColumns(EntityDefinition entity) => entity.Columns!;

    public IEnumerable<RawRow> Read(string path, string sourceId, EntityDefinition entity, Action<QuarantinedRow> quarantine)
    {
        SourceReaders.CheckLooksLikeText(path, sourceId, "an Opendatasoft CSV export");
        var expected = entity.Columns!;
        var options = new CsvReaderOptions
        {
            Separator = entity.Separator[0],
            Encoding = SourceReaders.GetEncoding(entity.Encoding),
            TrackLineNumbers = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MaxRecordSize = MaxRecordBytes,
            SkipEmptyLines = true,
            HasHeader = false, // the header is validated here against the declaration, with line numbers
        };
        using var reader = CsvReader.FromFile(path, options);
        if (!reader.Read())
            throw new PipelineException(sourceId, "read", $"{path}: the file has no header line; expected the header {string.Join(entity.Separator, expected)}.");
        var header = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i).Trim().TrimStart('\uFEFF')).ToArray();
        if (!header.SequenceEqual(expected))
        {
            var missing = expected.Except(header).ToList();
            var extra = header.Except(expected).ToList();
            throw new PipelineException(sourceId, "read",
                $"{path}, line 1: header does not match pipelines/{sourceId}.yaml (schema drift).\n" +
                $"  expected: {string.Join(entity.Separator, expected)}\n" +
                $"  found:    {string.Join(entity.Separator, header)}\n" +
                (missing.Count > 0 ? $"  missing:  {string.Join(", ", missing)}\n" : "") +
                (extra.Count > 0 ? $"  extra:    {string.Join(", ", extra)}\n" : "") +
                $"If the publisher changed the export, update 'columns' in pipelines/{sourceId}.yaml and the staging SQL in sql/staging/{sourceId}/.");
        }
        var integerAt = entity.IntegerColumns.Select(c => expected.IndexOf(c)).ToArray();
        var decimalAt = entity.DecimalColumns.Select(c => expected.IndexOf(c)).ToArray();
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
                // Runaway quoting or a record over the size limit: the rest of the file cannot be trusted.
                quarantine(new QuarantinedRow(reader.LineNumber, "", $"unreadable from here on: {ex.Message}"));
                yield break;
            }
            if (!more) break;
            var line = reader.LineNumber;
            if (reader.FieldCount != expected.Count)
            {
                quarantine(new QuarantinedRow(line, Encoding.UTF8.GetString(reader.RawRecord),
                    $"expected {expected.Count} fields, found {reader.FieldCount}"));
                continue;
            }
            var values = new string?[expected.Count];
            for (var i = 0; i < values.Length; i++)
                values[i] = reader.GetString(i);
            var problem = CellRules.FindProblem(values, expected, integerAt, decimalAt);
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
}
