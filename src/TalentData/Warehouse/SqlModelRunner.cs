using System.Text.RegularExpressions;
using Dapper;
using TalentData.Project;

namespace TalentData.Warehouse;

public sealed record ModelResult(SqlModel Model, string Status, string? Error, long? Rows);

/// <summary>
/// Builds the models of sql/ in the manifest's dependency order (<see cref="ModelGraph"/>). A model that fails is
/// reported and its dependents are skipped, keeping their last good state; the others still build.
/// </summary>
/// <param name="placement">What district_at places by; <see cref="DistrictPlacement.None"/> when not given.</param>
public sealed partial class SqlModelRunner(string sqlRoot, DistrictPlacement? placement = null)
{
    /// <summary>
    /// Creates the macros of sql/macros/*.sql (one <c>create or replace macro</c> per file) in <paramref name="connection"/>.
    /// Views call them when queried, so they live in the warehouse itself, and every build renews them first.
    /// </summary>
    public static IReadOnlyList<string> CreateMacros(System.Data.IDbConnection connection, string sqlRoot)
    {
        var directory = Path.Combine(sqlRoot, "macros");
        if (!Directory.Exists(directory)) return [];
        var created = new List<string>();
        foreach (var file in Directory.GetFiles(directory, "*.sql").Order(StringComparer.Ordinal))
        {
            var relative = "sql/macros/" + Path.GetFileName(file);
            var sql = File.ReadAllText(file);
            if (MacroPattern().Match(sql) is not { Success: true } m || m.Groups["name"].Value != Path.GetFileNameWithoutExtension(file))
                throw new PipelineException("", "sql", $"{relative}: expected one 'create or replace macro {Path.GetFileNameWithoutExtension(file)}(...) as ...' named like the file.");
            try
            {
                connection.Execute(sql);
            }
            catch (DuckDB.NET.Data.DuckDBException ex)
            {
                throw new PipelineException("", "sql", $"{relative}: {ex.Message}", ex);
            }
            created.Add(Path.GetFileNameWithoutExtension(file));
        }
        return created;
    }

    /// <param name="unchanged">A model for which this says true was built from the same inputs before and is kept as it is.</param>
    /// <param name="built">Called inside the model's build transaction, to record what it was built from along with the table.</param>
    public IReadOnlyList<ModelResult> Build(Warehouse warehouse, IReadOnlyList<SqlModel> ordered, ISet<string> unavailable,
        Action<SqlModel>? starting = null, CancellationToken cancel = default, Func<SqlModel, bool>? unchanged = null, Action<SqlModel>? built = null)
    {
        CreateMacros(warehouse.Connection, sqlRoot);
        (placement ?? DistrictPlacement.None).Prepare(warehouse.Connection);
        var results = new List<ModelResult>();
        var blocked = new Dictionary<string, string>();
        foreach (var name in unavailable)
            blocked[name] = $"{name} is not available";
        using var interrupt = warehouse.InterruptWhen(cancel);
        foreach (var model in ordered)
        {
            cancel.ThrowIfCancellationRequested();
            var cause = model.References.FirstOrDefault(blocked.ContainsKey);
            if (cause is not null)
            {
                blocked[model.QualifiedName] = blocked[cause];
                results.Add(new ModelResult(model, "skipped", $"skipped: {blocked[cause]}; keeps its last good state", null));
                continue;
            }
            if (unchanged?.Invoke(model) == true)
            {
                results.Add(new ModelResult(model, ModelStatus.Unchanged, null, null));
                continue;
            }
            starting?.Invoke(model);
            try
            {
                using var tx = warehouse.Connection.BeginTransaction();
                warehouse.Connection.Execute($"create or replace {model.Materialization} {model.Schema}.{model.Name} as\n{model.Sql}");
                long? rows = model.Materialization == "table"
                    ? warehouse.Connection.ExecuteScalar<long>($"select count(*) from {model.Schema}.{model.Name}")
                    : null;
                built?.Invoke(model);
                tx.Commit();
                results.Add(new ModelResult(model, ModelStatus.Built, null, rows));
            }
            catch (DuckDB.NET.Data.DuckDBException) when (cancel.IsCancellationRequested)
            {
                // Interrupted, not failed: the transaction rolled back and the model keeps its last good state.
                throw new OperationCanceledException(cancel);
            }
            catch (Exception ex) when (ex is DuckDB.NET.Data.DuckDBException or InvalidOperationException)
            {
                blocked[model.QualifiedName] = $"{model.QualifiedName} failed";
                results.Add(new ModelResult(model, "failed", $"{model.File}: {ex.Message}", null));
            }
        }
        return results;
    }

    [GeneratedRegex(@"^(\s*--[^\n]*\n)*\s*create\s+or\s+replace\s+macro\s+(?<name>\w+)\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex MacroPattern();
}
