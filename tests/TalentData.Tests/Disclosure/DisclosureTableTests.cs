using TalentData.Disclosure;

namespace TalentData.Tests.Disclosure;

/// <summary>A list's canonical order and the mistakes in building one, each with the message that names it.</summary>
public class DisclosureTableTests
{
    static (string, DisclosureCell) Part(string key, long value) => (key, new DisclosureCell($"id-{key}", value));

    [Test]
    public void OneWay_KeysInAnyOrder_SortsThePartsOrdinallyWithTheirCellsAndPutsTheTotalLast()
    {
        // Ordinal, not culture order: "B" before "a"; "10" before "9".
        var table = DisclosureTable.OneWay("list", "T", [Part("9", 9), Part("T", 30), Part("a", 1), Part("10", 10), Part("B", 10)]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(table.ColumnKeys, Is.EqualTo(new[] { "10", "9", "B", "a", "T" }));
            Assert.That(Enumerable.Range(0, table.ColumnKeys.Count).Select(c => table.Grid[0, c].Id),
                Is.EqualTo(new[] { "id-10", "id-9", "id-B", "id-a", "id-T" }), "each cell stays with its key");
            Assert.That(table.RowKeys, Is.EqualTo(new[] { "" }));
        }
    }

    [Test]
    public void OneWay_KeyTwice_ThrowsNamingTheKey()
    {
        var ex = Assert.Throws<ArgumentException>(() => DisclosureTable.OneWay("list", "T", [Part("01", 1), Part("02", 2), Part("01", 3), Part("T", 6)]));
        Assert.That(ex!.Message, Is.EqualTo("Disclosure table 'list': key '01' occurs twice."));
    }

    [Test]
    public void OneWay_TotalTwice_ThrowsNamingTheTotal()
    {
        var ex = Assert.Throws<ArgumentException>(() => DisclosureTable.OneWay("list", "T", [Part("01", 1), Part("T", 3), Part("02", 2), Part("T", 3)]));
        Assert.That(ex!.Message, Is.EqualTo("Disclosure table 'list': key 'T' occurs twice."));
    }

    [Test]
    public void OneWay_SameIdAtTwoKeysOfALongList_ThrowsNamingTheId()
    {
        // Past 32 cells the ids are checked through a set, not pairwise: both ways must find a repeated id.
        var parts = Enumerable.Range(1, 40).Select(i => ($"{i:D2}", new DisclosureCell(i == 37 ? "p05" : $"p{i:D2}", 1))).ToList();
        parts.Add(("T", new DisclosureCell("t", 40)));
        var ex = Assert.Throws<ArgumentException>(() => DisclosureTable.OneWay("long", "T", parts));
        Assert.That(ex!.Message, Is.EqualTo("Disclosure table 'long': cell id 'p05' is used at two positions."));
    }

    [Test]
    public void OneWay_TotalMissing_ThrowsNamingTheTotal()
    {
        var ex = Assert.Throws<ArgumentException>(() => DisclosureTable.OneWay("list", "T", [Part("01", 1), Part("02", 2)]));
        Assert.That(ex!.Message, Is.EqualTo("Disclosure table 'list': the total key 'T' is missing."));
    }

    [Test]
    public void OneWay_OnlyTheTotal_ThrowsThatThereIsNoPart()
    {
        var ex = Assert.Throws<ArgumentException>(() => DisclosureTable.OneWay("list", "T", [Part("T", 6)]));
        Assert.That(ex!.Message, Is.EqualTo("Disclosure table 'list': there is no key besides the total 'T'."));
    }

    [Test]
    public void OneWay_SameIdAtTwoKeys_ThrowsNamingTheId()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            DisclosureTable.OneWay("list", "T", [("01", new DisclosureCell("x", 1)), ("02", new DisclosureCell("x", 2)), ("T", new DisclosureCell("t", 3))]));
        Assert.That(ex!.Message, Is.EqualTo("Disclosure table 'list': cell id 'x' is used at two positions."));
    }
    [Test]
    public void TwoWayFromGrid_KeysInAnyOrder_EqualsTheTableBuiltCellByCell()
    {
        // Rows "9", "10", "B", "a" and columns "m", "W" in the order a query gave them, the totals last.
        string[] rows = ["9", "10", "B", "a", "T"], columns = ["m", "W", "i"];
        var grid = new DisclosureCell[rows.Length, columns.Length];
        for (var r = 0; r < rows.Length; r++)
            for (var c = 0; c < columns.Length; c++)
                grid[r, c] = new DisclosureCell($"{rows[r]}/{columns[c]}", 10 * r + c);
        var fromGrid = DisclosureTable.TwoWay("grid", rows, columns, grid);
        var cellByCell = DisclosureTable.TwoWay("grid", "T", "i",
            from r in Enumerable.Range(0, rows.Length) from c in Enumerable.Range(0, columns.Length) select (rows[r], columns[c], grid[r, c]));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(fromGrid.RowKeys, Is.EqualTo(new[] { "10", "9", "B", "a", "T" }), "ordinal, the total last");
            Assert.That(fromGrid.ColumnKeys, Is.EqualTo(new[] { "W", "m", "i" }));
            Assert.That(fromGrid.RowKeys, Is.EqualTo(cellByCell.RowKeys));
            Assert.That(fromGrid.ColumnKeys, Is.EqualTo(cellByCell.ColumnKeys));
            Assert.That(fromGrid.Grid, Is.EqualTo(cellByCell.Grid), "each cell at the same position");
            Assert.That(fromGrid.Grid[0, 0].Id, Is.EqualTo("10/W"), "each cell stays with its keys");
        }
    }

    [Test]
    public void TwoWayFromGrid_RowKeyTwice_ThrowsNamingTheKey()
    {
        var grid = new DisclosureCell[3, 2];
        for (var r = 0; r < 3; r++)
            for (var c = 0; c < 2; c++)
                grid[r, c] = new DisclosureCell($"{r}/{c}", 5);
        var ex = Assert.Throws<ArgumentException>(() => DisclosureTable.TwoWay("grid", ["01", "01", "T"], ["a", "i"], grid));
        Assert.That(ex!.Message, Is.EqualTo("Disclosure table 'grid': row '01' occurs twice."));
    }
}
