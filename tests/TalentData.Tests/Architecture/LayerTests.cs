using System.Reflection;
using NetArchTest.Rules;

namespace TalentData.Tests.Architecture;

/// <summary>
/// The layers of src/ look only down (docs/architecture.md): the manifest and vocabulary at the bottom, then the
/// warehouse, fetching and loading, then disclosure control, then publishing, then the runner; in the executable the
/// settings, then jobs and the atlas, then the web host, then the verbs. A folder may use the ones listed for it and
/// nothing else of the project; a new folder must be given its place here before it builds a cycle.
/// </summary>
public sealed class LayerTests
{
    const string Project = "TalentData.Project", Warehouse = "TalentData.Warehouse", Fetching = "TalentData.Fetching",
        Loading = "TalentData.Loading", Disclosure = "TalentData.Disclosure", Publishing = "TalentData.Publishing",
        Running = "TalentData.Running", Atlas = "TalentData.Atlas";

    const string CliSettings = "TalentData.Cli.Settings", CliJobs = "TalentData.Cli.Jobs", CliAtlas = "TalentData.Cli.Atlas",
        CliServe = "TalentData.Cli.Serve", CliWorker = "TalentData.Cli.Worker", CliSite = "TalentData.Cli.Site",
        CliCommands = "TalentData.Cli.Commands", CliSuggestions = "TalentData.Cli.Suggestions";

    static readonly string[] Library = [Project, Warehouse, Fetching, Loading, Disclosure, Publishing, Running, Atlas];

    /// <summary>Each folder of the library and of the executable with the folders it may use.</summary>
    static readonly Dictionary<string, string[]> MayUse = new()
    {
        [Project] = [],
        [Warehouse] = [Project],
        [Fetching] = [Project],
        [Loading] = [Project, Warehouse],
        [Disclosure] = [Project, Warehouse],
        [Publishing] = [Project, Warehouse, Fetching, Loading, Disclosure],
        [Running] = [Project, Warehouse, Fetching, Loading, Disclosure, Publishing],
        [Atlas] = [Project, Publishing],
        // The whole library lies below the executable.
        [CliSettings] = [.. Library],
        [CliJobs] = [CliSettings, .. Library],
        [CliAtlas] = [CliSettings, .. Library],
        // The citizens' suggestions: their pages in the atlas's layout, their queue in the dashboard that serve hosts.
        [CliSuggestions] = [CliSettings, CliAtlas, .. Library],
        [CliServe] = [CliSettings, CliJobs, CliAtlas, CliSuggestions, .. Library],
        // The worker is serve without the web host: the jobs and their settings only.
        [CliWorker] = [CliSettings, CliJobs, .. Library],
        // The static site crawls the atlas and /opendata as the web host maps them.
        [CliSite] = [CliSettings, CliAtlas, CliServe, CliSuggestions, .. Library],
        [CliCommands] = [CliSettings, CliServe, CliWorker, CliSite, .. Library],
    };

    static readonly Assembly LibraryAssembly = typeof(TalentData.Project.ProjectManifest).Assembly;
    static readonly Assembly Executable = typeof(TalentData.Cli.Settings.RepoLocation).Assembly;

    public static IEnumerable<TestCaseData> Layers() =>
        MayUse.Keys.Select(layer => new TestCaseData(layer).SetArgDisplayNames(layer));

    [TestCaseSource(nameof(Layers))]
    public void Layer_UsesOnlyTheLayersBelowIt(string layer)
    {
        var forbidden = MayUse.Keys.Where(other => other != layer && !MayUse[layer].Contains(other)).ToArray();
        var result = Types.InAssemblies([LibraryAssembly, Executable]).That().ResideInNamespace(layer)
            .ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
        Assert.That(result.FailingTypes?.Select(t => $"{t.FullName}: {t.Explanation}") ?? [], Is.Empty,
            $"{layer} may use only {string.Join(", ", MayUse[layer].DefaultIfEmpty("no other folder"))}");
    }

    [Test]
    public void EveryNamespaceOfSrc_HasItsPlaceInTheLayers()
    {
        var namespaces = LibraryAssembly.GetTypes().Concat(Executable.GetTypes())
            .Select(t => t.Namespace)
            .Where(n => n is not null && n.StartsWith("TalentData.", StringComparison.Ordinal) && !n.StartsWith("Microsoft", StringComparison.Ordinal))
            .Distinct()
            // The root namespaces hold what every layer may use (PipelineException) and the entry point (Program).
            .Where(n => n is not ("TalentData" or "TalentData.Cli"))
            .Where(n => !MayUse.Keys.Any(layer => n == layer || n!.StartsWith(layer + ".", StringComparison.Ordinal)))
            .ToList();
        Assert.That(namespaces, Is.Empty, "a folder without a place in LayerTests.MayUse");
    }

    /// <summary>The rule can fail: the runner does use publishing, and the check sees it.</summary>
    [Test]
    public void DependencyCheck_SeesARealDependency()
    {
        var result = Types.InAssembly(LibraryAssembly).That().ResideInNamespace(Running)
            .ShouldNot().HaveDependencyOnAny(Publishing).GetResult();
        Assert.That(result.IsSuccessful, Is.False);
        Assert.That(result.FailingTypes.Select(t => t.Name), Does.Contain("RunStages"));
    }
}
