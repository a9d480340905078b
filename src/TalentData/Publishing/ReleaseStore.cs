using System.Globalization;
using System.Runtime.InteropServices;

namespace TalentData.Publishing;

/// <summary>
/// data/exports/&lt;slug&gt;/: one folder per release, named by the UTC date of the run (2026-11-26; a second
/// different release on the same day is 2026-11-26.2, then .3, ...), never changed once written, and <c>latest</c>, a
/// symbolic link to the newest release. A release is written completely into a hidden temporary folder and renamed
/// into place; then a new link is renamed over <c>latest</c> with rename(2), which replaces it atomically: a harvester
/// sees the old release or the new one, never a mixture or a half-written file.
/// </summary>
public sealed class ReleaseStore(string exportsRoot)
{
    public const string Latest = "latest";

    public string Root { get; } = Path.GetFullPath(exportsRoot);

    public string DatasetDirectory(string slug) => Path.Combine(Root, slug);

    /// <summary>The release <c>latest</c> points at (null for a folder from before releases existed), or null when nothing is published.</summary>
    public (string? Release, string Directory)? Current(string slug)
    {
        var latest = Path.Combine(DatasetDirectory(slug), Latest);
        var info = new DirectoryInfo(latest);
        if (info.LinkTarget is { } target)
            return Directory.Exists(latest) ? (Path.GetFileName(target.TrimEnd('/')), Path.GetFullPath(Path.Combine(DatasetDirectory(slug), target))) : null;
        return info.Exists ? (null, latest) : null;
    }

    public byte[]? ReadCurrent(string slug, string file) =>
        Current(slug) is { } current && File.Exists(Path.Combine(current.Directory, file))
            ? File.ReadAllBytes(Path.Combine(current.Directory, file))
            : null;

    /// <summary>The first free name for a release on this date.</summary>
    public string NextReleaseName(string slug, DateTimeOffset now)
    {
        var date = now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var directory = DatasetDirectory(slug);
        if (!Directory.Exists(Path.Combine(directory, date)))
            return date;
        for (var n = 2; ; n++)
            if (!Directory.Exists(Path.Combine(directory, $"{date}.{n}")))
                return $"{date}.{n}";
    }

    /// <summary>Writes the release folder, then points <c>latest</c> at it. On failure <c>latest</c> is untouched.</summary>
    public void Publish(string slug, string release, IReadOnlyDictionary<string, byte[]> files)
    {
        var directory = DatasetDirectory(slug);
        Directory.CreateDirectory(directory);
        RemoveLeftovers(directory);
        var target = Path.Combine(directory, release);
        if (Directory.Exists(target))
            throw new PipelineException("", "publish", $"{target} exists already; releases are never overwritten.");
        var temp = Path.Combine(directory, $".tmp-{release}-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(temp);
            foreach (var (name, bytes) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
                WriteDurably(Path.Combine(temp, name), bytes);
            Directory.Move(temp, target);
        }
        finally
        {
            if (Directory.Exists(temp))
                Directory.Delete(temp, recursive: true);
        }
        PointLatestAt(directory, release);
    }

    /// <summary>Replaces a file of the exports root (the catalogue) by rename; false when the content is unchanged.</summary>
    public bool WriteFile(string name, byte[] bytes)
    {
        Directory.CreateDirectory(Root);
        var path = Path.Combine(Root, name);
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
            return false;
        var temp = Path.Combine(Root, $".{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            WriteDurably(temp, bytes);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
        return true;
    }

    static void WriteDurably(string path, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    void PointLatestAt(string directory, string release)
    {
        var latest = Path.Combine(directory, Latest);
        var link = Path.Combine(directory, $".latest-{Guid.NewGuid():N}");
        File.CreateSymbolicLink(link, release);
        string? legacy = null;
        try
        {
            // Before releases, latest/ was a plain folder; rename(2) cannot put a link over a folder, so it moves aside first.
            if (Directory.Exists(latest) && new DirectoryInfo(latest).LinkTarget is null)
            {
                legacy = Path.Combine(directory, $".legacy-latest-{Guid.NewGuid():N}");
                Directory.Move(latest, legacy);
            }
            if (Native.rename(link, latest) != 0)
                throw new PipelineException("", "publish",
                    $"Could not point {latest} at {release}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}. " +
                    "The release folder is complete; the previous release stays the latest.");
        }
        catch
        {
            if (legacy is not null && !Directory.Exists(latest))
                Directory.Move(legacy, latest);
            File.Delete(link);
            throw;
        }
        if (legacy is not null)
            Directory.Delete(legacy, recursive: true);
    }

    /// <summary>Temporary folders and links of a run that died half-way; never a release.</summary>
    static void RemoveLeftovers(string directory)
    {
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos(".*"))
        {
            if ((entry.Name.StartsWith(".tmp-", StringComparison.Ordinal) || entry.Name.StartsWith(".legacy-latest-", StringComparison.Ordinal))
                && entry is DirectoryInfo temp && temp.LinkTarget is null)
                temp.Delete(recursive: true);
            else if (entry.Name.StartsWith(".latest-", StringComparison.Ordinal) && entry.LinkTarget is not null)
                entry.Delete();
        }
    }

    static class Native
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int rename(string oldPath, string newPath);
    }
}
