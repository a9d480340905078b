using TalentData.Cli.Settings;
using System.CommandLine;
using Dapper;
using TalentData.Project;
using TalentData.Warehouse;

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
                var work = new DataLayout(data).WorkPath;
                var snapshot = new DataLayout(data).SnapshotPath;
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
                    Print(warehouse, ProjectManifest.Load(root, TalentData.Loading.ReaderFormats.All), origin, output);
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

    static void Print(TalentData.Warehouse.Warehouse warehouse, ProjectManifest manifest, string origin, TextWriter output)
    {
        var c = warehouse.Connection;
        output.WriteLine($"TalentData status (from the {origin})");
        output.WriteLine();
        output.WriteLine("Last runs:");
        foreach (var r in RunLedger.LastRuns(warehouse, 5))
            output.WriteLine($"  {r.RunId}  {r.Status,-9} {r.Mode,-6} started {r.StartedAt:yyyy-MM-dd HH:mm:ss}Z" +
                             (r.Error is null ? "" : $"\n      {r.Error.Replace("\n", "\n      ")}"));
        output.WriteLine();
        output.WriteLine("Sources (last load):");
        foreach (var s in RunLedger.LastLoads(warehouse, manifest.RawTables))
            output.WriteLine($"  {s.Table.SourceId + "/" + s.Table.Entity.Entity,-46} {s.RowsLoaded,9:N0} rows  {s.RowsQuarantined,5:N0} quarantined  loaded {s.LoadedAt:yyyy-MM-dd HH:mm}Z  periods {s.Periods}" +
                             (s.LastError is null ? "" : $"\n      last attempt failed: {s.LastError.Split('\n')[0]}"));
        output.WriteLine();
        output.WriteLine("Datasets:");
        foreach (var d in RunLedger.Datasets(warehouse))
            output.WriteLine(d.Status == PublicationStatus.Published
                ? $"  {d.Dataset,-46} published {d.LastPublishedAt:yyyy-MM-dd HH:mm}Z"
                : $"  {d.Dataset,-46} STALE ({d.Status}): {d.Reason}; last published {(d.LastPublishedAt is null ? "never" : $"{d.LastPublishedAt:yyyy-MM-dd HH:mm}Z")}");
        output.WriteLine();
        var lastRun = c.ExecuteScalar<string?>("select run_id from qa.check_results order by checked_at desc limit 1");
        if (lastRun is null) return;
        var checks = c.Query("select check_name, severity, passed, failing_rows, error from qa.check_results where run_id = $r order by check_name", new { r = lastRun }).ToList();
        output.WriteLine($"Checks of run {lastRun}: {checks.Count(x => x.passed)} of {checks.Count} passed");
        foreach (var x in checks.Where(x => !x.passed))
            output.WriteLine($"  {(x.severity == "error" ? "FAILED " : "warning")} {x.check_name}: {x.error ?? $"{x.failing_rows} offending rows"}");
    }
}
