using TalentData.Disclosure;
using TalentData.Publishing;

namespace TalentData.Tests.Publishing;

/// <summary>
/// Disclosure control remembers each protected cube-year by the fingerprint of its inputs: unchanged years are reused,
/// a year with one changed cell is protected afresh, and what comes out is always what a cold run gives. Not run in
/// parallel with other fixtures, which could fill the memo past its budget (and so empty it) between two calls here.
/// </summary>
[NonParallelizable]
public class DisclosureMemoTests
{
    static readonly string[] Abschluesse = ["hsa", "msa", "ohne"];

    // Test vector T1 of publishing.md §5.5 for 2024; another table for 2023. Values no other test uses, so the first call computes.
    static readonly long?[,] Year2023 = { { 41, 87, 14 }, { 33, 72, 22 }, { 27, 64, 19 } };
    static readonly long?[,] Year2024 = { { 40, 88, 12 }, { 35, 70, 2 }, { 28, 61, 9 } };

    static (PublishedTable Counts, DisclosureResult Result) Protect(long?[,] year2023, long?[,] year2024, int k = 3, AreaHierarchy? areas = null)
    {
        var definition = Toy.Load(Toy.CountsYaml).Single();
        var counts = Toy.Table(definition, [.. Toy.Counts(2023, Abschluesse, year2023), .. Toy.Counts(2024, Abschluesse, year2024)]);
        return (counts, DisclosureControl.Apply([counts], areas ?? Toy.Areas, k, Toy.CityKey));
    }

    static ProtectedCube Cube(DisclosureResult result, string year) => result.Cubes.Single(c => c.Year == year);

    /// <summary>The published rows as "jahr,bezirk,abschluss" of the suppressed ones.</summary>
    static string[] Suppressed(PublishedTable table) =>
        [.. table.Rows.Where(r => r[table.StatusIndex] == ".").Select(r => $"{r[0]},{r[table.IndexOf("bezirk")]},{r[table.IndexOf("abschluss")]}").Order(StringComparer.Ordinal)];

    [Test]
    public void Apply_SameInputsAgain_ReusesEveryCubeYearAndPublishesTheSamePattern()
    {
        var (first, firstResult) = Protect(Year2023, Year2024);
        var (again, againResult) = Protect(Year2023, Year2024);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Cube(againResult, "2023"), Is.SameAs(Cube(firstResult, "2023")), "2023 reused");
            Assert.That(Cube(againResult, "2024"), Is.SameAs(Cube(firstResult, "2024")), "2024 reused");
            Assert.That(Suppressed(again), Is.EqualTo(Suppressed(first)));
            Assert.That(again.Rows.Select(r => string.Join(";", r)), Is.EqualTo(first.Rows.Select(r => string.Join(";", r))), "the published rows");
        }
    }

    [Test]
    public void Apply_OneCellChanged_ProtectsOnlyItsYearAfreshAndEqualsAColdRun()
    {
        var (_, before) = Protect(Year2023, Year2024);
        var changed = (long?[,])Year2024.Clone();
        changed[0, 2] = 1; // 01,ohne: 12 becomes a small count
        var (warm, warmResult) = Protect(Year2023, changed);

        DisclosureControl.ForgetProtectedCubes();
        var (cold, coldResult) = Protect(Year2023, changed);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Cube(warmResult, "2023"), Is.SameAs(Cube(before, "2023")), "the unchanged year is reused");
            Assert.That(Cube(warmResult, "2024"), Is.Not.SameAs(Cube(before, "2024")), "the changed year is protected afresh");
            Assert.That(Cube(warmResult, "2024").Suppressed, Is.Not.EquivalentTo(Cube(before, "2024").Suppressed), "the change matters to the pattern");
            Assert.That(Cube(warmResult, "2024").Suppressed, Does.Contain("toy-abschluesse|2024|stadtbezirk:01|ohne"), "the new small count is secret");
            Assert.That(Suppressed(warm), Is.EqualTo(Suppressed(cold)), "the same pattern as a cold run");
            Assert.That(warm.Rows.Select(r => string.Join(";", r)), Is.EqualTo(cold.Rows.Select(r => string.Join(";", r))), "the same published rows as a cold run");
            Assert.That(Cube(coldResult, "2024").Lines.Select(l => l.Name), Is.EqualTo(Cube(warmResult, "2024").Lines.Select(l => l.Name)));
        }
    }

    [Test]
    public void Apply_ThresholdOrAreaHierarchyChanged_ReusesNothing()
    {
        var (_, k3) = Protect(Year2023, Year2024);
        var (_, k4) = Protect(Year2023, Year2024, k: 4);
        // The same tree with one name changed: a hierarchy is fingerprinted whole, names included.
        var renamed = AreaHierarchy.Of([
            new Area("land", "05", "Nordrhein-Westfalen", null, null),
            new Area("stadt", "05913000", "Dortmund", "land", "05"),
            new Area("stadtbezirk", "01", "Innenstadt-West", "stadt", "05913000"),
            new Area("stadtbezirk", "02", "Innenstadt-Nord", "stadt", "05913000"),
            new Area("stadtbezirk", "03", "Innenstadt Ost", "stadt", "05913000"),
        ]);
        var (_, otherAreas) = Protect(Year2023, Year2024, areas: renamed);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(k4.Cubes, Has.None.SameAs(Cube(k3, "2023")).And.None.SameAs(Cube(k3, "2024")), "another threshold");
            Assert.That(otherAreas.Cubes, Has.None.SameAs(Cube(k3, "2023")).And.None.SameAs(Cube(k3, "2024")), "another area hierarchy");
        }
    }
}
