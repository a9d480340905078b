using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Dapper;
using DuckDB.NET.Data;

namespace TalentData.Benchmarks;

/// <summary>
/// TalentData's benchmarks against DuckDB's own CSV loader on the same files, plus whole runs.
/// <c>dotnet run -c Release --project tests/TalentData.Benchmarks -- all [--quick] [--dir /tmp/…] [--markdown FILE]</c>.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        if (args.Length == 5 && args[0] == "child")
            return Child.RunHere(args[1], args[2], args[3], args[4]);
        if (args.Length > 0 && args[0] == "disclosure")
            return Recorded("disclosure", args, () => DisclosureBench.Run(FindRepoRoot(), args[1..]));
        if (args.Length > 0 && args[0] == "serve")
            return Recorded("serve", args, () => ServerBench.Run(FindRepoRoot(), args));
        if (args.Length > 0 && args[0] == "targets")
            return Targets(args);
        if (args.Length == 0 || args[0] != "all")
        {
            Console.Error.WriteLine("usage: TalentData.Benchmarks all [--quick] [--dir DIR] [--markdown FILE] [--update-docs] [--sizes N,N (population ingest only, for profiling)] | disclosure ... | serve ... | targets [--update-docs]");
            return 2;
        }
        return All(args);
    }

    /// <summary>
    /// Every target in one invocation: `all`, then `disclosure`, then `serve`, each writing its own block with
    /// --update-docs, and a block of every verdict of this one run. Exits non-zero when any target is missed.
    /// </summary>
    static int Targets(string[] args)
    {
        var started = DateTime.UtcNow;
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var updateDocs = args.Contains("--update-docs");
        string[] Pass(string name) => [name, .. updateDocs ? ["--update-docs"] : Array.Empty<string>()];
        var verdicts = new List<string>();
        var codes = new List<int>();
        foreach (var (name, run) in new (string, Func<string[], int>)[]
                 {
                     ("all", All),
                     ("disclosure", a => Recorded("disclosure", a, () => DisclosureBench.Run(FindRepoRoot(), a[1..]))),
                     ("serve", a => Recorded("serve", a, () => ServerBench.Run(FindRepoRoot(), a))),
                 })
        {
            var console = Console.Out;
            var captured = new StringWriter();
            Console.SetOut(new Tee(console, captured));
            try { codes.Add(run(Pass(name))); }
            finally { Console.SetOut(console); }
            verdicts.AddRange(captured.ToString().Split('\n').Select(l => l.TrimEnd('\r'))
                .Where(l => l.EndsWith(": met", StringComparison.Ordinal) || l.EndsWith(": MISSED", StringComparison.Ordinal))
                .Select(l => $"- {name}: {l.TrimStart('-', ' ')}"));
        }
        var text = $"Command: `{CommandLine(args.Where(a => a != "--update-docs").ToArray())}`\n\n" +
                   $"Every target of one invocation, {started:yyyy-MM-dd HH:mm}Z to {DateTime.UtcNow:HH:mm}Z, {Environment.ProcessorCount} cores, load average {load} at the start:\n\n" +
                   string.Join('\n', verdicts);
        Console.WriteLine();
        Console.WriteLine(text);
        if (updateDocs)
            UpdateDocs(Path.Combine(FindRepoRoot(), "docs", "performance.md"), "targets", text);
        var missed = verdicts.Count(v => v.EndsWith(": MISSED", StringComparison.Ordinal));
        if (missed > 0 || codes.Any(c => c != 0))
        {
            Console.Error.WriteLine($"{missed} of {verdicts.Count} targets missed");
            return 1;
        }
        return 0;
    }

    static int All(string[] args)
    {
        var quick = args.Contains("--quick");
        var dir = Option(args, "--dir") ?? Path.Combine(Path.GetTempPath(), "talentdata-bench");
        var markdown = Option(args, "--markdown");
        var sizes = Option(args, "--sizes")?.Split(',').Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        var report = new Report(quick);
        new Suite(FindRepoRoot(), Path.GetFullPath(dir), quick, report) { OnlySizes = sizes }.Run();
        var text = report.Render(CommandLine(args));
        Console.WriteLine();
        Console.WriteLine(text);
        if (markdown is not null) File.WriteAllText(markdown, text);
        if (args.Contains("--update-docs"))
            UpdateDocs(Path.Combine(FindRepoRoot(), "docs", "performance.md"), "all", text);
        if (report.Missed.Count > 0)
        {
            Console.Error.WriteLine($"targets missed: {string.Join("; ", report.Missed)}");
            return 1;
        }
        return 0;
    }

    /// <summary>
    /// Runs a benchmark whose report is what it prints: with --update-docs that text goes into docs/performance.md
    /// between its markers; the exit code is non-zero when the benchmark failed or printed a missed target.
    /// </summary>
    static int Recorded(string name, string[] args, Func<int> benchmark)
    {
        var console = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(new Tee(console, captured));
        int code;
        try
        {
            code = benchmark();
        }
        finally
        {
            Console.SetOut(console);
        }
        // The host's own log lines (Hangfire starting and stopping) are not results.
        var lines = new List<string>();
        var inLog = false;
        foreach (var line in captured.ToString().Split('\n'))
        {
            inLog = line.StartsWith("info: ", StringComparison.Ordinal) || (inLog && line.StartsWith("      ", StringComparison.Ordinal));
            if (!inLog) lines.Add(line);
        }
        var text = $"Command: `{CommandLine(args.Where(a => a != "--update-docs").ToArray())}`\n\n{string.Join('\n', lines).Trim()}";
        if (code == 0 && args.Contains("--update-docs"))
            UpdateDocs(Path.Combine(FindRepoRoot(), "docs", "performance.md"), name, text);
        return code != 0 ? code : captured.ToString().Contains("MISSED", StringComparison.Ordinal) ? 1 : 0;
    }

    sealed class Tee(TextWriter first, TextWriter second) : TextWriter
    {
        public override Encoding Encoding => first.Encoding;
        public override void Write(char value) { first.Write(value); second.Write(value); }
        public override void Write(string? value) { first.Write(value); second.Write(value); }
        public override void WriteLine(string? value) { first.WriteLine(value); second.WriteLine(value); }
    }

    /// <summary>
    /// Replaces what lies between &lt;!-- benchmark:NAME:start --&gt; and &lt;!-- benchmark:NAME:end --&gt; in the page, so the
    /// figures there are always the output of the command that measured them.
    /// </summary>
    public static void UpdateDocs(string page, string name, string text)
    {
        var (start, end) = ($"<!-- benchmark:{name}:start -->", $"<!-- benchmark:{name}:end -->");
        var content = File.ReadAllText(page);
        var (i, j) = (content.IndexOf(start, StringComparison.Ordinal), content.IndexOf(end, StringComparison.Ordinal));
        if (i < 0 || j < i)
            throw new InvalidOperationException($"{page}: expected the markers {start} and {end}, found {(i < 0 ? "no start" : "no end after the start")}.");
        File.WriteAllText(page, content[..(i + start.Length)] + "\n" + text.TrimEnd() + "\n" + content[j..]);
        Console.WriteLine($"{page}: the {name} results written between their markers");
    }

    static string? Option(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    static string CommandLine(string[] args) => "dotnet run -c Release --project tests/TalentData.Benchmarks -- " + string.Join(' ', args);

    static string FindRepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "TalentData.sln")))
                    return d.FullName;
        throw new InvalidOperationException("TalentData.sln not found; run from the repository.");
    }
}

