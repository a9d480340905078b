using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using TalentData.Atlas;
using TalentData.Project;
using TalentData.Publishing;

namespace TalentData.Cli.Atlas;

/// <summary>
/// What the web host makes from the current publication, kept until the publication changes: the atlas data, the
/// rendered pages (with their SVG charts) and the export files, each as a <see cref="CachedResponse"/>.
///
/// The key is the release identity (<see cref="Identity"/>): the release every dataset's <c>latest</c> points at, and
/// the version of the catalogue files. It is read on every request, a handful of readlink and stat calls and no file
/// read; when it differs from the cached release, a new <see cref="Release"/> is built and replaces the old one in one
/// reference write, so a request works on one release from start to end and never on a mix. While a run's commit
/// record exists its renames are under way, so the previous release is served until the commit has finished.
///
/// Memory is bounded: one release at a time (a replaced one is dropped once the requests using it have finished), and
/// within it at most <see cref="DefaultMaxBytes"/> of response bytes (all encodings) in at most
/// <see cref="DefaultMaxEntries"/> responses. What does not fit is answered without being kept. 128 MiB holds every
/// page of the sample publication in both languages many times over (a page is 5–60 KB, about a fifth of that
/// compressed); the bound is there for made-up query strings, which each make a page of their own.
/// </summary>
/// <param name="provenance">Reads where the current release's values come from (the snapshot's ledger); once per release, on first use.</param>
/// <param name="boundariesFile">The Kreise boundaries the Städtevergleich map is drawn from (geography of the repository, not of a release).</param>
public sealed class ReleaseCache(string exportsRoot, string catalogueFile, string commitRecord, TimeProvider clock,
    long maxBytes = ReleaseCache.DefaultMaxBytes, int maxEntries = ReleaseCache.DefaultMaxEntries, Func<ReleaseProvenance?>? provenance = null,
    string? boundariesFile = null)
{
    public const long DefaultMaxBytes = 128L * 1024 * 1024;
    public const int DefaultMaxEntries = 10_000;

    /// <summary>
    /// How long a commit record keeps the previous release on show. A commit renames a few links in milliseconds; a
    /// record older than this was left by a killed run, and the exports are served as they stand.
    /// </summary>
    public static readonly TimeSpan CommitWindow = TimeSpan.FromSeconds(60);

    readonly Lock gate = new();
    volatile Release? current;

    public string ExportsRoot { get; } = Path.GetFullPath(exportsRoot);

    /// <summary>The current release, built on first use and again after every switch.</summary>
    public Release Current()
    {
        var identity = Identity();
        var known = current;
        if (known is not null && (known.Identity == identity || CommitUnderWay()))
            return known;
        lock (gate)
        {
            known = current;
            if (known is not null && known.Identity == identity)
                return known;
            // A switch between reading the identity and reading the files would label one release's data with the
            // other's name; read again until the identity is the same before and after.
            for (var attempt = 0; ; attempt++)
            {
                var data = AtlasData.Load(ExportsRoot, catalogueFile, boundariesFile);
                var after = Identity();
                if (after == identity || attempt == 3)
                {
                    current = known = new Release(after, data, maxBytes, maxEntries, provenance);
                    return known;
                }
                identity = after;
            }
        }
    }

    bool CommitUnderWay()
    {
        var record = new FileInfo(commitRecord);
        return record.Exists && clock.GetUtcNow().UtcDateTime - record.LastWriteTimeUtc < CommitWindow;
    }

    /// <summary>
    /// The release every dataset's <c>latest</c> points at (its folder's time for a <c>latest</c> from before releases
    /// were named), and the time and size of catalog.jsonld and of the indicator catalogue.
    /// </summary>
    public string Identity()
    {
        var text = new StringBuilder(512);
        if (Directory.Exists(ExportsRoot))
        {
            foreach (var dataset in Directory.EnumerateDirectories(ExportsRoot).Order(StringComparer.Ordinal))
            {
                var slug = Path.GetFileName(dataset);
                if (slug.StartsWith('.')) continue;
                // One readlink: the release name is the link's text (ReleaseStore names releases and never reuses a name).
                var latest = Path.Combine(dataset, ReleaseStore.Latest);
                var release = new FileInfo(latest).LinkTarget ?? (Directory.Exists(latest) ? Stamp(latest) : null);
                if (release is not null)
                    text.Append(slug).Append('=').Append(release).Append(';');
            }
            text.Append(DcatWriter.CatalogFile).Append('=').Append(Stamp(Path.Combine(ExportsRoot, DcatWriter.CatalogFile))).Append(';');
        }
        text.Append("indicators=").Append(Stamp(catalogueFile));
        return text.ToString();
    }

    static string Stamp(string path)
    {
        var file = new FileInfo(path);
        if (file.Exists)
            return string.Create(CultureInfo.InvariantCulture, $"{file.LastWriteTimeUtc.Ticks}:{file.Length}");
        var folder = new DirectoryInfo(path);
        return folder.Exists ? folder.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture) : "-";
    }

    /// <summary>One release: its data and the responses made from it so far.</summary>
    public sealed class Release(string identity, AtlasData data, long maxBytes, int maxEntries, Func<ReleaseProvenance?>? provenance = null)
    {
        // PublicationOnly: a read that failed (a snapshot being replaced) is not kept, the next request reads again.
        readonly Lazy<ReleaseProvenance?> origins = new(provenance ?? (() => null), LazyThreadSafetyMode.PublicationOnly);

        /// <summary>Where this release's values come from; null when it has no readable record of that.</summary>
        public ReleaseProvenance? Provenance => origins.Value;

        /// <summary>
        /// The provenance for naming sources on a page: a ledger that cannot be read now costs the page its publisher
        /// names (it shows the source ids instead), never the page itself; /herkunft, which is about nothing else, fails.
        /// </summary>
        public ReleaseProvenance? ProvenanceOrNone()
        {
            try
            {
                return origins.Value;
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or DuckDB.NET.Data.DuckDBException or PipelineException)
            {
                return null;
            }
        }

        readonly ConcurrentDictionary<string, Lazy<CachedResponse>> responses = new(StringComparer.Ordinal);
        long bytes;
        int entries;

        public string Identity { get; } = identity;
        public AtlasData Data { get; } = data;

        /// <summary>What the kept responses of this release hold in memory.</summary>
        public long Bytes => Interlocked.Read(ref bytes);
        public int Entries => Volatile.Read(ref entries);

        public bool TryGet(string key, out CachedResponse response)
        {
            response = null!;
            if (!responses.TryGetValue(key, out var kept))
                return false;
            response = Value(key, kept);
            return true;
        }

        /// <summary>
        /// The response kept under <paramref name="key"/>, made by <paramref name="make"/> the first time (once, however
        /// many requests ask at the same moment). When the bounds are reached, the response is made for this request only.
        /// </summary>
        public CachedResponse GetOrMake(string key, Func<bool, CachedResponse> make)
        {
            if (responses.TryGetValue(key, out var kept))
                return Value(key, kept);
            if (Interlocked.Read(ref bytes) >= maxBytes || Volatile.Read(ref entries) >= maxEntries)
                return make(true);
            var made = new Lazy<CachedResponse>(() => make(false), LazyThreadSafetyMode.ExecutionAndPublication);
            var added = responses.GetOrAdd(key, made);
            var response = Value(key, added);
            if (ReferenceEquals(added, made))
            {
                Interlocked.Increment(ref entries);
                Interlocked.Add(ref bytes, response.Size);
            }
            return response;
        }

        /// <summary>A response that failed to be made is not kept, so the next request tries again.</summary>
        CachedResponse Value(string key, Lazy<CachedResponse> lazy)
        {
            try
            {
                return lazy.Value;
            }
            catch
            {
                responses.TryRemove(new KeyValuePair<string, Lazy<CachedResponse>>(key, lazy));
                throw;
            }
        }
    }
}
