using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using TalentData.Loading;
using TalentData.Project;
using TalentData.Publishing;
using TalentData.Running;
using TalentData.Warehouse;
using TalentData.Tests.Crash;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.BadInput;

/// <summary>
/// The bad-input corpus: every file in this folder (and three generated 10 MB lines) replaces its source's sample
/// over the last good state, and must end as cases.csv says — the source failed with a message, rows quarantined
/// with reasons, a named check failed, or loaded unharmed. Each case runs the runner's own stages as far as its
/// outcome needs: the load (and for check_failed and loaded the models and checks) and the publication plan, into a
/// copy of the good warehouse; the load cannot crash, no value the good file does not hold enters raw beyond those
/// the case names, a failed source keeps its raw data, and the plan withholds what a quarantined source feeds.
/// Protecting and publishing do not depend on which file did the damage, only on the outcome, so the whole run (the
/// last good exports stay byte for byte) is made for one representative per reader and outcome: the
/// first such case in cases.csv. A failed check keeps the last good snapshot byte for byte; a failed or incomplete
/// source refreshes it, with the failed source's last good data. The whole runs are made on the project cut down to
/// the sources of the smallest dataset built from the case's source (<see cref="ProjectOf"/>), over its own last
/// good state: what they prove is how a run ends and what it leaves published, which that dataset shows as well as
/// all twelve, at a fraction of a whole project's run.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)] // every case has its own copy of the repository and the data folder
public sealed class BadInputTests
{
    static readonly string Folder = Path.Combine(RepoPaths.Root, "tests", "TalentData.Tests", "BadInput");
    static readonly ProjectManifest Manifest = RepoManifest.Instance;

    public sealed record Case(string File, string Source, string Outcome, int Rows, int NewRawRows, string Pattern)
    {
        /// <summary>check_failed: the check named before an optional ': ', and after it a pattern one of its failing rows (JSON) matches.</summary>
        public string Check => Pattern.Split(": ", 2)[0];
        public string? FailingRow => Pattern.Split(": ", 2) is [_, var row] ? row : null;

        public string Reader => Manifest.RawTablesOf(Manifest.Pipeline(Source)).Single().Entity.Reader;
        public override string ToString() => File;
    }

    readonly TempDir goodDir = new();
    readonly Dictionary<string, List<string>> goodRaw = [];
    List<KeyValuePair<string, string>> goodWorkMarts = null!;

    [OneTimeSetUp]
    public void ReadGoodState()
    {
        var good = GoodRun.Instance;
        List<KeyValuePair<string, string>> goodMarts = [.. Marts(good.SnapshotContents)];
        var data = Path.Combine(goodDir.Path, "data");
        good.CopyWarehouseAndLandingTo(data);
        var work = Path.Combine(data, "warehouse", "work.duckdb");
        goodWorkMarts = [.. Marts(RunState.Contents(work, "marts"))];
        Assert.That(goodWorkMarts, Is.EqualTo(goodMarts), "the snapshot holds the working warehouse's marts");
        foreach (var table in Manifest.RawTables)
            goodRaw[table.Name] = ReadBack(data, table.Name, "").Rows;
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        goodDir.Dispose();
        foreach (var project in reducedProjects.Values.Where(p => p.IsValueCreated))
            project.Value.Dispose();
    }

    static IEnumerable<KeyValuePair<string, string>> Marts(IEnumerable<KeyValuePair<string, string>> contents) =>
        contents.Where(t => t.Key.StartsWith("marts.", StringComparison.Ordinal));

    /// <summary>
    /// The project a whole run of the case is made on: the sources of the smallest dataset built from the case's source
    /// (by number of sources, then name), so that something it feeds is published or withheld, and for check_failed
    /// those the check reads and protects, so that the check is there to fail.
    /// </summary>
    static string[] ProjectOf(Case c)
    {
        var dataset = Manifest.Datasets.Where(d => d.Sources.Any(s => s.Id == c.Source))
            .OrderBy(d => d.Sources.Count).ThenBy(d => d.Dataset.Dataset, StringComparer.Ordinal).First();
        var check = c.Outcome == "check_failed" ? Manifest.Checks.Single(x => x.Name == c.Check) : null;
        var checkReads = check is null ? [] : check.Models.Concat(check.Protects)
            .SelectMany(m => ModelGraph.Upstream(Manifest.Models, m).Append(m)).ToHashSet();
        return [.. dataset.Sources.Select(s => s.Id)
            .Concat(Manifest.RawTables.Where(t => checkReads.Contains(t.QualifiedName)).Select(t => t.SourceId))
            .Distinct().Order(StringComparer.Ordinal)];
    }

