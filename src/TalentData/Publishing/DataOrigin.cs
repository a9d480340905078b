using System.Text.Json.Nodes;
using Dapper;
using TalentData.Fetching;
using TalentData.Project;

namespace TalentData.Publishing;

/// <summary>
/// A source of a dataset: the bundled sample files among what its raw tables hold, and whether they also hold
/// publisher deliveries (neither: the source was never loaded).
/// </summary>
public sealed record SourceOrigin(PipelineDefinition Source, IReadOnlyList<SampleFile> Samples, bool PublisherData = false)
{
    public bool Synthetic => Samples.Any(s => s.Synthetic);

    /// <summary>Every value of this source is made up: no sample part is the publisher's and nothing else was loaded.</summary>
    public bool WhollySynthetic => !PublisherData && Samples.Count > 0 && Samples.All(s => s.WhollySynthetic);

    /// <summary>The periods whose rows are the publisher's, in the sample files this source holds.</summary>
    public IReadOnlyList<string> RealPeriods => [.. Samples.SelectMany(f => f.RealPeriods).Distinct().Order(StringComparer.Ordinal)];
}

/// <summary>
/// Where the values of a dataset come from. A dataset with any synthetic input is published as sample data and says
/// so on every artefact; a live run refuses to publish it at all (<see cref="LiveRefusal"/>).
/// </summary>
public sealed record DataOrigin(IReadOnlyList<SourceOrigin> Sources)
{
    public const string MarkDe = "Beispieldaten — keine amtlichen Zahlen";
    public const string MarkEn = "Sample data — not official figures";

    public static readonly DataOrigin Publisher = new([]);

    /// <summary>Curated reference files the dataset reads that hold example rows (illustrations, not real entries).</summary>
    public IReadOnlyList<ReferenceExamples> Examples { get; init; } = [];

    public bool Synthetic => Sources.Any(s => s.Synthetic) || Examples.Any(e => e.Examples > 0);

    /// <summary>The title as every artefact shows it: sample data says so in the title itself.</summary>
    public string Title(string title) => Synthetic ? $"{title} ({MarkDe})" : title;

    /// <summary>The sentences that open every description of a dataset built from sample data; none otherwise.</summary>
    public IReadOnlyList<string> Marking => Synthetic
        ? [$"{MarkDe}: Dieser Datensatz ist aus den mitgelieferten Beispieldateien von TalentData erzeugt. Seine Zahlen sind synthetisch, " +
           "soweit hier nicht anders gesagt, und weder amtliche noch städtische Zahlen; nicht zitieren, nicht weiterverwenden.", .. Notes]
        : [];

    /// <summary>"synthetic" (always) and "provenance" (for sample data): a property a harvester can test, not only prose.</summary>
    public IEnumerable<KeyValuePair<string, JsonNode>> Properties()
    {
        yield return new("synthetic", JsonValue.Create(Synthetic));
        if (Synthetic)
            yield return new("provenance", new JsonArray([.. Notes.Select(n => (JsonNode)JsonValue.Create(n))]));
    }

    /// <summary>The <see cref="Properties"/> into the object a writer has open.</summary>
    public void WriteProperties(System.Text.Json.Utf8JsonWriter w)
    {
        foreach (var (name, value) in Properties())
        {
            w.WritePropertyName(name);
            value.WriteTo(w);
        }
    }

    /// <summary>Keywords a portal shows beside the title.</summary>
    public IReadOnlyList<string> Keywords => Synthetic ? ["Beispieldaten", "synthetische Daten"] : [];

    /// <summary>One German sentence per source that holds sample data: what is made up and what is the publisher's.</summary>
    public IReadOnlyList<string> Notes => [.. Sources.Where(s => s.Samples.Count > 0).OrderBy(s => s.Source.Id, StringComparer.Ordinal).Select(s =>
        // A bundled copy of a publisher's file (synthetic: false) is real in full: saying "synthetic" would deny the
        // publisher's values beside the credit the sources give them.
        !s.Synthetic
            ? $"{s.Source.Id}: alle Werte sind die des Herausgebers ({s.Source.Publisher}), aus einer unveränderten Kopie seiner Datei ({string.Join(", ", s.Samples.Select(f => f.Path))})."
        : s.RealPeriods.Count == 0
            ? $"{s.Source.Id}: synthetische Beispielwerte im Format von {s.Source.Publisher}, keine Werte dieses Herausgebers ({string.Join(", ", s.Samples.Select(f => f.Path))})."
            : $"{s.Source.Id}: nur die Werte für {string.Join(", ", s.RealPeriods)} sind die des Herausgebers ({s.Source.Publisher}), alle übrigen sind synthetisch ({string.Join(", ", s.Samples.Select(f => f.Path))}).")
        , .. Examples.Where(e => e.Examples > 0).OrderBy(e => e.File, StringComparer.Ordinal).Select(e =>
            $"{e.File}: {e.Examples} von {e.Rows} Einträgen sind Beispieleinträge ({e.Column} = true), die das Format zeigen; sie beschreiben keine realen Angebote oder Organisationen.")];

