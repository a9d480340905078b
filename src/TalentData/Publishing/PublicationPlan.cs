using TalentData.Project;

namespace TalentData.Publishing;

/// <summary>What the run knows when it decides what to publish: what failed, what is missing, what is incomplete.</summary>
public sealed record RunFindings
{
    /// <summary>Raw tables no load ever filled: datasets built from them wait until the source has been loaded.</summary>
    public IReadOnlySet<RawTable> NeverLoaded { get; init; } = new HashSet<RawTable>();
    /// <summary>Raw tables whose load failed in this run, with the error.</summary>
    public IReadOnlyDictionary<RawTable, string> FailedLoads { get; init; } = new Dictionary<RawTable, string>();
    /// <summary>Raw tables whose last load set rows aside (ops.quarantine), with the number of rows.</summary>
    public IReadOnlyDictionary<RawTable, long> IncompleteLoads { get; init; } = new Dictionary<RawTable, long>();
    /// <summary>Models that failed or were skipped in this run.</summary>
    public IReadOnlySet<string> NotBuilt { get; init; } = new HashSet<string>();
    /// <summary>Error checks that failed: the check, what it protects and how many rows offend.</summary>
    public IReadOnlyList<(string Check, IReadOnlyList<string> Protects, long FailingRows)> FailedChecks { get; init; } = [];
    /// <summary>Which bundled sample files each source's raw tables hold.</summary>
    public IReadOnlyDictionary<string, SourceOrigin> LoadedFiles { get; init; } = new Dictionary<string, SourceOrigin>();
}

/// <summary>How a dataset fares in this run.</summary>
public enum PlanDecision
{
    /// <summary>Published (if disclosure control and the release store agree).</summary>
    Publish,
    /// <summary>Withheld, but its mart built, so its cells still take part in protecting the others (R7).</summary>
    WithheldButProtected,
    /// <summary>Withheld and not read at all: its mart did not build.</summary>
    Withheld,
    /// <summary>A source it is built from has never been loaded; nothing to publish yet.</summary>
    NotLoaded,
}

public sealed record PlannedDataset(DatasetLineage Lineage, PlanDecision Decision, string? Reason, DataOrigin Origin)
{
    public DatasetDefinition Dataset => Lineage.Dataset;
    public DatasetRequest Request => new(Dataset, Lineage.Sources, Reason, Origin);
}

/// <summary>
/// The decision of what a run publishes and what it withholds, and why: a dataset is withheld when its mart or a model
/// it reads did not build, a source it is built from failed or is incomplete, an error check guarding it failed, or —
/// in a live run — it holds bundled sample data. The last good publication of a withheld dataset stays.
/// </summary>
public sealed class PublicationPlan(IReadOnlyList<PlannedDataset> datasets)
{
    public IReadOnlyList<PlannedDataset> Datasets { get; } = datasets;

    /// <summary>The datasets disclosure control reads: those to publish and the withheld ones whose mart built.</summary>
    public IReadOnlyList<DatasetRequest> Requests =>
        [.. Datasets.Where(d => d.Decision is PlanDecision.Publish or PlanDecision.WithheldButProtected).Select(d => d.Request)];

    public IEnumerable<PlannedDataset> With(PlanDecision decision) => Datasets.Where(d => d.Decision == decision);

    public static PublicationPlan Decide(ProjectManifest manifest, RunFindings findings, RunMode mode)
    {
        var planned = new List<PlannedDataset>();
        foreach (var lineage in manifest.Datasets)
        {
            var origin = DataOrigin.For(lineage.Sources, findings.LoadedFiles, manifest.ReferenceExamples.Where(e => lineage.Reads(e.Table)));
            if (lineage.RawTables.FirstOrDefault(findings.NeverLoaded.Contains) is { } neverLoaded)
                planned.Add(new PlannedDataset(lineage, PlanDecision.NotLoaded, $"{neverLoaded.QualifiedName} has never been loaded", origin));
            else
                planned.Add(new PlannedDataset(lineage, PlanDecision.Publish, OwnReason(lineage, findings) ?? (mode == RunMode.Live ? origin.LiveRefusal() : null), origin));
        }

        // Person-count datasets are protected jointly (R7), so they are published together or not at all: a new
        // suppression pattern in one next to the last release of a withheld other could be differenced.
        var heldBack = planned.FirstOrDefault(p => p.Decision == PlanDecision.Publish && p.Reason is not null && p.Dataset.Disclosure == DisclosureKind.PersonCounts);
        return new PublicationPlan([.. planned.Select(p =>
        {
            if (p.Decision == PlanDecision.NotLoaded)
                return p;
            var reason = p.Reason ?? (heldBack is not null && p.Dataset.Disclosure == DisclosureKind.PersonCounts
                ? $"withheld together with {heldBack.Dataset.Dataset}, because person-count tables are protected and published together"
                : null);
            var decision = reason is null ? PlanDecision.Publish
                : findings.NotBuilt.Contains(p.Dataset.Mart) ? PlanDecision.Withheld
                : PlanDecision.WithheldButProtected;
            return p with { Decision = decision, Reason = reason };
        })]);
    }

    static string? OwnReason(DatasetLineage lineage, RunFindings findings)
    {
        if (lineage.Relations.Any(findings.NotBuilt.Contains))
            return $"{lineage.Dataset.Mart} or a model it reads did not build";
        if (lineage.RawTables.FirstOrDefault(findings.FailedLoads.ContainsKey) is { } failed)
            return $"source {failed.SourceId} failed";
        if (lineage.RawTables.FirstOrDefault(findings.IncompleteLoads.ContainsKey) is { } partial)
            return $"source {partial.SourceId} set {findings.IncompleteLoads[partial]} rows aside in its last load (ops.quarantine), so its data is incomplete until a complete file arrives";
        if (findings.FailedChecks.FirstOrDefault(c => c.Protects.Any(lineage.Reads)) is { Check: not null } check)
            return $"check {check.Check} failed ({check.FailingRows} rows)";
        return null;
    }
}
