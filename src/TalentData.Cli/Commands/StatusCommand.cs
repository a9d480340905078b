using TalentData.Cli.Settings;
using System.CommandLine;
using Dapper;

namespace TalentData.Cli.Commands;

public static class StatusCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var dataDir = CommonOptions.DataDir();
        var command = new Command("status", "Show the last runs, each source's last load (rows, quarantined rows) and the checks of the last run.") { dataDir };
        command.SetAction(parse =>
        {
            try
            {
                var root = RepoLocation.FindRepoRoot();
                var data = RepoLocation.ResolveDataDir(parse.GetValue(dataDir), root);
                var work = Path.Combine(data, "warehouse", "work.duckdb");
                var snapshot = Path.Combine(data, "warehouse", "talentdata.duckdb");
                TalentData.Warehouse.Warehouse warehouse;
                string origin;
                // The working file has the complete ledger, failed runs included; while a run holds it, the snapshot has the last published state.
                try
                {
                    warehouse = TalentData.Warehouse.Warehouse.OpenReadOnly(work);
                    origin = "warehouse";
                }
                catch (TalentData.PipelineException) when (File.Exists(snapshot))
                {
                    warehouse = TalentData.Warehouse.Warehouse.OpenReadOnly(snapshot);
                    origin = "snapshot (a run is in progress and holds the warehouse)";
                }
                using (warehouse)
                    Print(warehouse, origin, output);
                return 0;
            }
            catch (TalentData.PipelineException ex)
            {
                error.WriteLine($"talentdata status: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    static void Print(TalentData.Warehouse.Warehouse warehouse, string origin, TextWriter output)
    {
        var c = warehouse.Connection;
        output.WriteLine($"TalentData status (from the {origin})");
        output.WriteLine();
        output.WriteLine("Last runs:");
        foreach (var r in c.Query("select run_id, status, mode, started_at, finished_at, error from ops.runs order by started_at desc limit 5"))
            output.WriteLine($"  {r.run_id}  {r.status,-9} {r.mode,-6} started {r.started_at:yyyy-MM-dd HH:mm:ss}Z" +
                             (r.error is null ? "" : $"\n      {((string)r.error).Replace("\n", "\n      ")}"));
        output.WriteLine();
        output.WriteLine("Sources (last load):");
        foreach (var s in c.Query("""
            with last as (
                select *, row_number() over (partition by source_id, entity order by loaded_at desc) as n from ops.source_loads
            ),
            failures as (
                select source_id, target, error, row_number() over (partition by source_id, target order by started_at desc) as n
                from ops.run_steps where step = 'load'
            )
            select l.source_id, l.entity, l.loaded_at, l.rows_loaded, l.rows_quarantined, l.periods, f.error as last_error
            from last l
            left join failures f on f.source_id = l.source_id and f.target = 'raw.' || l.source_id || '__' || l.entity and f.n = 1
            where l.n = 1 order by l.source_id, l.entity
            """))
            output.WriteLine($"  {s.source_id + "/" + s.entity,-46} {s.rows_loaded,9:N0} rows  {s.rows_quarantined,5:N0} quarantined  loaded {s.loaded_at:yyyy-MM-dd HH:mm}Z  periods {s.periods}" +
                             (s.last_error is null ? "" : $"\n      last attempt failed: {((string)s.last_error).Split('\n')[0]}"));
        output.WriteLine();
        output.WriteLine("Datasets:");
        foreach (var d in c.Query("""
            with ranked as (
                select *, row_number() over (partition by dataset order by recorded_at desc) as n,
                       max(recorded_at) filter (where status = 'published') over (partition by dataset) as last_published_at
                from ops.publications
            )
            select dataset, status, reason, last_published_at from ranked where n = 1 order by dataset
            """))
            output.WriteLine(d.status == "published"
                ? $"  {d.dataset,-46} published {d.last_published_at:yyyy-MM-dd HH:mm}Z"
                : $"  {d.dataset,-46} STALE ({d.status}): {d.reason}; last published {(d.last_published_at is null ? "never" : $"{d.last_published_at:yyyy-MM-dd HH:mm}Z")}");
        output.WriteLine();
        var lastRun = c.ExecuteScalar<string?>("select run_id from qa.check_results order by checked_at desc limit 1");
        if (lastRun is null) return;
        var checks = c.Query("select check_name, severity, passed, failing_rows, error from qa.check_results where run_id = $r order by check_name", new { r = lastRun }).ToList();
        output.WriteLine($"Checks of run {lastRun}: {checks.Count(x => x.passed)} of {checks.Count} passed");
        foreach (var x in checks.Where(x => !x.passed))
            output.WriteLine($"  {(x.severity == "error" ? "FAILED " : "warning")} {x.check_name}: {x.error ?? $"{x.failing_rows} offending rows"}");
    }
}
