using Dapper;
using DuckDB.NET.Data;
using TalentData.Project;

namespace TalentData.Warehouse;

/// <summary>
/// ops.runs / ops.run_steps / ops.landed_files / ops.source_loads / ops.quarantine / ops.publications: what ran, with
/// which input, how many rows, and how it ended. Every ops statement of a run is here.
/// </summary>
public sealed class RunLedger(Warehouse warehouse, string runId, TimeProvider clock)
{
    /// <summary>
    /// Opens the ledger of a new run: records a run a killed process left as running as interrupted (this process
    /// holds the warehouse, so no other run is going), then starts this one and records the pipeline declarations.
    /// </summary>
    /// <param name="pipelines">The declarations to record; null when the project is known unchanged since the last run, which recorded them.</param>
    public static RunLedger Start(Warehouse warehouse, TimeProvider clock, RunMode mode, IEnumerable<string> selected, IEnumerable<PipelineDefinition>? pipelines)
    {
        var ledger = new RunLedger(warehouse, $"{clock.GetUtcNow().UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid().ToString("N")[..6]}", clock);
        warehouse.Connection.Execute($"update ops.runs set status = '{RunStatus.Interrupted}', error = 'the process ended before the run finished (killed or crashed)' where status = '{RunStatus.Running}'");
        warehouse.Connection.Execute($"update ops.run_steps set status = '{RunStatus.Interrupted}' where status = '{RunStatus.Running}'");
        ledger.StartRun(mode.Name(), selected);
        if (pipelines is not null)
            ledger.RecordPipelines(pipelines);
        return ledger;
    }

    public string RunId { get; } = runId;
    internal Warehouse Warehouse { get; } = warehouse;
    internal TimeProvider Clock { get; } = clock;

    internal static void EnsureTables(DuckDBConnection c) => c.Execute("""
        create table if not exists ops.runs (
            run_id varchar primary key,
            started_at timestamptz not null,
            finished_at timestamptz,
            mode varchar not null,
            pipelines varchar not null,
            status varchar not null,
            error varchar
        );
        create table if not exists ops.run_steps (
            run_id varchar not null,
            step_no integer not null,
            source_id varchar,
            step varchar not null,
            target varchar,
            started_at timestamptz not null,
            finished_at timestamptz,
            rows_in bigint,
            rows_out bigint,
            rows_quarantined bigint,
            status varchar not null,
            error varchar,
            primary key (run_id, step_no)
        );
        create table if not exists ops.landed_files (
            run_id varchar not null,
            source_id varchar not null,
            entity varchar not null,
            origin varchar not null,
            landed_path varchar not null,
            sha256 varchar not null,
            bytes bigint not null,
            landed_at timestamptz not null,
            etag varchar,
            last_modified varchar
        );
        create table if not exists ops.quarantine (
            run_id varchar not null,
            source_id varchar not null,
            entity varchar not null,
            source_file varchar not null,
            line_number bigint not null,
            raw_text varchar not null,
            reason varchar not null
        );
        create table if not exists ops.pipelines (
            source_id varchar primary key,
            title varchar not null,
            publisher varchar not null,
            licence varchar not null,
            attribution varchar,
            homepage varchar not null,
            schedule varchar not null,
            expected_update_days integer not null
        );
        create table if not exists ops.publications (
            run_id varchar not null,
            dataset varchar not null,
            status varchar not null,
            reason varchar,
            rows bigint,
            recorded_at timestamptz not null
        );
        create table if not exists ops.source_loads (
            source_id varchar not null,
            entity varchar not null,
            run_id varchar not null,
            loaded_at timestamptz not null,
            sha256 varchar not null,
            rows_loaded bigint not null,
            rows_quarantined bigint not null,
            periods varchar not null
        );
        -- The entity's definition when it was loaded (EntityDefinition.Fingerprint): a changed columns list or reader
        -- option re-validates an unchanged file. Warehouses made before it get the column empty, so they re-validate once.
        alter table ops.source_loads add column if not exists definition_sha256 varchar;
        -- What a run's result depended on (RunInputs.Run): a run whose inputs equal those of the last run, which
        -- succeeded, keeps that run's publication instead of rebuilding it.
        alter table ops.runs add column if not exists inputs_sha256 varchar;
        -- The project's files as read before parsing (RunInputs.ProjectFiles): equal to the last, successful run's, a
        -- run keeps its publication without reading the project.
        alter table ops.runs add column if not exists project_sha256 varchar;
        -- Which machine and process ran it: with workers on several hosts, where to look for its log.
        alter table ops.runs add column if not exists host varchar;
        alter table ops.runs add column if not exists process_id integer;
        -- What each model was last built from (RunInputs.Models), written in the model's own transaction, so it is
        -- exactly what the model's table holds, whatever became of the run.
        -- Where each load's file came from: origin 'sample', 'live' or 'manual' (a file handed to `run --file`), the
        -- sample path, URL or the manual file's original path, and the landed copy. Older rows have them empty.
        alter table ops.source_loads add column if not exists origin varchar;
        alter table ops.source_loads add column if not exists origin_path varchar;
        alter table ops.source_loads add column if not exists landed_path varchar;
        alter table ops.landed_files add column if not exists original_path varchar;
        -- Which machine and process fetched and read the file: with parse jobs on several workers, not the run's own.
        alter table ops.landed_files add column if not exists host varchar;
        alter table ops.landed_files add column if not exists process_id integer;
        create table if not exists ops.model_builds (
            model varchar primary key,
            inputs_sha256 varchar not null,
            run_id varchar not null,
            built_at timestamptz not null
        );
        """);

