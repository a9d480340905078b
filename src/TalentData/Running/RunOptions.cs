using TalentData.Loading;
using TalentData.Project;
using TalentData.Publishing;
using TalentData.Warehouse;

namespace TalentData.Running;

/// <summary>Where a run reads its definitions and writes its output.</summary>
public sealed record RunOptions(string RepoRoot, string DataDir, IReadOnlyList<string> Pipelines, RunMode Mode = RunMode.Sample)
{
    public DataLayout Data => new(DataDir);
    public string SnapshotPath => Data.SnapshotPath;
    public string ExportsRoot => Data.ExportsRoot;
    /// <summary>Disclosure threshold and base URL of the exports (defaults: 3 and http://127.0.0.1:5080/opendata/).</summary>
    public PublishSettings Publish { get; init; } = new();
    /// <summary>A long load reports its progress (and may be cancelled) every this many rows; TalentData__Run__ProgressRows in the CLI.</summary>
    public long ProgressEveryRows { get; init; } = RawLoader.DefaultProgressEveryRows;
    /// <summary>How many rejected deliveries, and how many bytes of them, landing keeps per source (defaults: 3 and 256 MiB).</summary>
    public TalentData.Fetching.LandingRetention Landing { get; init; } = new();
    /// <summary>Rebuild every model and publish again even where nothing changed (`run --full`).</summary>
    public bool Full { get; init; }
    /// <summary>A downloaded file to load for the one pipeline in <see cref="Pipelines"/> instead of its configured file (`run --file`).</summary>
    public ManualDelivery? Manual { get; init; }
    /// <summary>
    /// The parsed deliveries the warehouse writer loads instead of fetching and reading the sources itself (workers
    /// parsed them, see <see cref="HandOff"/>); the run's pipelines are theirs. Null: the run fetches and reads.
    /// </summary>
    public IReadOnlyList<HandOff>? HandOffs { get; init; }
}

/// <summary>
/// A file an operator downloaded (a new vintage, a correction) and hands to `talentdata run --pipeline ID --file PATH`:
/// it is landed and loaded for one entity of that pipeline in place of the configured sample or URL, without editing
/// committed configuration. Landing and the ledger record it as a manual delivery with its original path.
/// </summary>
public sealed record ManualDelivery(string File, string? Entity = null)
{
    /// <summary>What the landing manifest and the ledger record as the origin of a manual delivery.</summary>
    public const string Origin = "manual";

    /// <summary>The one raw table of the pipeline the file is loaded into: the named entity, or the pipeline's only one.</summary>
    public RawTable TableIn(ProjectManifest manifest, PipelineDefinition pipeline)
    {
        var tables = manifest.RawTablesOf(pipeline).ToList();
        var names = string.Join(", ", tables.Select(t => t.Entity.Entity));
        if (Entity is null)
            return tables.Count == 1 ? tables[0]
                : throw new PipelineException(pipeline.Id, "config",
                    $"pipelines/{pipeline.Id}.yaml declares {tables.Count} entities ({names}); name the one {File} holds with --entity NAME.");
        return tables.FirstOrDefault(t => t.Entity.Entity == Entity)
            ?? throw new PipelineException(pipeline.Id, "config", $"pipelines/{pipeline.Id}.yaml has no entity '{Entity}'. Its entities: {names}.");
    }

    /// <summary>Fails before anything runs when the file is not there (or is a folder), naming the path as given.</summary>
    public void EnsureExists(string pipelineId)
    {
        if (!System.IO.File.Exists(File))
            throw new PipelineException(pipelineId, "config",
                $"--file {File}: {(Directory.Exists(File) ? "is a folder" : "does not exist")}; expected the downloaded file to load for pipeline {pipelineId}.");
    }
}

public sealed record SourceOutcome(string SourceId, string Entity, string Status, long RowsLoaded, long RowsQuarantined, string? Message);

public sealed record RunReport(
    string RunId, string Status, IReadOnlyList<SourceOutcome> Sources, IReadOnlyList<ModelResult> Models,
    IReadOnlyList<CheckResult> Checks, IReadOnlyList<string> Published, IReadOnlyList<string> Withheld, string? Error)
{
    public bool Succeeded => Status == RunStatus.Succeeded;
    /// <summary>The run whose publication stands because nothing changed since it; null when this run built and published.</summary>
    public string? UnchangedSince { get; init; }
    public long QuarantinedRows => Sources.Sum(s => s.RowsQuarantined);
    /// <summary>The datasets the city does not publish because it provides none of an input they are built from.</summary>
    public IReadOnlyList<NotConfigured> NotConfigured { get; init; } = [];
}

/// <summary>What the runner is doing now, for a progress display.</summary>
public sealed record RunEvent(string Step, string? SourceId, string Target, string Phase, string? Detail);
