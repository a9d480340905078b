using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TalentData.Publishing;

/// <summary>
/// How every JSON file is written: UTF-8 without BOM, two-space indentation, "\n" line ends and a final newline,
/// umlauts as they are (the files are data, never embedded in HTML), so the same content gives the same bytes.
/// </summary>
public static class JsonOutput
{
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    static readonly JsonSerializerOptions NodeOptions = new()
    {
        WriteIndented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
            write(writer);
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    public static byte[] Write(JsonNode node)
    {
        using var stream = new MemoryStream();
        JsonSerializer.Serialize(stream, node, NodeOptions);
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }
}