    public void StartRun(string mode, IEnumerable<string> pipelines) =>
        Warehouse.Connection.Execute(
            "insert into ops.runs (run_id, started_at, mode, pipelines, status, host, process_id) values ($run_id, $now, $mode, $pipelines, 'running', $host, $pid)",
            new { run_id = RunId, now = Clock.GetUtcNow().UtcDateTime, mode, pipelines = string.Join(",", pipelines), host = Environment.MachineName, pid = Environment.ProcessId });

    /// <summary>Keeps ops.pipelines equal to the pipeline files, so SQL checks (freshness) can read the declarations.</summary>
    public void RecordPipelines(IEnumerable<PipelineDefinition> pipelines)
    {
        using var tx = Warehouse.Connection.BeginTransaction();
        Warehouse.Connection.Execute("delete from ops.pipelines");
        Warehouse.InsertRows(Warehouse.Connection, "ops.pipelines",
            [.. pipelines.Select(p => new object?[] { p.Id, p.Title, p.Publisher, p.Licence, p.Attribution, p.Homepage, p.Schedule, p.ExpectedUpdateDays })], tx);
        tx.Commit();
    }

    public void RecordPublication(string dataset, string status, string? reason, long? rows) =>
        Warehouse.Connection.Execute(
            "insert into ops.publications values ($run_id, $dataset, $status, $reason, $rows, $now)",
            new { run_id = RunId, dataset, status, reason, rows, now = Clock.GetUtcNow().UtcDateTime });

    public void RecordInputs(string? inputsSha256, string? projectSha256) =>
        Warehouse.Connection.Execute("update ops.runs set inputs_sha256 = $inputs, project_sha256 = $project where run_id = $run_id",
            new { run_id = RunId, inputs = inputsSha256, project = projectSha256 });

    public sealed record PreviousRunRecord(string RunId, string Status, string? InputsSha256, string? ProjectSha256);

    /// <summary>The run before this one (null for the first): only a run that followed it directly may keep its publication.</summary>
    public PreviousRunRecord? PreviousRun() =>
        Warehouse.Connection.QueryFirstOrDefault<PreviousRunRecord>(
            "select run_id as RunId, status as Status, inputs_sha256 as InputsSha256, project_sha256 as ProjectSha256 from ops.runs where run_id <> $run_id order by started_at desc limit 1",
            new { run_id = RunId });

    /// <summary>The datasets a run published (new or byte-identical releases).</summary>
    public IReadOnlyList<string> PublishedBy(string runId) =>
        [.. Warehouse.Connection.Query<string>($"select dataset from ops.publications where run_id = $runId and status = '{PublicationStatus.Published}'", new { runId })];

    /// <summary>The last run that built and published from these inputs (a run that kept a publication names this one).</summary>
    public string? PublishedFrom(string inputsSha256) =>
        Warehouse.Connection.QueryFirstOrDefault<string?>($"""
            select r.run_id from ops.runs r
            where r.inputs_sha256 = $inputs and r.status = '{RunStatus.Succeeded}'
              and exists (select 1 from ops.run_steps s where s.run_id = r.run_id and s.step = '{Stage.Commit}' and s.status = '{RunStatus.Succeeded}')
            order by r.started_at desc limit 1
            """, new { inputs = inputsSha256 });

