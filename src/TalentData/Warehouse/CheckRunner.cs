using Dapper;
using TalentData.Project;

namespace TalentData.Warehouse;

public sealed record CheckResult(string Check, string File, string Severity, IReadOnlyList<string> Models, bool Passed, long FailingRows, string? Error, bool Ran = true)
{
    /// <summary>The models whose publication a failure stops: the <c>-- protects:</c> header, else every model the check reads.</summary>
    public IReadOnlyList<string> Protects { get; init; } = Models;

    /// <summary>
    /// The models (a <c>model</c> column) and sources (a <c>source_id</c> column) the failing rows name, or null when the
    /// check's rows name neither: a check spanning several facts then withholds only what is built from the offending ones.
    /// </summary>
    public IReadOnlyList<string>? OffendingModels { get; init; }
    public IReadOnlyList<string>? OffendingSources { get; init; }

    /// <summary>The first failing row as JSON, so a message can name what was found and what was expected.</summary>
    public string? FirstFailure { get; init; }

    /// <summary>What a failure says in the run's messages: the error, or the count with the first failing row.</summary>
    public string Summary => Error ?? $"{FailingRows} offending rows" + (FirstFailure is null ? "" : $", first: {FirstFailure}") + " (see qa.check_failures)";

    /// <summary>Ran and found offending rows (or could not be evaluated) with severity error.</summary>
    public bool FailedError => Ran && !Passed && Severity == "error";
    public bool Warned => Ran && !Passed && Severity == "warn";
}

/// <summary>
/// Runs sql/checks/assert_*.sql and the generic checks of each model's YAML. Each check selects the offending rows: zero rows pass. The header comment
/// <c>-- severity: warn</c> makes a failure a warning; the default is error. Results and a capped sample of
/// failing rows are kept per run in qa.check_results and qa.check_failures.
/// </summary>
public static class CheckRunner
{
    public const int SampleRows = 20;

    public static void EnsureTables(Warehouse warehouse) => warehouse.Connection.Execute("""
        create table if not exists qa.check_results (
            run_id varchar not null, check_name varchar not null, file varchar not null, models varchar not null,
            severity varchar not null, passed boolean not null, failing_rows bigint not null, error varchar,
            checked_at timestamptz not null
        );
        create table if not exists qa.check_failures (
            run_id varchar not null, check_name varchar not null, sample_no integer not null, row_json varchar not null
        );
        """);

    public static IReadOnlyList<CheckResult> Run(Warehouse warehouse, IReadOnlyList<CheckDefinition> checks, string runId, DateTimeOffset now, ISet<string> unavailable,
        CancellationToken cancel = default)
    {
        EnsureTables(warehouse);
        var results = new List<CheckResult>();
        // Recorded together when the checks end, cancelled or not: one statement instead of one or more per check.
        var recorded = new List<object?[]>();
        var failures = new List<object?[]>();
        try
        {
            // Only the checks are interrupted when the operator stops the run: the registration ends before the results
            // of those that ran are recorded.
            using (warehouse.InterruptWhen(cancel))
                foreach (var check in checks)
                {
                    cancel.ThrowIfCancellationRequested();
                    var (result, kept) = RunOne(warehouse, check, unavailable, cancel);
                    for (var i = 0; i < kept.Count; i++)
                        failures.Add([runId, check.Name, i + 1, kept[i]]);
                    recorded.Add([runId, check.Name, check.File, string.Join(",", result.Models), check.Severity, result.Passed, result.FailingRows, result.Error, now.UtcDateTime]);
                    results.Add(result);
                }
        }
        catch
        {
            // The checks that ran are recorded, as they were before the failure or the operator's stop; the failure itself
            // is what the caller hears about.
            try { Record(); } catch (DuckDB.NET.Data.DuckDBException) { }
            throw;
        }
        Record();
        return results;

        void Record()
        {
            Warehouse.InsertRows(warehouse.Connection, "qa.check_results", recorded);
            Warehouse.InsertRows(warehouse.Connection, "qa.check_failures", failures);
        }
    }

