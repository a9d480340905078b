using System.Text.Json;

namespace TalentData.Publishing;

/// <summary>data.csv, the tidy CSV of publishing.md §6 that the portal ingests (written by <see cref="CsvExtractWriter"/>).</summary>
public sealed class CsvFormat : PublishedFormat
{
    public const string File = "data.csv";

    public override string FileName => File;
    public override string MediaType => "text/csv";
    public override string FileType => "CSV";
    public override string Title => "CSV (UTF-8, Komma, RFC 4180)";
    public override string ResourceName => "data";
    public override string ResourceFormat => "csv";

    public override string Encoding => "utf-8";

    public override void WriteResourceDetails(Utf8JsonWriter w)
    {
        w.WriteStartObject("dialect");
        w.WriteString("delimiter", ",");
        w.WriteString("lineTerminator", "\r\n");
        w.WriteString("quoteChar", "\"");
        w.WriteBoolean("doubleQuote", true);
        w.WriteBoolean("header", true);
        w.WriteEndObject();
    }

    public override byte[] Write(ReleaseContent content, IReadOnlyDictionary<string, byte[]> written) => CsvExtractWriter.Write(content.Table);
}
