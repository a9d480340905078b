namespace TalentData.Project;

/// <summary>
/// Where each part of sql/ comes from for one city. A city folder (<c>cities/&lt;slug&gt;/</c>) overlays the repository: its
/// <c>sql/staging/</c> and <c>sql/inputs/</c> replace the repository's (no other city's source leaks in), a code list in its
/// <c>sql/reference/</c> replaces the repository's file of the same name, and the shared core, marts, checks and macros
/// are the repository's. The repository root is Dortmund's city folder, so there both are the same folder. Every path
/// is resolved here, and <see cref="Shown"/> names a file by where it really is, so errors point at the real file.
/// </summary>
public sealed class SqlFolders
{
    /// <summary>The layers a city folder provides itself; the others are the repository's, shared by every city.</summary>
    public static readonly string[] CityLayers = ["staging", "inputs"];

    /// <summary>The repository's sql/ folder: core, marts, checks, macros and the shared code lists.</summary>
    public string Shared { get; }
    /// <summary>The city's sql/ folder; the same as <see cref="Shared"/> for the repository itself.</summary>
    public string City { get; }
    /// <summary>The folder paths are shown relative to (the repository); null for a lone sql/ folder, shown as sql/….</summary>
    readonly string? shownRoot;

    SqlFolders(string shared, string city, string? shownRoot)
    {
        Shared = shared;
        City = city;
        this.shownRoot = shownRoot;
    }

    /// <summary>One sql/ folder holding every layer (the repository, or a test's scratch folder).</summary>
    public static SqlFolders Single(string sqlRoot) => new(sqlRoot, sqlRoot, null);

    /// <summary>
    /// The sql/ folders of the project at <paramref name="projectRoot"/>: a folder with sql/core/ is a whole project; any
    /// other (a city folder) takes the shared parts from the nearest folder above it that has sql/core/.
    /// </summary>
    public static SqlFolders Of(string projectRoot)
    {
        var root = Path.GetFullPath(projectRoot);
        var repository = RepositoryOf(root) ?? throw new PipelineException("", "config",
            $"{projectRoot}: expected a project folder with sql/core/, or a city folder (config/city.yaml, pipelines/, sql/staging/, sql/inputs/) " +
            "inside one; found neither here nor in any folder above.");
        return new SqlFolders(Path.Combine(repository, "sql"), Path.Combine(root, "sql"), repository);
    }

    /// <summary>The folder with sql/core/ a project folder belongs to: itself (a whole project) or the nearest above it (a city folder); null for none.</summary>
    static string? RepositoryOf(string root)
    {
        for (string? folder = root; folder is not null; folder = Path.GetDirectoryName(folder))
            if (Directory.Exists(Path.Combine(folder, "sql", "core")))
                return folder;
        return null;
    }

    /// <summary>
    /// A file of the project at <paramref name="projectRoot"/> (e.g. config/city.yaml) as errors name it: relative to the
    /// repository for a city folder inside it (cities/&lt;slug&gt;/config/city.yaml), else as given.
    /// </summary>
    public static string ShownFile(string projectRoot, string relative)
    {
        var root = Path.GetFullPath(projectRoot);
        return RepositoryOf(root) is { } repository && repository != root
            ? Path.GetRelativePath(repository, Path.Combine(root, relative)).Replace('\\', '/')
            : relative;
    }

    /// <summary>True for a city folder that overlays the repository (not the repository itself).</summary>
    public bool IsOverlay => City != Shared;

    /// <summary>The folder of one layer (staging, inputs, core, marts, checks, macros).</summary>
    public string Layer(string layer) => Path.Combine(CityLayers.Contains(layer) ? City : Shared, layer);

    /// <summary>The code lists (and their schemas) matching <paramref name="pattern"/>: the repository's, each replaced by the city's file of the same name.</summary>
    public IReadOnlyList<string> ReferenceFiles(string pattern)
    {
        var byName = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in new[] { Shared, City }.Distinct())
        {
            var directory = Path.Combine(folder, "reference");
            if (Directory.Exists(directory))
                foreach (var file in Directory.GetFiles(directory, pattern))
                    byName[Path.GetFileName(file)] = file;
        }
        return [.. byName.Values];
    }

    /// <summary>The code list <paramref name="fileName"/> (e.g. regions.csv) this city reads, or null when there is none.</summary>
    public string? Reference(string fileName) => ReferenceFiles(fileName).FirstOrDefault();

    /// <summary>A file as errors and the ledger name it: relative to the repository (cities/&lt;slug&gt;/sql/… for a city's own).</summary>
    public string Shown(string file) => shownRoot is null
        ? "sql/" + Path.GetRelativePath(Shared, file).Replace('\\', '/')
        : Path.GetRelativePath(shownRoot, Path.GetFullPath(file)).Replace('\\', '/');
}
