using System.Diagnostics;
using Dapper;
using TalentData.Cli.Settings;
using TalentData.Tests.Crash;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Cli;

/// <summary>
/// The bounds of `talentdata query`: one statement, a wall-clock limit and DuckDB's memory limit, set by the operator
/// and out of the query's reach. The runaway queries run in a child process (the built executable), so the time it
/// takes and its peak memory (VmHWM in /proc) are the process's own, as an analyst would see them.
/// </summary>
public class QuerySandboxTests
{
    TempDir data = null!;

    [OneTimeSetUp]
    public void TinySnapshot()
    {
        // The bounds do not depend on the data: a one-table snapshot instead of a sample run.
        data = new TempDir();
        using var writer = TalentData.Warehouse.Warehouse.OpenForWriting(Path.Combine(data.Path, "warehouse", "talentdata.duckdb"));
        writer.Connection.Execute("create table marts.t as select 42 as answer");
    }

    [OneTimeTearDown]
    public void CleanUp() => data.Dispose();

    (int Code, string Output, string Error) Query(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = TalentData.Cli.Program.Run(["query", .. args, "--data-dir", data.Path], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [TestCase("select 1; drop table marts.t", 2)]
    [TestCase("select 1; select 2", 2)]
    [TestCase("select answer from marts.t; select 1; select 2", 3)]
    public void MoreThanOneStatement_IsRefusedBeforeAnyRuns(string sql, int count)
    {
        var (code, output, error) = Query(sql, "--format", "csv");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error, Does.Contain($"expected exactly one SQL statement, found {count}"));
            Assert.That(output, Is.Empty, "not even the first statement's result");
        }
    }

    [Test]
    public void SemicolonsInStringsAndComments_AreNoStatementSeparators()
    {
        var (code, output, error) = Query("select ';' as s, answer from marts.t -- ; drop table marts.t\n;", "--format", "csv");
        Assert.That(code, Is.Zero, error);
        Assert.That(output.Replace("\r", ""), Is.EqualTo("s,answer\n;,42\n"));
    }

    [Test]
    public void UnreadableSql_SaysWhatDuckDbExpected()
    {
        var (code, _, error) = Query("selec answer from marts.t");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("expected one SQL statement, found none DuckDB can read").And.Contain("syntax error"));
    }

    [Test]
    public void TheOperatorsLimits_AreInForce_AndTheQueryCannotRaiseThem()
    {
        var (code, output, error) = Query("select current_setting('memory_limit') as m, current_setting('threads') as t", "--memory-limit", "300MiB", "--threads", "1", "--format", "csv");
        Assert.That(code, Is.Zero, error);
        Assert.That(output.Replace("\r", ""), Is.EqualTo("m,t\n300.0 MiB,1\n"));

        var (raise, _, refused) = Query("set memory_limit = '100GiB'", "--memory-limit", "300MiB");
        Assert.That(raise, Is.EqualTo(1));
        Assert.That(refused, Does.Contain("refused").And.Contain("configuration has been locked"));
    }

    [Test]
    public void Settings_OptionsOverTheEnvironmentOverTheDefaults_AndMalformedValuesNameWhatWasFound()
    {
        var environment = new Dictionary<string, string>
        {
            [QuerySettings.TimeoutVariable] = "7", [QuerySettings.MemoryLimitVariable] = "1GiB", [QuerySettings.ThreadsVariable] = "3",
        };
        string? Variable(string name) => environment.GetValueOrDefault(name);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(QuerySettings.From(_ => null, null, null, null), Is.EqualTo(QuerySettings.Default));
            Assert.That(QuerySettings.From(Variable, null, null, null), Is.EqualTo(new QuerySettings(TimeSpan.FromSeconds(7), "1GiB", 3)));
            Assert.That(QuerySettings.From(Variable, 2, "256MiB", 1), Is.EqualTo(new QuerySettings(TimeSpan.FromSeconds(2), "256MiB", 1)));
            Assert.That(() => QuerySettings.From(_ => "soon", null, null, null),
                Throws.TypeOf<TalentData.PipelineException>().With.Message.Contains(QuerySettings.TimeoutVariable).And.Message.Contains("found 'soon'"));
            Assert.That(() => QuerySettings.From(_ => null, null, "a lot", null),
                Throws.TypeOf<TalentData.PipelineException>().With.Message.Contains("such as 2GiB").And.Message.Contains("found 'a lot'"));
            Assert.That(() => QuerySettings.From(_ => null, 0, null, null),
                Throws.TypeOf<TalentData.PipelineException>().With.Message.Contains("positive number of seconds, found 0"));
        }
    }

    [Test]
    public void RunawayCrossJoin_StopsAtTheTimeLimitWithAClearMessage()
    {
        var clock = Stopwatch.StartNew();
        using var query = CliProcess.Start(RepoPaths.Root, new Dictionary<string, string> { [QuerySettings.TimeoutVariable] = "2" },
            "query", "select count(*) from range(1000000) a, range(1000000) b, range(1000000) c", "--data-dir", data.Path);
        var code = query.WaitForExit(TimeSpan.FromSeconds(60));
        clock.Stop();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(1), query.Output + query.Error);
            Assert.That(query.Error, Does.Contain("stopped after the time limit of 2 s").And.Contain(QuerySettings.TimeoutVariable));
            // Two seconds of query plus the start of a .NET process; without the limit the join runs for days.
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        }
    }

    [Test]
    public void MemoryHungryQuery_StopsAtTheMemoryLimit_AndThePeakStaysUnderIt()
    {
        const int limitMiB = 256;
        var (_, _, baseline) = PeakOf("select 1", limitMiB);
        // A list of 400 million integers needs about 3 GiB.
        var (code, error, peak) = PeakOf("select max(len(l)) from (select list(range) as l from range(400000000))", limitMiB);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(1), error);
            Assert.That(error, Does.Contain($"stopped at the memory limit of {limitMiB}MiB").And.Contain("Out of Memory"));
            // memory_limit bounds DuckDB, not the .NET runtime: what the process needs beyond a trivial query stays under it.
            Assert.That(peak - baseline, Is.LessThan(limitMiB * 1024L * 1024L),
                $"peak {peak / 1048576} MiB, a trivial query's peak {baseline / 1048576} MiB");
        }
    }

    (int Code, string Error, long PeakBytes) PeakOf(string sql, int limitMiB)
    {
        using var query = CliProcess.Start(RepoPaths.Root, new Dictionary<string, string> { [QuerySettings.MemoryLimitVariable] = $"{limitMiB}MiB" },
            "query", sql, "--data-dir", data.Path);
        var status = $"/proc/{query.Id}/status";
        long peak = 0;
        var clock = Stopwatch.StartNew();
        // VmHWM only grows, so the last reading before the process ends is its peak (to within one poll).
        while (!query.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
                if (line is not null) peak = Math.Max(peak, long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024);
            }
            catch (IOException) { }
            Thread.Sleep(5);
        }
        var code = query.WaitForExit(TimeSpan.FromSeconds(60));
        Assert.That(peak, Is.GreaterThan(0), $"no VmHWM read from {status}");
        return (code, query.Error, peak);
    }
}
