using TalentData.Running;
using System.Text;
using System.Text.Json.Nodes;
using TalentData.Project;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Publishing;

/// <summary>
/// Release folders, the latest link, changes.json and the last good publication, over the small transitions pipeline.
/// The runs are made on the project cut down to that pipeline (<see cref="RepoCopy.Reduced"/>): what is released is
/// decided per dataset, and the datasets of the other sources, never loaded in these runs, would only add models,
/// checks and datasets that are not published.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class ReleaseTests
{
    const string Pipeline = "dortmund_school_transitions";
    const string Dataset = "uebergaenge-weiterfuehrende-schulen";
    static readonly UTF8Encoding Bom = new(true);

    static RunReport Run(RepoCopy copy, TimeProvider clock) => new PipelineRunner(copy.Options(Pipeline), clock).Run();

    /// <summary>Every file and link under data/exports: relative path, then the bytes or the link target.</summary>
    static SortedDictionary<string, string> Tree(string exports)
    {
        var tree = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in new DirectoryInfo(exports).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            var path = Path.GetRelativePath(exports, entry.FullName);
            if (entry.LinkTarget is { } target)
                tree[path] = "-> " + target;
            else if (entry is FileInfo file && !path.Contains($"latest{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                tree[path] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file.FullName)));
        }
        return tree;
    }

    static string Exports(RepoCopy copy) => Path.Combine(copy.Data, "exports");

    static void EditTransitions(RepoCopy copy, Func<string, string> edit)
    {
        var sample = copy.Sample("dortmund_school_transitions/transitions.csv");
        File.WriteAllText(sample, edit(File.ReadAllText(sample)), Bom);
    }

    static JsonNode Changes(RepoCopy copy) => JsonNode.Parse(File.ReadAllBytes(copy.Export(Dataset, "changes.json")))!;

    [Test]
    public void Run_SameInputNextDay_WritesNoReleaseAndLeavesEveryFileAsItWas()
    {
        using var copy = RepoCopy.Reduced(Pipeline);
        var clock = new FixedClock();
        Assert.That(Run(copy, clock).Succeeded, Is.True);
        var before = Tree(Exports(copy));
        clock.Now = clock.Now.AddDays(1);
        // With every dataset of the cut-down project in place, a plain run of the same inputs would keep the publication
        // without reaching the publish stage; --full makes it publish again, which must find nothing new to release.
        var second = new PipelineRunner(copy.Options(Pipeline) with { Full = true }, clock).Run();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(second.Succeeded, Is.True, second.Error);
            // The programme directory reads no source, only sql/reference: every run publishes it (unchanged here).
            Assert.That(second.Published, Is.EqualTo(new[] { "programme-partner", Dataset }));
            Assert.That(Tree(Exports(copy)), Is.EqualTo(before), "no new release, the same latest link, the same catalogue");
            Assert.That(before.Keys, Does.Contain($"{Dataset}/2026-11-26/data.csv").And.Contain("catalog.jsonld"));
            Assert.That(before[$"{Dataset}/latest"], Is.EqualTo("-> 2026-11-26"));
        }
    }

    [Test]
    public void Run_TwoFreshDataFolders_PublishByteIdenticalFiles()
    {
        var sample = SamplePublication.Instance;
        using var data = new TempDir();
        var report = new PipelineRunner(new RunOptions(RepoPaths.Root, data.Path, []) { Publish = sample.Options.Publish }, new FixedClock()).Run();
        Assert.That(report.Succeeded, Is.True, report.Error);
        var first = Tree(sample.Exports);
        var datasets = sample.Datasets.Count;
        Assert.That(first, Has.Count.GreaterThan(datasets * 6), $"{datasets} datasets with five files and a link each, and the catalogue");
        Assert.That(Tree(Path.Combine(data.Path, "exports")), Is.EqualTo(first));
    }

    [Test]
    public void Run_RevisedValueSameDay_WritesASecondReleaseWithItsChangesAndKeepsTheFirst()
    {
        using var copy = RepoCopy.Reduced(Pipeline);
        var clock = new FixedClock();
        Assert.That(Run(copy, clock).Succeeded, Is.True);
        var firstRelease = Tree(Exports(copy)).Where(p => p.Key.StartsWith($"{Dataset}/2026-11-26/", StringComparison.Ordinal)).ToList();
        var firstCatalog = JsonNode.Parse(File.ReadAllBytes(Path.Combine(Exports(copy), "catalog.jsonld")))!;

        EditTransitions(copy, text => text.Replace("2023/24;10;Innenstadt-West;Gymnasium;", "2023/24;10;Innenstadt-West;Gymnasium;1"));
        clock.Now = clock.Now.AddHours(3);
        var report = Run(copy, clock);
        Assert.That(report.Succeeded, Is.True, report.Error);
        var tree = Tree(Exports(copy));
        var changes = Changes(copy);
        var catalog = JsonNode.Parse(File.ReadAllBytes(Path.Combine(Exports(copy), "catalog.jsonld")))!;
        JsonNode DatasetNode(JsonNode c) => c["@graph"]!.AsArray().Single(n => n!["dct:identifier"]?.GetValue<string>() == Dataset)!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(tree[$"{Dataset}/latest"], Is.EqualTo("-> 2026-11-26.2"));
            Assert.That(firstRelease.All(p => tree[p.Key] == p.Value), Is.True, "the first release is never rewritten");
            Assert.That(changes["release"]!.GetValue<string>(), Is.EqualTo("2026-11-26.2"));
            Assert.That(changes["previous_release"]!.GetValue<string>(), Is.EqualTo("2026-11-26"));
            Assert.That(changes["new_periods"]!.AsArray(), Is.Empty);
            var revised = changes["revised_values"]!.AsArray().Select(r => r!["key"]!.ToJsonString()).ToList();
            Assert.That(revised, Does.Contain("""{"jahr":"2024","gebiet_nr":"10","schulform":"gymnasium"}""")
                .And.Contain("""{"jahr":"2024","gebiet_nr":"05913000","schulform":"insgesamt"}"""), "the cell and its totals");
            Assert.That(DatasetNode(catalog)["@id"]!.ToJsonString(), Is.EqualTo(DatasetNode(firstCatalog)["@id"]!.ToJsonString()));
            Assert.That(DatasetNode(catalog)["dct:modified"]!.GetValue<string>(), Is.EqualTo("2026-11-26T09:00:00Z"));
            Assert.That(DatasetNode(catalog)["dct:issued"]!.GetValue<string>(), Is.EqualTo("2026-11-26T06:00:00Z"));
            Assert.That(DatasetNode(catalog)["dcat:distribution"]!.ToJsonString().Replace("09:00:00", "06:00:00"),
                Does.Contain(DatasetNode(firstCatalog)["dcat:distribution"]![0]!["@id"]!.ToJsonString()), "distribution ids are stable");
        }
    }

    [Test]
    public void Run_NewSchoolYearDelivered_ChangesListTheNewPeriod()
    {
        using var copy = RepoCopy.Reduced(Pipeline);
        var sample = copy.Sample("dortmund_school_transitions/transitions.csv");
        var full = File.ReadAllText(sample);
        EditTransitions(copy, text => string.Join("\r\n", text.Split("\r\n").Where(l => !l.StartsWith("2023/24;", StringComparison.Ordinal))));
        var clock = new FixedClock();
        Assert.That(Run(copy, clock).Succeeded, Is.True);
        File.WriteAllText(sample, full, Bom);
        clock.Now = clock.Now.AddDays(30);
        Assert.That(Run(copy, clock).Succeeded, Is.True);
        var changes = Changes(copy);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(changes["release"]!.GetValue<string>(), Is.EqualTo("2026-12-26"));
            Assert.That(changes["new_periods"]!.AsArray().Select(p => p!.GetValue<string>()), Is.EqualTo(new[] { "2024" }));
            Assert.That(changes["revised_values"]!.AsArray(), Is.Empty);
            Assert.That(changes["newly_suppressed"]!.AsArray(), Is.Empty, "rows of a new year are new rows, not newly suppressed ones");
            Assert.That(changes["schema_changes"]!.AsArray(), Is.Empty);
        }
    }

    [Test]
    public void Run_FailingCheck_LeavesLatestAndItsFilesByteIdentical()
    {
        using var copy = RepoCopy.Reduced(Pipeline);
        var clock = new FixedClock();
        Assert.That(Run(copy, clock).Succeeded, Is.True);
        var before = Tree(Exports(copy));
        var latestBytes = Directory.GetFiles(Path.Combine(Exports(copy), Dataset, "latest")).Order().Select(File.ReadAllBytes).ToList();

        EditTransitions(copy, text => text.Replace("2023/24;10;Innenstadt-West;", "2023/24;99;Innenstadt-West;"));
        clock.Now = clock.Now.AddDays(1);
        var report = Run(copy, clock);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Succeeded, Is.False);
            Assert.That(report.Withheld, Has.Some.Contains($"{Dataset}: check core_fct_school_transitions__area_code_known__stadtbezirk_code failed"));
            Assert.That(Tree(Exports(copy)), Is.EqualTo(before));
            Assert.That(Directory.GetFiles(Path.Combine(Exports(copy), Dataset, "latest")).Order().Select(File.ReadAllBytes), Is.EqualTo(latestBytes));
        }
    }

    [Test]
    public void Run_TableThatCannotBeProtected_IsWithheldWithTheReasonAndLatestStays()
    {
        using var copy = RepoCopy.Reduced(Pipeline);
        var clock = new FixedClock();
        Assert.That(Run(copy, clock).Succeeded, Is.True);
        var before = Tree(Exports(copy));
        // Declaring every cell published elsewhere leaves the small counts no partner to hide behind.
        var yaml = Path.Combine(copy.Root, "sql", "marts", "uebergaenge_weiterfuehrende_schulen.yaml");
        File.WriteAllText(yaml, File.ReadAllText(yaml).Replace("disclosure: person_counts\n",
            "disclosure: person_counts\nforced:\n  - { schulform: [insgesamt, gymnasium, gesamtschule, realschule, sekundarschule, hauptschule, foerderschule] }\n"));
        clock.Now = clock.Now.AddDays(1);
        var report = Run(copy, clock);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Succeeded, Is.False);
            Assert.That(report.Published, Is.EqualTo(new[] { "programme-partner" }), "only the directory, which reads no source, unchanged");
            Assert.That(report.Withheld.Single(), Does.StartWith($"{Dataset}: Disclosure control cannot protect table")
                .And.Contain("Change the aggregation").And.EndWith("the last good publication stays"));
            Assert.That(Tree(Exports(copy)), Is.EqualTo(before));
        }
    }
}
