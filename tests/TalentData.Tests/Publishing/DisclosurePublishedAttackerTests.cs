using System.Diagnostics;
using System.Globalization;
using Dapper;
using TalentData.Tests.Disclosure;

namespace TalentData.Tests.Publishing;

/// <summary>
/// The independent attacker (<see cref="PublishedAttacker"/>) on the published CSV files of the sample run: every
/// dataset of the release at once, rounding intervals of every indicator, "." ≥ 1, integrality. Truth (which cells
/// are primary) comes from the warehouse snapshot's marts, nothing from the engine. On the engine before the "≥ 1"
/// knowledge this attacker pinned the non-German 15- to 17-year-olds of Syburg to [1, 2] (2022) and [1, 3] (2020,
/// 2021, 2024), as issue 11 reported.
/// </summary>
public class DisclosurePublishedAttackerTests
{
    const int K = 3;

    static SamplePublication Sample => SamplePublication.Instance;

    [Test]
    public void SamplePublication_AttackerOnAllPublishedFilesAtOnce_FindsNoPrimaryCellNarrowerThanK()
    {
        Assert.That(Sample.Report.Succeeded, Is.True, Sample.Report.Error);
        var clock = Stopwatch.StartNew();
        using var warehouse = TalentData.Warehouse.Warehouse.OpenReadOnly(Sample.Options.SnapshotPath);
        var areas = warehouse.Connection.Query<(string Level, string Code, string? ParentLevel, string? ParentCode)>(
            "select area_level, area_code, parent_level, parent_code from marts.areas").ToList();
        var datasets = Sample.Datasets.Where(d => d.Disclosure == "person_counts").ToList();

        // Truth per dataset: primary key → (value, status) from the mart the file was written from.
        var truth = new Dictionary<string, Dictionary<string, (long? Value, string Status)>>(StringComparer.Ordinal);
        foreach (var d in datasets.Where(d => d.Derived.Count == 0))
        {
            var keys = string.Join(", ", d.PrimaryKey.Select(k => $"cast({k} as varchar)"));
            truth[d.Dataset] = warehouse.Connection.Query<(string Key, long? Value, string? Status)>(
                    $"select concat_ws('|', {keys}), cast({d.Measure.Name} as bigint), {d.Status.Name} from {d.Mart}")
                .ToDictionary(r => r.Key, r => (r.Value, r.Status ?? ""), StringComparer.Ordinal);
        }
        (bool, long) IsPrimary(string dataset, IReadOnlyList<string> header, string[] row)
        {
            var d = datasets.Single(x => x.Dataset == dataset);
            var key = string.Join("|", d.PrimaryKey.Select(k => row[header.ToList().IndexOf(k)]));
            var (value, status) = truth[dataset][key];
            return (status == "." || value is > 0 and < K, value ?? -1);
        }

        var attacker = new PublishedAttacker(datasets.Select(d => (d, Sample.Bytes(d.Dataset, "data.csv"))), areas);
        // The self-check: every constraint holds at the true atomic cells of the marts.
        var atomic = new Dictionary<string, long?>(StringComparer.Ordinal);
        foreach (var d in datasets.Where(d => d.Derived.Count == 0))
        {
            var geo = d.ColumnWithRole("geo")!;
            var level = geo.LevelColumn is { } lc ? $"cast({lc} as varchar)" : $"'{geo.Level}'";
            var dims = d.Columns.Where(c => c.Role == "dimension").Select(c => $"cast({c.Name} as varchar)");
            foreach (var (key, value) in warehouse.Connection.Query<(string, long?)>(
                         $"select concat_ws('|', '{d.Dataset}', cast({d.ColumnWithRole("time")!.Name} as varchar), {level} || ':' || {geo.Name}, {string.Join(", ", dims)}), " +
                         $"cast({d.Measure.Name} as bigint) from {d.Mart}"))
                atomic[key] = value;
        }
        var primaries = attacker.Attack(IsPrimary, key => atomic.GetValueOrDefault(key));
        Assert.That(attacker.Violations.Take(20), Is.Empty, "the attacker's model must hold at the truth");
        clock.Stop();
        foreach (var group in primaries.GroupBy(p => p.Dataset))
            TestContext.Out.WriteLine($"{group.Key}: {group.Count()} primary cells checked, narrowest width {group.Min(p => p.Max is null ? long.MaxValue : p.Max - p.Min)}");
        TestContext.Out.WriteLine($"{primaries.Count} primary cells checked in {clock.Elapsed.TotalSeconds:0.0} s");
        using (Assert.EnterMultipleScope())
        {
            foreach (var p in primaries)
                Assert.That(p.IsProtected(K), p.ToString());
            Assert.That(primaries, Has.Count.GreaterThanOrEqualTo(70), "the sample data has small counts in every person-count dataset and year (79 when written)");
        }
    }
}
