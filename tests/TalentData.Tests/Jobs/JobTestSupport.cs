using TalentData.Cli.Settings;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.Storage;
using TalentData.Cli.Jobs;
using TalentData.Cli.Serve;
using TalentData.Fetching;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Jobs;

/// <summary>Creates the jobs with the test's writer instead of a DI container.</summary>
public sealed class TestActivator(WarehouseWriter writer, SourceParser parser) : JobActivator
{
    public override object ActivateJob(Type jobType) => jobType.Name switch
    {
        nameof(SourceJob) => new SourceJob(writer, parser),
        nameof(HandOffJob) => new HandOffJob(writer),
        nameof(FullRunJob) => new FullRunJob(writer),
        nameof(PublishJob) => new PublishJob(writer),
        _ => throw new InvalidOperationException(jobType.FullName),
    };
}

/// <summary>
/// A real Hangfire server on InMemory storage, configured as serve configures it, over a scratch copy of the small
/// project (<see cref="Crash.SmallProject"/>): the subject is the jobs and the writer lock, not the figures, and every
/// job's run then protects and publishes two datasets instead of all of them.
/// </summary>
public sealed class JobHost : IDisposable
{
    public RepoCopy Repo { get; } = RepoCopy.Reduced(Crash.SmallProject.Sources);
    public InMemoryStorage Storage { get; } = new();
    public WarehouseWriter Writer { get; }
    public SourceParser Parser { get; }
    public RecurringJobManager Recurring { get; }
    public BackgroundJobClient Client { get; }
    readonly HttpFetcher fetcher;
    BackgroundJobServer? server;

    public JobHost(string mode = "sample")
    {
        var settings = new ServeSettings { RepoRoot = Repo.Root, DataDir = Repo.Data, Mode = mode };
        fetcher = new HttpFetcher(new FetchSettings { RetryDelay = TimeSpan.FromMilliseconds(5), MaxRetryAttempts = 1, AttemptTimeout = TimeSpan.FromSeconds(30) });
        Writer = new WarehouseWriter(settings, Storage, fetcher, TimeProvider.System);
        Parser = new SourceParser(settings, Storage, fetcher, TimeProvider.System);
        Recurring = new RecurringJobManager(Storage);
        Client = new BackgroundJobClient(Storage);
    }

    public void Register() =>
        RecurringJobRegistration.Register(Recurring, Storage, TalentData.Project.PipelineCatalog.Load(Path.Combine(Repo.Root, "pipelines"), TalentData.Loading.ReaderFormats.All), new JobSettings());

    public void StartServer(int workers = 1) =>
        server = new BackgroundJobServer(new BackgroundJobServerOptions
        {
            WorkerCount = workers,
            Queues = [WarehouseWriter.Queue],
            Activator = new TestActivator(Writer, Parser),
            CancellationCheckInterval = TimeSpan.FromMilliseconds(100),
            SchedulePollingInterval = TimeSpan.FromMilliseconds(100),
            ShutdownTimeout = TimeSpan.FromSeconds(10),
        }, Storage);

    public string? State(string jobId)
    {
        using var connection = Storage.GetConnection();
        return connection.GetStateData(jobId)?.Name;
    }

    public StateData StateData(string jobId)
    {
        using var connection = Storage.GetConnection();
        return connection.GetStateData(jobId);
    }

    public string? Parameter(string jobId, string name)
    {
        using var connection = Storage.GetConnection();
        return connection.GetJobParameter(jobId, name);
    }

    /// <summary>Polls until the job is in one of <paramref name="states"/>; fails after <paramref name="seconds"/>.</summary>
    public string WaitFor(string jobId, int seconds, params string[] states)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            if (State(jobId) is { } state && states.Contains(state)) return state;
            Thread.Sleep(50);
        }
        Assert.Fail($"job {jobId} still {State(jobId)} after {seconds} s; expected {string.Join("/", states)}");
        return "";
    }

    public static void WaitUntil(Func<bool> condition, int seconds, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            if (condition()) return;
            Thread.Sleep(50);
        }
        Assert.Fail($"not within {seconds} s: {what}");
    }

    public T Warehouse<T>(Func<TalentData.Warehouse.Warehouse, T> read)
    {
        using var w = TalentData.Warehouse.Warehouse.OpenForWriting(Path.Combine(Repo.Data, "warehouse", "work.duckdb"));
        return read(w);
    }

    public void Dispose()
    {
        server?.Dispose();
        fetcher.Dispose();
        Repo.Dispose();
    }
}
