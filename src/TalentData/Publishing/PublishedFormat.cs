using System.Text.Json;
using TalentData.Disclosure;
using TalentData.Project;

namespace TalentData.Publishing;

/// <summary>What every file of one dataset's release is written from: the protected table and the release's metadata.</summary>
public sealed record ReleaseContent(PublishedTable Table, AreaHierarchy Areas, IReadOnlyList<PipelineDefinition> Sources,
    DatasetLicence Licence, string Attribution, PublishSettings Settings, City City, ReleaseStamp Release);

/// <summary>
/// A file every release of a dataset holds, and how the catalogue and the data package describe it. The release, the
/// DCAT record and the data package iterate <see cref="PublishedFormats.All"/>, so a new format is one class and one
/// registration there.
/// </summary>
public abstract class PublishedFormat
{
    /// <summary>The file name in the release folder and in latest/ (the stable download URL).</summary>
    public abstract string FileName { get; }

    /// <summary>The IANA media type, e.g. text/csv.</summary>
    public abstract string MediaType { get; }

    /// <summary>The code in the EU file-type authority that dct:format names (publishing.md §3.1, K32).</summary>
    public abstract string FileType { get; }

    /// <summary>dct:title of the DCAT distribution (German, as the rest of the record).</summary>
    public abstract string Title { get; }

    /// <summary>dct:conformsTo of the distribution: the standard the file follows beyond its media type, if any.</summary>
    public virtual string? ConformsTo => null;

    /// <summary>The name of the file's resource in datapackage.json; null when the data package does not list the file.</summary>
    public virtual string? ResourceName => null;

    /// <summary>The Frictionless <c>format</c> of the resource (csv, parquet).</summary>
    public virtual string? ResourceFormat => null;

    /// <summary>Whether the datapackage describes the resource as a table with the dataset's schema (not so GeoJSON).</summary>
    public virtual bool IsTable => true;

    /// <summary>Whether a release of the dataset holds this file; the catalogue and the data package list it only then.</summary>
    public virtual bool AppliesTo(DatasetDefinition dataset) => true;

    /// <summary>The resource's text encoding; null for a binary file.</summary>
    public virtual string? Encoding => null;

    /// <summary>Resource keys that only this format has (the CSV dialect), written after bytes and hash.</summary>
    public virtual void WriteResourceDetails(Utf8JsonWriter writer) { }

    /// <summary>
    /// The file's bytes: the same content gives the same bytes (unchanged releases are detected byte for byte).
    /// <paramref name="written"/> holds the files of the formats registered before this one.
    /// </summary>
    public abstract byte[] Write(ReleaseContent content, IReadOnlyDictionary<string, byte[]> written);
}

/// <summary>The published formats, in the order a release writes them and the catalogue lists them.</summary>
public static class PublishedFormats
{
    public static readonly IReadOnlyList<PublishedFormat> All =
    [
        new CsvFormat(),
        new JsonStatFormat(),
        new ParquetFormat(),
        new GeoJsonFormat(),
        // Last: it describes the data files before it (bytes and hash).
        new DataPackageFormat(),
    ];

    /// <summary>The formats a release of the dataset holds, in order.</summary>
    public static IEnumerable<PublishedFormat> For(DatasetDefinition dataset) => All.Where(f => f.AppliesTo(dataset));

    /// <summary>The registered instance of a format.</summary>
    public static T Get<T>() where T : PublishedFormat => All.OfType<T>().Single();
}