/// <summary>The cases in order, with the sizes of the full run or of --quick.</summary>
sealed class Suite(string repoRoot, string dir, bool quick, Report report)
{
    /// <summary>Set by --sizes: only the population ingest at these sizes, for profiling.</summary>
    public long[]? OnlySizes { get; init; }

    long[] Sizes => OnlySizes ?? (quick ? [100_000, 1_000_000] : [1_000_000, 5_000_000, 20_000_000]);
    long DapperRows => quick ? 20_000 : 100_000;
    long GenesisRows => quick ? 20_000 : 500_000;

    string Inputs => Path.Combine(dir, "inputs");

    public void Run()
    {
        Directory.CreateDirectory(Inputs);
        foreach (var size in Sizes)
        {
            var file = Step($"generating {size:N0} population rows", () => InputGenerator.Population(repoRoot, Inputs, size));
            var readCsv = Measure("read_csv", "population", file);
            Measure("talentdata", "population", file, readCsv, series: true);
            Measure("reader-only", "population", file, readCsv);
        }
        if (OnlySizes is not null) return;
        var small = Step($"generating {DapperRows:N0} population rows", () => InputGenerator.Population(repoRoot, Inputs, DapperRows));
        var smallCsv = Measure("read_csv", "population", small);
        Measure("talentdata", "population", small, smallCsv);
        Measure("csvhelper-dapper", "population", small, smallCsv);

        var genesis = Step($"generating a GENESIS table with {GenesisRows:N0} data rows", () => InputGenerator.Genesis(repoRoot, Inputs, GenesisRows));
        var genesisCsv = Measure("read_csv-genesis", "genesis", genesis);
        Measure("talentdata-genesis", "genesis", genesis, genesisCsv);
        Measure("reader-only-genesis", "genesis", genesis, genesisCsv);

        EndToEndRuns();
    }

