using Dapper;
using TalentData.Fetching;
using TalentData.Loading;
using TalentData.Project;
using TalentData.Publishing;
using TalentData.Warehouse;

namespace TalentData.Running;

/// <summary>Where a run reads its definitions and writes its output.</summary>
public sealed record RunOptions(string RepoRoot, string DataDir, IReadOnlyList<string> Pipelines, string Mode = "sample")
{
    public string PipelinesDir => Path.Combine(RepoRoot, "pipelines");
    public string SqlRoot => Path.Combine(RepoRoot, "sql");
    public string WorkPath => Path.Combine(DataDir, "warehouse", "work.duckdb");
    public string SnapshotPath => Path.Combine(DataDir, "warehouse", "talentdata.duckdb");
    public string LandingRoot => Path.Combine(DataDir, "landing");
    public string ExportsRoot => Path.Combine(DataDir, "exports");
    /// <summary>Disclosure threshold and base URL of the exports (defaults: 3 and http://127.0.0.1:5080/opendata/).</summary>
    public PublishSettings Publish { get; init; } = new();
}

public sealed record SourceOutcome(string SourceId, string Entity, string Status, long RowsLoaded, long RowsQuarantined, string? Message);

public sealed record RunReport(
    string RunId, string Status, IReadOnlyList<SourceOutcome> Sources, IReadOnlyList<ModelResult> Models,
    IReadOnlyList<CheckResult> Checks, IReadOnlyList<string> Published, IReadOnlyList<string> Withheld, string? Error)
{
    public bool Succeeded => Status == "succeeded";
    public long QuarantinedRows => Sources.Sum(s => s.RowsQuarantined);
}

/// <summary>What the runner is doing now, for a progress display.</summary>
public sealed record RunEvent(string Step, string? SourceId, string Target, string Phase, string? Detail);

/// <summary>
/// The main job: for each pipeline land the file, read it into raw, then build the SQL models, run the checks,
/// and publish what passed. A failing source does not stop the others; a failing error check withholds the
/// publication of everything it protects, and the last good publication stays as it was.
/// </summary>
/// <remarks>Mode "live" downloads with <paramref name="fetcher"/> (one per process keeps the circuit breakers); mode "publish" loads no source and rebuilds and publishes from what is loaded.</remarks>
public sealed class PipelineRunner(RunOptions options, TimeProvider clock, Action<RunEvent>? progress = null, HttpFetcher? fetcher = null)
{
    HttpFetcher? ownFetcher;
    HttpFetcher Fetcher => fetcher ?? (ownFetcher ??= new HttpFetcher());

