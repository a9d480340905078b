using TalentData.Fetching;
using TalentData.Loading;
using TalentData.Project;
using TalentData.Warehouse;

namespace TalentData.Running;

/// <summary>
/// Fetch, land and load of one raw table. A file that cannot be fetched or read fails this table only, with the
/// reason in the ledger; the last good data of the source stays. With <paramref name="manual"/> the operator's file
/// is landed and loaded instead of the configured sample or URL.
/// </summary>
sealed class SourceLoad(RawTable table, RunOptions options, Warehouse.Warehouse warehouse, RunLedger ledger, Landing landing,
    Action<RunEvent>? progress, Func<HttpFetcher> fetcher, CancellationToken cancel, ManualDelivery? manual = null)
{
    /// <summary>How the ledger names where the loaded file came from: 'sample', 'live' or 'manual', and its path or URL.</summary>
    (string Kind, string Path) Origin => manual is not null ? (ManualDelivery.Origin, manual.File)
        : options.Mode == RunMode.Live ? (RunMode.Live.Name(), table.Entity.Url)
        : (RunMode.Sample.Name(), table.Entity.Sample);

    readonly RunLedger.Step step = ledger.StartStep(table.SourceId, Stage.Load, table.QualifiedName);

    void Report(string phase, string? detail) => progress?.Invoke(new RunEvent(Stage.Load, table.SourceId, table.QualifiedName, phase, detail));

    public SourceOutcome Run()
    {
        Report("start", null);
        try
        {
            var (landed, why) = manual is not null ? (LandManual(manual), null)
                : options.Mode == RunMode.Live ? FetchAndLand() : (LandSample(), null);
            if (landed is null)
                return Unchanged(why!);
            if (ledger.LastLoadedSame(table, landed.Sha256, configured: manual is null) && warehouse.TableExists("raw", table.Name))
                return Unchanged(manual is null ? "same sha256 and definition as the last load" : "same sha256 and definition as the last load; nothing changes");
            return Load(landed);
        }
        catch (OperationCanceledException)
        {
            step.Finish(RunStatus.Cancelled, "cancelled by the operator");
            throw;
        }
        catch (PipelineException ex)
        {
            step.Finish(RunStatus.Failed, ex.Message);
            Report(RunStatus.Failed, ex.Message);
            return new SourceOutcome(table.SourceId, table.Entity.Entity, SourceStatus.Failed, 0, ledger.QuarantinedThisRun(table), ex.Message);
        }
    }

    LandedFile LandSample()
    {
        // Checked again here: a link under sample-data/ may have changed since the manifest was loaded.
        var origin = ConfinedPath.Sample(options.RepoRoot, table.Source, table.Entity);
        var landed = landing.Land(table.SourceId, table.Entity.Entity, table.Entity.Sample, origin);
        Record(landed, null, null);
        return landed;
    }

    /// <summary>The operator's file, landed like any delivery; the manifest and ledger say it was handed over and from where.</summary>
    LandedFile LandManual(ManualDelivery delivery)
    {
        Report("fetch", $"manual delivery {delivery.File}");
        var landed = landing.Land(table.SourceId, table.Entity.Entity, ManualDelivery.Origin, delivery.File, originalPath: delivery.File);
        ledger.RecordLanded(table, landed.Origin, options.Data.Relative(landed.Path), landed.Sha256, landed.Bytes, landed.LandedAt, null, null, delivery.File);
        return landed;
    }

    /// <summary>Downloads the publisher's file, conditionally where the last load left validators; null when nothing new arrived.</summary>
    (LandedFile? Landed, string? Why) FetchAndLand()
    {
        // Validators of the file behind the last successful load only: a file that landed but failed to load must be fetched again.
        // A changed definition (columns, reader options) must read the file again, so no validators and no sha256 to skip on.
        var last = warehouse.TableExists("raw", table.Name) && !ledger.DefinitionChangedSinceLastLoad(table) ? ledger.LastLoadedFile(table) : default;
        var entity = table.Entity;
        var ask = new FetchRequest(entity.PostForm,
            entity.Credentials is { } name ? FetchCredentials.FromEnvironment(table.SourceId, name, Environment.GetEnvironmentVariable) : null);
        Report("fetch", $"{ask.Method} {entity.Url}" + (ask.Credentials is null ? "" : $" with the {ask.Credentials}"));
        var fetched = fetcher().FetchAsync(table.SourceId, entity.Url, options.Data.Landing(table.SourceId),
            Path.GetExtension(entity.Sample), last.Sha256 is null ? null : new FetchConditions(last.ETag, last.LastModified),
            entity.MaxDownloadMb * 1024L * 1024L, m => Report("fetch", m), cancel, ask).GetAwaiter().GetResult();
        if (fetched.NotModified)
            return (null, "the publisher answered 304 Not Modified");
        try
        {
            if (fetched.Sha256 == last.Sha256)
            {
                ledger.RememberValidators(table, fetched.Sha256!, fetched.ETag, fetched.LastModified);
                return (null, "same sha256 as the last load; nothing landed");
            }
            var landed = landing.Land(table.SourceId, entity.Entity, entity.Url, fetched.TempPath!);
            Record(landed, fetched.ETag, fetched.LastModified);
            return (landed, null);
        }
        finally
        {
            File.Delete(fetched.TempPath!);
        }
    }

    void Record(LandedFile landed, string? etag, string? lastModified) =>
        ledger.RecordLanded(table, landed.Origin, options.Data.Relative(landed.Path), landed.Sha256, landed.Bytes, landed.LandedAt, etag, lastModified);

    SourceOutcome Load(LandedFile landed)
    {
        var result = RawLoader.Load(warehouse, table.SourceId, table.Entity, landed.Path, options.Data.Relative(landed.Path), ledger.RunId,
            rows => Report("rows", $"{rows:N0} rows"), cancel, options.ProgressEveryRows);
        ledger.RecordSourceLoad(table, landed.Sha256, result.RowsLoaded, result.RowsQuarantined, result.Periods, Origin.Kind, Origin.Path, options.Data.Relative(landed.Path));
        step.RowsIn = result.RowsRead;
        step.RowsOut = result.RowsLoaded;
        step.RowsQuarantined = result.RowsQuarantined;
        step.Finish();
        Report("end", $"{result.RowsLoaded:N0} rows" + (result.RowsQuarantined > 0 ? $", {result.RowsQuarantined:N0} quarantined" : "")
            + (manual is null ? "" : $" from the manual delivery {manual.File}"));
        return new SourceOutcome(table.SourceId, table.Entity.Entity, SourceStatus.Loaded, result.RowsLoaded, result.RowsQuarantined, null);
    }

    SourceOutcome Unchanged(string why)
    {
        step.RowsIn = 0;
        step.Finish(RunStatus.Unchanged);
        Report("end", $"unchanged ({why})");
        return new SourceOutcome(table.SourceId, table.Entity.Entity, SourceStatus.Unchanged, 0, 0, null);
    }
}
