using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Cli;

/// <summary>
/// `talentdata run` on a data folder it cannot write: one message naming the folder and what to do, exit code 1,
/// instead of DuckDB's stack trace. A permission bit stops writes only for a user other than root, so the folder is
/// made read-only that way where it works; where it does not (tests running as root), sysfs stands in: it refuses
/// new files to root as well.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // permission bits and sysfs
public class ReadOnlyDataFolderTests
{
    static (int Code, string Output, string Error) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = TalentData.Cli.Program.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Whether this process can still create a file in <paramref name="folder"/>.</summary>
    static bool CanWrite(string folder)
    {
        try
        {
            using (new FileStream(Path.Combine(folder, "probe"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>A folder this process cannot write, or null when there is none to be had.</summary>
    static string? ReadOnlyFolder(TempDir dir, string name)
    {
        var folder = Path.Combine(dir.Path, name);
        Directory.CreateDirectory(folder);
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        return CanWrite(folder) ? null : folder;
    }

    [Test]
    public void Run_OnAReadOnlyDataFolder_SaysWhichFolderAndWhatToDo()
    {
        using var dir = new TempDir();
        var folder = ReadOnlyFolder(dir, "data") ?? (Directory.Exists("/sys/fs") && !CanWrite("/sys/fs") ? "/sys/fs" : null);
        if (folder is null)
            Assert.Ignore("No folder refuses writes to this user: a permission bit does not stop root, and /sys/fs is not there to stand in.");
        try
        {
            var (code, output, error) = Run("run", "--data-dir", folder, "--pipeline", "dortmund_school_transitions");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(code, Is.EqualTo(1), output + error);
                Assert.That(error, Does.Contain($"The data folder {folder} must be writable").And.Contain("--data-dir").And.Contain("write access"));
                Assert.That(error + output, Does.Not.Contain("   at ").And.Not.Contain("DuckDB"), "no stack trace");
            }
        }
        finally
        {
            if (folder.StartsWith(dir.Path, StringComparison.Ordinal)) File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Test]
    public void Serve_OnAReadOnlyDataFolder_FailsAtStartNamingTheFolder()
    {
        using var dir = new TempDir();
        var folder = ReadOnlyFolder(dir, "data") ?? (Directory.Exists("/sys/fs") && !CanWrite("/sys/fs") ? "/sys/fs" : null);
        if (folder is null)
            Assert.Ignore("No folder refuses writes to this user: a permission bit does not stop root, and /sys/fs is not there to stand in.");
        try
        {
            Assert.That(() => TalentData.Cli.Serve.ServeApp.Build([
                    "--urls=http://127.0.0.1:0", $"--RepoRoot={RepoPaths.Root}", $"--DataDir={folder}", "--Hangfire:Storage=InMemory",
                ]),
                Throws.TypeOf<TalentData.PipelineException>().With.Message.Contains($"The data folder {folder} must be writable"));
        }
        finally
        {
            if (folder.StartsWith(dir.Path, StringComparison.Ordinal)) File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Test]
    public void Run_WithAReadOnlyWarehouseFolder_NamesThatFolder()
    {
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        Directory.CreateDirectory(data);
        var warehouse = ReadOnlyFolder(dir, Path.Combine("data", "warehouse"));
        if (warehouse is null)
            Assert.Ignore("A permission bit does not stop this user (root) from writing, and no read-only folder can be made inside a writable one without mounting.");
        try
        {
            var (code, _, error) = Run("run", "--data-dir", data, "--pipeline", "dortmund_school_transitions");
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error, Does.Contain($"The data folder {data} must be writable, but {warehouse} refused a new file"));
        }
        finally
        {
            File.SetUnixFileMode(warehouse, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
