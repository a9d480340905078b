namespace TalentData.Tests.TestSupport;

/// <summary>This process's open file descriptors, as /proc/self/fd shows them: what a leaked connection leaves behind.</summary>
public static class OpenFiles
{
    /// <summary>The targets of the descriptors that point into <paramref name="folder"/> (a deleted file reads "… (deleted)").</summary>
    public static List<string> Into(string folder)
    {
        var found = new List<string>();
        foreach (var fd in Directory.GetFiles("/proc/self/fd"))
        {
            string? target;
            try { target = new FileInfo(fd).LinkTarget; }
            catch (IOException) { continue; } // closed between listing and reading
            catch (UnauthorizedAccessException) { continue; }
            if (target is not null && target.StartsWith(folder, StringComparison.Ordinal))
                found.Add(target);
        }
        return found;
    }
}
