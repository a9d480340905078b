using System.Text;
using TalentData.Loading;
using TalentData.Project;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Loading;

/// <summary>
/// <see cref="FileInspector"/> on the real files the pipelines bundle: what it finds must be what the committed, hand-written
/// pipelines declare (header paths as the reader joins them, label columns, encoding), and what the files hold (periods,
/// area keys, symbols). Bad inputs fail with the file named and what was found.
/// </summary>
public class FileInspectorTests
{
    static readonly ProjectManifest Manifest = RepoManifest.Instance;

    static EntityDefinition Declared(string sourceId) => Manifest.Pipeline(sourceId).Entities.Single();

    /// <summary>Drafts a pipeline for the file, parses it as the catalog does and reads the file with it: the rows and what was quarantined.</summary>
    static (List<RawRow> Rows, List<QuarantinedRow> Quarantined, EntityDefinition Entity) ReadWithDraft(FileInspection found)
    {
        var draft = new SourceDraft(found, "example_draft", "sample-data/example_draft/t.csv");
        var entity = PipelineCatalog.Parse(draft.PipelineYaml(), "pipelines/example_draft.yaml", ReaderFormats.All).Entities.Single();
        var quarantined = new List<QuarantinedRow>();
        var rows = ((SourceReader)entity.Format).Read(found.Path, "example_draft", entity, quarantined.Add).ToList();
        return (rows, quarantined, entity);
    }

    static FileInspection InspectSample(string sourceId) => FileInspector.Inspect(Path.Combine(RepoPaths.Root, Declared(sourceId).Sample));

    [TestCase("regionalstatistik_schools")]
    [TestCase("regionalstatistik_school_leavers")]
    [TestCase("regionalstatistik_unemployment")]
    [TestCase("regionalstatistik_vocational_leavers")]
    public void GenesisTable_FindsWhatItsPipelineDeclares(string sourceId)
    {
        var entity = Declared(sourceId);
        var options = entity.OptionsAs<GenesisTableOptions>();
        var found = InspectSample(sourceId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(found.Format, Is.EqualTo("genesis_table_csv"));
            Assert.That(found.Encoding, Is.EqualTo(entity.Encoding));
            Assert.That(found.ByteOrderMark, Is.False);
            Assert.That(found.Separator, Is.EqualTo(';'));
            Assert.That(found.TableCode, Is.EqualTo(options.TableCode));
            Assert.That(found.PeriodPosition, Is.EqualTo(options.PeriodPosition ?? "first_column"));
            Assert.That(found.LabelColumns, Has.Count.EqualTo(options.LabelColumns?.Count ?? 0));
            // The header paths typed by hand into the committed pipeline, character for character.
            Assert.That(found.Columns.Select(c => c.Header), Is.EqualTo(options.ValueColumns.Select(c => c.Header)));
            Assert.That(found.Columns.Select(c => c.Measure), Is.Unique);
            Assert.That(found.AreaKeyExamples, Is.Not.Empty);
            Assert.That(found.BadRows, Is.Zero);
        }
    }

