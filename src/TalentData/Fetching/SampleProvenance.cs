using System.Security.Cryptography;
using TalentData.Project;
using YamlDotNet.Core;

namespace TalentData.Fetching;

/// <summary>
/// A bundled sample file as its folder's provenance.yaml declares it: synthetic or the publisher's own, the periods
/// whose rows are the publisher's unchanged, and a sentence on where it comes from.
/// </summary>
public sealed record SampleFile(string Path, bool Synthetic, IReadOnlyList<string> RealPeriods, string Origin, string Sha256)
{
    /// <summary>Wholly made up: no period of it is the publisher's.</summary>
    public bool WhollySynthetic => Synthetic && RealPeriods.Count == 0;
}

/// <summary>
/// The provenance declarations of sample-data/&lt;source_id&gt;/provenance.yaml. Files are known by content (sha256), so
/// a bundled file is recognised wherever it was landed from — also when a "live" URL serves the same bytes.
/// </summary>
public sealed class SampleProvenance
{
    public const string FileName = "provenance.yaml";

    readonly Dictionary<string, SampleFile> bySha = new(StringComparer.Ordinal);
    readonly Dictionary<string, SampleFile> byPath = new(StringComparer.Ordinal);

    public IReadOnlyCollection<SampleFile> Files => byPath.Values;

    public SampleFile? BySha256(string sha256) => bySha.GetValueOrDefault(sha256);

    /// <summary>The declaration of a repository-relative sample path (forward slashes).</summary>
    public SampleFile? ByPath(string repoRelative) => byPath.GetValueOrDefault(repoRelative.Replace('\\', '/'));

    /// <summary>Reads every sample-data/*/provenance.yaml; a declared file that is missing or a malformed declaration is an error.</summary>
    public static SampleProvenance Load(string repoRoot)
    {
        var result = new SampleProvenance();
        var root = System.IO.Path.Combine(repoRoot, "sample-data");
        if (!Directory.Exists(root))
            return result;
        foreach (var folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var declaration = System.IO.Path.Combine(folder, FileName);
            if (!File.Exists(declaration))
                continue;
            var relativeDeclaration = System.IO.Path.GetRelativePath(repoRoot, declaration).Replace('\\', '/');
            ProvenanceYaml yaml;
            try
            {
                yaml = StrictYaml.Deserializer.Deserialize<ProvenanceYaml>(File.ReadAllText(declaration))
                       ?? throw new PipelineException("", "config", $"{relativeDeclaration} is empty; expected 'files:' with one entry per bundled file.");
            }
            catch (YamlException ex)
            {
                throw new PipelineException("", "config", $"{relativeDeclaration}, line {ex.Start.Line}: {ex.InnerException?.Message ?? ex.Message}");
            }
            foreach (var entry in yaml.Files)
            {
                var path = System.IO.Path.Combine(folder, entry.File);
                var relative = System.IO.Path.GetRelativePath(repoRoot, path).Replace('\\', '/');
                if (!File.Exists(path))
                    throw new PipelineException("", "config", $"{relativeDeclaration} declares '{entry.File}', but {relative} does not exist.");
                if (!entry.Synthetic && entry.RealPeriods.Count > 0)
                    throw new PipelineException("", "config", $"{relativeDeclaration}, '{entry.File}': real_periods names the real part of a synthetic file; a file that is wholly the publisher's has synthetic: false and no real_periods.");
                using var stream = File.OpenRead(path);
                var sha = Convert.ToHexStringLower(SHA256.HashData(stream));
                var file = new SampleFile(relative, entry.Synthetic, entry.RealPeriods, entry.Origin, sha);
                result.byPath[relative] = file;
                result.bySha.TryAdd(sha, file);
            }
        }
        return result;
    }

    sealed class ProvenanceYaml
    {
        public required List<ProvenanceEntry> Files { get; set; }
    }

    sealed class ProvenanceEntry
    {
        public required string File { get; set; }
        public required bool Synthetic { get; set; }
        public List<string> RealPeriods { get; set; } = [];
        public required string Origin { get; set; }
    }
}
