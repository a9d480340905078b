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
/// one row per line instead; one appender puts them into a temporary table, and one statement inside DuckDB unfolds them
/// into the incoming table, so each line's cells are appended once, not once per value.
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
        var columns = ReaderOf(sourceId, entity).RawColumns(entity);
        var columnSql = string.Join(", ", columns.Select(col => $"\"{col}\" varchar"));
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

    /// <summary>
    /// A file read wide is appended into this temporary table first. It is unfolded and dropped within the load, so it
    /// never needs DuckDB's compressed storage (appending was 40 % cheaper than into a table of the warehouse), and it
    /// never reaches a snapshot; it spills to DuckDB's temporary directory when it outgrows the load's memory_limit.
    /// </summary>
    static string WideTableOf(string table) => table + "__wide";

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
        // Raw rows have no order (two appenders interleave them anyway). Kept in order under the capped memory, the
        // insert … select that unfolds a wide file buffers what its threads wrote to put it back in order and took twice
        // the CPU (docs/performance.md). Only for that statement: with appenders alone (the population file) the
        // setting made the load slower at 5M rows (0.77x -> 0.65x read_csv) and the case's memory twice as high.
        var unordered = ReaderOf(sourceId, entity).UnfoldingOf(entity) is not null;
        var preservedOrder = unordered && warehouse.Connection.ExecuteScalar<bool>("select current_setting('preserve_insertion_order')");
        if (unordered)
            warehouse.Connection.Execute("set preserve_insertion_order = false");
        try
        {
            return Append(warehouse, sourceId, entity, path, sourceFile, runId, progress, cancel, progressEveryRows);
        }
        catch
        {
            // A file that failed part-way leaves its incoming tables; dropped now, they cannot reach the snapshot a run
            // whose only failures are its sources still writes.
            var table = RawTable.NameOf(sourceId, entity.Entity);
            foreach (var drop in new[] { $"raw.\"{table + IncomingSuffix}\"", $"temp.main.\"{WideTableOf(table)}\"" })
            {
                try { warehouse.Connection.Execute($"drop table if exists {drop}"); }
                catch (DuckDBException) { }
            }
            throw;
        }
        finally
        {
            if (previous is not null)
                warehouse.Connection.Execute($"set memory_limit = '{previous}'");
            if (preservedOrder)
                warehouse.Connection.Execute("set preserve_insertion_order = true");
        }
    }

    static LoadResult Append(Warehouse.Warehouse warehouse, string sourceId, EntityDefinition entity, string path,
        string sourceFile, string runId, Action<long>? progress, CancellationToken cancel, long progressEveryRows)
    {
        var reader = ReaderOf(sourceId, entity);
        var columns = reader.RawColumns(entity);
        var table = RawTable.NameOf(sourceId, entity.Entity);
        var incoming = table + IncomingSuffix;
        var unfolding = reader.UnfoldingOf(entity);
        var wide = WideTableOf(table);
        // Raw rows per appended row: a wide row unfolds into one per value.
        var rawRowsPerRow = unfolding?.Values ?? 1;
        var c = warehouse.Connection;
        c.Execute($"drop table if exists raw.\"{incoming}\"");
        c.Execute($"drop table if exists temp.main.\"{wide}\"");
        var columnSql = string.Join(", ", columns.Select(col => $"\"{col}\" varchar"));
        // _run_id and _source_file are appended on every row although they are constant: adding them afterwards with
        // ALTER TABLE … DEFAULT is 12 % faster but builds the whole column in one transaction, so memory grows with the file.
        c.Execute($"create table raw.\"{incoming}\" ({columnSql}, _line_number bigint, _run_id varchar, _source_file varchar)");
        if (unfolding is not null)
            c.Execute($"create temp table \"{wide}\" ({unfolding.WideTableColumnsSql()})");
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
            using var appender = unfolding is null ? connection.CreateAppender("raw", incoming) : connection.CreateAppender("temp", "main", wide);
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
            // Wide rows go to a temporary table, which only the connection that created it sees; one appender keeps up
            // with them (a line is appended once, not 13 times), and two ran out of the load's memory_limit with 18 columns.
            if (warehouse.Path != ":memory:" && unfolding is null)
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
            c.Execute($"drop table if exists temp.main.\"{wide}\"");
            throw new PipelineException(sourceId, "load",
                $"{path}: no valid rows ({quarantined} quarantined, see ops.quarantine); the last good data of {sourceId} is kept.");
        }
        if (unfolding is not null)
        {
            var (sql, parameters) = unfolding.InsertSql($"temp.main.\"{wide}\"", $"raw.\"{incoming}\"",
                valueColumns ?? throw new InvalidOperationException($"reader {reader.Name} gave wide rows without telling their value columns."),
                runId, sourceFile);
            var unfolded = c.Execute(sql, new DynamicParameters(parameters));
            if (unfolded != loaded)
                throw new InvalidOperationException($"{path}: unfolding {loaded / rawRowsPerRow} wide rows of {rawRowsPerRow} values gave {unfolded} raw rows, expected {loaded}.");
            c.Execute($"drop table temp.main.\"{wide}\"");
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
