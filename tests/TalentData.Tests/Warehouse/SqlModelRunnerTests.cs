using Dapper;
using TalentData.Tests.TestSupport;
using TalentData.Project;
using TalentData.Warehouse;

namespace TalentData.Tests.Warehouse;

public class SqlModelRunnerTests
{
    static SqlModel Model(string qualified, string sql)
    {
        var parts = qualified.Split('.');
        return new SqlModel(parts[0], parts[1], $"sql/{parts[0]}/{parts[1]}.sql", sql,
            parts[0] == "staging" ? "view" : "table", SqlModel.FindReferences(sql));
    }

    [Test]
    public void FindReferences_IgnoresCommentsAndStringLiterals()
    {
        var refs = SqlModel.FindReferences("""
            -- reads core.old_model in the past
            select 'marts.not_a_ref' as label, x.* from staging.stg_a x
            join REF.Stat_Bezirke b on true /* core.also_not */
            """);
        Assert.That(refs, Is.EqualTo(new[] { "ref.stat_bezirke", "staging.stg_a" }));
    }

    [Test]
    public void Order_ModelsInReverse_PutsEachAfterWhatItReads()
    {
        var models = new[]
        {
            Model("marts.m", "select * from core.c"),
            Model("core.c", "select * from staging.s join core.d using (k)"),
            Model("core.d", "select * from staging.s"),
            Model("staging.s", "select * from raw.src__e"),
        };
        var ordered = ModelGraph.Order(models, new HashSet<string> { "raw.src__e" }).Select(m => m.QualifiedName).ToList();
        Assert.That(ordered, Is.EqualTo(new[] { "staging.s", "core.d", "core.c", "marts.m" }));
    }

    [Test]
    public void Order_Cycle_FailsNamingTheCycle()
    {
        var models = new[] { Model("core.a", "select * from core.b"), Model("core.b", "select * from core.a") };
        var ex = Assert.Throws<PipelineException>(() => ModelGraph.Order(models, new HashSet<string>()));
        Assert.That(ex!.Message, Does.Contain("cycle").And.Contain("core.a -> core.b -> core.a"));
    }

    [Test]
    public void Order_UnknownName_FailsNamingFileAndReference()
    {
        var models = new[] { Model("core.a", "select * from staging.stg_typo") };
        var ex = Assert.Throws<PipelineException>(() => ModelGraph.Order(models, new HashSet<string>()));
        Assert.That(ex!.Message, Does.Contain("sql/core/a.sql reads staging.stg_typo").And.Contain("no file in sql/ defines it"));
    }

    [Test]
    public void Build_FailingModel_SkipsDependentsAndBuildsTheRest()
    {
        using var warehouse = TalentData.Warehouse.Warehouse.InMemory();
        var models = new[]
        {
            Model("core.good", "select 1 as x"),
            Model("core.bad", "select no_such_column from core.good"),
            Model("marts.after_bad", "select * from core.bad"),
            Model("marts.after_good", "select x + 1 as y from core.good"),
        };
        var results = new SqlModelRunner("/nonexistent").Build(warehouse, ModelGraph.Order(models, new HashSet<string>()), new HashSet<string>());
        var status = results.ToDictionary(r => r.Model.QualifiedName, r => r.Status);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(status["core.good"], Is.EqualTo("built"));
            Assert.That(status["core.bad"], Is.EqualTo("failed"));
            Assert.That(status["marts.after_bad"], Is.EqualTo("skipped"));
            Assert.That(status["marts.after_good"], Is.EqualTo("built"));
            Assert.That(warehouse.Connection.ExecuteScalar<int>("select y from marts.after_good"), Is.EqualTo(2));
            Assert.That(results.Single(r => r.Model.Name == "bad").Error, Does.Contain("sql/core/bad.sql"));
        }
    }

    [Test]
    public void Discover_RepositorySql_OrdersWithoutErrors()
    {
        var models = ModelGraph.Discover(RepoPaths.Sql);
        var external = Directory.GetFiles(Path.Combine(RepoPaths.Sql, "reference"), "*.csv").Select(f => "ref." + Path.GetFileNameWithoutExtension(f))
            .Concat(models.SelectMany(m => m.References).Where(r => r.StartsWith("raw.", StringComparison.Ordinal)))
            .Append(TalentData.Project.ProjectManifest.SampleFilesTable)
            .Append(TalentData.Project.ProjectManifest.PlacementInputsTable)
            .Append(TalentData.Project.ProjectManifest.AddressDistrictsTable)
            .ToHashSet();
        var ordered = ModelGraph.Order(models, external);
        Assert.That(ordered.Select(m => m.QualifiedName), Does.Contain("marts.indicator_values"));
        var position = ordered.Select((m, i) => (m.QualifiedName, i)).ToDictionary(p => p.QualifiedName, p => p.i);
        Assert.That(position["core.fct_population"], Is.LessThan(position["marts.indicator_values"]));
    }

    [Test]
    public void Build_ViewCallingAMacro_StaysQueryableInThePublishedSnapshot()
    {
        using var dir = new TempDir();
        dir.File("sql/macros/stat_bezirk_code.sql", File.ReadAllText(Path.Combine(RepoPaths.Sql, "macros", "stat_bezirk_code.sql")));
        var models = new[] { Model("staging.s", "select stat_bezirk_code(nr) as code from (values ('1'), ('12'), ('0'), ('110')) t(nr)") };
        using (var warehouse = TalentData.Warehouse.Warehouse.OpenForWriting(Path.Combine(dir.Path, "work.duckdb")))
        {
            var results = new SqlModelRunner(Path.Combine(dir.Path, "sql")).Build(warehouse, models, new HashSet<string>());
            Assert.That(results.Single().Status, Is.EqualTo("built"), results.Single().Error);
            TalentData.Publishing.Snapshot.Publish(warehouse, Path.Combine(dir.Path, "snapshot.duckdb"));
        }
        using var snapshot = TalentData.Warehouse.Warehouse.OpenReadOnly(Path.Combine(dir.Path, "snapshot.duckdb"));
        Assert.That(snapshot.Connection.Query<string>("select code from staging.s order by code"), Is.EqualTo(new[] { "000", "010", "110", "120" }));
    }

    [Test]
    public void Build_MacroFileNotNamedLikeItsMacro_FailsNamingTheFile()
    {
        using var dir = new TempDir();
        dir.File("macros/district.sql", "create or replace macro stat_bezirk_code(nr) as nr;");
        using var warehouse = TalentData.Warehouse.Warehouse.InMemory();
        var ex = Assert.Throws<PipelineException>(() => new SqlModelRunner(dir.Path).Build(warehouse, [], new HashSet<string>()));
        Assert.That(ex!.Message, Does.StartWith("sql/macros/district.sql: expected one 'create or replace macro district(...)"));
    }
}
