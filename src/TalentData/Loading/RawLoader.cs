using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Dapper;
using DuckDB.NET.Data;
using TalentData.Project;

namespace TalentData.Loading;

public sealed record LoadResult(long RowsRead, long RowsLoaded, long RowsQuarantined, IReadOnlyList<string> Periods);

/// <summary>
/// Streams a reader's rows through the DuckDB Appender into raw.&lt;source_id&gt;__&lt;entity&gt; (all VARCHAR plus
/// lineage). Rows land in a fresh incoming table first; one transaction then replaces exactly the periods
/// the file delivers, so a failed load changes nothing and periods no longer delivered are kept.
/// </summary>
/// <remarks>
/// The reader parses on its own thread and hands rows over in batches; two appenders, each on its own connection to
/// the warehouse, append them. Appending is the bottleneck (each VARCHAR value costs DuckDB.NET's Appender and DuckDB's
/// storage together about 110 ns, 13 values a row), so a second appender takes about a quarter off a large load
/// (docs/performance.md). A connection is only used by the thread that opened it, and quarantined rows travel with their
/// batch. The queue holds a few batches and DuckDB's cache is capped while loading, so memory does not grow with the file.
/// A reader that can read wide (<see cref="SourceReader.UnfoldingOf"/>: a GENESIS table, 13 values a line) hands over
/// one row per line instead, and the raw table keeps them wide: raw.&lt;table&gt;__lines holds the lines as read (their
/// cells and values), raw.&lt;table&gt;__value_columns the value columns of each load (header path, measure, dimensions,
/// period where a header row gives it), and raw.&lt;table&gt; is a view that unfolds them into one raw row per value, with
/// the columns and rows a table of the long form would hold. A line's cells are stored once, not once per value.
/// </remarks>
public static class RawLoader
{
    /// <summary>Quarantined text is kept up to this many characters: enough to find and fix the line, not a 10 MB line twice over.</summary>
    public const int MaxQuarantinedChars = 4000;


    static string Cap(string text) => text.Length <= MaxQuarantinedChars
        ? text
        : string.Concat(text.AsSpan(0, MaxQuarantinedChars), $"… ({text.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} characters in all)");

    /// <summary>
    /// Creates the raw table of a source that has never been loaded, empty, so the models that combine several
    /// sources still build from the others. Returns false when the table already exists.
    /// </summary>
    public static bool CreateEmptyIfMissing(Warehouse.Warehouse warehouse, string sourceId, EntityDefinition entity)
    {
        var table = RawTable.NameOf(sourceId, entity.Entity);
        if (warehouse.TableExists("raw", table)) return false;
        var reader = ReaderOf(sourceId, entity);
        if (reader.UnfoldingOf(entity) is { } unfolding)
        {
            using var tx = warehouse.Connection.BeginTransaction();
            DropRaw(warehouse.Connection, table);
            warehouse.Connection.Execute($"create table raw.\"{LinesOf(table)}\" ({unfolding.LinesTableColumnsSql()})");
            warehouse.Connection.Execute($"create table raw.\"{ValueColumnsOf(table)}\" ({unfolding.ValueColumnsTableColumnsSql()})");
            warehouse.Connection.Execute(unfolding.ViewSql($"raw.\"{table}\"", $"raw.\"{LinesOf(table)}\"", $"raw.\"{ValueColumnsOf(table)}\""));
            tx.Commit();
            return true;
        }
        var columnSql = string.Join(", ", reader.RawColumns(entity).Select(col => $"\"{col}\" varchar"));
        warehouse.Connection.Execute($"create table raw.\"{table}\" ({columnSql}, _line_number bigint, _run_id varchar, _source_file varchar)");
        return true;
    }

    // The catalog sets the format when it parses the pipeline file; an entity built in code must set it too.
    static SourceReader ReaderOf(string sourceId, EntityDefinition entity) =>
        entity.Format as SourceReader
        ?? throw new PipelineException(sourceId, "load",
            $"entity '{entity.Entity}': reader '{entity.Reader}' has no {nameof(SourceReader)} (found {entity.Format?.GetType().Name ?? "none"}); " +
            "expected one of ReaderFormats.All, set when the pipeline file is parsed.");

    /// <summary>A load appends into raw.&lt;table&gt;__incoming and swaps it in at the end; a killed load leaves it behind.</summary>
    internal const string IncomingSuffix = "__incoming";

    /// <summary>The table that keeps the lines of a file read wide; raw.&lt;table&gt; is the view that unfolds them.</summary>
    public static string LinesOf(string table) => table + "__lines";

