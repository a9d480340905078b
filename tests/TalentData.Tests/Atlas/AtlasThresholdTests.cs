using TalentData.Atlas;
using TalentData.Cli.Atlas;
using TalentData.Project;

namespace TalentData.Tests.Atlas;

/// <summary>The methodology page names the secret counts from the threshold the publication used, not a fixed "1 or 2".</summary>
public class AtlasThresholdTests
{
    static AtlasData Data(int threshold) => new()
    {
        Indicators = [], Values = [], Datasets = [], HasCatalog = false, ReleasedAt = null,
        Parents = new Dictionary<string, string>(), DisclosureThreshold = threshold,
    };

    [Test]
    public void Load_BrokenDataPackage_NamesTheFileAndTheLine()
    {
        using var dir = new TalentData.Tests.TestSupport.TempDir();
        var package = dir.File($"{AtlasData.ValuesDataset}/latest/datapackage.json", "{\n  \"synthetic\": tru\n}");
        var error = Assert.Throws<InvalidDataException>(() => AtlasData.Load(dir.Path, Path.Combine(dir.Path, "none.csv")))!;
        Assert.That(error.Message, Does.Contain(package).And.Contain("line 2"));
    }

    [Test]
    public void Load_WithoutExports_MarksNothingAndAssumesTheDefaultThreshold()
    {
        using var dir = new TalentData.Tests.TestSupport.TempDir();
        var data = AtlasData.Load(dir.Path, Path.Combine(dir.Path, "none.csv"));
        Assert.That((data.Synthetic, data.DisclosureThreshold), Is.EqualTo((false, 3)));
    }

    [TestCase(3, "Zahlen von 1 bis 2 Personen", "Counts of 1 to 2 people")]
    [TestCase(5, "Zahlen von 1 bis 4 Personen", "Counts of 1 to 4 people")]
    public void Methodology_NamesTheSecretCountsOfTheConfiguredThreshold(int threshold, string german, string english)
    {
        var pages = new AtlasPages(Data(threshold), City.Load(TalentData.Tests.TestSupport.RepoPaths.Root));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(pages.Methodology(new AtlasText("de")), Does.Contain(german));
            Assert.That(pages.Methodology(new AtlasText("en")), Does.Contain(english));
        }
    }
}
