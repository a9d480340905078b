using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using TalentData.Fetching;
using TalentData.Loading;
using TalentData.Project;

namespace TalentData.Running;

/// <summary>
/// What a parse job hands to the warehouse writer for one raw table: the landed file's record, the rows the reader
/// read (as Parquet, one file per table the loader left in schema raw, plus the views it created), the rows it
/// quarantined, and what the ledger needs. A folder under data/handoff/&lt;source_id&gt;/&lt;entity&gt;/, written under a
/// hidden temporary name and renamed into place when whole: a folder whose name does not start with a dot is complete.
/// </summary>
/// <remarks>
/// <see cref="Error"/> set means the file could not be fetched, landed or read: the writer records the load step as
/// failed with that message, exactly as a single-process run would, and the last good data stays.
/// </remarks>
public sealed record HandOff
{
    /// <summary>The file in every hand-off folder that describes it.</summary>
    public const string DescriptionFile = "handoff.json";
    public const string QuarantineFile = "quarantine.parquet";

    public required string SourceId { get; init; }
    public required string Entity { get; init; }
    /// <summary>Where the parsing process ran: with workers on several hosts, where to look for its log.</summary>
    public required string Host { get; init; }
    public required int ProcessId { get; init; }
    public required DateTime ParsedAt { get; init; }
    /// <summary>'sample' or 'live', and the sample path or URL (ops.source_loads.origin, origin_path).</summary>
    public required string OriginKind { get; init; }
    public required string OriginPath { get; init; }
    /// <summary>The entity's definition the file was read under (<see cref="EntityDefinition.Fingerprint"/>).</summary>
    public required string DefinitionSha256 { get; init; }
    public LandedRecord? Landed { get; init; }
    public long RowsRead { get; init; }
    public long RowsLoaded { get; init; }
    public long RowsQuarantined { get; init; }
    public IReadOnlyList<string> Periods { get; init; } = [];
    /// <summary>Each base table the loader left in schema raw, with its Parquet file in the folder.</summary>
    public IReadOnlyList<HandOffTable> Tables { get; init; } = [];
    /// <summary>Each view the loader left in schema raw, as duckdb_views() gives its statement.</summary>
    public IReadOnlyList<HandOffView> Views { get; init; } = [];
    public bool HasQuarantine { get; init; }
    public string? Error { get; init; }
    /// <summary>The publisher answered 304 Not Modified to the validators of the last load (no file, no rows).</summary>
    public bool NotModified { get; init; }

    /// <summary>The folder the description was read from (not serialised).</summary>
    [JsonIgnore] public string Folder { get; init; } = "";

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>data/handoff: beside landing/ and warehouse/ in the data folder every host shares.</summary>
    public static string Root(DataLayout data) => Path.Combine(data.DataDir, "handoff");

