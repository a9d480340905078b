using Dapper;
using TalentData.Fetching;
using TalentData.Loading;
using TalentData.Pipelines;

namespace TalentData.Publishing;

/// <summary>A source of a dataset and the bundled sample files among what its raw tables hold (none: only publisher deliveries).</summary>
public sealed record SourceOrigin(PipelineDefinition Source, IReadOnlyList<SampleFile> Samples)
{
    public bool Synthetic => Samples.Any(s => s.Synthetic);

    /// <summary>Every value of this source is made up: no sample part is the publisher's and nothing else was loaded.</summary>
    public bool WhollySynthetic(bool alsoPublisherData) => !alsoPublisherData && Samples.Count > 0 && Samples.All(s => s.WhollySynthetic);
}

/// <summary>
/// Where the values of a dataset come from. A dataset with any synthetic input is published as sample data and says
/// so on every artefact; a live run refuses to publish it at all (<see cref="LiveRefusal"/>).
/// </summary>
public sealed record DataOrigin(IReadOnlyList<SourceOrigin> Sources, IReadOnlySet<string> SourcesWithPublisherData)
{
    public const string MarkDe = "Beispieldaten — keine amtlichen Zahlen";
    public const string MarkEn = "Sample data — not official figures";

    public static readonly DataOrigin Publisher = new([], new HashSet<string>());

    public bool Synthetic => Sources.Any(s => s.Synthetic);

    /// <summary>The title as every artefact shows it: sample data says so in the title itself.</summary>
    public string Title(string title) => Synthetic ? $"{title} ({MarkDe})" : title;

    /// <summary>The sentences that open every description of a dataset built from sample data; none otherwise.</summary>
    public IReadOnlyList<string> Marking => Synthetic
        ? [$"{MarkDe}: Dieser Datensatz ist aus den mitgelieferten Beispieldateien von TalentData erzeugt. Seine Zahlen sind synthetisch, " +
           "soweit hier nicht anders gesagt, und weder amtliche noch städtische Zahlen; nicht zitieren, nicht weiterverwenden.", .. Notes]
        : [];

    /// <summary>"synthetic" (always) and "provenance" (for sample data): a property a harvester can test, not only prose.</summary>
    public void WriteProperties(System.Text.Json.Utf8JsonWriter w)
    {
        w.WriteBoolean("synthetic", Synthetic);
        if (!Synthetic)
            return;
        w.WriteStartArray("provenance");
        foreach (var note in Notes)
            w.WriteStringValue(note);
        w.WriteEndArray();
    }

    /// <summary>Keywords a portal shows beside the title.</summary>
    public IReadOnlyList<string> Keywords => Synthetic ? ["Beispieldaten", "synthetische Daten"] : [];

    public IEnumerable<SampleFile> SampleFiles => Sources.SelectMany(s => s.Samples).DistinctBy(s => s.Path).OrderBy(s => s.Path, StringComparer.Ordinal);

    /// <summary>One German sentence per source that holds sample data: what is made up and what is the publisher's.</summary>
    public IReadOnlyList<string> Notes => [.. Sources.Where(s => s.Samples.Count > 0).OrderBy(s => s.Source.Id, StringComparer.Ordinal).Select(s =>
    {
        var real = s.Samples.SelectMany(f => f.RealPeriods).Distinct().Order(StringComparer.Ordinal).ToList();
        return real.Count == 0
            ? $"{s.Source.Id}: synthetische Beispielwerte im Format von {s.Source.Publisher}, keine Werte dieses Herausgebers ({string.Join(", ", s.Samples.Select(f => f.Path))})."
            : $"{s.Source.Id}: nur die Werte für {string.Join(", ", real)} sind die des Herausgebers ({s.Source.Publisher}), alle übrigen sind synthetisch ({string.Join(", ", s.Samples.Select(f => f.Path))}).";
    })];

    /// <summary>The attribution of one source as this dataset may give it: no publisher is credited with made-up values.</summary>
    public string? Attribution(PipelineDefinition source)
    {
        var credit = source.Attribution ?? source.Publisher;
        if (Sources.FirstOrDefault(s => s.Source.Id == source.Id) is not { Samples.Count: > 0 } origin)
            return credit;
        if (origin.WhollySynthetic(SourcesWithPublisherData.Contains(source.Id)))
            return $"Synthetische Beispieldaten im Format von {source.Publisher} (keine Daten dieses Herausgebers)";
        var real = origin.Samples.SelectMany(f => f.RealPeriods).Distinct().Order(StringComparer.Ordinal).ToList();
        return real.Count == 0 ? credit : $"{credit} (Werte für {string.Join(", ", real)}; übrige Werte synthetische Beispieldaten)";
    }

    /// <summary>Why a live run must not publish this dataset, naming the bundled file; null when it holds only publisher deliveries.</summary>
    public string? LiveRefusal() =>
        SampleFiles.FirstOrDefault() is { } sample
            ? $"it is built from the bundled sample file {sample.Path} ({(sample.Synthetic ? "synthetic" : "a copy of a publisher file")}, " +
              $"source {Sources.First(s => s.Samples.Contains(sample)).Source.Id}), and a live run publishes only what the publishers delivered; " +
              $"load that source live (talentdata run --mode live --pipeline {Sources.First(s => s.Samples.Contains(sample)).Source.Id}) so that every period it holds comes from the publisher"
            : null;

    /// <summary>
    /// Reads which landed files each source's raw tables hold (raw rows name their landed file, whose name is its
    /// sha256) and recognises the bundled sample files among them by content.
    /// </summary>
    public static IReadOnlyDictionary<string, (List<SampleFile> Samples, bool PublisherData)> ReadLoaded(
        Warehouse.Warehouse warehouse, IEnumerable<PipelineDefinition> sources, SampleProvenance provenance)
    {
        var result = new Dictionary<string, (List<SampleFile>, bool)>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            var samples = new List<SampleFile>();
            var publisherData = false;
            foreach (var entity in source.Entities)
            {
                var table = RawLoader.TableName(source.Id, entity.Entity);
                if (!warehouse.TableExists("raw", table))
                    continue;
                foreach (var landed in warehouse.Connection.Query<string>($"select distinct _source_file from raw.\"{table}\" order by 1"))
                {
                    if (provenance.BySha256(Path.GetFileNameWithoutExtension(landed)) is { } sample)
                    {
                        if (!samples.Contains(sample))
                            samples.Add(sample);
                    }
                    else
                        publisherData = true;
                }
            }
            result[source.Id] = (samples, publisherData);
        }
        return result;
    }

    public static DataOrigin For(IEnumerable<PipelineDefinition> contributing,
        IReadOnlyDictionary<string, (List<SampleFile> Samples, bool PublisherData)> loaded)
    {
        var list = contributing.ToList();
        return new DataOrigin(
            [.. list.Select(s => new SourceOrigin(s, loaded.TryGetValue(s.Id, out var l) ? l.Samples : []))],
            list.Where(s => loaded.TryGetValue(s.Id, out var l) && l.PublisherData).Select(s => s.Id).ToHashSet(StringComparer.Ordinal));
    }
}
