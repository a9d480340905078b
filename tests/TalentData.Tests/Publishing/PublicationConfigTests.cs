using TalentData.Publishing;

namespace TalentData.Tests.Publishing;

/// <summary>The publication settings and the declarations disclosure control and the formats rely on.</summary>
public class PublicationConfigTests
{
    [Test]
    public void FromEnvironment_NothingSet_UsesThresholdThreeAndTheLocalBaseUrl()
    {
        var settings = PublishSettings.FromEnvironment(_ => null);
        Assert.That((settings.DisclosureThreshold, settings.Base), Is.EqualTo((3, "http://127.0.0.1:5080/opendata/")));
    }

    [Test]
    public void FromEnvironment_BothSet_TakesThemAndNormalisesTheSlash()
    {
        var settings = PublishSettings.FromEnvironment(name => name switch
        {
            PublishSettings.ThresholdVariable => "5",
            PublishSettings.BaseUrlVariable => "https://opendata.example.dortmund.de/talentdata",
            _ => null,
        });
        Assert.That((settings.DisclosureThreshold, settings.Base), Is.EqualTo((5, "https://opendata.example.dortmund.de/talentdata/")));
    }

    [TestCase(PublishSettings.ThresholdVariable, "drei", "must be a whole number")]
    [TestCase(PublishSettings.ThresholdVariable, "0", "at least 1")]
    [TestCase(PublishSettings.BaseUrlVariable, "opendata/", "absolute http(s) URL")]
    public void FromEnvironment_MalformedValue_FailsNamingIt(string variable, string value, string message)
    {
        var ex = Assert.Throws<PipelineException>(() => PublishSettings.FromEnvironment(name => name == variable ? value : null));
        Assert.That(ex!.Message, Does.Contain(message));
    }

    [Test]
    public void LoadAll_PersonCountsWithoutTotal_FailsNamingTheColumn()
    {
        var ex = Assert.Throws<PipelineException>(() => Toy.Load(Toy.CountsYaml.Replace(", total: insgesamt", "")));
        Assert.That(ex!.Message, Does.Contain("'abschluss'").And.Contain("total:"));
    }

    [Test]
    public void LoadAll_GeometryOnAStringColumn_FailsNamingKeyAndColumn()
    {
        var ex = Assert.Throws<PipelineException>(() => Toy.Load(Toy.CountsYaml.Replace("columns:", "geometry: { latitude: ebene, longitude: ebene }\ncolumns:")));
        Assert.That(ex!.Message, Does.Contain("toy_0.yaml").And.Contain("geometry: latitude names 'ebene'").And.Contain("type number and role attribute"));
    }

    [Test]
    public void LoadAll_GeometryWithAnUnknownKey_FailsAsEveryUnknownKeyDoes()
    {
        var ex = Assert.Throws<PipelineException>(() => Toy.Load(Toy.CountsYaml.Replace("columns:", "geometry: { lat: ebene, lon: ebene }\ncolumns:")));
        Assert.That(ex!.Message, Does.Contain("toy_0.yaml").And.Contain("lat"));
    }

    [Test]
    public void LoadAll_PrimaryKeyMissingADimension_Fails()
    {
        var ex = Assert.Throws<PipelineException>(() => Toy.Load(Toy.CountsYaml.Replace("primary_key: [jahr, bezirk, abschluss]", "primary_key: [jahr, bezirk]")));
        Assert.That(ex!.Message, Does.Contain("primary_key [jahr, bezirk]").And.Contain("abschluss"));
    }

    [Test]
    public void LoadAll_DerivedFromAnUnknownDataset_Fails()
    {
        var ex = Assert.Throws<PipelineException>(() => Toy.Load(Toy.CountsYaml, Toy.IndicatorsYaml.Replace("{ dataset: toy-abschluesse }", "{ dataset: toy-unbekannt }")));
        Assert.That(ex!.Message, Does.Contain("'toy-unbekannt'").And.Contain("anteil_ohne"));
    }

    [Test]
    public void LoadAll_DerivedSelectingAColumnTheDatasetDoesNotHave_Fails()
    {
        var ex = Assert.Throws<PipelineException>(() => Toy.Load(Toy.CountsYaml, Toy.IndicatorsYaml.Replace("select: { abschluss: [ohne] }", "select: { geschlecht: [w] }")));
        Assert.That(ex!.Message, Does.Contain("'geschlecht'").And.Contain("dimension column"));
    }

    [Test]
    public void LoadAll_RepositoryMarts_DeclareUnitsAsMartsIndicatorsDoes()
    {
        // The talent indicators' units and decimals are declared twice (YAML for the formats, the indicator catalogue for SQL).
        var declared = TalentData.Project.DatasetDefinition.LoadAll(TestSupport.RepoPaths.Sql).Single(d => d.Dataset == "talentindikatoren-bezirke")
            .ColumnWithRole("metric")!.Categories!;
        using var warehouse = TalentData.Warehouse.Warehouse.OpenReadOnly(SamplePublication.Instance.Options.SnapshotPath);
        var catalogue = Dapper.SqlMapper.Query<(string Id, string Unit, int Decimals)>(warehouse.Connection, "select indicator_id, unit, decimals from marts.indicators")
            .ToDictionary(i => i.Id, i => (i.Unit, i.Decimals));
        Assert.That(declared.Keys, Is.EquivalentTo(catalogue.Keys));
        foreach (var (id, meta) in declared)
            Assert.That((meta.Unit, meta.Decimals), Is.EqualTo(((string?)catalogue[id].Unit, (int?)catalogue[id].Decimals)), id);
    }
}
