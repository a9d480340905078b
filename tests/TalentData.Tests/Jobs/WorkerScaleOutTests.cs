using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Hangfire;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using TalentData.Cli;
using TalentData.Cli.Jobs;
using TalentData.Cli.Serve;
using TalentData.Tests.Crash;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Jobs;

/// <summary>
/// Hangfire on a real PostgreSQL (a cluster of the test's own, see <see cref="PostgresCluster"/>): one serve that only
/// shows the dashboard and two <c>talentdata worker</c> processes sharing its queue, one of them killed mid-job.
/// One such test only: it starts two processes and runs five jobs (about a minute).
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class WorkerScaleOutTests
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
    public async Task Workers_TwoShareTheQueueOfOneServe_BothRunJobsOneWriterAtATimeAndAKilledWorkersJobCompletesOnTheOther()
    {
        string[] sources = ["dortmund_population", "dortmund_unemployment", "regionalstatistik_population", "regionalstatistik_unemployment"];
        // The queue and the writer lock are the subject, not the figures: the project cut down to the sources the jobs load.
        using var repo = RepoCopy.Reduced([.. sources, KilledSource]);
        var app = ServeApp.Build([
            "--urls=http://127.0.0.1:0", $"--RepoRoot={repo.Root}", $"--DataDir={repo.Data}", "--Mode=sample",
            "--Hangfire:Storage=postgres", $"--Hangfire:ConnectionString={postgres.ConnectionString}", "--Hangfire:Schema=scaleout",
            "--Hangfire:ProcessJobs=false", "--Logging:LogLevel:Default=Warning",
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
                // A killed worker's job is handed to the other this soon; the live one renews it while it runs.
                ["TalentData__Hangfire__InvisibilityTimeout"] = "00:00:15",
                // Whichever worker loads this source first holds still there, to be killed mid-job; the other pauses briefly.
                ["TALENTDATA_PAUSE_AT"] = $"load:start:raw.{KilledSource}__kreise",
                ["TALENTDATA_PAUSE_SECONDS"] = "5",
                ["TalentData__Logging__LogLevel__Default"] = "Warning",
            };
            using var first = CliProcess.Start(repo.Root, environment, "worker", "--data-dir", repo.Data, "--mode", "sample");
            using var second = CliProcess.Start(repo.Root, environment, "worker", "--data-dir", repo.Data, "--mode", "sample");
            var started = new Regex("^talentdata worker .*: taking jobs from queue 'warehouse' of PostgreSQL .*$", RegexOptions.Multiline);
            first.WaitForLine(started, Patience);
            second.WaitForLine(started, Patience);

            var recurring = new RecurringJobManager(storage);
            var jobs = sources.Select(s => recurring.TriggerJob(RecurringJobRegistration.SourcePrefix + s)!).ToList();
            var monitoring = storage.GetMonitoringApi();
            foreach (var job in jobs)
                Assert.That(WaitForEnd(storage, job, TimeSpan.FromSeconds(300)), Is.EqualTo(SucceededState.StateName),
                    $"{job}: {monitoring.JobDetails(job).History.FirstOrDefault()?.Reason}\nworker 1:\n{first.Output}{first.Error}\nworker 2:\n{second.Output}{second.Error}");

            var pids = new[] { first.Id, second.Id };
            var serversOfJobs = jobs.Select(job => monitoring.JobDetails(job).History.First(h => h.StateName == ProcessingState.StateName).Data["ServerId"]).ToList();
            var (runs, overlapping) = Ledger(repo);
            var servers = monitoring.Servers();
            using var health = JsonDocument.Parse(await new HttpClient().GetStringAsync(new Uri(new Uri(app.Urls.First()), "/health")));

            using (Assert.EnterMultipleScope())
            {
                Assert.That(runs.Select(r => r.Pipelines), Is.EquivalentTo(sources), "one run per job");
                Assert.That(runs.Select(r => r.Status), Is.All.EqualTo("succeeded"));
                Assert.That(runs.Select(r => r.ProcessId).Distinct(), Is.EquivalentTo(pids), "the ledger shows both workers' runs");
                Assert.That(runs.Select(r => r.Host), Is.All.EqualTo(Environment.MachineName));
                Assert.That(serversOfJobs.Select(s => s.Split(':')[0]).Distinct(),
                    Is.EquivalentTo(pids.Select(ServerName)), "Hangfire shows both workers' servers processing");
                Assert.That(overlapping, Is.Empty, "no two runs' steps overlap: one writer at a time");
                for (var i = 1; i < runs.Count; i++)
                    Assert.That(runs[i].Started, Is.GreaterThanOrEqualTo(runs[i - 1].Finished!.Value), $"run {runs[i].RunId} started after {runs[i - 1].RunId} finished");
                // The dashboard's Servers and Recurring Jobs pages: the queue listed is the one the workers take jobs from.
                Assert.That(servers.Select(s => s.Name.Split(':')[0]), Is.EquivalentTo(pids.Select(ServerName)),
                    "serve runs no server of its own (Hangfire:ProcessJobs=false); the workers do");
                Assert.That(servers.SelectMany(s => s.Queues).Distinct(), Is.EqualTo(new[] { WarehouseWriter.Queue }));
                // The job page's Enqueued state names the queue the job went to. With PostgreSQL the recurring job carries
                // its queue in the job itself (Hangfire's Job.Queue); the hash field RecurringJobDto.Queue then stays "default".
                Assert.That(jobs.Select(job => monitoring.JobDetails(job).History.First(h => h.StateName == EnqueuedState.StateName).Data["Queue"]).Distinct(),
                    Is.EqualTo(new[] { WarehouseWriter.Queue }));
                using (var connection = storage.GetConnection())
                    Assert.That(connection.GetRecurringJobs().Select(j => j.Job.Queue).Distinct(), Is.EqualTo(new[] { WarehouseWriter.Queue }));
                Assert.That(health.RootElement.GetProperty("jobStorage").GetProperty("servers").GetInt64(), Is.EqualTo(2));
                Assert.That(File.Exists(repo.Export("bevoelkerung-statistische-bezirke")), "published to the shared data folder, which serve reads");
                Assert.That(first.Output + first.Error + second.Output + second.Error, Does.Not.Contain(PostgresCluster.Password));
            }

            // SIGKILL to the worker in the middle of a job: its advisory lock ends with its session, and once the job's
            // invisibility timeout passes (no longer renewed) the other worker runs it to the end.
            var killedJob = recurring.TriggerJob(RecurringJobRegistration.SourcePrefix + KilledSource)!;
            var paused = new Regex($@"^paused at load:start:raw\.{KilledSource}__kreise \(pid \d+\)$", RegexOptions.Multiline);
            var until = DateTime.UtcNow + Patience;
            while (!paused.IsMatch(first.Output) && !paused.IsMatch(second.Output) && DateTime.UtcNow < until)
                Thread.Sleep(20);
            var (victim, survivor) = paused.IsMatch(first.Output) ? (first, second) : paused.IsMatch(second.Output) ? (second, first) : (null, null);
            Assert.That(victim, Is.Not.Null, $"no worker reached the load of {KilledSource}\nworker 1:\n{first.Output}{first.Error}\nworker 2:\n{second.Output}{second.Error}");
            victim!.KillHard();

            Assert.That(WaitForEnd(storage, killedJob, TimeSpan.FromSeconds(180)), Is.EqualTo(SucceededState.StateName),
                $"{monitoring.JobDetails(killedJob).History.FirstOrDefault()?.Reason}\nsurvivor:\n{survivor!.Output}{survivor.Error}");
            var processedBy = monitoring.JobDetails(killedJob).History.Where(h => h.StateName == ProcessingState.StateName)
                .OrderBy(h => h.CreatedAt).Select(h => h.Data["ServerId"].Split(':')[0]).ToList();
            var (runsAfter, overlappingAfter) = Ledger(repo);
            var killedRuns = runsAfter.Where(r => r.Pipelines == KilledSource).ToList();
            using (Assert.EnterMultipleScope())
            {
                Assert.That(processedBy, Is.EqualTo(new[] { ServerName(victim.Id), ServerName(survivor.Id) }), "taken by the killed worker, then by the other");
                Assert.That(killedRuns.Select(r => (r.ProcessId, r.Status)), Is.EqualTo(new[] { (victim.Id, "interrupted"), (survivor.Id, "succeeded") }),
                    "the ledger shows the killed run interrupted and its rerun on the other worker");
                Assert.That(killedRuns[^1].Started, Is.GreaterThan(killedRuns[0].Started), "the rerun came after the killed run");
                Assert.That(overlappingAfter, Is.Empty, "no two runs' steps overlap");
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

    static string ServerName(int pid) => $"talentdata-worker-{Environment.MachineName.ToLowerInvariant()}-{pid}";

    /// <summary>The runs, and every pair of steps of two runs whose times overlap (a step of a killed run never finished and is left out).</summary>
    static (List<(string RunId, string Pipelines, string Status, int ProcessId, string Host, DateTime Started, DateTime? Finished)> Runs, List<string> Overlapping) Ledger(RepoCopy repo)
    {
        // Opened only between runs and closed at once: a reader would keep the next run from the warehouse.
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