    [Test]
    public void Schools_FourLabelColumnsSixHeaderPathsOneYearEveryRegionAndItsSymbols()
    {
        var found = InspectSample("regionalstatistik_schools");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(found.HeaderRows, Is.EqualTo(4));
            Assert.That(found.FirstHeaderLine, Is.EqualTo(6));
            Assert.That(found.LabelColumns.Single(), Does.Contain("Grundschulen").And.Contain("Vorschulbereich"));
            Assert.That(found.Periods, Is.EqualTo(new[] { "2023" }));
            Assert.That(found.AreaKeyCount, Is.EqualTo(538));
            Assert.That(found.AreaKeyExamples.Take(2), Is.EqualTo(new[] { "DG", "01" }));
            Assert.That(found.Symbols.Keys, Is.EquivalentTo(new[] { "-", ".", "x" }));
            Assert.That(found.DataRows, Is.EqualTo(538 * 12), "one row per region and Schulart");
        }
    }

    [Test]
    public void VocationalLeavers_SixHeaderRows()
    {
        var found = InspectSample("regionalstatistik_vocational_leavers");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(found.HeaderRows, Is.EqualTo(6));
            Assert.That(found.Columns, Has.Count.EqualTo(12));
            Assert.That(found.Periods, Is.EqualTo(new[] { "2023" }));
            Assert.That(found.AreaKeyCount, Is.EqualTo(538));
        }
    }

    [Test]
    public void FlatFileZip_FindsTheEntryVariablesValuesAndTheTableCode()
    {
        var found = InspectSample("regionalstatistik_population");
        var declared = Declared("regionalstatistik_population").OptionsAs<GenesisFlatCsvOptions>();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(found.Format, Is.EqualTo("genesis_flat_csv"));
            Assert.That(found.ZipEntry, Is.EqualTo("12411-01-01-4_flat.csv"));
            Assert.That(found.Encoding, Is.EqualTo("utf-8"));
            Assert.That(found.ByteOrderMark, Is.True);
            Assert.That(found.TableCode, Is.EqualTo(declared.TableCode));
            Assert.That(found.Variables.Select(v => v.Code), Is.EquivalentTo(declared.Variables.Keys));
            Assert.That(found.Variables.Single(v => v.Code == "KREISE").Name, Is.EqualTo("region"));
            Assert.That(found.ValueVariables.Select(v => v.Header), Is.EquivalentTo(declared.Values.Keys));
            Assert.That(found.Periods, Is.EqualTo(new[] { "2024-12-31" }));
            Assert.That(found.AreaKeyCount, Is.EqualTo(489));
            Assert.That(found.DataRows, Is.EqualTo(1467));
            Assert.That(found.Title, Does.StartWith("Fortschreibung des Bevölkerungsstandes"));
        }
    }

    [Test]
    public void OpendatasoftExport_ColumnsAndWholeNumberColumnsAsDeclared()
    {
        var found = InspectSample("dortmund_population");
        var declared = Declared("dortmund_population").OptionsAs<OpendatasoftCsvOptions>();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(found.Format, Is.EqualTo("opendatasoft_csv"));
            Assert.That(found.Columns.Select(c => c.Header), Is.EqualTo(declared.Columns));
            Assert.That(found.IntegerColumns, Is.SupersetOf(declared.IntegerColumns));
            Assert.That(found.PeriodColumn, Is.EqualTo("jahr"));
        }
    }

    [Test]
    public void BaTable_ValueHeadersAndSectionsAsDeclared()
    {
        var found = InspectSample("ba_training_market");
        var declared = Declared("ba_training_market").OptionsAs<BaCsvOptions>();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(found.Format, Is.EqualTo("ba_csv"));
            Assert.That(found.Columns.Select(c => c.Header), Is.EqualTo(declared.ValueHeaders));
            Assert.That(found.Sections.Select(s => s.Label), Is.EqualTo(declared.Sections.Select(s => s.Label)));
            Assert.That(found.Sections.Select(s => s.Rows), Is.EqualTo(declared.Sections.Select(s => s.Rows.Select(r => r.Label))));
        }
    }

    [Test]
    public void GenesisTableInUtf8WithoutBom_IsUtf8()
    {
        using var dir = new TempDir();
        var cp1252 = File.ReadAllText(Path.Combine(RepoPaths.Root, Declared("regionalstatistik_unemployment").Sample), ReaderFormat.GetEncoding("windows-1252"));
        var found = FileInspector.Inspect(dir.File("table.csv", cp1252, new UTF8Encoding(false)));
        Assert.That((found.Encoding, found.ByteOrderMark), Is.EqualTo(("utf-8", false)));
        Assert.That(found.Columns[1].Header, Is.EqualTo("Arbeitslose / ausländisch / Anzahl"));
    }

    [Test]
    public void PeriodInAHeaderRow_IsNoPartOfTheHeaderPathAndEveryColumnHasItsPeriod()
    {
        using var dir = new TempDir();
        var path = dir.File("t.csv", """
            GENESIS-Tabelle: 99999-01-01-4
            Eine Tabelle;;;
            ;;2015;2016
            ;;Anzahl;Anzahl
            DG;Deutschland;1;2
            05913;  Dortmund;3;-
            __________
            """);
        var found = FileInspector.Inspect(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(found.PeriodPosition, Is.EqualTo("header_row"));
            Assert.That(found.Periods, Is.EqualTo(new[] { "2015", "2016" }));
            Assert.That(found.LabelColumns, Is.Empty);
            Assert.That(found.AreaKeyExamples, Is.EqualTo(new[] { "DG", "05913" }));
            Assert.That(found.Columns.Select(c => c.Header), Is.EqualTo(new[] { "Anzahl", "Anzahl" }));
        }
        var (rows, quarantined, entity) = ReadWithDraft(found);
        Assert.That(quarantined, Is.Empty);
        var year = entity.Format.RawColumns(entity).ToList().IndexOf("year");
        Assert.That(rows.Select(r => (r.Values[year], r.Values[1], r.Values[^1])), Is.EqualTo(new[]
        {
            ("2015", "DG", "1"), ("2016", "DG", "2"), ("2015", "05913", "3"), ("2016", "05913", "-"),
        }));
    }

    [Test]
    public void PeriodOnATitleLine_AndALabelColumn()
    {
        using var dir = new TempDir();
        var path = dir.File("t.csv", """
            Tabelle: 99999-01-02-4
            2015;;;;
            ;;;Insgesamt;weiblich
            DG;Deutschland;Gymnasien;10;5
            05913;  Dortmund;Gymnasien;3;x
            """);
        var found = FileInspector.Inspect(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(found.PeriodPosition, Is.EqualTo("title_line"));
            Assert.That(found.Periods, Is.EqualTo(new[] { "2015" }));
            Assert.That(found.LabelColumns.Single(), Is.EqualTo(new[] { "Gymnasien" }));
            Assert.That(found.Columns.Select(c => c.Header), Is.EqualTo(new[] { "Insgesamt", "weiblich" }));
            Assert.That(found.Symbols, Is.EqualTo(new Dictionary<string, long> { ["x"] = 1 }));
        }
        var (rows, quarantined, entity) = ReadWithDraft(found);
        var columns = entity.Format.RawColumns(entity).ToList();
        Assert.That(quarantined, Is.Empty);
        Assert.That(rows.Select(r => (r.Values[columns.IndexOf("year")], r.Values[columns.IndexOf("label_1")], r.Values[^1])), Is.EqualTo(new[]
        {
            ("2015", "Gymnasien", "10"), ("2015", "Gymnasien", "5"), ("2015", "Gymnasien", "3"), ("2015", "Gymnasien", "x"),
        }));
    }

    [Test]
    public void TwoColumnsWithOneHeaderPath_GetTwoMeasuresSoTheDraftLoads()
    {
        using var dir = new TempDir();
        var path = dir.File("t.csv", """
            GENESIS-Tabelle: 99999-01-03-4
            Titel;;;;
            ;;;Anzahl;Anzahl
            2020;DG;Deutschland;1;2
            """);
        var found = FileInspector.Inspect(path);
        Assert.That(found.Columns.Select(c => c.Measure), Is.EqualTo(new[] { "anzahl", "anzahl_2" }));
        var (rows, quarantined, _) = ReadWithDraft(found);
        Assert.That((rows.Count, quarantined.Count), Is.EqualTo((2, 0)));
    }

    [Test]
    public void MissingFile_NamesTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), "talentdata-tests", "no-such-table.csv");
        var ex = Assert.Throws<PipelineException>(() => FileInspector.Inspect(path));
        Assert.That(ex.Message, Does.Contain(path).And.Contain("no such file"));
    }

    [Test]
    public void EmptyFile_NamesTheFileAndSaysEmpty()
    {
        using var dir = new TempDir();
        var path = dir.File("empty.csv", "");
        var ex = Assert.Throws<PipelineException>(() => FileInspector.Inspect(path));
        Assert.That(ex.Message, Does.Contain(path).And.Contain("empty"));
    }

    [TestCase("<!DOCTYPE html><html><body>Wartungsarbeiten</body></html>", "an HTML or XML page")]
    [TestCase("Region,Wert\nDortmund,1\n", "found 'Region,Wert'")]
    public void UnknownFormat_NamesTheFileAndWhatLineOneHolds(string content, string said)
    {
        using var dir = new TempDir();
        var path = dir.File("download.csv", content);
        var ex = Assert.Throws<PipelineException>(() => FileInspector.Inspect(path));
        Assert.That(ex.Message, Does.Contain(path).And.Contain("unknown format").And.Contain(said).And.Contain("genesis_table_csv"));
    }

    [Test]
    public void ZipWithTwoFiles_IsUnknownAndListsThem()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "two.zip");
        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
        {
            zip.CreateEntry("a.csv");
            zip.CreateEntry("b.csv");
        }
        var ex = Assert.Throws<PipelineException>(() => FileInspector.Inspect(path));
        Assert.That(ex.Message, Does.Contain(path).And.Contain("2 files").And.Contain("a.csv, b.csv"));
    }
}
