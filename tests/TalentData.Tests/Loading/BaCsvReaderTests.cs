using System.Text;
using Dapper;
using TalentData.Loading;
using TalentData.Project;
using TalentData.Tests.TestSupport;
using TalentData.Warehouse;

namespace TalentData.Tests.Loading;

public class BaCsvReaderTests
{
    const string SourceId = "ba_training_market";

    // The layout of sample-data/ba_training_market/ausbildungsmarkt.csv (LF here; files are written with CRLF
    // unless a test says otherwise), so the bad-input variants below differ from a good file in one place only.
    const string Good = """
        Region:; Agentur für Arbeit Dortmund
        Gebietsstand:; September 2024
        Berichtsjahr:; Oktober bis September, Stichtag 30.09.
        Hinweis:; Synthetische Beispieldaten.

        Ausgewählte Merkmale;2018/19;2019/20;2020/21;2021/22;2022/23;2023/24;
        Agentur für Arbeit Dortmund;;;;;;;
        Gemeldete Bewerber/innen;4.612;4.409;4.302;4.388;4.521;4.734;
        darunter unversorgt;312;368;297;241;226;273;
        darunter unversorgt mit Fluchtkontext;7;5;4;*;9;11;
        Gemeldete Berufsausbildungsstellen;4.318;4.083;3.947;4.106;4.235;4.389;
        darunter unbesetzt;163;189;247;356;402;431;
        Bewerber/innen je 100 Stellen;106,8;108,0;109,0;106,9;106,8;107,9;
        Nordrhein-Westfalen;;;;;;;
        Gemeldete Bewerber/innen;113.512;107.873;101.445;102.318;105.962;110.204;
        darunter unversorgt;9.854;12.042;9.763;7.815;7.301;8.126;
        Gemeldete Berufsausbildungsstellen;117.320;110.958;106.213;110.745;112.608;113.071;
        darunter unbesetzt;7.219;8.536;11.602;14.853;17.329;15.874;
        Bewerber/innen je 100 Stellen;96,8;97,2;95,5;92,4;94,1;97,5;
        Deutschland;;;;;;;
        Gemeldete Bewerber/innen;508.613;472.945;433.466;422.441;438.917;458.974;
        darunter unversorgt;24.525;29.319;24.613;22.699;26.437;30.031;
        Gemeldete Berufsausbildungsstellen;547.814;530.281;511.265;546.064;544.102;519.218;
        darunter unbesetzt;53.137;59.948;63.176;68.868;73.444;69.395;
        Bewerber/innen je 100 Stellen;92,8;89,2;84,8;77,4;80,7;88,4;
        © Statistik der Bundesagentur für Arbeit
        Aus Datenschutzgründen und Gründen der statistischen Geheimhaltung werden Zahlenwerte von 1 oder 2 anonymisiert.

        """;

    const int CellsInGood = 16 * 6;

    static readonly EntityDefinition Entity =
        PipelineCatalog.ParseFile(Path.Combine(RepoPaths.Pipelines, "ba_training_market.yaml"), ReaderFormats.All).Entities.Single();

    static readonly string[] Columns = ["section_key", "section_label", "row_position", "row_label", "measure", "column_header", "value_text"];

    sealed record Result(List<Dictionary<string, string?>> Rows, List<QuarantinedRow> Quarantined, List<long> Lines);

    static Result ReadFile(string path)
    {
        var quarantined = new List<QuarantinedRow>();
        var reader = new BaCsvReader();
        var columns = reader.RawColumns(Entity);
        var raw = reader.Read(path, SourceId, Entity, quarantined.Add).ToList();
        var rows = raw.Select(r => columns.Select((c, i) => (c, r.Values[i])).ToDictionary(x => x.c, x => x.Item2)).ToList();
        return new Result(rows, quarantined, raw.Select(r => r.LineNumber).ToList());
    }

    static Result Read(string lfText, string newline = "\r\n", bool bom = false)
    {
        using var dir = new TempDir();
        var bytes = new UTF8Encoding(bom).GetPreamble().Concat(Encoding.UTF8.GetBytes(lfText.Replace("\n", newline))).ToArray();
        return ReadFile(dir.Bytes("ausbildungsmarkt.csv", bytes));
    }