    /// <summary>A reduced project (<see cref="RepoCopy.Reduced"/>) with the last good state of an uninterrupted run of its samples.</summary>
    sealed class ReducedGoodRun : IDisposable
    {
        public RepoCopy Repo { get; }
        public SortedDictionary<string, string> Exports { get; }
        public string SnapshotSha { get; }
        public List<KeyValuePair<string, string>> Marts { get; }

        public ReducedGoodRun(string[] sources)
        {
            Repo = RepoCopy.Reduced(sources);
            var report = Repo.Run();
            if (!report.Succeeded)
                throw new InvalidOperationException($"the sample run of the project cut down to {string.Join(", ", sources)} failed: {report.Error}");
            Exports = RunState.Exports(Repo.Data);
            SnapshotSha = RunState.Sha(Repo.Snapshot);
            Marts = [.. BadInputTests.Marts(RunState.Contents(Repo.Snapshot, "marts"))];
        }

        public void Dispose() => Repo.Dispose();
    }

    readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<ReducedGoodRun>> reducedProjects = new();

    ReducedGoodRun ReducedGood(Case c)
    {
        var sources = ProjectOf(c);
        return reducedProjects.GetOrAdd(string.Join(",", sources), _ => new Lazy<ReducedGoodRun>(() => new ReducedGoodRun(sources))).Value;
    }