    /// <summary>
    /// The complete hand-offs waiting for the writer, oldest first per raw table, the raw tables in the manifest's
    /// order: the order a single-process run of the same deliveries would load them in.
    /// </summary>
    public static IReadOnlyList<HandOff> Pending(DataLayout data, ProjectManifest manifest)
    {
        var root = Root(data);
        var pending = new List<HandOff>();
        if (!Directory.Exists(root))
            return pending;
        foreach (var table in manifest.RawTables)
        {
            var directory = Path.Combine(root, table.SourceId, table.Entity.Entity);
            if (!Directory.Exists(directory))
                continue;
            foreach (var folder in Directory.GetDirectories(directory).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal))
                pending.Add(Read(folder));
        }
        return pending;
    }

    /// <summary>
    /// Hand-offs of sources no longer in the manifest, consumed ones a killed writer was deleting, and temporary folders
    /// of parse jobs that died more than <paramref name="olderThan"/> ago (a parse job still running on another host is
    /// younger): removed, and returned. Only for the writer, which holds the lock.
    /// </summary>
    public static IReadOnlyList<string> RemoveAbandoned(DataLayout data, ProjectManifest manifest, TimeSpan olderThan, DateTime nowUtc)
    {
        var root = Root(data);
        var removed = new List<string>();
        if (!Directory.Exists(root))
            return removed;
        var known = manifest.RawTables.Select(t => Path.Combine(root, t.SourceId, t.Entity.Entity)).ToHashSet(StringComparer.Ordinal);
        foreach (var directory in Directory.GetDirectories(root).SelectMany(Directory.GetDirectories))
        foreach (var folder in Directory.GetDirectories(directory))
        {
            var name = Path.GetFileName(folder);
            var unfinished = name.StartsWith('.');
            if (name.StartsWith(ConsumedPrefix, StringComparison.Ordinal) || (unfinished && Directory.GetLastWriteTimeUtc(folder) < nowUtc - olderThan)
                || (!unfinished && !known.Contains(directory)))
            {
                Directory.Delete(folder, recursive: true);
                removed.Add(Path.GetRelativePath(data.DataDir, folder));
            }
        }
        return removed;
    }

    static HandOff Read(string folder)
    {
        var file = Path.Combine(folder, DescriptionFile);
        try
        {
            return (JsonSerializer.Deserialize<HandOff>(File.ReadAllText(file), Json)
                    ?? throw new JsonException("the file holds null")) with { Folder = folder };
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            throw new PipelineException("", "load", $"{file}: expected the description of a parsed delivery ({nameof(SourceId)}, {nameof(Entity)}, tables…), found what cannot be read: {ex.Message}. " +
                "Delete the folder and run the source's job again.", ex);
        }
    }

    /// <summary>
    /// The consumed hand-off is removed; the ledger now holds its record and the warehouse its rows. Renamed to a hidden
    /// name first, so a writer killed while deleting leaves no half hand-off that the next one would try to load.
    /// </summary>
    public void Delete()
    {
        if (!Directory.Exists(Folder))
            return;
        var consumed = Path.Combine(Path.GetDirectoryName(Folder)!, ConsumedPrefix + Path.GetFileName(Folder));
        Directory.Move(Folder, consumed);
        Directory.Delete(consumed, recursive: true);
    }

    const string IncomingPrefix = ".incoming-";
    const string ConsumedPrefix = ".consumed-";

    /// <summary>
    /// Fetches (live) or takes the sample of every entity of <paramref name="sourceId"/>, lands it, and reads it with the
    /// same reader, cell rules and quarantine as a load into the warehouse, but into a private DuckDB file of its own;
    /// then writes one hand-off per entity. A file that cannot be fetched or read gives a hand-off that says why.
    /// Any number of these run at once, on any hosts: none opens the warehouse.
    /// </summary>
    /// <returns>The hand-off folders written, relative to the data folder.</returns>
    public static IReadOnlyList<string> Parse(RunOptions options, string sourceId, TimeProvider clock, HttpFetcher fetcher,
        Action<RunEvent>? progress = null, CancellationToken cancel = default)
    {
        var manifest = ProjectManifest.Load(options.RepoRoot, ReaderFormats.All);
        var pipeline = manifest.Pipeline(sourceId);
        var landing = new Landing(options.Data.LandingRoot, clock);
        var written = new List<string>();
        foreach (var table in manifest.RawTablesOf(pipeline))
        {
            cancel.ThrowIfCancellationRequested();
            written.Add(options.Data.Relative(new Parser(table, options, landing, clock, fetcher, progress, cancel).Run()));
        }
        return written;
    }

    /// <summary>The step name parse jobs report progress under (and a test pauses at).</summary>
    public const string ParseStep = "parse";

    sealed class Parser(RawTable table, RunOptions options, Landing landing, TimeProvider clock, HttpFetcher fetcher,
        Action<RunEvent>? progress, CancellationToken cancel)
    {
        void Report(string phase, string? detail) => progress?.Invoke(new RunEvent(ParseStep, table.SourceId, table.QualifiedName, phase, detail));

        public string Run()
        {
            Report("start", null);
            var directory = Path.Combine(Root(options.Data), table.SourceId, table.Entity.Entity);
            var parsedAt = clock.GetUtcNow().UtcDateTime;
            var temp = Path.Combine(directory, $"{IncomingPrefix}{Guid.NewGuid():N}");
            Directory.CreateDirectory(temp);
            try
            {
                var description = Read(temp) with { ParsedAt = parsedAt };
                File.WriteAllText(Path.Combine(temp, DescriptionFile), JsonSerializer.Serialize(description, Json));
                // Named by the time the delivery was parsed: the writer loads a table's hand-offs in that order.
                var target = Path.Combine(directory, $"{parsedAt:yyyyMMdd'T'HHmmss'.'fffffff'Z'}-{Guid.NewGuid().ToString("N")[..8]}");
                Directory.Move(temp, target);
                Report("end", description.Error ?? (description.NotModified ? "not modified (304)" : $"{description.RowsLoaded:N0} rows") + (description.RowsQuarantined > 0 ? $", {description.RowsQuarantined:N0} quarantined" : ""));
                return target;
            }
            catch
            {
                try { Directory.Delete(temp, recursive: true); }
                catch (IOException) { }
                throw;
            }
        }

        (string Kind, string Path) Origin => options.Mode == RunMode.Live ? (RunMode.Live.Name(), table.Entity.Url) : (RunMode.Sample.Name(), table.Entity.Sample);

        HandOff Read(string folder)
        {
            var description = new HandOff
            {
                SourceId = table.SourceId, Entity = table.Entity.Entity, Host = Environment.MachineName, ProcessId = Environment.ProcessId,
                ParsedAt = default, OriginKind = Origin.Kind, OriginPath = Origin.Path, DefinitionSha256 = table.Entity.Fingerprint,
            };
            LandedRecord? landed = null;
            var database = Path.Combine(folder, "parse.duckdb");
            try
            {
                landed = options.Mode == RunMode.Live ? FetchAndLand() : LandSample();
                if (landed is null)
                    return description with { NotModified = true };
                using var warehouse = Warehouse.Warehouse.OpenForWriting(database);
                try
                {
                    var path = Path.Combine(options.Data.DataDir, landed.Path);
                    var result = RawLoader.Load(warehouse, table.SourceId, table.Entity, path, landed.Path, ParseRunId,
                        rows => Report("rows", $"{rows:N0} rows"), cancel, options.ProgressEveryRows);
                    description = description with
                    {
                        Landed = landed, RowsRead = result.RowsRead, RowsLoaded = result.RowsLoaded, RowsQuarantined = result.RowsQuarantined,
                        Periods = result.Periods, Tables = ExportTables(warehouse, folder), Views = ExportViews(warehouse),
                    };
                }
                catch (PipelineException ex)
                {
                    // Rows quarantined before the reader gave up travel with the failure, as they stay in ops.quarantine today.
                    description = description with { Landed = landed, RowsQuarantined = Quarantined(warehouse), Error = ex.Message };
                }
                description = description with { HasQuarantine = ExportQuarantine(warehouse, folder) };
            }
            catch (PipelineException ex)
            {
                description = description with { Landed = landed, Error = ex.Message };
            }
            finally
            {
                foreach (var file in new[] { database, database + ".wal" })
                    File.Delete(file);
            }
            return description;
        }

        LandedRecord LandSample()
        {
            // Checked again here: a link under sample-data/ may have changed since the manifest was loaded.
            var origin = ConfinedPath.Sample(options.RepoRoot, table.Source, table.Entity);
            return Record(landing.Land(table.SourceId, table.Entity.Entity, table.Entity.Sample, origin), null, null);
        }

        /// <summary>
        /// Downloads the publisher's file, conditionally where the published snapshot's ledger holds the last load's
        /// validators (a parse job never opens the warehouse, which the writer holds; the snapshot is read-only for
        /// everyone); null when the publisher answers 304 Not Modified. A file with the same bytes under new validators
        /// is landed and handed off, and the writer finds it unchanged by its sha256.
        /// </summary>
        LandedRecord? FetchAndLand()
        {
            var entity = table.Entity;
            var ask = new FetchRequest(entity.PostForm,
                entity.Credentials is { } name ? FetchCredentials.FromEnvironment(table.SourceId, name, Environment.GetEnvironmentVariable) : null);
            Report("fetch", $"{ask.Method} {entity.Url}" + (ask.Credentials is null ? "" : $" with the {ask.Credentials}"));
            var last = LastPublishedLoad();
            var fetched = fetcher.FetchAsync(table.SourceId, entity.Url, options.Data.Landing(table.SourceId), Path.GetExtension(entity.Sample),
                last.Sha256 is null ? null : new FetchConditions(last.ETag, last.LastModified),
                entity.MaxDownloadMb * 1024L * 1024L, m => Report("fetch", m), cancel, ask).GetAwaiter().GetResult();
            if (fetched.NotModified)
                return null;
            try
            {
                return Record(landing.Land(table.SourceId, entity.Entity, entity.Url, fetched.TempPath!), fetched.ETag, fetched.LastModified);
            }
            finally
            {
                File.Delete(fetched.TempPath!);
            }
        }

        /// <summary>
        /// The validators of the file behind the last load in the published snapshot, as a single-process run takes them
        /// from the warehouse: none when the snapshot has no such table or the entity's definition changed since.
        /// </summary>
        (string? Sha256, string? ETag, string? LastModified) LastPublishedLoad()
        {
            if (!File.Exists(options.Data.SnapshotPath))
                return default;
            using var published = Warehouse.Warehouse.OpenReadOnly(options.Data.SnapshotPath);
            if (!published.TableExists("raw", table.Name) || !published.TableExists("ops", "source_loads"))
                return default;
            var ledger = new Warehouse.RunLedger(published, ParseRunId, clock);
            return ledger.DefinitionChangedSinceLastLoad(table) ? default : ledger.LastLoadedFile(table);
        }

        LandedRecord Record(LandedFile landed, string? etag, string? lastModified) =>
            new(landed.Origin, options.Data.Relative(landed.Path), landed.Sha256, landed.Bytes, landed.LandedAt.UtcDateTime, etag, lastModified);
    }

    /// <summary>The run id a parse writes into _run_id and ops.quarantine; the writer puts its own in their place.</summary>
    const string ParseRunId = "parse";

    /// <summary>
    /// Every base table the loader left in schema raw, as Parquet (the lines and the loads the view raw.&lt;table&gt;
    /// joins), and the writer takes whatever is here.
    /// </summary>
    static IReadOnlyList<HandOffTable> ExportTables(Warehouse.Warehouse warehouse, string folder)
    {
        var tables = warehouse.Connection.Query<string>(
            "select table_name from information_schema.tables where table_schema = 'raw' and table_type = 'BASE TABLE' order by 1").AsList();
        var exported = new List<HandOffTable>();
        foreach (var name in tables)
        {
            var file = $"raw.{name}.parquet";
            warehouse.Connection.Execute($"copy raw.\"{name}\" to '{SqlString(Path.Combine(folder, file))}' (format parquet)");
            exported.Add(new HandOffTable(name, file));
        }
        return exported;
    }

    static IReadOnlyList<HandOffView> ExportViews(Warehouse.Warehouse warehouse) =>
        [.. warehouse.Connection.Query<(string Name, string Sql)>(
            "select view_name, sql from duckdb_views() where schema_name = 'raw' and not internal order by view_name").Select(v => new HandOffView(v.Name, v.Sql))];

    static long Quarantined(Warehouse.Warehouse warehouse) => warehouse.Connection.ExecuteScalar<long>("select count(*) from ops.quarantine");

    static bool ExportQuarantine(Warehouse.Warehouse warehouse, string folder)
    {
        if (Quarantined(warehouse) == 0)
            return false;
        warehouse.Connection.Execute($"""
            copy (select source_id, entity, source_file, line_number, raw_text, reason from ops.quarantine order by line_number)
            to '{SqlString(Path.Combine(folder, QuarantineFile))}' (format parquet)
            """);
        return true;
    }

    internal static string SqlString(string text) => text.Replace("'", "''", StringComparison.Ordinal);
}

