using Dapper;
using TalentData.Atlas;
using TalentData.Fetching;
using TalentData.Project;
using TalentData.Publishing;

namespace TalentData.Cli.Atlas;

/// <summary>
/// Where the values of the current release come from, as the release's own records say: the published snapshot's
/// ledger (which file of which source was landed when, with its sha256; which run built and published the values)
/// and the project's model graph (which models the rows passed through). Read once per release; nothing here is a
/// number of the publication, so nothing disclosure control hid can show through.
/// </summary>
public sealed class ReleaseProvenance
{
    public sealed record SourceFile(string SourceId, string Entity, string Title, string Publisher, string Licence, string Homepage,
        string File, string Sha256, long Bytes, DateTime FetchedAt, string LoadedInRun, bool Synthetic, IReadOnlyList<string> RealPeriods,
        IReadOnlyList<string> Lineage);

    public sealed record Run(string RunId, DateTime StartedAt, DateTime? FinishedAt, string Mode, string Status);

    /// <summary>How one published value came about: its sources, the run that built it and how it was made (count, given, ratio).</summary>
    public sealed record ValueOrigin(IReadOnlyList<string> SourceIds, string RunId, string Kind);

    public required string Release { get; init; }
    public required Run? PublishedBy { get; init; }
    public required IReadOnlyDictionary<string, Run> Runs { get; init; }
    public required IReadOnlyDictionary<string, IReadOnlyList<SourceFile>> Sources { get; init; }
    public required IReadOnlyDictionary<(string Indicator, string Level, string Code, int Year), ValueOrigin> Values { get; init; }

    public ValueOrigin? Of(AtlasValue value) => Values.GetValueOrDefault((value.Indicator, value.Level, value.Code, value.Year));

    /// <summary>
    /// The provenance of the release in <paramref name="exportsRoot"/> from the snapshot beside it; null when there is
    /// no snapshot yet (nothing published).
    /// </summary>
    public static ReleaseProvenance? Load(string snapshotPath, string exportsRoot, string repoRoot)
    {
        if (!File.Exists(snapshotPath))
            return null;
        var manifest = ProjectManifest.Load(repoRoot, TalentData.Loading.ReaderFormats.All);
        using var warehouse = TalentData.Warehouse.Warehouse.OpenReadOnly(snapshotPath);
        var c = warehouse.Connection;
        var runs = c.Query<(string RunId, DateTime StartedAt, DateTime? FinishedAt, string Mode, string Status)>(
                "select run_id, started_at, finished_at, mode, status from ops.runs")
            .ToDictionary(r => r.RunId, r => new Run(r.RunId, r.StartedAt, r.FinishedAt, r.Mode, r.Status), StringComparer.Ordinal);
        // The file each raw table holds now: its last load, and the landing of that file (the first, when it came again).
        var loads = c.Query<(string SourceId, string Entity, string Sha256, string RunId, string Origin, long Bytes, DateTime LandedAt)>("""
            select l.source_id, l.entity, l.sha256, l.run_id, f.origin, f.bytes, f.landed_at
            from (select *, row_number() over (partition by source_id, entity order by loaded_at desc) as n from ops.source_loads) l
            join (select *, row_number() over (partition by source_id, entity, sha256 order by landed_at) as n from ops.landed_files) f
              on f.source_id = l.source_id and f.entity = l.entity and f.sha256 = l.sha256 and f.n = 1
            where l.n = 1
            """).ToList();
        var origins = DataOrigin.ReadLoaded(warehouse, manifest.RawTables, SampleProvenance.Load(repoRoot));
        var dataset = manifest.Datasets.FirstOrDefault(d => d.Dataset.Dataset == AtlasData.ValuesDataset);
        var mart = dataset?.Dataset.Mart ?? "";
        var order = manifest.Models.Select((m, i) => (m.QualifiedName, i)).ToDictionary(p => p.QualifiedName, p => p.i);
        var toMart = ModelGraph.Upstream(manifest.Models, mart).Append(mart).Where(order.ContainsKey).ToHashSet();
        var sources = loads.GroupBy(l => l.SourceId).ToDictionary(g => g.Key, g => (IReadOnlyList<SourceFile>)g.OrderBy(l => l.Entity, StringComparer.Ordinal).Select(l =>
        {
            var pipeline = manifest.Pipelines.First(p => p.Id == l.SourceId);
            var origin = origins.GetValueOrDefault(l.SourceId);
            var raw = RawTable.NameOf(l.SourceId, l.Entity);
            // The models on a path from this raw table to the published mart, in build order.
            var lineage = toMart.Where(m => ModelGraph.Upstream(manifest.Models, m).Contains("raw." + raw))
                .OrderBy(m => order[m]).Prepend("raw." + raw).ToList();
            return new SourceFile(l.SourceId, l.Entity, pipeline.Title, pipeline.Publisher, pipeline.Licence, pipeline.Homepage,
                l.Origin, l.Sha256, l.Bytes, l.LandedAt, l.RunId, origin?.Synthetic ?? false, origin?.RealPeriods ?? [], lineage);
        }).ToList(), StringComparer.Ordinal);
        var values = new Dictionary<(string, string, string, int), ValueOrigin>();
        foreach (var v in c.Query<(string Indicator, string Level, string Code, int Year, string SourceIds, string RunId, string Kind)>("""
                     select v.indicator_id, v.area_level, v.area_code, v.year, v.source_ids, v.run_id, i.kind
                     from marts.indicator_values v
                     left join core.int_indicator_inputs i using (indicator_id, area_level, area_code, year)
                     """))
            values[(v.Indicator, v.Level, v.Code, v.Year)] = new ValueOrigin(
                v.SourceIds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), v.RunId, v.Kind ?? "");
        var published = c.Query<string>(
            "select run_id from ops.publications where dataset = $dataset and status = $status order by recorded_at desc limit 1",
            new { dataset = AtlasData.ValuesDataset, status = PublicationStatus.Published }).FirstOrDefault();
        var release = new FileInfo(Path.Combine(exportsRoot, AtlasData.ValuesDataset, ReleaseStore.Latest)).LinkTarget ?? "";
        return new ReleaseProvenance
        {
            Release = release,
            PublishedBy = published is null ? null : runs.GetValueOrDefault(published),
            Runs = runs,
            Sources = sources,
            Values = values,
        };
    }
}
