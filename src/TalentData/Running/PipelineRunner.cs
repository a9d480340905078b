using TalentData.Fetching;
using TalentData.Loading;
using TalentData.Project;
using TalentData.Warehouse;

namespace TalentData.Running;

/// <summary>
/// The main job: for each pipeline fetch, land and load its files into raw, then build the SQL models, run the checks,
/// plan the publication, protect and publish what may be published, and swap the snapshot. A failing source does not
/// stop the others; a failing error check withholds the publication of everything it protects, and the last good
/// publication stays as it was.
/// </summary>
/// <remarks>Mode live downloads with <paramref name="fetcher"/> (one per process keeps the circuit breakers); mode publish loads no source and rebuilds and publishes from what is loaded.</remarks>
public sealed class PipelineRunner(RunOptions options, TimeProvider clock, Action<RunEvent>? progress = null, HttpFetcher? fetcher = null)
{
    public RunReport Run(CancellationToken cancel = default)
    {
        if (options.Manual is { } manual)
        {
            if (options.Pipelines.Count != 1 || options.Mode == RunMode.Publish)
                throw new PipelineException("", "config", $"a manual delivery ({manual.File}) is loaded for exactly one pipeline; found {options.Pipelines.Count}.");
            manual.EnsureExists(options.Pipelines[0]);
        }
        var projectFiles = RunInputs.ProjectFiles(options);
        using var warehouse = Warehouse.Warehouse.OpenForWriting(options.Data.WorkPath);
        // Only the process holding the warehouse writes the status file: a run refused for the lock leaves it alone.
        var last = LastRun.Begin(options.Mode, clock);
        last.Write(options.Data);
        string? runId = null;
        try
        {
            var report = Run(warehouse, projectFiles, id => runId = id, cancel);
            last.Ended(report, clock.GetUtcNow()).Write(options.Data);
            return report;
        }
        catch (Exception ex)
        {
            (last with { RunId = runId, Status = ex is OperationCanceledException ? RunStatus.Cancelled : RunStatus.Failed, FinishedAt = clock.GetUtcNow(), Error = ex.Message }).Write(options.Data);
            throw;
        }
    }

    RunReport Run(Warehouse.Warehouse warehouse, string? projectFiles, Action<string> started, CancellationToken cancel)
    {
        RunStages.CleanUpAfterInterruptedRun(warehouse, options.Data, clock);
        if (RunStages.KeepIfProjectUnchanged(warehouse, options, projectFiles, clock, progress, cancel) is { } kept)
            return kept;
        var manifest = ProjectManifest.Load(options.RepoRoot, ReaderFormats.All);
        IReadOnlyList<PipelineDefinition> selected = options.Mode == RunMode.Publish ? []
            : options.HandOffs is { } handOffs ? [.. manifest.Pipelines.Where(p => handOffs.Any(h => h.SourceId == p.Id))]
            : options.Pipelines.Count == 0 ? manifest.Pipelines : [.. options.Pipelines.Select(manifest.Pipeline)];
        // An unknown --entity is a mistake in the command, not a run that failed: said before the ledger starts a run.
        options.Manual?.TableIn(manifest, selected.Single());
        var ledger = RunLedger.Start(warehouse, clock, options.Mode, selected.Select(p => p.Id), manifest.Pipelines);
        started(ledger.RunId);
        using var stages = new RunStages(manifest, options, warehouse, ledger, clock, progress, fetcher, cancel);
        try
        {
            stages.LoadReference();
            var sources = stages.LoadSources(selected);
            var inputs = stages.Fingerprint(projectFiles);
            if (stages.UnchangedSince(sources, inputs) is { } since)
                return stages.KeepPublication(sources, since);
            var models = stages.BuildModels(inputs);
            var checks = stages.RunChecks(models);
            var plan = stages.PlanPublication(sources, models, checks);
            var publication = stages.Protect(plan);
            var published = stages.Publish(plan, publication);
            var report = stages.Finish(sources, models, checks, plan, published);
            stages.Commit(report, publication);
            return report;
        }
        catch (OperationCanceledException)
        {
            stages.Abandon(RunStatus.Cancelled, "cancelled by the operator; the last good publication stays");
            throw;
        }
        catch (Exception ex)
        {
            stages.Abandon(RunStatus.Failed, ex.Message);
            if (ex is PipelineException) throw;
            throw new PipelineException("", "run", $"run {ledger.RunId} failed: {ex.Message}", ex);
        }
    }
}
