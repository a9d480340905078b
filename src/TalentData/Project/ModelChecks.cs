using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace TalentData.Project;

/// <summary>
/// Generic checks declared beside the model they protect, in <c>sql/&lt;layer&gt;/&lt;model&gt;.checks.yaml</c>:
/// not_null, unique, relationship, accepted_values and range. Each becomes a query that selects the offending rows,
/// run and recorded like the custom <c>sql/checks/assert_*.sql</c>.
/// </summary>
public sealed class ModelChecks
{
    public required List<GenericCheck> Checks { get; set; }

    static IDeserializer Yaml => StrictYaml.Deserializer;

    public static readonly string[] Types = ["not_null", "unique", "relationship", "accepted_values", "range"];

    /// <summary>Every declared check as (name, file, sql, severity, model).</summary>
    public static IReadOnlyList<(string Name, string File, string Sql, string Severity, string Model)> Load(string sqlRoot)
    {
        var result = new List<(string, string, string, string, string)>();
        foreach (var layer in new[] { "staging", "core", "marts" })
        {
            var directory = Path.Combine(sqlRoot, layer);
            if (!Directory.Exists(directory)) continue;
            foreach (var file in Directory.GetFiles(directory, "*.checks.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var relative = "sql/" + Path.GetRelativePath(sqlRoot, file).Replace('\\', '/');
                var model = $"{layer}.{Path.GetFileName(file)[..^".checks.yaml".Length]}";
                if (!File.Exists(file[..^".checks.yaml".Length] + ".sql"))
                    throw new PipelineException("", "checks", $"{relative}: there is no model {model} beside it ({Path.GetFileName(file)[..^".checks.yaml".Length]}.sql).");
                ModelChecks declared;
                try
                {
                    declared = Yaml.Deserialize<ModelChecks>(File.ReadAllText(file))
                        ?? throw new PipelineException("", "checks", $"{relative}: the file is empty; expected 'checks:'.");
                }
                catch (YamlException ex)
                {
                    throw new PipelineException("", "checks", $"{relative}, line {ex.Start.Line}, column {ex.Start.Column}: {(ex.InnerException?.Message ?? ex.Message).Trim()}", ex);
                }
                foreach (var check in declared.Checks)
                {
                    var problem = check.Problem();
                    if (problem is not null)
                        throw new PipelineException("", "checks", $"{relative}: check '{check.Type}': {problem}");
                    result.Add(($"{model.Replace('.', '_')}__{check.Type}__{string.Join("_", check.AllColumns)}", relative, check.ToSql(model), check.Severity, model));
                }
            }
        }
        return result;
    }
}

public sealed class GenericCheck
{
    public required string Type { get; set; }
    public List<string> Columns { get; set; } = [];
    public string? Column { get; set; }
    public string Severity { get; set; } = "error";
    /// <summary>relationship: the model the column must refer to, and its column.</summary>
    public string? To { get; set; }
    public string? Field { get; set; }
    /// <summary>A SQL condition on the checked model's rows (relationship: also on the referenced model, as 'to').</summary>
    public string? Where { get; set; }
    public string? ToWhere { get; set; }
    public List<string> Values { get; set; } = [];
    public double? Min { get; set; }
    public double? Max { get; set; }

    internal IEnumerable<string> AllColumns => Column is null ? Columns : [Column, .. Columns];

    internal string? Problem()
    {
        if (!ModelChecks.Types.Contains(Type)) return $"unknown type; known types: {string.Join(", ", ModelChecks.Types)}.";
        if (Severity is not ("error" or "warn")) return $"severity must be error or warn, found '{Severity}'.";
        return Type switch
        {
            "not_null" or "unique" when Columns.Count == 0 => "needs 'columns'.",
            "relationship" when Column is null || To is null || Field is null => "needs 'column', 'to' and 'field'.",
            "accepted_values" when Column is null || Values.Count == 0 => "needs 'column' and 'values'.",
            "range" when Column is null || (Min is null && Max is null) => "needs 'column' and 'min' or 'max'.",
            _ => null,
        };
    }

    static string Q(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
    static string L(string value) => "'" + value.Replace("'", "''") + "'";
    static string N(double value) => value.ToString(CultureInfo.InvariantCulture);

    internal string ToSql(string model)
    {
        var where = Where is null ? "true" : $"({Where})";
        return Type switch
        {
            "not_null" => $"select * from {model} where {where} and ({string.Join(" or ", Columns.Select(c => $"{Q(c)} is null"))})",
            "unique" => $"select {string.Join(", ", Columns.Select(Q))}, count(*) as rows from {model} where {where} group by all having count(*) > 1",
            "relationship" => $"select m.{Q(Column!)}, count(*) as rows from {model} m where {where} and m.{Q(Column!)} is not null " +
                              $"and m.{Q(Column!)} not in (select t.{Q(Field!)} from {To} t where {(ToWhere is null ? "true" : $"({ToWhere})")} and t.{Q(Field!)} is not null) group by all",
            "accepted_values" => $"select {Q(Column!)}, count(*) as rows from {model} where {where} and {Q(Column!)} is not null and {Q(Column!)} not in ({string.Join(", ", Values.Select(L))}) group by all",
            "range" => $"select * from {model} where {where} and {Q(Column!)} is not null and ({string.Join(" or ", new[] { Min is { } min ? $"{Q(Column!)} < {N(min)}" : null, Max is { } max ? $"{Q(Column!)} > {N(max)}" : null }.OfType<string>())})",
            _ => throw new InvalidOperationException(Type),
        };
    }
}