    /// <summary>One check's result and the failing rows it keeps (at most <see cref="SampleRows"/>, as JSON).</summary>
    static (CheckResult Result, IReadOnlyList<string> Kept) RunOne(Warehouse warehouse, CheckDefinition check, ISet<string> unavailable, CancellationToken cancel)
    {
        var (name, file, sql, severity, models, protects) = check;
        if (models.FirstOrDefault(unavailable.Contains) is { } missing)
            return (new CheckResult(name, file, severity, models, false, 0, $"not run: {missing} is not available", Ran: false) { Protects = protects }, []);
        try
        {
            var count = warehouse.Connection.ExecuteScalar<long>($"select count(*) from (\n{sql}\n)");
            var result = new CheckResult(name, file, severity, models, count == 0, count, null) { Protects = protects };
            if (count == 0)
                return (result, []);
            // Ordered by the rows' text: a check's SQL gives its rows in no fixed order (DuckDB scans and joins in
            // parallel), and the rows kept, the first one shown in the summary among them, must be the same
            // for the same data in every run.
            var sample = warehouse.Connection.Query<string>(
                $"select j from (select cast(to_json(t) as varchar) as j from (\n{sql}\n) t) order by j limit {SampleRows}").AsList();
            var columns = ColumnsOf(warehouse, sql);
            return (result with
            {
                FirstFailure = sample.FirstOrDefault(),
                OffendingModels = columns.Contains("model") ? Distinct(warehouse, sql, "model") : null,
                OffendingSources = columns.Contains("source_id") ? Distinct(warehouse, sql, "source_id") : null,
            }, sample);
        }
        catch (DuckDB.NET.Data.DuckDBException) when (cancel.IsCancellationRequested)
        {
            // Interrupted, not failed: nothing is recorded for a check the operator stopped.
            throw new OperationCanceledException(cancel);
        }
        catch (DuckDB.NET.Data.DuckDBException ex)
        {
            return (new CheckResult(name, file, severity, models, false, 0, $"{file}: {ex.Message}") { Protects = protects }, []);
        }
    }

    static HashSet<string> ColumnsOf(Warehouse warehouse, string sql)
    {
        using var command = warehouse.Connection.CreateCommand();
        command.CommandText = $"select * from (\n{sql}\n) limit 0";
        using var reader = command.ExecuteReader();
        return [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)];
    }

    static List<string> Distinct(Warehouse warehouse, string sql, string column) =>
        warehouse.Connection.Query<string>($"select distinct cast(\"{column}\" as varchar) from (\n{sql}\n) where \"{column}\" is not null order by 1").AsList();

    /// <summary>A check that did not pass in a run, as qa.check_results and qa.check_failures keep it, for operators.</summary>
    public sealed record RecordedFailure(string Check, string Severity, IReadOnlyList<string> Models, long FailingRows, string? Error, IReadOnlyList<string> SampleRows);

    /// <summary>The last run that ran checks; null when none has.</summary>
    public static string? LastCheckedRun(Warehouse warehouse) =>
        warehouse.TableExists("qa", "check_results")
            ? warehouse.Connection.ExecuteScalar<string?>("select run_id from qa.check_results order by checked_at desc limit 1")
            : null;

    public sealed record RecordedResult(string RunId, string CheckName, string Severity, bool Passed, long FailingRows, string? Error);

    /// <summary>Every check of a run as qa.check_results keeps it, in name order.</summary>
    public static IReadOnlyList<RecordedResult> ResultsOf(Warehouse warehouse, string runId) =>
        [.. warehouse.Connection.Query<RecordedResult>("""
            select run_id as RunId, check_name as CheckName, severity as Severity, passed as Passed, failing_rows as FailingRows, error as Error
            from qa.check_results where run_id = $runId order by check_name
            """, new { runId })];

    /// <summary>The checks that did not pass in a run, with the failing rows kept as samples (JSON).</summary>
    public static IReadOnlyList<RecordedFailure> FailuresOf(Warehouse warehouse, string runId) =>
        [.. warehouse.Connection.Query<(string Check, string Severity, string Models, long Rows, string? Error)>(
                "select check_name, severity, models, failing_rows, error from qa.check_results where run_id = $runId and not passed order by check_name", new { runId })
            .Select(c => new RecordedFailure(c.Check, c.Severity, c.Models.Split(',', StringSplitOptions.RemoveEmptyEntries), c.Rows, c.Error,
                warehouse.Connection.Query<string>("select row_json from qa.check_failures where run_id = $runId and check_name = $check order by sample_no",
                    new { runId, check = c.Check }).AsList()))];
}