    CaseResult Measure(string name, string input, string file, CaseResult? readCsv = null, bool series = false)
    {
        var work = Path.Combine(dir, "work", $"{name}-{Path.GetFileNameWithoutExtension(file)}");
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        var result = Step($"{name} on {Path.GetFileName(file)}", () => Child.Run(name, repoRoot, file, work));
        Directory.Delete(work, recursive: true);
        report.Ingest(input, new FileInfo(file).Length, result, readCsv, series);
        return result;
    }

    void EndToEndRuns()
    {
        var sampleData = Path.Combine(dir, "e2e-sample");
        if (Directory.Exists(sampleData)) Directory.Delete(sampleData, recursive: true);
        var cold = Step("sample run, cold", () => EndToEnd.Run(repoRoot, sampleData));
        report.Run("sample data, cold: new process, empty data dir", cold, Summary(cold.Output));
        // Five in a row, as the target is stated: the median, so one hiccup of a shared machine does not decide it.
        var warmRuns = Enumerable.Range(1, 5).Select(i => Step($"sample run, warm ({i} of 5)", () => EndToEnd.Run(repoRoot, sampleData))).ToList();
        var warm = warmRuns.OrderBy(r => r.Seconds).ElementAt(2);
        report.Run($"sample data, warm: nothing changed, the last publication kept (median of 5: {string.Join(", ", warmRuns.Select(r => $"{r.Seconds:F2}"))} s)",
            warm, Summary(warm.Output));
        report.Warm = warm.Seconds;

        var cityFile = Step("generating the city-scale population", () => InputGenerator.CityScalePopulation(repoRoot, Inputs));
        var cityRepo = EndToEnd.CityRepo(repoRoot, dir, cityFile);
        var cityData = Path.Combine(dir, "e2e-city");
        if (Directory.Exists(cityData)) Directory.Delete(cityData, recursive: true);
        var city = Step("city-scale run", () => EndToEnd.Run(cityRepo, cityData));
        report.Run("city scale (600,000 residents x 10 years), files to published exports", city, Summary(city.Output));
        var steps = EndToEnd.Steps(cityData);
        var publish = steps.Where(s => s.Step == "publish").ToList();
        var snapshot = steps.Where(s => s.Step == "snapshot").Sum(s => s.Seconds);
        report.Publish(publish.Count, publish.Sum(s => s.Seconds), publish.Sum(s => s.Rows ?? 0), snapshot, steps);
        var disclosure = Step("disclosure control over the city-scale population", () => EndToEnd.Disclosure(cityFile));
        report.Disclosure = disclosure;
        report.DuckDbVersion = DuckDbVersion();
    }

