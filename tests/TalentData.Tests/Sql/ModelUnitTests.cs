using Dapper;
using TalentData.Tests.TestSupport;
using TalentData.Warehouse;

namespace TalentData.Tests.Sql;

/// <summary>
/// The given/expect tests of every model's YAML (sql/README.md, "Given/expect tests"), one case per test, and the
/// runner's own behaviour on small models in a temporary sql/ folder.
/// </summary>
public class ModelUnitTests
{
    static readonly ModelTestRunner Repository = new(RepoPaths.Sql);

    static IEnumerable<TestCaseData> RepositoryTests() =>
        Repository.Discover().Select(c => new TestCaseData(c.Name).SetArgDisplayNames(c.Name));

    [TestCaseSource(nameof(RepositoryTests))]
    public void Model_GivenRows_ReturnsTheExpectedRows(string name)
    {
        var failure = Repository.Run(Repository.Discover().Single(c => c.Name == name));
        if (failure is not null)
            Assert.Fail(failure);
    }

    [Test]
    public void Discover_Repository_TestsTheModelsWithNonTrivialLogic()
    {
        var tested = Repository.Discover().Select(c => c.Model.QualifiedName).ToHashSet();
        Assert.That(Repository.Discover(), Has.Count.GreaterThanOrEqualTo(10));
        Assert.That(tested, Is.SupersetOf(new[]
        {
            "marts.schulabgaenge_abschluss_stadtbezirke", "marts.arbeitslose_statistische_bezirke", "marts.reconciliation",
            "marts.indicator_values", "staging.stg_dortmund_population__residents",
            "staging.stg_regionalstatistik_school_leavers__kreise", "staging.stg_ba_training_market__agentur_dortmund",
        }));
    }

    [Test]
    public void Columns_DescribedInTheYaml_AreColumnsOfTheBuiltModel()
    {
        var sample = TalentData.Tests.Publishing.SamplePublication.Instance;
        using var warehouse = TalentData.Warehouse.Warehouse.OpenReadOnly(sample.Options.SnapshotPath);
        var built = warehouse.Connection.Query<(string Schema, string Table, string Column)>(
                "select table_schema, table_name, column_name from information_schema.columns")
            .Select(c => $"{c.Schema}.{c.Table}.{c.Column}").ToHashSet();
        var stale = TalentData.Project.ModelDefinition.LoadAll(RepoPaths.Sql)
            .SelectMany(d => d.Columns.Select(c => $"{d.Model}.{c.Name}"))
            .Where(c => !built.Contains(c));
        Assert.That(stale, Is.Empty, "columns a model's YAML describes that the model does not have");
    }

    const string Model = """
        -- grain: one row per year: men are the total less the women.
        with

        official as (
            select * from core.official
        ),

        final as (
            select t.year, t.n - f.n as men, stat_bezirk_code(t.code) as code
            from official t
            inner join official f on f.year = t.year and f.sex = 'female'
            where t.sex = 'total'
        )

        select * from final
        """;

    const string Macro = """
        create or replace macro stat_bezirk_code(nr) as
            case when length(trim(nr)) <= 2 then lpad(trim(nr), 2, '0') || '0' else trim(nr) end;
        """;

    static ModelTestRunner Toy(TempDir dir, string tests)
    {
        dir.File("macros/stat_bezirk_code.sql", Macro);
        dir.File("marts/men.sql", Model);
        dir.File("marts/men.yaml", "description: Men by year.\ntests:\n" + tests);
        return new ModelTestRunner(dir.Path);
    }

    const string Given = """
          - name: men_are_total_minus_women
            given:
              core.official:
                - { year: 2023, sex: total, n: 100, code: "1" }
                - { year: 2023, sex: female, n: 45, code: "1" }
                - { year: 2022, sex: total, n: 90, code: "110" }
                - { year: 2022, sex: female, n: 40, code: "110" }

        """;

    [Test]
    public void Run_RightExpectationInAnyOrder_PassesComparingNumbersByValue()
    {
        using var dir = new TempDir();
        var runner = Toy(dir, Given + """
                expect:
                  - { year: 2022, men: 50.0, code: "110" }
                  - { year: 2023, men: 55, code: "010" }
            """);
        Assert.That(runner.Run(runner.Discover().Single()), Is.Null);
    }

    [Test]
    public void Run_WrongExpectation_FailsNamingFileTestAndTheRowsThatDiffer()
    {
        using var dir = new TempDir();
        var runner = Toy(dir, Given + """
                expect:
                  - { year: 2022, men: 50 }
                  - { year: 2023, men: 45 }
            """);
        var failure = runner.Run(runner.Discover().Single());
        Assert.That(failure, Does.StartWith("sql/marts/men.yaml, test 'men_are_total_minus_women': marts.men does not return the expected rows")
            .And.Contain("expected, not returned:\n    line 12: { year: 2023, men: 45 }")
            .And.Contain("returned, not expected:\n    { year: 2023, men: 55 }")
            .And.Not.Contain("year: 2022"));
    }

    [Test]
    public void Run_MissingGivenRelation_FailsNamingModelTestAndRelation()
    {
        using var dir = new TempDir();
        var runner = Toy(dir, """
              - name: nothing_given
                given: {}
                expect: []
            """);
        var failure = runner.Run(runner.Discover().Single());
        Assert.That(failure, Is.EqualTo("sql/marts/men.yaml, test 'nothing_given': marts.men reads core.official, which the test does not give. " +
            "Add its rows under given: core.official (a ref.* table not given is its sql/reference/ code list, a model not given is built " +
            "from its own SQL when everything it reads is given)."));
    }

    [Test]
    public void Run_GivenRelationTheModelDoesNotRead_FailsNamingIt()
    {
        using var dir = new TempDir();
        var runner = Toy(dir, Given.Replace("core.official:", "core.offical:") + "    expect: []\n");
        Assert.That(runner.Run(runner.Discover().Single()), Does.Contain("test 'men_are_total_minus_women': gives core.offical, which marts.men does not read"));
    }

    [Test]
    public void Run_ExpectedColumnTheModelLacks_FailsListingWhatItReturns()
    {
        using var dir = new TempDir();
        var runner = Toy(dir, Given + "    expect:\n      - { year: 2023, women: 45 }\n");
        Assert.That(runner.Run(runner.Discover().Single()), Does.Contain("expects column 'women', which marts.men does not return; it returns year, men, code."));
    }
}
