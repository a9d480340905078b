using Dapper;
using TalentData.Project;
using TalentData.Tests.TestSupport;
using TalentData.Warehouse;

namespace TalentData.Tests.Warehouse;

/// <summary>
/// The generic checks that stop well-formed but wrong data, as the project declares them (area_name and period on
/// the staging models, share_shift on the facts), run against small tables in an in-memory warehouse with the real
/// reference geography: each failing row names the district and what was found against what was expected.
/// </summary>
public sealed class SemanticCheckTests
{
    static readonly ProjectManifest Manifest = RepoManifest.Instance;

    static CheckDefinition Check(string name) => Manifest.Checks.Single(c => c.Name == name);

    /// <summary>Runs one check over <paramref name="table"/> filled by <paramref name="rows"/>; returns the result and its failing rows.</summary>
    static (CheckResult Result, List<string> Rows) Run(string name, string table, string rows)
    {
        using var warehouse = TalentData.Warehouse.Warehouse.InMemory();
        ReferenceData.Load(warehouse, Manifest.SqlRoot);
        warehouse.Connection.Execute($"create table {table} as {rows}");
        var result = CheckRunner.Run(warehouse, [Check(name)], "r1", DateTimeOffset.UtcNow, new HashSet<string>()).Single();
        var failing = warehouse.Connection.Query<string>("select row_json from qa.check_failures order by sample_no").ToList();
        return (result, failing);
    }

    const string AreaName = "staging_stg_dortmund_population__residents__area_name__stat_bezirk_code";

    [Test]
    public void AreaName_CodeContradictsName_ErrorNamingCodeFoundAndExpected()
    {
        var (result, rows) = Run(AreaName, "staging.stg_dortmund_population__residents", """
            select * from (values
                ('710', 'Boevinghausen', 'dortmund_population', 'a.csv', 2),   -- an ASCII variant of the right name
                ('710', 'BÖVINGHAUSEN', 'dortmund_population', 'a.csv', 3),    -- upper case, as the city's GIS layer prints it
                ('720', 'Bövinghausen', 'dortmund_population', 'a.csv', 4),    -- Kley's code beside Bövinghausen's name
                ('999', 'Nirgendwo', 'dortmund_population', 'a.csv', 5)        -- an unknown code is the area_code_known check's
            ) t(stat_bezirk_code, stat_bezirk_name_published, source_id, source_file, line_number)
            """);
        Assert.That(result.FailedError, Is.True);
        Assert.That(rows, Is.EqualTo(new[]
        {
            """{"area_code":"720","name_found":"Bövinghausen","name_expected":"Kley","name_found_is_the_name_of":"710","source_id":"dortmund_population","source_file":"a.csv","first_line":4,"rows":1}""",
        }));
    }

    [Test]
    public void Period_BeforeTheFirstPeriodOrAfterThisYear_ErrorNamingTheWindow()
    {
        var year = DateTime.UtcNow.Year;
        var (result, rows) = Run("staging_stg_dortmund_population__residents__period__year", "staging.stg_dortmund_population__residents", $"""
            select * from (values (1999, 'dortmund_population', 'a.csv', 2), (2000, 'dortmund_population', 'a.csv', 3),
                                  ({year}, 'dortmund_population', 'a.csv', 4), ({year + 1}, 'dortmund_population', 'a.csv', 5))
                t(year, source_id, source_file, line_number)
            """);
        Assert.That(result.FailedError, Is.True);
        Assert.That(rows, Is.EquivalentTo(new[]
        {
            $$"""{"period_found":1999,"first_period":2000,"last_period":{{year}},"source_id":"dortmund_population","source_file":"a.csv","first_line":2,"rows":1}""",
            $$"""{"period_found":{{year + 1}},"first_period":2000,"last_period":{{year}},"source_id":"dortmund_population","source_file":"a.csv","first_line":5,"rows":1}""",
        }), "first_period 2000 is declared in pipelines/dortmund_population.yaml");
    }

    [Test]
    public void ShareShift_DistrictShareMovesBeyondTheBound_WarnsNamingTheDistrict()
    {
        // Three Stadtbezirke; Innenstadt-Nord (20) goes from 30 % to 33 % of their sum, beyond the declared 2 points;
        // Innenstadt-West (10) moves 1.5 points, within it.
        var (result, rows) = Run("core_fct_school_leavers__share_shift__leavers_count", "core.fct_school_leavers", """
            select * from (values (2022, '10', 400), (2022, '20', 300), (2022, '30', 300),
                                  (2023, '10', 385), (2023, '20', 330), (2023, '30', 285))
                t(year, stadtbezirk_code, leavers_count)
            """);
        Assert.That(result.Warned, Is.True, "a move of the shares warns; it does not withhold");
        Assert.That(rows, Is.EqualTo(new[]
        {
            """{"area_code":"20","area_name":"Innenstadt-Nord","previous_period":2022,"period":2023,"previous_share_pct":30.0,"share_pct":33.0,"change_points":3.0,"max_change_points":2}""",
        }));
    }

    [Test]
    public void FailingRowsKept_AreTheSameRowsInTheSameOrderForTheSameData_WhateverOrderTheCheckGivesThem()
    {
        // Rows stored in descending order, so a check read without an order gives them that way round.
        var check = new CheckDefinition("assert_even", "sql/checks/assert_even.sql", "select n, 'row ' || n as label from main.numbers where n % 2 = 0",
            "warn", ["main.numbers"], []);
        List<string> Kept(out CheckResult result)
        {
            using var warehouse = TalentData.Warehouse.Warehouse.InMemory();
            warehouse.Connection.Execute("create table main.numbers as select n from range(2000, 0, -1) r(n)");
            result = CheckRunner.Run(warehouse, [check], "r1", DateTimeOffset.UtcNow, new HashSet<string>()).Single();
            return warehouse.Connection.Query<string>("select row_json from qa.check_failures order by sample_no").ToList();
        }
        var first = Kept(out var result);
        var second = Kept(out _);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.FailingRows, Is.EqualTo(1000));
            Assert.That(first, Has.Count.EqualTo(CheckRunner.SampleRows));
            Assert.That(first, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal), "the rows kept are the first by their text, not by the check's order");
            Assert.That(first[0], Is.EqualTo("""{"n":10,"label":"row 10"}"""));
            Assert.That(result.Summary, Does.Contain("""first: {"n":10,"label":"row 10"}"""));
            Assert.That(second, Is.EqualTo(first), "the same data keeps the same rows");
        }
    }
}