    /// <summary>The version of each loaded raw table: the run, file and definition of its last load.</summary>
    public IReadOnlyDictionary<(string SourceId, string Entity), string> RawTableVersions() =>
        Warehouse.Connection.Query<(string SourceId, string Entity, string Version)>("""
            select source_id, entity, run_id || ' ' || sha256 || ' ' || coalesce(definition_sha256, '')
            from ops.source_loads qualify row_number() over (partition by source_id, entity order by loaded_at desc) = 1
            """).ToDictionary(r => (r.SourceId, r.Entity), r => r.Version);

    /// <summary>What each model's table was last built from; empty for a warehouse from before builds were recorded.</summary>
    public IReadOnlyDictionary<string, string> ModelBuilds() =>
        Warehouse.TableExists("ops", "model_builds")
            ? Warehouse.Connection.Query<(string Model, string Inputs)>("select model, inputs_sha256 from ops.model_builds").ToDictionary(r => r.Model, r => r.Inputs)
            : new Dictionary<string, string>();

    /// <summary>Call inside the model's build transaction, so the record commits or rolls back with the table.</summary>
    public void RecordModelBuild(string model, string inputsSha256) =>
        Warehouse.Connection.Execute("insert or replace into ops.model_builds values ($model, $inputs, $run_id, $now)",
            new { model, inputs = inputsSha256, run_id = RunId, now = Clock.GetUtcNow().UtcDateTime });

    /// <summary>Records how the run ended; a step still running then (a stage cancelled or failed part-way) ends the same way.</summary>
    public void FinishRun(string status, string? error) =>
        Warehouse.Connection.Execute(
            $"""
            update ops.runs set finished_at = $now, status = $status, error = $error where run_id = $run_id;
            update ops.run_steps set finished_at = $now, status = $status where run_id = $run_id and status = '{RunStatus.Running}';
            """,
            new { run_id = RunId, now = Clock.GetUtcNow().UtcDateTime, status, error });

    /// <summary>Loads of files an operator handed over (`run --file`); the configured file is compared with the others only.</summary>
    const string NotManual = "origin is distinct from 'manual'";

    /// <summary>
    /// The sha256 and HTTP validators of the file behind the last successful load of an entity from its configured URL
    /// or sample, if any: a manual delivery loaded since stands until the publisher's file changes.
    /// </summary>
    public (string? Sha256, string? ETag, string? LastModified) LastLoadedFile(RawTable table) =>
        Warehouse.Connection.QueryFirstOrDefault<(string?, string?, string?)>($"""
            select s.sha256, l.etag, l.last_modified
            from (select sha256 from ops.source_loads where source_id = $s and entity = $e and {NotManual} order by loaded_at desc limit 1) s
            left join ops.landed_files l on l.source_id = $s and l.entity = $e and l.sha256 = s.sha256
                and (l.etag is not null or l.last_modified is not null)
            order by l.landed_at desc nulls last limit 1
            """, new { s = table.SourceId, e = table.Entity.Entity });

    /// <summary>Same bytes under new validators: remembered, so the next run can ask conditionally again.</summary>
    public void RememberValidators(RawTable table, string sha256, string? etag, string? lastModified) =>
        Warehouse.Connection.Execute("""
            update ops.landed_files set etag = $etag, last_modified = $lm
            where source_id = $s and entity = $e and sha256 = $sha
              and landed_at = (select max(landed_at) from ops.landed_files where source_id = $s and entity = $e and sha256 = $sha)
            """, new { etag, lm = lastModified, s = table.SourceId, e = table.Entity.Entity, sha = sha256 });

    public void RecordLanded(RawTable table, string origin, string relativePath, string sha256, long bytes, DateTimeOffset landedAt, string? etag, string? lastModified,
        string? originalPath = null, string? host = null, int? processId = null) =>
        Warehouse.Connection.Execute(
            "insert into ops.landed_files (run_id, source_id, entity, origin, landed_path, sha256, bytes, landed_at, etag, last_modified, original_path, host, process_id) " +
            "values ($run_id, $source_id, $entity, $origin, $path, $sha, $bytes, $at, $etag, $last_modified, $original_path, $host, $pid)",
            new { run_id = RunId, source_id = table.SourceId, entity = table.Entity.Entity, origin, path = relativePath, sha = sha256, bytes, at = landedAt.UtcDateTime, etag, last_modified = lastModified, original_path = originalPath,
                  host = host ?? Environment.MachineName, pid = processId ?? Environment.ProcessId });