    /// <summary>The table of the value columns of each load of a file read wide.</summary>
    public static string ValueColumnsOf(string table) => table + "__value_columns";

    /// <summary>What raw.&lt;table&gt; is: "BASE TABLE", "VIEW" (a file read wide) or null when it does not exist.</summary>
    static string? KindOf(DuckDBConnection c, string table) =>
        c.QueryFirstOrDefault<string>("select table_type from information_schema.tables where table_schema = 'raw' and table_name = $table", new { table });

    /// <summary>Drops raw.&lt;table&gt;, whether a table or the view of a file read wide with the two tables it unfolds.</summary>
    static void DropRaw(DuckDBConnection c, string table)
    {
        if (KindOf(c, table) == "VIEW")
            c.Execute($"drop view raw.\"{table}\"");
        else
            c.Execute($"drop table if exists raw.\"{table}\"");
        c.Execute($"drop table if exists raw.\"{LinesOf(table)}\"");
        c.Execute($"drop table if exists raw.\"{ValueColumnsOf(table)}\"");
    }

    /// <summary>
    /// Drops the incoming tables a killed load left behind (they would otherwise reach the next snapshot). Only for a
    /// process that holds the warehouse, so no load is going.
    /// </summary>
    public static void DropHalfLoadedTables(Warehouse.Warehouse warehouse)
    {
        foreach (var table in warehouse.Connection.Query<string>(
                     "select table_name from information_schema.tables where table_schema = 'raw' and ends_with(table_name, $suffix)",
                     new { suffix = IncomingSuffix }).ToList())
            warehouse.Connection.Execute($"drop table raw.\"{table}\"");
    }

    /// <summary>Rows handed from the reader thread to an appending thread at a time.</summary>
    const int BatchRows = 4096;

    sealed class Batch
    {
        public List<RawRow> Rows { get; } = new(BatchRows);
        public List<QuarantinedRow> Quarantined { get; } = [];
    }

    /// <summary>DuckDB's memory_limit while a file is loaded (docs/performance.md: the load's memory then stays flat).</summary>
    public const string IngestMemoryLimit = "64MiB";

    public const long DefaultProgressEveryRows = 100_000;

    public static LoadResult Load(Warehouse.Warehouse warehouse, string sourceId, EntityDefinition entity, string path,
        string sourceFile, string runId, Action<long>? progress = null, CancellationToken cancel = default, long progressEveryRows = DefaultProgressEveryRows)
    {
        if (progressEveryRows < 1)
            throw new ArgumentOutOfRangeException(nameof(progressEveryRows), progressEveryRows, "Progress is reported every n rows, n ≥ 1.");
        // DuckDB keeps every block it has just written cached, up to its memory_limit (80 % of RAM unless configured),
        // so a load's memory grew with the file, about 9 MiB per million rows. Capped while loading, the cache is
        // evicted as it fills and appending is as fast; the limit is restored for the models that follow. An in-memory
        // warehouse has nowhere to evict to, so it is left alone.
        var previous = warehouse.Path == ":memory:" ? null : warehouse.Connection.ExecuteScalar<string>("select current_setting('memory_limit')");
        if (previous is not null)
            warehouse.Connection.Execute($"set memory_limit = '{IngestMemoryLimit}'");
        try
        {
            return Append(warehouse, sourceId, entity, path, sourceFile, runId, progress, cancel, progressEveryRows);
        }
        catch
        {
            // A file that failed part-way leaves its incoming tables; dropped now, they cannot reach the snapshot a run
            // whose only failures are its sources still writes.
            var table = RawTable.NameOf(sourceId, entity.Entity);
            foreach (var incoming in new[] { table, LinesOf(table), ValueColumnsOf(table) })
            {
                try { warehouse.Connection.Execute($"drop table if exists raw.\"{incoming + IncomingSuffix}\""); }
                catch (DuckDBException) { }
            }
            throw;
        }
        finally
        {
            if (previous is not null)
                warehouse.Connection.Execute($"set memory_limit = '{previous}'");
        }
    }

