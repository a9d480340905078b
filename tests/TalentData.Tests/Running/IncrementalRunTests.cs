using Dapper;
using TalentData.Loading;
using TalentData.Project;
using TalentData.Running;
using TalentData.Tests.Crash;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Running;

/// <summary>
/// Incremental runs: a run whose inputs are those of the last, successful run keeps its publication; a changed source or
/// model rebuilds only what is downstream of it, and publishes exactly what a full rebuild publishes. What ran is read
/// from the ledger (ops.run_steps, ops.model_builds); `run --plan` says the same without writing anything.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)] // each test has its own repository copy and data folder
public sealed class IncrementalRunTests
{
    const string Population = "raw.dortmund_population__residents";

    static (RepoCopy Repo, RunOptions Options) GoodCopy()
    {
        var repo = new RepoCopy();
        GoodRun.Instance.CopyTo(repo.Data);
        return (repo, repo.Options());
    }

    static ProjectManifest Manifest(RepoCopy repo) => ProjectManifest.Load(repo.Root, ReaderFormats.All);

    static IReadOnlyList<string> BuiltBy(RunOptions options, string runId)
    {
        using var work = TalentData.Warehouse.Warehouse.OpenReadOnly(options.Data.WorkPath);
        return [.. work.Connection.Query<string>("select model from ops.model_builds where run_id = $runId order by model", new { runId })];
    }

    static IReadOnlyList<(string Step, string Status, string? Error)> Steps(RunOptions options, string runId)
    {
        using var work = TalentData.Warehouse.Warehouse.OpenReadOnly(options.Data.WorkPath);
        return [.. work.Connection.Query<(string, string, string?)>("select step, status, error from ops.run_steps where run_id = $runId order by step_no", new { runId })];
    }

    /// <summary>The models a change to these relations must rebuild: every model that reads one of them, directly or not.</summary>
    static IReadOnlyList<string> DownstreamOf(ProjectManifest manifest, params string[] changed) =>
        [.. manifest.Models.Select(m => m.QualifiedName)
            .Where(m => changed.Contains(m) || ModelGraph.Upstream(manifest.Models, m).Overlaps(changed)).Order(StringComparer.Ordinal)];

    [Test]
    public void Run_NothingChanged_KeepsThePublicationWithoutReadingTheProjectAndSaysWhyInTheLedger()
    {
        var (repo, options) = GoodCopy();
        using var _ = repo;
        var snapshotBefore = RunState.Sha(options.SnapshotPath);
        var good = GoodRun.Instance.Report.RunId;

        var report = new PipelineRunner(options, TimeProvider.System).Run();

        Assert.That(report.Succeeded, Is.True, report.Error);
        Assert.That(report.UnchangedSince, Is.EqualTo(good), "the run whose publication stands");
        Assert.That(report.Sources, Is.Empty, "the project files and samples are those of the last run, so nothing is read");
        Assert.That(RunState.Exports(options.DataDir), Is.EqualTo(GoodRun.Instance.Exports), "the exports are the last good ones, byte for byte");
        Assert.That(RunState.Sha(options.SnapshotPath), Is.EqualTo(snapshotBefore), "the snapshot is not copied again");
        Assert.That(BuiltBy(options, report.RunId), Is.Empty, "no model was built");
        var steps = Steps(options, report.RunId);
        Assert.That(steps.Select(s => s.Step), Is.EqualTo(new[] { Stage.Reference, Stage.Load, Stage.Models, Stage.Checks, Stage.Disclosure, Stage.Publish, Stage.Catalog, Stage.Snapshot }));
        Assert.That(steps.Take(2), Has.All.Matches<(string Step, string Status, string? Error)>(s =>
            s.Status == RunStatus.Skipped && s.Error == $"project files and sample data unchanged since run {good}; nothing read"));
        Assert.That(steps.Skip(2), Has.All.Matches<(string Step, string Status, string? Error)>(s =>
            s.Status == RunStatus.Skipped && s.Error == $"inputs unchanged since run {good}; its models, checks and publication stand"));

        var again = new PipelineRunner(options, TimeProvider.System).Run();
        Assert.That(again.UnchangedSince, Is.EqualTo(good), "a second unchanged run still names the run that published");
        Assert.That(Steps(options, again.RunId)[0].Error, Does.Contain($"unchanged since run {report.RunId}"), "and the run whose files it compared");
    }

