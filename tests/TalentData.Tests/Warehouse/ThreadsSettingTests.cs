using Dapper;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Warehouse;

/// <summary>
/// TALENTDATA_DUCKDB_THREADS caps the threads of every database the warehouse opens. The suite sets it to 1
/// (<see cref="TestEnvironment"/>), so the opens here must run on one thread; the value itself is read strictly.
/// </summary>
public class ThreadsSettingTests
{
    static readonly string Variable = TalentData.Warehouse.Warehouse.ThreadsVariable;

    [Test]
    public void EveryOpen_RunsOnTheThreadsTheVariableSets()
    {
        Assert.That(Environment.GetEnvironmentVariable(Variable), Is.EqualTo("1"), "the suite's environment sets one thread");
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "work.duckdb");
        using (var writer = TalentData.Warehouse.Warehouse.OpenForWriting(path))
        {
            using var second = writer.Duplicate();
            using (Assert.EnterMultipleScope())
            {
                Assert.That(writer.Connection.ExecuteScalar<long>("select current_setting('threads')"), Is.EqualTo(1), "the writer");
                Assert.That(second.ExecuteScalar<long>("select current_setting('threads')"), Is.EqualTo(1), "the writer's second connection");
            }
        }
        using var reader = TalentData.Warehouse.Warehouse.OpenReadOnly(path);
        using var scratch = TalentData.Warehouse.Warehouse.InMemory();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reader.Connection.ExecuteScalar<long>("select current_setting('threads')"), Is.EqualTo(1), "a read-only open");
            Assert.That(scratch.Connection.ExecuteScalar<long>("select current_setting('threads')"), Is.EqualTo(1), "an in-memory warehouse");
        }
    }

    [TestCase(null, null)]
    [TestCase("", null)]
    [TestCase("1", 1)]
    [TestCase("4", 4)]
    public void ThreadsFrom_UnsetOrAWholeNumber_IsTheCap(string? value, int? expected) =>
        Assert.That(TalentData.Warehouse.Warehouse.ThreadsFrom(value), Is.EqualTo(expected));

    [TestCase("0")]
    [TestCase("-2")]
    [TestCase("two")]
    [TestCase("1.5")]
    public void ThreadsFrom_AnythingElse_IsRefusedNamingTheVariableAndTheValue(string value)
    {
        var ex = Assert.Throws<PipelineException>(() => TalentData.Warehouse.Warehouse.ThreadsFrom(value))!;
        Assert.That(ex.Message, Does.Contain(Variable).And.Contain($"found '{value}'").And.Contain("whole number of threads above 0"));
    }
}
