using System.Text.RegularExpressions;

namespace TalentData.Project;

/// <summary>One SQL file of sql/: its qualified name, how it is materialised and which relations it reads.</summary>
public sealed partial record SqlModel(string Schema, string Name, string File, string Sql, string Materialization, IReadOnlyList<string> References)
{
    public string QualifiedName => $"{Schema}.{Name}";

    /// <summary>The function that places a point in the configured district boundaries (registered on the build connection).</summary>
    public const string DistrictAtFunction = "district_at";

    /// <summary>The SQL calls <see cref="DistrictAtFunction"/>: what it builds depends on the boundary files as well.</summary>
    public bool CallsDistrictAt => DistrictAtCall().IsMatch(CommentsAndStrings().Replace(Sql, " "));

    public static readonly string[] Layers = ["raw", "ref", "staging", "inputs", "core", "marts"];

    public static SqlModel FromFile(string sqlRoot, string file)
    {
        var relative = Path.GetRelativePath(sqlRoot, file).Replace('\\', '/');
        var layer = relative.Split('/')[0];
        var materialization = layer switch
        {
            "staging" or "inputs" => "view",
            "core" or "marts" => "table",
            _ => throw new PipelineException("", "sql", $"sql/{relative}: models live in sql/staging, sql/inputs, sql/core or sql/marts; found one in sql/{layer}."),
        };
        var text = System.IO.File.ReadAllText(file);
        var sql = text.Trim().TrimEnd(';').Trim();
        SingleSelect.Require("sql/" + relative, text, sql);
        return new SqlModel(layer, Path.GetFileNameWithoutExtension(file), "sql/" + relative, sql, materialization, FindReferences(sql));
    }

    /// <summary>Schema-qualified relation names the SQL reads, ignoring comments and string literals.</summary>
    public static IReadOnlyList<string> FindReferences(string sql)
    {
        var code = CommentsAndStrings().Replace(sql, " ");
        return ReferencePattern().Matches(code)
            .Select(m => $"{m.Groups["schema"].Value.ToLowerInvariant()}.{m.Groups["name"].Value.ToLowerInvariant()}")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    [GeneratedRegex(@"(?<![\w.])district_at\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex DistrictAtCall();

    [GeneratedRegex(@"--[^\n]*|'(?:[^']|'')*'|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex CommentsAndStrings();

    [GeneratedRegex(@"(?<![\w.""])(?<schema>raw|ref|staging|inputs|core|marts)\s*\.\s*""?(?<name>[A-Za-z_][A-Za-z0-9_]*)""?", RegexOptions.IgnoreCase)]
    private static partial Regex ReferencePattern();
}