    static IEnumerable<Case> ReadCases()
    {
        foreach (var line in File.ReadLines(Path.Combine(Folder, "cases.csv")).Skip(1))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var f = line.Split(';', 6);
            yield return new Case(f[0], f[1], f[2], int.Parse(f[3], CultureInfo.InvariantCulture), int.Parse(f[4], CultureInfo.InvariantCulture), f[5]);
        }
    }

    /// <summary>The first case of each reader and outcome in cases.csv: these run the whole pipeline.</summary>
    static readonly HashSet<string> Representatives =
        [.. ReadCases().GroupBy(c => (c.Reader, c.Outcome)).Select(g => g.First().File)];

    public static IEnumerable<TestCaseData> Cases() =>
        ReadCases().Select(c => new TestCaseData(c).SetArgDisplayNames(c.File));

    public static IEnumerable<TestCaseData> RepresentativeCases() =>
        ReadCases().Where(c => Representatives.Contains(c.File)).Select(c => new TestCaseData(c).SetArgDisplayNames(c.File));

    [Test]
    public void Corpus_HasFortyFilesOverAllFourReadersAndEveryFileHasACase()
    {
        var files = Directory.GetFiles(Folder, "*.csv", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Folder, f).Replace('\\', '/')).Where(f => f != "cases.csv").Order().ToList();
        var cases = ReadCases().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(files, Has.Count.GreaterThanOrEqualTo(40));
            Assert.That(files.Select(f => f.Split('/')[0]).Distinct().Order(), Is.EqualTo(new[] { "ba_csv", "genesis_flat_csv", "genesis_table_csv", "opendatasoft_csv" }));
            Assert.That(files.Except(cases.Select(c => c.File)), Is.Empty, "a corpus file without an expected outcome in cases.csv");
            Assert.That(cases.Select(c => c.File).Where(c => !c.StartsWith("generated:", StringComparison.Ordinal)).Except(files), Is.Empty, "a case without its file");
            Assert.That(cases.Select(c => c.File), Is.Unique);
            Assert.That(cases.Select(c => c.Outcome).Distinct(), Is.SubsetOf(new[] { "source_failed", "quarantined", "check_failed", "loaded" }), "cases.csv: unknown outcome");
            // The whole run is made for each reader and outcome: every reader must bring every outcome it has a case of.
            Assert.That(Representatives, Has.Count.EqualTo(cases.Select(c => (c.Reader, c.Outcome)).Distinct().Count()));
            Assert.That(cases.Select(c => c.Reader).Distinct().Order(), Is.EqualTo(new[] { "ba_csv", "genesis_flat_csv", "genesis_table_csv", "opendatasoft_csv" }));
        }
    }

    /// <summary>Every case: the runner's stages up to the publication plan, as far as the outcome needs them.</summary>
    [TestCaseSource(nameof(Cases))]
    public void Load_BadFile_EndsAsDeclared(Case c)
    {
        using var dir = new TempDir();
        var repo = Path.Combine(dir.Path, "repo");
        var data = Path.Combine(dir.Path, "data");
        // The stages read the definitions through the manifest, loaded once; the case's folder holds only the samples.
        PlaceBadFile(c, repo, RepoPaths.Root, "sample-data");
        GoodRun.Instance.CopyWarehouseAndLandingTo(data);
        var needsModels = c.Outcome is "check_failed" or "loaded";

        RunReport report;
        PublicationPlan plan;
        try
        {
            var options = new RunOptions(repo, data, [c.Source]);
            using var warehouse = TalentData.Warehouse.Warehouse.OpenForWriting(options.Data.WorkPath);
            var ledger = RunLedger.Start(warehouse, TimeProvider.System, RunMode.Sample, [c.Source], Manifest.Pipelines);
            using var stages = new RunStages(WithChecksAffectedBy(c.Source), options, warehouse, ledger, TimeProvider.System, null, null, CancellationToken.None);
            // As a run does: the reference stage knows the sample files by their bytes now (ref.sample_files), so a
            // harmless edit of a synthetic sample stays synthetic in the models' provenance columns.
            if (needsModels)
                stages.LoadReference();
            var sources = stages.LoadSources([Manifest.Pipeline(c.Source)]);
            // Only the models the damaged source feeds are rebuilt: every other one reads unchanged inputs and keeps
            // the good run's table, so the checks see what a full rebuild would give them.
            var fed = ModelGraph.Downstream(Manifest.Models, Manifest.RawTablesOf(Manifest.Pipeline(c.Source)).Single().QualifiedName);
            IReadOnlyList<ModelResult> models = needsModels
                ? new SqlModelRunner(Manifest.SqlRoot).Build(warehouse, [.. Manifest.Models.Where(m => fed.Contains(m.QualifiedName))], new HashSet<string>())
                : [];
            IReadOnlyList<CheckResult> checks = needsModels ? stages.RunChecks(models) : [];
            plan = stages.PlanPublication(sources, models, checks);
            report = stages.Finish(sources, models, checks, plan, []);
        }
        catch (Exception ex)
        {
            Assert.Fail($"the load crashed instead of ending the source or quarantining: {ex}");
            return;
        }

        // A dataset the plan withholds but still protects is withheld again when released, which fails the run.
        var succeeds = report.Succeeded && !plan.With(PlanDecision.WithheldButProtected).Any();
        var fedBySource = plan.Datasets.Where(d => d.Lineage.Sources.Any(s => s.Id == c.Source)).ToList();
        AssertLoadEndsAsDeclared(c, report, data);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(succeeds, c.Outcome == "loaded" ? Is.True : Is.False, "only a harmless file lets the run succeed: " + report.Error);
            switch (c.Outcome)
            {
                case "quarantined":
                    Assert.That(fedBySource, Is.Not.Empty);
                    foreach (var d in fedBySource)
                    {
                        Assert.That(d.Decision, Is.Not.EqualTo(PlanDecision.Publish), $"{d.Dataset.Dataset} is built from a source with rows set aside");
                        Assert.That(d.Reason, Does.Contain($"source {c.Source} set {c.Rows} rows aside"), d.Dataset.Dataset);
                    }
                    break;
                case "source_failed":
                    Assert.That(fedBySource.Select(d => d.Decision), Has.None.EqualTo(PlanDecision.Publish), "nothing built from a failed source is published");
                    break;
                case "check_failed":
                    // The check withholds what is built from the damaged source, and nothing else on its account.
                    Assert.That(fedBySource.Select(d => d.Decision), Has.Some.Not.EqualTo(PlanDecision.Publish), "something built from the source is withheld");
                    Assert.That(plan.Datasets.Except(fedBySource).Select(d => d.Reason ?? ""), Has.None.Contain($"check {c.Check} "),
                        "a dataset not built from the damaged source is withheld because of the check");
                    break;
                case "loaded":
                    Assert.That(RunState.Contents(Path.Combine(data, "warehouse", "work.duckdb"), "marts")
                        .Where(t => t.Key.StartsWith("marts.", StringComparison.Ordinal)), Is.EqualTo(goodWorkMarts), "the models build the same figures");
                    break;
            }
        }
    }

    static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ProjectManifest> ManifestsWithAffectedChecks = new();

    /// <summary>
    /// The manifest with only the checks that read something a bad file of <paramref name="source"/> can change: its raw
    /// table, a model it feeds, or anything that is not a model (reference and ledger tables). Every other check reads
    /// only models the case keeps from the good run, where no check failed (it succeeded), so running it again cannot
    /// change the report or the plan; as the case rebuilds only the models the source feeds, it checks only them.
    /// </summary>
    static ProjectManifest WithChecksAffectedBy(string source) => ManifestsWithAffectedChecks.GetOrAdd(source, _ =>
    {
        var raw = Manifest.RawTablesOf(Manifest.Pipeline(source)).Single().QualifiedName;
        var unchanged = Manifest.Models.Select(m => m.QualifiedName).Except(ModelGraph.Downstream(Manifest.Models, raw)).ToHashSet();
        return new ProjectManifest
        {
            RepoRoot = Manifest.RepoRoot,
            City = Manifest.City,
            Pipelines = Manifest.Pipelines,
            RawTables = Manifest.RawTables,
            ReferenceTables = Manifest.ReferenceTables,
            Models = Manifest.Models,
            Checks = [.. Manifest.Checks.Where(c => !c.Models.All(unchanged.Contains))],
            Datasets = Manifest.Datasets,
            ReferenceExamples = Manifest.ReferenceExamples,
        };
    });

    /// <summary>One case per reader and outcome through the whole pipeline: the run ends as declared and the last good publication stays.</summary>
    [TestCaseSource(nameof(RepresentativeCases))]
    public void Run_BadFile_EndsAsDeclaredAndKeepsTheLastGoodPublication(Case c)
    {
        var good = ReducedGood(c);
        var fed = Manifest.Datasets.Where(d => d.Sources.Any(s => s.Id == c.Source)).Select(d => d.Dataset.Dataset + "/").ToList();
        Assert.That(good.Exports.Keys.Where(k => fed.Any(f => k.StartsWith(f, StringComparison.Ordinal))), Is.Not.Empty,
            $"the project cut down to {string.Join(", ", ProjectOf(c))} publishes a dataset built from {c.Source}");
        using var dir = new TempDir();
        var repo = Path.Combine(dir.Path, "repo");
        var data = Path.Combine(dir.Path, "data");
        PlaceBadFile(c, repo, good.Repo.Root);
        RepoCopy.CopyDirectory(good.Repo.Data, data);

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

        AssertLoadEndsAsDeclared(c, report, data);
        using (Assert.EnterMultipleScope())
        {
            if (c.Outcome == "quarantined")
                Assert.That(report.Withheld, Has.Some.Contains($"source {c.Source} set {c.Rows} rows aside"),
                    "a source with rows set aside is incomplete: nothing built from it is published");
            Assert.That(report.Succeeded, c.Outcome == "loaded" ? Is.True : Is.False, "only a harmless file lets the run succeed");
            Assert.That(RunState.Exports(data), Is.EqualTo(good.Exports), "the last good exports, byte for byte");
            var snapshot = Path.Combine(data, "warehouse", "talentdata.duckdb");
            switch (c.Outcome)
            {
                case "loaded":
                    Assert.That(Marts(RunState.Contents(snapshot, "marts")), Is.EqualTo(good.Marts), "the new snapshot publishes the same figures");
                    break;
                case "source_failed":
                    // A failing source never takes the snapshot away: it is refreshed, with the source's last good data.
                    Assert.That(Marts(RunState.Contents(snapshot, "marts")), Is.EqualTo(good.Marts), "the failed source's last good figures");
                    Assert.That(SnapshotRunStatus(snapshot, report.RunId), Is.EqualTo("failed"), "the refreshed snapshot's ledger says the run failed");
                    break;
                case "quarantined" when !report.Checks.Any(x => x.FailedError):
                    // The snapshot holds what loaded, and the rows set aside are readable in it.
                    Assert.That(SnapshotRunStatus(snapshot, report.RunId), Is.EqualTo("failed"), "the refreshed snapshot's ledger says the run failed");
                    Assert.That(SnapshotQuarantined(snapshot, report.RunId), Is.EqualTo(c.Rows), "the rows set aside, in the snapshot");
                    break;
                case "quarantined":
                    // What loaded of the file also failed a check: nobody should read those figures as checked.
                    Assert.That(RunState.Sha(snapshot), Is.EqualTo(good.SnapshotSha), "a failed check keeps the last good snapshot, byte for byte");
                    break;
                default:
                    Assert.That(RunState.Sha(snapshot), Is.EqualTo(good.SnapshotSha), "a failed check keeps the last good snapshot, byte for byte");
                    break;
            }
        }
    }

    static string? SnapshotRunStatus(string snapshot, string runId)
    {
        using var w = TalentData.Warehouse.Warehouse.OpenReadOnly(snapshot);
        return w.Connection.ExecuteScalar<string?>("select status from ops.runs where run_id = $runId", new { runId });
    }

    static long SnapshotQuarantined(string snapshot, string runId)
    {
        using var w = TalentData.Warehouse.Warehouse.OpenReadOnly(snapshot);
        return w.Connection.ExecuteScalar<long>("select count(*) from ops.quarantine where run_id = $runId", new { runId });
    }

    /// <summary>A copy of the definitions and samples of <paramref name="from"/> with the case's file in place of its source's sample.</summary>
    static void PlaceBadFile(Case c, string repo, string from, params string[] folders)
    {
        foreach (var folder in folders.Length > 0 ? folders : ["config", "pipelines", "sql", "sample-data"])
            RepoCopy.CopyDirectory(Path.Combine(from, folder), Path.Combine(repo, folder));
        var entity = Manifest.RawTablesOf(Manifest.Pipeline(c.Source)).Single().Entity;
        var sample = Path.Combine(repo, entity.Sample);
        if (c.File.StartsWith("generated:", StringComparison.Ordinal))
            WriteTenMegabyteLine(sample, entity.Reader);
        else
            File.Copy(Path.Combine(Folder, c.File), sample, overwrite: true);
    }

    /// <summary>What the load of the bad file left: the source's outcome, quarantine and raw rows as cases.csv declares.</summary>
    void AssertLoadEndsAsDeclared(Case c, RunReport report, string data)
    {
        var source = report.Sources.Single();
        var table = RawTable.NameOf(c.Source, Manifest.RawTablesOf(Manifest.Pipeline(c.Source)).Single().Entity.Entity);
        var (rawNow, q) = ReadBack(data, table, report.RunId);
        var newRows = NewRows(GoodRaw(table), rawNow);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(source.RowsQuarantined, Is.EqualTo(c.Rows), $"quarantined rows: {string.Join(" | ", q)}");
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
                    Assert.That(q, Has.All.Match(c.Pattern));
                    break;
                case "check_failed":
                    Assert.That(source.Status, Is.EqualTo("loaded"), source.Message);
                    Assert.That(report.Checks.Where(x => x.FailedError).Select(x => x.Check), Does.Contain(c.Check));
                    if (c.FailingRow is { } row)
                    {
                        Assert.That(FailingRows(data, report.RunId, c.Check), Has.Some.Match(row), "qa.check_failures names what was found and what was expected");
                        Assert.That(report.Error, Does.Match($"check {Regex.Escape(c.Check)} failed: \\d+ offending rows, first: {{.+}} \\(see qa.check_failures\\)"),
                            "the run's message shows a failing row too");
                    }
                    break;
                case "loaded":
                    Assert.That(source.Status, Is.EqualTo("loaded"), source.Message);
                    Assert.That(report.Error, Is.Null);
                    break;
                default:
                    Assert.Fail($"cases.csv: unknown outcome '{c.Outcome}'");
                    break;
            }
        }
    }

    List<string> GoodRaw(string table) => goodRaw[table];

    static List<string> FailingRows(string data, string runId, string check)
    {
        using var w = TalentData.Warehouse.Warehouse.OpenReadOnly(Path.Combine(data, "warehouse", "work.duckdb"));
        return w.Connection.Query<string>("select row_json from qa.check_failures where run_id = $runId and check_name = $check order by sample_no", new { runId, check }).ToList();
    }

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