    /// <summary>The attribution of one source as this dataset may give it: no publisher is credited with made-up values.</summary>
    public string? Attribution(PipelineDefinition source)
    {
        var credit = source.Attribution ?? source.Publisher;
        if (Sources.FirstOrDefault(s => s.Source.Id == source.Id) is not { Samples.Count: > 0 } origin)
            return credit;
        if (origin.WhollySynthetic)
            return $"Synthetische Beispieldaten im Format von {source.Publisher} (keine Daten dieses Herausgebers)";
        return origin.RealPeriods.Count == 0 ? credit : $"{credit} (Werte für {string.Join(", ", origin.RealPeriods)}; übrige Werte synthetische Beispieldaten)";
    }

    /// <summary>
    /// Why a live run must not publish this dataset, naming the bundled file; null when it holds only publisher
    /// deliveries. Example rows of a curated reference file do not stop it: they are reviewed parts of the repository,
    /// not stand-ins for a delivery a live run could fetch, and refusing them would fail every live run until the
    /// directory holds only real entries; the dataset is published marked as sample data instead.
    /// </summary>
    public string? LiveRefusal() =>
        Sources.OrderBy(s => s.Source.Id, StringComparer.Ordinal).FirstOrDefault(s => s.Samples.Count > 0) is { } source
            ? $"it is built from the bundled sample file {source.Samples[0].Path} ({(source.Samples[0].Synthetic ? "synthetic" : "a copy of a publisher file")}, " +
              $"source {source.Source.Id}), and a live run publishes only what the publishers delivered; " +
              $"load that source live (talentdata run --mode live --pipeline {source.Source.Id}) so that every period it holds comes from the publisher"
            : null;

    /// <summary>
    /// Reads which landed files each source's raw tables hold (raw rows name their landed file, whose name is its
    /// sha256) and recognises the bundled sample files among them by content.
    /// </summary>
    public static IReadOnlyDictionary<string, SourceOrigin> ReadLoaded(Warehouse.Warehouse warehouse, IEnumerable<RawTable> tables, SampleProvenance provenance)
    {
        var all = tables.ToList();
        // One statement for every table: each statement costs DuckDB a few milliseconds to bind, a scan of the
        // small raw tables far less.
        var relations = warehouse.Relations();
        var loaded = all.Where(t => relations.Contains(t.QualifiedName)).ToList();
        var rows = loaded.Count == 0 ? [] : warehouse.Connection.Query<(int Table, string File)>(
            string.Join("\nunion all\n", loaded.Select((t, i) => $"select distinct {i} as t, _source_file as f from {t.QualifiedName}")) + "\norder by 1, 2");
        var filesOf = rows.ToLookup(r => loaded[r.Table].Name, r => r.File);
        var result = new Dictionary<string, SourceOrigin>(StringComparer.Ordinal);
        foreach (var source in all.GroupBy(t => t.Source))
        {
            var samples = new List<SampleFile>();
            var publisherData = false;
            foreach (var table in source)
                foreach (var landed in filesOf[table.Name])
                    if (provenance.BySha256(Path.GetFileNameWithoutExtension(landed)) is not { } sample)
                        publisherData = true;
                    else if (!samples.Contains(sample))
                        samples.Add(sample);
            result[source.Key.Id] = new SourceOrigin(source.Key, samples, publisherData);
        }
        return result;
    }

    public static DataOrigin For(IEnumerable<PipelineDefinition> contributing, IReadOnlyDictionary<string, SourceOrigin> loaded,
        IEnumerable<ReferenceExamples>? examples = null) =>
        new([.. contributing.Select(s => loaded.TryGetValue(s.Id, out var origin) ? origin : new SourceOrigin(s, []))]) { Examples = [.. examples ?? []] };
}
