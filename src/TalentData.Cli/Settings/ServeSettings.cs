using TalentData.Project;
using TalentData.Fetching;

namespace TalentData.Cli.Settings;

/// <summary>
/// Settings of <c>talentdata serve</c>, bound from appsettings.json, then environment variables (plain or with the
/// prefix <c>TalentData__</c>, e.g. <c>TalentData__Hangfire__Storage</c>), then the command line.
/// </summary>
public sealed class ServeSettings
{
    /// <summary>The folder with pipelines/ and sql/; empty: found as for the other verbs.</summary>
    public string RepoRoot { get; set; } = "";
    /// <summary>Landing files, the warehouse and the exports; relative to the repository root.</summary>
    public string DataDir { get; set; } = "data";
    /// <summary>sample: the bundled files in sample-data/; live: the publishers' URLs.</summary>
    public string Mode { get; set; } = RunMode.Sample.Name();
    public HangfireSettings Hangfire { get; set; } = new();
    public JobSettings Jobs { get; set; } = new();
    public DashboardSettings Dashboard { get; set; } = new();
    public FetchSettings Fetch { get; set; } = new();
    public SuggestionSettings Suggestions { get; set; } = new();

    public string ExportsDir => Path.Combine(DataDir, "exports");
}

public sealed class HangfireSettings
{
    /// <summary>
    /// "postgres" (the queue shared by serve and any number of <c>talentdata worker</c> processes, see
    /// <see cref="ConnectionString"/>), "InMemory" (tests, development), or the SQLite file; empty: &lt;DataDir&gt;/hangfire.sqlite.
    /// </summary>
    public string Storage { get; set; } = "";
    /// <summary>
    /// PostgreSQL only, e.g. <c>Host=db;Database=talentdata;Username=talentdata;Password=…</c>; set it through the environment
    /// (TalentData__Hangfire__ConnectionString). It holds a password, so it is never printed: errors name the host, port,
    /// database and user only.
    /// </summary>
    public string ConnectionString { get; set; } = "";
    /// <summary>PostgreSQL only: the schema Hangfire's tables live in (created at the first start).</summary>
    public string Schema { get; set; } = "hangfire";
    /// <summary>
    /// false: this serve process runs no jobs and leaves them to <c>talentdata worker</c> processes on the shared PostgreSQL
    /// queue; it still shows the dashboard, where triggers go to the queue the workers listen on.
    /// </summary>
    public bool ProcessJobs { get; set; } = true;
    /// <summary>
    /// How long a job waits for the warehouse when another run is writing before it is refused as busy (and retried
    /// later). Zero suits one serve with one worker, where a waiting job means a duplicate; workers sharing a queue
    /// should wait for their turn (docs/operations.md).
    /// </summary>
    public TimeSpan WriterLockWait { get; set; } = TimeSpan.Zero;
    /// <summary>
    /// PostgreSQL only: how many parse jobs (fetch, land, read into a Parquet hand-off) each serve or worker runs at
    /// once. Each reads one file with a DuckDB of its own capped at 64 MiB; the writer stays one across all hosts.
    /// </summary>
    public int ParseWorkers { get; set; } = 2;
    /// <summary>How soon a trigger from the dashboard is picked up.</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>
    /// SQLite storage hands a job that runs longer than this to a worker again (no sliding invisibility), so it
    /// must exceed the longest run; after a hard crash an interrupted job waits this long before it runs again.
    /// PostgreSQL storage slides it while the job runs, so it only says how soon the job of a dead worker runs
    /// elsewhere. Empty: 6 hours for SQLite, 5 minutes for PostgreSQL.
    /// </summary>
    public TimeSpan? InvisibilityTimeout { get; set; }
    /// <summary>
    /// PostgreSQL only: how old one of Hangfire's own short locks (a job's state change, the recurring-job scheduler) is
    /// before a waiter takes it for abandoned. A worker killed in the middle of a job's state change leaves such a lock,
    /// and that job waits this long before another worker can run it. Empty: Hangfire.PostgreSql's 10 minutes. The
    /// warehouse writer's lock is not one of these (see PostgresWriterLock).
    /// </summary>
    public TimeSpan? DistributedLockTimeout { get; set; }
    /// <summary>How soon Delete in the dashboard cancels a running job.</summary>
    public TimeSpan CancellationCheckInterval { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>On stop, a running job gets this long to notice the cancellation and record it.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsPostgres => string.Equals(Storage, "postgres", StringComparison.OrdinalIgnoreCase);
}

public sealed class JobSettings
{
    /// <summary>IANA id; Hangfire's default would be UTC, which shifts with daylight saving time.</summary>
    public string TimeZone { get; set; } = "Europe/Berlin";
    /// <summary>Every pipeline once a week, after the sources' own schedules.</summary>
    public string FullRunSchedule { get; set; } = "30 5 * * 0";
    /// <summary>Rebuild and publish from what is loaded, daily, so freshness checks see the new day.</summary>
    public string PublishSchedule { get; set; } = "0 6 * * *";
}

public sealed class DashboardSettings
{
    /// <summary>Requests from this machine (after forwarded headers are applied) may trigger and delete.</summary>
    public bool LocalRequestsAreOperators { get; set; } = true;
    /// <summary>Reverse proxies whose X-Forwarded-For is believed (empty: this machine); their requests then count as the client's.</summary>
    public List<string> KnownProxies { get; set; } = [];
    /// <summary>Remote users by name (HTTP Basic, behind TLS only); set passwords through environment variables.</summary>
    public Dictionary<string, DashboardUser> Users { get; set; } = new(StringComparer.Ordinal);
}

public sealed class DashboardUser
{
    public string Password { get; set; } = "";
    /// <summary>"operator" may trigger and delete; "viewer" sees everything read-only.</summary>
    public string Role { get; set; } = "viewer";
}

/// <summary>The "Fehlt ein Angebot?" form (/angebote/vorschlagen) and its queue (docs/operations.md).</summary>
public sealed class SuggestionSettings
{
    /// <summary>How long an e-mail address given for a reply is kept, from the day it was sent; a decided suggestion is deleted after as long.</summary>
    public int ContactRetentionDays { get; set; } = 90;
    /// <summary>Submissions one client address may send within <see cref="Window"/>; more are answered 429.</summary>
    public int PerClientLimit { get; set; } = 5;
    /// <summary>Submissions all clients together may send within <see cref="Window"/>: a flood from many addresses stops there.</summary>
    public int GlobalLimit { get; set; } = 100;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>The largest form body accepted, in bytes; a larger one is answered 413 without being read.</summary>
    public int MaxBodyBytes { get; set; } = 16 * 1024;

    public TimeSpan ContactRetention => TimeSpan.FromDays(ContactRetentionDays);
}