    /// <summary>The sha256 of every file a load of the source ever accepted: landing keeps these as the raw record.</summary>
    public IReadOnlySet<string> AcceptedSha256s(string sourceId) =>
        Warehouse.Connection.Query<string>("select distinct sha256 from ops.source_loads where source_id = $s", new { s = sourceId }).ToHashSet();

    /// <summary>
    /// Whether the last load of the entity read this very file under this very definition: only then may the file be
    /// skipped as unchanged, since a changed columns list or reader option must validate the same bytes again. For
    /// the <paramref name="configured"/> sample or URL the last load from the configuration counts, so a manual
    /// delivery loaded since (`run --file`) stands until the configured file changes.
    /// </summary>
    public bool LastLoadedSame(RawTable table, string sha256, bool configured = false) =>
        Warehouse.Connection.ExecuteScalar<bool>(
            "select coalesce((select sha256 = $sha and definition_sha256 is not distinct from $definition from ops.source_loads " +
            $"where source_id = $s and entity = $e{(configured ? $" and {NotManual}" : "")} order by loaded_at desc limit 1), false)",
            new { s = table.SourceId, e = table.Entity.Entity, sha = sha256, definition = table.Entity.Fingerprint });

    /// <summary>Whether the entity's definition differs from the one its last load was read under (or it was never loaded).</summary>
    public bool DefinitionChangedSinceLastLoad(RawTable table) =>
        Warehouse.Connection.ExecuteScalar<bool>(
            "select coalesce((select definition_sha256 is distinct from $definition from ops.source_loads where source_id = $s and entity = $e order by loaded_at desc limit 1), true)",
            new { s = table.SourceId, e = table.Entity.Entity, definition = table.Entity.Fingerprint });

    /// <param name="origin">'sample', 'live' or 'manual'; <paramref name="originPath"/> is the sample path, the URL or the manual file's original path.</param>
    public void RecordSourceLoad(RawTable table, string sha256, long rowsLoaded, long rowsQuarantined, IEnumerable<string> periods,
        string? origin = null, string? originPath = null, string? landedPath = null) =>
        Warehouse.Connection.Execute(
            "insert into ops.source_loads (source_id, entity, run_id, loaded_at, sha256, rows_loaded, rows_quarantined, periods, definition_sha256, origin, origin_path, landed_path) " +
            "values ($s, $e, $run_id, $at, $sha, $loaded, $quarantined, $periods, $definition, $origin, $origin_path, $landed_path)",
            new { s = table.SourceId, e = table.Entity.Entity, run_id = RunId, at = Clock.GetUtcNow().UtcDateTime, sha = sha256, loaded = rowsLoaded, quarantined = rowsQuarantined,
                  periods = string.Join(",", periods), definition = table.Entity.Fingerprint, origin, origin_path = originPath, landed_path = landedPath });

    /// <summary>Rows of the entity this run set aside in ops.quarantine.</summary>
    public long QuarantinedThisRun(RawTable table) =>
        Warehouse.Connection.ExecuteScalar<long>(
            "select count(*) from ops.quarantine where run_id = $r and source_id = $s and entity = $e",
            new { r = RunId, s = table.SourceId, e = table.Entity.Entity });

    public bool EverLoaded(RawTable table) =>
        Warehouse.Connection.ExecuteScalar<long>("select count(*) from ops.source_loads where source_id = $s and entity = $e",
            new { s = table.SourceId, e = table.Entity.Entity }) > 0;

    /// <summary>Rows the last load of each entity set aside, where it set any aside: that entity's data is incomplete.</summary>
    public IReadOnlyDictionary<(string SourceId, string Entity), long> IncompleteLoads() =>
        Warehouse.Connection.Query<(string SourceId, string Entity, long Rows)>("""
            select source_id, entity, rows_quarantined from ops.source_loads
            qualify row_number() over (partition by source_id, entity order by loaded_at desc) = 1 and rows_quarantined > 0
            """).ToDictionary(r => (r.SourceId, r.Entity), r => r.Rows);

    int stepNo;

    public Step StartStep(string? sourceId, string step, string? target)
    {
        var no = Interlocked.Increment(ref stepNo);
        Warehouse.Connection.Execute(
            "insert into ops.run_steps (run_id, step_no, source_id, step, target, started_at, status) values ($run_id, $no, $source_id, $step, $target, $now, 'running')",
            new { run_id = RunId, no, source_id = sourceId, step, target, now = Clock.GetUtcNow().UtcDateTime });
        return new Step(this, no, sourceId, step, target);
    }

