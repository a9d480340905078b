using System.Security.Cryptography;
using System.Text;
using TalentData.Project;
using TalentData.Publishing;

namespace TalentData.Running;

/// <summary>
/// What a run's results depend on, as fingerprints. A model's: its SQL and materialisation, the macros, the reference
/// data, the code that builds it, and the fingerprint of every model and raw-table version it reads, so a change
/// anywhere upstream changes it. The run's: every project file (sql/, pipelines/, config/), the publication settings,
/// the code and every raw table's version. The same fingerprint means the same result, so a model — or a whole run —
/// whose fingerprint equals that of its last build need not be built again.
/// </summary>
public sealed class RunInputs
{
    /// <summary>What no load filled yet; models that read it are not built.</summary>
    public const string NeverLoaded = "never loaded";

    /// <summary>Per model (qualified name), in the manifest's build order.</summary>
    public required IReadOnlyDictionary<string, string> Models { get; init; }
    public required string Run { get; init; }

    /// <param name="rawVersions">The run, file and definition of the last load of each raw table (<see cref="Warehouse.RunLedger.RawTableVersions"/>).</param>
    public static RunInputs Compute(ProjectManifest manifest, PublishSettings settings, IReadOnlyDictionary<(string SourceId, string Entity), string> rawVersions)
    {
        var code = CodeVersion;
        var shared = Hash(code, FilesHash(manifest.SqlRoot, "macros"), ReferenceHash(manifest.Sql), ProvenanceHash(manifest.RepoRoot));
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in manifest.RawTables)
            versions[table.QualifiedName] = rawVersions.GetValueOrDefault((table.SourceId, table.Entity.Entity), NeverLoaded);
        // The boundary files and the address table lie under config/, which the shared part does not cover: a model
        // that places by them depends on their bytes, and so, through it, does everything that reads it.
        var placement = Warehouse.DistrictPlacement.Fingerprint(manifest.City);
        string[] placementTables = [ProjectManifest.PlacementInputsTable, ProjectManifest.AddressDistrictsTable];
        var models = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var model in manifest.Models)
        {
            var reads = model.References.Select(r => $"{r}={models.GetValueOrDefault(r) ?? versions.GetValueOrDefault(r) ?? (placementTables.Contains(r) ? placement : "reference")}");
            string[] places = model.CallsDistrictAt ? [$"{SqlModel.DistrictAtFunction}={placement}"] : [];
            models[model.QualifiedName] = Hash([shared, model.QualifiedName, model.Materialization, model.Sql, .. reads, .. places]);
        }
        var run = Hash([code, $"threshold={settings.DisclosureThreshold}", $"base={settings.BaseUrl}",
            SqlHash(manifest.RepoRoot), FilesHash(manifest.RepoRoot, "pipelines"), FilesHash(manifest.RepoRoot, "config"),
            .. versions.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}")]);
        return new RunInputs { Models = models, Run = run };
    }

    /// <summary>The module version id changes with every build of different code, and only then (deterministic builds).</summary>
    static string CodeVersion => $"{typeof(RunInputs).Assembly.ManifestModule.ModuleVersionId} {typeof(DuckDB.NET.Data.DuckDBConnection).Assembly.GetName().Version}";

    /// <summary>
    /// The bytes a sample run or a publish reads, before anything is parsed: the code, the publication settings, every
    /// file under sql/, pipelines/ and config/, and in sample mode every file under sample-data/. Equal to the last,
    /// successful run's, the run would load nothing and rebuild nothing, so it keeps that run's publication without
    /// even reading the project. Null in live mode, where only a fetch shows whether a publisher's file changed.
    /// </summary>
    /// <remarks>
    /// A manual delivery (`run --file`) is part of what the run read: its bytes go into the fingerprint, so the plain
    /// run after it never takes the manual run's project files for its own and reads the sources again.
    /// </remarks>
    public static string? ProjectFiles(RunOptions options) => options.Mode == RunMode.Live ? null
        : Hash([CodeVersion, options.Mode.Name(), $"threshold={options.Publish.DisclosureThreshold}", $"base={options.Publish.BaseUrl}",
            SqlHash(options.RepoRoot), FilesHash(options.RepoRoot, "pipelines"), FilesHash(options.RepoRoot, "config"),
            options.Mode == RunMode.Sample ? FilesHash(options.RepoRoot, "sample-data") : "no samples",
            options.Manual is { } manual ? $"manual {manual.Entity} {FileHash(manual.File)}" : "no manual delivery"]);

    static string FileHash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The models whose fingerprint differs from their last build (or that were never built), each with why.</summary>
    public IReadOnlyList<(string Model, string Why)> Changed(ProjectManifest manifest, IReadOnlyDictionary<string, string> lastBuilds)
    {
        var changed = new List<(string, string)>();
        var rebuilt = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in manifest.Models)
        {
            var name = model.QualifiedName;
            if (lastBuilds.GetValueOrDefault(name) == Models[name])
                continue;
            rebuilt.Add(name);
            var upstream = model.References.Where(rebuilt.Contains).ToList();
            changed.Add((name, !lastBuilds.ContainsKey(name) ? "never built"
                : upstream.Count > 0 ? $"reads {string.Join(", ", upstream)}, which rebuilds"
                : "its SQL, a raw table it reads, the macros, the reference data or the code changed"));
        }
        return changed;
    }

    /// <summary>The sample files' declarations (ref.sample_files): a file declared real or synthetic anew changes what its values are called.</summary>
    static string ProvenanceHash(string repoRoot)
    {
        var samples = Path.Combine(repoRoot, "sample-data");
        if (!Directory.Exists(samples))
            return "sample-data: none";
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.GetFiles(samples, Fetching.SampleProvenance.FileName, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(repoRoot, file).Replace('\\', '/') + "\n"));
            hash.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The project's sql/, and for a city folder the repository's shared sql/ as well.</summary>
    static string SqlHash(string projectRoot)
    {
        var own = FilesHash(projectRoot, "sql");
        var folders = SqlFolders.Of(projectRoot);
        return folders.IsOverlay ? Hash(own, FilesHash(Path.GetDirectoryName(folders.Shared)!, "sql")) : own;
    }

    /// <summary>The code lists the city reads (the repository's, each replaced by the city's of the same name), by name and content.</summary>
    static string ReferenceHash(SqlFolders folders)
    {
        if (!folders.IsOverlay)
            return FilesHash(folders.Shared, "reference");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in folders.ReferenceFiles("*"))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(folders.Shown(file) + "\n"));
            hash.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    static string FilesHash(string root, string folder)
    {
        var directory = Path.Combine(root, folder);
        if (!Directory.Exists(directory))
            return $"{folder}: none";
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                     .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file + "\n"));
            using var stream = File.OpenRead(Path.Combine(root, file));
            hash.AppendData(SHA256.HashData(stream));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    static string Hash(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n\u001f", parts))));
}
