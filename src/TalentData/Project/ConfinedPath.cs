namespace TalentData.Project;

/// <summary>
/// Where a path really leads once every symbolic link on the way is followed, and whether that is inside a folder.
/// A pipeline's <c>sample:</c> is copied into landing and read back into messages, so a path or a link leading to
/// <c>/proc/self/environ</c> or <c>/etc/passwd</c> would copy secrets into the data folder.
/// </summary>
public static class ConfinedPath
{
    const int MaxLinks = 40;

    /// <summary>
    /// The path with every link followed, component by component as the kernel does (so <c>link/..</c> is the parent
    /// of the link's target, not the folder holding the link). Components that do not exist are kept as written.
    /// </summary>
    public static string Resolve(string baseDirectory, string path)
    {
        var full = Path.IsPathRooted(path) ? path : Path.Combine(Path.GetFullPath(baseDirectory), path);
        var root = Path.GetPathRoot(full)!;
        var pending = new LinkedList<string>(Components(full));
        var current = root;
        var links = 0;
        while (pending.First is { } node)
        {
            pending.RemoveFirst();
            var part = node.Value;
            if (part == ".") continue;
            if (part == "..") { current = Path.GetDirectoryName(current) ?? root; continue; }
            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.Exists && info.LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                    throw new IOException($"{path}: more than {MaxLinks} symbolic links on the way (a loop?).");
                // The target replaces the link; the rest of the path continues from where it leads.
                if (Path.IsPathRooted(target)) current = Path.GetPathRoot(target)!;
                foreach (var c in Components(target).Reverse()) pending.AddFirst(c);
                continue;
            }
            current = next;
        }
        return current;
    }

    /// <summary>Whether <paramref name="resolved"/> (a <see cref="Resolve"/> result) lies inside <paramref name="folder"/> (resolved as well).</summary>
    public static bool IsInside(string resolved, string folder)
    {
        var inside = Resolve(folder, ".").TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return resolved.StartsWith(inside, StringComparison.Ordinal);
    }

    static IEnumerable<string> Components(string path)
    {
        var root = Path.GetPathRoot(path) ?? "";
        return path[root.Length..].Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>
    /// The bundled sample file of an entity, which must lie inside the repository's <c>sample-data/</c> after every
    /// link is followed; otherwise fails naming the pipeline file and line, never reading the file.
    /// </summary>
    public static string Sample(string repoRoot, PipelineDefinition pipeline, EntityDefinition entity)
    {
        var folder = Path.Combine(repoRoot, "sample-data");
        var resolved = Resolve(repoRoot, entity.Sample);
        if (!IsInside(resolved, folder))
            throw new PipelineException(pipeline.Id, "config",
                $"{SqlFolders.ShownFile(repoRoot, "pipelines/" + Path.GetFileName(pipeline.File))}, line {entity.SampleLine}: sample '{entity.Sample}' leads to {resolved}, " +
                "outside sample-data/; expected a file under sample-data/ (symbolic links are followed).");
        return resolved;
    }
}
