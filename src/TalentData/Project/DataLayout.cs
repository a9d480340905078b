namespace TalentData.Project;

/// <summary>
/// Where everything lives under the data folder (data/ by default): the loader's own warehouse, the published
/// snapshot, landed files and exports. Every path of the data folder is built here and nowhere else.
/// </summary>
public sealed record DataLayout(string DataDir)
{
    public string WarehouseDir => Path.Combine(DataDir, "warehouse");
    /// <summary>The loader's own file; only the running job opens it (DuckDB locks the whole file).</summary>
    public string WorkPath => Path.Combine(WarehouseDir, "work.duckdb");
    /// <summary>The read-only copy analysts query, replaced atomically after a successful run.</summary>
    public string SnapshotPath => Path.Combine(WarehouseDir, SnapshotFile);
    /// <summary>
    /// The commit record of a run between its commit point and its end: while it exists, the run's publication is
    /// decided but not yet wholly in place, and the next start completes it.
    /// </summary>
    public string CommitPath => Path.Combine(WarehouseDir, "pending-commit.json");
    public string LandingRoot => Path.Combine(DataDir, "landing");
    public string ExportsRoot => Path.Combine(DataDir, "exports");

    public const string SnapshotFile = "talentdata.duckdb";
    /// <summary>How messages name the snapshot, whatever the data folder is.</summary>
    public const string SnapshotDisplay = "data/warehouse/" + SnapshotFile;

    public string Landing(string sourceId) => Path.Combine(LandingRoot, sourceId);

    /// <summary>The folder of the current release of a dataset (a link to its dated release).</summary>
    public string Latest(string dataset) => Path.Combine(ExportsRoot, dataset, "latest");

    /// <summary>A path as the ledger records it: relative to the data folder, so the folder can move.</summary>
    public string Relative(string path) => Path.GetRelativePath(DataDir, path);
}
