using TalentData.Disclosure;

namespace TalentData.Tests.Disclosure;

/// <summary>
/// The warm-up that compiles the engine while the marts are read protects test vector T1 through the cube code and gets
/// T1's documented pattern, so it runs the same rules as a real cube-year (a warm-up that took another path would
/// compile the wrong code, one that failed would fail every run).
/// </summary>
public class DisclosureWarmUpTests
{
    [Test]
    public void WarmUp_ProtectsTestVectorT1_SuppressesExactlyT1sCells()
    {
        Assert.That(DisclosureControl.WarmUp(), Is.EqualTo(new[]
        {
            "warm-up|2024|stadtbezirk:02|hsa", "warm-up|2024|stadtbezirk:02|ohne",
            "warm-up|2024|stadtbezirk:03|hsa", "warm-up|2024|stadtbezirk:03|ohne",
        }).AsCollection);
    }

    [Test]
    public void WarmUpInBackground_CalledTwice_RunsOnceAndSucceeds()
    {
        var first = DisclosureControl.WarmUpInBackground();
        var second = DisclosureControl.WarmUpInBackground();
        Assert.That(second, Is.SameAs(first), "once per process");
        Assert.That(first.Wait(TimeSpan.FromSeconds(30)), Is.True, "finishes");
        Assert.That(first.IsCompletedSuccessfully, Is.True);
    }
}
