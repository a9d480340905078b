using System.Globalization;
using System.Runtime.InteropServices;

namespace TalentData.Publishing;

/// <summary>
/// data/exports/&lt;slug&gt;/: one folder per release, named by the UTC date of the run (2026-11-26; a second
/// different release on the same day is 2026-11-26.2, then .3, ...), never changed once written, and <c>latest</c>, a
/// symbolic link to the newest release. A release is written completely into a hidden temporary folder and renamed
/// to a hidden staged name (<see cref="Stage"/>); the run's commit renames it into place and renames a new link over
/// <c>latest</c> with rename(2), which replaces it atomically: a harvester sees the old release or the new one, never
/// a mixture or a half-written file.
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
        Stage(slug, release, files);
        Commit(slug, release);
    }

    /// <summary>
    /// Writes a release completely, under a hidden name that nothing serves or links to: the run's commit
    /// (<see cref="Commit"/>) gives it its name and points <c>latest</c> at it, together with the other datasets, the
    /// catalogue and the snapshot. A staged release that no commit took is removed by <see cref="DiscardStaged"/>.
    /// </summary>
    public void Stage(string slug, string release, IReadOnlyDictionary<string, byte[]> files)
    {
        var directory = DatasetDirectory(slug);
        Directory.CreateDirectory(directory);
        RemoveLeftovers(directory);
        if (Directory.Exists(Path.Combine(directory, release)))
            throw new PipelineException("", "publish", $"{Path.Combine(directory, release)} exists already; releases are never overwritten.");
        var staged = Path.Combine(directory, StagedPrefix + release);
        if (Directory.Exists(staged))
            Directory.Delete(staged, recursive: true);
        var temp = Path.Combine(directory, $".tmp-{release}-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(temp);
            foreach (var (name, bytes) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
                WriteDurably(Path.Combine(temp, name), bytes);
            Directory.Move(temp, staged);
        }
        finally
        {
            if (Directory.Exists(temp))
                Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>
    /// Names a staged release and points <c>latest</c> at it. Idempotent, so that the next start can finish a commit a
    /// killed run began: a release already named and linked is left as it is.
    /// </summary>
    public void Commit(string slug, string release)
    {
        var directory = DatasetDirectory(slug);
        var target = Path.Combine(directory, release);
        var staged = Path.Combine(directory, StagedPrefix + release);
        if (!Directory.Exists(target))
        {
            if (!Directory.Exists(staged))
                throw new PipelineException("", "publish", $"{target} cannot be published: neither it nor its staged copy {staged} exists.");
            Directory.Move(staged, target);
        }
        if (Current(slug)?.Release != release)
            PointLatestAt(directory, release);
    }

    /// <summary>Removes every staged release and file of a run that did not commit; the published state stays as it was.</summary>
    public void DiscardStaged()
    {
        if (!Directory.Exists(Root))
            return;
        foreach (var entry in new DirectoryInfo(Root).EnumerateFileSystemInfos(StagedPrefix + "*"))
            entry.Delete();
        foreach (var directory in Directory.GetDirectories(Root))
        {
            RemoveLeftovers(directory);
            foreach (var staged in Directory.GetDirectories(directory, StagedPrefix + "*"))
                Directory.Delete(staged, recursive: true);
        }
    }

    const string StagedPrefix = ".staged-";

    /// <summary>Stages a file of the exports root (the catalogue) for the commit; false when the content is unchanged.</summary>
    public bool StageFile(string name, byte[] bytes)
    {
        Directory.CreateDirectory(Root);
        var path = Path.Combine(Root, name);
        var staged = Path.Combine(Root, StagedPrefix + name);
        if (File.Exists(staged))
            File.Delete(staged);
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
            return false;
        var temp = Path.Combine(Root, $".{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            WriteDurably(temp, bytes);
            File.Move(temp, staged);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
        return true;
    }

    /// <summary>Renames a staged file of the exports root over the published one; idempotent like <see cref="Commit"/>.</summary>
    public void CommitFile(string name)
    {
        var staged = Path.Combine(Root, StagedPrefix + name);
        if (File.Exists(staged))
            File.Move(staged, Path.Combine(Root, name), overwrite: true);
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
