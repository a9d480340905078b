using System.Text;
using TalentData.Loading;
using TalentData.Project;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Loading;

/// <summary>
/// The layouts a GENESIS table CSV comes in, each declared in the pipeline file alone: label columns between the region
/// name and the values, any number of header rows, the period in the first column, on a title line of its own or in a
/// header row, both first-line forms, older and newer region names, footers with and without the underscore line. Small
/// hand-made tables in the real byte format (Windows-1252, <c>;</c>, LF), and the two real files that need the general
/// reader (21111-01-03-4 with the Schulart as a label column, 21121-02-02-4 with six header rows).
/// </summary>
public class GenesisTableLayoutTests
{
    static readonly Encoding Cp1252 = ReaderFormat.GetEncoding("windows-1252");

    static string RealSchoolsFile => Path.Combine(RepoPaths.RealData, "genesis", "21111-01-03-4.csv");
    static string RealVocationalFile => Path.Combine(RepoPaths.RealData, "genesis", "21121-02-02-4.csv");

    static EntityDefinition Pipeline(string sourceId) =>
        PipelineCatalog.ParseFile(Path.Combine(RepoPaths.Pipelines, sourceId + ".yaml"), ReaderFormats.All).Entities.Single();

    sealed record Result(IReadOnlyList<string> Columns, List<RawRow> Rows, List<QuarantinedRow> Quarantined)
    {
        readonly Dictionary<string, int> index = Columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);

        public string? Cell(RawRow row, string column) => row.Values[index[column]];

        public List<RawRow> Where(params (string Column, string? Value)[] filter) =>
            Rows.Where(r => filter.All(f => Cell(r, f.Column) == f.Value)).ToList();

