using Dapper;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Warehouse;

/// <summary>
/// A second connection to an open warehouse, for reading on another thread: it must read the same data under the same
/// names, keep a read-only snapshot read-only, and neither open the file a second time nor close it for the first.
/// </summary>
public class DuplicateConnectionTests
{
    static string Snapshot(TempDir dir)
    {
        var path = Path.Combine(dir.Path, "snapshot.duckdb");
        using var writer = TalentData.Warehouse.Warehouse.OpenForWriting(path);
        writer.Connection.Execute("create table marts.t as select 42 as answer");
        return path;
    }

    [Test]
    public void Duplicate_OfAReadOnlySnapshot_ReadsTheFilesCatalogueAndStaysLocked()
    {
        using var dir = new TempDir();
        var path = Snapshot(dir);
        using (var warehouse = TalentData.Warehouse.Warehouse.OpenReadOnly(path))
        {
            using (var duplicate = warehouse.Duplicate())
                using (Assert.EnterMultipleScope())
                {
                    Assert.That(duplicate.ExecuteScalar<int>("select answer from marts.t"), Is.EqualTo(42), "unqualified names read the snapshot");
                    Assert.That(duplicate.ExecuteScalar<string>("select current_database()"), Is.EqualTo("snapshot"));
                    Assert.That(() => duplicate.Execute("create table marts.u as select 1"), Throws.Exception.With.Message.Contains("read-only"));
                    Assert.That(() => duplicate.Execute("set enable_external_access = true"), Throws.Exception, "the configuration stays locked");
                }
            Assert.That(warehouse.Connection.ExecuteScalar<int>("select answer from marts.t"), Is.EqualTo(42), "disposing the duplicate leaves the warehouse open");
        }
        Assert.That(OpenFiles.Into(dir.Path), Is.Empty, "no handle outlives the warehouse and its duplicate");
    }

    [Test]
    public void Duplicate_OfTheWritersWarehouse_SharesItsDatabaseAndSeesCommittedRows()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "work.duckdb");
        using var warehouse = TalentData.Warehouse.Warehouse.OpenForWriting(path);
        warehouse.Connection.Execute("create table marts.t as select 42 as answer");
        using (var duplicate = warehouse.Duplicate())
        {
            Assert.That(duplicate.ExecuteScalar<int>("select answer from marts.t"), Is.EqualTo(42), "no second lock on the file, the writer's rows");
            warehouse.Connection.Execute("insert into marts.t values (43)");
            Assert.That(duplicate.ExecuteScalar<int>("select max(answer) from marts.t"), Is.EqualTo(43), "one database, not a copy opened before the insert");
        }
        warehouse.Connection.Execute("insert into marts.t values (44)");
        Assert.That(warehouse.Connection.ExecuteScalar<long>("select count(*) from marts.t"), Is.EqualTo(3), "disposing the duplicate does not close the writer's database");
    }

    [Test]
    public void Duplicate_OfAnInMemoryWarehouse_ReadsItsTables()
    {
        using var warehouse = TalentData.Warehouse.Warehouse.InMemory();
        warehouse.Connection.Execute("create table marts.t as select 42 as answer");
        using var duplicate = warehouse.Duplicate();
        Assert.That(duplicate.ExecuteScalar<int>("select answer from marts.t"), Is.EqualTo(42));
    }
}
