using TalentData.Project;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Project;

public class ModelDefinitionTests
{
    [Test]
    public void LoadAll_Repository_EveryModelHasItsYamlWithADescription()
    {
        var definitions = ModelDefinition.LoadAll(RepoPaths.Sql);
        var models = new[] { "staging", "core", "marts" }
            .SelectMany(l => Directory.GetFiles(Path.Combine(RepoPaths.Sql, l), "*.sql", SearchOption.AllDirectories)).Count();
        Assert.That(definitions, Has.Count.EqualTo(models));
        Assert.That(definitions.Where(d => d.Dataset is not null).Select(d => d.Model), Does.Contain("marts.schulabgaenge_abschluss_stadtbezirke"));
    }

    [Test]
    public void LoadAll_ModelWithoutYaml_FailsNamingTheFile()
    {
        using var dir = new TempDir();
        dir.File("core/fct_a.sql", "select 1 as x");
        var ex = Assert.Throws<PipelineException>(() => ModelDefinition.LoadAll(dir.Path));
        Assert.That(ex!.Message, Does.StartWith("sql/core/fct_a.sql has no fct_a.yaml beside it"));
    }

    [Test]
    public void LoadAll_LeftoverChecksYaml_FailsNamingIt()
    {
        using var dir = new TempDir();
        dir.File("core/fct_a.sql", "select 1 as x");
        dir.File("core/fct_a.yaml", "description: A.\n");
        dir.File("core/fct_a.checks.yaml", "checks: []\n");
        var ex = Assert.Throws<PipelineException>(() => ModelDefinition.LoadAll(dir.Path));
        Assert.That(ex!.Message, Does.StartWith("sql/core/fct_a.checks.yaml: there is no model fct_a.checks.sql beside it"));
    }

    [Test]
    public void LoadAll_UnknownKey_FailsNamingFileAndLine()
    {
        using var dir = new TempDir();
        dir.File("core/fct_a.sql", "select 1 as x");
        dir.File("core/fct_a.yaml", "description: A.\ncolumns:\n  - { name: x, descripton: typo }\n");
        var ex = Assert.Throws<PipelineException>(() => ModelDefinition.LoadAll(dir.Path));
        Assert.That(ex!.Message, Does.StartWith("sql/core/fct_a.yaml, line 3").And.Contain("descripton"));
    }

    [Test]
    public void LoadAll_DatasetYamlWithChecksAndTests_ReadsThemAndTheDatasetStaysStrict()
    {
        using var dir = new TempDir();
        dir.File("marts/toy.sql", "select 2023 as jahr, 1 as anzahl, '' as status");
        const string dataset = """
            dataset: toy
            title: Toy
            description: Toy counts.
            theme: schule
            disclosure: none
            primary_key: [jahr]
            columns:
              - { name: jahr, title: Jahr, type: year, role: time }
              - { name: anzahl, title: Anzahl, type: integer, role: measure, decimals: 0 }
              - { name: status, title: Status, type: string, role: status }
            checks:
              - { type: range, column: anzahl, min: 0 }
            tests:
              - { name: one_row, given: {}, expect: [{ jahr: 2023 }] }

            """;
        dir.File("marts/toy.yaml", dataset);
        var toy = ModelDefinition.LoadAll(dir.Path).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(toy.Dataset!.Dataset, Is.EqualTo("toy"));
            Assert.That(toy.Description, Is.EqualTo("Toy counts."));
            Assert.That(toy.CheckQueries().Single().Name, Is.EqualTo("marts_toy__range__anzahl"));
            Assert.That(toy.Tests.Single().Name, Is.EqualTo("one_row"));
        }
        dir.File("marts/toy.yaml", dataset + "test: []\n");
        var ex = Assert.Throws<PipelineException>(() => ModelDefinition.LoadAll(dir.Path));
        Assert.That(ex!.Message, Does.Contain("toy.yaml, line 15"));
    }
}