        public string? Value(params (string Column, string? Value)[] filter) =>
            Cell(Where(filter).Single(), GenesisTableReader.ValueColumn);
    }

    static Result Read(string path, EntityDefinition entity)
    {
        var reader = new GenesisTableReader();
        var quarantined = new List<QuarantinedRow>();
        var rows = reader.Read(path, "regionalstatistik_test", entity, quarantined.Add).ToList();
        return new Result(reader.RawColumns(entity), rows, quarantined);
    }

    static PipelineException ReadFails(string path, EntityDefinition entity) =>
        Assert.Throws<PipelineException>(() => Read(path, entity))!;

    static EntityDefinition Entity(string tableCode, string[] headers, List<string>? labels = null, string? period = null) => new()
    {
        Entity = "kreise",
        Reader = "genesis_table_csv",
        Sample = "sample-data/x/t.csv",
        Url = "https://example.invalid/t.csv",
        Encoding = "windows-1252",
        Format = new GenesisTableReader(),
        Options = new GenesisTableOptions
        {
            TableCode = tableCode,
            LabelColumns = labels,
            PeriodPosition = period,
            ValueColumns = [.. headers.Select((h, i) => new GenesisColumn { Header = h, Measure = "count", Dimensions = new() { ["column"] = $"c{i + 1}" } })],
        },
    };

    const string Footer = "__________\n\"Fußnote zu \"\"gesamte Tabelle\"\":\nzweite Zeile;mit Semikolon\"\n\"© Statistische Ämter des Bundes und der Länder, Deutschland, 2025.\nDieses Werk ist lizenziert unter der Datenlizenz Deutschland\n- Namensnennung - Version 2.0.\"\nStand: 13.03.2025 / 16:39:14\n";

    static (string Column, string? Value) Dortmund => ("region_code", "05913");
    static (string Column, string? Value) Col(int i) => ("column", $"c{i}");

    // ---------- label columns: year; key; name; Schulart; values

    const string SchoolsTable =
        "GENESIS-Tabelle: 99999-01-03-4\n" +
        "Schulen, Schüler nach Schularten -;;;;;;\n" +
        "Stichtag: Schuljahresbeginn - regionale Tiefe: Kreise und;;;;;;\n" +
        "krfr. Städte;;;;;;\n" +
        ";;;;Schulen;Schüler;Schüler\n" +
        ";;;;;Geschlecht;Geschlecht\n" +
        ";;;;;Insgesamt;weiblich\n" +
        ";;;;Anzahl;Anzahl;Anzahl\n" +
        "2023;DG;Deutschland;Gymnasien;3160;2280967;1196430\n" +
        "2023;05;  Nordrhein-Westfalen;Gymnasien;622;515600;270010\n" +
        "2023;05913;      Dortmund, kreisfreie Stadt;Gymnasien;16;14945;7860\n" +
        "2023;05913;      Dortmund, kreisfreie Stadt;Insgesamt;x;64650;32040\n" +
        Footer;

    static readonly string[] SchoolsHeaders = ["Schulen /  /  / Anzahl", "Schüler / Geschlecht / Insgesamt / Anzahl", "Schüler / Geschlecht / weiblich / Anzahl"];

    [Test]
    public void Read_LabelColumn_EachRowCarriesItsLabelAndTheValuesStartAfterIt()
    {
        using var dir = new TempDir();
        var path = dir.File("t.csv", SchoolsTable, Cp1252);
        var r = Read(path, Entity("99999-01-03-4", SchoolsHeaders, ["schulart"]));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Columns, Is.EqualTo(new[] { "year", "region_code", "region_name", "region_depth", "column_header", "measure", "schulart", "column", "value_text" }));
            Assert.That(r.Quarantined, Is.Empty);
            Assert.That(r.Rows, Has.Count.EqualTo(4 * 3));
            Assert.That(r.Value(Dortmund, ("schulart", "Gymnasien"), Col(1)), Is.EqualTo("16"));
            Assert.That(r.Value(Dortmund, ("schulart", "Gymnasien"), Col(2)), Is.EqualTo("14945"));
            Assert.That(r.Value(Dortmund, ("schulart", "Gymnasien"), Col(3)), Is.EqualTo("7860"));
            Assert.That(r.Value(Dortmund, ("schulart", "Insgesamt"), Col(1)), Is.EqualTo("x"));
            Assert.That(r.Cell(r.Where(Dortmund).First(), "region_name"), Is.EqualTo("Dortmund, kreisfreie Stadt"));
            Assert.That(r.Cell(r.Where(Dortmund).First(), "region_depth"), Is.EqualTo("3"));
            Assert.That(r.Cell(r.Where(Dortmund).First(), "column_header"), Is.EqualTo("Schulen /  /  / Anzahl"));
        }
    }

    [Test]
    public void Read_LabelColumnNotDeclared_FailsAtTheHeaderNamingExpectedAndFound()
    {
        using var dir = new TempDir();
        var path = dir.File("t.csv", SchoolsTable, Cp1252);
        var ex = ReadFails(path, Entity("99999-01-03-4", SchoolsHeaders));
        Assert.That(ex.Message, Does.Contain("t.csv, header rows from line 5")
            .And.Contain("expected 3 columns before the values (year; region key; region name), found 4")
            .And.Contain("1 label column(s)").And.Contain("declares 0 (label_columns)")
            .And.Contain("update pipelines/regionalstatistik_test.yaml"));
    }

    [Test]
    public void Read_MoreLabelColumnsDeclaredThanTheFileHas_FailsNamingExpectedAndFound()
    {
        using var dir = new TempDir();
        var path = dir.File("t.csv", SchoolsTable, Cp1252);
        var ex = ReadFails(path, Entity("99999-01-03-4", SchoolsHeaders[1..], ["schulart", "traeger"]));
        Assert.That(ex.Message, Does.Contain("line 5")
            .And.Contain("expected 5 columns before the values (year; region key; region name; schulart; traeger), found 4")
            .And.Contain("declares 2 (label_columns)"));
    }

    [Test]
    public void Read_RowWithoutItsLabelCell_QuarantinedNamingTheFieldCount()
    {
        using var dir = new TempDir();
        var path = dir.File("t.csv", SchoolsTable.Replace("2023;05;  Nordrhein-Westfalen;Gymnasien;622;", "2023;05;  Nordrhein-Westfalen;622;"), Cp1252);
        var r = Read(path, Entity("99999-01-03-4", SchoolsHeaders, ["schulart"]));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Quarantined.Select(q => q.LineNumber), Is.EqualTo(new long[] { 10 }));
            Assert.That(r.Quarantined[0].Reason, Does.Contain("expected 7 fields (year; region key; region name; schulart; 3 values), found 6"));
            Assert.That(r.Rows, Has.Count.EqualTo(3 * 3));
        }
    }

    // ---------- header rows: any number

    [Test]
    public void Read_SixHeaderRows_EveryRowJoinsTheHeaderPath()
    {
        using var dir = new TempDir();
        var path = dir.File("t.csv",
            "GENESIS-Tabelle: 99999-02-02-4\n" +
            "Absolvierende beruflicher Schulen - Schuljahr - regionale Tiefe: Kreise und krfr. Städte;;;;;\n" +
            ";;;Absolvierende;Absolvierende;Absolvierende;nachrichtl.\n" +
            ";;;Geschlecht;davon mit;davon mit;Geschlecht\n" +
            ";;;Insgesamt;mit Hauptschulabschluss;mit Hauptschulabschluss;Insgesamt\n" +
            ";;;;Geschlecht;Geschlecht;\n" +
            ";;;;Insgesamt;weiblich;\n" +
            ";;;Anzahl;Anzahl;Anzahl;Anzahl\n" +
            "2023;DG;Deutschland;222742;41403;16612;21475\n" +
            "2023;05913;      Dortmund, kreisfreie Stadt;1755;740;355;445\n" +
            Footer, Cp1252);
        string[] headers =
        [
            "Absolvierende / Geschlecht / Insgesamt /  /  / Anzahl",
            "Absolvierende / davon mit / mit Hauptschulabschluss / Geschlecht / Insgesamt / Anzahl",
            "Absolvierende / davon mit / mit Hauptschulabschluss / Geschlecht / weiblich / Anzahl",
            "nachrichtl. / Geschlecht / Insgesamt /  /  / Anzahl",
        ];
        var r = Read(path, Entity("99999-02-02-4", headers));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Quarantined, Is.Empty);
            Assert.That(r.Value(Dortmund, Col(1)), Is.EqualTo("1755"));
            Assert.That(r.Value(Dortmund, Col(3)), Is.EqualTo("355"));
            Assert.That(r.Value(Dortmund, Col(4)), Is.EqualTo("445"));
            Assert.That(r.Where(Dortmund).First().LineNumber, Is.EqualTo(10));
        }
    }

    // ---------- the period on a title line of its own, an older export

    const string OlderPopulationTable =
        "Tabelle: 99999-01-01-4\n" +
        "Bevölkerung nach Geschlecht - Stichtag 31.12. - regionale;;;\n" +
        "Tiefe: Kreise und krfr. Städte;;;\n" +
        "Fortschreibung des Bevölkerungsstandes;;;\n" +
        "31.12.2015;;;;\n" +
        ";;Insgesamt;männlich;weiblich\n" +
        ";;Anzahl;Anzahl;Anzahl\n" +
        "DG;Deutschland;82175684;40514123;41661561\n" +
        "05;  Nordrhein-Westfalen;17865516;8727000;9138516\n" +
        "05913;      Dortmund, Kreisfreie Stadt;586181;286800;299381\n" +
        "__________\n" +
        "Stand: 08.02.2017 / 11:12:13\n";

    static readonly string[] PopulationHeaders = ["Insgesamt / Anzahl", "männlich / Anzahl", "weiblich / Anzahl"];

    [Test]
    public void Read_PeriodOnATitleLineAboveTheHeader_EveryRowGetsItAndTheKeyIsColumn1()
    {
        using var dir = new TempDir();
        var path = dir.File("t.csv", OlderPopulationTable, Cp1252);
        var r = Read(path, Entity("99999-01-01-4", PopulationHeaders, period: "title_line"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Quarantined, Is.Empty);
            Assert.That(r.Rows, Has.Count.EqualTo(3 * 3));
            Assert.That(r.Rows.Select(x => r.Cell(x, "year")).Distinct(), Is.EqualTo(new[] { "31.12.2015" }));
            Assert.That(r.Value(Dortmund, Col(1)), Is.EqualTo("586181"));
            Assert.That(r.Value(Dortmund, Col(3)), Is.EqualTo("299381"));
            Assert.That(r.Cell(r.Where(Dortmund).First(), "region_name"), Is.EqualTo("Dortmund, Kreisfreie Stadt"));
            Assert.That(r.Cell(r.Where(Dortmund).First(), "region_depth"), Is.EqualTo("3"));
            Assert.That(r.Cell(r.Where(("region_code", "DG")).First(), "region_depth"), Is.EqualTo("0"));
        }
    }

    [Test]
    public void Read_PeriodTitleLineBeforeEachBlock_EachBlockGetsItsPeriod()
    {
        using var dir = new TempDir();
        var path = dir.File("t.csv", OlderPopulationTable.Replace("__________\n",
            "31.12.2016;;;;\nDG;Deutschland;82521653;40697118;41824535\n05913;      Dortmund, Kreisfreie Stadt;586600;287000;299600\n__________\n"), Cp1252);
        var r = Read(path, Entity("99999-01-01-4", PopulationHeaders, period: "title_line"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Quarantined, Is.Empty);
            Assert.That(r.Value(Dortmund, ("year", "31.12.2015"), Col(1)), Is.EqualTo("586181"));
            Assert.That(r.Value(Dortmund, ("year", "31.12.2016"), Col(1)), Is.EqualTo("586600"));
            Assert.That(r.Where(("year", "31.12.2016")), Has.Count.EqualTo(2 * 3));
        }
    }

    [Test]
    public void Read_TitleLinePeriodDeclaredButNoneInTheFile_FailsNamingTheLine()
    {
        using var dir = new TempDir();
        var path = dir.File("t.csv", OlderPopulationTable.Replace("31.12.2015;;;;\n", ""), Cp1252);
        var ex = ReadFails(path, Entity("99999-01-01-4", PopulationHeaders, period: "title_line"));
        Assert.That(ex.Message, Does.Contain("t.csv, line 7: expected a title line holding the period")
            .And.Contain("found data without one").And.Contain("period_position"));
    }

    [Test]
    public void Read_TitleLineTableDeclaredAsPeriodFirst_FailsAtTheHeader()
    {
        using var dir = new TempDir();
        var path = dir.File("t.csv", OlderPopulationTable, Cp1252);
        var ex = ReadFails(path, Entity("99999-01-01-4", PopulationHeaders));
        // The title line looks like a data row with its period first, and comes before any header row.
        Assert.That(ex.Message, Does.Contain("t.csv, line 5: the first data row comes before any header row"));
    }

    // ---------- the period only inside a header row

    [Test]
    public void Read_PeriodInAHeaderRow_EachColumnGetsItsPeriodAndTheRowLeavesTheHeaderPath()
    {
        using var dir = new TempDir();
        var path = dir.File("t.csv",
            "GENESIS-Tabelle: 99999-01-01-4\n" +
            "Bevölkerung nach Geschlecht - Stichtag 31.12. - regionale Tiefe: Kreise und krfr. Städte;;;;\n" +
            ";;31.12.2023;31.12.2023;31.12.2024;31.12.2024\n" +
            ";;Insgesamt;weiblich;Insgesamt;weiblich\n" +
            ";;Anzahl;Anzahl;Anzahl;Anzahl\n" +
            "DG;Deutschland;83456045;42216960;83577140;42256633\n" +
            "05913;      Dortmund, kreisfreie Stadt;601779;304894;603462;305602\n" +
            Footer, Cp1252);
        var r = Read(path, Entity("99999-01-01-4", ["Insgesamt / Anzahl", "weiblich / Anzahl", "Insgesamt / Anzahl", "weiblich / Anzahl"], period: "header_row"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Quarantined, Is.Empty);
            Assert.That(r.Value(Dortmund, ("year", "31.12.2024"), Col(3)), Is.EqualTo("603462"));
            Assert.That(r.Value(Dortmund, ("year", "31.12.2024"), Col(4)), Is.EqualTo("305602"));
            Assert.That(r.Value(Dortmund, ("year", "31.12.2023"), Col(1)), Is.EqualTo("601779"));
            Assert.That(r.Rows.Select(x => r.Cell(x, "column_header")).Distinct(), Is.EquivalentTo(new[] { "Insgesamt / Anzahl", "weiblich / Anzahl" }));
        }
    }

    [Test]
    public void Read_HeaderRowPeriodDeclaredButNoPeriodRow_FailsNamingTheHeaderLines()
    {
        using var dir = new TempDir();
        var path = dir.File("t.csv", OlderPopulationTable.Replace("31.12.2015;;;;\n", ""), Cp1252);
        var ex = ReadFails(path, Entity("99999-01-01-4", PopulationHeaders, period: "header_row"));
        Assert.That(ex.Message, Does.Contain("t.csv, header rows from line 5: expected one header row holding the period of every value column")
            .And.Contain("found 0"));
    }

    // ---------- first line and footer forms

    [TestCase("GENESIS-Tabelle: 99999-01-03-4")]
    [TestCase("GENESIS-Tabelle: 99999-01-03-4;;;;;;")]
    [TestCase("Tabelle: 99999-01-03-4")]
    [TestCase("Tabelle: 99999-01-03-4-B;;;")]
    public void Read_BothFirstLineForms_Load(string firstLine)
    {
        using var dir = new TempDir();
        var path = dir.File("t.csv", SchoolsTable.Replace("GENESIS-Tabelle: 99999-01-03-4", firstLine), Cp1252);
        Assert.That(Read(path, Entity("99999-01-03-4", SchoolsHeaders, ["schulart"])).Rows, Has.Count.EqualTo(4 * 3));
    }

    [Test]
    public void Read_FooterWithoutUnderscoreLine_StopsAtTheQuotedNote()
    {
        using var dir = new TempDir();
        var path = dir.File("t.csv", SchoolsTable.Replace("__________\n", ""), Cp1252);
        var r = Read(path, Entity("99999-01-03-4", SchoolsHeaders, ["schulart"]));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Quarantined, Is.Empty, "the multi-line notes and the Stand: line are footer, not bad rows");
            Assert.That(r.Rows, Has.Count.EqualTo(4 * 3));
        }
    }

    [Test]
    public void Read_FooterNoteWithSemicolonsInsideItsQuotes_IsNotData()
    {
        using var dir = new TempDir();
        var path = dir.File("t.csv", SchoolsTable, Cp1252);
        var r = Read(path, Entity("99999-01-03-4", SchoolsHeaders, ["schulart"]));
        Assert.That(r.Rows.Select(x => x.LineNumber).Max(), Is.EqualTo(12));
    }

    // ---------- the declaration

    [Test]
    public void Problem_UnknownPeriodPosition_IsReported()
    {
        var entity = Entity("99999-01-01-4", PopulationHeaders, period: "footer");
        Assert.That(new GenesisTableReader().Problem(entity), Is.EqualTo("period_position 'footer' is not one of first_column, title_line, header_row."));
    }

    [TestCase("region_code", "clashes")]
    [TestCase("Schulart", "snake_case")]
    public void Problem_BadLabelColumnName_IsReported(string label, string expected)
    {
        var entity = Entity("99999-01-03-4", SchoolsHeaders, [label]);
        Assert.That(new GenesisTableReader().Problem(entity), Does.Contain($"label column '{label}'").And.Contain(expected));
    }

    [Test]
    public void Fingerprint_PipelineWithoutTheNewKeys_IsUnchangedByThem()
    {
        // The reader options that did not exist before (label_columns, period_position) are left out of the fingerprint
        // when absent, so a warehouse loaded before them does not reload every GENESIS source once.
        var entity = Pipeline("regionalstatistik_unemployment");
        var json = System.Text.Json.JsonSerializer.Serialize((object)entity.Options);
        Assert.That(json, Does.Not.Contain("LabelColumns").And.Not.Contain("PeriodPosition").And.StartWith("{\"TableCode\":"));
    }

    // ---------- the real files

    [Test]
    public void Read_RealSchoolsFile_DortmundValuesBySchulartExact()
    {
        var r = Read(RealSchoolsFile, Pipeline("regionalstatistik_schools"));
        (string, string?) Schulart(string s) => ("schulart", s);
        (string, string?) Schools = ("measure", "schools");
        (string, string?) Pupils(string group) => ("pupil_group", group);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Value(Dortmund, Schulart("Gymnasien"), Schools), Is.EqualTo("16"));
            Assert.That(r.Value(Dortmund, Schulart("Gymnasien"), Pupils("total")), Is.EqualTo("14945"));
            Assert.That(r.Value(Dortmund, Schulart("Gymnasien"), Pupils("female")), Is.EqualTo("7860"));
            Assert.That(r.Value(Dortmund, Schulart("Gymnasien"), Pupils("foreign")), Is.EqualTo("2060"));
            Assert.That(r.Value(Dortmund, Schulart("Gymnasien"), Pupils("grade_7")), Is.EqualTo("1920"));
            Assert.That(r.Value(Dortmund, Schulart("Gymnasien"), Pupils("grade_11_introductory_phase")), Is.EqualTo("125"));
            Assert.That(r.Value(Dortmund, Schulart("Integrierte Gesamtschulen"), Schools), Is.EqualTo("11"));
            Assert.That(r.Value(Dortmund, Schulart("Integrierte Gesamtschulen"), Pupils("total")), Is.EqualTo("10935"));
            Assert.That(r.Value(Dortmund, Schulart("Grundschulen"), Schools), Is.EqualTo("88"));
            Assert.That(r.Value(Dortmund, Schulart("Grundschulen"), Pupils("total")), Is.EqualTo("23755"));
            Assert.That(r.Value(Dortmund, Schulart("Insgesamt"), Schools), Is.EqualTo("x"));
            Assert.That(r.Value(Dortmund, Schulart("Insgesamt"), Pupils("total")), Is.EqualTo("64650"));
        }
    }

    [Test]
    public void Read_RealSchoolsFile_EveryRegionAndSchulartLoadsAndNothingIsQuarantined()
    {
        var r = Read(RealSchoolsFile, Pipeline("regionalstatistik_schools"));
        var regions = r.Rows.Select(x => r.Cell(x, "region_code")).Distinct().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Quarantined, Is.Empty);
            Assert.That(r.Rows.Select(x => x.LineNumber).Distinct().Count(), Is.EqualTo(6456));
            Assert.That(r.Rows, Has.Count.EqualTo(6456 * 6));
            Assert.That(regions, Has.Count.EqualTo(538), "Germany, 16 Länder, the Regierungsbezirke and every Kreis, as in 21111-02-06-4");
            Assert.That(regions, Does.Contain("DG").And.Contain("05").And.Contain("059").And.Contain("05913").And.Contain("16077"));
            Assert.That(r.Rows.Select(x => r.Cell(x, "year")).Distinct(), Is.EqualTo(new[] { "2023" }));
        }
    }

    [Test]
    public void Read_RealVocationalLeaversFile_SixHeaderRowsAndDortmundValuesExact()
    {
        var r = Read(RealVocationalFile, Pipeline("regionalstatistik_vocational_leavers"));
        string? V(string qualification, string sex) => r.Value(Dortmund, ("qualification", qualification), ("sex", sex));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Quarantined, Is.Empty);
            Assert.That(r.Rows, Has.Count.EqualTo(538 * 12));
            Assert.That(V("total", "total"), Is.EqualTo("1755"));
            Assert.That(V("total", "female"), Is.EqualTo("845"));
            Assert.That(V("hauptschulabschluss", "total"), Is.EqualTo("740"));
            Assert.That(V("hauptschulabschluss", "female"), Is.EqualTo("355"));
            Assert.That(V("mittlerer_abschluss", "total"), Is.EqualTo("535"));
            Assert.That(V("mittlerer_abschluss", "female"), Is.EqualTo("240"));
            Assert.That(V("fachhochschulreife", "total"), Is.EqualTo("270"));
            Assert.That(V("fachhochschulreife", "female"), Is.EqualTo("140"));
            Assert.That(V("allgemeine_hochschulreife", "total"), Is.EqualTo("210"));
            Assert.That(V("allgemeine_hochschulreife", "female"), Is.EqualTo("110"));
            Assert.That(V("additional_school_part_fhr", "total"), Is.EqualTo("445"));
            Assert.That(V("additional_school_part_fhr", "female"), Is.EqualTo("210"));
        }
    }

    [Test]
    public void Read_RealSchoolsFileWithTheLabelColumnUndeclared_FailsAtItsHeader()
    {
        var entity = Pipeline("regionalstatistik_schools");
        entity.OptionsAs<GenesisTableOptions>().LabelColumns = null;
        var ex = ReadFails(RealSchoolsFile, entity);
        Assert.That(ex.Message, Does.Contain("21111-01-03-4.csv, header rows from line 6")
            .And.Contain("expected 3 columns before the values (year; region key; region name), found 4"));
    }

    [TestCase("regionalstatistik_schools", "21111-01-03-4.csv")]
    [TestCase("regionalstatistik_vocational_leavers", "21121-02-02-4.csv")]
    public void Sample_IsTheRealFileByteForByte(string sourceId, string file)
    {
        Assert.That(File.ReadAllBytes(Path.Combine(RepoPaths.SampleData, sourceId, file)),
            Is.EqualTo(File.ReadAllBytes(Path.Combine(RepoPaths.RealData, "genesis", file))));
    }
}