    static PipelineException Fails(string lfText)
    {
        using var dir = new TempDir();
        var path = dir.File("ausbildungsmarkt.csv", lfText.Replace("\n", "\r\n"));
        return Assert.Throws<PipelineException>(() => ReadFile(path))!;
    }

    static string? Cell(Result r, string sectionKey, string measure, string header) =>
        r.Rows.Single(x => x["section_key"] == sectionKey && x["measure"] == measure && x["column_header"] == header)["value_text"];

    [Test]
    public void RawColumns_AnyEntity_AreTheLongFormColumnsInOrder()
    {
        Assert.That(new BaCsvReader().RawColumns(Entity), Is.EqualTo(Columns));
    }

    [Test]
    public void Read_SampleFile_LoadsEveryCellAsPrintedWithoutQuarantine()
    {
        var result = ReadFile(Path.Combine(RepoPaths.SampleData, "ba_training_market", "ausbildungsmarkt.csv"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Rows, Has.Count.EqualTo(CellsInGood));
            Assert.That(result.Quarantined, Is.Empty);
            Assert.That(Cell(result, "05913000", "applicants", "2023/24"), Is.EqualTo("4.734"));
            Assert.That(Cell(result, "05", "unplaced_applicants", "2020/21"), Is.EqualTo("9.763"));
            Assert.That(Cell(result, "05", "applicants_per_100_places", "2018/19"), Is.EqualTo("96,8"));
            Assert.That(Cell(result, "05913000", "unplaced_applicants_refugee_background", "2021/22"), Is.EqualTo("*"));
            Assert.That(Cell(result, "DG", "training_places", "2020/21"), Is.EqualTo("511.265"));
        }
    }

    [Test]
    public void Read_SampleFile_LineNumbersPointAtTheTableRow()
    {
        var result = ReadFile(Path.Combine(RepoPaths.SampleData, "ba_training_market", "ausbildungsmarkt.csv"));
        // Line 8 is Dortmund's first row (4 metadata lines, blank, header, section line), line 25 Germany's last.
        Assert.That(result.Lines.Distinct(), Is.EqualTo(new long[] { 8, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 21, 22, 23, 24, 25 }));
        Assert.That(result.Lines.Take(6), Is.All.EqualTo(8));
    }

    [Test]
    public void Read_RepeatedRowLabel_MapsToTheSectionItStandsIn()
    {
        var result = Read(Good);
        var unplaced = result.Rows.Where(r => r["row_label"] == "darunter unversorgt" && r["column_header"] == "2023/24")
            .Select(r => (r["section_key"], r["section_label"], r["row_position"], r["measure"], r["value_text"]))
            .ToList();
        Assert.That(unplaced, Is.EqualTo(new[]
        {
            ("05913000", "Agentur für Arbeit Dortmund", "2", "unplaced_applicants", "273"),
            ("05", "Nordrhein-Westfalen", "2", "unplaced_applicants", "8.126"),
            ("DG", "Deutschland", "2", "unplaced_applicants", "30.031"),
        }));
    }

    [Test]
    public void Read_RowPosition_CountsWithinItsSection()
    {
        var result = Read(Good);
        var places = result.Rows.Where(r => r["measure"] == "training_places" && r["column_header"] == "2018/19")
            .Select(r => (r["section_key"], r["row_position"])).ToList();
        // Dortmund has the extra Fluchtkontext row, so its places row is the 4th, elsewhere the 3rd.
        Assert.That(places, Is.EqualTo(new[] { ("05913000", "4"), ("05", "3"), ("DG", "3") }));
    }

