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

    public static string ResolveDataDir(string? dataDir, string repoRoot) =>
        Path.GetFullPath(dataDir ?? Path.Combine(repoRoot, "data"));
}
