using System.Globalization;
using DuckDB.NET.Data;
using TalentData.Project;

namespace TalentData.Publishing;

/// <summary>
/// data.parquet: the rows of data.csv with typed columns, for analysts' tools (DuckDB, pandas, R, Spark) that read
/// Parquet without a CSV dialect. Same rows, same order, same suppression (R8); every empty CSV cell is NULL, as the
/// table schema's missingValues [""] reads the CSV, so a suppressed value is NULL beside its status ".". DuckDB writes
/// the file; one thread, one row group and fixed compression make the bytes depend only on the rows, because an
/// unchanged release is detected byte for byte.
/// </summary>
public sealed class ParquetFormat : PublishedFormat
{
    public const string File = "data.parquet";

    public override string FileName => File;
    public override string MediaType => "application/vnd.apache.parquet";
    public override string FileType => "PARQUET";
    public override string Title => "Apache Parquet (typisierte Spalten)";
    public override string ResourceName => "data-parquet";
    public override string ResourceFormat => "parquet";

    /// <summary>The DuckDB type of a published column: its declared type, a number with its fixed decimals exactly.</summary>
    public static string SqlType(DatasetDefinition dataset, DatasetColumn column) => column.Type switch
    {
        "integer" => "BIGINT",
        "year" => "INTEGER",
        "date" => "DATE",
        "number" when Scale(dataset, column) is { } scale => $"DECIMAL(18,{scale})",
        "number" => "DOUBLE",
        _ => "VARCHAR",
    };

    /// <summary>The decimals every value of a number column is published with: the measure's, or the most of its metric's categories.</summary>
    static int? Scale(DatasetDefinition dataset, DatasetColumn column)
    {
        if (column.Role != ColumnRole.Measure)
            return column.Decimals;
        var categories = dataset.ColumnWithRole(ColumnRole.Metric)?.Categories?.Values.Select(c => c.Decimals ?? column.Decimals ?? 0) ?? [];
        return categories.Append(column.Decimals ?? 0).Max();
    }

    public override byte[] Write(ReleaseContent content, IReadOnlyDictionary<string, byte[]> written)
    {
        var table = content.Table;
        var columns = table.Dataset.Columns;
        var types = columns.Select(c => SqlType(table.Dataset, c)).ToArray();
        var path = Path.Combine(Path.GetTempPath(), $"talentdata-{Guid.NewGuid():N}.parquet");
        try
        {
            using (var connection = TalentData.Warehouse.ScratchDatabase.Connect())
            {
                // A temporary table belongs to this connection alone, so writes on other threads cannot meet it.
                Execute(connection, $"CREATE TEMP TABLE published ({string.Join(", ", columns.Select((c, i) => $"{Quote(c.Name)} {types[i]}"))})");
                using (var appender = connection.CreateAppender("published"))
                    foreach (var row in table.Rows)
                    {
                        var appended = appender.CreateRow();
                        for (var i = 0; i < columns.Count; i++)
                            appended = Append(appended, row[i], types[i]);
                        appended.EndRow();
                    }
                using var copy = connection.CreateCommand();
                copy.CommandText = $"COPY published TO '{path.Replace("'", "''")}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)";
                copy.ExecuteNonQuery();
            }
            return System.IO.File.ReadAllBytes(path);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    /// <summary>One cell as its column's CLR type: the Appender copies bytes without converting (stack-notes §2.5).</summary>
    static IDuckDBAppenderRow Append(IDuckDBAppenderRow row, string text, string sqlType)
    {
        if (text.Length == 0)
            return row.AppendNullValue();
        return sqlType switch
        {
            "BIGINT" => row.AppendValue((long?)long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
            "INTEGER" => row.AppendValue((int?)int.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
            "DATE" => row.AppendValue((DateOnly?)DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture)),
            "DOUBLE" => row.AppendValue((double?)double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)),
            _ when sqlType.StartsWith("DECIMAL", StringComparison.Ordinal) => row.AppendValue((decimal?)decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture)),
            _ => row.AppendValue(text),
        };
    }

    static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
