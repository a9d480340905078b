using System.Security.Cryptography;
using System.Text.Json;

namespace TalentData.Fetching;

/// <summary>A file landed unchanged under data/landing/&lt;source_id&gt;/&lt;sha256&gt;.&lt;ext&gt;.</summary>
public sealed record LandedFile(string SourceId, string Entity, string Origin, string Path, string Sha256, long Bytes, DateTimeOffset LandedAt);

/// <summary>Lands source bytes unchanged, content-addressed, and appends a manifest line per landing.</summary>
public sealed class Landing(string landingRoot, TimeProvider clock)
{
    public LandedFile Land(string sourceId, string entity, string origin, string localFile)
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
        if (File.Exists(target)) File.Delete(temp);
        else File.Move(temp, target);
        var landed = new LandedFile(sourceId, entity, origin, target, sha, bytes, clock.GetUtcNow());
        var line = JsonSerializer.Serialize(new
        {
            source_id = sourceId, entity, origin, path = Path.GetFileName(target), sha256 = sha, bytes,
            landed_at = landed.LandedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
        });
        File.AppendAllText(Path.Combine(directory, "manifest.jsonl"), line + "\n");
        return landed;
    }
}
