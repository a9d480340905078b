using System.Text;
using TalentData.Loading;
using TalentData.Project;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Loading;

public class GenesisTableReaderTests
{
    static readonly Encoding Cp1252 = ReaderFormat.GetEncoding("windows-1252");

    static string RealSchoolFile => Path.Combine(RepoPaths.RealData, "genesis", "21111-02-06-4.csv");
    static string RealUnemploymentFile => Path.Combine(RepoPaths.RealData, "genesis", "13211-02-05-4.csv");

    static EntityDefinition Entity(string sourceId) =>
        PipelineCatalog.ParseFile(Path.Combine(RepoPaths.Pipelines, sourceId + ".yaml"), ReaderFormats.All).Entities.Single();

    static EntityDefinition SchoolLeavers => Entity("regionalstatistik_school_leavers");
    static EntityDefinition Unemployment => Entity("regionalstatistik_unemployment");

    sealed record Result(IReadOnlyList<string> Columns, List<RawRow> Rows, List<QuarantinedRow> Quarantined)
    {
        readonly Dictionary<string, int> index = Columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);

        public string? Cell(RawRow row, string column) => row.Values[index[column]];

        public List<RawRow> Where(params (string Column, string? Value)[] filter) =>
            Rows.Where(r => filter.All(f => Cell(r, f.Column) == f.Value)).ToList();

