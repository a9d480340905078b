using Dapper;
using TalentData.Project;
using TalentData.Warehouse;

namespace TalentData.Tests.Warehouse;

/// <summary>
/// What qa.check_results and qa.check_failures keep of a run's checks: one row per check with its outcome, the kept
/// failing rows of each failing check, and, when the operator stops the checks, the checks that ran before.
/// </summary>
public sealed class CheckRecordingTests
{
    static CheckDefinition Check(string name, string sql, string severity = "error", string model = "main.numbers") =>
        new(name, $"sql/checks/{name}.sql", sql, severity, [model], []);

    static TalentData.Warehouse.Warehouse Numbers()
    {
        var warehouse = TalentData.Warehouse.Warehouse.InMemory();
        warehouse.Connection.Execute("create table main.numbers as select n from range(1, 6) r(n)");
        return warehouse;
    }

    [Test]
    public void Run_PassingFailingBrokenAndNotRunChecks_EachRecordedWithItsOutcomeAndFailingRows()
    {
        using var warehouse = Numbers();
        var checkedAt = new DateTimeOffset(2026, 12, 5, 8, 30, 0, TimeSpan.Zero);
        CheckDefinition[] checks =
        [
            Check("assert_positive", "select n from main.numbers where n <= 0"),
            Check("assert_small", "select n from main.numbers where n > 3", severity: "warn"),
            Check("assert_broken", "select nothing from main.numbers"),
            Check("assert_elsewhere", "select 1", model: "core.missing"),
        ];

        CheckRunner.Run(warehouse, checks, "run-1", checkedAt, new HashSet<string> { "core.missing" });

        var results = warehouse.Connection.Query<(string Run, string Name, string File, string Models, string Severity, bool Passed, long Rows, string? Error, DateTime At)>(
            "select * from qa.check_results order by check_name").ToList();
        var failures = warehouse.Connection.Query<(string Run, string Name, int No, string Row)>(
            "select * from qa.check_failures order by check_name, sample_no").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(results.Select(r => (r.Name, r.Passed, r.Rows, r.Severity)), Is.EqualTo(new[]
            {
                ("assert_broken", false, 0L, "error"),
                ("assert_elsewhere", false, 0L, "error"),
                ("assert_positive", true, 0L, "error"),
                ("assert_small", false, 2L, "warn"),
            }));
            Assert.That(results.Select(r => r.Run).Distinct(), Is.EqualTo(new[] { "run-1" }));
            Assert.That(results.Select(r => r.At.ToUniversalTime()).Distinct(), Is.EqualTo(new[] { checkedAt.UtcDateTime }));
            Assert.That(results[0].Error, Does.StartWith("sql/checks/assert_broken.sql: ").And.Contain("nothing"));
            Assert.That(results[1].Error, Is.EqualTo("not run: core.missing is not available"));
            Assert.That(results[1].Models, Is.EqualTo("core.missing"));
            Assert.That(results[2].Error, Is.Null);
            Assert.That(results[3].File, Is.EqualTo("sql/checks/assert_small.sql"));
            Assert.That(failures, Is.EqualTo(new[] { ("run-1", "assert_small", 1, """{"n":4}"""), ("run-1", "assert_small", 2, """{"n":5}""") }));
        }
    }

    [Test]
    public void Run_StoppedDuringACheck_ChecksBeforeItRecordedTheStoppedOneNot()
    {
        using var warehouse = Numbers();
        CheckDefinition[] checks =
        [
            Check("assert_a_quick", "select n from main.numbers where n = 5"),
            // About 10^12 rows: only the interrupt ends it.
            Check("assert_b_slow", "select r.range from range(1000000000000) r where r.range < 0"),
            Check("assert_c_never", "select n from main.numbers where n < 0"),
        ];
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        Assert.That(() => CheckRunner.Run(warehouse, checks, "run-2", DateTimeOffset.UtcNow, new HashSet<string>(), cancel.Token),
            Throws.InstanceOf<OperationCanceledException>());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(warehouse.Connection.Query<(string, bool, long)>("select check_name, passed, failing_rows from qa.check_results order by check_name"),
                Is.EqualTo(new[] { ("assert_a_quick", false, 1L) }), "the check that ran is kept; the stopped one and the one after it have no result");
            Assert.That(warehouse.Connection.Query<string>("select row_json from qa.check_failures where check_name = 'assert_a_quick'"),
                Is.EqualTo(new[] { """{"n":5}""" }));
        }
    }

    [Test]
    public void InsertRows_ManyRowsWithNulls_LandInOneStatementInOrderWithTheirTypes()
    {
        using var warehouse = TalentData.Warehouse.Warehouse.InMemory();
        warehouse.Connection.Execute("create table main.t (no integer, name varchar, ok boolean, big bigint, stamped timestamptz)");
        var at = new DateTime(2026, 12, 5, 8, 30, 0, DateTimeKind.Utc);
        var rows = Enumerable.Range(1, 300).Select(i => new object?[] { i, i % 7 == 0 ? null : $"name {i}", i % 2 == 0, 10_000_000_000L + i, at }).ToList();

        TalentData.Warehouse.Warehouse.InsertRows(warehouse.Connection, "main.t", rows);
        TalentData.Warehouse.Warehouse.InsertRows(warehouse.Connection, "main.t", []);

        var back = warehouse.Connection.Query<(int No, string? Name, bool Ok, long Big, DateTime At)>("select * from main.t order by no").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(back, Has.Count.EqualTo(300));
            Assert.That(back[6], Is.EqualTo((7, (string?)null, false, 10_000_000_007L, back[6].At)));
            Assert.That(back[299].Name, Is.EqualTo("name 300"));
            Assert.That(back.Select(r => r.At.ToUniversalTime()).Distinct(), Is.EqualTo(new[] { at }));
        }
    }
}
