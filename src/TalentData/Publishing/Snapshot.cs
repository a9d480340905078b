using Dapper;

namespace TalentData.Publishing;

/// <summary>
/// Publishes the analysts' read-only copy of the warehouse: copy into a temporary file (<see cref="WriteCopy"/>), then,
/// at the run's commit, rename it over the stable name (<see cref="Replace"/>). A reader that holds the old file keeps
/// its inode and is never blocked; a new reader sees the complete new file.
/// </summary>
public static class Snapshot
{
    const string TempPrefix = ".snapshot-";

    /// <summary>Deletes the temporary copy a killed run was writing beside the snapshot; no run may be going.</summary>
    public static void DeleteUnfinishedCopies(string snapshotPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(snapshotPath))!;
        if (Directory.Exists(directory))
            foreach (var leftover in Directory.GetFiles(directory, TempPrefix + "*"))
                File.Delete(leftover);
    }

    /// <summary>Copies and replaces at once; for callers without a run to commit.</summary>
    public static void Publish(Warehouse.Warehouse warehouse, string snapshotPath) =>
        Replace(WriteCopy(warehouse, snapshotPath, null), snapshotPath);

    /// <summary>
    /// Writes the complete copy beside the snapshot and returns its path. The copy is taken before the run's ledger
    /// says how it ended, so the copy's own ledger is given the ending of <paramref name="finishingRun"/> (it only ever
    /// becomes the snapshot when that run commits). On failure nothing is left behind.
    /// </summary>
    public static string WriteCopy(Warehouse.Warehouse warehouse, string snapshotPath, (string RunId, string Status, string? Error, DateTime FinishedAt)? finishingRun)
    {
        var target = Path.GetFullPath(snapshotPath);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = Path.Combine(Path.GetDirectoryName(target)!, $"{TempPrefix}{Guid.NewGuid():N}.duckdb");
        var attached = false;
        try
        {
            // A checkpoint writes every committed change into the file and this process is its only writer, so a plain
            // copy of the file is the database as committed: far cheaper than re-encoding every table.
            warehouse.Connection.Execute("force checkpoint");
            File.Copy(warehouse.Path, temp);
            warehouse.Connection.Execute($"attach '{temp.Replace("'", "''")}' as talentdata_snapshot");
            attached = true;
            if (finishingRun is { } run)
                warehouse.Connection.Execute(
                    "update talentdata_snapshot.ops.runs set status = $status, error = $error, finished_at = $finished where run_id = $run",
                    new { status = run.Status, error = run.Error, finished = run.FinishedAt, run = run.RunId });
            warehouse.Connection.Execute("detach talentdata_snapshot");
            attached = false;
            return temp;
        }
        catch
        {
            if (attached)
                try { warehouse.Connection.Execute("detach talentdata_snapshot"); } catch (DuckDB.NET.Data.DuckDBException) { }
            if (File.Exists(temp)) File.Delete(temp);
            throw;
        }
        finally
        {
            if (File.Exists(temp + ".wal")) File.Delete(temp + ".wal");
        }
    }

    /// <summary>Renames a finished copy over the snapshot; a copy already renamed (a commit finished on recovery) is fine.</summary>
    public static void Replace(string copy, string snapshotPath)
    {
        if (File.Exists(copy))
            File.Move(copy, Path.GetFullPath(snapshotPath), overwrite: true);
    }
}
