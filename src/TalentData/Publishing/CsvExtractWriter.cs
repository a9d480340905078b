using System.Globalization;
using System.Text;

namespace TalentData.Publishing;

/// <summary>
/// The open-data CSV of publishing.md §6: UTF-8 without BOM, comma, CRLF, '"' quoting only where needed, one header
/// row of the published column names, the rows of the protected table in primary-key order. The same table gives the
/// same bytes.
/// </summary>
public static class CsvExtractWriter
{
    public static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public static byte[] Write(PublishedTable table)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, Utf8NoBom, leaveOpen: true))
        {
            writer.NewLine = "\r\n";
            writer.WriteLine(string.Join(",", table.Columns.Select(Quote)));
            foreach (var row in table.Rows)
                writer.WriteLine(string.Join(",", row.Select(Quote)));
        }
        return stream.ToArray();
    }

    /// <summary>Invariant text of a value read from DuckDB.</summary>
    public static string Format(object value) => value switch
    {
        string s => s,
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (value.Length > 0 && (value[0] == ' ' || value[^1] == ' '))
            ? "\"" + value.Replace("\"", "\"\"") + "\""
            : value;

    /// <summary>Reads a CSV this writer wrote (RFC 4180, CRLF): the header, then the rows.</summary>
    public static (IReadOnlyList<string> Header, List<string[]> Rows) Parse(byte[] bytes)
    {
        var text = Utf8NoBom.GetString(bytes);
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
                i++;
            }
            else field.Append(c);
        }
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add([.. fields]);
        }
        return records.Count == 0 ? ([], []) : (records[0], records.Skip(1).ToList());
    }
}
