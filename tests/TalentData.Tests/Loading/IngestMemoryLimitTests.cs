using Dapper;
using TalentData.Loading;
using TalentData.Project;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Loading;

/// <summary>
/// RawLoader caps DuckDB's memory_limit while it loads a file at least as large as the cap, so that a load of millions
/// of rows keeps its memory flat (the benchmark's peak-memory target measures that). A smaller file is loaded under the
/// limit as it is: setting the limit makes DuckDB hand every freed page of the process back to the kernel, which the
/// next queries, and every other warehouse the process has open, then fault in again.
/// </summary>
public class IngestMemoryLimitTests
{
    [Test]
    public void CapsMemory_FromTheCapsOwnSizeOn()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(RawLoader.CapsMemory((64L << 20) - 1), Is.False);
            Assert.That(RawLoader.CapsMemory(64L << 20), Is.True);
            Assert.That(RawLoader.CapsMemory(2L << 30), Is.True);
            Assert.That(RawLoader.IngestMemoryLimit, Is.EqualTo("64MiB"), "the cap CapsMemory compares with");
        }
    }

    [Test]
    public void Load_OfAFileSmallerThanTheCap_LeavesTheMemoryLimitAsItWasThroughout()
    {
        const string source = "dortmund_population";
        var entity = PipelineCatalog.ParseFile(Path.Combine(RepoPaths.Pipelines, source + ".yaml"), ReaderFormats.All).Entities.Single();
        var file = Path.Combine(RepoPaths.SampleData, source, "residents.csv");
        Assume.That(RawLoader.CapsMemory(new FileInfo(file).Length), Is.False, "the sample is smaller than the cap");
        using var dir = new TempDir();
        using var warehouse = TalentData.Warehouse.Warehouse.OpenForWriting(Path.Combine(dir.Path, "work.duckdb"));
        warehouse.Connection.Execute("set memory_limit = '1GiB'");
        // memory_limit belongs to the database, so a second connection sees what the load sets while it runs.
        using var observer = warehouse.Duplicate();
        var seen = new List<string>();

        var load = RawLoader.Load(warehouse, source, entity, file, "landing/residents.csv", "run-1",
            _ => { lock (seen) seen.Add(observer.ExecuteScalar<string>("select current_setting('memory_limit')")!); },
            progressEveryRows: 200);

        Assert.That(load.RowsLoaded, Is.GreaterThan(1000));
        Assert.That(seen, Has.Count.GreaterThan(3), "progress was reported during the load");
        Assert.That(seen.Distinct(), Is.EqualTo(new[] { "1.0 GiB" }), "the limit during the load");
        Assert.That(warehouse.Connection.ExecuteScalar<string>("select current_setting('memory_limit')"), Is.EqualTo("1.0 GiB"), "after it");
    }
}
