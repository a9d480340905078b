using System.Text.RegularExpressions;
using Dapper;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Crash;

/// <summary>Several processes at once: analysts querying during a run, and two runs started together.</summary>
public sealed partial class CrashTests
{
    static readonly string CountSql = $"select count(*) as n from {SmallProject.ChangedMart}";

    [Test]
    public void Query_SeveralProcessesDuringARun_AllSucceedAndSeeOneWholeSnapshot()
    {
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        CopyGoodTo(data);
        var before = goodContents[SmallProject.ChangedMart].Split(' ')[0];
        var after = small.Contents[SmallProject.ChangedMart].Split(' ')[0];

        var resume = Path.Combine(dir.Path, "resume");
        using var run = CliProcess.Start(small.Root,
            new Dictionary<string, string> { ["TALENTDATA_PAUSE_AT"] = "models:end:sql/", ["TALENTDATA_PAUSE_SECONDS"] = "120", ["TALENTDATA_PAUSE_RESUME_FILE"] = resume },
            "run", "--data-dir", data);
        run.WaitForLine(new Regex("^paused at .*$", RegexOptions.Multiline), Patience);

        // Three analysts query in a loop while the run holds work.duckdb, through the snapshot swap, until it ends.
        var results = new List<(int Code, string Output)>();
        var answered = 0;
        var analysts = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            var mine = new List<(int, string)>();
            do
            {
                using var query = CliProcess.Start(small.Root, null, "query", CountSql, "--format", "csv", "--data-dir", data);
                var code = query.WaitForExit(Patience);
                mine.Add((code, query.Output + query.Error));
                Interlocked.Increment(ref answered);
            }
            while (!run.HasExited && mine.Count < 20);
            lock (results) results.AddRange(mine);
        })).ToArray();
        // The run goes on once three queries have been answered while it held still, however long they took.
        var held = System.Diagnostics.Stopwatch.StartNew();
        while (Volatile.Read(ref answered) < 3 && held.Elapsed < Patience)
            Thread.Sleep(20);
        File.WriteAllText(resume, "");
        Assert.That(Task.WaitAll(analysts, Patience), Is.True, "the analysts' queries finish");
        var runExit = run.WaitForExit(Patience);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(runExit, Is.Zero, run.Output + run.Error);
            Assert.That(results, Has.Count.GreaterThanOrEqualTo(3));
            foreach (var (code, output) in results)
            {
                Assert.That(code, Is.Zero, output);
                Assert.That(output.Replace("\r", ""), Is.EqualTo($"n\n{before}\n").Or.EqualTo($"n\n{after}\n"), "a whole snapshot, old or new, never a mix");
            }
            Assert.That(results.Count(r => r.Output.Contains($"\n{before}\n", StringComparison.Ordinal)), Is.GreaterThan(0), "queries ran while the run was paused");
            Assert.That(Count(SnapshotOf(data)), Is.EqualTo(after), "after the run the snapshot is the new one");
        }
    }

    [Test]
    public void Run_TwoStartedAtOnce_OneRunsTheOtherRefusesNamingTheHolder()
    {
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        CopyGoodTo(data);
        // The one that gets the warehouse holds still until the other has ended, so the two overlap whichever starts first.
        var resume = Path.Combine(dir.Path, "resume");
        var pause = new Dictionary<string, string>
        {
            ["TALENTDATA_PAUSE_AT"] = "reference:start:ref", ["TALENTDATA_PAUSE_SECONDS"] = "120", ["TALENTDATA_PAUSE_RESUME_FILE"] = resume,
        };

        using var first = CliProcess.Start(small.Root, pause, "run", "--data-dir", data);
        using var second = CliProcess.Start(small.Root, pause, "run", "--data-dir", data);
        var held = System.Diagnostics.Stopwatch.StartNew();
        while (!first.HasExited && !second.HasExited && held.Elapsed < Patience)
            Thread.Sleep(20);
        File.WriteAllText(resume, "");
        var resumed = System.Diagnostics.Stopwatch.StartNew();
        var codes = new[] { first.WaitForExit(Patience), second.WaitForExit(Patience) };
        Assert.That(resumed.Elapsed, Is.LessThan(TimeSpan.FromSeconds(100)), "the held run went on once the resume file existed, not after its 120 s");

        Assert.That(codes.Order(), Is.EqualTo(new[] { 0, 1 }), $"one runs, one refuses.\nfirst:\n{first.Output}{first.Error}\nsecond:\n{second.Output}{second.Error}");
        var (winner, loser) = codes[0] == 0 ? (first, second) : (second, first);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(loser.Error, Does.Contain($"is held by process {winner.Id}").And.Contain("Only one writer"));
            Assert.That(loser.Error + loser.Output, Does.Not.Contain("   at "), "a message, not a stack trace");
            Assert.That(loser.Output, Does.Not.Contain("paused at"), "the refused run did nothing");
            Assert.That(RunState.Exports(data), Is.EqualTo(small.Exports), "the exports are the winner's, complete");
            Assert.That(RunState.Contents(SnapshotOf(data)), Is.EqualTo(small.Contents), "the snapshot is the winner's, complete");
        }
        using var work = TalentData.Warehouse.Warehouse.OpenForWriting(WorkOf(data));
        Assert.That(work.Connection.Query<string>("select status from ops.runs order by started_at"), Is.EqualTo(new[] { "succeeded", "succeeded" }),
            "the good run and the winner; the refused run left no trace");
    }

    static string Count(string snapshot)
    {
        using var w = TalentData.Warehouse.Warehouse.OpenReadOnly(snapshot);
        return w.Connection.ExecuteScalar<long>(CountSql).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
