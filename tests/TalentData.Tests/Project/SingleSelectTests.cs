using Dapper;
using TalentData.Project;
using TalentData.Tests.Crash;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Project;

/// <summary>
/// A model or check runs with the loader's rights, so anything but one SELECT is refused when the manifest loads,
/// naming the file and the line of the offending statement; the run never starts.
/// </summary>
public sealed class SingleSelectTests
{
    const string Model = "sql/core/fct_social_indicators.sql";

    // Each kind of statement the runner must never execute from a model file, placed after a comment header so the
    // line in the message is the statement's own, not the file's first.
    [TestCase("drop table raw.dortmund_population__residents", "DROP")]
    [TestCase("create table core.evil as select 1 as x", "CREATE")]
    [TestCase("insert into ops.runs select * from ops.runs", "INSERT")]
    [TestCase("update ops.runs set status = 'succeeded'", "UPDATE")]
    [TestCase("delete from raw.dortmund_population__residents", "DELETE")]
    [TestCase("attach '/tmp/other.duckdb' as other", "ATTACH")]
    [TestCase("pragma enable_profiling", "PRAGMA")]
    [TestCase("copy (select 1) to '/tmp/out.csv'", "COPY")]
    [TestCase("install httpfs", "INSTALL")]
    [TestCase("load httpfs", "LOAD")]
    [TestCase("set enable_external_access = true", "SET")]
    public void Require_OtherStatementThanSelect_RefusedWithFileAndLine(string statement, string kind)
    {
        var text = $"-- grain: one row per nothing\n-- a second comment line\n{statement}\n";
        var ex = Assert.Throws<PipelineException>(() => SingleSelect.Require(Model, text, text.Trim()));
        Assert.That(ex!.Message, Does.StartWith($"{Model}, line 3: expected one SELECT statement (a model or check is a query; the runner creates the view or table)")
            .And.Contain($"found a {kind} statement"));
    }

    [Test]
    public void Require_SelectFollowedByDrop_RefusedAtTheLineOfTheSecondStatement()
    {
        var text = "-- grain: x\nwith a as (\n    select 1 as x -- a ';' in a comment\n)\nselect ';' as s, x from a;\n\ndrop table raw.dortmund_population__residents\n";
        var ex = Assert.Throws<PipelineException>(() => SingleSelect.Require(Model, text, text.Trim().TrimEnd(';')));
        Assert.That(ex!.Message, Is.EqualTo($"{Model}, line 7: expected one SELECT statement, found 2 statements (statement 2 starts with 'DROP'). " +
                                            "A model or check is one query without ';' between statements."));
    }

    [TestCase("select 1 as x")]
    [TestCase("with a as (select 1 as x) select * from a")]
    [TestCase("select 'drop table x; attach' as text, \"select;\" from (select 1 as \"select;\")")]
    [TestCase("select * from ref.regions where area_level = 'stadt'")]
    public void Require_OneSelect_Accepted(string sql) =>
        Assert.DoesNotThrow(() => SingleSelect.Require(Model, sql, sql));

    [Test]
    public void Load_ModelWithDrop_RefusedBeforeTheRunNamingFileAndLine()
    {
        using var repo = new RepoCopy();
        var file = Path.Combine(repo.Root, "sql", "core", "fct_social_indicators.sql");
        var original = File.ReadAllText(file);
        var lines = original.TrimEnd().Split('\n').Length;
        File.WriteAllText(file, original.TrimEnd() + ";\ndrop table raw.dortmund_population__residents\n");
        var ex = Assert.Throws<PipelineException>(() => ProjectManifest.Load(repo.Root, TalentData.Loading.ReaderFormats.All));
        Assert.That(ex!.Message, Does.StartWith($"{Model}, line {lines + 1}: expected one SELECT statement, found 2 statements (statement 2 starts with 'DROP')"));
    }

    [Test]
    public void Load_CheckWithSecondStatement_RefusedNamingTheCheckFile()
    {
        using var repo = new RepoCopy();
        File.WriteAllText(Path.Combine(repo.Root, "sql", "checks", "assert_nothing.sql"),
            "-- nothing\nselect * from marts.areas where false;\ndelete from ops.runs\n");
        var ex = Assert.Throws<PipelineException>(() => ProjectManifest.Load(repo.Root, TalentData.Loading.ReaderFormats.All));
        Assert.That(ex!.Message, Does.StartWith("sql/checks/assert_nothing.sql, line 3: expected one SELECT statement, found 2 statements (statement 2 starts with 'DELETE')"));
    }

    [Test]
    public void Run_ModelWithDrop_StopsBeforeAnythingRunsAndThePublicationAndRawDataStay()
    {
        using var repo = new RepoCopy();
        GoodRun.Instance.CopyTo(repo.Data);
        var exports = RunState.Exports(repo.Data);
        var snapshot = RunState.Sha(repo.Snapshot);
        var file = Path.Combine(repo.Root, "sql", "core", "fct_social_indicators.sql");
        File.WriteAllText(file, File.ReadAllText(file).TrimEnd() + ";\ndrop table raw.dortmund_population__residents\n");
        var ex = Assert.Throws<PipelineException>(() => repo.Run());
        Assert.That(ex!.Message, Does.Match($"^{Model}, line \\d+: expected one SELECT statement, found 2 statements \\(statement 2 starts with 'DROP'\\)"));
        Assert.That(RunState.Exports(repo.Data), Is.EqualTo(exports), "the last good exports, byte for byte");
        Assert.That(RunState.Sha(repo.Snapshot), Is.EqualTo(snapshot), "the last good snapshot");
        using var warehouse = TalentData.Warehouse.Warehouse.OpenReadOnly(Path.Combine(repo.Data, "warehouse", "work.duckdb"));
        Assert.That(warehouse.Connection.ExecuteScalar<long>("select count(*) from raw.dortmund_population__residents"), Is.GreaterThan(0), "the raw table is still there");
    }
}
