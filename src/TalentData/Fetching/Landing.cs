using System.Security.Cryptography;
using System.Text.Json;

namespace TalentData.Fetching;

/// <summary>A file landed unchanged under data/landing/&lt;source_id&gt;/&lt;sha256&gt;.&lt;ext&gt;.</summary>
public sealed record LandedFile(string SourceId, string Entity, string Origin, string Path, string Sha256, long Bytes, DateTimeOffset LandedAt);

/// <summary>Lands source bytes unchanged, content-addressed, and appends a manifest line per landing.</summary>
public sealed class Landing(string landingRoot, TimeProvider clock)
{
    /// <param name="origin">The sample path, the URL, or "manual" for a file an operator handed over (`run --file`).</param>
    /// <param name="originalPath">For a manual delivery, the file's path as handed over: the manifest keeps it beside the hash.</param>
    public LandedFile Land(string sourceId, string entity, string origin, string localFile, string? originalPath = null)
    {
        if (!File.Exists(localFile))
            throw new PipelineException(sourceId, "land", $"{localFile} does not exist; expected the file for entity '{entity}' (see 'sample' in pipelines/{sourceId}.yaml).");
        var directory = Path.Combine(landingRoot, sourceId);
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".incoming-{Guid.NewGuid():N}");
        string sha;
        long bytes;
        using (var input = File.OpenRead(localFile))
        using (var output = File.Create(temp))
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            var buffer = new byte[1 << 16];
            int n;
            while ((n = input.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, n);
                output.Write(buffer, 0, n);
            }
            output.Flush(flushToDisk: true);
            sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            bytes = output.Length;
        }
        var extension = Path.GetExtension(localFile);
        var target = Path.Combine(directory, sha + (string.IsNullOrEmpty(extension) ? ".dat" : extension));
        // Parse jobs on several workers may land the same bytes at once: the rename replaces identical content.
        if (File.Exists(target)) File.Delete(temp);
        else File.Move(temp, target, overwrite: true);
        var landed = new LandedFile(sourceId, entity, origin, target, sha, bytes, clock.GetUtcNow());
        var landedAt = landed.LandedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ");
        var line = originalPath is null
            ? JsonSerializer.Serialize(new { source_id = sourceId, entity, origin, path = Path.GetFileName(target), sha256 = sha, bytes, landed_at = landedAt })
            : JsonSerializer.Serialize(new { source_id = sourceId, entity, origin, original_path = originalPath, path = Path.GetFileName(target), sha256 = sha, bytes, landed_at = landedAt });
        File.AppendAllText(Path.Combine(directory, "manifest.jsonl"), line + "\n");
        return landed;
    }

    /// <summary>
    /// Removes the source's rejected deliveries beyond the retention, newest kept first: every landed file whose
    /// sha256 is not in <paramref name="accepted"/> (the files a load accepted) counts as rejected. Returns what it removed.
    /// </summary>
    public IReadOnlyList<RemovedDelivery> PruneRejected(string sourceId, IReadOnlySet<string> accepted, LandingRetention retention)
    {
        var directory = new DirectoryInfo(Path.Combine(landingRoot, sourceId));
        if (!directory.Exists)
            return [];
        var rejected = directory.EnumerateFiles()
            .Where(f => f.Name != "manifest.jsonl" && !f.Name.StartsWith(".incoming-", StringComparison.Ordinal) && f.LinkTarget is null)
            .Where(f => !accepted.Contains(Path.GetFileNameWithoutExtension(f.Name)))
            .OrderByDescending(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        var removed = new List<RemovedDelivery>();
        long kept = 0;
        var keptCount = 0;
        foreach (var file in rejected)
        {
            if (keptCount < retention.RejectedCount && kept + file.Length <= retention.RejectedBytes)
            {
                keptCount++;
                kept += file.Length;
                continue;
            }
            var bytes = file.Length;
            file.Delete();
            removed.Add(new RemovedDelivery(sourceId, file.Name, bytes));
        }
        return removed;
    }
}

/// <summary>
/// How many rejected deliveries (landed files that no load accepted) landing keeps per source, and how many bytes of
/// them: enough to look at what the publisher sent, not a growing heap (a 2.1 GB copy once stayed forever). Files a
/// load accepted are the raw record of the warehouse and are always kept.
/// </summary>
public sealed record LandingRetention(int RejectedCount = LandingRetention.DefaultCount, long RejectedBytes = LandingRetention.DefaultBytes)
{
    public const int DefaultCount = 3;
    public const long DefaultBytes = 256L * 1024 * 1024;
    public const string CountVariable = "TalentData__Landing__KeepRejected";
    public const string MegabytesVariable = "TalentData__Landing__KeepRejectedMb";

    /// <summary>The retention from the environment, falling back to the defaults; a malformed value fails clearly.</summary>
    public static LandingRetention FromEnvironment(Func<string, string?> variable)
    {
        static long Read(Func<string, string?> variable, string name, long fallback) =>
            variable(name) is not { Length: > 0 } text ? fallback
            : long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value
            : throw new PipelineException("", "config", $"{name} must be a whole number of at least 0, found '{text}'.");
        return new LandingRetention((int)Math.Min(int.MaxValue, Read(variable, CountVariable, DefaultCount)), Read(variable, MegabytesVariable, DefaultBytes / (1024 * 1024)) * 1024 * 1024);
    }
}

/// <summary>A rejected delivery landing removed under its retention.</summary>
public sealed record RemovedDelivery(string SourceId, string File, long Bytes);
