namespace TalentData.Tests.TestSupport;

/// <summary>Finds the repository (the folder with TalentData.sln) and the folders the tests read in it.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Pipelines => Path.Combine(Root, "pipelines");
    public static string Sql => Path.Combine(Root, "sql");
    public static string SampleData => Path.Combine(Root, "sample-data");

    /// <summary>sample-data/realdata: unchanged real published files (GENESIS tables) with their licence notes, in the repository.</summary>
    public static string RealData => Path.Combine(Root, "sample-data", "realdata");

    /// <summary>
    /// ../shared/validators beside the repository: the specifications' own schemas and shapes, test inputs that are
    /// not part of the repository. Tests that need them skip without them (fail instead under CI, see Validators).
    /// </summary>
    public static string SharedValidators => Path.GetFullPath(Path.Combine(Root, "..", "shared", "validators"));

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TalentData.sln")))
                return dir.FullName;
        throw new InvalidOperationException("TalentData.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A temporary folder removed after the test.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "talentdata-tests", Guid.NewGuid().ToString("N")[..12]);

    public TempDir() => Directory.CreateDirectory(Path);

    public string File(string name, string content, System.Text.Encoding? encoding = null)
    {
        var full = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, content, encoding ?? new System.Text.UTF8Encoding(false));
        return full;
    }

    public string Bytes(string name, byte[] content)
    {
        var full = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllBytes(full, content);
        return full;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
