using TalentData.Disclosure;
using TalentData.Publishing;

namespace TalentData.Tests.Publishing;

/// <summary>Disclosure control over small declared datasets: the rule set of publishing.md §5.4 through the publishing layer.</summary>
public class DisclosureControlTests
{
    static readonly string[] Abschluesse = ["hsa", "msa", "ohne"];

    // Test vector T1 of publishing.md §5.5 (columns in canonical order: hsa, msa, ohne).
    static readonly long?[,] T1 = { { 40, 88, 12 }, { 35, 70, 2 }, { 28, 61, 9 } };

    static (PublishedTable Counts, PublishedTable? Indicators, DisclosureResult Result) Protect(long?[,] interior, int k = 3,
        string? countsYaml = null, IEnumerable<object?[]>? indicatorRows = null, bool shuffle = false, string? indicatorsYaml = null)
    {
        var definitions = indicatorRows is null
            ? Toy.Load(countsYaml ?? Toy.CountsYaml)
            : Toy.Load(countsYaml ?? Toy.CountsYaml, indicatorsYaml ?? Toy.IndicatorsYaml);
        var rows = Toy.Counts(2024, Abschluesse, interior);
        if (shuffle)
            rows = [.. rows.OrderBy(r => r[3]).ThenByDescending(r => r[1])];
        var counts = Toy.Table(definitions.Single(d => d.Dataset == "toy-abschluesse"), rows);
        var tables = new Dictionary<string, PublishedTable> { ["toy-abschluesse"] = counts };
        PublishedTable? indicators = null;
        if (indicatorRows is not null)
            tables["toy-indikatoren"] = indicators = Toy.Table(definitions.Single(d => d.Dataset == "toy-indikatoren"), indicatorRows);
        return (counts, indicators, DisclosureControl.Apply(tables.Values, Toy.Areas, k, Toy.CityKey));
    }

    static object?[] Indicator(string indicator, string level, string area, decimal? value, string status = "") =>
        [indicator, level, area, 2024L, value, status];

