using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Dapper;
using DuckDB.NET.Data;
using TalentData.Project;

namespace TalentData.Loading;

public sealed record LoadResult(long RowsRead, long RowsLoaded, long RowsQuarantined, IReadOnlyList<string> Periods);

/// <summary>
/// Streams a reader's rows through the DuckDB Appender into raw.&lt;source_id&gt;__&lt;entity&gt; (all VARCHAR plus
/// lineage): the rows, each with the number of its load, in raw.&lt;table&gt;__lines, each load's run and file in
/// raw.&lt;table&gt;__loads, and raw.&lt;table&gt; the view joining them. Rows land in fresh incoming tables first; one
/// transaction then replaces exactly the periods the file delivers, so a failed load changes nothing and periods no
/// longer delivered are kept.
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
        var layout = Layout.Of(table, ReaderOf(sourceId, entity), entity);
        using var tx = warehouse.Connection.BeginTransaction();
        DropRaw(warehouse.Connection, table);
        warehouse.Connection.Execute($"create table raw.\"{layout.Lines}\" ({layout.LinesColumnsSql})");
        warehouse.Connection.Execute($"create table raw.\"{layout.Loads}\" ({layout.LoadsColumnsSql})");
        warehouse.Connection.Execute(layout.ViewSql());
        tx.Commit();
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

    /// <summary>The table that keeps the rows as loaded (a file read wide: its lines); raw.&lt;table&gt; is the view over them.</summary>
    public static string LinesOf(string table) => table + "__lines";

    /// <summary>The table of the value columns of each load of a file read wide.</summary>
    public static string ValueColumnsOf(string table) => table + "__value_columns";

    /// <summary>The table of the loads of a file read long: per load its number, run and landed file.</summary>
    public static string LoadsOf(string table) => table + "__loads";

    /// <summary>
    /// How a raw table is kept: its lines (the raw rows, or the lines of a file read wide) in raw.&lt;table&gt;__lines,
    /// each with the number of the load that appended it; per load its run and landed file in a second table
    /// (raw.&lt;table&gt;__loads, or raw.&lt;table&gt;__value_columns that also holds a wide file's value columns); and
    /// raw.&lt;table&gt; the view that joins them into the raw rows. Two constant strings a row cost 17 % of a long
    /// load's CPU (docs/performance.md); a load number costs next to nothing.
    /// </summary>
    sealed record Layout(string Table, IReadOnlyList<string> Columns, Unfolding? Unfolding)
    {
        public static Layout Of(string table, SourceReader reader, EntityDefinition entity) =>
            new(table, reader.RawColumns(entity), reader.UnfoldingOf(entity));

        public string Lines => LinesOf(Table);

        public string Loads => Unfolding is null ? LoadsOf(Table) : ValueColumnsOf(Table);

        public string LinesColumnsSql => Unfolding?.LinesTableColumnsSql()
            ?? string.Join(", ", Columns.Select(col => $"\"{col}\" varchar")) + ", _line_number bigint, _load bigint";

        public string LoadsColumnsSql => Unfolding?.ValueColumnsTableColumnsSql() ?? "_load bigint, _run_id varchar, _source_file varchar";

        /// <summary>Whether the lines hold <paramref name="column"/> (a long file's lines hold every raw column; a wide file's value columns may hold the period).</summary>
        public bool IsLineCell(string column) => Unfolding?.IsLineCell(column) ?? Columns.Contains(column);

        /// <summary>The view of raw.&lt;table&gt;: the raw columns, then _line_number, _run_id and _source_file, as the raw rows were once stored.</summary>
        public string ViewSql() => Unfolding?.ViewSql($"raw.\"{Table}\"", $"raw.\"{Lines}\"", $"raw.\"{Loads}\"")
            ?? $"""
               create or replace view raw."{Table}" as
               select {string.Join(", ", Columns.Select(col => $"l.\"{col}\""))}, l._line_number, o._run_id, o._source_file
               from raw."{Lines}" l join raw."{Loads}" o on l._load = o._load
               """;
    }

    /// <summary>What raw.&lt;table&gt; is: "BASE TABLE" (stored before loads were numbered), "VIEW" or null when it does not exist.</summary>
    static string? KindOf(DuckDBConnection c, string table) => Warehouse.Warehouse.RelationKind(c, "raw", table);

    /// <summary>Drops raw.&lt;table&gt;, whether a table or the view with the tables it joins.</summary>
    static void DropRaw(DuckDBConnection c, string table)
    {
        if (KindOf(c, table) == "VIEW")
            c.Execute($"drop view raw.\"{table}\"");
        else
            c.Execute($"drop table if exists raw.\"{table}\"");
        c.Execute($"drop table if exists raw.\"{LinesOf(table)}\"");
        c.Execute($"drop table if exists raw.\"{ValueColumnsOf(table)}\"");
        c.Execute($"drop table if exists raw.\"{LoadsOf(table)}\"");
    }

    /// <summary>
    /// Drops the incoming tables a killed load left behind (they would otherwise reach the next snapshot). Only for a
    /// process that holds the warehouse, so no load is going.
    /// </summary>
    public static void DropHalfLoadedTables(Warehouse.Warehouse warehouse)
    {
        foreach (var table in warehouse.Connection.Query<string>(
                     "select table_name from duckdb_tables() where schema_name = 'raw' and ends_with(table_name, $suffix)",
                     new { suffix = IncomingSuffix }).ToList())
            warehouse.Connection.Execute($"drop table raw.\"{table}\"");
    }

    /// <summary>
    /// Values handed from the reader thread to an appending thread at a time (a batch holds as many rows as make this
    /// many values). The batches waiting in the queue and being appended are alive at every garbage collection, so
    /// they are copied into the older generations each time; batches of 4,096 lines of a GENESIS table (17 values
    /// each) kept about 15 MiB alive, more than the 6 MiB a collection of the youngest generation frees, and the
    /// collector paused the load for 0.4–1 s of its 2–4 s (docs/performance.md). Batches of this size keep the live
    /// set a few MiB.
    /// </summary>
    const int BatchValues = 8192;

    sealed class Batch(int rows)
    {
        public List<RawRow> Rows { get; } = new(rows);
        public List<QuarantinedRow> Quarantined { get; } = [];
    }

    const long IngestMemoryLimitBytes = 64L << 20;

    /// <summary>DuckDB's memory_limit while a large file is loaded (docs/performance.md: the load's memory then stays flat).</summary>
    public static readonly string IngestMemoryLimit = $"{IngestMemoryLimitBytes >> 20}MiB";

    /// <summary>
    /// Whether a file of this many bytes is loaded under <see cref="IngestMemoryLimit"/>. Setting DuckDB's memory_limit
    /// is not free: DuckDB then hands every freed page of the whole process back to the kernel (jemalloc's purge and
    /// glibc's malloc_trim), and whatever runs next, in this load or beside it, faults its memory in afresh. A file
    /// smaller than the cap cannot write enough blocks to fill it, so the cap would change nothing but that.
    /// </summary>
    public static bool CapsMemory(long fileBytes) => fileBytes >= IngestMemoryLimitBytes;

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
        // A missing file is the reader's to report, with its own message.
        var capped = warehouse.Path != ":memory:" && new FileInfo(path) is { Exists: true } file && CapsMemory(file.Length);
        var previous = capped ? warehouse.Connection.ExecuteScalar<string>("select current_setting('memory_limit')") : null;
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
            foreach (var incoming in new[] { LinesOf(table), ValueColumnsOf(table), LoadsOf(table) })
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
        var table = RawTable.NameOf(sourceId, entity.Entity);
        var layout = Layout.Of(table, reader, entity);
        var unfolding = layout.Unfolding;
        // A long file is appended as its raw rows, a wide one as its lines, each with the number of its load; the
        // load's row carries the run and the file (constant strings on every row cost 17 % of a long load's CPU).
        var incoming = layout.Lines + IncomingSuffix;
        var loadsIncoming = layout.Loads + IncomingSuffix;
        // Raw rows per appended row: a wide row unfolds into one per value.
        var rawRowsPerRow = unfolding?.Values ?? 1;
        var valuesPerRow = unfolding is null ? layout.Columns.Count : unfolding.LineColumns.Count + unfolding.Values;
        var batchRows = Math.Max(1, BatchValues / valuesPerRow);
        var c = warehouse.Connection;
        c.Execute($"drop table if exists raw.\"{incoming}\"");
        c.Execute($"drop table if exists raw.\"{loadsIncoming}\"");
        c.Execute($"create table raw.\"{incoming}\" ({layout.LinesColumnsSql})");
        NumberLoads(c, layout);
        var load = NextLoad(warehouse, layout);
        // Told by a wide reader once it has read the header, on the reader's thread; read here after that thread ended.
        IReadOnlyList<string?[]>? valueColumns = null;

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var queue = new BlockingCollection<Batch>(boundedCapacity: 4);
        var producer = Task.Factory.StartNew(() =>
        {
            var batch = new Batch(batchRows);
            try
            {
                var rows = unfolding is null
                    ? reader.Read(path, sourceId, entity, q => batch.Quarantined.Add(q))
                    : reader.ReadWide(path, sourceId, entity, q => batch.Quarantined.Add(q), found => valueColumns = found);
                foreach (var row in rows)
                {
                    batch.Rows.Add(row);
                    if (batch.Rows.Count == batchRows)
                    {
                        queue.Add(batch, stop.Token);
                        batch = new Batch(batchRows);
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
        // Either connection may append the batch that crosses a report's mark (or the last batch), so both report,
        // one at a time and in order; reporting from one alone lost every mark the other crossed.
        var reporting = new Lock();
        void Consume(DuckDBConnection connection)
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
                    appended.AppendValue(row.LineNumber).AppendValue(load).EndRow();
                }
                Interlocked.Add(ref quarantined, batch.Quarantined.Count);
                var total = Interlocked.Add(ref loaded, (long)batch.Rows.Count * rawRowsPerRow);
                if (total / progressEveryRows > Volatile.Read(ref reported))
                    lock (reporting)
                    {
                        // The other connection may have reported a later total meanwhile: progress never goes back.
                        var mark = Volatile.Read(ref loaded) / progressEveryRows;
                        if (mark > reported)
                        {
                            Volatile.Write(ref reported, mark);
                            progress?.Invoke(mark * progressEveryRows);
                        }
                    }
                cancel.ThrowIfCancellationRequested();
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
                        Consume(second);
                    }
                    catch
                    {
                        stop.Cancel();
                        throw;
                    }
                }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            try
            {
                Consume(c);
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
        c.Execute($"create table raw.\"{loadsIncoming}\" ({layout.LoadsColumnsSql})");
        if (unfolding is null)
            c.Execute($"insert into raw.\"{loadsIncoming}\" values ($load, $runId, $sourceFile)", new { load, runId, sourceFile });
        else
        {
            var (sql, parameters) = unfolding.ValueColumnsInsertSql($"raw.\"{loadsIncoming}\"", load,
                valueColumns ?? throw new InvalidOperationException($"reader {reader.Name} gave wide rows without telling their value columns."),
                runId, sourceFile);
            c.Execute(sql, new DynamicParameters(parameters));
        }

        // The periods the file delivers: a cell of its lines, or (a GENESIS period in a header row) of its value columns.
        var periodSource = entity.PeriodColumn is not { } pc ? null
            : unfolding is null || unfolding.IsLineCell(pc) ? incoming
            : unfolding.IsValueColumnCell(pc) ? loadsIncoming
            : throw new PipelineException(sourceId, "load",
                $"period_column '{pc}' is the value of each cell; expected a column that holds the period ({string.Join(", ", unfolding.LineColumns.Concat(unfolding.ValueColumnCells))}).");
        var periods = periodSource is not null
            ? c.Query<string>($"select distinct \"{entity.PeriodColumn}\" from raw.\"{periodSource}\" where \"{entity.PeriodColumn}\" is not null order by 1").AsList()
            : [];
        ReplaceLines(c, layout, entity.PeriodColumn);
        return new LoadResult(loaded + quarantined, loaded, quarantined, periods);
    }

    /// <summary>
    /// The tables a parse job read into a database of its own, put into the warehouse as raw.&lt;name&gt;__incoming (from
    /// its Parquet hand-off), replace the raw table's delivered periods exactly as a load from the reader does. Their
    /// lines and loads carry the number of their load, 1 in the parse's database: here they become the warehouse's next load.
    /// </summary>
    public static void ReplaceFromIncoming(Warehouse.Warehouse warehouse, string sourceId, EntityDefinition entity)
    {
        var layout = Layout.Of(RawTable.NameOf(sourceId, entity.Entity), ReaderOf(sourceId, entity), entity);
        var c = warehouse.Connection;
        NumberLoads(c, layout);
        var load = NextLoad(warehouse, layout);
        foreach (var incoming in new[] { layout.Lines + IncomingSuffix, layout.Loads + IncomingSuffix })
            c.Execute($"update raw.\"{incoming}\" set _load = $load", new { load });
        ReplaceLines(c, layout, entity.PeriodColumn);
    }

    /// <summary>One writer: the loads so far numbered 1, 2, …; the next one comes after them.</summary>
    static long NextLoad(Warehouse.Warehouse warehouse, Layout layout) =>
        KindOf(warehouse.Connection, layout.Table) == "VIEW" && warehouse.TableExists("raw", layout.Loads)
            ? warehouse.Connection.ExecuteScalar<long>($"select coalesce(max(_load), 0) + 1 from raw.\"{layout.Loads}\"")
            : 1;

    /// <summary>
    /// One transaction replaces the periods the incoming lines deliver (all lines when the entity has no period column)
    /// in the kept lines, or, where each value column of a file read wide has its period, in the kept value columns; a
    /// load whose lines or value columns are all replaced is dropped whole. So a failed load changes nothing, periods no
    /// longer delivered are kept, and the view of raw.&lt;table&gt; joins the lines kept and the lines loaded.
    /// </summary>
    static void ReplaceLines(DuckDBConnection c, Layout layout, string? periodColumn)
    {
        string table = layout.Table, lines = layout.Lines, loads = layout.Loads;
        string linesIncoming = lines + IncomingSuffix, loadsIncoming = loads + IncomingSuffix;
        using var tx = c.BeginTransaction();
        var same = KindOf(c, table) == "VIEW"
            && ColumnsOf(c, lines).SequenceEqual(ColumnsOf(c, linesIncoming))
            && ColumnsOf(c, loads).SequenceEqual(ColumnsOf(c, loadsIncoming));
        long kept = 0;
        if (same)
        {
            if (periodColumn is not null && layout.IsLineCell(periodColumn))
            {
                c.Execute($"delete from raw.\"{lines}\" where \"{periodColumn}\" in (select \"{periodColumn}\" from raw.\"{linesIncoming}\")");
                c.Execute($"delete from raw.\"{loads}\" where _load not in (select _load from raw.\"{lines}\")");
            }
            else if (periodColumn is not null)
            {
                c.Execute($"delete from raw.\"{loads}\" where \"{periodColumn}\" in (select \"{periodColumn}\" from raw.\"{loadsIncoming}\")");
                c.Execute($"delete from raw.\"{lines}\" where _load not in (select _load from raw.\"{loads}\")");
            }
            else
            {
                c.Execute($"delete from raw.\"{lines}\"");
                c.Execute($"delete from raw.\"{loads}\"");
            }
            kept = c.ExecuteScalar<long>($"select count(*) from raw.\"{lines}\"");
        }
        if (kept > 0)
        {
            c.Execute($"insert into raw.\"{lines}\" select * from raw.\"{linesIncoming}\"");
            c.Execute($"insert into raw.\"{loads}\" select * from raw.\"{loadsIncoming}\"");
            c.Execute($"drop table raw.\"{linesIncoming}\"");
            c.Execute($"drop table raw.\"{loadsIncoming}\"");
        }
        else
        {
            // First load, the declared columns (or the reader) changed, or every line kept so far is replaced: the incoming
            // tables are renamed instead of copied (the lines of a large file cost as much to copy as to append).
            DropRaw(c, table);
            c.Execute($"alter table raw.\"{linesIncoming}\" rename to \"{lines}\"");
            c.Execute($"alter table raw.\"{loadsIncoming}\" rename to \"{loads}\"");
        }
        c.Execute(layout.ViewSql());
        tx.Commit();
    }

    /// <summary>
    /// A raw table stored before loads were numbered (a table with _run_id and _source_file on every row) becomes the
    /// lines and loads of the view, once, so the periods a reload does not deliver are kept as they were before.
    /// </summary>
    static void NumberLoads(DuckDBConnection c, Layout layout)
    {
        if (layout.Unfolding is not null || KindOf(c, layout.Table) != "BASE TABLE"
            || !ColumnsOf(c, layout.Table).SequenceEqual(layout.Columns.Concat(["_line_number", "_run_id", "_source_file"])))
            return;
        using var tx = c.BeginTransaction();
        c.Execute($"""
            create or replace table raw."{layout.Loads}" as
            select (row_number() over (order by _run_id, _source_file))::bigint as _load, _run_id, _source_file
            from (select distinct _run_id, _source_file from raw."{layout.Table}")
            """);
        c.Execute($"""
            create or replace table raw."{layout.Lines}" as
            select {string.Join(", ", layout.Columns.Select(col => $"t.\"{col}\""))}, t._line_number, o._load
            from raw."{layout.Table}" t join raw."{layout.Loads}" o on t._run_id is not distinct from o._run_id and t._source_file is not distinct from o._source_file
            """);
        c.Execute($"drop table raw.\"{layout.Table}\"");
        c.Execute(layout.ViewSql());
        tx.Commit();
    }

    static List<string> ColumnsOf(DuckDBConnection c, string table) =>
        c.Query<string>(
            "select column_name from duckdb_columns() where schema_name = 'raw' and table_name = $table order by column_index",
            new { table }).AsList();
}
