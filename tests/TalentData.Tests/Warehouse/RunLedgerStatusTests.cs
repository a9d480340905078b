using Dapper;
using DuckDB.NET.Data;
using TalentData.Project;
using TalentData.Tests.TestSupport;
using TalentData.Warehouse;

namespace TalentData.Tests.Warehouse;

/// <summary>What status reads from the ledger of a warehouse it may only open read-only.</summary>
public class RunLedgerStatusTests
{
    [Test]
    public void Loads_WarehouseFromBeforeTheOriginColumns_NamesTheLandedFileInstead()
    {
        using var dir = new TempDir();
        GoodRun.Instance.CopyWarehouseAndLandingTo(dir.Path);
        var work = Path.Combine(dir.Path, "warehouse", "work.duckdb");
        // As a warehouse written before ops.source_loads recorded where each file came from.
        using (var c = new DuckDBConnection($"Data Source={work}"))
        {
            c.Open();
            c.Execute("alter table ops.source_loads drop column origin; alter table ops.source_loads drop column origin_path; alter table ops.source_loads drop column landed_path");
        }
        var manifest = RepoManifest.Instance;
        var table = manifest.RawTablesOf(manifest.Pipeline("dortmund_population")).Single();

        using var warehouse = TalentData.Warehouse.Warehouse.OpenReadOnly(work);
        var load = RunLedger.Loads(warehouse, table, 5).Single();

        Assert.That((load.Origin, load.File, load.RowsLoaded), Is.EqualTo(((string?)null, "sample-data/dortmund_population/residents.csv", 10416L)));
        Assert.That(load.LandedPath, Does.Match("^landing/dortmund_population/[0-9a-f]{64}\\.csv$"));
    }
}
