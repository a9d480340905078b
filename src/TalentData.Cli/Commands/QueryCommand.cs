using TalentData.Cli.Settings;
using System.CommandLine;
using System.Data;
using System.Text.Json;
using Spectre.Console;
using TalentData.Publishing;

namespace TalentData.Cli.Commands;

public static class QueryCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var sql = new Argument<string>("sql") { Description = "The SQL to run against the published snapshot (read-only)." };
        var format = new Option<string>("--format") { Description = "table, csv or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var dataDir = CommonOptions.DataDir();
        var timeout = new Option<int?>("--timeout")
        {
            Description = $"Stop the query after this many seconds (default {QuerySettings.Default.Timeout.TotalSeconds:0}, or {QuerySettings.TimeoutVariable}).",
        };
        var memory = new Option<string?>("--memory-limit")
        {
            Description = $"DuckDB's memory limit for the query, e.g. 512MiB (default {QuerySettings.Default.MemoryLimit}, or {QuerySettings.MemoryLimitVariable}).",
        };
        var threads = new Option<int?>("--threads")
        {
            Description = $"DuckDB's worker threads for the query (default {QuerySettings.Default.Threads}, or {QuerySettings.ThreadsVariable}).",
        };
        var command = new Command("query", "Query the published snapshot data/warehouse/talentdata.duckdb read-only, one statement, within a time and memory limit; never blocks a running load.")
        {
            sql, format, dataDir, timeout, memory, threads,
        };
        command.SetAction(parse =>
        {
            QuerySettings? bounds = null;
            try
            {
                bounds = QuerySettings.From(Environment.GetEnvironmentVariable, parse.GetValue(timeout), parse.GetValue(memory), parse.GetValue(threads));
                var text = parse.GetValue(sql)!;
                // DuckDB would run every statement and the reader show only the first result: `select 1; drop ...` must not look like `select 1`.
                var (count, parseError) = TalentData.Warehouse.Warehouse.CountStatements(text);
                if (count != 1)
                {
                    error.WriteLine(count == 0 && parseError is not null
                        ? $"talentdata query: expected one SQL statement, found none DuckDB can read: {parseError.Split('\n')[0]}"
                        : $"talentdata query: expected exactly one SQL statement, found {count}. Run the statements one at a time.");
                    return 1;
                }
                var root = RepoLocation.FindRepoRoot();
                var snapshot = new TalentData.Project.DataLayout(RepoLocation.ResolveDataDir(parse.GetValue(dataDir), root)).SnapshotPath;
                using var warehouse = TalentData.Warehouse.Warehouse.OpenReadOnly(snapshot, bounds.Limits);
                using var cmd = warehouse.Connection.CreateCommand();
                cmd.CommandText = text;
                // DuckDB.NET commands are synchronous; Cancel interrupts the connection from the timer's thread.
                using var deadline = new Timer(_ =>
                {
                    try { cmd.Cancel(); }
                    catch (ObjectDisposedException) { }
                }, null, bounds.Timeout, Timeout.InfiniteTimeSpan);
                using var reader = cmd.ExecuteReader();
                Write(reader, parse.GetValue(format)!, output);
                return 0;
            }
            catch (TalentData.PipelineException ex)
            {
                error.WriteLine($"talentdata query: {ex.Message}");
                return 1;
            }
            catch (Exception ex) when (bounds is not null && (ex is OperationCanceledException || ex.Message.Contains("INTERRUPT", StringComparison.OrdinalIgnoreCase)))
            {
                error.WriteLine($"talentdata query: stopped after the time limit of {bounds.Timeout.TotalSeconds:0} s without a result. " +
                                $"Narrow the query (a where clause, fewer joined rows), or raise the limit with --timeout or {QuerySettings.TimeoutVariable}.");
                return 1;
            }
            catch (DuckDB.NET.Data.DuckDBException ex) when (bounds is not null && ex.Message.Contains("Out of Memory", StringComparison.OrdinalIgnoreCase))
            {
                error.WriteLine($"talentdata query: stopped at the memory limit of {bounds.MemoryLimit}: {ex.Message.Split('\n')[0]}. " +
                                $"Narrow the query, or raise the limit with --memory-limit or {QuerySettings.MemoryLimitVariable}.");
                return 1;
            }
            catch (DuckDB.NET.Data.DuckDBException ex)
            {
                var message = ex.Message.Contains("read-only", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("external access", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("file system operations are disabled", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("configuration has been locked", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("lock_configuration", StringComparison.OrdinalIgnoreCase)
                    ? $"refused: the snapshot is read-only and queries cannot write, touch other files or change the session's limits ({ex.Message.Split('\n')[0]})"
                    : ex.Message;
                error.WriteLine($"talentdata query: {message}");
                return 1;
            }
        });
        return command;
    }

    static void Write(IDataReader reader, string format, TextWriter output)
    {
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        string Cell(int i) => reader.IsDBNull(i) ? "" : CsvExtractWriter.Format(reader.GetValue(i));
        switch (format)
        {
            case "csv":
                output.WriteLine(string.Join(",", names.Select(CsvExtractWriter.Quote)));
                while (reader.Read())
                    output.WriteLine(string.Join(",", names.Select((_, i) => CsvExtractWriter.Quote(Cell(i)))));
                break;
            case "json":
                var rows = new List<Dictionary<string, object?>>();
                while (reader.Read())
                    rows.Add(names.Select((n, i) => (n, v: reader.IsDBNull(i) ? null : reader.GetValue(i))).ToDictionary(p => p.n, p => p.v));
                output.WriteLine(JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true }));
                break;
            default:
                var table = new Table().Border(TableBorder.Rounded);
                foreach (var n in names) table.AddColumn(n.EscapeMarkup());
                var count = 0;
                while (reader.Read())
                {
                    table.AddRow(names.Select((_, i) => Cell(i).EscapeMarkup()).ToArray());
                    count++;
                }
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
                console.Write(table);
                output.WriteLine($"{count} row{(count == 1 ? "" : "s")}");
                break;
        }
    }
}
