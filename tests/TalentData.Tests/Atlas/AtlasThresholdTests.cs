using TalentData.Atlas;

namespace TalentData.Tests.Atlas;

/// <summary>The methodology page names the secret counts from the threshold the publication used, not a fixed "1 or 2".</summary>
public class AtlasThresholdTests
{
    static AtlasData Data(int threshold) => new()
    {
        Indicators = [], Values = [], Datasets = [], HasCatalog = false, ReleasedAt = null,
        Parents = new Dictionary<string, string>(), DisclosureThreshold = threshold,
    };

    [TestCase(3, "Zahlen von 1 oder 2 Personen", "Counts of 1 or 2 people")]
    [TestCase(5, "Zahlen von 1 bis 4 Personen", "Counts of 1 to 4 people")]
    public void Methodology_NamesTheSecretCountsOfTheConfiguredThreshold(int threshold, string german, string english)
    {
        var pages = new AtlasPages(Data(threshold));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(pages.Methodology(new AtlasText("de")), Does.Contain(german));
            Assert.That(pages.Methodology(new AtlasText("en")), Does.Contain(english));
        }
    }
}