    [Test]
    public void Read_HeaderColumnRenamed_FailsWithSchemaDriftExpectedAndFound()
    {
        var ex = Fails(Good.Replace(";2022/23;2023/24;\n", ";2022/23;2023/2024;\n"));
        Assert.That(ex.Message, Does.Contain("line 6").And.Contain("schema drift")
            .And.Contain("expected: <title>;2018/19;2019/20;2020/21;2021/22;2022/23;2023/24")
            .And.Contain("found:    Ausgewählte Merkmale;2018/19;2019/20;2020/21;2021/22;2022/23;2023/2024")
            .And.Contain("update pipelines/ba_training_market.yaml"));
        Assert.That(ex.Stage, Is.EqualTo("read"));
    }

    [Test]
    public void Read_HeaderWithExtraYear_FailsWithSchemaDrift()
    {
        var ex = Fails(Good.Replace(";2023/24;\n", ";2023/24;2024/25;\n"));
        Assert.That(ex.Message, Does.Contain("line 6").And.Contain("schema drift").And.Contain("2024/25"));
    }

    [Test]
    public void Read_SectionMissing_FailsNamingTheExpectedSection()
    {
        var start = Good.IndexOf("Nordrhein-Westfalen;", StringComparison.Ordinal);
        var end = Good.IndexOf("Deutschland;", StringComparison.Ordinal);
        var ex = Fails(Good.Remove(start, end - start));
        Assert.That(ex.Message, Does.Contain("line 14").And.Contain("expected the section line 'Nordrhein-Westfalen'")
            .And.Contain("found 'Deutschland;;;;;;;'").And.Contain("schema drift"));
    }

    [Test]
    public void Read_RowsSwappedWithinSection_FailsWithSectionRowAndBothLabels()
    {
        var swapped = Good.Replace(
            "Gemeldete Bewerber/innen;113.512;107.873;101.445;102.318;105.962;110.204;\ndarunter unversorgt;9.854;12.042;9.763;7.815;7.301;8.126;\n",
            "darunter unversorgt;9.854;12.042;9.763;7.815;7.301;8.126;\nGemeldete Bewerber/innen;113.512;107.873;101.445;102.318;105.962;110.204;\n");
        var ex = Fails(swapped);
        Assert.That(ex.Message, Does.Contain("line 15")
            .And.Contain("section 'Nordrhein-Westfalen', row 1: expected 'Gemeldete Bewerber/innen', found 'darunter unversorgt'"));
    }

    [Test]
    public void Read_RowRenamedWithinSection_FailsWithSectionRowAndBothLabels()
    {
        var ex = Fails(Good.Replace("darunter unversorgt;9.854", "darunter noch unversorgt;9.854"));
        Assert.That(ex.Message, Does.Contain("section 'Nordrhein-Westfalen', row 2: expected 'darunter unversorgt', found 'darunter noch unversorgt'"));
    }

    [Test]
    public void Read_ExtraRowInSection_FailsBeforeTheNextSection()
    {
        var ex = Fails(Good.Replace("Bewerber/innen je 100 Stellen;96,8;97,2;95,5;92,4;94,1;97,5;\n",
            "Bewerber/innen je 100 Stellen;96,8;97,2;95,5;92,4;94,1;97,5;\nVeränderung zum Vorjahr;1;2;3;4;5;6;\n"));
        Assert.That(ex.Message, Does.Contain("line 20").And.Contain("section 'Nordrhein-Westfalen'")
            .And.Contain("expected the section line 'Deutschland'").And.Contain("Veränderung zum Vorjahr").And.Contain("extra row"));
    }

    [Test]
    public void Read_ExtraRowAfterLastSection_Fails()
    {
        var ex = Fails(Good.Replace("© Statistik", "Veränderung zum Vorjahr;1;2;3;4;5;6;\n© Statistik"));
        Assert.That(ex.Message, Does.Contain("line 26").And.Contain("section 'Deutschland'")
            .And.Contain("expected the © footer or the end of the file, found 'Veränderung zum Vorjahr'"));
    }

