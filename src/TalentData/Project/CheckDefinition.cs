using System.Text.RegularExpressions;

namespace TalentData.Project;

/// <summary>
/// One check: a query that selects the offending rows (zero rows pass). The custom checks are sql/checks/assert_*.sql
/// (header <c>-- severity: warn</c> makes a failure a warning, <c>-- protects:</c> names the models whose publication a
/// failure stops, else every model it reads); the generic checks come from the model YAML and protect their model.
/// </summary>
public sealed partial record CheckDefinition(string Name, string File, string Sql, string Severity, IReadOnlyList<string> Models, IReadOnlyList<string> Protects)
{
    public static IReadOnlyList<CheckDefinition> LoadAll(string sqlRoot, IReadOnlyList<ModelDefinition> modelDefinitions)
    {
        var directory = Path.Combine(sqlRoot, "checks");
        var custom = !Directory.Exists(directory) ? [] : Directory.GetFiles(directory, "*.sql").Order(StringComparer.Ordinal).Select(f =>
        {
            var text = System.IO.File.ReadAllText(f);
            var sql = text.Trim().TrimEnd(';').Trim();
            SingleSelect.Require("sql/checks/" + Path.GetFileName(f), text, sql);
            var severity = SeverityPattern().Match(sql) is { Success: true } m ? m.Groups[1].Value.ToLowerInvariant() : "error";
            var name = Path.GetFileNameWithoutExtension(f);
            if (!name.StartsWith("assert_", StringComparison.Ordinal))
                throw new PipelineException("", "checks", $"sql/checks/{Path.GetFileName(f)}: check files are named assert_<what_must_hold>.sql.");
            var models = SqlModel.FindReferences(sql);
            var protects = ProtectsPattern().Match(sql) is { Success: true } p
                ? p.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(x => x.ToLowerInvariant()).ToList()
                : models;
            return new CheckDefinition(name, "sql/checks/" + Path.GetFileName(f), sql, severity, models, protects);
        }).ToList();
        // Generic checks declared beside their model protect that model.
        var generic = modelDefinitions.SelectMany(d => d.CheckQueries().Select(g =>
            new CheckDefinition(g.Name, d.File, g.Sql, g.Severity, SqlModel.FindReferences(g.Sql), [d.Model])));
        return [.. custom, .. generic];
    }

    [GeneratedRegex(@"^\s*--\s*protects:\s*(.+)$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex ProtectsPattern();

    [GeneratedRegex(@"^\s*--\s*severity:\s*(warn|error)\b", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex SeverityPattern();
}
