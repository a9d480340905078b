using System.Text;
using Dapper;
using TalentData.Project;
using TalentData.Running;
using TalentData.Tests.TestSupport;
using TalentData.Warehouse;

namespace TalentData.Tests.Warehouse;

/// <summary>
/// The checks every fact declares (area_code_known, unique, not_negative; sql/README.md, "Checks every fact declares"),
/// as the project declares them, run against small tables in an in-memory warehouse with the real reference geography
/// and marts.areas: each has a failing and a passing case, and a failing row of a fact names the file and the line.
/// A new fact added to the project is checked the same way without any other change.
/// </summary>
public sealed class FactCheckTests
{
    static readonly ProjectManifest Manifest = RepoManifest.Instance;

    /// <summary>An in-memory warehouse with ref.* and marts.areas built from their own files, and <paramref name="table"/> filled by <paramref name="rows"/>.</summary>
    static TalentData.Warehouse.Warehouse WarehouseWith(string table, string rows)
    {
        var warehouse = TalentData.Warehouse.Warehouse.InMemory();
        ReferenceData.Load(warehouse, Manifest.SqlRoot);
        warehouse.Connection.Execute($"create table marts.areas as {Manifest.Models.Single(m => m.QualifiedName == "marts.areas").Sql}");
        warehouse.Connection.Execute($"create table {table} as {rows}");
        return warehouse;
    }

    /// <summary>Runs <paramref name="check"/> over <paramref name="table"/>; returns the result and its failing rows as JSON.</summary>
    static (CheckResult Result, List<string> Rows) Run(CheckDefinition check, string table, string rows)
    {
        using var warehouse = WarehouseWith(table, rows);
        var result = CheckRunner.Run(warehouse, [check], "r1", DateTimeOffset.UtcNow, new HashSet<string>()).Single();
        Assert.That(result.Error, Is.Null, "the check's query runs");
        var failing = warehouse.Connection.Query<string>("select row_json from qa.check_failures order by sample_no").ToList();
        return (result, failing);
    }

    static (CheckResult Result, List<string> Rows) Run(string name, string table, string rows) =>
        Run(Manifest.Checks.Single(c => c.Name == name), table, rows);

    const string PopulationArea = "core_fct_population__area_code_known__stat_bezirk_code";