    public sealed class Step(RunLedger ledger, int no, string? sourceId, string name, string? target)
    {
        public string? SourceId { get; } = sourceId;
        public string Name { get; } = name;
        public string? Target { get; } = target;
        public long? RowsIn { get; set; }
        public long? RowsOut { get; set; }
        public long? RowsQuarantined { get; set; }

        public void Finish(string status = RunStatus.Succeeded, string? error = null) =>
            ledger.Warehouse.Connection.Execute(
                """
                update ops.run_steps set finished_at = $now, rows_in = $rows_in, rows_out = $rows_out,
                    rows_quarantined = $rows_quarantined, status = $status, error = $error
                where run_id = $run_id and step_no = $no
                """,
                new { run_id = ledger.RunId, no, now = ledger.Clock.GetUtcNow().UtcDateTime, rows_in = RowsIn, rows_out = RowsOut, rows_quarantined = RowsQuarantined, status, error });
    }

    // What the ledger says to operators (talentdata status, /health): read from the working file or the snapshot.

    public sealed record RunRecord(string RunId, string Status, string Mode, DateTime StartedAt, DateTime? FinishedAt, string? Error);

    public sealed record DatasetRecord(string Dataset, string Status, string? Reason, DateTime? LastPublishedAt);

    public static IReadOnlyList<RunRecord> LastRuns(Warehouse warehouse, int count) =>
        [.. warehouse.Connection.Query<RunRecord>(
            "select run_id as RunId, status as Status, mode as Mode, started_at as StartedAt, finished_at as FinishedAt, error as Error from ops.runs order by started_at desc limit $count",
            new { count })];

    public static (string? RunId, DateTime? FinishedAt) LastSucceededRun(Warehouse warehouse) =>
        warehouse.Connection.QueryFirstOrDefault<(string?, DateTime?)>(
            $"select run_id, finished_at from ops.runs where status = '{RunStatus.Succeeded}' order by started_at desc limit 1");

    /// <summary>One load of a raw table as ops.source_loads records it, with where its file came from.</summary>
    public sealed record LoadEntry(string RunId, DateTime LoadedAt, long RowsLoaded, long RowsQuarantined, string Periods, string? Origin, string? File, string? LandedPath);

    /// <summary>The last <paramref name="count"/> loads of a raw table, newest first; the file is the sample path, URL or manual file's original path.</summary>
    public static IReadOnlyList<LoadEntry> Loads(Warehouse warehouse, RawTable table, int count)
    {
        // Read-only, status may read a warehouse no run has opened since the origin columns were added: the landed file then says it.
        var recorded = warehouse.Connection.ExecuteScalar<long>(
            "select count(*) from information_schema.columns where table_schema = 'ops' and table_name = 'source_loads' and column_name = 'origin_path'") > 0;
        var (origin, originPath, landedPath) = recorded ? ("l.origin", "l.origin_path", "l.landed_path") : ("null::varchar", "null::varchar", "null::varchar");
        return [.. warehouse.Connection.Query<LoadEntry>($"""
            select l.run_id as RunId, l.loaded_at as LoadedAt, l.rows_loaded as RowsLoaded, l.rows_quarantined as RowsQuarantined, l.periods as Periods,
                   {origin} as Origin,
                   coalesce({originPath}, (select f.origin from ops.landed_files f where f.source_id = l.source_id and f.entity = l.entity and f.sha256 = l.sha256
                                            order by f.landed_at desc limit 1)) as File,
                   coalesce({landedPath}, (select f.landed_path from ops.landed_files f where f.source_id = l.source_id and f.entity = l.entity and f.sha256 = l.sha256
                                            order by f.landed_at desc limit 1)) as LandedPath
            from ops.source_loads l where l.source_id = $s and l.entity = $e order by l.loaded_at desc limit $count
            """, new { s = table.SourceId, e = table.Entity.Entity, count })];
    }

    /// <summary>The last load step of a raw table (loaded, unchanged or failed), with its error: a failure later followed by an unchanged file is over.</summary>
    public sealed record LoadAttempt(string RunId, DateTime StartedAt, string Status, string? Error);

    public static LoadAttempt? LastAttempt(Warehouse warehouse, RawTable table) =>
        warehouse.Connection.QueryFirstOrDefault<LoadAttempt>($"""
            select run_id as RunId, started_at as StartedAt, status as Status, error as Error from ops.run_steps
            where step = '{Stage.Load}' and source_id = $s and target = $t and status <> '{RunStatus.Skipped}'
            order by started_at desc limit 1
            """, new { s = table.SourceId, t = table.QualifiedName });

