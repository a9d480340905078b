using TalentData.Running;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using TalentData.Loading;
using TalentData.Project;
using TalentData.Tests.Crash;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.BadInput;

/// <summary>
/// The bad-input corpus: every file in this folder (and three generated 10 MB lines) replaces its source's sample
/// in a run over the last good state, and must end as cases.csv says — the source failed with a message, rows
/// quarantined with reasons, a named check failed, or loaded unharmed. In every case the run does not crash, no
/// value the good file does not hold enters raw beyond those the case names, and the last good publication (the
/// exports and the snapshot) stays byte for byte.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)] // every case has its own copy of the repository and the data folder
public sealed class BadInputTests
{
    static readonly string Folder = Path.Combine(RepoPaths.Root, "tests", "TalentData.Tests", "BadInput");

    public sealed record Case(string File, string Source, string Outcome, int Rows, int NewRawRows, string Pattern)
    {
        public override string ToString() => File;
    }

    RepoCopy good = null!;
    SortedDictionary<string, string> goodExports = null!;
    string goodSnapshot = "";
    readonly Dictionary<string, List<string>> goodRaw = [];
    List<KeyValuePair<string, string>> goodMarts = null!;
    PipelineCatalog catalog = null!;

    [OneTimeSetUp]
    public void RunGoodState()
    {
        good = new RepoCopy();
        var report = good.Run();
        Assert.That(report.Succeeded, Is.True, report.Error);
        goodExports = RunState.Exports(good.Data);
        goodSnapshot = RunState.Sha(good.Snapshot);
        catalog = PipelineCatalog.Load(Path.Combine(good.Root, "pipelines"), ReaderFormats.All);
        goodMarts = RunState.Contents(good.Snapshot).Where(t => t.Key.StartsWith("marts.", StringComparison.Ordinal)).ToList();
        foreach (var pipeline in catalog.All)
            foreach (var entity in pipeline.Entities)
                goodRaw[TalentData.Project.RawTable.NameOf(pipeline.Id, entity.Entity)] = ReadBack(good.Data, TalentData.Project.RawTable.NameOf(pipeline.Id, entity.Entity), "").Rows;
    }

