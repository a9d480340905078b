using TalentData.Disclosure;

namespace TalentData.Tests.Disclosure;

/// <summary>
/// A pattern is reused only for exactly the same inputs: every input that can change the pattern changes the
/// fingerprint, and a reused pattern equals a fresh computation.
/// </summary>
public class SuppressorFingerprintTests
{
    static readonly string[] Districts = ["01", "02", "03"];
    static readonly string[] Qualifications = ["ohne", "hsa", "msa"];
    static readonly long[,] Values = { { 12, 40, 88 }, { 2, 35, 70 }, { 9, 28, 61 } };

    static DisclosureTable Table(long[,]? values = null, string name = "T1") =>
        TestTable.TwoWayOf(name, Districts, Qualifications, values ?? Values).ToDisclosureTable();

    static string Print(IReadOnlyList<DisclosureTable> tables, int threshold = 3, string[]? locked = null, string[]? unpublished = null) =>
        Suppressor.Fingerprint(tables, threshold, locked ?? [], unpublished ?? [], null);

    [Test]
    public void Fingerprint_SameInputsBuiltTwice_AreEqual()
    {
        var first = Print([Table()]);
        var second = Print([Table((long[,])Values.Clone())]);
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Fingerprint_EveryInputThatShapesThePattern_ChangesIt()
    {
        var changedValue = (long[,])Values.Clone();
        changedValue[2, 2] = 62;
        var forced = TestTable.TwoWayOf("T1", Districts, Qualifications, Values, forced: new HashSet<string> { "01,msa" }).ToDisclosureTable();
        var sourceSuppressed = TestTable.TwoWayOf("T1", Districts, Qualifications, Values, sourceSuppressed: new HashSet<string> { "01,msa" }).ToDisclosureTable();
        var baseline = Print([Table()]);
        var variants = new Dictionary<string, string>
        {
            ["a cell value"] = Print([Table(changedValue)]),
            ["a forced cell"] = Print([forced]),
            ["a cell the source suppressed"] = Print([sourceSuppressed]),
            ["the threshold"] = Print([Table()], threshold: 4),
            ["a locked cell"] = Print([Table()], locked: ["01,msa"]),
            ["an unpublished cell"] = Print([Table()], unpublished: ["01,msa"]),
            ["the table name"] = Print([Table(name: "T2")]),
            ["a second table"] = Print([Table(), Table(name: "T2")]),
            ["a crossing line"] = Suppressor.Fingerprint([Table()], 3, [], [], [new CubeLine("x", "01,msa", ["01,ohne"])]),
        };
        Assert.That(variants.Where(v => v.Value == baseline).Select(v => v.Key), Is.Empty, "inputs the fingerprint ignores");
    }

    [Test]
    public void Protect_Again_ReturnsTheSamePatternAsAFreshComputation()
    {
        var values = (long[,])Values.Clone();
        values[0, 0] = 13; // inputs no other test uses, so the first call computes
        var first = Suppressor.Protect([Table(values)]);
        var again = Suppressor.Protect([Table(values)]);
        Assert.That(again, Is.EquivalentTo(first));
        Assert.That(first, Is.EquivalentTo(new[] { "02,ohne", "02,hsa", "03,ohne", "03,hsa" }));
    }
}
