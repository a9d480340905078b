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

    /// <summary>
    /// The header line that makes a model a union of parts: its body is only <c>select * from &lt;part&gt;</c> branches joined by
    /// <c>union all by name</c>, and a city builds it from the parts it provides inputs for (<see cref="ModelGraph.Configured"/>).
    /// </summary>
    public const string UnionMarker = "-- union of the parts this city builds";

    /// <summary>The parts of a union model, in file order; null for any other model.</summary>
    public IReadOnlyList<string>? Parts { get; init; }

    /// <summary>This union model narrowed to <paramref name="parts"/>.</summary>
    public SqlModel WithParts(IReadOnlyList<string> parts) =>
        this with { Sql = UnionSql(parts), References = [.. parts.Order(StringComparer.Ordinal)] };

    static string UnionSql(IEnumerable<string> parts) => string.Join("\nunion all by name\n", parts.Select(p => $"select * from {p}"));

    public static SqlModel FromFile(string sqlRoot, string file)
    {
        var relative = Path.GetRelativePath(sqlRoot, file).Replace('\\', '/');
        return FromFile(relative.Split('/')[0], file, "sql/" + relative);
    }

    /// <param name="layer">The layer folder the file lies in (staging, inputs, core, marts).</param>
    /// <param name="shown">The file as errors name it (<see cref="SqlFolders.Shown"/>).</param>
    public static SqlModel FromFile(string layer, string file, string shown)
    {
        var materialization = layer switch
        {
            "staging" or "inputs" => "view",
            "core" or "marts" => "table",
            _ => throw new PipelineException("", "sql", $"{shown}: models live in sql/staging, sql/inputs, sql/core or sql/marts; found one in sql/{layer}."),
        };
        var text = System.IO.File.ReadAllText(file);
        var sql = text.Trim().TrimEnd(';').Trim();
        SingleSelect.Require(shown, text, sql);
        var model = new SqlModel(layer, Path.GetFileNameWithoutExtension(file), shown, sql, materialization, FindReferences(sql));
        if (!text.Contains(UnionMarker, StringComparison.Ordinal))
            return model;
        var body = CommentsAndStrings().Replace(sql, " ");
        var branches = UnionSeparator().Split(body).Select(b => (Text: b, Match: UnionBranch().Match(b))).ToList();
        if (branches.FirstOrDefault(b => !b.Match.Success) is { Text: { } bad })
            throw new PipelineException("", "sql",
                $"{shown}: '{UnionMarker}' expects only 'select * from <schema>.<model>' branches joined by 'union all by name'; " +
                $"found '{string.Join(" ", bad.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))}'.");
        return model with { Parts = [.. branches.Select(b => b.Match.Groups["part"].Value.ToLowerInvariant())] };
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

    [GeneratedRegex(@"\bunion\s+all\s+by\s+name\b", RegexOptions.IgnoreCase)]
    private static partial Regex UnionSeparator();

    [GeneratedRegex(@"^\s*select\s+\*\s+from\s+(?<part>(core|marts)\.[a-z_][a-z0-9_]*)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex UnionBranch();

    [GeneratedRegex(@"(?<![\w.])district_at\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex DistrictAtCall();

    [GeneratedRegex(@"--[^\n]*|'(?:[^']|'')*'|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex CommentsAndStrings();

    [GeneratedRegex(@"(?<![\w.""])(?<schema>raw|ref|staging|inputs|core|marts)\s*\.\s*""?(?<name>[A-Za-z_][A-Za-z0-9_]*)""?", RegexOptions.IgnoreCase)]
    private static partial Regex ReferencePattern();
}
