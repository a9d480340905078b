using Dapper;
using DuckDB.NET.Data;

namespace TalentData.Warehouse;

/// <summary>ops.runs / ops.run_steps / ops.landed_files / ops.quarantine: what ran, with which input, how many rows, and how it ended.</summary>
public sealed class RunLedger(Warehouse warehouse, string runId, TimeProvider clock)
{
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
        """);

    public void StartRun(string mode, IEnumerable<string> pipelines) =>
        Warehouse.Connection.Execute(
            "insert into ops.runs (run_id, started_at, mode, pipelines, status) values ($run_id, $now, $mode, $pipelines, 'running')",
            new { run_id = RunId, now = Clock.GetUtcNow().UtcDateTime, mode, pipelines = string.Join(",", pipelines) });

    /// <summary>Keeps ops.pipelines equal to the pipeline files, so SQL checks (freshness) can read the declarations.</summary>
    public void RecordPipelines(IEnumerable<Project.PipelineDefinition> pipelines)
    {
        using var tx = Warehouse.Connection.BeginTransaction();
        Warehouse.Connection.Execute("delete from ops.pipelines");
        foreach (var p in pipelines)
            Warehouse.Connection.Execute(
                "insert into ops.pipelines values ($id, $title, $publisher, $licence, $attribution, $homepage, $schedule, $days)",
                new { id = p.Id, title = p.Title, publisher = p.Publisher, licence = p.Licence, attribution = p.Attribution, homepage = p.Homepage, schedule = p.Schedule, days = p.ExpectedUpdateDays });
        tx.Commit();
    }

    public void RecordPublication(string dataset, string status, string? reason, long? rows) =>
        Warehouse.Connection.Execute(
            "insert into ops.publications values ($run_id, $dataset, $status, $reason, $rows, $now)",
            new { run_id = RunId, dataset, status, reason, rows, now = Clock.GetUtcNow().UtcDateTime });

    public void FinishRun(string status, string? error) =>
        Warehouse.Connection.Execute(
            "update ops.runs set finished_at = $now, status = $status, error = $error where run_id = $run_id",
            new { run_id = RunId, now = Clock.GetUtcNow().UtcDateTime, status, error });

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

        public void Finish(string status = "succeeded", string? error = null) =>
            ledger.Warehouse.Connection.Execute(
                """
                update ops.run_steps set finished_at = $now, rows_in = $rows_in, rows_out = $rows_out,
                    rows_quarantined = $rows_quarantined, status = $status, error = $error
                where run_id = $run_id and step_no = $no
                """,
                new { run_id = ledger.RunId, no, now = ledger.Clock.GetUtcNow().UtcDateTime, rows_in = RowsIn, rows_out = RowsOut, rows_quarantined = RowsQuarantined, status, error });
    }
}