    static string Summary(string output) =>
        string.Join("; ", output.Split('\n').Where(l => l.StartsWith("  sources:", StringComparison.Ordinal) || l.StartsWith("  checks:", StringComparison.Ordinal)
            || l.StartsWith("  nothing changed", StringComparison.Ordinal)).Select(l => l.Trim().Split(" -> ")[0]));

    static string DuckDbVersion()
    {
        using var c = new DuckDBConnection("Data Source=:memory:");
        c.Open();
        return c.ExecuteScalar<string>("select version()") ?? "";
    }

    static T Step<T>(string what, Func<T> body)
    {
        Console.Write($"{DateTime.Now:HH:mm:ss} {what} … ");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = body();
        Console.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s");
        return result;
    }
}

/// <summary>Collects the results and renders them as the Markdown table docs/performance.md shows.</summary>
sealed class Report(bool quick)
{
    readonly List<string> ingest = [];
    readonly List<string> runs = [];
    readonly List<(string Input, long Rows, CaseResult Result)> talentdata = [];
    readonly List<(long Rows, double Ratio)> ratios = [];
    string publish = "";

    public double Warm { get; set; }
    /// <summary>The targets this run missed; the command exits non-zero when there are any.</summary>
    public List<string> Missed { get; } = [];
    double? genesisRatio;
    public (double Seconds, int Tables, int Cells, int Suppressed) Disclosure { get; set; }
    public string DuckDbVersion { get; set; } = "";

    /// <param name="series">One of the sizes the targets compare (not the small file of the CsvHelper + Dapper case).</param>
    public void Ingest(string input, long bytes, CaseResult r, CaseResult? readCsv, bool series)
    {
        var rate = r.Rows / r.Seconds;
        var ratio = readCsv is null ? (double?)null : rate / (readCsv.Rows / readCsv.Seconds);
        if (input == "genesis" && r.Case == "talentdata")
            genesisRatio = ratio;
        if (series)
        {
            talentdata.Add((input, r.Rows, r));
            if (ratio is { } x) ratios.Add((r.Rows, x));
        }
        ingest.Add($"| {r.Case} | {input} | {r.Rows:N0} | {bytes / 1e6:N0} MB | {r.Seconds:F2} s | {rate:N0} | {(ratio is { } q ? $"{q:F2}x" : "—")} | " +
                   $"{(r.StagingSeconds is { } s ? $"{s:F2} s ({r.Rows / s:N0}/s)" : "—")} | {Mb(r.LoadPeakRssBytes)} | {Mb(r.PeakRssBytes)} | {Mb(r.PeakManagedBytes)} | {(double)r.AllocatedBytes / Math.Max(1, r.Rows):N0} B | {r.Note ?? ""} |");
    }

    public void Run(string what, EndToEnd.CliRun run, string summary) =>
        runs.Add($"| {what} | {run.Seconds:F2} s | {Mb(run.PeakRssBytes)} | {summary} |");

    public void Publish(int datasets, double seconds, long rows, double snapshot, IReadOnlyList<(string Step, string Target, double Seconds, long? Rows)> steps)
    {
        var byStep = steps.GroupBy(s => s.Step).Select(g => $"{g.Key} {g.Sum(s => s.Seconds):F2} s");
        publish = $"Publication of the city-scale run: {datasets} datasets, {rows:N0} rows of data.csv in {seconds:F2} s, " +
                  $"snapshot copy and swap {snapshot:F2} s. Steps of that run: {string.Join(", ", byStep)}.";
    }

    static string Mb(long bytes) => bytes == 0 ? "—" : $"{bytes / 1048576.0:N0} MiB";