    [Test]
    public void Run_ProjectFilesChangedButNoInput_LoadsNothingNewAndKeepsThePublication()
    {
        var (repo, options) = GoodCopy();
        using var _ = repo;
        // A file no pipeline reads: the project's bytes differ, what the run depends on does not.
        File.WriteAllText(repo.Sample("NOTES.txt"), "delivery notes, read by people only\n");

        var report = new PipelineRunner(options, TimeProvider.System).Run();

        Assert.That(report.Succeeded, Is.True, report.Error);
        Assert.That(report.UnchangedSince, Is.EqualTo(GoodRun.Instance.Report.RunId));
        Assert.That(report.Sources.Select(s => s.Status).Distinct(), Is.EqualTo(new[] { SourceStatus.Unchanged }), "every source was read and found unchanged");
        Assert.That(report.Models.Select(m => m.Status).Distinct(), Is.EqualTo(new[] { ModelStatus.Unchanged }));
        Assert.That(BuiltBy(options, report.RunId), Is.Empty);
        Assert.That(RunState.Exports(options.DataDir), Is.EqualTo(GoodRun.Instance.Exports));
        Assert.That(Steps(options, report.RunId).Where(s => s.Step == Stage.Checks).Select(s => s.Status), Is.EqualTo(new[] { RunStatus.Skipped }));
    }

    [Test]
    public void Run_OneSourceChanged_RebuildsOnlyItsDownstreamModelsAndPublishesWhatAFullRunPublishes()
    {
        var (repo, options) = GoodCopy();
        using var _ = repo;
        RunState.WriteLaterPopulationDelivery(repo.Root);
        var manifest = Manifest(repo);
        var expected = DownstreamOf(manifest, Population);
        Assert.That(expected, Is.Not.Empty.And.Count.LessThan(manifest.Models.Count), "the population feeds some models, not all");

        var plan = RunPlan.Make(options);
        Assert.That(plan.NothingToDo, Is.False);
        Assert.That(plan.Loads.Select(l => l.Table), Is.EqualTo(new[] { Population }));
        Assert.That(plan.Models.Select(m => m.Model).Order(StringComparer.Ordinal), Is.EqualTo(expected), "--plan lists exactly what will rebuild");
        Assert.That(plan.Datasets.Select(d => d.Dataset).Order(StringComparer.Ordinal),
            Is.EqualTo(manifest.Datasets.Where(d => d.Relations.Overlaps(expected)).Select(d => d.Dataset.Dataset).Order(StringComparer.Ordinal)));

        var report = new PipelineRunner(options, TimeProvider.System).Run();
        Assert.That(report.Succeeded, Is.True, report.Error);
        Assert.That(report.UnchangedSince, Is.Null);
        Assert.That(BuiltBy(options, report.RunId), Is.EqualTo(expected), "ops.model_builds: only the models downstream of the population");
        Assert.That(report.Models.Where(m => m.Status == ModelStatus.Built).Select(m => m.Model.QualifiedName).Order(StringComparer.Ordinal), Is.EqualTo(expected));
        var republished = Steps(options, report.RunId).Where(s => s.Step == Stage.Publish && s.Status == RunStatus.Succeeded).Count();
        Assert.That(republished, Is.GreaterThan(0).And.LessThan(manifest.Datasets.Count), "only datasets whose files changed get a new release");

        // The same inputs rebuilt from scratch publish the same bytes and leave the same tables.
        using var full = new RepoCopy();
        RunState.WriteLaterPopulationDelivery(full.Root);
        GoodRun.Instance.CopyTo(full.Data);
        var everything = new PipelineRunner(full.Options() with { Full = true }, TimeProvider.System).Run();
        Assert.That(everything.Succeeded, Is.True, everything.Error);
        Assert.That(everything.Models.Select(m => m.Status).Distinct(), Is.EqualTo(new[] { ModelStatus.Built }), "--full rebuilds every model");
        Assert.That(RunState.Exports(options.DataDir), Is.EqualTo(RunState.Exports(full.Data)), "incremental and full runs publish the same bytes");
        Assert.That(RunState.Contents(options.SnapshotPath), Is.EqualTo(RunState.Contents(full.Snapshot)), "incremental and full runs leave the same tables");
    }

