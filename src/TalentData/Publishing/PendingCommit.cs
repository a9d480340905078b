using System.Text.Json;
using TalentData.Project;
using TalentData.Warehouse;

namespace TalentData.Publishing;

/// <summary>
/// The commit point of a run. Everything a run publishes is first written where nobody reads it — staged releases, a
/// staged catalogue, a copy of the snapshot — and then this record is written durably. From that moment the run's
/// publication is decided: <see cref="Apply"/> renames the snapshot copy into place, names every staged release and
/// points its <c>latest</c> at it, renames the catalogue and only then writes the run's ending into the ledger. Every
/// step is idempotent, so a run killed (or out of disk) half-way through is completed by the next start from this
/// record; a run that never wrote it changed nothing that is published, and the next start discards what it staged.
/// Exports, snapshot and ledger therefore move together or not at all, and the ledger never says "succeeded" first.
/// </summary>
public sealed record PendingCommit(string RunId, string Status, string? Error, string? SnapshotCopy,
    IReadOnlyDictionary<string, string> Releases, bool Catalog)
{
    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Writes the record under a temporary name, flushes it to disk and renames it into place: the commit point.</summary>
    public void Write(string path)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, this, Json);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The record a killed run left, or null; a record that cannot be read is an error naming the file.</summary>
    public static PendingCommit? Read(string path)
    {
        if (!File.Exists(path))
            return null;
        try
        {
            return JsonSerializer.Deserialize<PendingCommit>(File.ReadAllBytes(path), Json)
                ?? throw new JsonException("the file holds null");
        }
        catch (JsonException ex)
        {
            throw new PipelineException("", "commit",
                $"{path}: expected the commit record of an interrupted run (JSON with RunId, Status, Releases), found unreadable content ({ex.Message}). " +
                "Nothing was changed; move the file aside and run again to discard what that run had staged.", ex);
        }
    }

    /// <summary>Puts the whole publication in place, ends the run in the ledger and removes the record.</summary>
    public void Apply(DataLayout data, ReleaseStore store, RunLedger ledger)
    {
        if (SnapshotCopy is not null)
            Snapshot.Replace(Path.Combine(data.WarehouseDir, SnapshotCopy), data.SnapshotPath);
        foreach (var (slug, release) in Releases.OrderBy(r => r.Key, StringComparer.Ordinal))
            store.Commit(slug, release);
        if (Catalog)
            store.CommitFile(DcatWriter.CatalogFile);
        ledger.FinishRun(Status, Error);
        File.Delete(data.CommitPath);
    }
}
