using TalentData.Project;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Project;

/// <summary>The manifest resolves every name once and refuses a project whose parts do not fit together.</summary>
public sealed class ProjectManifestTests
{
    static readonly ProjectManifest Repo = ProjectManifest.Load(RepoPaths.Root, TalentData.Loading.ReaderFormats.All);

    [Test]
    public void Load_Repository_ResolvesRawTablesFromThePipelines()
    {
        Assert.That(Repo.RawTables.Select(t => t.QualifiedName), Is.EquivalentTo(
            Repo.Pipelines.SelectMany(p => p.Entities.Select(e => $"raw.{p.Id}__{e.Entity}"))));
        Assert.That(Repo.RawTables.Single(t => t.SourceId == "dortmund_school_leavers").QualifiedName,
            Is.EqualTo("raw.dortmund_school_leavers__leavers"));
    }

    [Test]
    public void Load_Repository_OrdersEveryModelAfterWhatItReads()
    {
        var position = Repo.Models.Select((m, i) => (m.QualifiedName, i)).ToDictionary(p => p.QualifiedName, p => p.i);
        var late = Repo.Models.SelectMany(m => m.References.Where(position.ContainsKey).Where(r => position[r] > position[m.QualifiedName])
            .Select(r => $"{m.QualifiedName} before {r}")).ToList();
        Assert.That(late, Is.Empty);
    }

    [Test]
    public void Load_Repository_GivesEachDatasetTheSourcesItIsBuiltFrom()
    {
        var leavers = Repo.Datasets.Single(d => d.Dataset.Dataset == "schulabgaenge-abschluss-stadtbezirke");
        Assert.That(leavers.Sources.Select(s => s.Id), Is.EquivalentTo(new[] { "dortmund_school_leavers", "regionalstatistik_school_leavers" }),
            "the city's leavers by district and Regionalstatistik's official city figures");
        Assert.That(leavers.Reads("marts.schulabgaenge_abschluss_stadtbezirke"), Is.True, "the mart itself is part of its lineage");
        Assert.That(leavers.Dataset.SourceIds, Is.EqualTo(leavers.Sources.Select(s => s.Id)));

        var training = Repo.Datasets.Single(d => d.Dataset.Dataset == "ausbildungsmarkt-dortmund");
        Assert.That(training.Sources.Select(s => s.Id), Is.EqualTo(new[] { "ba_training_market" }));
    }

    [Test]
    public void Models_NameTheCityThroughTheReferenceAreas_NeverByItsCode()
    {
        var naming = Repo.Models.Where(m => m.Sql.Contains(Repo.City.Key, StringComparison.Ordinal)).Select(m => m.File);
        Assert.That(naming, Is.Empty, $"models that write the city key {Repo.City.Key}; read it from ref.regions (area_level 'stadt')");
    }

    [Test]
    public void Load_CoreModelReadingAStagingModel_IsRefusedNamingTheFileAndTheRelation()
    {
        using var repo = new RepoCopy();
        var fact = Path.Combine(repo.Root, "sql", "core", "fct_population.sql");
        File.WriteAllText(fact, File.ReadAllText(fact).Replace("from inputs.residents", "from staging.stg_dortmund_population__residents"));
        var ex = Assert.Throws<PipelineException>(() => ProjectManifest.Load(repo.Root, TalentData.Loading.ReaderFormats.All))!;
        Assert.That(ex.Message, Does.StartWith("sql/core/fct_population.sql reads staging.stg_dortmund_population__residents;")
            .And.Contain("inputs.*"));
    }

    [Test]
    public void Load_CheckReadingARawTable_IsRefusedNamingTheFileAndTheRelation()
    {
        using var repo = new RepoCopy();
        File.WriteAllText(Path.Combine(repo.Root, "sql", "checks", "assert_raw_residents_present.sql"),
            "select * from raw.dortmund_population__residents where false");
        var ex = Assert.Throws<PipelineException>(() => ProjectManifest.Load(repo.Root, TalentData.Loading.ReaderFormats.All))!;
        Assert.That(ex.Message, Does.StartWith("sql/checks/assert_raw_residents_present.sql reads raw.dortmund_population__residents;"));
    }

    [Test]
    public void Load_UnionOfPartsWithAnotherKindOfBranch_IsRefusedNamingTheFileAndTheBranch()
    {
        using var repo = new RepoCopy();
        var union = Path.Combine(repo.Root, "sql", "core", "int_indicator_inputs.sql");
        File.WriteAllText(union, File.ReadAllText(union).Replace("select * from core.int_indicator_inputs__social",
            "select * from core.int_indicator_inputs__social where year > 2000"));
        var ex = Assert.Throws<PipelineException>(() => ProjectManifest.Load(repo.Root, TalentData.Loading.ReaderFormats.All))!;
        Assert.That(ex.Message, Does.StartWith("sql/core/int_indicator_inputs.sql: '-- union of the parts this city builds' expects only 'select * from <schema>.<model>' branches")
            .And.Contain("found 'select * from core.int_indicator_inputs__social where year > 2000'"));
    }

    [Test]
    public void Load_Repository_BuildsEveryPartOfTheIndicatorInputs()
    {
        Assert.That(Repo.NotConfiguredModels, Is.Empty, "the repository's city provides every input");
        Assert.That(Repo.Models.Single(m => m.QualifiedName == "core.int_indicator_inputs").References, Has.Count.EqualTo(9));
    }

