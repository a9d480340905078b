using Dapper;
using TalentData.Project;
using TalentData.Running;
using TalentData.Tests.TestSupport;
using TalentData.Warehouse;

namespace TalentData.Tests.Warehouse;

/// <summary>
/// Placing places in districts (sql/README.md "Placing places") with the synthetic city of <see cref="SyntheticPlacement"/>:
/// the function district_at on its own, then core.fct_places built from the repository's SQL over a few staging rows,
/// one for each path — the source's number, a point in a polygon, a point on a shared edge, a point outside every
/// polygon, the address table, and nothing at all — and the fingerprint that rebuilds it when a boundary file changes.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class DistrictPlacementTests
{
    TempDir project = null!;
    DistrictPlacement Placement = null!;

    [OneTimeSetUp]
    public void WriteTheSyntheticCity()
    {
        project = new TempDir();
        SyntheticPlacement.WriteInto(project.Path);
        Placement = DistrictPlacement.For(City.Load(project.Path));
    }

    [OneTimeTearDown]
    public void RemoveIt() => project.Dispose();

    [Test]
    public void Place_PointInsideADistrict_IsThatDistrict()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Placement.Place("statistischer_bezirk", 51.505, 7.43), Is.EqualTo("010"));
            Assert.That(Placement.Place("statistischer_bezirk", 51.515, 7.47), Is.EqualTo("630"), "a MultiPolygon's part");
            Assert.That(Placement.Place("stadtbezirk", 51.515, 7.52), Is.EqualTo("20"), "a code written as a JSON number");
        }
    }

    [Test]
    public void Place_PointOnTheEdgeTwoDistrictsShare_GoesToTheLowerCode()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Placement.Place("statistischer_bezirk", 51.515, 7.45), Is.EqualTo("010"), "on the shared edge lon 7.45: 010 < 630");
            Assert.That(Placement.Place("statistischer_bezirk", 51.50, 7.45), Is.EqualTo("010"), "on the corner both share");
            Assert.That(Placement.Place("statistischer_bezirk", 51.50, 7.47), Is.EqualTo("630"), "on an outer edge only 630 has");
        }
    }

    [Test]
    public void Place_PointOutsideEveryDistrictOrInAHole_IsNoDistrict()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Placement.Place("statistischer_bezirk", 51.60, 7.60), Is.Null, "outside every polygon");
            Assert.That(Placement.Place("statistischer_bezirk", 51.515, 7.415), Is.Null, "in the hole of 010");
            Assert.That(Placement.Place("statistischer_bezirk", 51.515, 7.52), Is.Null, "inside a Stadtbezirk, but no statistischer Bezirk is drawn there");
            Assert.That(Placement.Place("land", 51.505, 7.43), Is.Null, "a level without boundaries places nothing");
            Assert.That(DistrictPlacement.None.Place("statistischer_bezirk", 51.505, 7.43), Is.Null);
        }
    }

    [Test]
    public void DistrictAt_InSql_PlacesRowsAndGivesNullForNullInput()
    {
        using var warehouse = TalentData.Warehouse.Warehouse.InMemory();
        Placement.Prepare(warehouse.Connection);
        var rows = warehouse.Connection.Query<string?>("""
            select district_at('statistischer_bezirk', lat, lon) from (values (1, 51.505, 7.43), (2, 51.515, 7.45), (3, null, 7.43), (4, 51.6, 7.6)) as t(n, lat, lon) order by n
            """).ToList();
        Assert.That(rows, Is.EqualTo(new string?[] { "010", "010", null, null }));
    }

    /// <summary>
    /// The whole model, as a run builds it: the reference stage's tables, the placement inputs of the synthetic city, a
    /// few staging rows in place of the views, and core.fct_places built by <see cref="SqlModelRunner"/> with the
    /// city's placement; then the warning check names what stayed unplaced with its reason.
    /// </summary>
    [Test]
    public void FctPlaces_EachPlacementPath_PlacesOrQuarantinesWithItsReason()
    {
        using var warehouse = TalentData.Warehouse.Warehouse.InMemory();
        var sqlRoot = Path.Combine(RepoPaths.Root, "sql");
        ReferenceData.Load(warehouse, sqlRoot);
        var placement = Placement;
        placement.WriteInputs(warehouse.Connection);
        var inputs = warehouse.Connection.Query<(string Kind, string? Level, string File, string Sha256, long Entries)>(
            "select kind, area_level, file, sha256, entries from ref.placement_inputs order by kind, area_level").ToList();
        Assert.That(inputs.Select(i => (i.Kind, i.Level, i.File, i.Entries)), Is.EqualTo(new[]
        {
            ("address_table", (string?)null, SyntheticPlacement.AddressFile, 2L),
            ("boundaries", (string?)"stadtbezirk", SyntheticPlacement.StadtbezirkeFile, 1L),
            ("boundaries", (string?)"statistischer_bezirk", SyntheticPlacement.StatBezirkeFile, 2L),
        }), "what placed the places, recorded in the warehouse");
        Assert.That(inputs[2].Sha256, Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            File.ReadAllBytes(Path.Combine(project.Path, SyntheticPlacement.StatBezirkeFile))))));
        const string Columns = "place_id varchar, place_name varchar, category varchar, address varchar, postcode varchar, latitude double, longitude double, " +
                               "source_id varchar, run_id varchar, source_file varchar, line_number bigint";
        warehouse.Connection.Execute($"""
            create table inputs.places_schools ({Columns}, stat_bezirk_code varchar);
            create table inputs.places_daycare ({Columns}, capacity integer, stat_bezirk_code varchar);
            create table inputs.places_youth_facilities ({Columns}, stadtbezirk_code varchar);
            create table inputs.places_libraries ({Columns}, stadtbezirk_code varchar);
            create table inputs.places_adult_education ({Columns}, stadtbezirk_code varchar);
            insert into inputs.places_schools values
                ('number', 'S1', 'Grundschule', 'Weg 1', '44225', 51.505, 7.43, 'dortmund_schools', 'r1', 's.csv', 2, '630'),
                ('polygon', 'S2', 'Grundschule', 'Weg 2', '44225', 51.505, 7.43, 'dortmund_schools', 'r1', 's.csv', 3, null),
                ('edge', 'S3', 'Grundschule', null, null, 51.515, 7.45, 'dortmund_schools', 'r1', 's.csv', 4, null),
                ('stadtbezirk_polygon', 'S4', 'Grundschule', null, null, 51.515, 7.52, 'dortmund_schools', 'r1', 's.csv', 5, null);
            insert into inputs.places_daycare values
                ('address', 'K1', 'frei', 'Hauptstr. 13', '44225', 51.60, 7.60, 'dortmund_daycare', 'r1', 'k.csv', 2, 40, null),
                ('outside', 'K2', 'frei', 'Nebenweg 1', '44000', 51.60, 7.60, 'dortmund_daycare', 'r1', 'k.csv', 3, 30, null);
            insert into inputs.places_youth_facilities values
                ('given_stadtbezirk', 'J1', 'Jugendtreff', null, null, 51.505, 7.43, 'dortmund_youth_facilities', 'r1', 'j.csv', 2, '30');
            insert into inputs.places_libraries values
                ('nothing', 'B1', 'Fahrbibliothek', null, null, null, null, 'dortmund_libraries', 'r1', 'b.csv', 2, null);
            """);
        var model = ModelGraph.Discover(sqlRoot).Single(m => m.QualifiedName == "core.fct_places");
        var results = new SqlModelRunner(sqlRoot, placement).Build(warehouse, [model], new HashSet<string>());
        Assert.That(results.Single().Status, Is.EqualTo(ModelStatus.Built), results.Single().Error);

        var places = warehouse.Connection.Query<(string Id, string? StatBezirk, string? Stadtbezirk, string? PlacedBy, string? Reason)>(
            "select place_id, stat_bezirk_code, stadtbezirk_code, placed_by, unplaced_reason from core.fct_places").ToDictionary(p => p.Id);
        const string Boundaries = "config/geo/stadtbezirke.geojson, config/geo/stat_bezirke.geojson";
        using (Assert.EnterMultipleScope())
        {
            Assert.That(places["number"], Is.EqualTo(("number", (string?)"630", (string?)"90", (string?)"statistischer_bezirk_nr", (string?)null)), "the source's number wins over its point in 010");
            Assert.That(places["given_stadtbezirk"], Is.EqualTo(("given_stadtbezirk", (string?)null, (string?)"30", (string?)"stadtbezirk_nr", (string?)null)));
            Assert.That(places["polygon"], Is.EqualTo(("polygon", (string?)"010", (string?)"10", (string?)"polygon", (string?)null)), "the Stadtbezirk of 010 from the reference");
            Assert.That(places["edge"], Is.EqualTo(("edge", (string?)"010", (string?)"10", (string?)"polygon", (string?)null)), "on the edge of 010 and 630: the lower code");
            Assert.That(places["stadtbezirk_polygon"], Is.EqualTo(("stadtbezirk_polygon", (string?)null, (string?)"20", (string?)"polygon", (string?)null)), "only the Stadtbezirk boundaries hold it");
            Assert.That(places["address"], Is.EqualTo(("address", (string?)"640", (string?)"90", (string?)"address_table", (string?)null)), "outside every polygon, but 13 is odd: 640");
            Assert.That(places["outside"], Is.EqualTo(("outside", (string?)null, (string?)null, (string?)null,
                (string?)$"no district number; coordinates 51.6, 7.6 lie outside every district of {Boundaries}; address 'Nebenweg 1, 44000' is not in config/geo/adressen.csv")));
            Assert.That(places["nothing"], Is.EqualTo(("nothing", (string?)null, (string?)null, (string?)null,
                (string?)"no district number and no coordinates; no address to look up in config/geo/adressen.csv")));
        }

        var check = File.ReadAllText(Path.Combine(sqlRoot, "checks", "assert_places_in_a_district.sql"));
        var quarantined = warehouse.Connection.Query<(string SourceFile, long Line, string PlaceId, string Reason)>(
            $"select source_file, line_number, place_id, reason from ({check}) order by place_id").ToList();
        Assert.That(quarantined, Is.EqualTo(new[]
        {
            ("b.csv", 2L, "nothing", places["nothing"].Reason!),
            ("k.csv", 3L, "outside", places["outside"].Reason!),
        }), "the warning check names file, line and reason of exactly the unplaced places");
    }

    /// <summary>
    /// A changed boundary file changes the fingerprint of core.fct_places and of every model that reads it, so an
    /// incremental run rebuilds them; models that do not place places keep theirs.
    /// </summary>
    [Test]
    public void Fingerprint_ChangedBoundaryFile_RebuildsFctPlacesAndWhatReadsIt()
    {
        using var repo = new RepoCopy();
        SyntheticPlacement.WriteInto(repo.Root);
        var before = RunInputs.Compute(ProjectManifest.Load(repo.Root, TalentData.Loading.ReaderFormats.All), new TalentData.Publishing.PublishSettings(), new Dictionary<(string, string), string>());
        // 630 a little smaller: other bytes, other length
        File.WriteAllText(Path.Combine(repo.Root, SyntheticPlacement.StatBezirkeFile), SyntheticPlacement.StatBezirke.Replace("[7.50,51.50],[7.50,51.53]", "[7.49,51.50],[7.49,51.53]"));
        var after = RunInputs.Compute(ProjectManifest.Load(repo.Root, TalentData.Loading.ReaderFormats.All), new TalentData.Publishing.PublishSettings(), new Dictionary<(string, string), string>());
        var changed = after.Models.Where(m => before.Models[m.Key] != m.Value).Select(m => m.Key).ToList();
        Assert.That(changed, Is.SupersetOf(new[] { "core.fct_places", "marts.angebote_orte", "marts.angebote_stadtbezirke" }));
        Assert.That(changed, Does.Not.Contain("core.fct_population"), "a model that places nothing keeps its fingerprint");
        Assert.That(changed, Does.Not.Contain("inputs.places_schools"), "the places' staging is upstream of placement");
    }

    [Test]
    public void Manifest_ViewCallingDistrictAt_IsRefusedNamingTheFile()
    {
        using var repo = new RepoCopy();
        var view = Path.Combine(repo.Root, "sql", "staging", "dortmund_schools", "stg_dortmund_schools__schools.sql");
        File.WriteAllText(view, File.ReadAllText(view).Replace("source._line_number as line_number", "source._line_number as line_number,\n        district_at('stadtbezirk', 51.5, 7.4) as placed"));
        var ex = Assert.Throws<PipelineException>(() => ProjectManifest.Load(repo.Root, TalentData.Loading.ReaderFormats.All))!;
        Assert.That(ex.Message, Does.StartWith("sql/staging/dortmund_schools/stg_dortmund_schools__schools.sql calls district_at(), which exists only while the models build"));
    }
}
