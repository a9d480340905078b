using TalentData.Disclosure;
using TalentData.Publishing;

namespace TalentData.Tests.Publishing;

/// <summary>
/// The years of a cube are protected in parallel: each comes out as if protected alone, they are reported in year
/// order, and a cube that fails is withheld with the message of its first failing year, whichever finished first.
/// Not run in parallel with other fixtures: it empties the memo of protected cube-years to compare with fresh runs.
/// </summary>
[NonParallelizable]
public class DisclosureYearsTests
{
    static readonly string[] Abschluesse = ["hsa", "msa", "ohne"];

    // Values no other test uses: a small count in a different place each year, so the patterns differ by year.
    static readonly Dictionary<int, long?[,]> Years = new()
    {
        [2019] = new long?[,] { { 51, 97, 2 }, { 45, 80, 31 }, { 38, 71, 29 } },
        [2020] = new long?[,] { { 52, 96, 33 }, { 1, 81, 30 }, { 37, 72, 28 } },
        [2021] = new long?[,] { { 53, 95, 34 }, { 44, 2, 29 }, { 36, 73, 27 } },
        [2022] = new long?[,] { { 54, 94, 35 }, { 43, 83, 28 }, { 35, 74, 1 } },
        [2023] = new long?[,] { { 55, 93, 36 }, { 42, 84, 27 }, { 34, 75, 26 } },
    };

    static PublishedTable Counts(IEnumerable<int> years, Action<int, List<object?[]>>? change = null)
    {
        var definition = Toy.Load(Toy.CountsYaml).Single();
        var rows = new List<object?[]>();
        foreach (var year in years)
        {
            var ofYear = Toy.Counts(year, Abschluesse, Years[year]);
            change?.Invoke(year, ofYear);
            rows.AddRange(ofYear);
        }
        return Toy.Table(definition, rows);
    }

    static string[] Rows(PublishedTable table) => [.. table.Rows.Select(r => string.Join(";", r))];

    [Test]
    public void Apply_SeveralYears_EachYearAsIfProtectedAloneAndReportedInYearOrder()
    {
        DisclosureControl.ForgetProtectedCubes();
        var together = Counts(Years.Keys.Reverse());
        var result = DisclosureControl.Apply([together], Toy.Areas, 3, Toy.CityKey);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Withheld, Is.Empty);
            Assert.That(result.Cubes.Select(c => c.Year), Is.EqualTo(new[] { "2019", "2020", "2021", "2022", "2023" }), "year order");
            foreach (var year in Years.Keys)
            {
                DisclosureControl.ForgetProtectedCubes();
                var alone = Counts([year]);
                var aloneResult = DisclosureControl.Apply([alone], Toy.Areas, 3, Toy.CityKey);
                var key = year.ToString(System.Globalization.CultureInfo.InvariantCulture);
                Assert.That(result.Cubes.Single(c => c.Year == key).Suppressed, Is.EquivalentTo(aloneResult.Cubes.Single().Suppressed), $"{year}'s pattern");
                Assert.That(Rows(together).Where(r => r.StartsWith(key + ";", StringComparison.Ordinal)), Is.EqualTo(Rows(alone)), $"{year}'s published rows");
            }
            Assert.That(result.Cubes.Single(c => c.Year == "2023").Suppressed, Is.Empty, "a year without a small count keeps every cell");
            Assert.That(result.Cubes.Single(c => c.Year == "2020").Suppressed, Does.Contain("toy-abschluesse|2020|stadtbezirk:02|hsa"));
        }
    }

    [Test]
    public void Apply_TwoYearsFail_WithholdsTheCubeWithTheFirstFailingYearsMessage()
    {
        DisclosureControl.ForgetProtectedCubes();
        // 2021 and 2023 do not add up (district 01's total is 5 too high); either may finish first.
        var table = Counts(Years.Keys, (year, rows) =>
        {
            if (year is 2021 or 2023)
                rows[Abschluesse.Length][4] = (long)rows[Abschluesse.Length][4]! + 5;
        });
        var result = DisclosureControl.Apply([table], Toy.Areas, 3, Toy.CityKey);

        Assert.That(result.Withheld.GetValueOrDefault("toy-abschluesse"), Does.Contain("toy-abschluesse|2021|").And.Not.Contain("|2023|"));
    }
}
