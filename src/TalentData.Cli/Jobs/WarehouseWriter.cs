using TalentData.Cli.Settings;
using TalentData.Running;
using System.Globalization;
using Hangfire;
using Hangfire.Server;
using Hangfire.PostgreSql;
using Hangfire.Storage;
using Npgsql;
using TalentData.Fetching;
using TalentData.Project;

namespace TalentData.Cli.Jobs;

/// <summary>Another run holds the warehouse; the job is retried later (see the jobs' AutomaticRetry).</summary>
public sealed class WarehouseBusyException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The run a job is doing or did last, for /health.</summary>
public sealed record JobRunState(string Target, string Status, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? RunId, string? Message);

/// <summary>
/// Runs the pipeline runner for a job, as the only writer of the warehouse.
/// Policy: the server has one worker on the <see cref="Queue"/> queue, so a trigger during a run waits in the
/// queue and runs afterwards. A queued job is skipped (it ends Succeeded with a "skipped: ..." result) when a
/// run that covers it started after it was triggered and finished (not cancelled): clicking Trigger five times
/// during a long run gives one more run, not five. A lock across every process on the job storage keeps a second
/// writer out in any case (a job handed out again after the invisibility timeout, <c>talentdata worker</c> processes
/// on other hosts): the job waits up to Hangfire:WriterLockWait for it, then fails with
/// <see cref="WarehouseBusyException"/> and is retried later. With workers, source jobs only parse and hand off
/// (<see cref="SourceParser"/>); the writer's <see cref="HandOffJob"/> loads what they handed off.
/// </summary>
public sealed class WarehouseWriter(ServeSettings settings, JobStorage storage, HttpFetcher fetcher, TimeProvider clock)
{
    public const string Queue = "warehouse";
    public const string FullRun = "full-run";
    public const string Publish = "publish";
    const string LockResource = "talentdata:warehouse-writer";
    const string StartsHash = "talentdata:run-starts";

    JobRunState? last;
    NpgsqlConnectionStringBuilder? postgresConnection;
    // Unset outside the tests, where it does nothing; a worker test holds a run here to kill its process mid-job.
    readonly Action<RunEvent> pause = PauseHook.FromEnvironment(Console.Out);

    public JobRunState? Last => Volatile.Read(ref last);

    /// <summary>sample or live, for the source and full-run jobs.</summary>
    public string Mode => settings.Mode;

    /// <summary>
    /// With workers (PostgreSQL storage) source jobs parse on every worker and hand their results to this writer as
    /// Parquet (<see cref="HandOff"/>); on one process they run whole, as the writer.
    /// </summary>
    public bool HandsOff => storage is PostgreSqlStorage;

    /// <summary>How old a parse job's unfinished temporary folder is before the writer takes its worker for dead and removes it.</summary>
    static readonly TimeSpan AbandonedParseAge = TimeSpan.FromHours(6);