    [OneTimeTearDown]
    public void CleanUp() => good?.Dispose();

    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var line in File.ReadLines(Path.Combine(Folder, "cases.csv")).Skip(1))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var f = line.Split(';', 6);
            var c = new Case(f[0], f[1], f[2], int.Parse(f[3], CultureInfo.InvariantCulture), int.Parse(f[4], CultureInfo.InvariantCulture), f[5]);
            yield return new TestCaseData(c).SetArgDisplayNames(c.File);
        }
    }

    [Test]
    public void Corpus_HasFortyFilesOverAllThreeReadersAndEveryFileHasACase()
    {
        var files = Directory.GetFiles(Folder, "*.csv", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Folder, f).Replace('\\', '/')).Where(f => f != "cases.csv").Order().ToList();
        var cases = Cases().Select(c => ((Case)c.Arguments[0]!).File).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(files, Has.Count.GreaterThanOrEqualTo(40));
            Assert.That(files.Select(f => f.Split('/')[0]).Distinct().Order(), Is.EqualTo(new[] { "ba_csv", "genesis_table_csv", "opendatasoft_csv" }));
            Assert.That(files.Except(cases), Is.Empty, "a corpus file without an expected outcome in cases.csv");
            Assert.That(cases.Where(c => !c.StartsWith("generated:", StringComparison.Ordinal)).Except(files), Is.Empty, "a case without its file");
            Assert.That(cases, Is.Unique);
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Run_BadFile_EndsAsDeclaredAndKeepsTheLastGoodPublication(Case c)
    {
        using var dir = new TempDir();
        var repo = Path.Combine(dir.Path, "repo");
        var data = Path.Combine(dir.Path, "data");
        foreach (var folder in new[] { "config", "pipelines", "sql", "sample-data" })
            RepoCopy.CopyDirectory(Path.Combine(good.Root, folder), Path.Combine(repo, folder));
        RepoCopy.CopyDirectory(good.Data, data);
        var entity = catalog.Get(c.Source).Entities.Single();
        var sample = Path.Combine(repo, entity.Sample);
        if (c.File.StartsWith("generated:", StringComparison.Ordinal))
            WriteTenMegabyteLine(sample, entity.Reader);
        else
            File.Copy(Path.Combine(Folder, c.File), sample, overwrite: true);

        RunReport report;
        try
        {
            report = new PipelineRunner(new RunOptions(repo, data, [c.Source]), TimeProvider.System).Run();
        }
        catch (Exception ex)
        {
            Assert.Fail($"the run crashed instead of ending the source or quarantining: {ex}");
            return;
        }

        var source = report.Sources.Single();
        var table = TalentData.Project.RawTable.NameOf(c.Source, entity.Entity);
        var (rawNow, quarantine) = ReadBack(data, table, report.RunId);
        var newRows = NewRows(GoodRaw(table), rawNow);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(source.RowsQuarantined, Is.EqualTo(c.Rows), $"quarantined rows: {string.Join(" | ", quarantine)}");
            Assert.That(newRows, Has.Count.EqualTo(c.NewRawRows), "raw rows the good file does not hold: " + string.Join(" | ", newRows.Take(3)));
            switch (c.Outcome)
            {
                case "source_failed":
                    Assert.That(source.Status, Is.EqualTo("failed"));
                    Assert.That(source.Message, Does.Match(c.Pattern));
                    Assert.That(source.Message, Does.Contain($"landing/{c.Source}/"), "the message names the file");
                    Assert.That(rawNow, Is.EqualTo(GoodRaw(table)), "a failed source keeps its raw data exactly");
                    break;
                case "quarantined":
                    Assert.That(source.Status, Is.EqualTo("loaded"), source.Message);
                    Assert.That(quarantine, Has.All.Match(c.Pattern));
                    Assert.That(report.Withheld, Has.Some.Contains($"source {c.Source} set {c.Rows} rows aside"),
                        "a source with rows set aside is incomplete: nothing built from it is published");
                    break;
                case "check_failed":
                    Assert.That(source.Status, Is.EqualTo("loaded"), source.Message);
                    Assert.That(report.Checks.Where(x => x.FailedError).Select(x => x.Check), Does.Contain(c.Pattern));
                    break;
                case "loaded":
                    Assert.That(source.Status, Is.EqualTo("loaded"), source.Message);
                    Assert.That(report.Succeeded, Is.True, report.Error);
                    break;
                default:
                    Assert.Fail($"cases.csv: unknown outcome '{c.Outcome}'");
                    break;
            }
            Assert.That(report.Succeeded, c.Outcome == "loaded" ? Is.True : Is.False, "only a harmless file lets the run succeed");
            Assert.That(RunState.Exports(data), Is.EqualTo(goodExports), "the last good exports, byte for byte");
            if (c.Outcome == "loaded")
                Assert.That(RunState.Contents(Path.Combine(data, "warehouse", "talentdata.duckdb"))
                    .Where(t => t.Key.StartsWith("marts.", StringComparison.Ordinal)), Is.EqualTo(goodMarts), "the new snapshot publishes the same figures");
            else
                Assert.That(RunState.Sha(Path.Combine(data, "warehouse", "talentdata.duckdb")), Is.EqualTo(goodSnapshot), "the last good snapshot, byte for byte");
        }
    }

    List<string> GoodRaw(string table) => goodRaw[table];

    /// <summary>The raw table's rows as text without lineage (sorted), and the quarantine reasons of the run.</summary>
    static (List<string> Rows, List<string> Quarantine) ReadBack(string data, string table, string runId)
    {
        using var w = TalentData.Warehouse.Warehouse.OpenReadOnly(Path.Combine(data, "warehouse", "work.duckdb"));
        var columns = w.Connection.Query<string>(
            "select column_name from information_schema.columns where table_schema = 'raw' and table_name = $table and not starts_with(column_name, '_') order by ordinal_position",
            new { table }).ToList();
        var rows = w.Connection.Query<string>(
            $"select cast(t as varchar) as r from (select {string.Join(", ", columns.Select(x => $"\"{x}\""))} from raw.\"{table}\") t order by r").ToList();
        var quarantine = w.Connection.Query<string>("select format('line {}: {}', line_number, reason) from ops.quarantine where run_id = $runId order by line_number", new { runId }).ToList();
        var longest = w.Connection.ExecuteScalar<long?>("select max(length(raw_text) + length(reason)) from ops.quarantine where run_id = $runId", new { runId }) ?? 0;
        Assert.That(longest, Is.LessThan(2 * RawLoader.MaxQuarantinedChars + 200), "quarantine keeps a capped excerpt, not a 10 MB line");
        return (rows, quarantine);
    }

    /// <summary>Rows in <paramref name="now"/> beyond those in <paramref name="before"/>, counting duplicates.</summary>
    static List<string> NewRows(List<string> before, List<string> now)
    {
        var left = before.GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
        var extra = new List<string>();
        foreach (var r in now)
            if (left.TryGetValue(r, out var n) && n > 0) left[r] = n - 1;
            else extra.Add(r);
        return extra;
    }

    /// <summary>A 10 MB line in the middle of the good sample: a runaway cell, or a download that went wrong.</summary>
    static void WriteTenMegabyteLine(string sample, string reader)
    {
        var bytes = File.ReadAllBytes(sample);
        var lineBreaks = bytes.Select((b, i) => (b, i)).Where(x => x.b == (byte)'\n').Select(x => x.i).ToList();
        var after = reader switch
        {
            "genesis_table_csv" => lineBreaks[10],   // inside the data block
            "ba_csv" => lineBreaks[8],               // inside the table
            _ => lineBreaks[10],
        };
        var huge = reader == "genesis_table_csv" ? "2021;05913;" + new string('9', 10 << 20) : "2021;" + new string('A', 10 << 20);
        using var output = File.Create(sample);
        output.Write(bytes, 0, after + 1);
        output.Write(Encoding.ASCII.GetBytes(huge + (reader == "genesis_table_csv" ? "\n" : "\r\n")));
        output.Write(bytes, after + 1, bytes.Length - after - 1);
    }
}
