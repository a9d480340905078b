using Dapper;
using DuckDB.NET.Data;
using TalentData.Tests.Crash;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Warehouse;

/// <summary>
/// TALENTDATA_DUCKDB_BLOCK_SIZE sets the block size of the DuckDB files the warehouse creates. The suite sets it to
/// 16 KiB (<see cref="TestEnvironment"/>), so a new file here must have 16 KiB blocks, while a file made before with
/// DuckDB's default keeps its own and still opens for writing and reading; the value itself is read strictly.
/// </summary>
public class BlockSizeSettingTests
{
    static readonly string Variable = TalentData.Warehouse.Warehouse.BlockSizeVariable;
    const long DuckDbDefault = 262144;

    static long BlockSize(DuckDBConnection connection) =>
        connection.ExecuteScalar<long>("select block_size from pragma_database_size() where database_name = current_database()");

    [Test]
    public void ANewWarehouse_HasTheBlockSizeTheVariableSets()
    {
        Assert.That(Environment.GetEnvironmentVariable(Variable), Is.EqualTo("16384"), "the suite's environment sets 16 KiB");
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "work.duckdb");
        using (var writer = TalentData.Warehouse.Warehouse.OpenForWriting(path))
        {
            writer.Connection.Execute("create table raw.t as select range as i from range(1000)");
            Assert.That(BlockSize(writer.Connection), Is.EqualTo(16384), "the new file");
        }
        using var reader = TalentData.Warehouse.Warehouse.OpenReadOnly(path);
        Assert.That(BlockSize(reader.Connection), Is.EqualTo(16384), "read back");
        Assert.That(reader.Connection.ExecuteScalar<long>("select sum(i)::bigint from raw.t"), Is.EqualTo(499500));
    }

    [Test]
    public void AWarehouseMadeWithDuckDbsDefault_KeepsItsBlockSize_AndStillOpensForWritingAndReading()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "work.duckdb");
        using (var old = new DuckDBConnection($"Data Source={path}"))
        {
            old.Open();
            old.Execute("create schema raw; create table raw.t as select range as i from range(1000)");
            Assert.That(BlockSize(old), Is.EqualTo(DuckDbDefault), "made without the setting");
        }
        using (var writer = TalentData.Warehouse.Warehouse.OpenForWriting(path))
        {
            writer.Connection.Execute("insert into raw.t select range from range(1000, 2000)");
            Assert.That(BlockSize(writer.Connection), Is.EqualTo(DuckDbDefault), "opened with the setting");
        }
        using var reader = TalentData.Warehouse.Warehouse.OpenReadOnly(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(BlockSize(reader.Connection), Is.EqualTo(DuckDbDefault), "read back");
            Assert.That(reader.Connection.ExecuteScalar<long>("select sum(i)::bigint from raw.t"), Is.EqualTo(1999000));
        }
    }

    [Test]
    public void Run_WithABadBlockSize_ExitsOneNamingTheVariable_AndKeepsTheLastGoodPublication()
    {
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        GoodRun.Instance.CopyTo(data);
        using var run = CliProcess.Start(RepoPaths.Root, new Dictionary<string, string> { [Variable] = "8192" }, "run", "--data-dir", data);
        var code = run.WaitForExit(TimeSpan.FromSeconds(120));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(1), run.Output + run.Error);
            Assert.That(run.Error, Does.Contain(Variable).And.Contain("found '8192'"));
            Assert.That(run.Error, Does.Not.Contain("at TalentData"), "a message, not a stack trace");
            Assert.That(RunState.Exports(data), Is.EqualTo(GoodRun.Instance.Exports), "the published files");
            Assert.That(RunState.Sha(Path.Combine(data, "warehouse", "talentdata.duckdb")), Is.EqualTo(GoodRun.Instance.SnapshotSha), "the snapshot");
        }
    }

    [TestCase(null, null)]
    [TestCase("", null)]
    [TestCase("16384", 16384)]
    [TestCase("65536", 65536)]
    [TestCase("262144", 262144)]
    public void BlockSizeFrom_UnsetOrOneOfDuckDbsBlockSizes_IsTheSize(string? value, int? expected) =>
        Assert.That(TalentData.Warehouse.Warehouse.BlockSizeFrom(value), Is.EqualTo(expected));

    [TestCase("8192")]
    [TestCase("20000")]
    [TestCase("524288")]
    [TestCase("16k")]
    [TestCase("-16384")]
    public void BlockSizeFrom_AnythingElse_IsRefusedNamingTheVariableTheSizesAndTheValue(string value)
    {
        var ex = Assert.Throws<PipelineException>(() => TalentData.Warehouse.Warehouse.BlockSizeFrom(value))!;
        Assert.That(ex.Message, Does.Contain(Variable).And.Contain($"found '{value}'").And.Contain("16384, 32768, 65536, 131072, 262144"));
    }
}