    public string Render(string command)
    {
        var text = new StringBuilder();
        text.AppendLine($"Command: `{command}`");
        text.AppendLine();
        text.AppendLine($"Machine: {Cpu()}, {Environment.ProcessorCount} cores, {MemTotal()} RAM, {RuntimeInformation.OSDescription}; " +
                        $"{RuntimeInformation.FrameworkDescription}, DuckDB {DuckDbVersion}; {DateTime.UtcNow:yyyy-MM-dd HH:mm}Z, {(quick ? "quick sizes" : "full sizes")}; " +
                        $"load average {LoadAverage} at the start (other work on the machine slows every case alike, but not evenly).");
        text.AppendLine();
        text.AppendLine("### Ingest: the same file through TalentData and through DuckDB's `read_csv`");
        text.AppendLine();
        text.AppendLine("| case | input | rows | file | load | rows/s | vs read_csv | staging view | peak RSS, load | peak RSS, case | peak managed heap | allocated/row | note |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var line in ingest) text.AppendLine(line);
        text.AppendLine();
        text.AppendLine("### Whole runs of `talentdata run`");
        text.AppendLine();
        text.AppendLine("| run | wall time | peak RSS | result |");
        text.AppendLine("|---|---:|---:|---|");
        foreach (var line in runs) text.AppendLine(line);
        text.AppendLine();
        text.AppendLine(publish);
        text.AppendLine($"Disclosure control of the city-scale population ({Disclosure.Tables} independent cross-tables, {Disclosure.Cells:N0} cells): " +
                        $"{Disclosure.Seconds:F2} s, {Disclosure.Suppressed:N0} cells suppressed.");
        text.AppendLine();
        text.AppendLine("### Targets");
        text.AppendLine();
        var five = ratios.Where(r => r.Rows == 5_000_000).Select(r => r.Ratio).DefaultIfEmpty(ratios.Count > 0 ? ratios.MaxBy(r => r.Rows).Ratio : 0).First();
        var fiveLabel = ratios.Any(r => r.Rows == 5_000_000) ? "5M rows" : $"{(ratios.Count > 0 ? ratios.Max(r => r.Rows) : 0):N0} rows (quick)";
        text.AppendLine($"- ingest at {fiveLabel}: {five:F2}x read_csv's rows/s (target >= 0.8x): {Verdict(five >= 0.8, "ingest")}");
        if (genesisRatio is { } g)
            text.AppendLine($"- GENESIS ingest: {g:F2}x read_csv's lines/s (target >= 0.6x): {Verdict(g >= 0.6, "GENESIS ingest")}");
        var sizes = talentdata.OrderBy(t => t.Rows).ToList();
        var big = sizes.Where(t => t.Rows >= 1_000_000).ToList();
        if (big.Count >= 2)
        {
            var growth = (double)big[^1].Result.LoadPeakRssBytes / big[0].Result.LoadPeakRssBytes - 1;
            text.AppendLine($"- peak memory of the ingest {big[0].Rows:N0} -> {big[^1].Rows:N0} rows: {Mb(big[0].Result.LoadPeakRssBytes)} -> {Mb(big[^1].Result.LoadPeakRssBytes)} ({growth:+0%;-0%}; target within 20%): {Verdict(Math.Abs(growth) <= 0.2, "ingest memory")}");
        }
        else if (sizes.Count >= 2)
        {
            var growth = (double)sizes[^1].Result.LoadPeakRssBytes / sizes[0].Result.LoadPeakRssBytes - 1;
            text.AppendLine($"- peak memory of the ingest {sizes[0].Rows:N0} -> {sizes[^1].Rows:N0} rows: {Mb(sizes[0].Result.LoadPeakRssBytes)} -> {Mb(sizes[^1].Result.LoadPeakRssBytes)} ({growth:+0%;-0%}; quick sizes, the target compares 1M and 20M)");
        }
        text.AppendLine($"- warm unchanged run, process start included, median of 5: {Warm:F2} s (target <= 0.6 s): {Verdict(Warm <= 0.6, "warm unchanged run")}");
        return text.ToString();
    }

    string Verdict(bool met, string target)
    {
        if (!met) Missed.Add(target);
        return met ? "met" : "MISSED";
    }

    public string LoadAverage { get; } = File.ReadAllText("/proc/loadavg").Split(' ')[0];

    static string Cpu() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

    static string MemTotal()
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return $"{kb / 1048576.0:F1} GiB";
    }
}
