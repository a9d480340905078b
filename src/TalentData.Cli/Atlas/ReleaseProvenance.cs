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
    /// <param name="Table">The publisher's table code of a GENESIS file (the Städtevergleich names its values' table by it); null for others.</param>
    public sealed record SourceFile(string SourceId, string Entity, string Title, string Publisher, string Licence, string Homepage,
        string File, string Sha256, long Bytes, DateTime FetchedAt, string LoadedInRun, bool Synthetic, IReadOnlyList<string> RealPeriods,
        IReadOnlyList<string> Lineage, string? Table = null);

    public sealed record Run(string RunId, DateTime StartedAt, DateTime? FinishedAt, string Mode, string Status);

    /// <summary>How one published value came about: its sources, the run that built it and how it was made (count, given, ratio).</summary>
    public sealed record ValueOrigin(IReadOnlyList<string> SourceIds, string RunId, string Kind);

    public required string Release { get; init; }
    public required Run? PublishedBy { get; init; }
    public required IReadOnlyDictionary<string, Run> Runs { get; init; }
    public required IReadOnlyDictionary<string, IReadOnlyList<SourceFile>> Sources { get; init; }
    /// <summary>The source files of the Städtevergleich, with the models from each to its mart; empty when it is not published.</summary>
    public IReadOnlyList<SourceFile> ComparisonSources { get; init; } = [];
    /// <summary>The run that last published the Städtevergleich.</summary>
    public Run? ComparisonPublishedBy { get; init; }
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
        var order = manifest.Models.Select((m, i) => (m.QualifiedName, i)).ToDictionary(p => p.QualifiedName, p => p.i);
        // The files a published dataset is made from, each with the models on its way from its raw table to the dataset's mart.
        List<SourceFile> FilesOf(string datasetName)
        {
            var mart = manifest.Datasets.FirstOrDefault(d => d.Dataset.Dataset == datasetName)?.Dataset.Mart ?? "";
            var toMart = ModelGraph.Upstream(manifest.Models, mart).Append(mart).Where(order.ContainsKey).ToHashSet();
            return loads.OrderBy(l => l.SourceId, StringComparer.Ordinal).ThenBy(l => l.Entity, StringComparer.Ordinal).Select(l =>
            {
                var pipeline = manifest.Pipelines.First(p => p.Id == l.SourceId);
                var origin = origins.GetValueOrDefault(l.SourceId);
                var raw = RawTable.NameOf(l.SourceId, l.Entity);
                var lineage = toMart.Where(m => ModelGraph.Upstream(manifest.Models, m).Contains("raw." + raw))
                    .OrderBy(m => order[m]).Prepend("raw." + raw).ToList();
                var table = pipeline.Entities.FirstOrDefault(e => e.Entity == l.Entity)?.Options switch
                {
                    TalentData.Loading.GenesisTableOptions t => t.TableCode,
                    TalentData.Loading.GenesisFlatCsvOptions f => f.TableCode,
                    _ => null,
                };
                return new SourceFile(l.SourceId, l.Entity, pipeline.Title, pipeline.Publisher, pipeline.Licence, pipeline.Homepage,
                    l.Origin, l.Sha256, l.Bytes, l.LandedAt, l.RunId, origin?.Synthetic ?? false, origin?.RealPeriods ?? [], lineage, table);
            }).ToList();
        }
        var sources = FilesOf(AtlasData.ValuesDataset).GroupBy(f => f.SourceId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<SourceFile>)g.ToList(), StringComparer.Ordinal);
        // A file reaches the Städtevergleich when a model on the way from its raw table to the mart reads it.
        var comparison = FilesOf(AtlasData.ComparisonDataset).Where(f => f.Lineage.Count > 1).ToList();
        var values = new Dictionary<(string, string, string, int), ValueOrigin>();
        foreach (var v in c.Query<(string Indicator, string Level, string Code, int Year, string SourceIds, string RunId, string Kind)>("""
                     select v.indicator_id, v.area_level, v.area_code, v.year, v.source_ids, v.run_id, i.kind
                     from marts.indicator_values v
                     left join core.int_indicator_inputs i using (indicator_id, area_level, area_code, year)
                     """))
            values[(v.Indicator, v.Level, v.Code, v.Year)] = new ValueOrigin(
                v.SourceIds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), v.RunId, v.Kind ?? "");
        string? PublishedBy(string dataset) => c.Query<string>(
            "select run_id from ops.publications where dataset = $dataset and status = $status order by recorded_at desc limit 1",
            new { dataset, status = PublicationStatus.Published }).FirstOrDefault();
        var published = PublishedBy(AtlasData.ValuesDataset);
        var comparisonPublished = PublishedBy(AtlasData.ComparisonDataset);
        var release = new FileInfo(Path.Combine(exportsRoot, AtlasData.ValuesDataset, ReleaseStore.Latest)).LinkTarget ?? "";
        return new ReleaseProvenance
        {
            Release = release,
            PublishedBy = published is null ? null : runs.GetValueOrDefault(published),
            Runs = runs,
            Sources = sources,
            ComparisonSources = comparison,
            ComparisonPublishedBy = comparisonPublished is null ? null : runs.GetValueOrDefault(comparisonPublished),
            Values = values,
        };
    }
}
