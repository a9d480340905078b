using TalentData.Project;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Project;

public class ModelDefinitionTests
{
    [Test]
    public void LoadAll_Repository_EveryModelHasItsYamlWithADescription()
    {
        var definitions = ModelDefinition.LoadAll(RepoPaths.Sql);
        var models = new[] { "staging", "inputs", "core", "marts" }
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

    const string FactChecks = """
        checks:
          - { type: area_code_known, column: stadtbezirk_code, level: stadtbezirk }
          - { type: unique, columns: [year, stadtbezirk_code] }
          - { type: not_negative, columns: [n] }

        """;

    static PipelineException LoadFails(TempDir dir, string model, string yaml)
    {
        dir.File($"{model}.sql", "select 2023 as year, '10' as stadtbezirk_code, 1 as n");
        dir.File($"{model}.yaml", "description: A.\n" + yaml);
        return Assert.Throws<PipelineException>(() => ModelDefinition.LoadAll(dir.Path))!;
    }

    [TestCase("area_code_known", "{ type: area_code_known, column: stat_bezirk_code, level: statistischer_bezirk }")]
    [TestCase("unique", "{ type: unique, columns: [")]
    [TestCase("not_negative", "{ type: not_negative, columns: [")]
    public void LoadAll_FactWithoutACheckEveryFactNeeds_FailsNamingTheCheckAndHowToAddIt(string type, string example)
    {
        using var dir = new TempDir();
        var yaml = string.Join("\n", FactChecks.Split('\n').Where(l => !l.Contains($"type: {type},")));
        var ex = LoadFails(dir, "core/fct_new", yaml);
        Assert.That(ex.Message, Does.StartWith($"sql/core/fct_new.yaml: a fact declares the checks every fact needs (area_code_known, unique, not_negative); '{type}' is missing.")
            .And.Contain(example).And.Contain($"{{ type: {type}, opt_out: <reason> }}"));
    }

    [Test]
    public void LoadAll_FactOptingOutWithAReason_LoadsAndDoesNotRunTheCheck()
    {
        using var dir = new TempDir();
        dir.File("core/fct_new.sql", "select 2023 as year, 1 as n");
        dir.File("core/fct_new.yaml", "description: A.\n" + FactChecks.Replace(
            "{ type: area_code_known, column: stadtbezirk_code, level: stadtbezirk }", "{ type: area_code_known, opt_out: \"the city's totals only, no area column\" }"));
        var fact = ModelDefinition.LoadAll(dir.Path).Single();
        Assert.That(fact.CheckQueries().Select(q => q.Name), Is.EqualTo(new[] { "core_fct_new__unique__year_stadtbezirk_code", "core_fct_new__not_negative__n" }));
    }

    [TestCase("{ type: area_code_known, opt_out: \"\" }", "opt_out needs the reason the check cannot apply")]
    [TestCase("{ type: area_code_known, column: stadtbezirk_code, opt_out: no areas }", "an opted-out check declares nothing else")]
    [TestCase("{ type: not_null, columns: [year], opt_out: no areas }", "opt_out is only for the checks every fact must declare (area_code_known, unique, not_negative)")]
    public void LoadAll_OptOutWithoutReasonWithSettingsOrOfAnotherCheck_FailsNamingTheFile(string check, string message)
    {
        using var dir = new TempDir();
        var ex = LoadFails(dir, "core/fct_new", FactChecks + $"  - {check}\n");
        Assert.That(ex.Message, Does.StartWith("sql/core/fct_new.yaml: check ").And.Contain(message));
    }

    [Test]
    public void LoadAll_OptOutOnAModelThatIsNotAFact_FailsSayingToLeaveTheCheckOut()
    {
        using var dir = new TempDir();
        var ex = LoadFails(dir, "core/int_new", "checks:\n  - { type: unique, opt_out: no key }\n");
        Assert.That(ex.Message, Does.StartWith("sql/core/int_new.yaml: check 'unique': opt_out is for the checks every fact must declare; core.int_new is not a fact"));
    }

    [TestCase("{ type: area_code_known, column: stadtbezirk_code }")]
    [TestCase("{ type: area_code_known, column: stadtbezirk_code, level: stadtbezirk, level_column: area_level }")]
    [TestCase("{ type: area_code_known, level: stadtbezirk }")]
    public void LoadAll_AreaCodeKnownWithoutColumnOrWithoutExactlyOneLevel_FailsSayingWhatItNeeds(string check)
    {
        using var dir = new TempDir();
        var ex = LoadFails(dir, "marts/toy", $"checks:\n  - {check}\n");
        Assert.That(ex.Message, Is.EqualTo("sql/marts/toy.yaml: check 'area_code_known': needs 'column' (the area code) and either 'level' " +
            "(one level of marts.areas for every row) or 'level_column' (the column holding each row's level)."));
    }

    [Test]
    public void LoadAll_NotNegativeWithoutColumns_FailsSayingWhatItNeeds()
    {
        using var dir = new TempDir();
        var ex = LoadFails(dir, "marts/toy", "checks:\n  - { type: not_negative, column: n }\n");
        Assert.That(ex.Message, Is.EqualTo("sql/marts/toy.yaml: check 'not_negative': needs 'columns'."));
    }
}
