using Dapper;
using TalentData.Project;
using TalentData.Publishing;
using TalentData.Running;
using TalentData.Tests.TestSupport;
using TalentData.Warehouse;

namespace TalentData.Tests.Publishing;

/// <summary>
/// A failing check withholds only the datasets built from the fact its failing rows name (lineage from the manifest),
/// no others: a negative population count once held back the unrelated BA training-market dataset.
/// </summary>
public sealed class CheckBlastRadiusTests
{
    static readonly ProjectManifest Manifest = RepoManifest.Instance;

    /// <summary>The good warehouse with <paramref name="damage"/> applied, then the run's checks and publication plan.</summary>
    static (IReadOnlyList<CheckResult> Checks, PublicationPlan Plan) ChecksAndPlanAfter(string damage)
    {
        using var dir = new TempDir();
        var options = new RunOptions(RepoPaths.Root, Path.Combine(dir.Path, "data"), []);
        GoodRun.Instance.CopyWarehouseAndLandingTo(options.DataDir);
        using var warehouse = TalentData.Warehouse.Warehouse.OpenForWriting(options.Data.WorkPath);
        warehouse.Connection.Execute(damage);
        var ledger = RunLedger.Start(warehouse, TimeProvider.System, RunMode.Sample, [], Manifest.Pipelines);
        using var stages = new RunStages(Manifest, options, warehouse, ledger, TimeProvider.System, null, null, CancellationToken.None);
        IReadOnlyList<ModelResult> models = [.. Manifest.Models.Select(m => new ModelResult(m, ModelStatus.Built, null, null))];
        var checks = stages.RunChecks(models);
        return (checks, stages.PlanPublication(new SourceLoads([], new HashSet<RawTable>()), models, checks));
    }

    [Test]
    public void Plan_NegativePopulationCount_WithholdsOnlyWhatIsBuiltFromThePopulation()
    {
        var (checks, plan) = ChecksAndPlanAfter(
            "update core.fct_population set residents_count = -5 where rowid = (select min(rowid) from core.fct_population where residents_count > 0)");
        var decisions = plan.Datasets.ToDictionary(d => d.Dataset.Dataset, d => (d.Decision, d.Reason));
        using (Assert.EnterMultipleScope())
        {
            // The not_negative check every fact declares, here the population's; no other fact's.
            Assert.That(checks.Where(c => c.FailedError).Select(c => c.Check).ToList(),
                Is.EqualTo(new[] { "core_fct_population__not_negative__residents_count" }));
            // Built from core.fct_population: the population table, the indicators and the supply rates computed from it.
            string[] fromPopulation = ["angebote-stadtbezirke", "bedarf-und-angebot", "bevoelkerung-statistische-bezirke", "talentindikatoren-bezirke"];
            foreach (var dataset in fromPopulation)
                Assert.That(decisions[dataset].Reason, Is.EqualTo("check core_fct_population__not_negative__residents_count failed (1 rows)"), dataset);
            Assert.That(Manifest.Datasets.Where(d => d.Reads("core.fct_population")).Select(d => d.Dataset.Dataset), Is.EquivalentTo(fromPopulation),
                "the datasets the scenario expects to be built from the population");
            // Every other dataset, as the project declares it: person-count tables are published together (R7), so they keep
            // their last release for that reason only; the rest is not built from the population at all and is published.
            foreach (var lineage in Manifest.Datasets.Where(d => !fromPopulation.Contains(d.Dataset.Dataset)))
                if (lineage.Dataset.Disclosure == "person_counts")
                    Assert.That(decisions[lineage.Dataset.Dataset].Reason, Does.StartWith("withheld together with"), lineage.Dataset.Dataset);
                else
                    Assert.That(decisions[lineage.Dataset.Dataset], Is.EqualTo((PlanDecision.Publish, (string?)null)), lineage.Dataset.Dataset);
            Assert.That(decisions.Keys, Is.EquivalentTo(Manifest.Datasets.Select(d => d.Dataset.Dataset)), "every dataset of the project has a decision");
            Assert.That(decisions.Values.Count(d => d.Decision == PlanDecision.Publish), Is.GreaterThanOrEqualTo(2),
                "the unrelated datasets (the BA training market, the social indicators, ...) are published");
        }
    }
}