    public RunReport Run(CancellationToken cancel = default)
    {
        var catalog = PipelineCatalog.Load(options.PipelinesDir, ReaderFormats.All);
        var selected = options.Mode == "publish" ? []
            : options.Pipelines.Count == 0
            ? catalog.All
            : options.Pipelines.Select(catalog.Get).ToList();
        if (options.Mode is not ("sample" or "live" or "publish"))
            throw new PipelineException("", "config", $"--mode must be 'sample' or 'live', found '{options.Mode}'.");
        var modelRunner = new SqlModelRunner(options.SqlRoot);
        var models = modelRunner.Discover();
        var datasets = DatasetDefinition.LoadAll(options.SqlRoot);
        var declaredRaw = catalog.All.SelectMany(p => p.Entities.Select(e => $"raw.{RawLoader.TableName(p.Id, e.Entity)}")).ToHashSet();
        var referenceTables = Directory.Exists(Path.Combine(options.SqlRoot, "reference"))
            ? Directory.GetFiles(Path.Combine(options.SqlRoot, "reference"), "*.csv").Select(f => "ref." + Path.GetFileNameWithoutExtension(f)).ToHashSet()
            : [];
        var ordered = SqlModelRunner.Order(models, declaredRaw.Union(referenceTables).ToHashSet());
        var modelNames = models.Select(m => m.QualifiedName).ToHashSet();
        foreach (var check in new CheckRunner(options.SqlRoot).Discover())
            if (check.Protects.FirstOrDefault(p => !modelNames.Contains(p)) is { } unknown)
                throw new PipelineException("", "checks", $"{check.File}: '-- protects:' names {unknown}, which no file in sql/ defines.");

        using var warehouse = Warehouse.Warehouse.OpenForWriting(options.WorkPath);
        var runId = $"{clock.GetUtcNow().UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid().ToString("N")[..6]}";
        var ledger = new RunLedger(warehouse, runId, clock);
        CleanUpAfterInterruptedRun(warehouse, options);
        ledger.StartRun(options.Mode, selected.Select(p => p.Id));
        ledger.RecordPipelines(catalog.All);
        var sources = new List<SourceOutcome>();
        IReadOnlyList<ModelResult> modelResults = [];
        IReadOnlyList<CheckResult> checkResults = [];
        var published = new List<string>();
        var withheld = new List<string>();
        var notLoaded = new List<string>();
        try
        {
            Step(ledger, null, "reference", "ref", s => { s.RowsOut = ReferenceData.Load(warehouse, options.SqlRoot).Count; });

            var landing = new Landing(options.LandingRoot, clock);
            foreach (var pipeline in selected)
                foreach (var entity in pipeline.Entities)
                {
                    cancel.ThrowIfCancellationRequested();
                    sources.Add(LoadEntity(warehouse, ledger, landing, pipeline, entity, cancel));
                }

            // Sources never loaded get an empty raw table: models that combine several sources build from the
            // others, and datasets built from the missing one are not published until it has been loaded.
            var unavailable = new HashSet<string>();
            foreach (var pipeline in catalog.All)
                foreach (var entity in pipeline.Entities)
                    if (RawLoader.CreateEmptyIfMissing(warehouse, pipeline.Id, entity)
                        || warehouse.Connection.ExecuteScalar<long>("select count(*) from ops.source_loads where source_id = $s and entity = $e", new { s = pipeline.Id, e = entity.Entity }) == 0)
                        unavailable.Add($"raw.{RawLoader.TableName(pipeline.Id, entity.Entity)}");
            var modelStep = ledger.StartStep(null, "models", "sql/");
            progress?.Invoke(new RunEvent("models", null, "sql/", "start", $"{ordered.Count} models"));
            modelResults = modelRunner.Build(warehouse, ordered, new HashSet<string>(),
                m => progress?.Invoke(new RunEvent("models", null, m.QualifiedName, "model", m.File)), cancel);
            var failedModels = modelResults.Where(r => r.Status != "built").ToList();
            modelStep.RowsOut = modelResults.Count(r => r.Status == "built");
            modelStep.Finish(failedModels.Any(r => r.Status == "failed") ? "failed" : "succeeded",
                failedModels.Count == 0 ? null : string.Join("\n", failedModels.Select(r => $"{r.Model.QualifiedName}: {r.Error}")));
            progress?.Invoke(new RunEvent("models", null, "sql/", "end", $"{modelStep.RowsOut} built, {failedModels.Count} failed or skipped"));

            var notBuilt = failedModels.Select(r => r.Model.QualifiedName).ToHashSet();
            var checkStep = ledger.StartStep(null, "checks", "sql/checks/");
            checkResults = new CheckRunner(options.SqlRoot).Run(warehouse, runId, clock.GetUtcNow(), notBuilt);
            var failedErrors = checkResults.Where(c => c.FailedError).ToList();
            checkStep.RowsOut = checkResults.Count(c => c.Passed);
            checkStep.Finish(failedErrors.Count > 0 ? "failed" : "succeeded",
                checkResults.Where(c => !c.Passed).Select(c => $"{c.Check} ({c.Severity}): {c.Error ?? $"{c.FailingRows} rows"}").DefaultIfEmpty().Aggregate((a, b) => a + "\n" + b));
            progress?.Invoke(new RunEvent("checks", null, "sql/checks/", "end",
                $"{checkStep.RowsOut} of {checkResults.Count} passed" + (failedErrors.Count > 0 ? $"; failed: {string.Join(", ", failedErrors.Select(c => c.Check))}" : "")));

            // A dataset is withheld when its mart did not build or an error check guards something it is built from.
            var failedSources = sources.Where(s => s.Status == "failed").ToList();
            // A source whose last load set rows aside is incomplete: nothing built from it is published until a complete
            // file arrives (its raw table holds the rows that could be read, for analysts to look at).
            var incomplete = warehouse.Connection.Query<(string SourceId, string Entity, long Rows)>("""
                select source_id, entity, rows_quarantined from ops.source_loads
                qualify row_number() over (partition by source_id, entity order by loaded_at desc) = 1 and rows_quarantined > 0
                """).ToList();
            var requests = new List<DatasetRequest>();
            var candidates = new List<(DatasetDefinition Dataset, List<PipelineDefinition> Contributing, string? Reason, DataOrigin Origin)>();
            // Which bundled sample files the loaded data holds: a publication built from one says so, a live run refuses it.
            var loadedFiles = DataOrigin.ReadLoaded(warehouse, catalog.All, SampleProvenance.Load(options.RepoRoot));
            foreach (var dataset in datasets)
            {
                var lineage = SqlModelRunner.Upstream(models, dataset.Mart);
                lineage.Add(dataset.Mart);
                if (lineage.FirstOrDefault(unavailable.Contains) is { } neverLoaded)
                {
                    notLoaded.Add($"{dataset.Dataset}: {neverLoaded} has never been loaded");
                    ledger.RecordPublication(dataset.Dataset, "not_loaded", $"{neverLoaded} has never been loaded", null);
                    continue;
                }
                var reason = notBuilt.Contains(dataset.Mart) || lineage.Any(notBuilt.Contains)
                    ? $"{dataset.Mart} or a model it reads did not build"
                    : failedSources.FirstOrDefault(s => lineage.Contains($"raw.{RawLoader.TableName(s.SourceId, s.Entity)}")) is { } source
                        ? $"source {source.SourceId} failed"
                        : incomplete.FirstOrDefault(s => lineage.Contains($"raw.{RawLoader.TableName(s.SourceId, s.Entity)}")) is { SourceId: not null } partial
                            ? $"source {partial.SourceId} set {partial.Rows} rows aside in its last load (ops.quarantine), so its data is incomplete until a complete file arrives"
                            : failedErrors.FirstOrDefault(c => c.Protects.Any(lineage.Contains)) is { } check
                                ? $"check {check.Check} failed ({check.FailingRows} rows)"
                                : null;
                var contributing = catalog.All.Where(p => p.Entities.Any(e => lineage.Contains($"raw.{RawLoader.TableName(p.Id, e.Entity)}"))).ToList();
                dataset.SourceIds = [.. contributing.Select(p => p.Id)];
                var origin = DataOrigin.For(contributing, loadedFiles);
                candidates.Add((dataset, contributing, reason ?? (options.Mode == "live" ? origin.LiveRefusal() : null), origin));
            }
            // Person-count datasets are protected jointly (R7), so they are published together or not at all: a new
            // suppression pattern in one next to the last release of a withheld other could be differenced.
            var heldBack = candidates.FirstOrDefault(c => c.Reason is not null && c.Dataset.Disclosure == "person_counts");
            foreach (var (dataset, contributing, ownReason, origin) in candidates)
            {
                var reason = ownReason ?? (heldBack.Dataset is not null && dataset.Disclosure == "person_counts"
                    ? $"withheld together with {heldBack.Dataset.Dataset}, because person-count tables are protected and published together"
                    : null);
                // A withheld dataset whose mart built is still read: its cells take part in protecting the others (R7).
                if (reason is null || !notBuilt.Contains(dataset.Mart))
                    requests.Add(new DatasetRequest(dataset, contributing, reason, origin));
                else
                {
                    withheld.Add($"{dataset.Dataset}: {reason}; the last good publication stays");
                    ledger.RecordPublication(dataset.Dataset, "withheld", reason, null);
                }
            }

            Publication? publication = null;
            Step(ledger, null, "disclosure", $"{requests.Count} datasets", s =>
            {
                publication = Publication.Prepare(warehouse, requests, options.Publish, options.ExportsRoot, clock);
                s.RowsOut = publication.Tables.Values.Sum(t => (long)t.Rows.Count);
            });
            foreach (var request in requests)
            {
                var step = ledger.StartStep(null, "publish", request.Dataset.Dataset);
                DatasetOutcome outcome;
                try
                {
                    outcome = publication!.Release(request);
                }
                catch (Exception ex)
                {
                    step.Finish("failed", ex.Message);
                    throw;
                }
                step.RowsOut = outcome.Rows;
                step.Finish(outcome.Status switch { "withheld" => "failed", "unchanged" => "unchanged", _ => "succeeded" }, outcome.Reason);
                if (outcome.Status == "withheld")
                {
                    withheld.Add($"{outcome.Dataset}: {outcome.Reason?.TrimEnd('.')}; the last good publication stays");
                    ledger.RecordPublication(outcome.Dataset, "withheld", outcome.Reason, null);
                    progress?.Invoke(new RunEvent("publish", null, outcome.Dataset, "failed", outcome.Reason));
                    continue;
                }
                published.Add(outcome.Dataset);
                var detail = $"release {outcome.Release}" + (outcome.Status == "unchanged" ? " (unchanged)" : "")
                    + (publication.Disclosure.Counts().TryGetValue(outcome.Dataset, out var cost) ? $"; {cost}" : "");
                ledger.RecordPublication(outcome.Dataset, "published", detail, outcome.Rows);
                progress?.Invoke(new RunEvent("publish", null, outcome.Dataset, "end", $"{outcome.Rows:N0} rows, {detail}"));
            }
            Step(ledger, null, "catalog", "data/exports/catalog.jsonld", s => s.RowsOut = publication!.WriteCatalog(datasets));

            foreach (var n in notLoaded)
                progress?.Invoke(new RunEvent("publish", null, n.Split(':')[0], "skipped", n));
            var status = failedSources.Count > 0 || failedModels.Any(r => r.Status == "failed") || failedErrors.Count > 0 || withheld.Count > 0
                ? "failed" : "succeeded";
            var error = status == "failed"
                ? string.Join("\n", failedSources.Select(s => $"source {s.SourceId}/{s.Entity}: {s.Message}")
                    .Concat(failedModels.Where(r => r.Status == "failed").Select(r => r.Error!))
                    .Concat(failedErrors.Select(c => $"check {c.Check} failed: {c.Error ?? $"{c.FailingRows} offending rows (see qa.check_failures)"}"))
                    .Concat(withheld.Select(w => $"withheld {w}")))
                : null;
            ledger.FinishRun(status, error);
            if (status == "succeeded")
                Step(ledger, null, "snapshot", "data/warehouse/talentdata.duckdb", _ => Snapshot.Publish(warehouse, options.SnapshotPath));
            return new RunReport(runId, status, sources, modelResults, checkResults, published, withheld, error);
        }
        catch (OperationCanceledException)
        {
            ledger.FinishRun("cancelled", "cancelled by the operator");
            throw;
        }
        catch (Exception ex)
        {
            ledger.FinishRun("failed", ex.Message);
            if (ex is PipelineException) throw;
            throw new PipelineException("", "run", $"run {runId} failed: {ex.Message}", ex);
        }
        finally
        {
            ownFetcher?.Dispose();
        }
    }

