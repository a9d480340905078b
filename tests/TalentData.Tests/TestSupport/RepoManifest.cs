using TalentData.Loading;
using TalentData.Project;

namespace TalentData.Tests.TestSupport;

/// <summary>
/// The repository's own project manifest, loaded once per test process. Loading it parses and cross-checks every
/// pipeline, model, check and dataset YAML (about 0.13 CPU-s each time); the fixtures that only read the repository's
/// definitions, and every cut-down copy (<see cref="ReducedProject"/>), share this one instead of loading their own.
/// Nobody may change it: a test that needs other definitions changes a copy of the project and loads that.
/// </summary>
public static class RepoManifest
{
    static readonly Lazy<ProjectManifest> Shared = new(() => ProjectManifest.Load(RepoPaths.Root, ReaderFormats.All), LazyThreadSafetyMode.ExecutionAndPublication);

    public static ProjectManifest Instance => Shared.Value;
}
