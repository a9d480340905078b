using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Hangfire;
using Hangfire.States;
using Hangfire.Storage;
using Hangfire.Storage.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using TalentData.Cli;
using TalentData.Cli.Jobs;
using TalentData.Cli.Serve;
using TalentData.Running;
using TalentData.Tests.Crash;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Jobs;

/// <summary>
/// Hangfire on a real PostgreSQL (a cluster of the test's own, see <see cref="PostgresCluster"/>): one serve that only
/// shows the dashboard and two <c>talentdata worker</c> processes sharing its queues: twenty source jobs parse on both,
/// hand Parquet to one writer at a time, one worker is killed mid-parse. One such test only: it starts two processes,
/// runs twenty parse jobs, the writer's runs, and a single-process run to compare with.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public partial class WorkerScaleOutTests
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    PostgresCluster postgres = null!;

    [OneTimeSetUp]
    public void StartPostgres() => postgres = PostgresCluster.Start();

    [OneTimeTearDown]
    public void StopPostgres() => postgres?.Dispose();

    [Test]
    public void Serve_WrongPassword_FailsAtStartNamingTheSettingAndNotThePassword()
    {
        using var data = new TempDir();
        var wrong = "wrong-" + PostgresCluster.Password;
        var error = new StringWriter();
        var code = Program.Run(["serve", $"--RepoRoot={RepoPaths.Root}", $"--DataDir={data.Path}", "--Hangfire:Storage=postgres",
            $"--Hangfire:ConnectionString={postgres.ConnectionString.Replace(PostgresCluster.Password, wrong)}"], new StringWriter(), error);

        Assert.That(code, Is.EqualTo(1), error.ToString());
        Assert.That(error.ToString(), Does.Contain($"cannot use the PostgreSQL server at 127.0.0.1:{postgres.Port}/postgres as user {PostgresCluster.User} (TalentData__Hangfire__ConnectionString)")
            .And.Contain("password authentication failed"));
        Assert.That(error.ToString(), Does.Not.Contain(wrong));
    }

    [Test]
    public async Task Workers_TwentySourceJobsParseOnBothWorkersAKilledParseCompletesOnTheOtherOneWriterAtATime_ThePublicationEqualsASingleProcessRun()
    {
        string[] others = ["dortmund_population", "dortmund_unemployment", "regionalstatistik_population", "regionalstatistik_unemployment"];
        // The queues, the hand-offs and the writer lock are the subject: the project cut down to the sources the jobs parse.
        using var repo = RepoCopy.Reduced([.. others, KilledSource]);
        using var signals = new TempDir();
        var resume = Path.Combine(signals.Path, "resume");
        var app = ServeApp.Build([
            "--urls=http://127.0.0.1:0", $"--RepoRoot={repo.Root}", $"--DataDir={repo.Data}", "--Mode=sample",
            "--Hangfire:Storage=postgres", $"--Hangfire:ConnectionString={postgres.ConnectionString}", "--Hangfire:Schema=scaleout",
            "--Hangfire:ProcessJobs=false", "--Logging:LogLevel:Default=Warning", $"--Hangfire:DistributedLockTimeout={LockTimeout}",
        ]);
        await app.StartAsync();
        try
        {
            var storage = app.Services.GetRequiredService<JobStorage>();
            // Through the environment, as systemd would pass it: a command line shows in ps.
            var environment = new Dictionary<string, string>
            {
                ["TalentData__Hangfire__Storage"] = "postgres",
                ["TalentData__Hangfire__ConnectionString"] = postgres.ConnectionString,
                ["TalentData__Hangfire__Schema"] = "scaleout",
                ["TalentData__Hangfire__WriterLockWait"] = "00:05:00",
                ["TalentData__Hangfire__ParseWorkers"] = "2",
                // A killed worker's job is handed to the other this soon; the live one renews it every second
                // (Hangfire.PostgreSql's heartbeat, a fifth of this at the least), so only a dead worker's job goes.
                ["TalentData__Hangfire__InvisibilityTimeout"] = "00:00:05",
                // A worker killed in the middle of a job's state change leaves Hangfire's lock on that job: taken for
                // abandoned after this (10 minutes by default), and the job then runs on the other worker.
                // Hangfire holds these for milliseconds (a state change), so 10 s takes no live one for abandoned.
                ["TalentData__Hangfire__DistributedLockTimeout"] = LockTimeout,
                // The first parse of this source holds still in each worker; the first worker to get there is killed there,
                // and the other worker's pause ends then (the resume file), or does not begin once it exists.
                ["TALENTDATA_PAUSE_AT"] = $"{HandOff.ParseStep}:start:raw.{KilledSource}__kreise",
                ["TALENTDATA_PAUSE_SECONDS"] = "120",
                ["TALENTDATA_PAUSE_RESUME_FILE"] = resume,
                ["TalentData__Logging__LogLevel__Default"] = "Warning",
            };
            using var first = CliProcess.Start(repo.Root, environment, "worker", "--data-dir", repo.Data, "--mode", "sample");
            using var second = CliProcess.Start(repo.Root, environment, "worker", "--data-dir", repo.Data, "--mode", "sample");
            var started = new Regex("^talentdata worker .*: taking jobs from queues 'warehouse' \\(1 writer\\) and 'parse' \\(2 at once\\) of PostgreSQL .*$", RegexOptions.Multiline);
            first.WaitForLine(started, Patience);
            second.WaitForLine(started, Patience);
            string Outputs() => $"worker 1 ({first.Id}):\n{first.Output}{first.Error}\nworker 2 ({second.Id}):\n{second.Output}{second.Error}";
            var monitoring = storage.GetMonitoringApi();
            // Each worker registers its two servers once it has started them.
            var serversUntil = DateTime.UtcNow + Patience;
            while (monitoring.Servers().Count < 4 && DateTime.UtcNow < serversUntil)
                Thread.Sleep(100);
            var servers = monitoring.Servers();

            // Twenty source jobs: every source four times, the killed source's last, so both workers have parsed others by then.
            var recurring = new RecurringJobManager(storage);
            var jobs = Enumerable.Repeat(others, 4).SelectMany(s => s).Concat(Enumerable.Repeat(KilledSource, 4))
                .Select(s => (Source: s, Job: recurring.TriggerJob(RecurringJobRegistration.SourcePrefix + s)!)).ToList();
            Assert.That(jobs, Has.Count.EqualTo(20));

            // SIGKILL to a worker in the middle of a parse: the job, no longer renewed, goes to the other worker once its
            // invisibility timeout passes; what the killed worker had half written stays in a hidden folder nobody loads.
            var paused = new Regex($@"^paused at {HandOff.ParseStep}:start:raw\.{KilledSource}__kreise \(pid \d+\)$", RegexOptions.Multiline);
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(300);
            while (!paused.IsMatch(first.Output) && !paused.IsMatch(second.Output) && DateTime.UtcNow < until)
                Thread.Sleep(20);
            var (victim, survivor) = paused.IsMatch(first.Output) ? (first, second) : paused.IsMatch(second.Output) ? (second, first) : (null, null);
            Assert.That(victim, Is.Not.Null, $"no worker reached the parse of {KilledSource}\n{Outputs()}");
            victim!.KillHard();
            File.WriteAllText(resume, "");

            foreach (var (source, job) in jobs)
                Assert.That(WaitForEnd(storage, job, TimeSpan.FromSeconds(300)), Is.EqualTo(SucceededState.StateName),
                    $"{source} {job} (killed {victim.Id}): {Diagnosis(storage, job)}\n{Outputs()}");
            WaitUntilQuiet(storage, repo, TimeSpan.FromSeconds(300), Outputs);

            string ServerOf(StateHistoryDto state) => state.Data["ServerId"].Split(':')[0];
            var parsedBy = jobs.Select(j => (j.Source, Servers: monitoring.JobDetails(j.Job).History.Where(h => h.StateName == ProcessingState.StateName)
                .OrderBy(h => h.CreatedAt).Select(ServerOf).ToList())).ToList();
            var writerJobs = monitoring.SucceededJobs(0, 1000).Select(j => j.Key).Concat(monitoring.FailedJobs(0, 1000).Select(j => j.Key))
                .Where(id => monitoring.JobDetails(id).Job.Type == typeof(HandOffJob)).ToList();
            var (runs, overlapping) = Ledger(repo);
            var parsers = LandedBy(repo);

            TestContext.Out.WriteLine($"writer runs: {string.Join("; ", runs.Select(r => $"{r.RunId} {r.ProcessId} {r.Pipelines} {r.Status}"))}");
            TestContext.Out.WriteLine($"parsed by: {string.Join(", ", parsers.GroupBy(p => p.ProcessId).Select(g => $"{g.Key}: {g.Count()}"))}; killed {victim.Id}");
            using (Assert.EnterMultipleScope())
            {
                // The dashboard's Servers page: each worker runs a writer server on 'warehouse' and a parse server on 'parse'.
                Assert.That(servers.Select(s => (s.Name.Split(':')[0], string.Join(",", s.Queues), s.WorkersCount)),
                    Is.EquivalentTo(new[] { first.Id, second.Id }.SelectMany(pid => new[] { (ServerName(pid), WarehouseWriter.Queue, 1), (JobHosting.ParseServerName(ServerName(pid)), SourceParser.Queue, 2) })),
                    "serve runs no server of its own (Hangfire:ProcessJobs=false); each worker one writer and two parsers");
                // The queues jobs went to are the ones they ran on: source jobs on 'parse', the writer's jobs on 'warehouse'.
                Assert.That(jobs.Select(j => monitoring.JobDetails(j.Job).History.First(h => h.StateName == EnqueuedState.StateName).Data["Queue"]).Distinct(),
                    Is.EqualTo(new[] { SourceParser.Queue }));
                using (var connection = storage.GetConnection())
                    Assert.That(connection.GetRecurringJobs().Where(j => j.Id.StartsWith(RecurringJobRegistration.SourcePrefix, StringComparison.Ordinal)).Select(j => j.Job.Queue).Distinct(),
                        Is.EqualTo(new[] { SourceParser.Queue }));
                Assert.That(parsedBy.SelectMany(p => p.Servers).Distinct(), Is.All.EndWith("-parse"), "every source job ran on a parse server");
                Assert.That(writerJobs, Is.Not.Empty);
                Assert.That(writerJobs.Select(id => monitoring.JobDetails(id).History.First(h => h.StateName == EnqueuedState.StateName).Data["Queue"]).Distinct(),
                    Is.EqualTo(new[] { WarehouseWriter.Queue }));
                Assert.That(writerJobs.SelectMany(id => monitoring.JobDetails(id).History.Where(h => h.StateName == ProcessingState.StateName).Select(ServerOf)).Distinct(),
                    Is.All.Not.EndWith("-parse"), "the writer's jobs ran on the writer servers");
                Assert.That(monitoring.FailedCount(), Is.Zero, Outputs());

                // Parsed on both workers: the ledger names the process that fetched and read each file.
                Assert.That(parsers.Select(p => p.ProcessId).Distinct(), Is.EquivalentTo(new[] { first.Id, second.Id }), "the ledger shows both workers parsing");
                Assert.That(parsers.Select(p => p.Host).Distinct(), Is.EqualTo(new[] { Environment.MachineName }));
                Assert.That(parsers.Count(p => p.Source == KilledSource), Is.EqualTo(4), $"each of the four {KilledSource} jobs landed its file once (the killed parse never handed off)");
                Assert.That(parsedBy.Where(p => p.Source == KilledSource).Select(p => p.Servers),
                    Has.Some.EqualTo(new[] { JobHosting.ParseServerName(ServerName(victim.Id)), JobHosting.ParseServerName(ServerName(survivor!.Id)) }),
                    "a parse taken by the killed worker completed on the other");

                // One writer at a time: fewer runs than hand-offs (a run takes every pending one), and none overlaps another.
                Assert.That(overlapping, Is.Empty, "no two writer runs' steps overlap");
                for (var i = 1; i < runs.Count; i++)
                    if (runs[i - 1].Finished is { } finished)
                        Assert.That(runs[i].Started, Is.GreaterThanOrEqualTo(finished), $"run {runs[i].RunId} started after {runs[i - 1].RunId} finished");
                Assert.That(runs.Count, Is.LessThan(20), "the writer loads the hand-offs pending when it starts, together");
                Assert.That(runs.Select(r => r.Status), Is.All.EqualTo("succeeded").Or.EqualTo("interrupted"));
                Assert.That(runs[^1].Status, Is.EqualTo("succeeded"));
                Assert.That(HandOff.Pending(new TalentData.Project.DataLayout(repo.Data), TalentData.Project.ProjectManifest.Load(repo.Root, TalentData.Loading.ReaderFormats.All)),
                    Is.Empty, "every hand-off was consumed and deleted");
                Assert.That(first.Output + first.Error + second.Output + second.Error, Does.Not.Contain(PostgresCluster.Password));
            }

            // The same inputs through `talentdata run` in one process: the same raw rows, models and publication.
            using var single = new TempDir();
            var report = new TalentData.Running.PipelineRunner(new TalentData.Running.RunOptions(repo.Root, single.Path, []), TimeProvider.System).Run();
            Assert.That(report.Succeeded, report.Error);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(LatestPublication(repo.Data), Is.EqualTo(LatestPublication(single.Path)), "the latest publication, byte for byte but for release times");
                Assert.That(RunState.Contents(repo.Snapshot), Is.EqualTo(RunState.Contents(Path.Combine(single.Path, "warehouse", "talentdata.duckdb"))),
                    "the snapshot's raw, ref, core and marts tables");
                Assert.That(LastLoads(repo.Data), Is.EqualTo(LastLoads(single.Path)), "ops.source_loads: each table's last load from the same file, rows, periods and quarantine");
            }
        }
        finally
        {
            using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
                await app.StopAsync(stop.Token);
            await app.DisposeAsync();
            // AddHangfire points Hangfire's process-wide log provider at the app's logger factory, now disposed.
            Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        }
    }

    const string KilledSource = "regionalstatistik_vocational_leavers";
    const string LockTimeout = "00:00:10";

    static string ServerName(int pid) => $"talentdata-worker-{Environment.MachineName.ToLowerInvariant()}-{pid}";

    /// <summary>The runs, and every pair of steps of two runs whose times overlap (a step of a killed run never finished and is left out).</summary>
    static (List<(string RunId, string Pipelines, string Status, int ProcessId, string Host, DateTime Started, DateTime? Finished)> Runs, List<string> Overlapping) Ledger(RepoCopy repo)
    {
        // Opened only once the queue is quiet: a reader would keep the next run from the warehouse.
        using var warehouse = TalentData.Warehouse.Warehouse.OpenReadOnly(Path.Combine(repo.Data, "warehouse", "work.duckdb"));
        var runs = warehouse.Connection.Query<(string RunId, string Pipelines, string Status, int ProcessId, string Host, DateTime Started, DateTime? Finished)>(
            "select run_id, pipelines, status, process_id, host, started_at, finished_at from ops.runs order by started_at").ToList();
        var steps = warehouse.Connection.Query<(string RunId, string Step, string? Target, DateTime Started, DateTime Finished)>(
            "select run_id, step, target, started_at, finished_at from ops.run_steps where finished_at is not null").ToList();
        var overlapping = (from a in steps from b in steps
                           where string.CompareOrdinal(a.RunId, b.RunId) < 0 && a.Started < b.Finished && b.Started < a.Finished
                           select $"{a.RunId} {a.Step} {a.Target} [{a.Started:HH:mm:ss.fff}-{a.Finished:HH:mm:ss.fff}] and {b.RunId} {b.Step} {b.Target} [{b.Started:HH:mm:ss.fff}-{b.Finished:HH:mm:ss.fff}]").ToList();
        return (runs, overlapping);
    }

    /// <summary>
    /// Which process landed and read each file the writer recorded (ops.landed_files), in the runs that ended: a writer
    /// killed mid-run recorded the hand-offs it had begun, and the next run, which loads them again, records them once more.
    /// </summary>
    static List<(string Source, string Host, int ProcessId)> LandedBy(RepoCopy repo)
    {
        using var warehouse = TalentData.Warehouse.Warehouse.OpenReadOnly(Path.Combine(repo.Data, "warehouse", "work.duckdb"));
        return warehouse.Connection.Query<(string, string, int)>(
            "select l.source_id, l.host, l.process_id from ops.landed_files l join ops.runs r using (run_id) where r.status <> 'interrupted'").ToList();
    }

    /// <summary>Each raw table's last load in ops.source_loads, without its run and time.</summary>
    static List<string> LastLoads(string dataDir)
    {
        using var warehouse = TalentData.Warehouse.Warehouse.OpenReadOnly(Path.Combine(dataDir, "warehouse", "work.duckdb"));
        return warehouse.Connection.Query<string>("""
            select concat_ws(' | ', source_id, entity, sha256, rows_loaded, rows_quarantined, periods, definition_sha256, origin, origin_path, landed_path)
            from ops.source_loads qualify row_number() over (partition by source_id, entity order by loaded_at desc) = 1 order by 1
            """).ToList();
    }

    /// <summary>
    /// The catalogue and every dataset's latest release, file by file: CSV and other files by their bytes, JSON with
    /// times and release names blanked (a run of several writer runs publishes more releases, at other times).
    /// </summary>
    static SortedDictionary<string, string> LatestPublication(string dataDir)
    {
        var root = Path.Combine(dataDir, "exports");
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        string Normalised(string file) => file.EndsWith(".json", StringComparison.Ordinal) || file.EndsWith(".jsonld", StringComparison.Ordinal)
            ? ReleaseOrTime().Replace(File.ReadAllText(file), "<release or time>")
            : RunState.Sha(file);
        foreach (var file in Directory.GetFiles(root))
            result[Path.GetFileName(file)] = Normalised(file);
        foreach (var latest in Directory.GetDirectories(root).Select(d => Path.Combine(d, "latest")).Where(Directory.Exists))
            foreach (var file in Directory.GetFiles(latest, "*", SearchOption.AllDirectories))
                result[Path.GetRelativePath(root, file).Replace('\\', '/')] = Normalised(file);
        return result;
    }

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?|\.\d+)?")]
    private static partial Regex ReleaseOrTime();

    /// <summary>A job's states with their servers and times, and the storage's queue rows and locks: why a job did not end.</summary>
    string Diagnosis(JobStorage storage, string job)
    {
        var history = storage.GetMonitoringApi().JobDetails(job).History
            .Select(h => $"{h.CreatedAt:HH:mm:ss.fff} {h.StateName} {h.Reason} {string.Join(" ", h.Data.Select(d => $"{d.Key}={d.Value}"))}");
        using var connection = new Npgsql.NpgsqlConnection(postgres.ConnectionString);
        connection.Open();
        var queue = connection.Query<string>("select concat_ws(' ', jobid, queue, fetchedat) from scaleout.jobqueue");
        var locks = connection.Query<string>("select concat_ws(' ', resource, acquired) from scaleout.lock");
        return $"now {DateTime.UtcNow:HH:mm:ss.fff}\n{string.Join("\n", history)}\njobqueue: {string.Join("; ", queue)}\nlocks: {string.Join("; ", locks)}";
    }

    /// <summary>Waits until no job is enqueued or processing and no hand-off is pending: the last writer run has ended.</summary>
    static void WaitUntilQuiet(JobStorage storage, RepoCopy repo, TimeSpan timeout, Func<string> outputs)
    {
        var monitoring = storage.GetMonitoringApi();
        var data = new TalentData.Project.DataLayout(repo.Data);
        var manifest = TalentData.Project.ProjectManifest.Load(repo.Root, TalentData.Loading.ReaderFormats.All);
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (monitoring.ProcessingCount() == 0 && monitoring.EnqueuedCount(WarehouseWriter.Queue) == 0 && monitoring.EnqueuedCount(SourceParser.Queue) == 0
                && HandOff.Pending(data, manifest).Count == 0)
                return;
            Thread.Sleep(200);
        }
        Assert.Fail($"jobs still running after {timeout.TotalSeconds} s: {monitoring.ProcessingCount()} processing, " +
                    $"{monitoring.EnqueuedCount(WarehouseWriter.Queue)} on the warehouse queue\n{outputs()}");
    }

    static string WaitForEnd(JobStorage storage, string jobId, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        string? state = null;
        while (DateTime.UtcNow < until)
        {
            using (var connection = storage.GetConnection())
                state = connection.GetStateData(jobId)?.Name;
            if (state == SucceededState.StateName || state == FailedState.StateName || state == DeletedState.StateName) return state;
            Thread.Sleep(200);
        }
        return $"still {state} after {timeout.TotalSeconds} s";
    }
}
