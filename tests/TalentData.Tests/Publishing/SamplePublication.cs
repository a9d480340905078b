using TalentData.Running;
using TalentData.Project;
using TalentData.Publishing;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Publishing;

/// <summary>A clock that stands still, so release names and DCAT times are the same in every run.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public static readonly DateTimeOffset Release = new(2026, 11, 26, 6, 0, 0, TimeSpan.Zero);

    public DateTimeOffset Now { get; set; } = now;

    public FixedClock() : this(Release) { }

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// One run of every pipeline over the bundled sample data at a fixed time, shared by the publication tests (a run
/// takes seconds): the exports, the protected tables of the same publication, and the warehouse snapshot. It publishes
/// under a configured public base URL, as the portal's publication does.
/// </summary>
public sealed class SamplePublication
{
    static readonly Lazy<SamplePublication> Shared = new(() => new SamplePublication(), LazyThreadSafetyMode.ExecutionAndPublication);

    public static SamplePublication Instance => Shared.Value;

    /// <summary>The public base URL the sample publication is configured with (TalentData__Publish__BaseUrl).</summary>
    public const string BaseUrl = "https://opendata.example.dortmund.de/talentdata/";

    readonly TempDir dir = new();

    SamplePublication()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => dir.Dispose();
        Options = new RunOptions(RepoPaths.Root, Path.Combine(dir.Path, "data"), [])
        {
            Publish = PublishSettings.FromEnvironment(name => name == PublishSettings.BaseUrlVariable ? BaseUrl : null, "sample"),
        };
        Report = new PipelineRunner(Options, new FixedClock()).Run();
        City = City.Load(RepoPaths.Root);
        Datasets = DatasetDefinition.LoadAll(RepoPaths.Sql);
        using var warehouse = TalentData.Warehouse.Warehouse.OpenReadOnly(Options.SnapshotPath);
        // The same publication again, in memory: the tables the files were written from and the disclosure model.
        Publication = Publication.Prepare(warehouse, [.. Datasets.Select(d => new DatasetRequest(d, []))], Options.Publish, City, Path.Combine(dir.Path, "unused"), new FixedClock());
    }

    public RunOptions Options { get; }
    public City City { get; }
    public RunReport Report { get; }
    public IReadOnlyList<DatasetDefinition> Datasets { get; }
    public Publication Publication { get; }

    public string Exports => Options.ExportsRoot;

    public string Latest(string dataset, string file) => Path.Combine(Exports, dataset, "latest", file);

    public byte[] Bytes(string dataset, string file) => File.ReadAllBytes(Latest(dataset, file));
}
