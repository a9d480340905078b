using TalentData.Project;
using TalentData.Tests.Publishing;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Project;

/// <summary>
/// Curated reference files (sql/reference/&lt;name&gt;.csv with &lt;name&gt;.schema.yaml) are checked row by row when the
/// project is loaded; a bad row stops the run naming file, line, column, expected and found.
/// </summary>
public sealed class ReferenceSchemaTests
{
    static readonly TimeProvider Today = new FixedClock(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));

    const string Header = "name,kind,target_groups,districts_served,contact_url,source,date_checked,example";
    const string GoodRow = "Lesepaten,mentoring,children,20|50,https://www.example.org/lesepaten,Beispiel,2026-12-01,true";

    /// <summary>An sql/ folder whose reference/ holds the project's own programme schema and district list, and the given rows.</summary>
    static TempDir Folder(params string[] rows)
    {
        var dir = new TempDir();
        var reference = Path.Combine(RepoPaths.Sql, "reference");
        Directory.CreateDirectory(Path.Combine(dir.Path, "reference"));
        File.Copy(Path.Combine(reference, "talent_programmes.schema.yaml"), Path.Combine(dir.Path, "reference", "talent_programmes.schema.yaml"));
        File.Copy(Path.Combine(reference, "stadtbezirke.csv"), Path.Combine(dir.Path, "reference", "stadtbezirke.csv"));
        dir.File("reference/talent_programmes.csv", string.Join("\n", [Header, .. rows]) + "\n");
        return dir;
    }

    static IReadOnlyList<ReferenceExamples> ValidateAll(string sqlRoot, TimeProvider clock) => ReferenceSchema.ValidateAll(SqlFolders.Single(sqlRoot), clock);

    static string Failure(params string[] rows)
    {
        using var dir = Folder(rows);
        var ex = Assert.Throws<PipelineException>(() => ValidateAll(dir.Path, Today))!;
        return ex.Message;
    }

    [Test]
    public void TheProjectsProgrammes_AreValid()
    {
        Assert.DoesNotThrow(() => ValidateAll(RepoPaths.Sql, TimeProvider.System));
    }

    [Test]
    public void AGoodRow_Passes()
    {
        using var dir = Folder(GoodRow, "Stiftung,foundation,children|young_people|adults,city-wide,http://stiftung.example.org,Beispiel,2025-01-31,false");
        Assert.DoesNotThrow(() => ValidateAll(dir.Path, Today));
    }

    [Test]
    public void AKindOutsideTheClosedList_FailsWithFileLineExpectedAndFound()
    {
        var message = Failure(GoodRow, "Pfadfinder,scouts,young_people,city-wide,https://www.example.org/p,Beispiel,2026-12-01,true");
        Assert.That(message, Does.Contain("sql/reference/talent_programmes.csv, line 3, column kind: expected one of chamber, club, cultural_education, " +
            "foundation, mentoring, scholarship, school_programme, scouting, vocational_orientation, found 'scouts'."));
    }

    [Test]
    public void AUrlWithoutScheme_Fails()
    {
        var message = Failure("Lesepaten,mentoring,children,20,www.example.org/lesepaten,Beispiel,2026-12-01,true");
        Assert.That(message, Does.Contain("sql/reference/talent_programmes.csv, line 2, column contact_url: expected an absolute http(s) URL " +
            "such as https://www.example.org/, found 'www.example.org/lesepaten'."));
    }

    [Test]
    public void AMissingDate_Fails()
    {
        var message = Failure(GoodRow, "MINT-AG,school_programme,children,40,https://www.example.org/mint,Beispiel,,true");
        Assert.That(message, Does.Contain("sql/reference/talent_programmes.csv, line 3, column date_checked: expected a date yyyy-MM-dd, found an empty cell."));
    }

    [Test]
    public void ADateInTheFutureOrInAnotherFormat_Fails()
    {
        var message = Failure("A,club,children,40,https://www.example.org/a,Beispiel,2027-01-01,true",
                              "B,club,children,40,https://www.example.org/b,Beispiel,04.12.2026,true");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(message, Does.Contain("line 2, column date_checked: expected a date not after today (2026-12-04), found '2027-01-01'."));
            Assert.That(message, Does.Contain("line 3, column date_checked: expected a date yyyy-MM-dd, found '04.12.2026'."));
        }
    }

    [Test]
    public void UnknownDistricts_CityWideWithOthers_ARepeatedName_AndAQuotedCellOverTwoLines_AreEachNamed()
    {
        var message = Failure(
            "\"Lese\npaten\",mentoring,children,999,https://www.example.org/a,Beispiel,2026-12-01,true",
            "B,club,children,city-wide|40,https://www.example.org/b,Beispiel,2026-12-01,true",
            "B,club,adults,40,https://www.example.org/c,Beispiel,2026-12-01,true");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(message, Does.Contain("(3 problems)"));
            Assert.That(message, Does.Contain("line 2, column districts_served: expected '|'-separated values each one of 10, 100, 110, 120, 20, 30, 40, 50, 60, 70, 80, 90, city-wide, found '999'."));
            Assert.That(message, Does.Contain("line 4, column districts_served: expected 'city-wide' alone (it already means all), found 'city-wide|40'."));
            Assert.That(message, Does.Contain("line 5: expected name to be unique, found the same as on line 4."));
        }
    }

    [Test]
    public void AChangedHeader_FailsNamingBoth()
    {
        using var dir = Folder();
        dir.File("reference/talent_programmes.csv", "name,kind\nA,club\n");
        var ex = Assert.Throws<PipelineException>(() => ValidateAll(dir.Path, Today))!;
        Assert.That(ex.Message, Does.Contain($"sql/reference/talent_programmes.csv, line 1: expected the header {Header}, found name,kind."));
    }

    [Test]
    public void AnUnknownTargetGroup_IsNamedWithTheClosedList()
    {
        var message = Failure(GoodRow, "Seniorenakademie,club,children|seniors,40,https://www.example.org/s,Beispiel,2026-12-01,false");
        Assert.That(message, Does.Contain("sql/reference/talent_programmes.csv, line 3, column target_groups: expected '|'-separated values each one of " +
            "adults, children, young_people, found 'seniors'."));
    }

    [Test]
    public void AMissingColumn_IsNamedInTheHeaderAndARowWithACellTooFew_IsNamedByItsLine()
    {
        using (var dir = Folder())
        {
            dir.File("reference/talent_programmes.csv", Header.Replace(",source", "") + "\n");
            var ex = Assert.Throws<PipelineException>(() => ValidateAll(dir.Path, Today))!;
            Assert.That(ex.Message, Does.Contain($"sql/reference/talent_programmes.csv, line 1: expected the header {Header}, " +
                "found name,kind,target_groups,districts_served,contact_url,date_checked,example."));
        }
        var message = Failure(GoodRow, "Lesepaten 2,mentoring,children,20,https://www.example.org/l,2026-12-01,true");
        Assert.That(message, Does.Contain("sql/reference/talent_programmes.csv, line 3: expected 8 cells, found 7."));
    }

    [Test]
    public void ExampleRows_AreCountedForTheFileThatMarksThem()
    {
        using var dir = Folder(GoodRow, "Stiftung,foundation,adults,city-wide,https://www.example.org/s,Satzung der Stiftung,2026-11-02,false",
            "Kammer,chamber,young_people,city-wide,https://www.example.org/k,Beispiel,2026-11-02,true");
        var examples = ValidateAll(dir.Path, Today);
        Assert.That(examples, Is.EqualTo(new[] { new ReferenceExamples("ref.talent_programmes", "sql/reference/talent_programmes.csv", "example", 2, 3) }));
    }

    [Test]
    public void TheProjectsProgrammes_AreAllExamplesForNow()
    {
        var examples = ValidateAll(RepoPaths.Sql, TimeProvider.System);
        var programmes = examples.Single(e => e.Table == "ref.talent_programmes");
        var rows = File.ReadAllLines(Path.Combine(RepoPaths.Sql, "reference", "talent_programmes.csv")).Skip(1).Count(l => l.Length > 0);
        Assert.That((programmes.Examples, programmes.Rows), Is.EqualTo((rows, rows)));
    }

    [Test]
    public void AnExampleColumnThatIsNoTrueFalseColumn_IsRefused()
    {
        using var dir = Folder(GoodRow);
        var schema = Path.Combine(dir.Path, "reference", "talent_programmes.schema.yaml");
        File.WriteAllText(schema, File.ReadAllText(schema).Replace("example_column: example", "example_column: kind"));
        var ex = Assert.Throws<PipelineException>(() => ValidateAll(dir.Path, Today))!;
        Assert.That(ex.Message, Does.Contain("sql/reference/talent_programmes.schema.yaml: example_column names 'kind', which must be a column with values [\"true\", \"false\"]."));
    }

    /// <summary>
    /// A repository (sql/core/, the repository's programme schema and districts) with a city folder cities/x whose own
    /// sql/reference/ holds the given programme rows and district codes.
    /// </summary>
    static (TempDir Dir, SqlFolders Folders) RepositoryWithCity(string[] cityDistricts, params string[] cityRows)
    {
        var dir = new TempDir();
        var reference = Path.Combine(RepoPaths.Sql, "reference");
        Directory.CreateDirectory(Path.Combine(dir.Path, "sql", "core"));
        dir.File("sql/reference/talent_programmes.schema.yaml", File.ReadAllText(Path.Combine(reference, "talent_programmes.schema.yaml")));
        dir.File("sql/reference/talent_programmes.csv", File.ReadAllText(Path.Combine(reference, "talent_programmes.csv")));
        dir.File("sql/reference/stadtbezirke.csv", File.ReadAllText(Path.Combine(reference, "stadtbezirke.csv")));
        dir.File("cities/x/sql/reference/stadtbezirke.csv",
            "stadtbezirk_code,stadtbezirk_name,official_order,nr_confirmed\n" + string.Concat(cityDistricts.Select((d, i) => $"{d},Bezirk {d},{i + 1},true\n")));
        dir.File("cities/x/sql/reference/talent_programmes.csv", string.Join("\n", [Header, .. cityRows]) + "\n");
        return (dir, SqlFolders.Of(Path.Combine(dir.Path, "cities", "x")));
    }

    [Test]
    public void ACitysOwnList_WithoutASchemaOfItsOwn_IsCheckedAgainstTheRepositorysSchemaAndItsOwnDistricts()
    {
        var (dir, folders) = RepositoryWithCity(["7"], "Lernhaus,mentoring,children,7,https://www.example.org/l,Beispiel,2026-12-01,true");
        using (dir)
        {
            Assert.That(ReferenceSchema.ValidateAll(folders, Today).Single().File, Is.EqualTo("cities/x/sql/reference/talent_programmes.csv"),
                "the city's list is the one read and counted");
            // Dortmund's district 20 is no district of this city, and a kind outside the repository's closed list is refused.
            dir.File("cities/x/sql/reference/talent_programmes.csv", string.Join("\n", Header,
                "Lernhaus,mentoring,children,20,https://www.example.org/l,Beispiel,2026-12-01,true",
                "Zirkus,circus,children,7,https://www.example.org/z,Beispiel,2026-12-01,true") + "\n");
            var ex = Assert.Throws<PipelineException>(() => ReferenceSchema.ValidateAll(folders, Today))!;
            Assert.That(ex.Message, Does.Contain("cities/x/sql/reference/talent_programmes.csv does not match its schema sql/reference/talent_programmes.schema.yaml (2 problems)"));
            Assert.That(ex.Message, Does.Contain("cities/x/sql/reference/talent_programmes.csv, line 2, column districts_served: expected '|'-separated values each one of 7, city-wide, found '20'."));
            Assert.That(ex.Message, Does.Contain("cities/x/sql/reference/talent_programmes.csv, line 3, column kind: expected one of"));
        }
    }

    [Test]
    public void ACitysOwnSchema_MayRewordAndNarrowValues_ButNotChangeTheColumnsTheSharedSqlReads()
    {
        var (dir, folders) = RepositoryWithCity(["7"], "Lernhaus,mentoring,children,7,https://www.example.org/l,Beispiel,2026-12-01,true");
        using (dir)
        {
            var shared = File.ReadAllText(Path.Combine(dir.Path, "sql", "reference", "talent_programmes.schema.yaml"));
            dir.File("cities/x/sql/reference/talent_programmes.schema.yaml",
                shared.Replace("in Dortmund", "in the city").Replace("values: [children, young_people, adults]", "values: [children, young_people]"));
            Assert.That(ReferenceSchema.ValidateAll(folders, Today), Has.Count.EqualTo(1), "a reworded schema with fewer target groups is the city's to choose");

            dir.File("cities/x/sql/reference/talent_programmes.schema.yaml",
                shared.Replace("  - { name: source, description: \"Where the entry's facts come from\" }\n", ""));
            var ex = Assert.Throws<PipelineException>(() => ReferenceSchema.ValidateAll(folders, Today))!;
            Assert.That(ex.Message, Does.StartWith("cities/x/sql/reference/talent_programmes.schema.yaml: declares the columns name (text), kind (text), " +
                "target_groups (text, list by '|'), districts_served (text, list by '|'), contact_url (url), date_checked (date), example (text)"));
            Assert.That(ex.Message, Does.Contain("expected what the repository's sql/reference/talent_programmes.schema.yaml declares, which the shared SQL reads: " +
                "the columns name (text), kind (text), target_groups (text, list by '|'), districts_served (text, list by '|'), contact_url (url), source (text), date_checked (date), example (text)"));
        }
    }
}