    /// <summary>What a raw table holds now: rows per period (one row with an empty period when the entity has no period column).</summary>
    public static IReadOnlyList<(string Period, long Rows)> Holdings(Warehouse warehouse, RawTable table)
    {
        if (!warehouse.TableExists("raw", table.Name))
            return [];
        var sql = table.Entity.PeriodColumn is { } period
            ? $"select coalesce(\"{period}\", '(none)'), count(*) from {table.QualifiedName} group by all order by 1"
            : $"select '', count(*) from {table.QualifiedName} having count(*) > 0";
        return [.. warehouse.Connection.Query<(string, long)>(sql)];
    }

    /// <summary>A row a load set aside, where it was in which landed file, and why.</summary>
    public sealed record QuarantineEntry(string RunId, string SourceFile, long LineNumber, string Reason);

    /// <summary>
    /// The quarantined rows of the latest run that set rows of this raw table aside (the first <paramref name="limit"/>
    /// by line) and how many it set aside in all; null when none ever were.
    /// </summary>
    public static (IReadOnlyList<QuarantineEntry> Rows, long Total)? LastQuarantine(Warehouse warehouse, RawTable table, int limit)
    {
        var args = new { s = table.SourceId, e = table.Entity.Entity, limit };
        var run = warehouse.Connection.QueryFirstOrDefault<string?>(
            "select q.run_id from ops.quarantine q join ops.runs r using (run_id) where q.source_id = $s and q.entity = $e order by r.started_at desc limit 1", args);
        if (run is null)
            return null;
        var rows = warehouse.Connection.Query<QuarantineEntry>(
            "select run_id as RunId, source_file as SourceFile, line_number as LineNumber, reason as Reason from ops.quarantine " +
            "where run_id = $run and source_id = $s and entity = $e order by line_number limit $limit", new { run, args.s, args.e, args.limit }).AsList();
        var total = warehouse.Connection.ExecuteScalar<long>("select count(*) from ops.quarantine where run_id = $run and source_id = $s and entity = $e", new { run, args.s, args.e });
        return (rows, total);
    }

    /// <summary>
    /// Each dataset's latest publication record and when it was last published, from runs that ended: a run publishes
    /// at its commit, so what a running, cancelled or interrupted run recorded was never published.
    /// </summary>
    public static IReadOnlyList<DatasetRecord> Datasets(Warehouse warehouse) =>
        [.. warehouse.Connection.Query<DatasetRecord>($"""
            with ranked as (
                select p.*, row_number() over (partition by dataset order by recorded_at desc) as n,
                       max(recorded_at) filter (where p.status = '{PublicationStatus.Published}') over (partition by dataset) as last_published_at
                from ops.publications p join ops.runs r using (run_id)
                where r.status in ('{RunStatus.Succeeded}', '{RunStatus.Failed}')
            )
            select dataset as Dataset, status as Status, reason as Reason, last_published_at as LastPublishedAt from ranked where n = 1 order by dataset
            """)];

    public sealed record StepRecord(int StepNo, string Step, string? SourceId, string? Target, DateTime StartedAt, DateTime? FinishedAt,
        long? RowsOut, long? RowsQuarantined, string Status, string? Error);


    public sealed record QuarantineRecord(string RunId, string SourceId, string Entity, string SourceFile, long LineNumber, string Reason);

    /// <summary>The steps of one run in the order they started.</summary>
    public static IReadOnlyList<StepRecord> Steps(Warehouse warehouse, string runId) =>
        [.. warehouse.Connection.Query<StepRecord>("""
            select step_no as StepNo, step as Step, source_id as SourceId, target as Target, started_at as StartedAt, finished_at as FinishedAt,
                   rows_out as RowsOut, rows_quarantined as RowsQuarantined, status as Status, error as Error
            from ops.run_steps where run_id = $runId order by step_no
            """, new { runId })];

    /// <summary>The most recent quarantined rows (file, line and reason), newest run first, at most <paramref name="limit"/>.</summary>
    public static IReadOnlyList<QuarantineRecord> RecentQuarantine(Warehouse warehouse, int limit) =>
        [.. warehouse.Connection.Query<QuarantineRecord>("""
            select q.run_id as RunId, q.source_id as SourceId, q.entity as Entity, q.source_file as SourceFile, q.line_number as LineNumber, q.reason as Reason
            from ops.quarantine q join ops.runs r using (run_id)
            order by r.started_at desc, q.source_id, q.entity, q.line_number
            limit $limit
            """, new { limit })];
}
