using System.CommandLine;

namespace TalentData.Cli.Commands;

/// <summary>Options and paths shared by the verbs.</summary>
public static class CommonOptions
{
    public static Option<string?> DataDir() => new("--data-dir")
    {
        Description = "Folder for landing files, the warehouse and the exports (default: data/ in the repository).",
    };

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
