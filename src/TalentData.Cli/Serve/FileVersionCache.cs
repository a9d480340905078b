namespace TalentData.Cli.Serve;

/// <summary>
/// What was read from a file, kept until the file is replaced: a run replaces what it publishes by rename, so a new
/// modification time or length means a new file. One reader at a time reads; the others wait and take what it read,
/// so any number of requests at once open the file once.
/// </summary>
public sealed class FileVersionCache<T>(string path)
{
    readonly Lock gate = new();
    (DateTime WrittenAt, long Length, T Value)? known;

    /// <summary>
    /// The value for the file as it is now, or default when it does not exist. <paramref name="read"/> gets the file's
    /// modification time and says whether to keep what it returns (a failed read is tried again next time).
    /// </summary>
    public T? Read(Func<DateTime, (T Value, bool Keep)> read)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
            return default;
        var version = (file.LastWriteTimeUtc, file.Length);
        lock (gate)
        {
            if (known is { } k && (k.WrittenAt, k.Length) == version)
                return k.Value;
            var (value, keep) = read(version.LastWriteTimeUtc);
            if (keep)
                known = (version.LastWriteTimeUtc, version.Length, value);
            return value;
        }
    }
}
