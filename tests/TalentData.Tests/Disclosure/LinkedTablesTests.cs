using TalentData.Disclosure;

namespace TalentData.Tests.Disclosure;

/// <summary>R7: tables that share cells are protected together.</summary>
public class LinkedTablesTests
{
    static readonly string[] Districts = ["01", "02", "03"];

    // School leavers by qualification and by sex share the district totals and the city total.
    static string SharedTotals(string prefix, string row, string column) => column == TestTable.Total ? $"{row},T" : $"{prefix}{row},{column}";

    static TestTable ByQualification() => TestTable.TwoWayOf("by_qualification", Districts, ["ohne", "hsa", "msa"],
        new long[,] { { 3, 0, 0 }, { 12, 40, 88 }, { 9, 28, 61 } }, idOf: (r, c) => SharedTotals("q:", r, c));

    static TestTable BySex() => TestTable.TwoWayOf("by_sex", Districts, ["m", "w"],
        new long[,] { { 1, 2 }, { 70, 70 }, { 50, 48 } }, idOf: (r, c) => SharedTotals("s:", r, c));

    [Test]
    public void Protect_DistrictTotalSuppressedInOneTable_IsSuppressedAndProtectedInTheOther()
    {
        TestTable[] tables = [ByQualification(), BySex()];
        var alone = Suppressor.Protect([tables[0].ToDisclosureTable()]);
        var joint = Suppressor.Protect([.. tables.Select(t => t.ToDisclosureTable())]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(alone, Is.Empty, "by qualification has no small count of its own");
            // by sex: 1 and 2 need a non-primary partner in row 01, and the only one is the district total 3.
            Assert.That(joint, Does.Contain("01,T"));
            Assert.That(joint, Does.Contain("q:01,ohne"), "by qualification must hide a partner of the shared total");
            foreach (var table in tables)
            {
                Assert.That(Attacker.LineRuleViolations(table, joint), Is.Empty, table.Name);
                Assert.That(Attacker.Bridges(table, joint), Is.Empty, table.Name);
            }
            foreach (var primary in Attacker.Primaries(tables))
            {
                var (min, max) = Attacker.Range(tables, joint, primary.Id);
                Assert.That(max is null || max >= 3 && max - min >= 3, $"{primary.Id}: [{min}, {max}]");
            }
        }
    }

    /// <summary>
    /// Tables chained by shared cells, named so that each round of R7 reaches only one more table: the small count
    /// sits in the last table by name, and each table's only partner is the cell it shares with the table before it.
    /// </summary>
    static DisclosureTable[] Chain(int length)
    {
        var tables = new List<DisclosureTable>();
        DisclosureCell previous = new("p", 1);
        for (var i = 1; i <= length; i++)
        {
            var shared = new DisclosureCell($"s{i}", 5);
            var total = new DisclosureCell($"total{i}", previous.Value + shared.Value, Forced: true);
            tables.Add(DisclosureTable.OneWay($"t{length - i + 1:00}", "T", [("a", previous), ("b", shared), ("T", total)]));
            previous = shared;
        }
        return [.. tables];
    }

    [Test]
    public void Protect_ChainOfFiveLinkedTables_PropagatesTheSuppressionToTheEnd()
    {
        var suppressed = Suppressor.Protect(Chain(5));
        Assert.That(suppressed, Is.EquivalentTo(new[] { "p", "s1", "s2", "s3", "s4", "s5" }));
    }

    [Test]
    public void Protect_ChainNeedingMoreThanTenRounds_ThrowsNamingTheLimit()
    {
        var ex = Assert.Throws<PipelineException>(() => Suppressor.Protect(Chain(12)));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex!.Stage, Is.EqualTo("disclosure"));
            Assert.That(ex.Message, Does.Contain("within 10 rounds").And.Contain("'t01'"));
        }
    }

    [Test]
    public void Protect_SharedCellAtDifferentPositions_GetsOneStatus()
    {
        // The city total of table "a" is an interior cell (one year among others) of table "b".
        var city = new DisclosureCell("city-2024", 10);
        var a = DisclosureTable.OneWay("a", "T", [("01", new DisclosureCell("a01", 1)), ("02", new DisclosureCell("a02", 9)), ("T", city)]);
        var b = DisclosureTable.OneWay("b", "T", [("2023", new DisclosureCell("city-2023", 12)), ("2024", city),
            ("2025", new DisclosureCell("city-2025", 14)), ("T", new DisclosureCell("city-all", 36, Forced: true))]);
        var suppressed = Suppressor.Protect([a, b]);
        // In "a" the partner of 1 is 9 (interior first); the city total stays published in both tables.
        Assert.That(suppressed, Is.EquivalentTo(new[] { "a01", "a02" }));
    }
}
