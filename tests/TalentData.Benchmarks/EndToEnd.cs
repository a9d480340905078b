using System.Diagnostics;
using System.Globalization;
using Dapper;
using TalentData.Disclosure;

namespace TalentData.Benchmarks;

/// <summary>Whole runs of the built `talentdata` executable, as an operator starts it, and the publication steps.</summary>
public static class EndToEnd
{
    public sealed record CliRun(double Seconds, long PeakRssBytes, string Output);

    /// <summary>
    /// `talentdata run --data-dir …` in a new process; wall time from start to exit, peak RSS polled while it runs. The
    /// CLI is the build output beside this benchmark (`dotnet talentdata.dll`), or <paramref name="executable"/>: a
    /// published `talentdata` (<see cref="PublishReadyToRun"/>).
    /// </summary>
    public static CliRun Run(string repoRoot, string dataDir, string? executable = null)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        var info = new ProcessStartInfo(executable ?? host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (executable is null ? new[] { Path.Combine(AppContext.BaseDirectory, "talentdata.dll") } : []).Concat(["run", "--data-dir", dataDir]))
            info.ArgumentList.Add(a);
        info.Environment["TALENTDATA_ROOT"] = repoRoot;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!process.WaitForExit(10))
        {
            try
            {
                process.Refresh();
                peak = Math.Max(peak, process.PeakWorkingSet64);
            }
            catch (InvalidOperationException) { }
        }
        var seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"talentdata run exited {process.ExitCode}:\n{output.Result}\n{errors.Result}");
        return new CliRun(seconds, peak, output.Result);
    }

    /// <summary>
    /// The CLI as docs/operations.md deploys it: `dotnet publish src/TalentData.Cli -c Release -r linux-x64
    /// -p:PublishReadyToRun=true`, into <paramref name="workDir"/>. Its bin and obj folders are there too
    /// (`--artifacts-path`), so that the library compiled for ReadyToRun (Disclosure/HotLoop.cs) never replaces the build
    /// output the other cases run. Returns the published executable; a second call only publishes what changed.
    /// </summary>
    public static string PublishReadyToRun(string repoRoot, string workDir)
    {
        var output = Path.Combine(workDir, "talentdata-ready-to-run");
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "publish", Path.Combine(repoRoot, "src", "TalentData.Cli"), "-c", "Release", "-r", "linux-x64",
                     "-p:PublishReadyToRun=true", "--artifacts-path", Path.Combine(workDir, "ready-to-run-build"), "-o", output, "--nologo" })
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var text = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet publish of the ReadyToRun CLI exited {process.ExitCode}:\n{text.Result}\n{errors.Result}");
        return Path.Combine(output, "talentdata");
    }

    /// <summary>How long each step of the last run took, from the run ledger in the working database.</summary>
    public static IReadOnlyList<(string Step, string Target, double Seconds, long? Rows)> Steps(string dataDir)
    {
        using var w = Warehouse.Warehouse.OpenReadOnly(Path.Combine(dataDir, "warehouse", "work.duckdb"));
        return w.Connection.Query<(string, string, double, long?)>("""
            select step, target, epoch(finished_at - started_at), rows_out from ops.run_steps
            where run_id = (select run_id from ops.runs order by started_at desc limit 1)
            order by step_no
            """).ToList();
    }

    /// <summary>A repository copy whose population sample is the city-scale file.</summary>
    public static string CityRepo(string repoRoot, string workDir, string cityFile)
    {
        var root = Path.Combine(workDir, "city-repo");
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        foreach (var folder in new[] { "config", "pipelines", "sql", "sample-data" })
            Copy(Path.Combine(repoRoot, folder), Path.Combine(root, folder));
        File.Copy(cityFile, Path.Combine(root, "sample-data", "dortmund_population", "residents.csv"), overwrite: true);
        return root;
    }

    /// <summary>
    /// Disclosure control as the population dataset needs it: per year, sex and nationality a cross-table of the 62
    /// statistische Bezirke by the seven age groups with all totals, every table protected (rules R1–R8).
    /// </summary>
    public static (double Seconds, int Tables, int Cells, int Suppressed) Disclosure(string cityFile)
    {
        var rows = File.ReadLines(cityFile).Skip(1).Select(l => l.Split(';')).ToList();
        var tables = new List<DisclosureTable>();
        var cellCount = 0;
        foreach (var group in rows.GroupBy(f => (Year: f[1], Sex: f[6], Nationality: f[8])))
        {
            var name = $"{group.Key.Year}/{group.Key.Sex}/{group.Key.Nationality}";
            var cells = group.Select(f => (Row: f[2], Column: f[7], Value: long.Parse(f[9], CultureInfo.InvariantCulture))).ToList();
            var all = cells
                .Concat(cells.GroupBy(c => c.Row).Select(g => (Row: g.Key, Column: "insgesamt", Value: g.Sum(c => c.Value))))
                .Concat(cells.GroupBy(c => c.Column).Select(g => (Row: "999", Column: g.Key, Value: g.Sum(c => c.Value))))
                .Append((Row: "999", Column: "insgesamt", Value: cells.Sum(c => c.Value)))
                .Select(c => (c.Row, c.Column, new DisclosureCell($"{name}/{c.Row}/{c.Column}", c.Value)))
                .ToList();
            cellCount += all.Count;
            tables.Add(DisclosureTable.TwoWay(name, "999", "insgesamt", all));
        }
        var clock = Stopwatch.StartNew();
        var suppressed = Suppressor.Protect(tables);
        return (clock.Elapsed.TotalSeconds, tables.Count, cellCount, suppressed.Count);
    }

    static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var sub in Directory.GetDirectories(from)) Copy(sub, Path.Combine(to, Path.GetFileName(sub)));
    }
}