/// <summary>The landed file's row of ops.landed_files, as the parse job landed it; the path is relative to the data folder.</summary>
public sealed record LandedRecord(string Origin, string Path, string Sha256, long Bytes, DateTime LandedAt, string? ETag, string? LastModified);

public sealed record HandOffTable(string Name, string File);

public sealed record HandOffView(string Name, string Sql);

/// <summary>
/// The load step of one hand-off in the writer's run: the same ledger rows a single-process load writes (landed file,
/// source load, quarantine, step), and the same replacement of the raw table's delivered periods in one transaction,
/// from the hand-off's Parquet files instead of the reader.
/// </summary>
sealed class HandOffLoad(RawTable table, HandOff handOff, Warehouse.Warehouse warehouse, Warehouse.RunLedger ledger, Action<RunEvent>? progress)
{
    readonly Warehouse.RunLedger.Step step = ledger.StartStep(table.SourceId, Stage.Load, table.QualifiedName);

    void Report(string phase, string? detail) => progress?.Invoke(new RunEvent(Stage.Load, table.SourceId, table.QualifiedName, phase, detail));

    public SourceOutcome Run()
    {
        Report("start", $"hand-off {Path.GetFileName(handOff.Folder)} parsed on {handOff.Host}:{handOff.ProcessId}");
        try
        {
            if (handOff.Landed is { } landed)
                ledger.RecordLanded(table, landed.Origin, landed.Path, landed.Sha256, landed.Bytes, landed.LandedAt, landed.ETag, landed.LastModified,
                    host: handOff.Host, processId: handOff.ProcessId);
            if (handOff.NotModified && !warehouse.TableExists("raw", table.Name))
                throw new PipelineException(table.SourceId, "load",
                    $"{handOff.Folder}: the publisher answered 304 Not Modified to the published snapshot's validators, but the warehouse holds no raw.{table.Name}; run the source's job again after the next publication, or a full run.");
            if (handOff.NotModified)
                return Unchanged("the publisher answered 304 Not Modified");
            if (handOff.Error is { } error)
            {
                var quarantined = InsertQuarantine();
                step.Finish(RunStatus.Failed, error);
                Report(RunStatus.Failed, error);
                return new SourceOutcome(table.SourceId, table.Entity.Entity, SourceStatus.Failed, 0, quarantined, error);
            }
            if (handOff.DefinitionSha256 != table.Entity.Fingerprint)
                throw new PipelineException(table.SourceId, "load",
                    $"{handOff.Folder}: parsed under an entity definition {handOff.DefinitionSha256[..12]}…, but pipelines/{table.SourceId}.yaml now defines '{table.Entity.Entity}' as {table.Entity.Fingerprint[..12]}…; the source's job reads the file again.");
            if (ledger.LastLoadedSame(table, handOff.Landed!.Sha256, configured: true) && warehouse.TableExists("raw", table.Name))
                return Unchanged("same sha256 and definition as the last load");
            Replace();
            var rowsQuarantined = InsertQuarantine();
            ledger.RecordSourceLoad(table, handOff.Landed.Sha256, handOff.RowsLoaded, rowsQuarantined, handOff.Periods, handOff.OriginKind, handOff.OriginPath, handOff.Landed.Path);
            step.RowsIn = handOff.RowsRead;
            step.RowsOut = handOff.RowsLoaded;
            step.RowsQuarantined = rowsQuarantined;
            step.Finish();
            Report("end", $"{handOff.RowsLoaded:N0} rows" + (rowsQuarantined > 0 ? $", {rowsQuarantined:N0} quarantined" : ""));
            return new SourceOutcome(table.SourceId, table.Entity.Entity, SourceStatus.Loaded, handOff.RowsLoaded, rowsQuarantined, null);
        }
        catch (PipelineException ex)
        {
            step.Finish(RunStatus.Failed, ex.Message);
            Report(RunStatus.Failed, ex.Message);
            return new SourceOutcome(table.SourceId, table.Entity.Entity, SourceStatus.Failed, 0, ledger.QuarantinedThisRun(table), ex.Message);
        }
    }

