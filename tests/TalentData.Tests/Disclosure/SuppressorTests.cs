using TalentData.Disclosure;

namespace TalentData.Tests.Disclosure;

/// <summary>The test vectors T1–T7 of publishing.md §5.5 (k = 3) and the failure modes of §5.4.</summary>
public class SuppressorTests
{
    static readonly string[] Districts = ["01", "02", "03"];
    static readonly string[] Qualifications = ["ohne", "hsa", "msa"];

    static IReadOnlySet<string> Protect(params TestTable[] tables) =>
        Suppressor.Protect([.. tables.Select(t => t.ToDisclosureTable())]);

    /// <summary>Checks a primary's range with the independent attacker (GLOP) and with the library's own R5.</summary>
    static void AssertRange(TestTable[] tables, IReadOnlySet<string> suppressed, string cell, long min, long? max)
    {
        var library = Suppressor.PrimaryRanges([.. tables.Select(t => t.ToDisclosureTable())], suppressed).Single(r => r.CellId == cell);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Attacker.Range(tables, suppressed, cell), Is.EqualTo((min, max)), $"attacker range of {cell}");
            Assert.That((library.Min, library.Max), Is.EqualTo((min, max)), $"library range of {cell}");
        }
    }

    [Test]
    public void Protect_T1OnePrimary_SuppressesTheRectangleWithTheSmallestPartners()
    {
        var t1 = TestTable.TwoWayOf("T1", Districts, Qualifications, new long[,] { { 12, 40, 88 }, { 2, 35, 70 }, { 9, 28, 61 } });
        var suppressed = Protect(t1);
        Assert.That(suppressed, Is.EquivalentTo(new[] { "02,ohne", "02,hsa", "03,ohne", "03,hsa" }));
        AssertRange([t1], suppressed, "02,ohne", 1, 10);
    }

    [Test]
    public void Protect_LinkedTablesGivingOneCellTwoValues_ThrowsNamingTheCellAndBothTables()
    {
        var a = DisclosureTable.OneWay("A", "T", [("01", new DisclosureCell("c1", 4)), ("02", new DisclosureCell("c2", 6)), ("T", new DisclosureCell("ta", 10))]);
        var b = DisclosureTable.OneWay("B", "T", [("01", new DisclosureCell("c1", 5)), ("03", new DisclosureCell("c3", 5)), ("T", new DisclosureCell("tb", 10))]);
        var ex = Assert.Throws<ArgumentException>(() => Suppressor.Protect([a, b]));
        Assert.That(ex!.Message, Does.StartWith("Cell 'c1' differs between table 'A' and table 'B'").And.Contain("must be the same cell"));
    }

    [Test]
    public void Protect_T2OneWayOnePrimary_SuppressesTheSmallestOtherPart()
    {
        var t2 = TestTable.OneWayOf("T2", ["01", "02", "03", "04"], [5, 1, 7, 30]);
        var suppressed = Protect(t2);
        Assert.That(suppressed, Is.EquivalentTo(new[] { "01", "02" }));
        AssertRange([t2], suppressed, "02", 1, 5);
    }

    [Test]
    public void Protect_T2bTwoPrimariesInOneLine_AddsANonPrimaryPartner()
    {
        var t2b = TestTable.OneWayOf("T2b", ["01", "02", "03", "04"], [2, 1, 9, 40]);
        var suppressed = Protect(t2b);
        Assert.That(suppressed, Is.EquivalentTo(new[] { "01", "02", "03" }));
        AssertRange([t2b], suppressed, "01", 1, 10);
        AssertRange([t2b], suppressed, "02", 1, 10);
    }

    [Test]
    public void Protect_T3TwoPrimariesInOneRow_SuppressesBothRowsCompletely()
    {
        var t3 = TestTable.TwoWayOf("T3", Districts, Qualifications, new long[,] { { 12, 40, 88 }, { 1, 2, 70 }, { 9, 28, 61 } });
        var suppressed = Protect(t3);
        Assert.That(suppressed, Is.EquivalentTo(new[] { "02,ohne", "02,hsa", "02,msa", "03,ohne", "03,hsa", "03,msa" }));
        AssertRange([t3], suppressed, "02,ohne", 1, 9);
        AssertRange([t3], suppressed, "02,hsa", 1, 29);
    }

    static TestTable T4() => TestTable.TwoWayOf("T4", ["a", "b", "c", "d"], ["p", "q", "r", "s"],
        new long[,] { { 4, 5, 6, 20 }, { 7, 8, 9, 21 }, { 10, 11, 12, 13 }, { 14, 15, 16, 17 } });

    static readonly string[] T4Pattern = ["a,p", "a,q", "b,p", "b,q", "c,r", "c,s", "d,r", "d,s", "a,r"];

    [Test]
    public void FindBridges_T4TwoBlocksJoinedByOneCell_FlagsOnlyTheJoiningCell()
    {
        var t4 = T4();
        var pattern = T4Pattern.ToHashSet();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Attacker.LineRuleViolations(t4, pattern), Is.Empty, "R3 is satisfied by the pattern");
            Assert.That(Suppressor.FindBridges(t4.ToDisclosureTable(), pattern), Is.EqualTo(new[] { "a,r" }));
            Assert.That(Attacker.Range([t4], pattern, "a,r"), Is.EqualTo((6L, (long?)6)), "the bridge is exactly computable");
        }
    }

    [Test]
    public void Protect_T4BridgeInGivenPattern_ClosesACycleWithTheBestCandidate()
    {
        var t4 = T4();
        var suppressed = Suppressor.Protect([t4.ToDisclosureTable()], alreadySuppressed: T4Pattern);
        using (Assert.EnterMultipleScope())
        {
            // Rows reachable from column r without the bridge: c, d; columns reachable from row a: p, q; smallest is (c, p) = 10.
            Assert.That(suppressed, Is.EquivalentTo(T4Pattern.Append("c,p")));
            Assert.That(Suppressor.FindBridges(t4.ToDisclosureTable(), suppressed), Is.Empty);
            var (min, max) = Attacker.Range([t4], suppressed, "a,r");
            Assert.That(max - min, Is.GreaterThanOrEqualTo(3), "(a, r) is no longer exactly computable");
        }
    }

    [Test]
    public void Protect_T5PartnersChainThroughTheTable_TheCleanUpLeavesTheRectangle()
    {
        var t5 = TestTable.TwoWayOf("T5", ["01", "02", "03", "04"], ["a", "b", "c"],
            new long[,] { { 1, 10, 20 }, { 5, 6, 7 }, { 30, 3, 8 }, { 12, 14, 16 } });
        var suppressed = Protect(t5);
        // The rules chain seven cells (01a 01b 02a 02b 02c 03b 03c, total 40); the clean-up publishes 8, 7 and 3 back:
        // the rectangle 01a-01b-02b-02a (total 22) leaves (01, a) in [1, 5], limited by (02, a) = 5 ≥ 1.
        Assert.That(suppressed, Is.EquivalentTo(new[] { "01,a", "01,b", "02,a", "02,b" }));
        AssertRange([t5], suppressed, "01,a", 1, 5);
    }

    [Test]
    public void Protect_T6ZerosBesideThePrimary_NeverChoosesAZeroAsPartner()
    {
        var t6 = TestTable.TwoWayOf("T6", Districts, ["a", "b", "c"], new long[,] { { 2, 0, 40 }, { 7, 9, 11 }, { 8, 0, 13 } });
        var suppressed = Protect(t6);
        Assert.That(suppressed, Is.EquivalentTo(new[] { "01,a", "01,c", "02,a", "02,c" }));
        AssertRange([t6], suppressed, "01,a", 1, 8);
    }

    [Test]
    public void Protect_T7SmallRowTotal_ProtectsTheTotalThroughTheTotalColumn()
    {
        var t7 = TestTable.TwoWayOf("T7", Districts, ["a", "b", "c"], new long[,] { { 1, 1, 0 }, { 5, 6, 7 }, { 8, 9, 10 } });
        var suppressed = Protect(t7);
        Assert.That(suppressed, Is.EquivalentTo(new[] { "01,a", "01,b", "01,T", "02,a", "02,b", "02,T" }));
        AssertRange([t7], suppressed, "01,a", 1, 5);
        AssertRange([t7], suppressed, "01,b", 1, 6);
        AssertRange([t7], suppressed, "01,T", 2, 11);
    }

    [Test]
    public void Protect_SixCycleLeavesAPrimaryTooNarrow_IntervalRuleAddsAPartnerInItsRow()
    {
        var table = TestTable.TwoWayOf("cycle", Districts, ["a", "b", "c"], new long[,] { { 1, 5, 28 }, { 15, 4, 21 }, { 28, 4, 1 } });
        // R3 alone hides a six-cycle through both primaries; its cells 5, 15 and the other primary 1 (≥ 1, as every ".") pin (01, a) to 1.
        var lineRuleOnly = new HashSet<string> { "01,a", "01,b", "02,a", "02,c", "03,b", "03,c" };
        Assert.That(Attacker.Range([table], lineRuleOnly, "01,a"), Is.EqualTo((1L, (long?)1)));

        var suppressed = Protect(table);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(suppressed, Is.EquivalentTo(lineRuleOnly.Append("01,c")), "the best candidate of row 01 is 28");
            var (min, max) = Attacker.Range([table], suppressed, "01,a");
            Assert.That(max is null || max >= 3 && max - min >= 3, $"(01, a) in [{min}, {max}]");
        }
    }

    [Test]
    public void Protect_T1CellsAndTablesInAnotherOrder_GivesTheSamePattern()
    {
        var t1 = TestTable.TwoWayOf("T1", Districts, Qualifications, new long[,] { { 12, 40, 88 }, { 2, 35, 70 }, { 9, 28, 61 } });
        var t5 = TestTable.TwoWayOf("T5", ["01", "02", "03", "04"], ["a", "b", "c"],
            new long[,] { { 1, 10, 20 }, { 5, 6, 7 }, { 30, 3, 8 }, { 12, 14, 16 } }, prefix: "t5:");
        var inOrder = Suppressor.Protect([t1.ToDisclosureTable(), t5.ToDisclosureTable()]);
        var random = new Random(7);
        var reordered = Suppressor.Protect([t5.ToDisclosureTable(random), t1.ToDisclosureTable(random)]);
        Assert.That(reordered, Is.EqualTo(inOrder));
        Assert.That(inOrder, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal), "the set is enumerated in a fixed order");
    }

    [Test]
    public void Protect_SourceSuppressedCell_CountsAsPrimaryAndGetsAPartner()
    {
        var ba = TestTable.OneWayOf("ba", ["01", "02", "03"], [4, 5, 30], sourceSuppressed: new HashSet<string> { "01" });
        var suppressed = Protect(ba);
        Assert.That(suppressed, Is.EquivalentTo(new[] { "01", "02" }));
        Assert.That(Attacker.Range([ba], suppressed, "01").Max, Is.EqualTo(8), "01 + 02 = 9 with 02 ≥ 1");
    }

    [Test]
    public void Protect_ForcedSmallestPartner_TakesTheNextSmallest()
    {
        var list = TestTable.OneWayOf("forced", ["01", "02", "03", "04"], [1, 3, 4, 30], forced: new HashSet<string> { "02" });
        Assert.That(Protect(list), Is.EquivalentTo(new[] { "01", "03" }));
    }

    [Test]
    public void Protect_NoPrimaries_SuppressesNothing()
    {
        var table = TestTable.TwoWayOf("big", Districts, Qualifications, new long[,] { { 12, 40, 88 }, { 3, 35, 0 }, { 9, 28, 61 } });
        Assert.That(Protect(table), Is.Empty);
    }

    [Test]
    public void Protect_LinePartnersAllForced_ThrowsNamingTableAndLine()
    {
        var table = TestTable.TwoWayOf("leavers_2024", Districts, Qualifications, new long[,] { { 1, 0, 30 }, { 5, 6, 7 }, { 8, 9, 10 } },
            forced: new HashSet<string> { "01,msa", "01,T" });
        var ex = Assert.Throws<PipelineException>(() => Protect(table));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex!.Stage, Is.EqualTo("disclosure"));
            Assert.That(ex.Message, Does.Contain("'leavers_2024'").And.Contain("row '01'").And.Contain("01,msa"));
        }
    }

    [Test]
    public void Protect_OneWayTwoPrimariesAndForcedTotal_ThrowsNamingTheList()
    {
        var list = TestTable.OneWayOf("city", ["01", "02"], [2, 1], forced: new HashSet<string> { "T" });
        var ex = Assert.Throws<PipelineException>(() => Protect(list));
        Assert.That(ex!.Message, Does.Contain("'city'").And.Contain("the list"));
    }

    [Test]
    public void Protect_BridgeWithoutCandidateToCloseACycle_Throws()
    {
        var t4 = TestTable.TwoWayOf("T4", ["a", "b", "c", "d"], ["p", "q", "r", "s"],
            new long[,] { { 4, 5, 6, 20 }, { 7, 8, 9, 21 }, { 10, 11, 12, 13 }, { 14, 15, 16, 17 } },
            forced: new HashSet<string> { "c,p", "c,q", "d,p", "d,q" });
        var ex = Assert.Throws<PipelineException>(() => Suppressor.Protect([t4.ToDisclosureTable()], alreadySuppressed: T4Pattern));
        Assert.That(ex!.Message, Does.Contain("'T4'").And.Contain("(a, r)").And.Contain("bridge"));
    }

    [Test]
    public void Protect_TableWhosePartsDoNotAddUp_ThrowsNamingTheLine()
    {
        var cells = new[] { ("01", new DisclosureCell("01", 5)), ("02", new DisclosureCell("02", 1)), ("T", new DisclosureCell("T", 7)) };
        var ex = Assert.Throws<PipelineException>(() => Suppressor.Protect([DisclosureTable.OneWay("zensus", "T", cells)]));
        Assert.That(ex!.Message, Does.Contain("'zensus'").And.Contain("add up to 6").And.Contain("is 7"));
    }

    [TestCase(16L, 15L, "row '02'", "add up to 15")] // row 02: 7 + 8 is not 16
    [TestCase(15L, 15L, "column 'b'", "add up to 14")] // every row adds up; column b: 6 + 8 is not 15
    public void Protect_CrossTableWhosePartsDoNotAddUp_ThrowsNamingTheRowOrColumn(long row02Total, long columnBTotal, string line, string sum)
    {
        var grid = new (string Row, string Column, long Value)[]
        {
            ("01", "a", 5), ("01", "b", 6), ("01", "T", 11),
            ("02", "a", 7), ("02", "b", 8), ("02", "T", row02Total),
            ("T", "a", 12), ("T", "b", columnBTotal), ("T", "T", 12 + columnBTotal),
        };
        var table = DisclosureTable.TwoWay("ct", "T", "T", grid.Select(g => (g.Row, g.Column, new DisclosureCell($"{g.Row},{g.Column}", g.Value))));
        var ex = Assert.Throws<PipelineException>(() => Suppressor.Protect([table]));
        Assert.That(ex!.Message, Does.Contain($"Table 'ct', {line}: the parts {sum}"));
    }

    [Test]
    public void Protect_SameIdWithDifferentValuesInTwoTables_Throws()
    {
        var a = DisclosureTable.OneWay("a", "T", [("01", new DisclosureCell("01", 5)), ("T", new DisclosureCell("city", 5))]);
        var b = DisclosureTable.OneWay("b", "T", [("01", new DisclosureCell("x", 6)), ("T", new DisclosureCell("city", 6))]);
        var ex = Assert.Throws<ArgumentException>(() => Suppressor.Protect([a, b]));
        Assert.That(ex!.Message, Does.Contain("'city'").And.Contain("table 'a'").And.Contain("table 'b'"));
    }

    [Test]
    public void TwoWay_PositionMissing_ThrowsNamingThePosition()
    {
        var cells = new[] { ("01", "a", new DisclosureCell("1", 1)), ("01", "T", new DisclosureCell("2", 1)), ("T", "a", new DisclosureCell("3", 1)) };
        var ex = Assert.Throws<ArgumentException>(() => DisclosureTable.TwoWay("gap", "T", "T", cells));
        Assert.That(ex!.Message, Does.Contain("(T, T) is missing"));
    }

    [Test]
    public void PrimaryRanges_PrimaryLeftPublished_ReportsItUnprotected()
    {
        var t2 = TestTable.OneWayOf("T2", ["01", "02", "03", "04"], [5, 1, 7, 30]);
        var range = Suppressor.PrimaryRanges([t2.ToDisclosureTable()], new HashSet<string>()).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(range, Is.EqualTo(new PrimaryRange("02", 1, 1)));
            Assert.That(range.IsProtected(3), Is.False);
        }
    }
}
