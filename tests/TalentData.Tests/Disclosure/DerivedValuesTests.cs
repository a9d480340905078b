using TalentData.Disclosure;

namespace TalentData.Tests.Disclosure;

public class DerivedValuesTests
{
    static readonly IReadOnlySet<string> Suppressed = new HashSet<string> { "02,ohne", "02,T" };

    [Test]
    public void Status_ShareWithSuppressedNumerator_IsSecret()
    {
        Assert.That(DerivedValues.Status(["02,ohne", "T,ohne"], Suppressed, baseValue: 345), Is.EqualTo("."));
    }

    [Test]
    public void Status_ShareWithSuppressedDenominatorAndSmallBase_SecretWinsOverUnreliable()
    {
        Assert.That(DerivedValues.Status(["01,ohne", "02,T"], Suppressed, baseValue: 5), Is.EqualTo("."));
    }

    [Test]
    public void Status_PublishedInputsBaseBelowTwenty_IsUnreliable()
    {
        Assert.That(DerivedValues.Status(["01,ohne", "01,T"], Suppressed, baseValue: 19), Is.EqualTo("/"));
    }

    [Test]
    public void Status_PublishedInputsBaseTwenty_IsNormal()
    {
        Assert.That(DerivedValues.Status(["01,ohne", "01,T"], Suppressed, baseValue: 20), Is.Empty);
    }

    [Test]
    public void IsSuppressed_SumOverOneSuppressedInput_IsNotComputed()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(DerivedValues.IsSuppressed(["01,ohne", "02,ohne", "03,ohne"], Suppressed), Is.True);
            Assert.That(DerivedValues.IsSuppressed(["01,ohne", "03,ohne"], Suppressed), Is.False);
        }
    }
}