    [Test]
    public void AreaCodeKnown_UnknownOrMissingCode_ErrorNamingCodeFileAndFirstLine()
    {
        var (result, rows) = Run(PopulationArea, "core.fct_population", """
            select * from (values
                ('010', 'dortmund_population', 'a.csv', 2),
                ('999', 'dortmund_population', 'a.csv', 9),    -- a code Dortmund does not have, on two lines
                ('999', 'dortmund_population', 'a.csv', 7),
                ('12', 'dortmund_population', 'a.csv', 4),     -- a Stadtbezirk's code where a statistischer Bezirk belongs
                (null, 'dortmund_population', 'a.csv', 5)      -- no code at all: a symbol the staging turned into NULL
            ) t(stat_bezirk_code, source_id, source_file, line_number)
            """);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.FailedError, Is.True);
            Assert.That(result.OffendingSources, Is.EqualTo(new[] { "dortmund_population" }), "the blast radius narrows to the source");
            Assert.That(rows, Is.EquivalentTo(new[]
            {
                """{"area_level":"statistischer_bezirk","area_code":"999","source_id":"dortmund_population","source_file":"a.csv","first_line":7,"rows":2}""",
                """{"area_level":"statistischer_bezirk","area_code":"12","source_id":"dortmund_population","source_file":"a.csv","first_line":4,"rows":1}""",
                """{"area_level":"statistischer_bezirk","area_code":null,"source_id":"dortmund_population","source_file":"a.csv","first_line":5,"rows":1}""",
            }));
        }
    }

    [Test]
    public void AreaCodeKnown_EveryCodeKnown_Passes()
    {
        var (result, _) = Run(PopulationArea, "core.fct_population", """
            select * from (values ('000', 'dortmund_population', 'a.csv', 2), ('960', 'dortmund_population', 'a.csv', 3))
                t(stat_bezirk_code, source_id, source_file, line_number)
            """);
        Assert.That(result.Passed, Is.True);
    }

    [Test]
    public void AreaCodeKnown_LevelReadFromEachRow_CodeOfAnotherLevelFails()
    {
        const string Check = "core_fct_official_unemployment__area_code_known__area_code";
        const string Good = "('stadt', '05913000', 2), ('land', '05', 3), ('bund', 'DG', 4)";
        var (passing, _) = Run(Check, "core.fct_official_unemployment",
            $"select *, 'regionalstatistik_unemployment' as source_id, 'k.csv' as source_file from (values {Good}) t(area_level, area_code, line_number)");
        var (failing, rows) = Run(Check, "core.fct_official_unemployment",
            $"select *, 'regionalstatistik_unemployment' as source_id, 'k.csv' as source_file from (values {Good}, ('stadt', '05', 5)) t(area_level, area_code, line_number)");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(passing.Passed, Is.True, "the city, NRW and Germany at their own levels");
            Assert.That(failing.FailedError, Is.True);
            Assert.That(rows, Is.EqualTo(new[]
            {
                """{"area_level":"stadt","area_code":"05","source_id":"regionalstatistik_unemployment","source_file":"k.csv","first_line":5,"rows":1}""",
            }), "NRW's code is not a city's");
        }
    }

    const string SocialKey = "core_fct_social_indicators__unique__year_stadtbezirk_code";

    [Test]
    public void Unique_KeyDeliveredTwice_ErrorListingFilesAndLinesEvenAcrossFiles()
    {
        var (result, rows) = Run(SocialKey, "core.fct_social_indicators", """
            select * from (values
                (2023, '10', 'dortmund_social_indicators', 'a.csv', 12),
                (2023, '10', 'dortmund_social_indicators', 'a.csv', 3),
                (2023, '10', 'dortmund_social_indicators', 'b.csv', 5),    -- a second delivery run together with the first
                (2023, '20', 'dortmund_social_indicators', 'a.csv', 4),
                (2024, '10', 'dortmund_social_indicators', 'a.csv', 6)
            ) t(year, stadtbezirk_code, source_id, source_file, line_number)
            """);
        Assert.That(result.FailedError, Is.True);
        Assert.That(rows, Is.EqualTo(new[]
        {
            """{"year":2023,"stadtbezirk_code":"10","rows":3,"source_id":"dortmund_social_indicators","source_file":"a.csv, b.csv","first_line":3,"lines":[3,5,12]}""",
        }));
    }

    [Test]
    public void Unique_EveryKeyOnce_Passes()
    {
        var (result, _) = Run(SocialKey, "core.fct_social_indicators", """
            select * from (values (2023, '10', 'dortmund_social_indicators', 'a.csv', 2), (2023, '20', 'dortmund_social_indicators', 'a.csv', 3),
                                  (2024, '10', 'dortmund_social_indicators', 'a.csv', 4))
                t(year, stadtbezirk_code, source_id, source_file, line_number)
            """);
        Assert.That(result.Passed, Is.True);
    }

    const string SocialNotNegative =
        "core_fct_social_indicators__not_negative__sgb2_quota_pct_subsistence_benefits_quota_pct_sozialgeld_quota_pct_old_age_basic_income_quota_pct";

    const string SocialRows = """
        select * from (values {0}) t(year, stadtbezirk_code, sgb2_quota_pct, subsistence_benefits_quota_pct, sozialgeld_quota_pct,
                                     old_age_basic_income_quota_pct, source_id, source_file, line_number)
        """;

    [Test]
    public void NotNegative_NegativeInAnyDeclaredColumn_ErrorNamingTheRowWithFileAndLine()
    {
        var (result, rows) = Run(SocialNotNegative, "core.fct_social_indicators", string.Format(SocialRows, """
            (2023, '10', 13.5, 15.0, 26.5, 9.4, 'dortmund_social_indicators', 'a.csv', 2),
            (2023, '20', 35.2, 38.9, -53.2, 17.6, 'dortmund_social_indicators', 'a.csv', 3)
            """));
        Assert.That(result.FailedError, Is.True);
        Assert.That(rows, Is.EqualTo(new[]
        {
            """{"year":2023,"stadtbezirk_code":"20","sgb2_quota_pct":35.2,"subsistence_benefits_quota_pct":38.9,"sozialgeld_quota_pct":-53.2,"old_age_basic_income_quota_pct":17.6,"source_id":"dortmund_social_indicators","source_file":"a.csv","line_number":3}""",
        }));
    }

    [Test]
    public void NotNegative_ZeroAndSymbolCells_Pass()
    {
        var (result, _) = Run(SocialNotNegative, "core.fct_social_indicators", string.Format(SocialRows, """
            (2023, '10', 0.0, 15.0, 26.5, 9.4, 'dortmund_social_indicators', 'a.csv', 2),
            (2023, '20', null, null, null, null, 'dortmund_social_indicators', 'a.csv', 3)
            """));
        Assert.That(result.Passed, Is.True, "zero is a count, NULL is a cell with a symbol");
    }

    [Test]
    public void GenericChecks_OnAModelThatIsNotAFact_RunWithoutSourceColumns()
    {
        // A mart keeps no source file or line; its checks still find the offending keys and codes.
        var area = new GenericCheck { Type = "area_code_known", Column = "gebiet_nr", LevelColumn = "ebene" };
        var key = new GenericCheck { Type = "unique", Columns = ["jahr", "gebiet_nr"] };
        const string Rows = "select * from (values (2023, 'stadt', '05913000'), (2023, 'stadt', '05913000'), (2023, 'stadtbezirk', '13')) t(jahr, ebene, gebiet_nr)";
        using var warehouse = WarehouseWith("marts.toy", Rows);
        var results = CheckRunner.Run(warehouse,
            [.. new[] { area, key }.Select(c => new CheckDefinition(c.Type, "sql/marts/toy.yaml", c.ToSql("marts.toy"), "error", ["marts.toy", "marts.areas"], ["marts.toy"]))],
            "r1", DateTimeOffset.UtcNow, new HashSet<string>());
        var failing = warehouse.Connection.Query<(string, string)>("select check_name, row_json from qa.check_failures order by check_name").ToList();
        Assert.That(results.Select(r => r.Error), Has.All.Null);
        Assert.That(failing, Is.EqualTo(new[]
        {
            ("area_code_known", """{"area_level":"stadtbezirk","area_code":"13","rows":1}"""),
            ("unique", """{"jahr":2023,"gebiet_nr":"05913000","rows":2}"""),
        }));
    }

    [Test]
    public void Facts_OfTheSamplePublication_KeepTheSourceFileAndLineTheirChecksName()
    {
        var sample = TalentData.Tests.Publishing.SamplePublication.Instance;
        using var warehouse = TalentData.Warehouse.Warehouse.OpenReadOnly(sample.Options.SnapshotPath);
        var columns = warehouse.Connection.Query<(string Table, string Column)>(
            "select table_name, column_name from information_schema.columns where table_schema = 'core' and starts_with(table_name, 'fct_')").ToLookup(c => c.Table, c => c.Column);
        var facts = ModelDefinition.LoadAll(RepoPaths.Sql).Where(d => d.IsFact).Select(d => d.Model["core.".Length..]).ToList();
        Assert.That(columns.Select(c => c.Key), Is.EquivalentTo(facts), "every core.fct_* table is a fact with its YAML");
        using (Assert.EnterMultipleScope())
            foreach (var fact in facts)
                Assert.That(columns[fact], Is.SupersetOf(new[] { "source_id", "source_file", "line_number" }), fact);
    }

    [Test]
    public void Run_NewFactAddedToTheProject_IsCheckedWithoutAnyOtherChangeNamingFileAndLine()
    {
        using var copy = new RepoCopy();
        File.WriteAllText(Path.Combine(copy.Root, "sql", "core", "fct_sgb2_quota.sql"), """
            -- grain: one row per year and Stadtbezirk: the SGB II quota alone.
            with

            social as (
                select * from inputs.social_indicators
            ),

            final as (
                select year, stadtbezirk_code, sgb2_quota_pct, source_id, run_id, source_file, line_number
                from social
            )

            select * from final
            """);
        File.WriteAllText(Path.Combine(copy.Root, "sql", "core", "fct_sgb2_quota.yaml"), """
            description: The SGB II quota by year and Stadtbezirk.
            checks:
              - { type: area_code_known, column: stadtbezirk_code, level: stadtbezirk }
              - { type: unique, columns: [year, stadtbezirk_code] }
              - { type: not_negative, columns: [sgb2_quota_pct] }

            """);
        // Line 52 of the city's file: Innenstadt-Ost under a code Dortmund does not have.
        var sample = copy.Sample("dortmund_social_indicators/sozialindikatoren.csv");
        var text = File.ReadAllText(sample);
        Assert.That(text.Split('\n')[51], Does.StartWith("2023;30;Innenstadt-Ost;"), "the sample's line 52");
        File.WriteAllText(sample, text.Replace("2023;30;Innenstadt-Ost;", "2023;130;Innenstadt-Ost;"), new UTF8Encoding(true));

        // The runner's own stages over a copy of the last good warehouse, with the project as the copy declares it: the
        // changed source is loaded and the new fact it feeds is built (the others keep the good run's tables), then
        // every check of the project runs.
        var manifest = ProjectManifest.Load(copy.Root, TalentData.Loading.ReaderFormats.All);
        GoodRun.Instance.CopyWarehouseAndLandingTo(copy.Data);
        var options = copy.Options("dortmund_social_indicators");
        using var warehouse = TalentData.Warehouse.Warehouse.OpenForWriting(options.Data.WorkPath);
        var ledger = RunLedger.Start(warehouse, TimeProvider.System, RunMode.Sample, ["dortmund_social_indicators"], manifest.Pipelines);
        using var stages = new RunStages(manifest, options, warehouse, ledger, TimeProvider.System, null, null, CancellationToken.None);
        var source = manifest.Pipeline("dortmund_social_indicators");
        stages.LoadSources([source]);
        var fed = ModelGraph.Downstream(manifest.Models, manifest.RawTablesOf(source).Single().QualifiedName);
        Assert.That(fed, Does.Contain("core.fct_sgb2_quota"));
        var models = new SqlModelRunner(manifest.SqlRoot).Build(warehouse, [.. manifest.Models.Where(m => m.QualifiedName == "core.fct_sgb2_quota")], new HashSet<string>());
        var checks = stages.RunChecks(models);

        var ours = checks.Where(c => c.Models.Contains("core.fct_sgb2_quota")).ToDictionary(c => c.Check);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ours.Keys, Is.EquivalentTo(new[]
            {
                "core_fct_sgb2_quota__area_code_known__stadtbezirk_code", "core_fct_sgb2_quota__unique__year_stadtbezirk_code",
                "core_fct_sgb2_quota__not_negative__sgb2_quota_pct",
            }), "the new fact's own declarations, nothing else");
            Assert.That(ours["core_fct_sgb2_quota__area_code_known__stadtbezirk_code"].FailedError, Is.True);
            Assert.That(ours["core_fct_sgb2_quota__area_code_known__stadtbezirk_code"].Protects, Is.EqualTo(new[] { "core.fct_sgb2_quota" }));
            Assert.That(ours["core_fct_sgb2_quota__unique__year_stadtbezirk_code"].Passed, Is.True);
            Assert.That(ours["core_fct_sgb2_quota__not_negative__sgb2_quota_pct"].Passed, Is.True);
        }
        var row = warehouse.Connection.QuerySingle<string>(
            "select row_json from qa.check_failures where check_name = 'core_fct_sgb2_quota__area_code_known__stadtbezirk_code'");
        Assert.That(row, Does.Match("""^\{"area_level":"stadtbezirk","area_code":"130","source_id":"dortmund_social_indicators","source_file":"[^"]*dortmund_social_indicators[^"]*","first_line":52,"rows":1\}$"""));
    }
}
