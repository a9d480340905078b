using TalentData.Publishing;

namespace TalentData.Tests.Publishing;

/// <summary>How mart rows become published cells: symbols, empty values, fixed decimals, keys.</summary>
public class PublishedTableTests
{
    static readonly TalentData.Project.DatasetDefinition Counts = Toy.Load(Toy.CountsYaml).Single();

    [Test]
    public void PublishedStatus_IsEverySymbolOfTheVocabulary_ExceptNothingWhichIsPublishedAsZero() =>
        Assert.That(PublishedStatus.Symbols, Is.EqualTo(TalentData.Project.StatusSymbol.All.Where(s => s != TalentData.Project.StatusSymbol.Nothing)));
    static readonly TalentData.Project.DatasetDefinition Indicators = Toy.Load(Toy.CountsYaml, Toy.IndicatorsYaml).Single(d => d.Dataset == "toy-indikatoren");

    static object?[] Row(object? value, string? status) => [2024L, "01", "stadtbezirk", "ohne", value, status];

    [Test]
    public void FromRows_DashStatus_IsPublishedAsZeroWithoutStatus()
    {
        var table = PublishedTable.FromRows(Counts, [Row(null, "-")]);
        Assert.That((table.Rows[0][table.MeasureIndex], table.Rows[0][table.StatusIndex]), Is.EqualTo(("0", "")));
    }

    [Test]
    public void FromRows_SecretStatusWithAValue_PublishesNoValue()
    {
        var table = PublishedTable.FromRows(Counts, [Row(7L, ".")]);
        Assert.That((table.Rows[0][table.MeasureIndex], table.Rows[0][table.StatusIndex], table.Values[0]), Is.EqualTo(("", ".", (decimal?)null)));
    }

    [Test]
    public void FromRows_UnknownSymbol_FailsNamingItAndTheRow()
    {
        var ex = Assert.Throws<PipelineException>(() => PublishedTable.FromRows(Counts, [Row(null, "*")]));
        Assert.That(ex!.Message, Does.Contain("status '*'").And.Contain("bezirk=01").And.Contain("staging"));
    }

    [Test]
    public void FromRows_EmptyValueWithoutStatus_FailsAskingForASymbol()
    {
        var ex = Assert.Throws<PipelineException>(() => PublishedTable.FromRows(Counts, [Row(null, "")]));
        Assert.That(ex!.Message, Does.Contain("'anzahl' is empty").And.Contain("needs a status"));
    }

    [Test]
    public void FromRows_MetricCategories_GetTheirOwnFixedDecimals()
    {
        var table = PublishedTable.FromRows(Indicators, [
            ["anteil_ohne", "stadtbezirk", "01", 2024L, 16.0, ""],
            ["abgaenge", "stadtbezirk", "01", 2024L, 140.0, ""],
            ["anteil_ohne", "stadtbezirk", "02", 2024L, 1.25, "p"],
        ]);
        Assert.That(table.Rows.Select(r => r[table.MeasureIndex]), Is.EqualTo(new[] { "16.0", "140", "1.3" }));
    }

    [Test]
    public void FromRows_CategoryMissingFromTheDeclaration_FailsNamingTheFile()
    {
        var ex = Assert.Throws<PipelineException>(() => PublishedTable.FromRows(Indicators, [["neu", "stadtbezirk", "01", 2024L, 1.0, ""]]));
        Assert.That(ex!.Message, Does.Contain("'neu'").And.Contain("toy_1.yaml"));
    }

    [Test]
    public void FromRows_DuplicateKey_Fails()
    {
        var ex = Assert.Throws<PipelineException>(() => PublishedTable.FromRows(Counts, [Row(5L, ""), Row(6L, "")]));
        Assert.That(ex!.Message, Does.Contain("occurs twice").And.Contain("jahr=2024, bezirk=01, abschluss=ohne"));
    }

    [Test]
    public void FromRows_FractionInAnIntegerMeasure_Fails()
    {
        var ex = Assert.Throws<PipelineException>(() => PublishedTable.FromRows(Counts, [Row(2.5, "")]));
        Assert.That(ex!.Message, Does.Contain("declared integer"));
    }

    [Test]
    public void FromRows_KeyValuesRepeatingAndChanging_EachCellHasItsOwnText()
    {
        // Rows reuse the previous row's text for an equal value; a changed value, or one of another kind, gets its own.
        var table = PublishedTable.FromRows(Counts,
        [
            [2024L, "01", "stadtbezirk", "ohne", 1L, ""],
            [2024L, "02", "stadtbezirk", "ohne", 2L, ""],
            [2025, "02", 1.0m, "ohne", 3L, ""],
            [2025L, "03", 1.00m, "ohne", 4L, ""],
            [2024L, "03", -0.0, "ohne", 5L, ""],
            [2024L, "04", 0.0, "ohne", 6L, ""],
        ]);
        Assert.That(table.Rows.Select(r => string.Join("|", r)), Is.EqualTo(new[]
        {
            "2024|01|stadtbezirk|ohne|1|", "2024|02|stadtbezirk|ohne|2|", "2025|02|1.0|ohne|3|",
            "2025|03|1.00|ohne|4|", "2024|03|-0|ohne|5|", "2024|04|0|ohne|6|",
        }));
    }

    [Test]
    public void FromRows_KeysEqualOnlyWhenJoined_AreDistinct()
    {
        // Keys are compared cell by cell, so no separator inside a cell can make two keys one.
        var table = PublishedTable.FromRows(Counts, [[2024L, "01\u001fohne", "stadtbezirk", "x", 1L, ""], [2024L, "01", "stadtbezirk", "ohne\u001fx", 2L, ""]]);
        Assert.That(table.Rows, Has.Count.EqualTo(2));
    }

    [Test]
    public void FromRows_MeasureThatIsNoNumber_FailsNamingTheValueAndTheRow()
    {
        var ex = Assert.Throws<PipelineException>(() => PublishedTable.FromRows(Counts, [Row("zwölf", "")]));
        Assert.That(ex!.Message, Does.Contain("'zwölf' (String), not a number").And.Contain("row 1 (jahr=2024, bezirk=01, abschluss=ohne)"));
    }

    [Test]
    public void FromRows_EmptyKeyCell_FailsNamingTheColumn()
    {
        var ex = Assert.Throws<PipelineException>(() => PublishedTable.FromRows(Counts, [[2024L, null, "stadtbezirk", "ohne", 1L, ""]]));
        Assert.That(ex!.Message, Does.Contain("row 1 has no value in key column 'bezirk'"));
    }
}
