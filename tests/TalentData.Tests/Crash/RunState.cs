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

    /// <summary>
    /// Every file under exports/, by its path relative to exports/, with the SHA-256 of its bytes; in the JSON
    /// metadata (release notes, DCAT records) the release time is blanked first, since two runs of the same input
    /// publish at different times by design.
    /// </summary>
    public static SortedDictionary<string, string> Exports(string dataDir)
    {
        var root = Path.Combine(dataDir, "exports");
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(root)) return result;
        foreach (var file in Directory.GetFiles(root, "*", SearchOption.AllDirectories))
            result[Path.GetRelativePath(root, file).Replace('\\', '/')] = file.EndsWith(".json", StringComparison.Ordinal) || file.EndsWith(".jsonld", StringComparison.Ordinal)
                ? Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Timestamp().Replace(File.ReadAllText(file), "<time>"))))
                : Sha(file);
        foreach (var directory in Directory.GetDirectories(root, "*", SearchOption.AllDirectories))
            if (new DirectoryInfo(directory).LinkTarget is { } link)
                result[Path.GetRelativePath(root, directory).Replace('\\', '/')] = "-> " + link;
        return result;
    }

    /// <summary>
    /// The contents of every table in raw, ref, core and marts, as row count and the sum of the rows' hashes, leaving
    /// out the run id (which differs between two runs of the same inputs by design). Byte comparison of two DuckDB
    /// files says nothing: their layout depends on the history of writes.
    /// </summary>
    public static SortedDictionary<string, string> Contents(string databasePath)
    {
        using var warehouse = TalentData.Warehouse.Warehouse.OpenReadOnly(databasePath);
        var c = warehouse.Connection;
        var tables = c.Query<(string Schema, string Table)>("""
            select table_schema, table_name from information_schema.tables
            where table_schema in ('raw', 'ref', 'core', 'marts') and table_type = 'BASE TABLE'
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