    /// <summary>
    /// Each table of the hand-off goes into the warehouse as its incoming table, and <see cref="RawLoader"/> replaces the
    /// raw table's delivered periods from them, in one transaction, as a load from the reader does (a file read wide:
    /// its lines and value columns, and the view over them). The views the parse listed are the ones that makes.
    /// </summary>
    void Replace()
    {
        var c = warehouse.Connection;
        foreach (var handed in handOff.Tables)
        {
            var parquet = Path.Combine(handOff.Folder, handed.File);
            if (!File.Exists(parquet))
                throw new PipelineException(table.SourceId, "load", $"{handOff.Folder}/{HandOff.DescriptionFile}: names {handed.File} for raw.{handed.Name}, but the folder has no such file.");
            var incoming = handed.Name + RawLoader.IncomingSuffix;
            var columns = c.Query<string>($"select column_name from (describe select * from read_parquet('{HandOff.SqlString(parquet)}'))").AsList();
            // The rows carry the run that loads them, as a load from the reader writes them.
            var select = string.Join(", ", columns.Select(col => col == "_run_id" ? $"'{HandOff.SqlString(ledger.RunId)}' as _run_id" : $"\"{col}\""));
            c.Execute($"drop table if exists raw.\"{incoming}\"");
            c.Execute($"create table raw.\"{incoming}\" as select {select} from read_parquet('{HandOff.SqlString(parquet)}')");
        }
        RawLoader.ReplaceFromIncoming(warehouse, table.SourceId, table.Entity);
        var missing = handOff.Views.Where(v => !warehouse.TableExists("raw", v.Name)).Select(v => v.Name).ToList();
        if (missing.Count > 0)
            throw new PipelineException(table.SourceId, "load",
                $"{handOff.Folder}/{HandOff.DescriptionFile}: the parse made the view(s) raw.{string.Join(", raw.", missing)}, but loading its tables here made none; expected the same reader on both sides.");
    }

    SourceOutcome Unchanged(string why)
    {
        step.RowsIn = 0;
        step.Finish(RunStatus.Unchanged);
        Report("end", $"unchanged ({why})");
        return new SourceOutcome(table.SourceId, table.Entity.Entity, SourceStatus.Unchanged, 0, 0, null);
    }

    /// <summary>The rows the parse set aside, into ops.quarantine under this run; how many.</summary>
    long InsertQuarantine()
    {
        if (!handOff.HasQuarantine)
            return 0;
        var parquet = Path.Combine(handOff.Folder, HandOff.QuarantineFile);
        return warehouse.Connection.Execute($"""
            insert into ops.quarantine (run_id, source_id, entity, source_file, line_number, raw_text, reason)
            select $run_id, source_id, entity, source_file, line_number, raw_text, reason from read_parquet('{HandOff.SqlString(parquet)}') order by line_number
            """, new { run_id = ledger.RunId });
    }
}
