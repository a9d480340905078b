using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace TalentData.Tests.Crash;

/// <summary>What a data folder publishes, reduced to comparable values: export bytes and warehouse contents.</summary>
public static partial class RunState
{
    [System.Text.RegularExpressions.GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?")]
    private static partial System.Text.RegularExpressions.Regex Timestamp();

    public static string Sha(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    [System.Text.RegularExpressions.GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}(\.\d+)?\b")]
    private static partial System.Text.RegularExpressions.Regex ReleaseName();

    [System.Text.RegularExpressions.GeneratedRegex(@"""dcat:byteSize"": ""\d+""")]
    private static partial System.Text.RegularExpressions.Regex ByteSize();

    /// <summary>
    /// Every file under exports/, by its path relative to exports/, with the SHA-256 of its bytes; in the JSON
    /// metadata (release notes, DCAT records) the release time is blanked first, since two runs of the same input
    /// publish at different times by design. Releases are named by the day they are published, so their names become
    /// their rank (release-1, release-2 … in order of day and number), in paths, link targets and JSON alike: a run
    /// either side of midnight publishes the same releases, and one release too many still shows. For the same reason
    /// the DCAT records' byte sizes are blanked: a file that names its release is two bytes longer as the day's second
    /// release (2026-12-05.2) than as the first of the next day (2026-12-06). The catalogue tests compare each byte size
    /// with its file.
    /// </summary>
    public static SortedDictionary<string, string> Exports(string dataDir)
    {
        var root = Path.Combine(dataDir, "exports");
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(root)) return result;
        var ranks = Directory.GetDirectories(root).SelectMany(Directory.GetDirectories)
            .Where(d => new DirectoryInfo(d).LinkTarget is null)
            .Select(Path.GetFileName).OfType<string>()
            .Where(name => ReleaseName().Match(name) is { Success: true } m && m.Length == name.Length)
            .Distinct()
            .OrderBy(name => name[..10], StringComparer.Ordinal)
            .ThenBy(name => name.Length > 10 ? int.Parse(name[11..], CultureInfo.InvariantCulture) : 1)
            .Select((name, i) => (name, rank: $"release-{i + 1}"))
            .ToDictionary(r => r.name, r => r.rank);
        string Ranked(string text) => ReleaseName().Replace(text, m => ranks.GetValueOrDefault(m.Value, m.Value));
        string Comparable(string json) => Ranked(ByteSize().Replace(Timestamp().Replace(json, "<time>"), "\"dcat:byteSize\": \"<size>\""));
        foreach (var file in Directory.GetFiles(root, "*", SearchOption.AllDirectories))
            result[Ranked(Path.GetRelativePath(root, file).Replace('\\', '/'))] = file.EndsWith(".json", StringComparison.Ordinal) || file.EndsWith(".jsonld", StringComparison.Ordinal)
                ? Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Comparable(File.ReadAllText(file)))))
                : Sha(file);
        foreach (var directory in Directory.GetDirectories(root, "*", SearchOption.AllDirectories))
            if (new DirectoryInfo(directory).LinkTarget is { } link)
                result[Ranked(Path.GetRelativePath(root, directory).Replace('\\', '/'))] = "-> " + Ranked(link);
        return result;
    }

    /// <summary>
    /// The contents of every table in raw, ref, core and marts (or only in <paramref name="schemas"/>), as row count and
    /// the sum of the rows' hashes, leaving out the run id (which differs between two runs of the same inputs by design).
    /// Byte comparison of two DuckDB files says nothing: their layout depends on the history of writes.
    /// </summary>
    public static SortedDictionary<string, string> Contents(string databasePath, params string[] schemas)
    {
        using var warehouse = TalentData.Warehouse.Warehouse.OpenReadOnly(databasePath);
        var c = warehouse.Connection;
        string[] read = schemas.Length > 0 ? schemas : ["raw", "ref", "core", "marts"];
        var tables = c.Query<(string Schema, string Table)>($"""
            select table_schema, table_name from information_schema.tables
            where table_schema in ({string.Join(", ", read.Select(schema => $"'{schema}'"))}) and table_type = 'BASE TABLE'
            order by all
            """).ToList();
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (schema, table) in tables)
        {
            var columns = c.Query<string>(
                "select column_name from information_schema.columns where table_schema = $schema and table_name = $table and column_name not in ('run_id', '_run_id') order by ordinal_position",
                new { schema, table }).ToList();
            var list = string.Join(", ", columns.Select(x => $"\"{x}\""));
            // The sum of the rows' hashes: equal for the same multiset of rows in any order, without sorting rows as text.
            var (rows, hash) = c.QuerySingle<(long, string)>(
                $"select count(*), coalesce(sum(hash(t)::hugeint), 0)::varchar from (select {list} from \"{schema}\".\"{table}\") t");
            result[$"{schema}.{table}"] = $"{rows.ToString(CultureInfo.InvariantCulture)} rows, hash sum {hash}";
        }
        return result;
    }

    /// <summary>A later delivery of the population file: every 2024 count one higher, so the published 2024 figures change.</summary>
    public static void WriteLaterPopulationDelivery(string repoRoot)
    {
        var path = Path.Combine(repoRoot, "sample-data", "dortmund_population", "residents.csv");
        var lines = File.ReadAllText(path, Encoding.UTF8).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var rows = lines.Skip(1).Select(l => l.Split(';')).ToList();
        var output = new StringBuilder();
        output.Append(lines[0]).Append("\r\n");
        foreach (var r in rows)
        {
            var f = (string[])r.Clone();
            if (f[1] == "2024")
                f[9] = (long.Parse(f[9], CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
            output.Append(string.Join(';', f)).Append("\r\n");
        }
        File.WriteAllText(path, output.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
    }
}