    [Test]
    public void Read_CellWithLetters_QuarantinesThatRowWithLineAndReasonAndLoadsTheRest()
    {
        var result = Read(Good.Replace("113.512;107.873;101.445;", "113.512;107.873;12a;"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Quarantined, Has.Count.EqualTo(1));
            Assert.That(result.Quarantined[0].LineNumber, Is.EqualTo(15));
            Assert.That(result.Quarantined[0].Reason, Does.Contain("section 'Nordrhein-Westfalen', row 'Gemeldete Bewerber/innen', column '2020/21'")
                .And.Contain("found '12a'"));
            Assert.That(result.Quarantined[0].RawText, Does.StartWith("Gemeldete Bewerber/innen;113.512;107.873;12a;"));
            Assert.That(result.Rows, Has.Count.EqualTo(CellsInGood - 6));
            Assert.That(result.Rows.Where(r => r["section_key"] == "05" && r["measure"] == "applicants"), Is.Empty);
            Assert.That(Cell(result, "05", "unplaced_applicants", "2020/21"), Is.EqualTo("9.763"));
        }
    }

    [TestCase("4,6,1")]
    [TestCase("4.61")]
    [TestCase("4.6123")]
    [TestCase("97.3")]
    [TestCase("")]
    [TestCase("n/a")]
    public void Read_MalformedNumber_QuarantinesTheRow(string cell)
    {
        var result = Read(Good.Replace("darunter unbesetzt;163;189;", $"darunter unbesetzt;163;{cell};"));
        Assert.That(result.Quarantined.Select(q => (q.LineNumber, q.Reason)), Has.One.Matches<(long Line, string Reason)>(
            q => q.Line == 12 && q.Reason.Contains("row 'darunter unbesetzt', column '2019/20'") && q.Reason.Contains($"found '{cell}'")));
        Assert.That(result.Rows, Has.Count.EqualTo(CellsInGood - 6));
    }

    [TestCase("-")]
    [TestCase("x")]
    [TestCase(".")]
    [TestCase("-12")]
    [TestCase("1.234,5")]
    [TestCase("0")]
    public void Read_SymbolOrNumberForm_IsKeptAsPrinted(string cell)
    {
        var result = Read(Good.Replace("darunter unbesetzt;163;189;", $"darunter unbesetzt;163;{cell};"));
        Assert.That(result.Quarantined, Is.Empty);
        Assert.That(Cell(result, "05913000", "vacant_training_places", "2019/20"), Is.EqualTo(cell));
    }

    [Test]
    public void Read_RowWithMissingField_QuarantinesTheRowWithFieldCounts()
    {
        var result = Read(Good.Replace("darunter unbesetzt;7.219;8.536;11.602;", "darunter unbesetzt;7.219;11.602;"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Quarantined, Has.Count.EqualTo(1));
            Assert.That(result.Quarantined[0].LineNumber, Is.EqualTo(18));
            Assert.That(result.Quarantined[0].Reason, Does.Contain("section 'Nordrhein-Westfalen', row 'darunter unbesetzt'")
                .And.Contain("expected 8 fields").And.Contain("found 7"));
            Assert.That(result.Rows, Has.Count.EqualTo(CellsInGood - 6));
            // The row still counts for its position: the next row is matched as row 5.
            Assert.That(result.Rows.Where(r => r["section_key"] == "05" && r["measure"] == "applicants_per_100_places").Select(r => r["row_position"]),
                Is.All.EqualTo("5"));
        }
    }

    [Test]
    public void Read_RowWithExtraField_QuarantinesTheRow()
    {
        var result = Read(Good.Replace("darunter unversorgt;312;368;297;241;226;273;", "darunter unversorgt;312;368;297;241;226;273;12;"));
        Assert.That(result.Quarantined.Select(q => q.LineNumber), Is.EqualTo(new long[] { 9 }));
        Assert.That(result.Quarantined[0].Reason, Does.Contain("expected 8 fields").And.Contain("found 9"));
    }

    [Test]
    public void Read_ValueWhereTrailingSeparatorBelongs_QuarantinesTheRow()
    {
        var result = Read(Good.Replace("darunter unversorgt;312;368;297;241;226;273;", "darunter unversorgt;312;368;297;241;226;273"
            ).Replace("darunter unversorgt;312;", "darunter unversorgt;;312;"));
        Assert.That(result.Quarantined.Select(q => q.LineNumber), Is.EqualTo(new long[] { 9 }));
        Assert.That(result.Quarantined[0].Reason, Does.Contain("found '273' where the trailing ';' should end the line"));
    }