    /// <summary>
    /// Runs <paramref name="pipelines"/> (empty: all) in <paramref name="mode"/>, or with <paramref name="handOffs"/> loads
    /// every pending hand-off instead of fetching; returns the job's result text, throws when the run failed.
    /// </summary>
    public string Execute(string target, IReadOnlyList<string> pipelines, string mode, PerformContext? context, CancellationToken cancel, bool handOffs = false)
    {
        using var connection = storage.GetConnection();
        // A hand-off job is covered by nothing but the hand-offs it finds: it asks only once it holds the lock.
        if (!handOffs && Skip(connection, target, context) is { } skipped)
            return skipped;
        var writerLock = AcquireWriterLock(connection, target, context, cancel);
        using (writerLock)
        {
            // While this job waited for the lock, another process may have run what it would run.
            if (!handOffs && Skip(connection, target, context) is { } coveredWhileWaiting)
                return coveredWhileWaiting;
            IReadOnlyList<HandOff>? pending = null;
            if (handOffs)
            {
                var data = new DataLayout(settings.DataDir);
                var manifest = ProjectManifest.Load(settings.RepoRoot, TalentData.Loading.ReaderFormats.All);
                HandOff.RemoveAbandoned(data, manifest, AbandonedParseAge, clock.GetUtcNow().UtcDateTime);
                pending = HandOff.Pending(data, manifest);
                if (pending.Count == 0)
                {
                    const string nothing = "skipped: no hand-off pending; an earlier load-handoffs run took them";
                    context?.SetJobParameter("Progress", nothing);
                    return nothing;
                }
            }
            var started = clock.GetUtcNow();
            Volatile.Write(ref last, new JobRunState(target, RunStatus.Running, started, null, null, null));
            var progress = new JobProgress(context, clock);
            try
            {
                // The same publication settings as `talentdata run` (TalentData__Publish__BaseUrl, TalentData__Disclosure__Threshold).
                var options = new RunOptions(settings.RepoRoot, settings.DataDir, pipelines, RunModes.Parse(mode))
                {
                    Publish = TalentData.Publishing.PublishSettings.FromEnvironment(Environment.GetEnvironmentVariable),
                    Landing = TalentData.Fetching.LandingRetention.FromEnvironment(Environment.GetEnvironmentVariable),
                    HandOffs = pending,
                };
                var report = new PipelineRunner(options, clock, e => { pause(e); progress.Report(e); }, fetcher).Run(cancel);
                // The ledger now records every hand-off, loaded, unchanged or failed, and the warehouse holds their rows.
                // A run that was cancelled or died before this point leaves them for the next hand-off job.
                foreach (var handOff in pending ?? [])
                    handOff.Delete();
                var summary = $"run {report.RunId}: {report.Status}; sources {report.Sources.Count(s => s.Status == SourceStatus.Loaded)} loaded, " +
                              $"{report.Sources.Count(s => s.Status == SourceStatus.Unchanged)} unchanged, {report.Sources.Count(s => s.Status == SourceStatus.Failed)} failed; " +
                              (report.UnchangedSince is { } since ? $"nothing changed since run {since}; its publication stands"
                                  : $"published: {(report.Published.Count == 0 ? "nothing" : string.Join(", ", report.Published))}");
                // Recorded once the run has finished: a cancelled or interrupted run covers nothing, and the
                // job Hangfire re-queues after a shutdown runs again.
                connection.SetRangeInHash(StartsHash, [new(target, started.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))]);
                context?.SetJobParameter("RunId", report.RunId);
                progress.Set(summary);
                Volatile.Write(ref last, new JobRunState(target, report.Status, started, clock.GetUtcNow(), report.RunId, report.Error));
                if (!report.Succeeded)
                    throw new PipelineException("", "run", $"{summary}\n{report.Error}");
                return summary;
            }
            catch (OperationCanceledException)
            {
                progress.Set("cancelled; the run recorded 'cancelled' and the last good publication stays");
                Volatile.Write(ref last, new JobRunState(target, RunStatus.Cancelled, started, clock.GetUtcNow(), null, "cancelled by the operator"));
                throw;
            }
            catch (PipelineException ex) when (ex.Stage == "warehouse")
            {
                // Another process (a `talentdata run`) holds work.duckdb: not this job's fault, so it is retried later.
                Volatile.Write(ref last, new JobRunState(target, RunStatus.Failed, started, clock.GetUtcNow(), null, ex.Message));
                throw new WarehouseBusyException(ex.Message, ex);
            }
            catch (Exception ex) when (Last is { Status: RunStatus.Running })
            {
                Volatile.Write(ref last, new JobRunState(target, RunStatus.Failed, started, clock.GetUtcNow(), null, ex.Message));
                throw;
            }
        }
    }

    /// <summary>The "skipped: ..." result when a finished run that started after this job was triggered covers it, else null.</summary>
    static string? Skip(IStorageConnection connection, string target, PerformContext? context)
    {
        if (context is null || CoveredBy(connection, target, context.BackgroundJob.CreatedAt) is not { } covering)
            return null;
        var skipped = $"skipped: a {covering.Target} run started at {covering.StartedAt:yyyy-MM-dd HH:mm:ss}Z, after this job was triggered ({context.BackgroundJob.CreatedAt:yyyy-MM-dd HH:mm:ss}Z), and covers it";
        context.SetJobParameter("Progress", skipped);
        return skipped;
    }

    /// <summary>
    /// The one-writer lock, across every process on the job storage: with PostgreSQL a session advisory lock (see
    /// <see cref="PostgresWriterLock"/>), else the storage's distributed lock. While another run writes, the job waits
    /// up to Hangfire:WriterLockWait (cancellable from the dashboard), then is refused as busy and retried later.
    /// </summary>
    IDisposable AcquireWriterLock(IStorageConnection connection, string target, PerformContext? context, CancellationToken cancel)
    {
        var owner = $"talentdata {Environment.MachineName}:{Environment.ProcessId} {target}";
        var waitUntil = DateTime.UtcNow + settings.Hangfire.WriterLockWait;
        var said = false;
        while (true)
        {
            if (TryAcquireWriterLock(connection, owner) is { } acquired)
                return acquired;
            if (DateTime.UtcNow >= waitUntil)
                throw new WarehouseBusyException($"{target}: only one run writes at a time, and {WriterLockHolder()} is writing the warehouse; this job is retried later.");
            if (!said)
            {
                context?.SetJobParameter("Progress", $"waiting: {WriterLockHolder()} is writing the warehouse");
                said = true;
            }
            cancel.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
            cancel.ThrowIfCancellationRequested();
        }
    }

    IDisposable? TryAcquireWriterLock(IStorageConnection connection, string owner)
    {
        if (storage is PostgreSqlStorage)
            return PostgresWriterLock.TryAcquire(PostgresConnection, owner);
        try
        {
            return connection.AcquireDistributedLock(LockResource, TimeSpan.Zero);
        }
        catch (Exception ex) when (ex is DistributedLockTimeoutException || ex.GetType().Name == nameof(DistributedLockTimeoutException))
        {
            return null;
        }
    }

    string WriterLockHolder()
    {
        if (Last is { Status: RunStatus.Running } running)
            return $"the {running.Target} run started at {running.StartedAt:HH:mm:ss}Z";
        if (storage is PostgreSqlStorage && PostgresWriterLock.Holder(PostgresConnection) is { Length: > 0 } holder)
            return holder;
        return "another server";
    }

    NpgsqlConnectionStringBuilder PostgresConnection => postgresConnection ??= JobStorageFactory.ParseConnectionString(settings.Hangfire.ConnectionString);

    /// <summary>A run that started after <paramref name="createdAt"/> and does everything this one would: the same target, a full run, or for publish any run.</summary>
    static (string Target, DateTime StartedAt)? CoveredBy(IStorageConnection connection, string target, DateTime createdAt)
    {
        var starts = connection.GetAllEntriesFromHash(StartsHash);
        if (starts is null) return null;
        foreach (var (other, value) in starts)
        {
            if (!(other == target || other == FullRun || target == Publish)) continue;
            var started = DateTime.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            if (started > createdAt) return (other, started);
        }
        return null;
    }

    /// <summary>The running step and row counts, in the job's "Parameters" table of the dashboard (which does not auto-refresh).</summary>
    sealed class JobProgress(PerformContext? context, TimeProvider clock)
    {
        DateTimeOffset lastWrite = DateTimeOffset.MinValue;

        public void Report(RunEvent e)
        {
            // Row counts arrive often; storage writes are throttled to one a second.
            var now = clock.GetUtcNow();
            if (e.Phase == "rows" && now - lastWrite < TimeSpan.FromSeconds(1)) return;
            lastWrite = now;
            Set($"{e.Step} {(e.SourceId is null ? "" : e.SourceId + " ")}{e.Target}: {e.Phase}{(e.Detail is null ? "" : " " + e.Detail)}");
        }

        public void Set(string text) => context?.SetJobParameter("Progress", text);
    }
}