    SourceOutcome LoadEntity(Warehouse.Warehouse warehouse, RunLedger ledger, Landing landing, PipelineDefinition pipeline, EntityDefinition entity, CancellationToken cancel)
    {
        var target = $"raw.{RawLoader.TableName(pipeline.Id, entity.Entity)}";
        var step = ledger.StartStep(pipeline.Id, "load", target);
        progress?.Invoke(new RunEvent("load", pipeline.Id, target, "start", null));
        SourceOutcome Unchanged(string why)
        {
            step.RowsIn = 0;
            step.Finish("unchanged");
            progress?.Invoke(new RunEvent("load", pipeline.Id, target, "end", $"unchanged ({why})"));
            return new SourceOutcome(pipeline.Id, entity.Entity, "unchanged", 0, 0, null);
        }
        try
        {
            LandedFile landed;
            string? etag = null, lastModified = null;
            if (options.Mode == "live")
            {
                // Validators of the file behind the last successful load only: a file that landed but failed to load must be fetched again.
                var last = warehouse.TableExists("raw", RawLoader.TableName(pipeline.Id, entity.Entity))
                    ? warehouse.Connection.QueryFirstOrDefault<(string Sha256, string? ETag, string? LastModified)>("""
                        select s.sha256, l.etag, l.last_modified
                        from (select sha256 from ops.source_loads where source_id = $s and entity = $e order by loaded_at desc limit 1) s
                        left join ops.landed_files l on l.source_id = $s and l.entity = $e and l.sha256 = s.sha256
                            and (l.etag is not null or l.last_modified is not null)
                        order by l.landed_at desc nulls last limit 1
                        """, new { s = pipeline.Id, e = entity.Entity })
                    : default;
                progress?.Invoke(new RunEvent("load", pipeline.Id, target, "fetch", $"GET {entity.Url}"));
                var fetched = Fetcher.FetchAsync(pipeline.Id, entity.Url, Path.Combine(options.LandingRoot, pipeline.Id),
                    Path.GetExtension(entity.Sample), last.Sha256 is null ? null : new FetchConditions(last.ETag, last.LastModified),
                    entity.MaxDownloadMb * 1024L * 1024L, m => progress?.Invoke(new RunEvent("load", pipeline.Id, target, "fetch", m)), cancel)
                    .GetAwaiter().GetResult();
                if (fetched.NotModified)
                    return Unchanged("the publisher answered 304 Not Modified");
                try
                {
                    if (fetched.Sha256 == last.Sha256)
                    {
                        // Same bytes under new validators: remember them, so the next run can ask conditionally again.
                        warehouse.Connection.Execute("""
                            update ops.landed_files set etag = $etag, last_modified = $lm
                            where source_id = $s and entity = $e and sha256 = $sha
                              and landed_at = (select max(landed_at) from ops.landed_files where source_id = $s and entity = $e and sha256 = $sha)
                            """, new { etag = fetched.ETag, lm = fetched.LastModified, s = pipeline.Id, e = entity.Entity, sha = fetched.Sha256 });
                        return Unchanged("same sha256 as the last load; nothing landed");
                    }
                    landed = landing.Land(pipeline.Id, entity.Entity, entity.Url, fetched.TempPath!);
                }
                finally
                {
                    File.Delete(fetched.TempPath!);
                }
                (etag, lastModified) = (fetched.ETag, fetched.LastModified);
            }
            else
            {
                var origin = Path.GetFullPath(Path.Combine(options.RepoRoot, entity.Sample));
                landed = landing.Land(pipeline.Id, entity.Entity, entity.Sample, origin);
            }
            warehouse.Connection.Execute(
                "insert into ops.landed_files values ($run_id, $source_id, $entity, $origin, $path, $sha, $bytes, $at, $etag, $last_modified)",
                new { run_id = ledger.RunId, source_id = pipeline.Id, entity = entity.Entity, origin = landed.Origin, path = Path.GetRelativePath(options.DataDir, landed.Path), sha = landed.Sha256, bytes = landed.Bytes, at = landed.LandedAt.UtcDateTime, etag, last_modified = lastModified });

            var previous = warehouse.Connection.ExecuteScalar<string?>(
                "select sha256 from ops.source_loads where source_id = $s and entity = $e order by loaded_at desc limit 1",
                new { s = pipeline.Id, e = entity.Entity });
            if (previous == landed.Sha256 && warehouse.TableExists("raw", RawLoader.TableName(pipeline.Id, entity.Entity)))
                return Unchanged("same sha256 as the last load");

            var result = RawLoader.Load(warehouse, pipeline.Id, entity, landed.Path, Path.GetRelativePath(options.DataDir, landed.Path), ledger.RunId,
                rows => progress?.Invoke(new RunEvent("load", pipeline.Id, target, "rows", $"{rows:N0} rows")), cancel);
            warehouse.Connection.Execute(
                "insert into ops.source_loads values ($s, $e, $run_id, $at, $sha, $loaded, $quarantined, $periods)",
                new { s = pipeline.Id, e = entity.Entity, run_id = ledger.RunId, at = clock.GetUtcNow().UtcDateTime, sha = landed.Sha256, loaded = result.RowsLoaded, quarantined = result.RowsQuarantined, periods = string.Join(",", result.Periods) });
            step.RowsIn = result.RowsRead;
            step.RowsOut = result.RowsLoaded;
            step.RowsQuarantined = result.RowsQuarantined;
            step.Finish();
            progress?.Invoke(new RunEvent("load", pipeline.Id, target, "end",
                $"{result.RowsLoaded:N0} rows" + (result.RowsQuarantined > 0 ? $", {result.RowsQuarantined:N0} quarantined" : "")));
            return new SourceOutcome(pipeline.Id, entity.Entity, "loaded", result.RowsLoaded, result.RowsQuarantined, null);
        }
        catch (OperationCanceledException)
        {
            step.Finish("cancelled", "cancelled by the operator");
            throw;
        }
        catch (PipelineException ex)
        {
            step.Finish("failed", ex.Message);
            progress?.Invoke(new RunEvent("load", pipeline.Id, target, "failed", ex.Message));
            var quarantined = warehouse.Connection.ExecuteScalar<long>(
                "select count(*) from ops.quarantine where run_id = $r and source_id = $s and entity = $e",
                new { r = ledger.RunId, s = pipeline.Id, e = entity.Entity });
            return new SourceOutcome(pipeline.Id, entity.Entity, "failed", 0, quarantined, ex.Message);
        }
    }