    [Test]
    public void Read_StrayQuoteInMetadataValue_IsIgnoredWithTheMetadata()
    {
        var result = Read(Good.Replace("Hinweis:; Synthetische Beispieldaten.", "Hinweis:; Die \"Zahlen sind synthetisch."));
        Assert.That(result.Rows, Has.Count.EqualTo(CellsInGood));
    }

    [Test]
    public void Read_NoFooterButComplete_LoadsEveryRow()
    {
        var result = Read(Good[..Good.IndexOf("©", StringComparison.Ordinal)]);
        Assert.That(result.Rows, Has.Count.EqualTo(CellsInGood));
        Assert.That(result.Quarantined, Is.Empty);
    }

    [Test]
    public void Read_NotesAfterFooter_AreNotData()
    {
        var result = Read(Good + "Hinweis;1;2;3;4;5;6;\nGemeldete Bewerber/innen;1;2;3;4;5;6;\n");
        Assert.That(result.Rows, Has.Count.EqualTo(CellsInGood));
        Assert.That(result.Quarantined, Is.Empty);
    }

    [Test]
    public void Read_TruncatedInsideSection_FailsNamingTheMissingRow()
    {
        var cut = Good[..Good.IndexOf("Gemeldete Berufsausbildungsstellen;117.320", StringComparison.Ordinal)];
        var ex = Fails(cut);
        Assert.That(ex.Message, Does.Contain("line 16").And.Contain("truncated")
            .And.Contain("row 3 'Gemeldete Berufsausbildungsstellen' of section 'Nordrhein-Westfalen' is still missing"));
    }

    [Test]
    public void Read_TruncatedMidLine_FailsInsteadOfLoadingHalfARow()
    {
        var cut = Good[..(Good.IndexOf("Gemeldete Berufsausbildungsstellen;117.320", StringComparison.Ordinal) + 20)];
        var ex = Fails(cut);
        Assert.That(ex.Message, Does.Contain("section 'Nordrhein-Westfalen', row 3: expected 'Gemeldete Berufsausbildungsstellen', found 'Gemeldete Berufsausb'"));
    }

    [Test]
    public void Read_TruncatedBetweenSections_FailsNamingTheMissingSection()
    {
        var cut = Good[..Good.IndexOf("Deutschland;", StringComparison.Ordinal)];
        var ex = Fails(cut);
        Assert.That(ex.Message, Does.Contain("the section line 'Deutschland' is still missing").And.Contain("truncated"));
    }

    [Test]
    public void Read_SectionEndsEarlyAtFooter_FailsAsTruncated()
    {
        var ex = Fails(Good.Replace("Bewerber/innen je 100 Stellen;92,8;89,2;84,8;77,4;80,7;88,4;\n", ""));
        Assert.That(ex.Message, Does.Contain("the © footer").And.Contain("row 5 'Bewerber/innen je 100 Stellen' of section 'Deutschland' is still missing"));
    }

    [Test]
    public void Read_HeaderOnly_FailsBecauseTheFirstSectionIsMissing()
    {
        var ex = Fails(Good[..Good.IndexOf("Agentur für Arbeit Dortmund;", StringComparison.Ordinal)]);
        Assert.That(ex.Message, Does.Contain("the section line 'Agentur für Arbeit Dortmund' is still missing"));
    }

    [Test]
    public void Read_DriftLateInFile_StreamsEarlierRowsBeforeFailing()
    {
        using var dir = new TempDir();
        var path = dir.File("ausbildungsmarkt.csv", Good.Replace("Deutschland;;;;;;;", "Westdeutschland;;;;;;;"));
        using var rows = new BaCsvReader().Read(path, SourceId, Entity, _ => { }).GetEnumerator();
        Assert.That(rows.MoveNext(), Is.True);
        Assert.That(rows.Current.Values, Is.EqualTo(new[] { "05913000", "Agentur für Arbeit Dortmund", "1", "Gemeldete Bewerber/innen", "applicants", "2018/19", "4.612" }));
        var ex = Assert.Throws<PipelineException>(() => { while (rows.MoveNext()) { } });
        Assert.That(ex!.Message, Does.Contain("line 20").And.Contain("found 'Westdeutschland;;;;;;;'"));
    }

