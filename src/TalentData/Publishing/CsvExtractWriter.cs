using System.Globalization;
using System.Text;
using Dapper;
using TalentData.Pipelines;

namespace TalentData.Publishing;

/// <summary>
/// Writes a mart as an open-data CSV: UTF-8 without BOM, comma, CRLF, '"' quoting where needed, invariant
/// number format, ordered by the primary key, so unchanged data gives byte-identical files.
/// </summary>
public static class CsvExtractWriter
{
    static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public static long Write(Warehouse.Warehouse warehouse, DatasetDefinition dataset, string targetFile)
    {
        var orderBy = string.Join(", ", dataset.PrimaryKey.Select(k => $"\"{k}\""));
        using var command = warehouse.Connection.CreateCommand();
        command.CommandText = $"select * from {dataset.Mart} order by {orderBy}";
        using var reader = command.ExecuteReader();
        var found = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var declared = dataset.Columns.Select(c => c.Name).ToList();
        if (!found.SequenceEqual(declared))
            throw new PipelineException("", "publish",
                $"{dataset.Mart} does not have the columns {dataset.File} declares (published column names never change silently).\n" +
                $"  declared: {string.Join(", ", declared)}\n  found:    {string.Join(", ", found)}");
        var temp = targetFile + ".tmp";
        long rows = 0;
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
        using (var writer = new StreamWriter(stream, Utf8NoBom))
        {
            writer.NewLine = "\r\n";
            writer.WriteLine(string.Join(",", Enumerable.Range(0, reader.FieldCount).Select(i => Quote(reader.GetName(i)))));
            var line = new StringBuilder();
            while (reader.Read())
            {
                line.Clear();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (i > 0) line.Append(',');
                    line.Append(reader.IsDBNull(i) ? "" : Quote(Format(reader.GetValue(i))));
                }
                writer.WriteLine(line);
                rows++;
            }
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, targetFile, overwrite: true);
        return rows;
    }

    public static string Format(object value) => value switch
    {
        string s => s,
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (value.Length > 0 && (value[0] == ' ' || value[^1] == ' '))
            ? "\"" + value.Replace("\"", "\"\"") + "\""
            : value;
}
