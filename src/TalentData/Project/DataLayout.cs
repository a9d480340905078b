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
    /// <summary>The latest run's status for readers that may not open the working file (/health, the operators' page).</summary>
    public string LastRunPath => Path.Combine(WarehouseDir, "last-run.json");
    public string LandingRoot => Path.Combine(DataDir, "landing");
    /// <summary>
    /// Citizens' suggestions waiting for an operator (SQLite, not the warehouse: DuckDB locks its whole file, and a
    /// suggestion must never wait for a run). Outside exports/, so nothing of it is ever published.
    /// </summary>
    public string SuggestionsPath => Path.Combine(DataDir, "suggestions.sqlite");
    public string ExportsRoot => Path.Combine(DataDir, "exports");

    public const string SnapshotFile = "talentdata.duckdb";
    /// <summary>How messages name the snapshot, whatever the data folder is.</summary>
    public const string SnapshotDisplay = "data/warehouse/" + SnapshotFile;

    public string Landing(string sourceId) => Path.Combine(LandingRoot, sourceId);

    /// <summary>The folder of the current release of a dataset (a link to its dated release).</summary>
    public string Latest(string dataset) => Path.Combine(ExportsRoot, dataset, "latest");

    /// <summary>
    /// Fails with a message naming the folder when a run could not write the data folder or the folders it writes
    /// in it. Probed by creating a file, not by reading permission bits: a read-only mount, an immutable folder or
    /// a missing ACL refuse writes the bits do not show (and root passes every bit).
    /// </summary>
    public void EnsureWritable()
    {
        foreach (var folder in new[] { DataDir, WarehouseDir, LandingRoot, ExportsRoot })
        {
            try
            {
                Directory.CreateDirectory(folder);
                var probe = Path.Combine(folder, $".write-test-{Environment.ProcessId}-{Guid.NewGuid():N}");
                using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new PipelineException("", "config",
                    $"The data folder {DataDir} must be writable, but {folder} refused a new file ({ex.Message}). " +
                    "A run writes landing/, warehouse/ and exports/ there: give the user running talentdata write access to it, " +
                    "or choose another folder with --data-dir.", ex);
            }
        }
    }

    /// <summary>A path as the ledger records it: relative to the data folder, so the folder can move.</summary>
    public string Relative(string path) => Path.GetRelativePath(DataDir, path);
}
