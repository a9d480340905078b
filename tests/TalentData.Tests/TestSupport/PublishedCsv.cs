using TalentData.Publishing;

namespace TalentData.Tests.TestSupport;

/// <summary>A published data.csv read back with the writer's own RFC 4180 reader, each row by column name.</summary>
public static class PublishedCsv
{
    public static List<Dictionary<string, string>> Rows(string path)
    {
        var (header, rows) = CsvExtractWriter.Parse(File.ReadAllBytes(path));
        return [.. rows.Select((cells, i) => cells.Length == header.Count
            ? header.Zip(cells).ToDictionary(p => p.First, p => p.Second)
            : throw new InvalidDataException($"{path}, line {i + 2}: expected {header.Count} cells, found {cells.Length}"))];
    }
}
