using TalentData.Disclosure;

namespace TalentData.Tests.Disclosure;

public class DisclosurePolicyTests
{
    [TestCase(2, "de", "1")]
    [TestCase(3, "de", "1 bis 2")]
    [TestCase(5, "de", "1 bis 4")]
    [TestCase(3, "en", "1 to 2")]
    public void SmallCounts_NameTheCountsBelowTheThreshold(int threshold, string language, string expected) =>
        Assert.That(DisclosurePolicy.SmallCounts(threshold, language), Is.EqualTo(expected));

    [Test]
    public void EverySentence_NamesTheConfiguredThreshold_InBothLanguages()
    {
        foreach (var language in new[] { "de", "en" })
            using (Assert.EnterMultipleScope())
            {
                Assert.That(DisclosurePolicy.Counts(5, language), Does.Contain(DisclosurePolicy.SmallCounts(5, language)).And.Contain("'.'"));
                Assert.That(DisclosurePolicy.Derived(5, language), Does.Contain(DisclosurePolicy.SmallCounts(5, language)));
                Assert.That(DisclosurePolicy.Summary(5, language), Does.Contain(DisclosurePolicy.SmallCounts(5, language)));
                Assert.That(DisclosurePolicy.Unreliable(language), Does.Contain(DerivedValues.MinimumReliableBase.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
    }

    [Test]
    public void UnknownLanguage_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DisclosurePolicy.Summary(3, "fr"));
}
