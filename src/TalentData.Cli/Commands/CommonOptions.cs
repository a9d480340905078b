using System.CommandLine;

namespace TalentData.Cli.Commands;

/// <summary>Options shared by the verbs.</summary>
public static class CommonOptions
{
    public static Option<string?> DataDir() => new("--data-dir")
    {
        Description = "Folder for landing files, the warehouse and the exports (default: data/ in the repository).",
    };

}