    void Step(RunLedger ledger, string? sourceId, string name, string target, Action<RunLedger.Step> body)
    {
        var step = ledger.StartStep(sourceId, name, target);
        progress?.Invoke(new RunEvent(name, sourceId, target, "start", null));
        try
        {
            body(step);
            step.Finish();
            progress?.Invoke(new RunEvent(name, sourceId, target, "end", step.RowsOut is { } n ? $"{n:N0} rows" : null));
        }
        catch (Exception ex)
        {
            step.Finish("failed", ex.Message);
            throw;
        }
    }

    /// <summary>
    /// This process holds the warehouse, so no other run is going: a run still marked running was killed. Record it as
    /// interrupted, drop the half-loaded incoming tables it left (they would otherwise reach the next snapshot) and
    /// the temporary snapshot copy it was writing.
    /// </summary>
    static void CleanUpAfterInterruptedRun(Warehouse.Warehouse warehouse, RunOptions options)
    {
        warehouse.Connection.Execute("update ops.runs set status = 'interrupted', error = 'the process ended before the run finished (killed or crashed)' where status = 'running'");
        warehouse.Connection.Execute("update ops.run_steps set status = 'interrupted' where status = 'running'");
        foreach (var table in warehouse.Connection.Query<string>("select table_name from information_schema.tables where table_schema = 'raw' and table_name like '%\\_\\_incoming' escape '\\'").ToList())
            warehouse.Connection.Execute($"drop table raw.\"{table}\"");
        var warehouseDir = Path.GetDirectoryName(Path.GetFullPath(options.SnapshotPath))!;
        if (Directory.Exists(warehouseDir))
            foreach (var leftover in Directory.GetFiles(warehouseDir, ".snapshot-*"))
                File.Delete(leftover);
    }
}
