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
}

/// <summary>What the runner is doing now, for a progress display.</summary>
public sealed record RunEvent(string Step, string? SourceId, string Target, string Phase, string? Detail);