    [Test]
    public void Run_OneModelChanged_RebuildsItAndWhatReadsIt()
    {
        var (repo, options) = GoodCopy();
        using var _ = repo;
        var manifest = Manifest(repo);
        var model = manifest.Models.First(m => m.Schema == "core" && ModelGraph.Downstream(manifest.Models, m.QualifiedName).Count > 0);
        File.AppendAllText(Path.Combine(repo.Root, model.File), "\n-- a reviewed comment changes the text, so the model rebuilds\n");
        var expected = DownstreamOf(manifest, model.QualifiedName);

        var plan = RunPlan.Make(options);
        Assert.That(plan.Loads, Is.Empty);
        Assert.That(plan.Models.Select(m => m.Model).Order(StringComparer.Ordinal), Is.EqualTo(expected));
        Assert.That(plan.Models.First(m => m.Model != model.QualifiedName).Why, Does.StartWith("reads "));

        var report = new PipelineRunner(options, TimeProvider.System).Run();
        Assert.That(report.Succeeded, Is.True, report.Error);
        Assert.That(BuiltBy(options, report.RunId), Is.EqualTo(expected));
    }

    [Test]
    public void Plan_NothingChanged_SaysNothingToDoAndWritesNothing()
    {
        var (repo, options) = GoodCopy();
        using var _ = repo;
        var before = Directory.GetFiles(options.DataDir, "*", SearchOption.AllDirectories).ToDictionary(f => f, RunState.Sha);

        var plan = RunPlan.Make(options);

        Assert.That(plan.NothingToDo, Is.True);
        Assert.That(plan.UnchangedSince, Is.EqualTo(GoodRun.Instance.Report.RunId));
        Assert.That(plan.Loads.Count + plan.Models.Count + plan.Datasets.Count, Is.Zero);
        Assert.That(Directory.GetFiles(options.DataDir, "*", SearchOption.AllDirectories).ToDictionary(f => f, RunState.Sha), Is.EqualTo(before), "the plan wrote nothing");
        Assert.That(RunPlan.Make(options with { Full = true }).Models, Has.Count.EqualTo(Manifest(repo).Models.Count), "--full plans every model");
    }

    [Test]
    public void Run_AfterAFailedRun_ChecksAndPublishesAgainInsteadOfKeeping()
    {
        var (repo, options) = GoodCopy();
        using var _ = repo;
        var mart = Path.Combine(repo.Root, "sql", "marts", "indicator_values.sql");
        var good = File.ReadAllText(mart);
        var select = good.IndexOf("select", StringComparison.OrdinalIgnoreCase);
        File.WriteAllText(mart, good[..select] + "select no_such_column, " + good[(select + "select".Length)..]);
        var failed = new PipelineRunner(options, TimeProvider.System).Run();
        Assert.That(failed.Succeeded, Is.False);
        File.WriteAllText(mart, good);

        var report = new PipelineRunner(options, TimeProvider.System).Run();

        Assert.That(report.Succeeded, Is.True, report.Error);
        Assert.That(report.UnchangedSince, Is.Null, "the run before failed, so its state is not kept");
        // The failed build rolled back, so the table and its build record are still those of the good inputs.
        Assert.That(BuiltBy(options, report.RunId), Is.Empty, "the models hold builds from these very inputs");
        Assert.That(Steps(options, report.RunId).Where(s => s.Step is Stage.Checks or Stage.Disclosure or Stage.Snapshot).Select(s => s.Status),
            Is.EqualTo(new[] { RunStatus.Succeeded, RunStatus.Succeeded, RunStatus.Succeeded }), "checks, protection and the snapshot ran again");
        Assert.That(RunState.Exports(options.DataDir), Is.EqualTo(GoodRun.Instance.Exports), "the same inputs as the good run publish its bytes again");
    }
}