    [Test]
    public void Read_EmptyFile_FailsClearly()
    {
        var ex = Fails("");
        Assert.That(ex.Message, Does.Contain("the file is empty").And.Contain("Bundesagentur"));
    }

    [Test]
    public void Read_MetadataOnly_FailsSayingThereIsNoTable()
    {
        var ex = Fails(Good[..Good.IndexOf("\n\n", StringComparison.Ordinal)]);
        Assert.That(ex.Message, Does.Contain("ends at line 4 inside the metadata block").And.Contain("holds no table"));
    }

    [Test]
    public void Read_MetadataAndBlankLineOnly_FailsSayingThereIsNoTable()
    {
        var ex = Fails(Good[..(Good.IndexOf("\n\n", StringComparison.Ordinal) + 2)]);
        Assert.That(ex.Message, Does.Contain("no table after the metadata block").And.Contain("2018/19;2019/20"));
    }

    [Test]
    public void Read_MetadataThenFooter_FailsSayingThereIsNoTable()
    {
        var ex = Fails("Region:; Agentur für Arbeit Dortmund\n\n© Statistik der Bundesagentur für Arbeit\n");
        Assert.That(ex.Message, Does.Contain("no table after the metadata block").And.Contain("reaches the © footer at line 3"));
    }

    [Test]
    public void Read_HtmlErrorPage_FailsClearly()
    {
        var ex = Fails("<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head><body>Wartungsarbeiten</body></html>\n");
        Assert.That(ex.Message, Does.Contain("HTML"));
    }

    [Test]
    public void Read_BinaryFile_FailsClearly()
    {
        using var dir = new TempDir();
        var path = dir.Bytes("ausbildungsmarkt.csv", [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00]);
        var ex = Assert.Throws<PipelineException>(() => ReadFile(path));
        Assert.That(ex!.Message, Does.Contain("binary"));
    }

    [Test]
    public void Read_TableWithoutMetadataBlock_FailsAtLineOne()
    {
        var ex = Fails(Good[(Good.IndexOf("\n\n", StringComparison.Ordinal) + 2)..]);
        Assert.That(ex.Message, Does.Contain("line 1").And.Contain("expected a metadata line"));
    }

    [Test]
    public void Read_CrlfAndLf_GiveIdenticalRows()
    {
        var crlf = Read(Good, "\r\n");
        var lf = Read(Good, "\n");
        Assert.That(lf.Rows, Has.Count.EqualTo(CellsInGood));
        Assert.That(lf.Rows, Is.EqualTo(crlf.Rows));
        Assert.That(lf.Lines, Is.EqualTo(crlf.Lines));
    }

    [Test]
    public void Read_BomAndNoBom_GiveIdenticalRows()
    {
        var bom = Read(Good, bom: true);
        var plain = Read(Good, bom: false);
        Assert.That(bom.Rows, Has.Count.EqualTo(CellsInGood));
        Assert.That(bom.Rows, Is.EqualTo(plain.Rows));
        Assert.That(bom.Lines, Is.EqualTo(plain.Lines));
    }

    [Test]
    public void Read_TableLinesWithoutTrailingSeparator_LoadEveryRow()
    {
        var result = Read(Good.Replace(";\n", "\n"));
        Assert.That(result.Rows, Has.Count.EqualTo(CellsInGood));
        Assert.That(result.Quarantined, Is.Empty);
    }

    [Test]
    public void Read_QuotedLabel_IsMatchedWithoutQuotes()
    {
        var result = Read(Good.Replace("Gemeldete Bewerber/innen;4.612", "\"Gemeldete Bewerber/innen\";4.612"));
        Assert.That(Cell(result, "05913000", "applicants", "2018/19"), Is.EqualTo("4.612"));
    }

