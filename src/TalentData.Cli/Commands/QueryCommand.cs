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
        var command = new Command("query", "Query the published snapshot data/warehouse/talentdata.duckdb read-only; never blocks a running load.")
        {
            sql, format, dataDir,
        };
        command.SetAction(parse =>
        {
            try
            {
                var root = RepoLocation.FindRepoRoot();
                var snapshot = new TalentData.Project.DataLayout(RepoLocation.ResolveDataDir(parse.GetValue(dataDir), root)).SnapshotPath;
                using var warehouse = TalentData.Warehouse.Warehouse.OpenReadOnly(snapshot);
                using var cmd = warehouse.Connection.CreateCommand();
                cmd.CommandText = parse.GetValue(sql)!;
                using var reader = cmd.ExecuteReader();
                Write(reader, parse.GetValue(format)!, output);
                return 0;
            }
            catch (TalentData.PipelineException ex)
            {
                error.WriteLine($"talentdata query: {ex.Message}");
                return 1;
            }
            catch (DuckDB.NET.Data.DuckDBException ex)
            {
                var message = ex.Message.Contains("read-only", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("external access", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("lock_configuration", StringComparison.OrdinalIgnoreCase)
                    ? $"refused: the snapshot is read-only and queries cannot write or touch other files ({ex.Message.Split('\n')[0]})"
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
