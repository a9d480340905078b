using TalentData.Project;
using TalentData.Running;
using TalentData.Tests.TestSupport;
using TalentData.Warehouse;

namespace TalentData.Tests.Loading;

/// <summary>
/// An unchanged file is skipped only when the entity's definition is unchanged too: a changed columns list or reader
/// option validates the same bytes again (ops.source_loads keeps the definition's fingerprint beside the file's sha256).
/// </summary>
public sealed class DefinitionChangeTests
{
    const string Source = "dortmund_social_indicators";

    /// <summary>Loads the source over the good state, with its pipeline file edited by <paramref name="edit"/>.</summary>
    static SourceOutcome LoadAfterEdit(Func<string, string> edit)
    {
        using var repo = new RepoCopy();
        GoodRun.Instance.CopyWarehouseAndLandingTo(repo.Data);
        var file = Path.Combine(repo.Root, "pipelines", Source + ".yaml");
        var text = File.ReadAllText(file);
        var edited = edit(text);
        File.WriteAllText(file, edited);
        var manifest = ProjectManifest.Load(repo.Root, TalentData.Loading.ReaderFormats.All);
        var options = repo.Options(Source);
        using var warehouse = TalentData.Warehouse.Warehouse.OpenForWriting(options.Data.WorkPath);
        var ledger = RunLedger.Start(warehouse, TimeProvider.System, RunMode.Sample, [Source], manifest.Pipelines);
        using var stages = new RunStages(manifest, options, warehouse, ledger, TimeProvider.System, null, null, CancellationToken.None);
        return stages.LoadSources([manifest.Pipeline(Source)]).Outcomes.Single().Outcome;
    }

    [Test]
    public void Load_SameFileSameDefinition_Unchanged() =>
        Assert.That(LoadAfterEdit(t => t).Status, Is.EqualTo(SourceStatus.Unchanged));

    [Test]
    public void Load_SameFileButColumnsChanged_ValidatedAgainAndFailsAsSchemaDrift()
    {
        var outcome = LoadAfterEdit(t => t.Replace("sgb_ii_quote, quote_leistungen", "sgb_2_quote, quote_leistungen")
                                          .Replace("decimal_columns: [sgb_ii_quote,", "decimal_columns: [sgb_2_quote,"));
        Assert.That(outcome.Status, Is.EqualTo(SourceStatus.Failed), "the unchanged file no longer matches the declared columns");
        Assert.That(outcome.Message, Does.Contain("schema drift").And.Contain("sgb_2_quote"));
    }

    [Test]
    public void Load_SameFileButReaderOptionChanged_ReadAgain()
    {
        // One quota column no longer declared decimal: nothing in the file changes, yet it is read under the new rules.
        var outcome = LoadAfterEdit(t => t.Replace(", grundsicherung_im_alter_quote]\n", "]\n"));
        Assert.That(outcome.Status, Is.EqualTo(SourceStatus.Loaded), outcome.Message);
        Assert.That(outcome.RowsLoaded, Is.GreaterThan(0));
    }
}