    // BaCsvReader.Problem, which the catalog asks when it parses the pipeline file.
    [TestCase(@"(label: Nordrhein-Westfalen\n[^\n]*\n\s+rows:)(\n\s+- \{[^\n]*)+", "$1 []", "section 'Nordrhein-Westfalen' has no rows")]
    [TestCase("key: DG", "key: \"05\"", "section key '05' is declared twice")]
    [TestCase("\"2020/21\"", "\"2019/20\"", "value header '2019/20' is declared twice")]
    [TestCase("measure: unplaced_applicants_refugee_background", "measure: applicants", "section 'Agentur für Arbeit Dortmund' declares measure 'applicants' twice")]
    public void Parse_AmbiguousBaTableDeclaration_FailsNamingTheProblem(string pattern, string replacement, string expected)
    {
        var yaml = File.ReadAllText(Path.Combine(RepoPaths.Pipelines, "ba_training_market.yaml"));
        var changed = System.Text.RegularExpressions.Regex.Replace(yaml, pattern, replacement);
        Assert.That(changed, Is.Not.EqualTo(yaml), "the test's pattern no longer matches the YAML");
        var ex = Assert.Throws<PipelineException>(() => PipelineCatalog.Parse(changed, "pipelines/ba_training_market.yaml", ReaderFormats.All));
        Assert.That(ex!.Message, Does.Contain(expected).And.Contain("pipelines/ba_training_market.yaml"));
    }

    [Test]
    public void LoadAndStage_Sample_CountsDropThousandsSeparatorsRatesUseDecimalPointSymbolsBecomeStatus()
    {
        using var dir = new TempDir();
        var path = dir.File("ausbildungsmarkt.csv", Good.Replace("\n", "\r\n"));
        using var warehouse = TalentData.Warehouse.Warehouse.InMemory();
        var c = warehouse.Connection;
        c.Execute("create table ref.symbols as select * from (values ('*', '.'), ('-', '-'), ('x', 'x'), ('.', '.')) t(symbol, status)");
        var load = RawLoader.Load(warehouse, SourceId, Entity, path, "landing/ausbildungsmarkt.csv", "run-1");
        var model = SqlModel.FromFile(RepoPaths.Sql, Path.Combine(RepoPaths.Sql, "staging", SourceId, "stg_ba_training_market__agentur_dortmund.sql"));
        c.Execute($"create view staging.{model.Name} as {model.Sql}");

        (double? Value, string Status, int Year, string Run, long Line) Get(string area, string measure, string year) =>
            c.QuerySingle<(double?, string, int, string, long)>(
                $"select value, status, year, run_id, line_number from staging.{model.Name} where area_code = $area and measure = $measure and reporting_year = $year",
                new { area, measure, year });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(load.RowsLoaded, Is.EqualTo(CellsInGood));
            Assert.That(load.Periods, Is.EqualTo(new[] { "2018/19", "2019/20", "2020/21", "2021/22", "2022/23", "2023/24" }));
            Assert.That(Get("05913000", "applicants", "2023/24"), Is.EqualTo(((double?)4734, "", 2024, "run-1", 8L)));
            Assert.That(Get("05", "applicants", "2018/19"), Is.EqualTo(((double?)113512, "", 2019, "run-1", 15L)));
            Assert.That(Get("05913000", "applicants_per_100_places", "2019/20"), Is.EqualTo(((double?)108.0, "", 2020, "run-1", 13L)));
            Assert.That(Get("DG", "applicants_per_100_places", "2023/24").Value, Is.EqualTo(88.4).Within(1e-9));
            Assert.That(Get("05913000", "unplaced_applicants_refugee_background", "2021/22"), Is.EqualTo(((double?)null, ".", 2022, "run-1", 10L)));
            Assert.That(c.ExecuteScalar<long>($"select count(*) from staging.{model.Name} where value is null"), Is.EqualTo(1));
        }
    }
}
