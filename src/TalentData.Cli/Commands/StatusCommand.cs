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
        var source = new Option<string?>("--source")
        {
            Description = "Show one source in detail: its last loads with their files, the rows they set aside (file, line, reason), its last error and the failed checks naming it.",
        };
        var command = new Command("status", "Show the last runs, what every configured source's raw tables hold and how their last loads went, the datasets and the checks of the last run.")
        {
            dataDir, source,
        };
        command.SetAction(parse =>
        {
            try
            {
                var root = RepoLocation.FindRepoRoot();
                var manifest = ProjectManifest.Load(root, TalentData.Loading.ReaderFormats.All);
                var sourceId = parse.GetValue(source);
                var pipeline = sourceId is null ? null : manifest.Pipelines.FirstOrDefault(p => p.Id == sourceId)
                    ?? throw new TalentData.PipelineException(sourceId, "config",
                        $"No source '{sourceId}' in pipelines/. Configured sources: {string.Join(", ", manifest.Pipelines.Select(p => p.Id))}.");
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
                {
                    if (pipeline is null)
                        Print(warehouse, manifest, origin, output);
                    else
                        PrintSource(warehouse, manifest, pipeline, origin, output);
                }
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
        output.WriteLine($"TalentData status (from the {origin})");
        output.WriteLine();
        output.WriteLine("Last runs:");
        foreach (var r in RunLedger.LastRuns(warehouse, 5))
            output.WriteLine($"  {r.RunId}  {r.Status,-9} {r.Mode,-6} started {r.StartedAt:yyyy-MM-dd HH:mm:ss}Z" +
                             (r.Error is null ? "" : $"\n      {r.Error.Replace("\n", "\n      ")}"));
        output.WriteLine();
        output.WriteLine("Sources (every configured source: what its raw tables hold, their last load and its file; details: status --source ID):");
        foreach (var table in manifest.RawTables.OrderBy(t => t.SourceId, StringComparer.Ordinal).ThenBy(t => t.Entity.Entity, StringComparer.Ordinal))
            PrintTable(warehouse, table, output, loads: 1);
        output.WriteLine();
        output.WriteLine("Datasets:");
        foreach (var d in RunLedger.Datasets(warehouse))
            output.WriteLine(d.Status == PublicationStatus.Published
                ? $"  {d.Dataset,-46} published {d.LastPublishedAt:yyyy-MM-dd HH:mm}Z"
                : $"  {d.Dataset,-46} STALE ({d.Status}): {d.Reason}; last published {(d.LastPublishedAt is null ? "never" : $"{d.LastPublishedAt:yyyy-MM-dd HH:mm}Z")}");
        output.WriteLine();
        var lastRun = CheckRunner.LastCheckedRun(warehouse);
        if (lastRun is null) return;
        var checks = CheckRunner.ResultsOf(warehouse, lastRun);
        output.WriteLine($"Checks of run {lastRun}: {checks.Count(x => x.Passed)} of {checks.Count} passed");
        foreach (var x in checks.Where(x => !x.Passed))
            output.WriteLine($"  {(x.Severity == "error" ? "FAILED " : "warning")} {x.CheckName}: {x.Error ?? $"{x.FailingRows} offending rows"}");
    }

    const int QuarantineShown = 50;

    /// <summary>
    /// One raw table: what it holds (rows per period), its last loads with their files, and its last error when the
    /// last attempt failed — also for a source that has never loaded.
    /// </summary>
    static void PrintTable(TalentData.Warehouse.Warehouse warehouse, RawTable table, TextWriter output, int loads)
    {
        var holdings = RunLedger.Holdings(warehouse, table);
        var history = RunLedger.Loads(warehouse, table, loads);
        var attempt = RunLedger.LastAttempt(warehouse, table);
        var name = $"{table.SourceId}/{table.Entity.Entity}";
        if (history.Count == 0)
            output.WriteLine($"  {name,-46} NEVER LOADED ({table.QualifiedName} is empty)");
        else
        {
            var total = holdings.Sum(h => h.Rows);
            var periods = table.Entity.PeriodColumn is null ? "no period column"
                : $"{holdings.Count} {(holdings.Count == 1 ? "period" : "periods")} ({table.Entity.PeriodColumn}): {string.Join(", ", holdings.Select(h => $"{h.Period} {h.Rows:N0}"))}";
            output.WriteLine($"  {name,-46} {total,9:N0} rows  holds {periods}");
            foreach (var load in history)
                output.WriteLine($"      {(loads == 1 ? "last load" : "load")} {load.LoadedAt:yyyy-MM-dd HH:mm}Z run {load.RunId}: {load.RowsLoaded:N0} rows, {load.RowsQuarantined:N0} quarantined, " +
                                 $"periods {(load.Periods.Length == 0 ? "-" : load.Periods)}, from {Describe(load)}");
        }
        if (attempt is { Status: RunStatus.Failed or RunStatus.Cancelled or RunStatus.Interrupted })
            output.WriteLine($"      last attempt {attempt.Status} (run {attempt.RunId}, {attempt.StartedAt:yyyy-MM-dd HH:mm}Z): " +
                             (loads == 1 ? (attempt.Error ?? "").Split('\n')[0] : (attempt.Error ?? "").Replace("\n", "\n        ")));
    }

    static string Describe(RunLedger.LoadEntry load) => load switch
    {
        { File: null } => load.LandedPath ?? "(file not recorded)",
        { Origin: TalentData.Running.ManualDelivery.Origin } => $"manual delivery {load.File}" + (load.LandedPath is null ? "" : $" (landed as {load.LandedPath})"),
        { Origin: null } => load.File,
        _ => $"{load.File} ({load.Origin})",
    };

    /// <summary>`status --source ID`: the source's raw tables, their last loads, the rows set aside with file, line and reason, its last error and the failed checks naming it.</summary>
    static void PrintSource(TalentData.Warehouse.Warehouse warehouse, ProjectManifest manifest, PipelineDefinition pipeline, string origin, TextWriter output)
    {
        output.WriteLine($"TalentData status of source {pipeline.Id} (from the {origin})");
        output.WriteLine($"  {pipeline.Title} — {pipeline.Publisher}; pipelines/{pipeline.Id}.yaml");
        output.WriteLine();
        var tables = manifest.RawTablesOf(pipeline).ToList();
        foreach (var table in tables)
        {
            output.WriteLine($"{table.QualifiedName}:");
            PrintTable(warehouse, table, output, loads: 5);
            if (RunLedger.LastQuarantine(warehouse, table, QuarantineShown) is { } quarantine)
            {
                var since = RunLedger.Loads(warehouse, table, 1) is [{ RowsQuarantined: 0 } last] && last.RunId != quarantine.Rows[0].RunId
                    ? $"; the last load, run {last.RunId}, set none aside" : "";
                output.WriteLine($"  rows set aside by run {quarantine.Rows[0].RunId} ({quarantine.Total:N0}{since}; file, line, reason):");
                foreach (var q in quarantine.Rows)
                    output.WriteLine($"    {q.SourceFile}, line {q.LineNumber}: {q.Reason}");
                if (quarantine.Total > quarantine.Rows.Count)
                    output.WriteLine($"    … and {quarantine.Total - quarantine.Rows.Count:N0} more in ops.quarantine (run_id '{quarantine.Rows[0].RunId}')");
            }
            else
                output.WriteLine("  no rows ever set aside");
            output.WriteLine();
        }

        var lastRun = CheckRunner.LastCheckedRun(warehouse);
        if (lastRun is null)
            return;
        // A failed check names this source when its failing rows carry source_id = this source, or — rows without a
        // source_id column — when it reads a model built from the source.
        var downstream = tables.SelectMany(t => ModelGraph.Downstream(manifest.Models, t.QualifiedName)).ToHashSet(StringComparer.Ordinal);
        var naming = new List<(string Check, string Severity, long Rows, string? Error, IReadOnlyList<string> Samples)>();
        foreach (var check in CheckRunner.FailuresOf(warehouse, lastRun))
        {
            var bySource = check.SampleRows.Where(j => j.Contains("\"source_id\":", StringComparison.Ordinal)).ToList();
            var own = bySource.Where(j => j.Contains($"\"source_id\":\"{pipeline.Id}\"", StringComparison.Ordinal)).ToList();
            if (bySource.Count > 0 ? own.Count > 0 : check.Models.Any(downstream.Contains))
                naming.Add((check.Check, check.Severity, check.FailingRows, check.Error, bySource.Count > 0 ? own : check.SampleRows));
        }
        output.WriteLine($"Checks of run {lastRun} that failed on what {pipeline.Id} feeds: {(naming.Count == 0 ? "none" : naming.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))}");
        foreach (var (check, severity, rows, error, samples) in naming)
        {
            output.WriteLine($"  {(severity == "error" ? "FAILED " : "warning")} {check}: {error ?? $"{rows:N0} offending rows"}");
            foreach (var sample in samples.Take(5))
                output.WriteLine($"    {sample}");
        }
    }
}
