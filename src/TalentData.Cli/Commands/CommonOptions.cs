using System.CommandLine;

namespace TalentData.Cli.Commands;

/// <summary>Options shared by the verbs.</summary>
public static class CommonOptions
{
    public static Option<string?> DataDir() => new("--data-dir")
    {
        Description = "Folder for landing files, the warehouse and the exports (default: data/ in the repository; data/cities/<slug>/ for --city).",
    };

    public static Option<string?> City() => new("--city")
    {
        Description = "Run for the city configured in this folder (e.g. cities/musterstadt): its config, pipelines, sample data, staging, "
                    + "inputs and code lists over the repository's shared SQL; default: the repository's own city.",
        HelpName = "DIR",
    };

}
