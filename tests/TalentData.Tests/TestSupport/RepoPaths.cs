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
    /// <summary>
    /// Where the folders go: /dev/shm, in memory, when the machine has one with room to spare and TMPDIR names no other
    /// place; else the system's temporary folder. The tests copy and write tens of MB of DuckDB files each, which DuckDB
    /// syncs at every checkpoint: in memory BadInputTests took 9 % less CPU and 15 % less time (55 s instead of 60 s of
    /// CPU). A small /dev/shm (a container's 64 MB) is left alone.
    /// </summary>
    static readonly string Root = System.IO.Path.Combine(InMemory() ?? System.IO.Path.GetTempPath(), "talentdata-tests");

    static string? InMemory()
    {
        const string shm = "/dev/shm";
        if (Environment.GetEnvironmentVariable("TMPDIR") is { Length: > 0 } || !Directory.Exists(shm))
            return null;
        try
        {
            if (new DriveInfo(shm).AvailableFreeSpace < 4L << 30)
                return null;
            Directory.CreateDirectory(System.IO.Path.Combine(shm, "talentdata-tests"));
            return shm;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    public string Path { get; } = System.IO.Path.Combine(Root, Guid.NewGuid().ToString("N")[..12]);

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
