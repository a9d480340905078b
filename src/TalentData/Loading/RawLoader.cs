using Dapper;
using TalentData.Pipelines;

namespace TalentData.Loading;

public sealed record LoadResult(long RowsRead, long RowsLoaded, long RowsQuarantined, IReadOnlyList<string> Periods);

/// <summary>
/// Streams a reader's rows through the DuckDB Appender into raw.&lt;source_id&gt;__&lt;entity&gt; (all VARCHAR plus
/// lineage). Rows land in a fresh incoming table first; one transaction then replaces exactly the periods
/// the file delivers, so a failed load changes nothing and periods no longer delivered are kept.
/// </summary>
public static class RawLoader
{
    /// <summary>Quarantined text is kept up to this many characters: enough to find and fix the line, not a 10 MB line twice over.</summary>
    public const int MaxQuarantinedChars = 4000;

    public static string TableName(string sourceId, string entity) => $"{sourceId}__{entity}";

    static string Cap(string text) => text.Length <= MaxQuarantinedChars
        ? text
        : string.Concat(text.AsSpan(0, MaxQuarantinedChars), $"… ({text.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} characters in all)");

    /// <summary>
    /// Creates the raw table of a source that has never been loaded, empty, so the models that combine several
    /// sources still build from the others. Returns false when the table already exists.
    /// </summary>
    public static bool CreateEmptyIfMissing(Warehouse.Warehouse warehouse, string sourceId, EntityDefinition entity)
    {
        var table = TableName(sourceId, entity.Entity);
        if (warehouse.TableExists("raw", table)) return false;
        var columns = SourceReaders.For(entity.Reader).RawColumns(entity);
        var columnSql = string.Join(", ", columns.Select(col => $"\"{col}\" varchar"));
        warehouse.Connection.Execute($"create table raw.\"{table}\" ({columnSql}, _line_number bigint, _run_id varchar, _source_file varchar)");
        return true;
    }

    public static LoadResult Load(Warehouse.Warehouse warehouse, string sourceId, EntityDefinition entity, string path,
        string sourceFile, string runId, Action<long>? progress = null, CancellationToken cancel = default)
    {
        var reader = SourceReaders.For(entity.Reader);
        var columns = reader.RawColumns(entity);
        var table = TableName(sourceId, entity.Entity);
        var incoming = table + "__incoming";
        var c = warehouse.Connection;
        c.Execute($"drop table if exists raw.\"{incoming}\"");
        var columnSql = string.Join(", ", columns.Select(col => $"\"{col}\" varchar"));
        c.Execute($"create table raw.\"{incoming}\" ({columnSql}, _line_number bigint, _run_id varchar, _source_file varchar)");

        long loaded = 0, quarantined = 0;
        using (var quarantineAppender = c.CreateAppender("ops", "quarantine"))
        using (var appender = c.CreateAppender("raw", incoming))
        {
            void Quarantine(QuarantinedRow q)
            {
                quarantined++;
                quarantineAppender.CreateRow()
                    .AppendValue(runId).AppendValue(sourceId).AppendValue(entity.Entity).AppendValue(sourceFile)
                    .AppendValue(q.LineNumber).AppendValue(Cap(q.RawText)).AppendValue(Cap(q.Reason))
                    .EndRow();
            }

            foreach (var row in reader.Read(path, sourceId, entity, Quarantine))
            {
                var appended = appender.CreateRow();
                foreach (var value in row.Values)
                {
                    if (value is null) appended.AppendNullValue();
                    else appended.AppendValue(value);
                }
                appended.AppendValue(row.LineNumber).AppendValue(runId).AppendValue(sourceFile).EndRow();
                loaded++;
                if (loaded % 100_000 == 0)
                {
                    progress?.Invoke(loaded);
                    cancel.ThrowIfCancellationRequested();
                }
            }
        }
        if (loaded == 0)
        {
            c.Execute($"drop table if exists raw.\"{incoming}\"");
            throw new PipelineException(sourceId, "load",
                $"{path}: no valid rows ({quarantined} quarantined, see ops.quarantine); the last good data of {sourceId} is kept.");
        }

        var periods = entity.PeriodColumn is { } pc
            ? c.Query<string>($"select distinct \"{pc}\" from raw.\"{incoming}\" where \"{pc}\" is not null order by 1").AsList()
            : [];
        using (var tx = c.BeginTransaction())
        {
            var existing = c.Query<string>(
                "select column_name from information_schema.columns where table_schema = 'raw' and table_name = $table order by ordinal_position",
                new { table }).AsList();
            var wanted = columns.Concat(["_line_number", "_run_id", "_source_file"]).ToList();
            if (existing.Count > 0 && existing.SequenceEqual(wanted))
            {
                if (entity.PeriodColumn is { } period)
                    c.Execute($"delete from raw.\"{table}\" where \"{period}\" in (select \"{period}\" from raw.\"{incoming}\")");
                else
                    c.Execute($"delete from raw.\"{table}\"");
                c.Execute($"insert into raw.\"{table}\" select * from raw.\"{incoming}\"");
                c.Execute($"drop table raw.\"{incoming}\"");
            }
            else
            {
                // First load, or the declared columns changed: the new file defines the table.
                c.Execute($"drop table if exists raw.\"{table}\"");
                c.Execute($"alter table raw.\"{incoming}\" rename to \"{table}\"");
            }
            tx.Commit();
        }
        return new LoadResult(loaded + quarantined, loaded, quarantined, periods);
    }
}
