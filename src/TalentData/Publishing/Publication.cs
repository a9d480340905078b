using System.Globalization;
using Dapper;
using TalentData.Disclosure;
using TalentData.Project;

namespace TalentData.Publishing;

/// <summary>
/// A dataset to publish, with the sources it is built from and where their values come from (sample files or the
/// publishers); a withheld one is read only as context (R7).
/// </summary>
public sealed record DatasetRequest(DatasetDefinition Dataset, IReadOnlyList<PipelineDefinition> Sources, string? WithheldReason = null, DataOrigin? Origin = null);

/// <summary>The release a file belongs to: its name (the release folder, e.g. 2026-11-26) and time (ISO 8601 UTC).</summary>
public sealed record ReleaseStamp(string Name, string Time);

/// <summary>published: a new release; unchanged: the latest release already holds exactly these files; withheld: not published.</summary>
public sealed record DatasetOutcome(string Dataset, string Status, string? Reason, long? Rows, string? Release);

/// <summary>
/// The publishing entry point. <see cref="Prepare"/> reads every dataset's mart once and applies disclosure control to
/// all of them together; <see cref="Release"/> then writes one dataset's files from its protected table — every
/// format of <see cref="PublishedFormats.All"/>, its DCAT record and changes.json — as a new release, unless they equal the
/// latest release byte for byte; <see cref="StageCatalog"/> assembles catalog.jsonld from the releases. Everything is
/// staged: the run's commit (<see cref="PendingCommit"/>) makes it the publication, all together. A dataset
/// that cannot be read or protected is withheld with the reason, and its last good release stays the latest.
/// </summary>
public sealed class Publication
{
    readonly PublishSettings settings;
    readonly City city;
    readonly TimeProvider clock;
    readonly Dictionary<string, string> withheld;

    Publication(PublishSettings settings, City city, TimeProvider clock, ReleaseStore store, AreaHierarchy areas,
        Dictionary<string, PublishedTable> tables, DisclosureResult disclosure, Dictionary<string, string> withheld)
    {
        this.settings = settings;
        this.city = city;
        this.clock = clock;
        Store = store;
        Areas = areas;
        Tables = tables;
        Disclosure = disclosure;
        this.withheld = withheld;
    }

    public ReleaseStore Store { get; }
    public AreaHierarchy Areas { get; }

    /// <summary>The protected tables, by dataset slug: what every format of this publication is written from.</summary>
    public IReadOnlyDictionary<string, PublishedTable> Tables { get; }

    public DisclosureResult Disclosure { get; }

    /// <summary>Datasets that cannot be published in this run, with the reason (unreadable mart or disclosure control).</summary>
    public IReadOnlyDictionary<string, string> Withheld => withheld;

    /// <summary>Reads and protects every requested dataset; <paramref name="city"/> (config/city.yaml) names the city in every file.</summary>
    public static Publication Prepare(Warehouse.Warehouse warehouse, IReadOnlyList<DatasetRequest> requests, PublishSettings settings, City city,
        string exportsRoot, TimeProvider clock)
    {
        settings = settings.Checked();
        // The engine compiles while the marts are read (on this thread and one more): the three share the cores.
        var warmUp = DisclosureControl.WarmUpInBackground();
        var withheld = new Dictionary<string, string>(StringComparer.Ordinal);
        var tables = new Dictionary<string, PublishedTable>(StringComparer.Ordinal);
        var (read, areas) = ReadMarts(warehouse, requests);
        for (var i = 0; i < requests.Count; i++)
            if (read[i].Table is { } table)
                tables[requests[i].Dataset.Dataset] = table;
            else
                withheld[requests[i].Dataset.Dataset] = read[i].Error!;
        var disclosure = DisclosureControl.Apply(tables.Values, areas, settings.DisclosureThreshold, city.Key);
        warmUp.GetAwaiter().GetResult();
        foreach (var (slug, reason) in disclosure.Withheld)
            withheld.TryAdd(slug, reason);
        // A dataset that repeats an indicator dataset's values takes its disclosure decisions, made just now.
        foreach (var (slug, table) in tables.Where(t => t.Value.Dataset.Repeats is not null && !withheld.ContainsKey(t.Key)).OrderBy(t => t.Key, StringComparer.Ordinal))
            if (RepeatedIndicatorValues.Apply(table, tables, withheld, city.Key) is { } reason)
                withheld[slug] = $"disclosure control: {reason}";
        return new Publication(settings, city, clock, new ReleaseStore(exportsRoot), areas, tables, disclosure, withheld);
    }

