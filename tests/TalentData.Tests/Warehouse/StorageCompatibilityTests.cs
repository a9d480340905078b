using Dapper;
using DuckDB.NET.Data;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Warehouse;

/// <summary>
/// The warehouse makes its files in the format DuckDB v1.1.0 reads (<see cref="TalentData.Warehouse.Warehouse.StorageCompatibility"/>),
/// whose column statistics are a small fraction of those of DuckDB's default (v0.10.2) format; a file made in the older
/// format still opens for writing and reading and keeps its data.
/// </summary>
public class StorageCompatibilityTests
{
    /// <summary>A table as wide as a mart: many text columns of a few hundred distinct values each.</summary>
    const string WideTable = "create table marts.wide as select " +
        "* from (select range as i from range(300)) cross join lateral (select {0})";

    static string Columns(int count) => string.Join(", ", Enumerable.Range(0, count).Select(c => $"'v' || ((i * {c + 1}) % 97) as c{c}"));

    static void MakeWide(DuckDBConnection connection, int columns)
    {
        connection.Execute("create schema if not exists marts");
        connection.Execute(string.Format(System.Globalization.CultureInfo.InvariantCulture, WideTable, Columns(columns)));
        connection.Execute("checkpoint");
    }

    [Test]
    public void ANewWarehouse_KeepsColumnStatisticsSmallerThanDuckDbsDefaultFormat()
    {
        const int columns = 400;
        using var dir = new TempDir();
        var ours = Path.Combine(dir.Path, "work.duckdb");
        var theDefault = Path.Combine(dir.Path, "default.duckdb");
        using (var writer = TalentData.Warehouse.Warehouse.OpenForWriting(ours))
            MakeWide(writer.Connection, columns);
        // The same table and block size, in the format DuckDB writes unless told otherwise.
        using (var plain = new DuckDBConnection($"Data Source={theDefault};default_block_size=16384"))
        {
            plain.Open();
            Assert.That(plain.ExecuteScalar<string>("select current_setting('storage_compatibility_version')"), Is.EqualTo("v0.10.2"), "DuckDB's default");
            MakeWide(plain, columns);
        }
        var saved = new FileInfo(theDefault).Length - new FileInfo(ours).Length;
        TestContext.Out.WriteLine($"default format {new FileInfo(theDefault).Length:N0} bytes, the warehouse's {new FileInfo(ours).Length:N0} bytes");
        Assert.That(saved, Is.GreaterThan(columns * 1024L), "the v0.10.2 format's statistics take over a KiB more per column");
        using var reader = TalentData.Warehouse.Warehouse.OpenReadOnly(ours);
        Assert.That(reader.Connection.ExecuteScalar<long>("select count(distinct c399) from marts.wide"), Is.EqualTo(97));
    }

    [Test]
    public void AWarehouseMadeInDuckDbsDefaultFormat_StillOpensForWritingAndReading_AndKeepsItsData()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "work.duckdb");
        using (var plain = new DuckDBConnection($"Data Source={path}"))
        {
            plain.Open();
            MakeWide(plain, 20);
        }
        using (var writer = TalentData.Warehouse.Warehouse.OpenForWriting(path))
        {
            writer.Connection.Execute("create table raw.t as select range as i from range(1000)");
            Assert.That(writer.Connection.ExecuteScalar<long>("select count(*) from marts.wide"), Is.EqualTo(300));
        }
        using var reader = TalentData.Warehouse.Warehouse.OpenReadOnly(path);
        Assert.That(reader.Connection.ExecuteScalar<long>("select sum(i)::bigint from raw.t"), Is.EqualTo(499500));
        Assert.That(reader.Connection.ExecuteScalar<string>("select max(c19) from marts.wide"), Is.EqualTo("v96"));
    }
}
