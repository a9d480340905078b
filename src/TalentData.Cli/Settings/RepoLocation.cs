namespace TalentData.Cli.Settings;

/// <summary>Where the repository (config/, pipelines/, sql/) and the data folder are, for every verb and the web host.</summary>
public static class RepoLocation
{
    /// <summary>
    /// The folder holding pipelines/ and sql/: TALENTDATA_ROOT if set, else the nearest parent of the current
    /// directory (then of the executable) that has both.
    /// </summary>
    public static string FindRepoRoot()
    {
        if (Environment.GetEnvironmentVariable("TALENTDATA_ROOT") is { Length: > 0 } configured)
            return Path.GetFullPath(configured);
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (Directory.Exists(Path.Combine(dir.FullName, "pipelines")) && Directory.Exists(Path.Combine(dir.FullName, "sql")))
                    return dir.FullName;
        throw new TalentData.PipelineException("", "config",
            "Cannot find the folder with pipelines/ and sql/. Run talentdata from the repository, or set TALENTDATA_ROOT.");
    }

    /// <summary>
    /// The project folder a verb runs for: the city folder <paramref name="city"/> (--city) when given, which must hold
    /// config/city.yaml; else the repository (<see cref="FindRepoRoot"/>).
    /// </summary>
    public static string FindProjectRoot(string? city)
    {
        if (city is null)
            return FindRepoRoot();
        var folder = Path.GetFullPath(city);
        if (!File.Exists(Path.Combine(folder, TalentData.Project.City.File)))
            throw new TalentData.PipelineException("", "config",
                $"--city {city}: expected a city folder with {TalentData.Project.City.File} (and pipelines/, sample-data/, sql/staging/, sql/inputs/), found none at {folder}.");
        return folder;
    }

    /// <summary>
    /// The data folder: <paramref name="dataDir"/> when given; else data/ of the repository, and for a city folder inside it
    /// data/cities/&lt;slug&gt;/ of the repository, so each city has its own warehouse, jobs and exports side by side.
    /// </summary>
    public static string ResolveDataDir(string? dataDir, string repoRoot)
    {
        if (dataDir is not null)
            return Path.GetFullPath(dataDir);
        var folders = TalentData.Project.SqlFolders.Of(repoRoot);
        return folders.IsOverlay
            ? Path.GetFullPath(Path.Combine(Path.GetDirectoryName(folders.Shared)!, "data", "cities", Path.GetFileName(Path.GetFullPath(repoRoot).TrimEnd(Path.DirectorySeparatorChar))))
            : Path.GetFullPath(Path.Combine(repoRoot, "data"));
    }

    /// <summary>
    /// The host settings (--Key=value) a long-running verb (serve, worker) adds for <paramref name="city"/>: its folder as
    /// RepoRoot, its own data folder, and on PostgreSQL its own Hangfire schema <c>hangfire_&lt;slug&gt;</c> unless one is
    /// set (on the command line or as TalentData__Hangfire__Schema). Two cities in one schema would share one queue: a
    /// worker of one would take the other's source jobs and run them on its own project, and both have a job "run:all".
    /// </summary>
    public static IReadOnlyList<string> CityHostArguments(string city, string? dataDir, IReadOnlyList<string> otherArguments, Func<string, string?> environment)
    {
        var root = FindProjectRoot(city);
        var arguments = new List<string> { $"--RepoRoot={root}", $"--DataDir={ResolveDataDir(dataDir, root)}" };
        var schemaGiven = otherArguments.Any(a => a.StartsWith("--Hangfire:Schema=", StringComparison.OrdinalIgnoreCase))
                          || environment("TalentData__Hangfire__Schema") is { Length: > 0 };
        if (!schemaGiven)
            arguments.Add($"--Hangfire:Schema=hangfire_{Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar)).Replace('-', '_').ToLowerInvariant()}");
        return arguments;
    }
}