    [Test]
    public void Load_Repository_CoreAndMartsReadTheCityOnlyThroughInputs()
    {
        var direct = Repo.Models.Where(m => m.Schema is "core" or "marts")
            .SelectMany(m => m.References.Where(r => r.StartsWith("staging.") || r.StartsWith("raw.")).Select(r => $"{m.File} reads {r}"));
        Assert.That(direct, Is.Empty);
        Assert.That(Repo.Models.Where(m => m.Schema == "inputs").Select(m => m.Name), Is.SupersetOf(new[] { "residents", "unemployed", "school_leavers" }));
    }

    [Test]
    public void Load_CityKeyNotInTheReferenceAreas_FailsNamingBothFiles()
    {
        using var repo = new RepoCopy();
        var city = Path.Combine(repo.Root, "config", "city.yaml");
        File.WriteAllText(city, File.ReadAllText(city).Replace("key: \"05913000\"", "key: \"05315000\""));
        var ex = Assert.Throws<PipelineException>(() => ProjectManifest.Load(repo.Root, TalentData.Loading.ReaderFormats.All));
        Assert.That(ex!.Message, Does.Contain("config/city.yaml").And.Contain("05315000").And.Contain("regions.csv").And.Contain("05913000"));
    }

    [Test]
    public void Load_DatasetTotalOtherThanTheCity_FailsNamingTheDatasetFile()
    {
        using var repo = new RepoCopy();
        var regions = Path.Combine(repo.Root, "sql", "reference", "regions.csv");
        var city = Path.Combine(repo.Root, "config", "city.yaml");
        // Another city consistently in config and reference data; a dataset YAML names the old total instead of {city_key}.
        File.WriteAllText(regions, File.ReadAllText(regions).Replace("05913000", "05315000"));
        File.WriteAllText(city, File.ReadAllText(city).Replace("key: \"05913000\"", "key: \"05315000\""));
        var dataset = Path.Combine(repo.Root, "sql", "marts", "bevoelkerung_statistische_bezirke.yaml");
        File.WriteAllText(dataset, File.ReadAllText(dataset).Replace("total: \"{city_key}\"", "total: \"05913000\""));
        var ex = Assert.Throws<PipelineException>(() => ProjectManifest.Load(repo.Root, TalentData.Loading.ReaderFormats.All));
        Assert.That(ex!.Message, Does.Match("sql/marts/.*\\.yaml: column '.*' names the total '05913000', but the city of config/city.yaml has the key '05315000'"));
    }

    [Test]
    public void Load_CheckProtectingAnUnknownModel_FailsNamingTheCheck()
    {
        using var repo = new RepoCopy();
        File.WriteAllText(Path.Combine(repo.Root, "sql", "checks", "assert_nothing.sql"),
            "-- protects: marts.no_such_mart\nselect * from marts.areas where false\n");
        var ex = Assert.Throws<PipelineException>(() => ProjectManifest.Load(repo.Root, TalentData.Loading.ReaderFormats.All));
        Assert.That(ex!.Message, Is.EqualTo("sql/checks/assert_nothing.sql: '-- protects:' names marts.no_such_mart, which no file in sql/ defines."));
    }

    [Test]
    public void Load_MissingCityFile_SaysWhatItMustHold()
    {
        using var repo = new RepoCopy();
        File.Delete(Path.Combine(repo.Root, "config", "city.yaml"));
        var ex = Assert.Throws<PipelineException>(() => ProjectManifest.Load(repo.Root, TalentData.Loading.ReaderFormats.All));
        Assert.That(ex!.Message, Does.StartWith("config/city.yaml is missing"));
    }

    [Test]
    public void Load_UnknownKeyInCityFile_FailsWithLine()
    {
        using var repo = new RepoCopy();
        var city = Path.Combine(repo.Root, "config", "city.yaml");
        File.AppendAllText(city, "mayor: somebody\n");
        var ex = Assert.Throws<PipelineException>(() => ProjectManifest.Load(repo.Root, TalentData.Loading.ReaderFormats.All));
        Assert.That(ex!.Message, Does.Match("config/city.yaml, line \\d+, column \\d+: .*mayor"));
    }

    [TestCase("geonames: http://sws.geonames.org/2935517/", "geonames: https://www.geonames.org/2935517", "geonames must be a GeoNames URI like http://sws.geonames.org/<id>/, found 'https://www.geonames.org/2935517'.")]
    [TestCase("\"120\": [0, 0]", "\"120\": [0]", "district_tiles '120' must be [column, row] with two non-negative numbers, found [0].")]
    [TestCase("key: \"05913000\"", "key: \"5913000\"", "key must be the 8-digit Amtlicher Gemeindeschlüssel, found '5913000'.")]
    public void LoadCity_MalformedValue_SaysWhatItExpectedAndFound(string good, string bad, string message)
    {
        using var repo = new RepoCopy();
        var city = Path.Combine(repo.Root, "config", "city.yaml");
        var text = File.ReadAllText(city);
        Assert.That(text, Does.Contain(good), "the case edits a line the file has");
        File.WriteAllText(city, text.Replace(good, bad));
        var ex = Assert.Throws<PipelineException>(() => City.Load(repo.Root));
        Assert.That(ex!.Message, Is.EqualTo($"config/city.yaml: {message}"));
    }
}