        public string? Value(params (string Column, string? Value)[] filter) =>
            Cell(Where(filter).Single(), GenesisTableReader.ValueColumn);
    }

    static Result Read(string path, EntityDefinition entity, string sourceId = "regionalstatistik_test")
    {
        var reader = new GenesisTableReader();
        var quarantined = new List<QuarantinedRow>();
        var rows = reader.Read(path, sourceId, entity, quarantined.Add).ToList();
        return new Result(reader.RawColumns(entity), rows, quarantined);
    }

    static PipelineException ReadFails(string path, EntityDefinition entity) =>
        Assert.Throws<PipelineException>(() => Read(path, entity))!;

    /// <summary>The real school file as text, changed by <paramref name="edit"/> and written back in cp1252.</summary>
    static string EditedSchoolFile(TempDir dir, Func<string, string> edit) =>
        dir.File("21111-02-06-4.csv", edit(File.ReadAllText(RealSchoolFile, Cp1252)), Cp1252);

    /// <summary>Applies <paramref name="edit"/> to the header rows (first three cells empty) and the data rows, not to the title or footer.</summary>
    static string EditTableLines(string text, Func<string, string> edit)
    {
        var lines = text.Split('\n');
        var footer = Array.FindIndex(lines, l => l.StartsWith("_____", StringComparison.Ordinal));
        for (var i = 1; i < footer; i++)
            if (lines[i].StartsWith(";;;", StringComparison.Ordinal) || (lines[i].Length > 0 && char.IsAsciiDigit(lines[i][0])))
                lines[i] = edit(lines[i]);
        return string.Join('\n', lines);
    }

    static (string Column, string? Value) Dortmund => ("region_code", "05913");

    // ---------- the real files

    // A value cell is a number with an optional decimal comma (ASCII digits only, no thousands separator) or a symbol.
    [TestCase("31013", true)]
    [TestCase("-4", true)]
    [TestCase("7,5", true)]
    [TestCase("-0,25", true)]
    [TestCase("...", true)]
    [TestCase("x", true)]
    [TestCase("", false)]
    [TestCase("-", true)]     // the symbol "nothing", not a broken number
    [TestCase("--1", false)]
    [TestCase("31.013", false)]
    [TestCase("7,", false)]
    [TestCase(",5", false)]
    [TestCase("1,2,3", false)]
    [TestCase("12 ", false)]
    [TestCase("١٢", false)]  // Arabic-Indic digits, which staging's casts would refuse
    [TestCase("12\n", false)]
    public void IsValueCell_NumberOrSymbol(string cell, bool valid) =>
        Assert.That(GenesisTableReader.IsValueCell(cell), Is.EqualTo(valid), $"'{cell}'");

    [Test]
    public void Read_RealSchoolLeaversFile_DortmundValuesExact()
    {
        var r = Read(RealSchoolFile, SchoolLeavers);
        (string, string?) Total(string q) => ("qualification", q);
        (string, string?) All = ("sex", "total");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Value(Dortmund, Total("total"), All), Is.EqualTo("5855"));
            Assert.That(r.Value(Dortmund, Total("total"), ("sex", "female")), Is.EqualTo("2840"));
            Assert.That(r.Value(Dortmund, Total("without_hauptschulabschluss"), All), Is.EqualTo("560"));
            Assert.That(r.Value(Dortmund, Total("hauptschulabschluss"), All), Is.EqualTo("945"));
            Assert.That(r.Value(Dortmund, Total("mittlerer_abschluss"), All), Is.EqualTo("2345"));
            Assert.That(r.Value(Dortmund, Total("of_which_school_part_fhr"), All), Is.EqualTo("340"));
            Assert.That(r.Value(Dortmund, Total("fachhochschulreife"), All), Is.EqualTo("-"));
            Assert.That(r.Value(Dortmund, Total("allgemeine_hochschulreife"), All), Is.EqualTo("2000"));
        }
    }

    [Test]
    public void Read_RealSchoolLeaversFile_EveryCellLoadsAndNothingIsQuarantined()
    {
        var r = Read(RealSchoolFile, SchoolLeavers);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Rows, Has.Count.EqualTo(538 * 14));
            Assert.That(r.Rows.Select(x => x.LineNumber).Distinct().Count(), Is.EqualTo(538));
            Assert.That(r.Quarantined, Is.Empty);
            Assert.That(r.Rows.Select(x => r.Cell(x, "year")).Distinct(), Is.EqualTo(new[] { "2023" }));
        }
    }

    [Test]
    public void Read_RealUnemploymentFile_DortmundValuesExact()
    {
        var r = Read(RealUnemploymentFile, Unemployment);
        (string, string?) Unemployed = ("measure", "unemployed");
        (string, string?) Rate = ("measure", "unemployment_rate");
        (string, string?) AllLabourForce = ("basis", "all_civilian_labour_force");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Value(Dortmund, Unemployed, ("group", "total")), Is.EqualTo("37080"));
            Assert.That(r.Value(Dortmund, Unemployed, ("group", "age_15_to_24")), Is.EqualTo("3264"));
            Assert.That(r.Value(Dortmund, Unemployed, ("group", "long_term")), Is.EqualTo("16278"));
            Assert.That(r.Value(Dortmund, Rate, AllLabourForce, ("group", "total")), Is.EqualTo("11,5"));
            Assert.That(r.Value(Dortmund, Rate, AllLabourForce, ("group", "age_15_to_24")), Is.EqualTo("9,6"));
            Assert.That(r.Value(Dortmund, Rate, ("basis", "dependent_civilian_labour_force"), ("group", "total")), Is.EqualTo("12,3"));
        }
    }

    [Test]
    public void Read_RealUnemploymentFile_EveryCellLoadsAndNothingIsQuarantined()
    {
        var r = Read(RealUnemploymentFile, Unemployment);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Rows, Has.Count.EqualTo(539 * 13));
            Assert.That(r.Rows.Select(x => x.LineNumber).Distinct().Count(), Is.EqualTo(539));
            Assert.That(r.Quarantined, Is.Empty);
        }
    }

    [Test]
    public void Read_DortmundRow_CarriesItsLineNumberAndHeaderPath()
    {
        var r = Read(RealUnemploymentFile, Unemployment);
        var row = r.Where(Dortmund, ("measure", "unemployed"), ("group", "total")).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(row.LineNumber, Is.EqualTo(134));
            Assert.That(r.Cell(row, "column_header"), Is.EqualTo("Arbeitslose /  / Anzahl"));
        }
    }

    [Test]
    public void RawColumns_UnemploymentEntity_FixedColumnsThenDimensionsInOrderOfFirstAppearance()
    {
        var columns = new GenesisTableReader().RawColumns(Unemployment);
        Assert.That(columns, Is.EqualTo(new[]
        {
            "year", "region_code", "region_name", "region_depth", "column_header", "measure", "group", "basis", "value_text",
        }));
    }

    [Test]
    public void Read_ColumnWithoutADimension_GivesNullForIt()
    {
        var r = Read(RealUnemploymentFile, Unemployment);
        var counts = r.Where(Dortmund, ("measure", "unemployed"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(counts, Has.Count.EqualTo(7));
            Assert.That(counts.Select(x => r.Cell(x, "basis")), Is.All.Null);
        }
    }

    [Test]
    public void Read_Cp1252File_DecodesUmlautsAndKeepsNamesAsPrinted()
    {
        var r = Read(RealSchoolFile, SchoolLeavers);
        string? Name(string code) => r.Cell(r.Where(("region_code", code)).First(), "region_name");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Name("05117"), Is.EqualTo("Mülheim an der Ruhr, kreisfreie Stadt"));
            Assert.That(Name("05913"), Is.EqualTo("Dortmund, kreisfreie Stadt"));
            Assert.That(r.Rows.Select(x => r.Cell(x, "region_name")), Has.None.Contains("\uFFFD"));
        }
    }

    [Test]
    public void Read_GemeindeRowInCp1252_DecodesLuenenWithDepthFromIndent()
    {
        using var dir = new TempDir();
        var path = dir.File("t.csv", SmallTable(
            "2023;05978;      Unna, Kreis;10;5",
            "2023;05978024;        Lünen, Stadt;4;2"), Cp1252);
        var r = Read(path, SmallEntity());
        var row = r.Where(("region_code", "05978024")).First();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.ReadAllBytes(path), Does.Contain((byte)0xFC), "the fixture must really be cp1252");
            Assert.That(r.Cell(row, "region_name"), Is.EqualTo("Lünen, Stadt"));
            Assert.That(r.Cell(row, "region_depth"), Is.EqualTo("4"));
        }
    }

    [Test]
    public void Read_RegionKeys_KeptAsStringsWithDepthFromIndent()
    {
        var r = Read(RealSchoolFile, SchoolLeavers);
        (string? Name, string? Depth) Region(string code)
        {
            var row = r.Where(("region_code", code)).First();
            return (r.Cell(row, "region_name"), r.Cell(row, "region_depth"));
        }
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Region("DG"), Is.EqualTo(("Deutschland", "0")));
            Assert.That(Region("05"), Is.EqualTo(("Nordrhein-Westfalen", "1")));
            Assert.That(Region("059"), Is.EqualTo(("Arnsberg, Regierungsbezirk", "2")));
            Assert.That(Region("05913"), Is.EqualTo(("Dortmund, kreisfreie Stadt", "3")));
            Assert.That(Region("03241001"), Is.EqualTo(("Hannover, Landeshauptstadt", "3")));
            Assert.That(r.Rows.Select(x => r.Cell(x, "region_code")), Has.None.EqualTo("5913"));
        }
    }

    [Test]
    public void Read_SymbolsAndDecimalComma_PassThroughAsPrinted()
    {
        var r = Read(RealUnemploymentFile, Unemployment);
        var arnsberg = ("region_code", (string?)"059");
        var values = r.Rows.Select(x => r.Cell(x, GenesisTableReader.ValueColumn)).ToHashSet();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Value(arnsberg, ("measure", "unemployment_rate"), ("basis", "dependent_civilian_labour_force")), Is.EqualTo("."));
            Assert.That(r.Value(arnsberg, ("measure", "unemployment_rate"), ("basis", "all_civilian_labour_force"), ("group", "total")), Is.EqualTo("7,8"));
            Assert.That(values, Does.Contain("-").And.Contain("."));
            Assert.That(values.Where(v => v!.Contains('.') && v != "."), Is.Empty, "no value may be turned into a decimal point");
        }
    }

    [Test]
    public void Read_SchoolFileSymbolX_PassesThrough()
    {
        var r = Read(RealSchoolFile, SchoolLeavers);
        var x = r.Rows.Count(row => r.Cell(row, GenesisTableReader.ValueColumn) == "x");
        Assert.That(x, Is.EqualTo(114), "source-formats §2.4 counts 114 'x' cells in the school file");
    }

    // ---------- files that do not match their declaration

    [Test]
    public void Read_WrongTableCode_FailsNamingExpectedAndFound()
    {
        using var dir = new TempDir();
        var path = EditedSchoolFile(dir, t => t.Replace("GENESIS-Tabelle: 21111-02-06-4", "GENESIS-Tabelle: 21121-02-02-4"));
        var ex = ReadFails(path, SchoolLeavers);
        Assert.That(ex.Message, Does.Contain("line 1").And.Contain("expected table 21111-02-06-4, found 21121-02-02-4")
            .And.Contain("update pipelines/regionalstatistik_test.yaml"));
    }

    [Test]
    public void Read_MultiYearExportOfTheSameTable_Loads()
    {
        using var dir = new TempDir();
        var path = EditedSchoolFile(dir, t => t.Replace("GENESIS-Tabelle: 21111-02-06-4", "Tabelle: 21111-02-06-4-B"));
        Assert.That(Read(path, SchoolLeavers).Rows, Has.Count.EqualTo(538 * 14));
    }

    [Test]
    public void Read_NotAGenesisTable_FailsOnLine1()
    {
        using var dir = new TempDir();
        var path = dir.File("flat.csv", "statistics_code;statistics_label;time_code\n1000A;Bevölkerung;STAG\n");
        var ex = ReadFails(path, SchoolLeavers);
        Assert.That(ex.Message, Does.Contain("line 1: expected 'GENESIS-Tabelle: 21111-02-06-4' or 'Tabelle: 21111-02-06-4'").And.Contain("found 'statistics_code'"));
    }

    [Test]
    public void Read_RenamedHeader_FailsWithSchemaDriftShowingExpectedAndFound()
    {
        using var dir = new TempDir();
        var path = EditedSchoolFile(dir, t => t.Replace(";ohne Hauptschulabschluss;ohne Hauptschulabschluss;", ";ohne Ersten Schulabschluss;ohne Ersten Schulabschluss;"));
        var ex = ReadFails(path, SchoolLeavers);
        Assert.That(ex.Message, Does.Contain("schema drift")
            .And.Contain("value column 3 (file column 6)")
            .And.Contain("expected: \"Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss / ohne Hauptschulabschluss / Insgesamt\"")
            .And.Contain("found:    \"Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss / ohne Ersten Schulabschluss / Insgesamt\"")
            .And.Contain("update pipelines/regionalstatistik_test.yaml"));
    }

    [Test]
    public void Read_MissingValueColumn_FailsWithSchemaDriftNamingTheCounts()
    {
        using var dir = new TempDir();
        var path = EditedSchoolFile(dir, t => EditTableLines(t, line => line[..line.LastIndexOf(';')]));
        var ex = ReadFails(path, SchoolLeavers);
        Assert.That(ex.Message, Does.Contain("schema drift").And.Contain("expected 14 value columns, found 13")
            .And.Contain("value column 14 (file column 17)").And.Contain("found:    (none)"));
    }

    [Test]
    public void Read_ExtraValueColumn_FailsWithSchemaDriftShowingTheNewColumn()
    {
        using var dir = new TempDir();
        var path = EditedSchoolFile(dir, t => EditTableLines(t, line =>
            line + (line.StartsWith(";;;Abs", StringComparison.Ordinal) ? ";Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss"
                : line.StartsWith(";;;Insgesamt;Insgesamt", StringComparison.Ordinal) ? ";mit Abschluss der Förderschule"
                : line.StartsWith(";;;", StringComparison.Ordinal) ? ";Insgesamt" : ";1")));
        var ex = ReadFails(path, SchoolLeavers);
        Assert.That(ex.Message, Does.Contain("expected 14 value columns, found 15")
            .And.Contain("value column 15 (file column 18)")
            .And.Contain("found:    \"Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss / mit Abschluss der Förderschule / Insgesamt\""));
    }

    [Test]
    public void Read_TruncatedLastLine_QuarantinesThatLineAndLoadsTheRest()
    {
        using var dir = new TempDir();
        // A download cut off mid-row: the last data row (line 547) ends after a few cells and no footer follows.
        var path = EditedSchoolFile(dir, t =>
        {
            var cut = t.IndexOf("2023;16077;", StringComparison.Ordinal);
            return t[..(cut + "2023;16077;      Altenburger Land, Landkreis;720;328;9".Length)];
        });
        var r = Read(path, SchoolLeavers);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Quarantined, Has.Count.EqualTo(1));
            Assert.That(r.Quarantined[0].LineNumber, Is.EqualTo(547));
            Assert.That(r.Quarantined[0].Reason, Does.Contain("expected 17 fields").And.Contain("found 6"));
            Assert.That(r.Quarantined[0].RawText, Does.StartWith("2023;16077;"));
            Assert.That(r.Rows, Has.Count.EqualTo(537 * 14));
            Assert.That(r.Value(Dortmund, ("qualification", "total"), ("sex", "total")), Is.EqualTo("5855"));
        }
    }

    [Test]
    public void Read_NonNumericCell_QuarantinesTheRowNamingColumnAndValue()
    {
        using var dir = new TempDir();
        var path = EditedSchoolFile(dir, t => t.Replace("Dortmund, kreisfreie Stadt;5855;2840;560;", "Dortmund, kreisfreie Stadt;5855;2840;12a;"));
        var r = Read(path, SchoolLeavers);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Quarantined, Has.Count.EqualTo(1));
            Assert.That(r.Quarantined[0].LineNumber, Is.EqualTo(134));
            Assert.That(r.Quarantined[0].Reason, Does.Contain("column 6")
                .And.Contain("Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss / ohne Hauptschulabschluss / Insgesamt")
                .And.Contain("found '12a'"));
            Assert.That(r.Where(Dortmund), Is.Empty, "the whole row is quarantined, not only the bad cell");
            Assert.That(r.Rows, Has.Count.EqualTo(537 * 14));
        }
    }

    [TestCase("12.345", TestName = "Read_ThousandsSeparator_Quarantined")]
    [TestCase("123 p", TestName = "Read_NumberWithSymbol_Quarantined")]
    [TestCase("", TestName = "Read_EmptyValueCell_Quarantined")]
    public void Read_CellNeitherNumberNorSymbol_Quarantined(string cell)
    {
        using var dir = new TempDir();
        var path = dir.File("t.csv", SmallTable("2023;DG;Deutschland;10;5", $"2023;05;  Nordrhein-Westfalen;{cell};2"), Cp1252);
        var r = Read(path, SmallEntity());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Quarantined.Select(q => q.LineNumber), Is.EqualTo(new long[] { 8 }));
            Assert.That(r.Quarantined[0].Reason, Does.Contain("column 4 ('Schüler / Insgesamt')").And.Contain($"found '{cell}'"));
            Assert.That(r.Rows, Has.Count.EqualTo(2));
        }
    }

    [Test]
    public void Read_EmptyFile_FailsClearly()
    {
        using var dir = new TempDir();
        var path = dir.Bytes("empty.csv", []);
        var ex = ReadFails(path, SchoolLeavers);
        Assert.That(ex.Message, Does.Contain("empty.csv").And.Contain("the file is empty").And.Contain("GENESIS table CSV"));
    }

    [Test]
    public void Read_HtmlErrorPage_FailsClearly()
    {
        using var dir = new TempDir();
        var path = dir.File("error.csv", "<!DOCTYPE html>\n<html><body>Wartungsarbeiten</body></html>\n");
        var ex = ReadFails(path, SchoolLeavers);
        Assert.That(ex.Message, Does.Contain("HTML"));
    }

    [Test]
    public void Read_HeaderOnlyFile_FailsWithNoDataRows()
    {
        using var dir = new TempDir();
        var path = EditedSchoolFile(dir, t => string.Join('\n', t.Split('\n').Take(9)) + "\n");
        var ex = ReadFails(path, SchoolLeavers);
        Assert.That(ex.Message, Does.Contain("no data rows").And.Contain("3 header rows").And.Contain("line 9"));
    }

    [Test]
    public void Read_HeaderAndFooterButNoData_FailsWithNoDataRows()
    {
        using var dir = new TempDir();
        var path = dir.File("t.csv", SmallTable(), Cp1252);
        var ex = ReadFails(path, SmallEntity());
        Assert.That(ex.Message, Does.Contain("no data rows"));
    }

    [Test]
    public void Read_Utf8FileDeclaredWindows1252_LoadsWithoutCrashing()
    {
        using var dir = new TempDir();
        var path = dir.File("utf8.csv", File.ReadAllText(RealSchoolFile, Cp1252), new UTF8Encoding(false));
        var r = Read(path, SchoolLeavers);
        var name = r.Cell(r.Where(("region_code", "05117")).First(), "region_name");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Rows, Has.Count.EqualTo(538 * 14));
            Assert.That(name, Does.StartWith("M").And.EndWith("lheim an der Ruhr, kreisfreie Stadt"));
            Assert.That(name, Is.Not.EqualTo("Mülheim an der Ruhr, kreisfreie Stadt"), "UTF-8 bytes read as cp1252 cannot decode to the right name");
        }
    }

    [Test]
    public void Read_Utf8FileWithByteOrderMark_DecodesAsUtf8()
    {
        using var dir = new TempDir();
        var path = dir.File("bom.csv", File.ReadAllText(RealSchoolFile, Cp1252), new UTF8Encoding(true));
        var r = Read(path, SchoolLeavers);
        Assert.That(r.Cell(r.Where(("region_code", "05117")).First(), "region_name"), Is.EqualTo("Mülheim an der Ruhr, kreisfreie Stadt"));
    }

    // ---------- footer and line ends

    [Test]
    public void Read_FooterOfFiveUnderscores_StopsThere()
    {
        using var dir = new TempDir();
        // Anything after the footer line is ignored, even a line that looks like data.
        var path = EditedSchoolFile(dir, t => t.Replace("\n__________\n", "\n_____\n2023;05913;      Dortmund, kreisfreie Stadt;1;1;1;1;1;1;1;1;1;1;1;1;1;1\n"));
        var r = Read(path, SchoolLeavers);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Rows, Has.Count.EqualTo(538 * 14));
            Assert.That(r.Quarantined, Is.Empty);
            Assert.That(r.Value(Dortmund, ("qualification", "total"), ("sex", "total")), Is.EqualTo("5855"));
        }
    }

    [Test]
    public void Read_FourUnderscores_IsNotAFooter()
    {
        using var dir = new TempDir();
        var path = dir.File("t.csv", SmallTable("2023;DG;Deutschland;10;5", "____", "2023;05;  Nordrhein-Westfalen;3;2"), Cp1252);
        var r = Read(path, SmallEntity());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Quarantined.Select(q => q.LineNumber), Is.EqualTo(new long[] { 8 }));
            Assert.That(r.Rows, Has.Count.EqualTo(4));
        }
    }

    [Test]
    public void Read_NoFooter_LoadsAllRows()
    {
        using var dir = new TempDir();
        var path = EditedSchoolFile(dir, t => t[..(t.IndexOf("__________", StringComparison.Ordinal))]);
        var r = Read(path, SchoolLeavers);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Rows, Has.Count.EqualTo(538 * 14));
            Assert.That(r.Quarantined, Is.Empty);
        }
    }

    [Test]
    public void Read_CrlfLineEnds_SameValuesAndLinesAsLf()
    {
        using var dir = new TempDir();
        var path = EditedSchoolFile(dir, t => t.Replace("\n", "\r\n"));
        var crlf = Read(path, SchoolLeavers);
        var lf = Read(RealSchoolFile, SchoolLeavers);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.ReadAllText(path, Cp1252), Does.Contain("\r\n"));
            Assert.That(crlf.Quarantined, Is.Empty);
            Assert.That(crlf.Rows.Select(r => (r.LineNumber, string.Join("|", r.Values))),
                Is.EqualTo(lf.Rows.Select(r => (r.LineNumber, string.Join("|", r.Values)))));
        }
    }

    // ---------- the declaration

    [Test]
    public void Problem_DimensionNamedLikeAReaderColumn_IsReported()
    {
        var entity = SmallEntity();
        entity.OptionsAs<GenesisTableOptions>().ValueColumns[0].Dimensions["measure"] = "x";
        Assert.That(new GenesisTableReader().Problem(entity), Does.Contain("dimension 'measure' clashes"));
    }

    [Test]
    public void Problem_TwoColumnsWithTheSameMeaning_IsReported()
    {
        var entity = SmallEntity();
        entity.OptionsAs<GenesisTableOptions>().ValueColumns[1].Dimensions["sex"] = "total";
        Assert.That(new GenesisTableReader().Problem(entity), Does.Contain("same measure and dimensions"));
    }

    [Test]
    public void Problem_CommittedPipelines_HaveNone()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(new GenesisTableReader().Problem(SchoolLeavers), Is.Null);
            Assert.That(new GenesisTableReader().Problem(Unemployment), Is.Null);
        }
    }

    // ---------- a small table: title on lines 1–4, header rows on lines 5–6, data from line 7

    static string SmallTable(params string[] dataLines) =>
        "GENESIS-Tabelle: 99999-01-01-4\n" +
        "Schüler nach Geschlecht - Stichtag - regionale Tiefe:;;;;\n" +
        "Kreise und krfr. Städte;;;;\n" +
        "Statistik der Tests;;;;\n" +
        ";;;Schüler;Schüler\n" +
        ";;;Insgesamt;weiblich\n" +
        string.Concat(dataLines.Select(l => l + "\n")) +
        "__________\n\"Fußnote mit \"\"Anführung\"\":\nzweite Zeile\"\nStand: 01.01.2025 / 10:00:00\n";

    static EntityDefinition SmallEntity() => new()
    {
        Entity = "kreise",
        Reader = "genesis_table_csv",
        Sample = "sample-data/x/t.csv",
        Url = "https://example.invalid/t.csv",
        Encoding = "windows-1252",
        Format = new GenesisTableReader(),
        Options = new GenesisTableOptions
        {
            TableCode = "99999-01-01-4",
            ValueColumns =
            [
                new GenesisColumn { Header = "Schüler / Insgesamt", Measure = "pupils", Dimensions = new() { ["sex"] = "total" } },
                new GenesisColumn { Header = "Schüler / weiblich", Measure = "pupils", Dimensions = new() { ["sex"] = "female" } },
            ],
        },
    };
}