    static LoadResult Append(Warehouse.Warehouse warehouse, string sourceId, EntityDefinition entity, string path,
        string sourceFile, string runId, Action<long>? progress, CancellationToken cancel, long progressEveryRows)
    {
        var reader = ReaderOf(sourceId, entity);
        var columns = reader.RawColumns(entity);
        var table = RawTable.NameOf(sourceId, entity.Entity);
        var unfolding = reader.UnfoldingOf(entity);
        // A long file is appended as its raw rows; a wide one as its lines, which the view of raw.<table> unfolds.
        var incoming = (unfolding is null ? table : LinesOf(table)) + IncomingSuffix;
        var valueColumnsIncoming = ValueColumnsOf(table) + IncomingSuffix;
        // Raw rows per appended row: a wide row unfolds into one per value.
        var rawRowsPerRow = unfolding?.Values ?? 1;
        var c = warehouse.Connection;
        c.Execute($"drop table if exists raw.\"{incoming}\"");
        c.Execute($"drop table if exists raw.\"{valueColumnsIncoming}\"");
        // _run_id and _source_file are appended on every row although they are constant: adding them afterwards with
        // ALTER TABLE … DEFAULT is 12 % faster but builds the whole column in one transaction, so memory grows with the file.
        // A wide line carries only the number of its load instead, and the load's value columns carry the run and file.
        var columnSql = unfolding is null
            ? string.Join(", ", columns.Select(col => $"\"{col}\" varchar")) + ", _line_number bigint, _run_id varchar, _source_file varchar"
            : unfolding.LinesTableColumnsSql();
        c.Execute($"create table raw.\"{incoming}\" ({columnSql})");
        // One writer: the loads so far numbered 1, 2, …; this one comes next.
        var load = unfolding is not null && warehouse.TableExists("raw", ValueColumnsOf(table))
            ? c.ExecuteScalar<long>($"select coalesce(max(_load), 0) + 1 from raw.\"{ValueColumnsOf(table)}\"")
            : 1;
        // Told by a wide reader once it has read the header, on the reader's thread; read here after that thread ended.
        IReadOnlyList<string?[]>? valueColumns = null;

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var queue = new BlockingCollection<Batch>(boundedCapacity: 4);
        var producer = Task.Factory.StartNew(() =>
        {
            var batch = new Batch();
            try
            {
                var rows = unfolding is null
                    ? reader.Read(path, sourceId, entity, q => batch.Quarantined.Add(q))
                    : reader.ReadWide(path, sourceId, entity, q => batch.Quarantined.Add(q), found => valueColumns = found);
                foreach (var row in rows)
                {
                    batch.Rows.Add(row);
                    if (batch.Rows.Count == BatchRows)
                    {
                        queue.Add(batch, stop.Token);
                        batch = new Batch();
                    }
                }
            }
            finally
            {
                // Rows quarantined before the reader gave up are kept as well (unless the load is being stopped).
                if (!stop.IsCancellationRequested && (batch.Rows.Count > 0 || batch.Quarantined.Count > 0))
                    queue.Add(batch, stop.Token);
                queue.CompleteAdding();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        long loaded = 0, quarantined = 0, reported = 0;
        void Consume(DuckDBConnection connection, bool reports)
        {
            using var quarantineAppender = connection.CreateAppender("ops", "quarantine");
            using var appender = connection.CreateAppender("raw", incoming);
            foreach (var batch in queue.GetConsumingEnumerable(stop.Token))
            {
                foreach (var q in batch.Quarantined)
                    quarantineAppender.CreateRow()
                        .AppendValue(runId).AppendValue(sourceId).AppendValue(entity.Entity).AppendValue(sourceFile)
                        .AppendValue(q.LineNumber).AppendValue(Cap(q.RawText)).AppendValue(Cap(q.Reason))
                        .EndRow();
                foreach (var row in batch.Rows)
                {
                    var appended = appender.CreateRow();
                    foreach (var value in row.Values)
                    {
                        if (value is null) appended.AppendNullValue();
                        else appended.AppendValue(value);
                    }
                    appended.AppendValue(row.LineNumber);
                    if (unfolding is null)
                        appended.AppendValue(runId).AppendValue(sourceFile);
                    else
                        appended.AppendValue(load);
                    appended.EndRow();
                }
                Interlocked.Add(ref quarantined, batch.Quarantined.Count);
                var total = Interlocked.Add(ref loaded, (long)batch.Rows.Count * rawRowsPerRow);
                if (reports && total / progressEveryRows > reported)
                {
                    reported = total / progressEveryRows;
                    progress?.Invoke(reported * progressEveryRows);
                    cancel.ThrowIfCancellationRequested();
                }
            }
        }

        Task? helper = null;
        try
        {
            // A second connection to ":memory:" would be a second, empty database: in memory one appender does it all.
            if (warehouse.Path != ":memory:")
                helper = Task.Factory.StartNew(() =>
                {
                    try
                    {
                        using var second = new DuckDBConnection(c.ConnectionString);
                        second.Open();
                        Consume(second, reports: false);
                    }
                    catch
                    {
                        stop.Cancel();
                        throw;
                    }
                }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            try
            {
                Consume(c, reports: true);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested && helper is not null)
            {
                // The helper failed and stopped the load: its exception, rethrown below, is the one that matters.
            }
            helper?.GetAwaiter().GetResult();
        }
        finally
        {
            // On any way out the other threads stop and are waited for, so none outlives the load.
            stop.Cancel();
            try { producer.Wait(CancellationToken.None); }
            catch (AggregateException) { }
            try { helper?.Wait(CancellationToken.None); }
            catch (AggregateException) { }
        }
        if (producer.IsFaulted)
            ExceptionDispatchInfo.Capture(producer.Exception!.InnerException!).Throw();

        if (loaded == 0)
        {
            c.Execute($"drop table if exists raw.\"{incoming}\"");
            throw new PipelineException(sourceId, "load",
                $"{path}: no valid rows ({quarantined} quarantined, see ops.quarantine); the last good data of {sourceId} is kept.");
        }
        if (unfolding is not null)
        {
            c.Execute($"create table raw.\"{valueColumnsIncoming}\" ({unfolding.ValueColumnsTableColumnsSql()})");
            var (sql, parameters) = unfolding.ValueColumnsInsertSql($"raw.\"{valueColumnsIncoming}\"", load,
                valueColumns ?? throw new InvalidOperationException($"reader {reader.Name} gave wide rows without telling their value columns."),
                runId, sourceFile);
            c.Execute(sql, new DynamicParameters(parameters));
        }

        // The periods the file delivers: a cell of its lines, or (a GENESIS period in a header row) of its value columns.
        var periodSource = entity.PeriodColumn is not { } pc ? null
            : unfolding is null || unfolding.IsLineCell(pc) ? incoming
            : unfolding.IsValueColumnCell(pc) ? valueColumnsIncoming
            : throw new PipelineException(sourceId, "load",
                $"period_column '{pc}' is the value of each cell; expected a column that holds the period ({string.Join(", ", unfolding.LineColumns.Concat(unfolding.ValueColumnCells))}).");
        var periods = periodSource is not null
            ? c.Query<string>($"select distinct \"{entity.PeriodColumn}\" from raw.\"{periodSource}\" where \"{entity.PeriodColumn}\" is not null order by 1").AsList()
            : [];
        if (unfolding is null)
            ReplaceRows(c, table, incoming, columns, entity.PeriodColumn);
        else
            ReplaceLines(c, table, unfolding, entity.PeriodColumn);
        return new LoadResult(loaded + quarantined, loaded, quarantined, periods);
    }

    /// <summary>
    /// The tables a parse job read into a database of its own, put into the warehouse as raw.&lt;name&gt;__incoming (from
    /// its Parquet hand-off), replace the raw table's delivered periods exactly as a load from the reader does. A wide
    /// file's lines and value columns carry the number of their load, 1 in the parse's database: here they become the
    /// warehouse's next load.
    /// </summary>
    public static void ReplaceFromIncoming(Warehouse.Warehouse warehouse, string sourceId, EntityDefinition entity)
    {
        var reader = ReaderOf(sourceId, entity);
        var table = RawTable.NameOf(sourceId, entity.Entity);
        var c = warehouse.Connection;
        if (reader.UnfoldingOf(entity) is not { } unfolding)
        {
            ReplaceRows(c, table, table + IncomingSuffix, reader.RawColumns(entity), entity.PeriodColumn);
            return;
        }
        var load = warehouse.TableExists("raw", ValueColumnsOf(table))
            ? c.ExecuteScalar<long>($"select coalesce(max(_load), 0) + 1 from raw.\"{ValueColumnsOf(table)}\"")
            : 1;
        foreach (var incoming in new[] { LinesOf(table) + IncomingSuffix, ValueColumnsOf(table) + IncomingSuffix })
            c.Execute($"update raw.\"{incoming}\" set _load = $load", new { load });
        ReplaceLines(c, table, unfolding, entity.PeriodColumn);
    }

    /// <summary>
    /// One transaction replaces the periods the incoming rows deliver (all rows when the entity has no period column),
    /// so a failed load changes nothing and periods no longer delivered are kept.
    /// </summary>
    static void ReplaceRows(DuckDBConnection c, string table, string incoming, IReadOnlyList<string> columns, string? periodColumn)
    {
        using var tx = c.BeginTransaction();
        var wanted = columns.Concat(["_line_number", "_run_id", "_source_file"]).ToList();
        long kept = 0;
        if (KindOf(c, table) == "BASE TABLE" && ColumnsOf(c, table).SequenceEqual(wanted))
        {
            if (periodColumn is not null)
                c.Execute($"delete from raw.\"{table}\" where \"{periodColumn}\" in (select \"{periodColumn}\" from raw.\"{incoming}\")");
            else
                c.Execute($"delete from raw.\"{table}\"");
            kept = c.ExecuteScalar<long>($"select count(*) from raw.\"{table}\"");
        }
        if (kept > 0)
        {
            c.Execute($"insert into raw.\"{table}\" select * from raw.\"{incoming}\"");
            c.Execute($"drop table raw.\"{incoming}\"");
        }
        else
        {
            // First load, the declared columns (or the reader) changed, or every row kept so far is replaced: the new
            // file defines the table, renamed rather than copied (a copy costs as much as the append did).
            DropRaw(c, table);
            c.Execute($"alter table raw.\"{incoming}\" rename to \"{table}\"");
        }
        tx.Commit();
    }

    /// <summary>
    /// The same for a file read wide: one transaction replaces the periods the incoming lines deliver in the kept lines, or,
    /// where each value column has its period, in the kept value columns; a load whose lines or value columns are all
    /// replaced is dropped whole. The view of raw.&lt;table&gt; then unfolds the lines kept and the lines loaded.
    /// </summary>
    static void ReplaceLines(DuckDBConnection c, string table, Unfolding unfolding, string? periodColumn)
    {
        string lines = LinesOf(table), valueColumns = ValueColumnsOf(table);
        string linesIncoming = lines + IncomingSuffix, valueColumnsIncoming = valueColumns + IncomingSuffix;
        using var tx = c.BeginTransaction();
        var same = KindOf(c, table) == "VIEW"
            && ColumnsOf(c, lines).SequenceEqual(ColumnsOf(c, linesIncoming))
            && ColumnsOf(c, valueColumns).SequenceEqual(ColumnsOf(c, valueColumnsIncoming));
        long kept = 0;
        if (same)
        {
            if (periodColumn is not null && unfolding.IsLineCell(periodColumn))
            {
                c.Execute($"delete from raw.\"{lines}\" where \"{periodColumn}\" in (select \"{periodColumn}\" from raw.\"{linesIncoming}\")");
                c.Execute($"delete from raw.\"{valueColumns}\" where _load not in (select _load from raw.\"{lines}\")");
            }
            else if (periodColumn is not null)
            {
                c.Execute($"delete from raw.\"{valueColumns}\" where \"{periodColumn}\" in (select \"{periodColumn}\" from raw.\"{valueColumnsIncoming}\")");
                c.Execute($"delete from raw.\"{lines}\" where _load not in (select _load from raw.\"{valueColumns}\")");
            }
            else
            {
                c.Execute($"delete from raw.\"{lines}\"");
                c.Execute($"delete from raw.\"{valueColumns}\"");
            }
            kept = c.ExecuteScalar<long>($"select count(*) from raw.\"{lines}\"");
        }
        if (kept > 0)
        {
            c.Execute($"insert into raw.\"{lines}\" select * from raw.\"{linesIncoming}\"");
            c.Execute($"insert into raw.\"{valueColumns}\" select * from raw.\"{valueColumnsIncoming}\"");
            c.Execute($"drop table raw.\"{linesIncoming}\"");
            c.Execute($"drop table raw.\"{valueColumnsIncoming}\"");
        }
        else
        {
            // First load, the declared columns changed, or every line kept so far is replaced: the incoming tables are
            // renamed instead of copied (the lines of a large file cost as much to copy as to append).
            DropRaw(c, table);
            c.Execute($"alter table raw.\"{linesIncoming}\" rename to \"{lines}\"");
            c.Execute($"alter table raw.\"{valueColumnsIncoming}\" rename to \"{valueColumns}\"");
        }
        c.Execute(unfolding.ViewSql($"raw.\"{table}\"", $"raw.\"{lines}\"", $"raw.\"{valueColumns}\""));
        tx.Commit();
    }

    static List<string> ColumnsOf(DuckDBConnection c, string table) =>
        c.Query<string>(
            "select column_name from information_schema.columns where table_schema = 'raw' and table_name = $table order by ordinal_position",
            new { table }).AsList();
}
