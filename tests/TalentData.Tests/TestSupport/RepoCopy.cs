using TalentData.Running;
using TalentData.Project;

namespace TalentData.Tests.TestSupport;

/// <summary>
/// A scratch copy of config/, pipelines/, sql/ and sample-data/ with its own data folder, so a test can break a sample
/// file or a model without touching the repository.
/// </summary>
public sealed class RepoCopy : IDisposable
{
    readonly TempDir dir = new();

    public string Root => Path.Combine(dir.Path, "repo");
    public string Data => Path.Combine(dir.Path, "data");

    public RepoCopy()
    {
        foreach (var folder in new[] { "config", "pipelines", "sql", "sample-data" })
            CopyDirectory(Path.Combine(RepoPaths.Root, folder), Path.Combine(Root, folder));
    }

    /// <summary>A copy of the project cut down to <paramref name="pipelines"/> (<see cref="ReducedProject"/>).</summary>
    public static RepoCopy Reduced(params string[] pipelines)
    {
        var cut = ReducedProject.Of(pipelines);
        var copy = new RepoCopy();
        foreach (var file in cut.DroppedFiles)
            File.Delete(Path.Combine(copy.Root, file));
        foreach (var folder in cut.DroppedSampleFolders)
            Directory.Delete(Path.Combine(copy.Root, folder), recursive: true);
        return copy;
    }

    public RunOptions Options(params string[] pipelines) => new(Root, Data, pipelines);

    public RunReport Run(params string[] pipelines) => new PipelineRunner(Options(pipelines), TimeProvider.System).Run();

    public string Sample(string relative) => Path.Combine(Root, "sample-data", relative);

    public string Export(string dataset, string file = "data.csv") => Path.Combine(Data, "exports", dataset, "latest", file);

    public string Snapshot => Path.Combine(Data, "warehouse", "talentdata.duckdb");

    /// <summary>Copies a folder, keeping symbolic links as links (exports/&lt;dataset&gt;/latest points at a release).</summary>
    public static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(to, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                if (entry is DirectoryInfo) Directory.CreateSymbolicLink(target, link);
                else File.CreateSymbolicLink(target, link);
            }
            else if (entry is DirectoryInfo directory) CopyDirectory(directory.FullName, target);
            else File.Copy(entry.FullName, target);
        }
    }

    public void Dispose() => dir.Dispose();
}