    /// <summary>
    /// Reads every requested mart, or why it cannot be read, in request order, and the area hierarchy. Reading is
    /// mostly formatting cells on the CPU (DuckDB's part is small), so the marts are shared out between this thread
    /// and one more on a duplicate connection, each taking the next unread mart as it finishes one: about half the
    /// wall time on two cores. What is read and how each mart is checked are as on one connection. The largest marts
    /// (by DuckDB's estimate of their rows) are taken first, so that neither thread is left with a large one at the end.
    /// </summary>
    static ((PublishedTable? Table, string? Error)[] Read, AreaHierarchy Areas) ReadMarts(Warehouse.Warehouse warehouse, IReadOnlyList<DatasetRequest> requests)
    {
        var read = new (PublishedTable? Table, string? Error)[requests.Count];
        var estimated = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var command = warehouse.Connection.CreateCommand())
        {
            // A reader, not Dapper's Query of tuples: no generics over value types (Disclosure.HotLoop).
            command.CommandText = "select schema_name || '.' || table_name, estimated_size from duckdb_tables() where schema_name = 'marts'";
            using var reader = command.ExecuteReader();
            while (reader.Read())
                estimated[reader.GetString(0)] = reader.GetInt64(1);
        }
        var rowsOf = new long[requests.Count];
        var largestFirst = new int[requests.Count];
        for (var i = 0; i < requests.Count; i++)
            (rowsOf[i], largestFirst[i]) = (estimated.TryGetValue(requests[i].Dataset.Mart, out var rows) ? rows : 0, i);
        Array.Sort(largestFirst, (a, b) => rowsOf[a] != rowsOf[b] ? rowsOf[b].CompareTo(rowsOf[a]) : a.CompareTo(b));
        var next = -1;
        void ReadOn(System.Data.Common.DbConnection connection)
        {
            for (var k = Interlocked.Increment(ref next); k < requests.Count; k = Interlocked.Increment(ref next))
            {
                var i = largestFirst[k];
                try
                {
                    DcatWriter.CheckVocabulary(requests[i].Dataset);
                    var table = PublishedTable.Read(connection, requests[i].Dataset);
                    table.Origin = requests[i].Origin ?? DataOrigin.Publisher;
                    read[i] = (table, null);
                }
                catch (Exception ex) when (ex is PipelineException or System.Data.Common.DbException)
                {
                    read[i] = (null, ex.Message);
                }
            }
        }
        if (requests.Count < 2)
        {
            ReadOn(warehouse.Connection);
            return (read, ReadAreas(warehouse));
        }
        var duplicate = warehouse.Duplicate();
        var second = Task.Run(() =>
        {
            using (duplicate)
                ReadOn(duplicate);
        });
        AreaHierarchy areas;
        try
        {
            ReadOn(warehouse.Connection);
            areas = ReadAreas(warehouse);
        }
        catch
        {
            // The other thread stops at its next mart; this thread's failure is the one reported.
            Volatile.Write(ref next, requests.Count);
            try { second.Wait(); } catch (AggregateException) { }
            throw;
        }
        second.GetAwaiter().GetResult();
        return (read, areas);
    }

    static AreaHierarchy ReadAreas(Warehouse.Warehouse warehouse) => AreaHierarchy.Of(warehouse.TableExists("marts", "areas")
        ? warehouse.Connection.Query<Area>(
            "select area_level as Level, area_code as Code, area_name as Name, parent_level as ParentLevel, parent_code as ParentCode " +
            "from marts.areas order by area_level, area_code")
        : []);

    /// <summary>Stages the dataset's release, or reports it unchanged or withheld. Throws only when the disk fails.</summary>
    public DatasetOutcome Release(DatasetRequest request)
    {
        var slug = request.Dataset.Dataset;
        if (request.WithheldReason is { } given)
            return new DatasetOutcome(slug, "withheld", given, null, Store.Current(slug)?.Release);
        if (withheld.TryGetValue(slug, out var reason))
            return new DatasetOutcome(slug, "withheld", reason, null, Store.Current(slug)?.Release);
        var table = Tables[slug];
        var licence = Licences.For(request.Sources);
        var attribution = Licences.Attribution(request.Sources, city.Publisher, table.Origin);
        var now = clock.GetUtcNow();
        var released = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var current = Store.Current(slug);
        var previousRecord = Store.ReadCurrent(slug, DcatWriter.RecordFile);
        var times = DcatWriter.Times(previousRecord);
        // The files name their release (JSON-stat updated, datapackage version and created): written once with the
        // latest release's name and time to see whether anything changed, and again for a new release.
        Dictionary<string, byte[]> Files(ReleaseStamp stamp)
        {
            var content = new ReleaseContent(table, Areas, request.Sources, licence, attribution, settings, city, stamp);
            var written = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var format in PublishedFormats.For(table.Dataset))
                written[format.FileName] = format.Write(content, written);
            return written;
        }
        var release = Store.NextReleaseName(slug, now);
        Dictionary<string, byte[]> files;
        try
        {
            files = Files(new ReleaseStamp(release, released));
        }
        catch (PipelineException ex)
        {
            withheld[slug] = ex.Message;
            return new DatasetOutcome(slug, "withheld", ex.Message, null, Store.Current(slug)?.Release);
        }
        var years = table.Dataset.ColumnWithRole(ColumnRole.Time) is { } time
            ? table.Rows.Select(r => r[table.IndexOf(time.Name)]).Distinct().Order(StringComparer.Ordinal).ToList()
            : [];
        var bytes = files.ToDictionary(f => f.Key, f => (long)f.Value.Length);
        DcatFacts Facts(string issued, string modified, IReadOnlyDictionary<string, long> sizes) => new(table.Dataset, licence, attribution, years, sizes, issued, modified, table.Origin);

        // Unchanged means the same data files and the same record apart from the release's name and times: then nothing is written at all.
        if (current is { Release: { } latest } && times is { } previous)
        {
            var same = Files(new ReleaseStamp(latest, previous.Modified));
            if (same.All(f => Store.ReadCurrent(slug, f.Key) is { } old && old.AsSpan().SequenceEqual(f.Value))
                && DcatWriter.Record(Facts(previous.Issued, previous.Modified, same.ToDictionary(f => f.Key, f => (long)f.Value.Length)), settings, city)
                    .AsSpan().SequenceEqual(previousRecord))
                return new DatasetOutcome(slug, "unchanged", null, table.Rows.Count, latest);
        }

        var before = current is null || Store.ReadCurrent(slug, CsvFormat.File) is not { } oldCsv || Store.ReadCurrent(slug, DataPackageFormat.File) is not { } oldPackage
            ? null
            : new ChangeReport.Previous(current.Value.Release, oldCsv, oldPackage);
        files[DcatWriter.RecordFile] = DcatWriter.Record(Facts(times?.Issued ?? released, released, bytes), settings, city);
        files[ChangeReport.File] = ChangeReport.Write(table, files[CsvFormat.File], files[DataPackageFormat.File], before, release, released);
        Store.Stage(slug, release, files);
        staged[slug] = (release, files[DcatWriter.RecordFile]);
        return new DatasetOutcome(slug, "published", null, table.Rows.Count, release);
    }

    /// <summary>The releases <see cref="Release"/> staged in this run, by dataset, with their DCAT records.</summary>
    readonly Dictionary<string, (string Release, byte[] Record)> staged = new(StringComparer.Ordinal);

    /// <summary>The staged releases the run's commit names and links as <c>latest</c>, by dataset slug.</summary>
    public IReadOnlyDictionary<string, string> StagedReleases => staged.ToDictionary(s => s.Key, s => s.Value.Release, StringComparer.Ordinal);

    /// <summary>
    /// Stages catalog.jsonld over every defined dataset that has a release once this run commits: its staged one, else
    /// its latest. Returns how many records it holds and whether the file changed (only a changed one is staged).
    /// </summary>
    public (int Records, bool Changed) StageCatalog(IEnumerable<DatasetDefinition> datasets)
    {
        var records = datasets.Select(d => staged.TryGetValue(d.Dataset, out var s) ? s.Record : Store.ReadCurrent(d.Dataset, DcatWriter.RecordFile))
            .OfType<byte[]>().ToList();
        var changed = Store.StageFile(DcatWriter.CatalogFile, DcatWriter.Catalog(records, settings, city));
        return (records.Count, changed);
    }
}
