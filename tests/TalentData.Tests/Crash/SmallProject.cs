using TalentData.Project;
using TalentData.Running;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Crash;

/// <summary>
/// The project the crash, concurrency and cancellation tests run, made once per test process: the sample cut down to
/// the population and a second, later source (<see cref="RepoCopy.Reduced"/>). Their subject is how a run stops and
/// starts again, not the figures, and this project still crosses every stage: two sources (the changed one loads
/// before the other), models several deep, custom and generic checks, two protected datasets published one after the
/// other, the catalogue, the snapshot and the commit — at a fraction of the whole sample's cost, which matters as each
/// test starts a run of its own. It holds the last good state (a run of the original files) and what a run that brings
/// a later population delivery publishes when left alone; <see cref="Root"/> holds that later delivery. Nobody opens
/// the shared folders' databases; tests copy them.
/// </summary>
public sealed class SmallProject
{
    static readonly Lazy<SmallProject> Shared = new(() => new SmallProject(), LazyThreadSafetyMode.ExecutionAndPublication);

    public static SmallProject Instance => Shared.Value;

    /// <summary>The changed source first, then one loaded after it: a kill between the two finds one loaded and one not.</summary>
    public const string ChangedSource = "dortmund_population";
    const string LaterSource = "dortmund_social_indicators";

    /// <summary>The dataset built from the changed source; it is published before the other one.</summary>
    public const string ChangedDataset = "bevoelkerung-statistische-bezirke";

    /// <summary>The sources the small project keeps.</summary>
    public static readonly string[] Sources = [ChangedSource, LaterSource];

    static readonly Lazy<ReducedProject> Cut = new(() => ReducedProject.Of(Sources));

    /// <summary>What the small project holds, worked out without copying it: the kill and cancel points name its steps.</summary>
    public static ReducedProject Shape => Cut.Value;

    readonly RepoCopy repo = RepoCopy.Reduced(Sources);
    readonly string goodData;

    SmallProject()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => repo.Dispose();
        goodData = Path.Combine(repo.Data, "good");
        var good = new PipelineRunner(new RunOptions(repo.Root, goodData, []), TimeProvider.System).Run();
        if (!good.Succeeded)
            throw new InvalidOperationException("the run of the small project every test starts from failed: " + good.Error);
        GoodExports = RunState.Exports(goodData);
        GoodSnapshotSha = RunState.Sha(SnapshotOf(goodData));
        GoodContents = RunState.Contents(SnapshotOf(goodData));

        // Every test's run brings a later delivery; its reference is the same run left alone.
        RunState.WriteLaterPopulationDelivery(repo.Root);
        var referenceData = Path.Combine(repo.Data, "reference");
        RepoCopy.CopyDirectory(goodData, referenceData);
        var reference = new PipelineRunner(new RunOptions(repo.Root, referenceData, []), TimeProvider.System).Run();
        if (!reference.Succeeded)
            throw new InvalidOperationException("the uninterrupted run of the later delivery failed: " + reference.Error);
        LaterExports = RunState.Exports(referenceData);
        LaterContents = RunState.Contents(SnapshotOf(referenceData));
        // What the points promise: the changed source loads before another, and its dataset is published before another.
        if (LastRawTable == ChangedRawTable || Shape.Datasets[^1].Dataset.Dataset == ChangedDataset || Shape.Datasets.All(d => d.Dataset.Dataset != ChangedDataset))
            throw new InvalidOperationException($"the small project must load {ChangedRawTable} before another raw table and publish {ChangedDataset} before another dataset");
        var published = $"{ChangedDataset}/latest/data.csv";
        if (LaterExports[published] == GoodExports[published])
            throw new InvalidOperationException($"the later delivery must change what is published, but {published} stayed the same");
    }

    /// <summary>The reduced project with the later population delivery in its samples.</summary>
    public string Root => repo.Root;

    public SortedDictionary<string, string> GoodExports { get; }
    public string GoodSnapshotSha { get; }
    public SortedDictionary<string, string> GoodContents { get; }

    /// <summary>What an uninterrupted run of the later delivery publishes: exports and snapshot contents.</summary>
    public SortedDictionary<string, string> LaterExports { get; }
    public SortedDictionary<string, string> LaterContents { get; }

    /// <summary>The raw table of the changed source, loaded before <see cref="LastRawTable"/>.</summary>
    public static string ChangedRawTable => Shape.RawTables.Single(t => t.SourceId == ChangedSource).QualifiedName;

    /// <summary>The raw table of the source loaded last.</summary>
    public static string LastRawTable => Shape.RawTables[^1].QualifiedName;

    /// <summary>The last model built from the changed source: when it starts, the models before it are rebuilt already.</summary>
    public static string LastChangedModel =>
        Shape.Models.Last(m => ModelGraph.Upstream(Shape.Models, m.QualifiedName).Contains(ChangedRawTable)).QualifiedName;

    public static int DatasetCount => Shape.Datasets.Count;

    /// <summary>The mart of <see cref="ChangedDataset"/>.</summary>
    public static string ChangedMart => Shape.Datasets.Single(d => d.Dataset.Dataset == ChangedDataset).Dataset.Mart;

    /// <summary>A private copy of the last good data folder at <paramref name="dataDir"/>.</summary>
    public void CopyGoodTo(string dataDir) => RepoCopy.CopyDirectory(goodData, dataDir);

    public static string SnapshotOf(string data) => Path.Combine(data, "warehouse", "talentdata.duckdb");
}