    [Test]
    public void Apply_TestVectorT1AsADataset_SuppressesExactlyTheExpectedCells()
    {
        var (counts, _, result) = Protect(T1);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Withheld, Is.Empty);
            Assert.That(Toy.Suppressed(counts), Is.EqualTo(new[] { "02,hsa", "02,ohne", "03,hsa", "03,ohne" }));
            Assert.That(counts.Rows.Where(r => r[counts.StatusIndex] == ".").Select(r => r[counts.MeasureIndex]), Is.All.Empty, "no value behind a '.'");
            Assert.That(Toy.PrimaryRanges(result).Single(), Is.EqualTo(("toy-abschluesse|2024|stadtbezirk:02|ohne", 1L, (long?)10L)), "T1: [1, 10], a '.' is at least 1");
        }
    }

    [Test]
    public void Apply_RowsInAnotherOrder_GivesTheSamePattern()
    {
        var (inOrder, _, _) = Protect(T1);
        var (shuffled, _, _) = Protect(T1, shuffle: true);
        Assert.That(Toy.Suppressed(shuffled), Is.EqualTo(Toy.Suppressed(inOrder)));
    }

    [Test]
    public void Apply_HigherThreshold_TreatsLargerCountsAsSmall()
    {
        var (counts, _, result) = Protect(T1, k: 13);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Toy.Suppressed(counts), Does.Contain("01,ohne"), "12 < 13");
            Assert.That(Toy.PrimaryRanges(result, 13).Select(r => r.Cell), Has.Exactly(3).Items, "2, 9 and 12");
            foreach (var (cell, min, max) in Toy.PrimaryRanges(result, 13))
                Assert.That(max is null || max >= 13 && max - min >= 13, $"{cell}: [{min}, {max}]");
        }
    }

    [Test]
    public void Apply_ForcedCells_AreNeverChosenAsPartners()
    {
        // (03, ohne) = 9 is T1's partner of choice; declared as published by the source, the pattern must go elsewhere.
        var yaml = Toy.CountsYaml.Replace("disclosure: person_counts\n", "disclosure: person_counts\nforced:\n  - { bezirk: [\"03\"], abschluss: [ohne] }\n");
        var (counts, _, result) = Protect(T1, countsYaml: yaml);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Toy.Suppressed(counts), Does.Not.Contain("03,ohne"));
            Assert.That(Toy.Suppressed(counts), Does.Contain("02,ohne"));
            foreach (var (cell, min, max) in Toy.PrimaryRanges(result))
                Assert.That(max is null || max >= 3 && max - min >= 3, $"{cell}: [{min}, {max}]");
        }
    }

    [Test]
    public void Apply_CellTheSourceSuppressed_StaysSecretWithEverySumOverIt()
    {
        long?[,] withSecret = { { 40, 88, 12 }, { 35, 70, null }, { 28, 61, 9 } };
        var (counts, _, result) = Protect(withSecret);
        var suppressed = Toy.Suppressed(counts);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Withheld, Is.Empty);
            Assert.That(suppressed, Does.Contain("02,ohne").And.Contain("02,insgesamt").And.Contain("05913000,ohne"), "unknown, and every sum over it");
            // Its row and column totals are unknown too (no sum over an unknown is computed), so the attacker has no
            // upper bound for it: no partner is needed (R5), and the clean-up publishes the one R3 chose.
            Assert.That(Toy.PrimaryRanges(result).Where(r => r.Cell.Contains("|02|ohne", StringComparison.Ordinal)).Select(r => r.Max), Is.All.Null);
        }
    }

    [Test]
    public void Apply_ShareWhoseNumeratorIsSuppressed_IsSuppressedWithIt()
    {
        object?[][] indicators =
        [
            Indicator("anteil_ohne", "stadtbezirk", "01", 8.6m), Indicator("anteil_ohne", "stadtbezirk", "02", 1.9m),
            Indicator("anteil_ohne", "stadtbezirk", "03", 9.2m), Indicator("anteil_ohne", "stadt", "05913000", 6.7m),
            Indicator("abgaenge", "stadtbezirk", "02", 107m), Indicator("quote", "stadtbezirk", "02", 1.0m),
            Indicator("abgaenge", "land", "05", 150000m),
        ];
        var (_, table, result) = Protect(T1, indicatorRows: indicators);
        string Status(string indicator, string area) =>
            table!.Rows.Single(r => r[table.IndexOf("indikator")] == indicator && r[table.IndexOf("bezirk")] == area)[table.StatusIndex];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Withheld, Is.Empty);
            Assert.That(Status("anteil_ohne", "02"), Is.EqualTo("."), "numerator 2");
            Assert.That(Status("anteil_ohne", "03"), Is.EqualTo("."), "numerator 9 is a secondary cell");
            Assert.That(Status("anteil_ohne", "01"), Is.EqualTo(""));
            Assert.That(Status("anteil_ohne", "05913000"), Is.EqualTo(""));
            Assert.That(Status("abgaenge", "02"), Is.EqualTo(""), "the district total is published in both datasets");
            Assert.That(Status("quote", "02"), Is.EqualTo(""), "as_published: the source's own value");
            Assert.That(Status("abgaenge", "05"), Is.EqualTo(""), "NRW is outside the city's cube");
        }
    }

    [Test]
    public void Apply_ShareOverABaseBelowTwenty_IsMarkedNotReliable()
    {
        long?[,] small = { { 3, 5, 8 }, { 35, 70, 20 }, { 28, 61, 9 } };
        var (_, table, _) = Protect(small, indicatorRows: [Indicator("anteil_ohne", "stadtbezirk", "01", 50.0m)]);
        Assert.That(table!.Rows.Single()[table.StatusIndex], Is.EqualTo("/"));
        Assert.That(table.Rows.Single()[table.MeasureIndex], Is.Empty);
    }

    [Test]
    public void Apply_IndicatorWithoutADisclosureRule_WithholdsTheDatasetNamingIt()
    {
        var (_, _, result) = Protect(T1, indicatorRows: [Indicator("anteil_ohne", "stadtbezirk", "01", 8.6m), Indicator("neu", "stadtbezirk", "01", 1m)],
            indicatorsYaml: Toy.IndicatorsYaml.Replace("      quote:", "      neu: { unit: \"%\", decimals: 1 }\n      quote:"));
        Assert.That(result.Withheld["toy-indikatoren"], Does.Contain("'neu'").And.Contain("derived:").And.Contain("as_published:"));
    }

    [Test]
    public void Apply_IndicatorSelectingACategoryTheCountsDoNotHave_WithholdsItNamingTheRowAndTheCategory()
    {
        var yaml = Toy.IndicatorsYaml.Replace("select: { abschluss: [ohne] }", "select: { abschluss: [keiner] }");
        var (_, _, result) = Protect(T1, indicatorRows: [Indicator("anteil_ohne", "stadtbezirk", "01", 8.6m)], indicatorsYaml: yaml);
        Assert.That(result.Withheld["toy-indikatoren"], Does.Contain("abschluss 'keiner', which toy-abschluesse does not have")
            .And.Contain("anteil_ohne").And.Contain("01"));
    }

    [Test]
    public void Apply_IndicatorOfAYearTheCountsDoNotHave_WithholdsItNamingTheRowAndTheYear()
    {
        object?[] row = ["anteil_ohne", "stadtbezirk", "01", 2023L, 8.6m, ""];
        var (_, _, result) = Protect(T1, indicatorRows: [row]);
        Assert.That(result.Withheld["toy-indikatoren"], Does.Contain("reveals a count of toy-abschluesse for 2023, a year toy-abschluesse does not have")
            .And.Contain("anteil_ohne"));
    }

    [Test]
    public void Apply_ForcedCellsEverywhere_WithholdsTheDatasetWithTheEnginesReason()
    {
        var yaml = Toy.CountsYaml.Replace("disclosure: person_counts\n", "disclosure: person_counts\nforced:\n  - { abschluss: [hsa, msa, ohne, insgesamt] }\n");
        var (_, _, result) = Protect(T1, countsYaml: yaml);
        Assert.That(result.Withheld["toy-abschluesse"], Does.StartWith("Disclosure control cannot protect table").And.Contain("Change the aggregation"));
    }
}
