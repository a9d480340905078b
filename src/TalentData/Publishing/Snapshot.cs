using Dapper;

namespace TalentData.Publishing;

/// <summary>
/// Publishes the analysts' read-only copy of the warehouse: copy into a temporary file, then rename it over
/// the stable name. A reader that holds the old file keeps its inode and is never blocked; a new reader sees
/// the complete new file.
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

    public static void Publish(Warehouse.Warehouse warehouse, string snapshotPath)
    {
        var target = Path.GetFullPath(snapshotPath);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = Path.Combine(Path.GetDirectoryName(target)!, $"{TempPrefix}{Guid.NewGuid():N}.duckdb");
        var catalog = warehouse.Connection.ExecuteScalar<string>("select current_database()");
        try
        {
            warehouse.Connection.Execute($"attach '{temp.Replace("'", "''")}' as talentdata_snapshot");
            warehouse.Connection.Execute($"copy from database \"{catalog}\" to talentdata_snapshot");
            warehouse.Connection.Execute("detach talentdata_snapshot");
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
            if (File.Exists(temp + ".wal")) File.Delete(temp + ".wal");
        }
    }
}
