namespace TalentData.Project;

/// <summary>
/// The published status symbols (DESIGN.md, public contracts): the value of the status column and of JSON-stat
/// "status". An empty status is a normal value. The publishers' own symbols map onto these in
/// sql/reference/symbols.csv; this is the only place C# names them.
/// </summary>
public static class StatusSymbol
{
    /// <summary>Secret or unknown; also every cell disclosure control suppresses.</summary>
    public const string Secret = ".";
    /// <summary>Nothing (exactly zero).</summary>
    public const string Nothing = "-";
    /// <summary>Not applicable.</summary>
    public const string NotApplicable = "x";
    /// <summary>Not reliable enough.</summary>
    public const string NotReliable = "/";
    public const string Provisional = "p";
    public const string Revised = "r";

    /// <summary>Every symbol a published row may carry besides the empty normal status, in the order the methodology lists them.</summary>
    public static readonly IReadOnlyList<string> All = [Secret, Nothing, NotApplicable, NotReliable, Provisional, Revised];

    /// <summary>Symbols published with an empty value: there is no number to show.</summary>
    public static readonly IReadOnlyList<string> WithoutValue = [Secret, NotApplicable, NotReliable];
}

/// <summary>How a run gets its data: the bundled samples, the publishers' URLs, or none (publish what is loaded).</summary>
public enum RunMode { Sample, Live, Publish }

public static class RunModes
{
    public static string Name(this RunMode mode) => mode switch
    {
        RunMode.Sample => "sample",
        RunMode.Live => "live",
        RunMode.Publish => "publish",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    public static RunMode Parse(string name) => name switch
    {
        "sample" => RunMode.Sample,
        "live" => RunMode.Live,
        "publish" => RunMode.Publish,
        _ => throw new PipelineException("", "config", $"--mode must be 'sample' or 'live', found '{name}'."),
    };
}

/// <summary>The status of a run or of one of its steps, as ops.runs and ops.run_steps record it.</summary>
public static class RunStatus
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    /// <summary>The process ended before the run finished; the next run records it.</summary>
    public const string Interrupted = "interrupted";
    /// <summary>A step that found nothing new to do (same file, 304 Not Modified, same release).</summary>
    public const string Unchanged = "unchanged";
    public const string Skipped = "skipped";
}

/// <summary>How the load of one raw table ended in a run.</summary>
public static class SourceStatus
{
    public const string Loaded = "loaded";
    public const string Unchanged = RunStatus.Unchanged;
    public const string Failed = RunStatus.Failed;
}

/// <summary>How the build of one SQL model ended in a run; a skipped model keeps its last good state.</summary>
public static class ModelStatus
{
    public const string Built = "built";
    public const string Failed = RunStatus.Failed;
    public const string Skipped = RunStatus.Skipped;
    /// <summary>Built from the same inputs before: its table is kept as it is.</summary>
    public const string Unchanged = RunStatus.Unchanged;
}

/// <summary>The named stages of a run, as ops.run_steps.step records them.</summary>
public static class Stage
{
    public const string Reference = "reference";
    public const string Load = "load";
    public const string Models = "models";
    public const string Checks = "checks";
    public const string Disclosure = "disclosure";
    public const string Publish = "publish";
    public const string Catalog = "catalog";
    public const string Snapshot = "snapshot";
    /// <summary>The commit point and after: the snapshot, every dataset's latest, the catalogue and the ledger move together.</summary>
    public const string Commit = "commit";
}

/// <summary>What ops.publications records for a dataset in a run.</summary>
public static class PublicationStatus
{
    public const string Published = "published";
    public const string Withheld = "withheld";
    public const string NotLoaded = "not_loaded";
    /// <summary>The city provides no input the dataset is built from (<see cref="NotConfigured"/>): nothing to publish, no failure.</summary>
    public const string NotConfigured = "not_configured";
}

/// <summary>Whether a dataset holds counts of persons that disclosure control protects (publishing.md §5).</summary>
public static class DisclosureKind
{
    public const string PersonCounts = "person_counts";
    public const string None = "none";
    public static readonly IReadOnlyList<string> All = [PersonCounts, None];
}

/// <summary>The role of a dataset column: which axis of the cube it is, or what it says about a cell.</summary>
public static class ColumnRole
{
    public const string Time = "time";
    public const string Geo = "geo";
    public const string Dimension = "dimension";
    public const string Metric = "metric";
    public const string Measure = "measure";
    public const string Status = "status";
    public const string Label = "label";
    public const string Attribute = "attribute";
    public static readonly IReadOnlyList<string> All = [Time, Geo, Dimension, Metric, Measure, Status, Label, Attribute];
}
