using TalentData.Project;
using TalentData.Publishing;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Publishing;

/// <summary>
/// <see cref="Publication.Prepare"/> reads the marts on two connections at once: the tables it gets must be those of
/// the sample publication cell for cell, and a mart that cannot be read is withheld with its own reason, whichever
/// connection read it.
/// </summary>
public class MartReadTests
{
    [Test]
    public void Prepare_WithAnUnreadableMartAmongTheSample_WithholdsItAndReadsEveryOtherMartCellForCell()
    {
        var sample = SamplePublication.Instance;
        var datasets = DatasetDefinition.LoadAll(RepoPaths.Sql);
        var missing = DatasetDefinition.LoadAll(RepoPaths.Sql)[0];
        missing.Dataset = "no-such-dataset";
        missing.Mart = "marts.no_such_mart";
        // In the middle, so that one of the two connections meets it between marts it reads.
        var requests = datasets.Select(d => new DatasetRequest(d, [])).ToList();
        requests.Insert(requests.Count / 2, new DatasetRequest(missing, []));

        Publication prepared;
        using (var warehouse = TalentData.Warehouse.Warehouse.OpenReadOnly(sample.Options.SnapshotPath))
        using (var unused = new TempDir())
            prepared = Publication.Prepare(warehouse, requests, sample.Options.Publish, sample.City, unused.Path, new FixedClock());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(prepared.Withheld.Keys, Is.EquivalentTo(sample.Publication.Withheld.Keys.Append("no-such-dataset")));
            Assert.That(prepared.Withheld.GetValueOrDefault("no-such-dataset"), Does.Contain("no_such_mart"), "DuckDB's reason names the mart");
            Assert.That(prepared.Tables.Keys, Is.EqualTo(sample.Publication.Tables.Keys), "the tables in request order");
            foreach (var (slug, expected) in sample.Publication.Tables)
            {
                Assert.That(prepared.Tables[slug].Rows, Is.EqualTo(expected.Rows), $"{slug}: every published cell, suppressions included");
                Assert.That(prepared.Tables[slug].Values, Is.EqualTo(expected.Values), $"{slug}: the unsuppressed values");
            }
            Assert.That(prepared.Areas.Fingerprint, Is.EqualTo(sample.Publication.Areas.Fingerprint), "the same area hierarchy");
        }
    }
}
