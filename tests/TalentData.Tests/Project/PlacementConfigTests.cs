using TalentData.Project;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Project;

/// <summary>
/// The district boundaries and the address table of config/city.yaml are refused when the project loads if they
/// cannot place places: every message names the file, the feature or line, what was expected and what was found.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class PlacementConfigTests
{
    /// <summary>The synthetic city with its statistischer_bezirk boundaries or its address table replaced; City.Load's error.</summary>
    static string LoadError(string? statBezirke = null, string? addresses = null)
    {
        using var dir = new TempDir();
        SyntheticPlacement.WriteInto(dir.Path, statBezirke, addresses);
        return Assert.Throws<PipelineException>(() => City.Load(dir.Path))!.Message;
    }

    static string Square(string code, string ring) =>
        "{\"type\":\"Feature\",\"properties\":{\"SBZ\":\"" + code + "\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" + ring + "]}}";

    static string Collection(params string[] features) => "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", features) + "]}";

    const string Good010 = "[[7.40,51.50],[7.45,51.50],[7.45,51.53],[7.40,51.53],[7.40,51.50]]";

    [Test]
    public void Load_SyntheticCity_ReadsBothLevelsAndTheAddressTable()
    {
        using var dir = new TempDir();
        SyntheticPlacement.WriteInto(dir.Path);
        var city = City.Load(dir.Path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(city.DistrictBoundaries["statistischer_bezirk"].Features.Select(f => (f.Feature, f.Code, f.Name)),
                Is.EqualTo(new[] { (1, "010", "Westfalenhalle"), (2, "630", "Brünninghausen") }));
            Assert.That(city.DistrictBoundaries["stadtbezirk"].Features.Single().Code, Is.EqualTo("20"));
            Assert.That(city.AddressTable!.Rows.Select(r => (r.Line, r.Street, r.NumberFrom, r.NumberTo, r.Side, r.StatBezirkCode)),
                Is.EqualTo(new[] { (2L, "Hauptstraße", 1, 99, "odd", "640"), (3L, "Hauptstraße", 2, 98, "even", "630") }));
        }
    }

    [Test]
    public void Boundaries_SelfIntersectingPolygon_IsRefusedNamingFileFeatureAndWhere()
    {
        // a bow tie: its edges cross at (7.425, 51.515)
        var message = LoadError(Collection(Square("010", "[[7.40,51.50],[7.45,51.53],[7.45,51.50],[7.40,51.53],[7.40,51.50]]")));
        Assert.That(message, Does.Contain("config/city.yaml: district_boundaries 'statistischer_bezirk': config/geo/stat_bezirke.geojson cannot place points (1 problems)"));
        Assert.That(message, Does.Contain("config/geo/stat_bezirke.geojson: feature 1 (SBZ 010): expected a valid polygon, found self-intersection at [7.425, 51.515]"));
    }

    [Test]
    public void Boundaries_OpenRingShortRingAndPositionsOutsideWgs84_AreEachNamed()
    {
        var message = LoadError(Collection(
            Square("010", "[[7.40,51.50],[7.45,51.50],[7.45,51.53],[7.40,51.53]]"),
            Square("630", "[[7.45,51.50],[7.50,51.50],[7.45,51.50]]"),
            Square("640", "[[7.40,51.50],[7.45,51.50],[7.45,151.53],[7.40,51.50]]")));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(message, Does.Contain("(3 problems)"));
            Assert.That(message, Does.Contain("config/geo/stat_bezirke.geojson: feature 1 (SBZ 010): expected a closed ring (its last position equal to its first), found [7.4, 51.5] ... [7.4, 51.53]."));
            Assert.That(message, Does.Contain("config/geo/stat_bezirke.geojson: feature 2 (SBZ 630): expected a ring of at least four positions (the first repeated at the end), found 3."));
            Assert.That(message, Does.Contain("config/geo/stat_bezirke.geojson: feature 3 (SBZ 640): expected WGS84 positions [longitude, latitude], found [7.45, 151.53]."));
        }
    }

    [Test]
    public void Boundaries_OverlappingDistricts_AreRefusedNamingBothFeatures()
    {
        var message = LoadError(Collection(Square("010", Good010), Square("630", "[[7.44,51.50],[7.50,51.50],[7.50,51.53],[7.44,51.53],[7.44,51.50]]")));
        Assert.That(message, Does.Contain("config/geo/stat_bezirke.geojson: features 1 (SBZ 010) and 2 (SBZ 630): expected districts that do not overlap, found 20.0% of the smaller one in both."));
    }

    [Test]
    public void Boundaries_BrokenStructure_IsRefusedNamingFileAndFeature()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(LoadError("{\"type\":\"FeatureCollection\",\"features\":[\n{\"type\":"), Does.Contain("config/geo/stat_bezirke.geojson: expected GeoJSON, found invalid JSON at line 2"));
            Assert.That(LoadError(Collection(Square("010", Good010), """{"type":"Feature","properties":{"NAME":"x"},"geometry":null}""")),
                Does.Contain("config/geo/stat_bezirke.geojson: feature 2: expected properties.SBZ and a geometry with type and coordinates."));
            Assert.That(LoadError(Collection(Square("010", "[[7.40,51.50],[7.45,\"51.50\"],[7.45,51.53],[7.40,51.50]]"))),
                Does.Contain("config/geo/stat_bezirke.geojson: feature 1 (SBZ 010): expected a position [longitude, latitude] of two numbers, found [7.45,\"51.50\"]."));
        }
    }

    [Test]
    public void Boundaries_LevelThatPlacesNothing_IsRefused()
    {
        using var dir = new TempDir();
        SyntheticPlacement.WriteInto(dir.Path);
        var yaml = Path.Combine(dir.Path, City.File);
        File.WriteAllText(yaml, File.ReadAllText(yaml).Replace("  stadtbezirk: {", "  stadtbezirke: {"));
        var ex = Assert.Throws<PipelineException>(() => City.Load(dir.Path))!;
        Assert.That(ex.Message, Is.EqualTo("config/city.yaml: district_boundaries 'stadtbezirke': expected one of the area levels stadtbezirk, statistischer_bezirk, found 'stadtbezirke'."));
    }

    [Test]
    public void AddressTable_BadCells_AreEachRefusedNamingFileLineColumnExpectedAndFound()
    {
        var message = LoadError(addresses: "street,postcode,number_from,number_to,side,stat_bezirk_code\n" +
                                           "Hauptstraße,4422,1,9,odd,640\n" +
                                           " Weg,44225,x,9,all,640\n" +
                                           "Weg,44225,9,3,left,64\n" +
                                           "Weg,44225,1\n");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(message, Does.StartWith("config/geo/adressen.csv is not a valid address table (7 problems):"));
            Assert.That(message, Does.Contain("config/geo/adressen.csv, line 2, column postcode: expected a five-digit postcode, found '4422'."));
            Assert.That(message, Does.Contain("config/geo/adressen.csv, line 3, column street: expected the street's name without leading or trailing spaces, found ' Weg'."));
            Assert.That(message, Does.Contain("config/geo/adressen.csv, line 3, column number_from: expected a house number from 1 (digits only), found 'x'."));
            Assert.That(message, Does.Contain("config/geo/adressen.csv, line 4, column number_to: expected a number not below number_from (9), found 3."));
            Assert.That(message, Does.Contain("config/geo/adressen.csv, line 4, column side: expected one of all, odd, even, found 'left'."));
            Assert.That(message, Does.Contain("config/geo/adressen.csv, line 4, column stat_bezirk_code: expected a statistischer Bezirk as marts.areas spells it (three digits, e.g. 010), found '64'."));
            Assert.That(message, Does.Contain("config/geo/adressen.csv, line 5: expected 6 cells, found 3."));
        }
    }

    [Test]
    public void AddressTable_WrongHeader_IsRefusedOnLineOne()
    {
        var message = LoadError(addresses: "strasse,plz,von,bis,seite,bezirk\nHauptstraße,44225,1,9,odd,640\n");
        Assert.That(message, Is.EqualTo("config/geo/adressen.csv, line 1: expected the header street,postcode,number_from,number_to,side,stat_bezirk_code, found strasse,plz,von,bis,seite,bezirk."));
    }

    [Test]
    public void AddressTable_RowsThatPutOneHouseInTwoDistricts_AreRefusedNamingBothLines()
    {
        var message = LoadError(addresses: "street,postcode,number_from,number_to,side,stat_bezirk_code\n" +
                                           "Hauptstraße,44225,1,99,odd,640\n" +
                                           "Hauptstraße,44225,2,98,even,630\n" +
                                           "hauptstraße,44225,51,60,all,010\n" +
                                           "Hauptstraße,44139,51,60,all,010\n");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(message, Does.Contain("(2 problems)"), "odd and even sides of one street and the same street in another postcode do not overlap");
            Assert.That(message, Does.Contain("config/geo/adressen.csv, line 4: expected house numbers no other row covers, found hauptstraße 51 (44225) also on line 2, which places it in 640, not 010."));
            Assert.That(message, Does.Contain("config/geo/adressen.csv, line 4: expected house numbers no other row covers, found hauptstraße 52 (44225) also on line 3, which places it in 630, not 010."));
        }
    }

    /// <summary>A district the reference does not know would be placed in no mart's area: the manifest refuses it when the project loads.</summary>
    [Test]
    public void Manifest_CodesTheReferenceDoesNotKnow_AreRefusedNamingFileAndFeatureOrLine()
    {
        using var repo = new RepoCopy();
        SyntheticPlacement.WriteInto(repo.Root, statBezirke: SyntheticPlacement.StatBezirke.Replace("\"630\"", "\"999\""));
        var ex = Assert.Throws<PipelineException>(() => ProjectManifest.Load(repo.Root, TalentData.Loading.ReaderFormats.All))!;
        Assert.That(ex.Message, Is.EqualTo("config/city.yaml: district_boundaries 'statistischer_bezirk': config/geo/stat_bezirke.geojson: feature 2 (SBZ 999): " +
                                           "expected a statistischer_bezirk code of sql/reference/stat_bezirke.csv, found '999'."));

        File.WriteAllText(Path.Combine(repo.Root, SyntheticPlacement.StatBezirkeFile), SyntheticPlacement.StatBezirke);
        File.WriteAllText(Path.Combine(repo.Root, SyntheticPlacement.AddressFile), SyntheticPlacement.Addresses.Replace(",630\n", ",990\n"));
        ex = Assert.Throws<PipelineException>(() => ProjectManifest.Load(repo.Root, TalentData.Loading.ReaderFormats.All))!;
        Assert.That(ex.Message, Is.EqualTo("config/geo/adressen.csv, line 3, column stat_bezirk_code: expected a statistischer Bezirk of sql/reference/stat_bezirke.csv, found '990'."));
    }
}
