using TalentData.Cli.Settings;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Cities;

/// <summary>
/// `serve --city` and `worker --city` run a city on its own folder, data folder and, on a shared PostgreSQL, its own
/// Hangfire schema: in one schema a worker of one city would take the other city's source jobs and run them on its own
/// project, and both cities have a job "run:all".
/// </summary>
public class CityHostArgumentsTests
{
    static readonly string CityFolder = Path.Combine(RepoPaths.Root, "cities", "musterstadt");
    static string? NoEnvironment(string name) => null;

    [Test]
    public void City_GetsItsFolderItsDataFolderAndItsOwnHangfireSchema()
    {
        var arguments = RepoLocation.CityHostArguments(CityFolder, null, ["--Hangfire:Storage=postgres"], NoEnvironment);

        Assert.That(arguments, Is.EqualTo(new[]
        {
            $"--RepoRoot={CityFolder}",
            $"--DataDir={Path.Combine(RepoPaths.Root, "data", "cities", "musterstadt")}",
            "--Hangfire:Schema=hangfire_musterstadt",
        }));
    }

    [Test]
    public void SchemaSetByTheOperator_OnTheCommandLineOrInTheEnvironment_IsKept()
    {
        var onTheLine = RepoLocation.CityHostArguments(CityFolder, "/srv/m", ["--Hangfire:Schema=jobs_m"], NoEnvironment);
        var inTheEnvironment = RepoLocation.CityHostArguments(CityFolder, "/srv/m", [],
            name => name == "TalentData__Hangfire__Schema" ? "jobs_m" : null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(onTheLine, Is.EqualTo(new[] { $"--RepoRoot={CityFolder}", "--DataDir=/srv/m" }));
            Assert.That(inTheEnvironment, Is.EqualTo(new[] { $"--RepoRoot={CityFolder}", "--DataDir=/srv/m" }));
        }
    }

    [Test]
    public void FolderWithoutCityYaml_IsRefusedNamingTheFolder()
    {
        using var dir = new TempDir();

        var ex = Assert.Throws<TalentData.PipelineException>(() => RepoLocation.CityHostArguments(dir.Path, null, [], NoEnvironment));

        Assert.That(ex!.Message, Does.Contain($"--city {dir.Path}").And.Contain("config/city.yaml").And.Contain("found none"));
    }
}
