using Dapper;
using TalentData.Fetching;
using TalentData.Loading;
using TalentData.Project;
using TalentData.Publishing;
using TalentData.Warehouse;

namespace TalentData.Running;

/// <summary>
/// The named stages of one run, in the order <see cref="PipelineRunner"/> calls them. Each records itself in the
/// ledger (ops.run_steps) and reports progress; what a stage decides is returned to the runner, not kept here.
/// </summary>
/// <summary>What the load stage did: the outcome per raw table, and the raw tables no load has ever filled.</summary>
sealed record SourceLoads(IReadOnlyList<(RawTable Table, SourceOutcome Outcome)> Outcomes, IReadOnlySet<RawTable> NeverLoaded);

sealed class RunStages(ProjectManifest manifest, RunOptions options, Warehouse.Warehouse warehouse, RunLedger ledger,
    TimeProvider clock, Action<RunEvent>? progress, HttpFetcher? fetcher, CancellationToken cancel) : IDisposable
{
    HttpFetcher? ownFetcher;
    HttpFetcher Fetcher => fetcher ?? (ownFetcher ??= new HttpFetcher());
    DataLayout Data => options.Data;

    public void Dispose() => ownFetcher?.Dispose();

    /// <summary>
    /// This process holds the warehouse, so no other run is going: complete the commit a killed run had reached (its
    /// publication was decided), discard what an uncommitted one staged, and drop the half-loaded incoming tables it
    /// left (they would otherwise reach the next snapshot).
    /// </summary>
    public static void CleanUpAfterInterruptedRun(Warehouse.Warehouse warehouse, DataLayout data, TimeProvider clock)
    {
        RawLoader.DropHalfLoadedTables(warehouse);
        var store = new ReleaseStore(data.ExportsRoot);
        if (PendingCommit.Read(data.CommitPath) is { } pending)
            pending.Apply(data, store, new RunLedger(warehouse, pending.RunId, clock));
        store.DiscardStaged();
        Publishing.Snapshot.DeleteUnfinishedCopies(data.SnapshotPath);
    }

    /// <summary>True once the commit record is written: from then on the run is completed, now or by the next start.</summary>
    bool committed;

    /// <summary>
    /// Ends a run that stopped by cancellation or an error: before the commit point nothing it staged is published and the
    /// ledger says how it ended; after it, the ledger stays "running" until the next start completes the commit.
    /// </summary>
    public void Abandon(string status, string error)
    {
        if (committed)
            return;
        try
        {
            new ReleaseStore(Data.ExportsRoot).DiscardStaged();
            Publishing.Snapshot.DeleteUnfinishedCopies(Data.SnapshotPath);
        }
        catch (IOException)
        {
            // A full or failing disk: the next start discards the rest.
        }
        ledger.FinishRun(status, error);
    }

    DistrictPlacement? placement;
    /// <summary>The city's district boundaries and address table, prepared once per run.</summary>
    DistrictPlacement Placement => placement ??= DistrictPlacement.For(manifest.City);

    SampleProvenance? provenance;
    /// <summary>The bundled sample files and which of their periods are the publisher's, read once per run.</summary>
    SampleProvenance Provenance => provenance ??= SampleProvenance.Load(options.RepoRoot);

    /// <summary>
    /// The code lists of sql/reference, and <see cref="ProjectManifest.SampleFilesTable"/>: the bundled sample files by
    /// content, so that a model can tell a synthetic value from the publisher's row by row (its source_file).
    /// </summary>
    public void LoadReference() =>
        Step(Stage.Reference, "ref", s =>
        {
            s.RowsOut = ReferenceData.Load(warehouse, manifest.Sql).Count;
            ReferenceData.LoadSampleFiles(warehouse.Connection, ProjectManifest.SampleFilesTable,
                Provenance.Files.OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => new SampleFileRow(f.Sha256, f.Path, f.Synthetic, f.RealPeriods)));
            Placement.WriteInputs(warehouse.Connection);
            s.RowsOut += 3;
        });

    /// <summary>
    /// Fetch, land and load every raw table of the selected pipelines; a failing one does not stop the others. A manual
    /// delivery (<see cref="RunOptions.Manual"/>) loads its one raw table from the operator's file and nothing else.
    /// </summary>
    public SourceLoads LoadSources(IReadOnlyList<PipelineDefinition> selected)
    {
        var landing = new Landing(Data.LandingRoot, clock);
        var outcomes = new List<(RawTable, SourceOutcome)>();
        if (options.HandOffs is { } handOffs)
        {
            // Fetched and read by parse jobs already: in the order Pending gives, which is the manifest's.
            foreach (var handOff in handOffs)
            {
                cancel.ThrowIfCancellationRequested();
                var table = manifest.RawTables.Single(t => t.SourceId == handOff.SourceId && t.Entity.Entity == handOff.Entity);
                outcomes.Add((table, new HandOffLoad(table, handOff, warehouse, ledger, progress).Run()));
            }
        }
        else
        {
            IEnumerable<RawTable> tables = options.Manual is { } manual ? [manual.TableIn(manifest, selected.Single())] : selected.SelectMany(manifest.RawTablesOf);
            foreach (var table in tables)
            {
                cancel.ThrowIfCancellationRequested();
                outcomes.Add((table, new SourceLoad(table, options, warehouse, ledger, landing, progress, () => Fetcher, cancel, options.Manual).Run()));
            }
        }
        foreach (var source in selected)
            PruneRejectedDeliveries(landing, source.Id);
        // Sources never loaded get an empty raw table: models that combine several sources build from the others, and
        // datasets built from the missing one are not published until it has been loaded.
        var neverLoaded = manifest.RawTables.Where(t => RawLoader.CreateEmptyIfMissing(warehouse, t.SourceId, t.Entity) || !ledger.EverLoaded(t)).ToHashSet();
        return new SourceLoads(outcomes, neverLoaded);
    }

    /// <summary>Removes a source's rejected deliveries beyond the retention, and says so in the ledger and the progress.</summary>
    void PruneRejectedDeliveries(Landing landing, string sourceId)
    {
        var removed = landing.PruneRejected(sourceId, ledger.AcceptedSha256s(sourceId), options.Landing);
        if (removed.Count == 0)
            return;
        var step = ledger.StartStep(sourceId, Stage.Load, $"data/landing/{sourceId}/");
        var detail = $"removed {removed.Count} rejected deliveries ({removed.Sum(r => r.Bytes):N0} bytes) beyond the retention of " +
                     $"{options.Landing.RejectedCount} files and {options.Landing.RejectedBytes / (1024 * 1024)} MiB: {string.Join(", ", removed.Select(r => r.File))}";
        step.RowsOut = removed.Count;
        step.Finish(RunStatus.Succeeded, detail);
        progress?.Invoke(new RunEvent(Stage.Load, sourceId, $"data/landing/{sourceId}/", "pruned", detail));
    }

    /// <summary>Fingerprints what the models and the run depend on, now that the loads are done, and records the run's.</summary>
    public RunInputs Fingerprint(string? projectFiles)
    {
        var inputs = RunInputs.Compute(manifest, options.Publish, ledger.RawTableVersions());
        ledger.RecordInputs(inputs.Run, projectFiles);
        return inputs;
    }

    /// <summary>
    /// Before the project is read: when its files (<see cref="RunInputs.ProjectFiles"/>) are those of the run just
    /// before, which succeeded, and that publication is in place, records a run that keeps it and returns its report.
    /// Null otherwise, and always for a live run, a run of chosen pipelines or hand-offs or a full one, which read the project.
    /// </summary>
    public static RunReport? KeepIfProjectUnchanged(Warehouse.Warehouse warehouse, RunOptions options, string? projectFiles, TimeProvider clock,
        Action<RunEvent>? progress, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        if (projectFiles is null || options.Full || options.Pipelines.Count > 0 || options.HandOffs is not null)
            return null;
        var reader = new RunLedger(warehouse, "", clock);
        if (reader.PreviousRun() is not { Status: RunStatus.Succeeded, InputsSha256: { } inputs } previous || previous.ProjectSha256 != projectFiles)
            return null;
        var since = reader.PublishedFrom(inputs) ?? previous.RunId;
        var store = new ReleaseStore(options.Data.ExportsRoot);
        if (!File.Exists(options.Data.SnapshotPath) || !File.Exists(Path.Combine(options.Data.ExportsRoot, DcatWriter.CatalogFile))
            || reader.PublishedBy(since).Any(d => store.Current(d) is null))
            return null;
        // The run's whole record in one transaction: nothing else happens in it, and one commit is what it costs.
        using var tx = warehouse.Connection.BeginTransaction();
        var ledger = RunLedger.Start(warehouse, clock, options.Mode, [], pipelines: null);
        ledger.RecordInputs(inputs, projectFiles);
        var unread = $"project files{(options.Mode == RunMode.Sample ? " and sample data" : "")} unchanged since run {previous.RunId}; nothing read";
        foreach (var (stage, target) in new[] { (Stage.Reference, "ref"), (Stage.Load, "raw") })
        {
            ledger.StartStep(null, stage, target).Finish(RunStatus.Skipped, unread);
            progress?.Invoke(new RunEvent(stage, null, target, RunStatus.Skipped, unread));
        }
        var report = Kept(ledger, since, [], [], progress);
        tx.Commit();
        return report;
    }

    /// <summary>
    /// The run whose publication this one keeps, if nothing changed: the run just before it succeeded from the same
    /// inputs, no source failed now, and its snapshot, catalogue and every dataset's latest release are in place.
    /// Null when anything differs, or with <see cref="RunOptions.Full"/>.
    /// </summary>
    public string? UnchangedSince(SourceLoads sources, RunInputs inputs)
    {
        cancel.ThrowIfCancellationRequested();
        if (options.Full || sources.Outcomes.Any(s => s.Outcome.Status == SourceStatus.Failed))
            return null;
        if (ledger.PreviousRun() is not { Status: RunStatus.Succeeded } previous || previous.InputsSha256 != inputs.Run)
            return null;
        return PublicationInPlace(manifest, Data) ? ledger.PublishedFrom(inputs.Run) ?? previous.RunId : null;
    }

    /// <summary>The snapshot, the catalogue and every dataset's latest release exist: what a run that changes nothing keeps.</summary>
    public static bool PublicationInPlace(ProjectManifest manifest, DataLayout data)
    {
        var store = new ReleaseStore(data.ExportsRoot);
        return File.Exists(data.SnapshotPath) && File.Exists(Path.Combine(data.ExportsRoot, DcatWriter.CatalogFile))
            && manifest.Datasets.All(d => store.Current(d.Dataset.Dataset) is not null);
    }

    /// <summary>Ends a run whose inputs are those of the last, successful run: its models, checks and publication stand.</summary>
    public RunReport KeepPublication(SourceLoads sources, string since) =>
        Kept(ledger, since, [.. sources.Outcomes.Select(s => s.Outcome)], [.. manifest.Models.Select(m => new ModelResult(m, ModelStatus.Unchanged, null, null))], progress);

    static RunReport Kept(RunLedger ledger, string since, IReadOnlyList<SourceOutcome> sources, IReadOnlyList<ModelResult> models, Action<RunEvent>? progress)
    {
        var why = $"inputs unchanged since run {since}; its models, checks and publication stand";
        foreach (var (stage, target) in new[] { (Stage.Models, "sql/"), (Stage.Checks, "sql/checks/"), (Stage.Disclosure, "datasets"), (Stage.Publish, "data/exports/"),
                     (Stage.Catalog, "data/exports/" + DcatWriter.CatalogFile), (Stage.Snapshot, DataLayout.SnapshotDisplay) })
        {
            ledger.StartStep(null, stage, target).Finish(RunStatus.Skipped, why);
            progress?.Invoke(new RunEvent(stage, null, target, RunStatus.Skipped, why));
        }
        ledger.FinishRun(RunStatus.Succeeded, null);
        return new RunReport(ledger.RunId, RunStatus.Succeeded, sources, models, [], [], [], null) { UnchangedSince = since };
    }

    /// <summary>Builds the models whose inputs changed since their last build (all of them with <see cref="RunOptions.Full"/>).</summary>
    public IReadOnlyList<ModelResult> BuildModels(RunInputs inputs)
    {
        cancel.ThrowIfCancellationRequested();
        var step = ledger.StartStep(null, Stage.Models, "sql/");
        progress?.Invoke(new RunEvent(Stage.Models, null, "sql/", "start", $"{manifest.Models.Count} models"));
        var lastBuilds = ledger.ModelBuilds();
        var existing = warehouse.Relations();
        foreach (var m in manifest.NotConfiguredModels)
            progress?.Invoke(new RunEvent(Stage.Models, null, m.Name, RunStatus.Skipped, m.Reason));
        var results = new SqlModelRunner(manifest.SqlRoot, Placement).Build(warehouse, manifest.Models, new HashSet<string>(),
            m => progress?.Invoke(new RunEvent(Stage.Models, null, m.QualifiedName, "model", m.File)), cancel,
            unchanged: m => !options.Full && existing.Contains(m.QualifiedName) && lastBuilds.GetValueOrDefault(m.QualifiedName) == inputs.Models[m.QualifiedName],
            built: m => ledger.RecordModelBuild(m.QualifiedName, inputs.Models[m.QualifiedName]));
        var failed = results.Where(r => r.Status is ModelStatus.Failed or ModelStatus.Skipped).ToList();
        var unchanged = results.Count(r => r.Status == ModelStatus.Unchanged);
        step.RowsOut = results.Count(r => r.Status == ModelStatus.Built);
        step.Finish(failed.Any(r => r.Status == ModelStatus.Failed) ? RunStatus.Failed : RunStatus.Succeeded,
            failed.Count == 0 ? null : string.Join("\n", failed.Select(r => $"{r.Model.QualifiedName}: {r.Error}")));
        progress?.Invoke(new RunEvent(Stage.Models, null, "sql/", "end", $"{step.RowsOut} built, {unchanged} unchanged, {failed.Count} failed or skipped"));
        return results;
    }

    public IReadOnlyList<CheckResult> RunChecks(IReadOnlyList<ModelResult> models)
    {
        cancel.ThrowIfCancellationRequested();
        var step = ledger.StartStep(null, Stage.Checks, "sql/checks/");
        progress?.Invoke(new RunEvent(Stage.Checks, null, "sql/checks/", "start", $"{manifest.Checks.Count} checks"));
        var notBuilt = NotBuilt(models);
        // A check of what this city does not build is not run: recorded as skipped with the reason, never as a failure.
        foreach (var check in manifest.NotConfiguredChecks)
        {
            ledger.StartStep(null, Stage.Checks, check.Name).Finish(RunStatus.Skipped, check.Reason);
            progress?.Invoke(new RunEvent(Stage.Checks, null, check.Name, RunStatus.Skipped, check.Reason));
        }
        IReadOnlyList<CheckResult> results;
        try
        {
            results = CheckRunner.Run(warehouse, manifest.Checks, ledger.RunId, clock.GetUtcNow(), notBuilt, cancel);
        }
        catch (OperationCanceledException)
        {
            step.Finish(RunStatus.Cancelled, "cancelled by the operator");
            throw;
        }
        var failedErrors = results.Where(c => c.FailedError).ToList();
        step.RowsOut = results.Count(c => c.Passed);
        step.Finish(failedErrors.Count > 0 ? RunStatus.Failed : RunStatus.Succeeded,
            results.Where(c => !c.Passed).Select(c => $"{c.Check} ({c.Severity}): {c.Error ?? $"{c.FailingRows} rows"}").DefaultIfEmpty().Aggregate((a, b) => a + "\n" + b));
        progress?.Invoke(new RunEvent(Stage.Checks, null, "sql/checks/", "end",
            $"{step.RowsOut} of {results.Count} passed" + (failedErrors.Count > 0 ? $"; failed: {string.Join(", ", failedErrors.Select(c => c.Check))}" : "")));
        return results;
    }

    /// <summary>Decides what is published and what is withheld, and records the datasets that are not read at all.</summary>
    public PublicationPlan PlanPublication(SourceLoads sources, IReadOnlyList<ModelResult> models, IReadOnlyList<CheckResult> checks)
    {
        cancel.ThrowIfCancellationRequested();
        var incomplete = ledger.IncompleteLoads();
        var findings = new RunFindings
        {
            NeverLoaded = sources.NeverLoaded,
            FailedLoads = sources.Outcomes.Where(s => s.Outcome.Status == SourceStatus.Failed).ToDictionary(s => s.Table, s => s.Outcome.Message ?? ""),
            IncompleteLoads = manifest.RawTables.Where(t => incomplete.ContainsKey((t.SourceId, t.Entity.Entity))).ToDictionary(t => t, t => incomplete[(t.SourceId, t.Entity.Entity)]),
            NotBuilt = NotBuilt(models),
            FailedChecks = [.. checks.Where(c => c.FailedError).Select(c => (c.Check, BlastRadius(c), c.FailingRows))],
            // Which bundled sample files the loaded data holds: a publication built from one says so, a live run refuses it.
            LoadedFiles = DataOrigin.ReadLoaded(warehouse, manifest.RawTables, Provenance),
        };
        var plan = PublicationPlan.Decide(manifest, findings, options.Mode);
        foreach (var d in manifest.NotConfiguredDatasets)
            ledger.RecordPublication(d.Name, PublicationStatus.NotConfigured, d.Reason, null);
        foreach (var p in plan.With(PlanDecision.NotLoaded))
            ledger.RecordPublication(p.Dataset.Dataset, PublicationStatus.NotLoaded, p.Reason, null);
        foreach (var p in plan.With(PlanDecision.Withheld))
            ledger.RecordPublication(p.Dataset.Dataset, PublicationStatus.Withheld, p.Reason, null);
        return plan;
    }

    /// <summary>Reads every dataset disclosure control needs and protects them jointly.</summary>
    public Publication Protect(PublicationPlan plan)
    {
        Publication? publication = null;
        var requests = plan.Requests;
        Step(Stage.Disclosure, $"{requests.Count} datasets", s =>
        {
            publication = Publication.Prepare(warehouse, requests, options.Publish, manifest.City, Data.ExportsRoot, clock);
            s.RowsOut = publication.Tables.Values.Sum(t => (long)t.Rows.Count);
        });
        return publication!;
    }

    /// <summary>Releases each dataset the plan allows; returns the outcome of every dataset that was read.</summary>
    public IReadOnlyList<DatasetOutcome> Publish(PublicationPlan plan, Publication publication)
    {
        var outcomes = new List<DatasetOutcome>();
        foreach (var request in plan.Requests)
        {
            cancel.ThrowIfCancellationRequested();
            var step = ledger.StartStep(null, Stage.Publish, request.Dataset.Dataset);
            DatasetOutcome outcome;
            try
            {
                outcome = publication.Release(request);
            }
            catch (Exception ex)
            {
                step.Finish(RunStatus.Failed, ex.Message);
                throw;
            }
            step.RowsOut = outcome.Rows;
            step.Finish(outcome.Status switch { PublicationStatus.Withheld => RunStatus.Failed, RunStatus.Unchanged => RunStatus.Unchanged, _ => RunStatus.Succeeded }, outcome.Reason);
            outcomes.Add(outcome);
            if (outcome.Status == PublicationStatus.Withheld)
            {
                ledger.RecordPublication(outcome.Dataset, PublicationStatus.Withheld, outcome.Reason, null);
                progress?.Invoke(new RunEvent(Stage.Publish, null, outcome.Dataset, RunStatus.Failed, outcome.Reason));
                continue;
            }
            var detail = $"release {outcome.Release}" + (outcome.Status == RunStatus.Unchanged ? " (unchanged)" : "")
                + (publication.Disclosure.Counts().TryGetValue(outcome.Dataset, out var cost) ? $"; {cost}" : "");
            ledger.RecordPublication(outcome.Dataset, PublicationStatus.Published, detail, outcome.Rows);
            progress?.Invoke(new RunEvent(Stage.Publish, null, outcome.Dataset, "end", $"{outcome.Rows:N0} rows, {detail}"));
        }
        return outcomes;
    }

    /// <summary>How the run ends: failed when a source, model or error check failed or a dataset was withheld.</summary>
    public RunReport Finish(SourceLoads sources, IReadOnlyList<ModelResult> models,
        IReadOnlyList<CheckResult> checks, PublicationPlan plan, IReadOnlyList<DatasetOutcome> outcomes)
    {
        foreach (var p in plan.With(PlanDecision.NotLoaded))
            progress?.Invoke(new RunEvent(Stage.Publish, null, p.Dataset.Dataset, RunStatus.Skipped, $"{p.Dataset.Dataset}: {p.Reason}"));
        foreach (var d in manifest.NotConfiguredDatasets)
            progress?.Invoke(new RunEvent(Stage.Publish, null, d.Name, RunStatus.Skipped, $"{d.Name}: {d.Reason}"));
        var withheld = plan.With(PlanDecision.Withheld).Select(p => $"{p.Dataset.Dataset}: {p.Reason}; the last good publication stays")
            .Concat(outcomes.Where(o => o.Status == PublicationStatus.Withheld).Select(o => $"{o.Dataset}: {o.Reason?.TrimEnd('.')}; the last good publication stays"))
            .ToList();
        var failedSources = sources.Outcomes.Select(s => s.Outcome).Where(s => s.Status == SourceStatus.Failed).ToList();
        var failedModels = models.Where(r => r.Status == ModelStatus.Failed).ToList();
        var failedErrors = checks.Where(c => c.FailedError).ToList();
        var failed = failedSources.Count > 0 || failedModels.Count > 0 || failedErrors.Count > 0 || withheld.Count > 0;
        var error = failed
            ? string.Join("\n", failedSources.Select(s => $"source {s.SourceId}/{s.Entity}: {s.Message}")
                .Concat(failedModels.Select(r => r.Error!))
                .Concat(failedErrors.Select(c => $"check {c.Check} failed: {c.Summary}"))
                .Concat(withheld.Select(w => $"withheld {w}")))
            : null;
        var status = failed ? RunStatus.Failed : RunStatus.Succeeded;
        var published = outcomes.Where(o => o.Status != PublicationStatus.Withheld).Select(o => o.Dataset).ToList();
        return new RunReport(ledger.RunId, status, [.. sources.Outcomes.Select(s => s.Outcome)], models, checks, published, withheld, error)
        {
            NotConfigured = manifest.NotConfiguredDatasets,
        };
    }

    /// <summary>
    /// Stages the catalogue and (after a successful run) a copy of the snapshot, writes the commit record — the commit
    /// point — and applies it: snapshot, every dataset's latest, catalogue, then the run's ending in the ledger. A
    /// cancellation is honoured up to the commit point, never after it.
    /// </summary>
    public void Commit(RunReport report, Publication publication)
    {
        cancel.ThrowIfCancellationRequested();
        var catalogChanged = false;
        Step(Stage.Catalog, "data/exports/catalog.jsonld", s =>
        {
            (var records, catalogChanged) = publication.StageCatalog(manifest.Datasets.Select(d => d.Dataset));
            s.RowsOut = records;
        });
        cancel.ThrowIfCancellationRequested();
        string? copy = null;
        if (SnapshotRefreshes(report))
            Step(Stage.Snapshot, DataLayout.SnapshotDisplay, _ => copy = Publishing.Snapshot.WriteCopy(warehouse, Data.SnapshotPath,
                (ledger.RunId, report.Status, report.Error, clock.GetUtcNow().UtcDateTime)));
        cancel.ThrowIfCancellationRequested();
        var pending = new PendingCommit(ledger.RunId, report.Status, report.Error, copy is null ? null : Path.GetFileName(copy),
            publication.StagedReleases, catalogChanged);
        pending.Write(Data.CommitPath);
        committed = true;
        Step(Stage.Commit, "data/", _ => pending.Apply(Data, publication.Store, ledger));
    }

    /// <summary>
    /// Whether the analysts' snapshot is replaced by the warehouse as this run leaves it: after a successful run, and
    /// after a run that failed only for its sources — a source that failed keeps its last good raw data (or, never
    /// loaded, an empty table), so the warehouse holds everything that loaded, checked, plus the failed sources' last
    /// good data; the ledger in it says what failed. A model that failed or an error check that failed leaves figures
    /// nobody should read as checked, so then the last snapshot stays.
    /// </summary>
    static bool SnapshotRefreshes(RunReport report) =>
        report.Succeeded || (!report.Models.Any(m => m.Status == ModelStatus.Failed) && !report.Checks.Any(c => c.FailedError));

    /// <summary>
    /// What a failed check withholds: of the models it protects, those its failing rows name (a <c>model</c> column) or
    /// that are built from a source they name (<c>source_id</c>). A check over every fact (negative counts, duplicate
    /// keys, unknown area codes) thus withholds the datasets of the offending fact, not every dataset; a check whose rows
    /// name neither, or name nothing it protects, withholds all it protects.
    /// </summary>
    IReadOnlyList<string> BlastRadius(CheckResult check)
    {
        if (check.OffendingModels is null && check.OffendingSources is null)
            return check.Protects;
        var models = check.OffendingModels ?? [];
        var rawTables = manifest.RawTables.Where(t => check.OffendingSources?.Contains(t.SourceId) == true).Select(t => t.QualifiedName).ToHashSet();
        var narrowed = check.Protects.Where(p => models.Contains(p) || ModelGraph.Upstream(manifest.Models, p).Overlaps(rawTables)).ToList();
        return narrowed.Count > 0 ? narrowed : check.Protects;
    }

    /// <summary>Models that failed or were skipped: what reads them is neither checked nor published.</summary>
    static HashSet<string> NotBuilt(IReadOnlyList<ModelResult> models) =>
        models.Where(r => r.Status is ModelStatus.Failed or ModelStatus.Skipped).Select(r => r.Model.QualifiedName).ToHashSet();

    /// <summary>A stage that checks for cancellation before it starts; one that is cancelled part-way is recorded as such.</summary>
    void Step(string name, string target, Action<RunLedger.Step> body)
    {
        cancel.ThrowIfCancellationRequested();
        var step = ledger.StartStep(null, name, target);
        progress?.Invoke(new RunEvent(name, null, target, "start", null));
        try
        {
            body(step);
            step.Finish();
            progress?.Invoke(new RunEvent(name, null, target, "end", step.RowsOut is { } n ? $"{n:N0} rows" : null));
        }
        catch (OperationCanceledException)
        {
            step.Finish(RunStatus.Cancelled, "cancelled by the operator");
            throw;
        }
        catch (Exception ex)
        {
            step.Finish(RunStatus.Failed, ex.Message);
            throw;
        }
    }
}
