using System.IO.Compression;
using System.Text;
using TalentData.Loading;
using TalentData.Project;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Loading;

/// <summary>
/// The GENESIS flat file (ffcsv): small hand-made files in the web service's byte format (UTF-8 with BOM, <c>;</c>, LF,
/// one header line, one row per value), plain and zipped, and the real 12411-01-01-4 response.
/// </summary>
public class GenesisFlatCsvReaderTests
{
    static readonly Encoding Utf8Bom = new UTF8Encoding(true);

    static string RealZip => Path.Combine(RepoPaths.RealData, "genesis-ffcsv", "12411-01-01-4_flat.zip");

    const string Header =
        "statistics_code;statistics_label;time_code;time_label;time;1_variable_code;1_variable_label;1_variable_attribute_code;1_variable_attribute_label;" +
        "2_variable_code;2_variable_label;2_variable_attribute_code;2_variable_attribute_label;value;value_unit;value_variable_code;value_variable_label";

    static string Row(string region, string name, string sexCode, string sexLabel, string value, string statistic = "12411", string variable = "GES") =>
        $"{statistic};Fortschreibung des Bevölkerungsstandes;STAG;Stichtag;2024-12-31;KREISE;Kreise und kreisfreie Städte;{region};{name};" +
        $"{variable};Geschlecht;{sexCode};{sexLabel};{value};Anzahl;BEVSTD;Bevölkerungsstand";

    static string Flat(params string[] rows) => Header + "\n" + string.Concat(rows.Select(r => r + "\n"));

    static readonly string[] GoodRows =
    [
        Row("05913", "Dortmund, kreisfreie Stadt", "GESW", "weiblich", "305602"),
        Row("05113", "Essen, kreisfreie Stadt", "", "Insgesamt", "574682"),
        Row("05913", "Dortmund, kreisfreie Stadt", "", "Insgesamt", "603462"),
        Row("03241", "Region Hannover, Landkreis", "GESM", "männlich", "-"),
        Row("05913", "Dortmund, kreisfreie Stadt", "GESM", "männlich", "297860"),
    ];

    static EntityDefinition Entity(string tableCode = "12411-01-01-4") => new()
    {
        Entity = "kreise",
        Reader = "genesis_flat_csv",
        Sample = "sample-data/x/t.zip",
        Url = "https://example.invalid/t.zip",
        Encoding = "utf-8",
        Format = new GenesisFlatCsvReader(),
        Options = new GenesisFlatCsvOptions
        {
            TableCode = tableCode,
            Variables = new() { ["KREISE"] = "region", ["GES"] = "sex" },
            Values = new() { ["BEVSTD"] = "population" },
        },
    };

    sealed record Result(IReadOnlyList<string> Columns, List<RawRow> Rows, List<QuarantinedRow> Quarantined)
    {
        readonly Dictionary<string, int> index = Columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);

        public string? Cell(RawRow row, string column) => row.Values[index[column]];

        public string? Value(string region, string sexCode) =>
            Cell(Rows.Single(r => Cell(r, "region_code") == region && Cell(r, "sex_code") == sexCode), "value_text");

        /// <summary>Every row as "column=value|…", ordered, to compare two reads.</summary>
        public List<string> Canonical() =>
            [.. Rows.Select(r => string.Join("|", Columns.Select((c, i) => $"{c}={r.Values[i]}"))).Order(StringComparer.Ordinal)];
    }

    static Result Read(string path, EntityDefinition? entity = null)
    {
        entity ??= Entity();
        var reader = new GenesisFlatCsvReader();
        var quarantined = new List<QuarantinedRow>();
        var rows = reader.Read(path, "regionalstatistik_test", entity, quarantined.Add).ToList();
        return new Result(reader.RawColumns(entity), rows, quarantined);
    }

    static PipelineException ReadFails(string path, EntityDefinition? entity = null) =>
        Assert.Throws<PipelineException>(() => Read(path, entity))!;

    static string Zip(TempDir dir, string name, params (string Entry, byte[] Bytes)[] entries)
    {
        var path = Path.Combine(dir.Path, name);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
            foreach (var (entry, bytes) in entries)
            {
                using var stream = zip.CreateEntry(entry).Open();
                stream.Write(bytes);
            }
        return path;
    }

    static byte[] Bytes(string text) => [.. Utf8Bom.GetPreamble(), .. Encoding.UTF8.GetBytes(text)];

    // ---------- reading

    [Test]
    public void Read_PlainCsv_OneRowPerValueWithCodesAndLabels()
    {
        using var dir = new TempDir();
        var path = dir.Bytes("t.csv", Bytes(Flat(GoodRows)));
        var r = Read(path);
        var dortmund = r.Rows.Single(x => r.Cell(x, "region_code") == "05913" && r.Cell(x, "sex_code") == "GESW");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Columns, Is.EqualTo(new[]
            {
                "statistics_code", "time_code", "time", "region_code", "region_label", "sex_code", "sex_label", "measure", "value_unit", "value_text",
            }));
            Assert.That(r.Quarantined, Is.Empty);
            Assert.That(r.Rows, Has.Count.EqualTo(5));
            Assert.That(r.Value("05913", ""), Is.EqualTo("603462"), "the empty Insgesamt attribute code stays empty");
            Assert.That(r.Value("05913", "GESM"), Is.EqualTo("297860"));
            Assert.That(r.Value("03241", "GESM"), Is.EqualTo("-"));
            Assert.That(r.Cell(dortmund, "region_label"), Is.EqualTo("Dortmund, kreisfreie Stadt"));
            Assert.That(r.Cell(dortmund, "sex_label"), Is.EqualTo("weiblich"));
            Assert.That(r.Cell(dortmund, "statistics_code"), Is.EqualTo("12411"), "the BOM is not part of the first column");
            Assert.That(r.Cell(dortmund, "time"), Is.EqualTo("2024-12-31"));
            Assert.That(r.Cell(dortmund, "measure"), Is.EqualTo("population"));
            Assert.That(dortmund.LineNumber, Is.EqualTo(2));
        }
    }

    [Test]
    public void Read_VariablesAndColumnsInAnotherOrder_MappedByCodeNotPosition()
    {
        // The same table with the variable groups swapped (GES first) and the value before the time columns.
        string Reordered(string line)
        {
            var c = line.Split(';');
            string[] group1 = c[5..9], group2 = c[9..13];
            var renumbered = (string[] g, string n) => g.Select(x => x.StartsWith("1_", StringComparison.Ordinal) || x.StartsWith("2_", StringComparison.Ordinal) ? n + x[1..] : x);
            return string.Join(";", c[..2].Concat(c[13..]).Concat(c[2..5])
                .Concat(renumbered(group2, "1")).Concat(renumbered(group1, "2")));
        }
        using var dir = new TempDir();
        var plain = dir.Bytes("plain.csv", Bytes(Flat(GoodRows)));
        var reordered = dir.Bytes("reordered.csv", Bytes(string.Join("\n", Flat(GoodRows).TrimEnd('\n').Split('\n').Select(Reordered)) + "\n"));
        Assert.That(File.ReadAllText(reordered), Does.StartWith("statistics_code;statistics_label;value;value_unit;value_variable_code;value_variable_label;time_code;time_label;time;1_variable_code"));
        Assert.That(Read(reordered).Canonical(), Is.EqualTo(Read(plain).Canonical()));
    }

    [Test]
    public void Read_ZipHoldingTheCsv_SameRowsAsTheCsv()
    {
        using var dir = new TempDir();
        var plain = dir.Bytes("t.csv", Bytes(Flat(GoodRows)));
        var zip = Zip(dir, "t.zip", ("12411-01-01-4_flat.csv", Bytes(Flat(GoodRows))));
        var r = Read(zip);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Canonical(), Is.EqualTo(Read(plain).Canonical()));
            Assert.That(r.Rows.Select(x => x.LineNumber), Is.EqualTo(new long[] { 2, 3, 4, 5, 6 }));
        }
    }

    [TestCase("1234,5")]
    [TestCase("-12")]
    [TestCase(".")]
    [TestCase("x")]
    [TestCase("...")]
    [TestCase("/")]
    [TestCase("-")]
    public void Read_DecimalCommaAndSymbols_PassThroughAsPrinted(string value)
    {
        using var dir = new TempDir();
        var path = dir.Bytes("t.csv", Bytes(Flat(Row("05913", "Dortmund, kreisfreie Stadt", "GESW", "weiblich", value))));
        var r = Read(path);
        Assert.That(r.Value("05913", "GESW"), Is.EqualTo(value));
    }

    [TestCase("305.602")]
    [TestCase("305602 p")]
    [TestCase("")]
    public void Read_ValueNeitherNumberNorSymbol_QuarantinedWithLineAndValue(string value)
    {
        using var dir = new TempDir();
        var path = dir.Bytes("t.csv", Bytes(Flat(GoodRows[0], Row("05913", "Dortmund, kreisfreie Stadt", "GESM", "männlich", value), GoodRows[1])));
        var r = Read(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Quarantined.Select(q => q.LineNumber), Is.EqualTo(new long[] { 3 }));
            Assert.That(r.Quarantined[0].Reason, Does.Contain("column value: expected a number (decimal comma").And.Contain($"found '{value}'"));
            Assert.That(r.Rows, Has.Count.EqualTo(2));
        }
    }

    [Test]
    public void Read_RowWithAMissingField_QuarantinedNamingTheCounts()
    {
        using var dir = new TempDir();
        var path = dir.Bytes("t.csv", Bytes(Flat(GoodRows[0], GoodRows[1][..GoodRows[1].LastIndexOf(';')])));
        var r = Read(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Quarantined.Select(q => q.LineNumber), Is.EqualTo(new long[] { 3 }));
            Assert.That(r.Quarantined[0].Reason, Is.EqualTo("expected 17 fields (as the header), found 16"));
        }
    }

    // ---------- files that do not match their declaration

    [Test]
    public void Read_UnknownVariableCode_FailsNamingFileLineColumnExpectedAndFound()
    {
        using var dir = new TempDir();
        var path = dir.Bytes("t.csv", Bytes(Flat(GoodRows[0], Row("05913", "Dortmund, kreisfreie Stadt", "ALT000B20", "unter 20 Jahre", "101000", variable: "ALTX20"))));
        var ex = ReadFails(path);
        Assert.That(ex.Message, Does.Contain("t.csv, line 3, column 2_variable_code: expected one of the declared variable codes KREISE, GES, found 'ALTX20'")
            .And.Contain("update pipelines/regionalstatistik_test.yaml (variables)"));
    }

    [Test]
    public void Read_UnknownValueVariable_FailsNamingExpectedAndFound()
    {
        using var dir = new TempDir();
        var path = dir.Bytes("t.csv", Bytes(Flat(GoodRows[0].Replace(";BEVSTD;", ";BEV001;"))));
        var ex = ReadFails(path);
        Assert.That(ex.Message, Does.Contain("t.csv, line 2, column value_variable_code: expected one of the declared value variables BEVSTD, found 'BEV001'"));
    }

    [Test]
    public void Read_RowWithoutADeclaredVariable_FailsNamingIt()
    {
        using var dir = new TempDir();
        var path = dir.Bytes("t.csv", Bytes(Flat(GoodRows[0], Row("05913", "Dortmund, kreisfreie Stadt", "", "", "603462", variable: ""))));
        var ex = ReadFails(path);
        Assert.That(ex.Message, Does.Contain("t.csv, line 3: expected a variable for 'sex' (one of GES), found none"));
    }

    [Test]
    public void Read_StatisticOfAnotherTable_FailsNamingTableExpectedAndFound()
    {
        using var dir = new TempDir();
        var path = dir.Bytes("t.csv", Bytes(Flat(Row("05913", "Dortmund, kreisfreie Stadt", "GESW", "weiblich", "1", statistic: "13211"))));
        var ex = ReadFails(path);
        Assert.That(ex.Message, Does.Contain("t.csv, line 2: expected statistics_code 12411 (table 12411-01-01-4), found '13211'"));
    }

    [Test]
    public void Read_ZipEntryNamingAnotherTable_FailsNamingExpectedAndFound()
    {
        using var dir = new TempDir();
        var zip = Zip(dir, "t.zip", ("12411-02-03-4_flat.csv", Bytes(Flat(GoodRows))));
        var ex = ReadFails(zip);
        Assert.That(ex.Message, Does.Contain("t.zip: expected the flat file of table 12411-01-01-4, found '12411-02-03-4_flat.csv' (table 12411-02-03-4)"));
    }

    [Test]
    public void Read_ZipWithTwoFiles_FailsNamingThem()
    {
        using var dir = new TempDir();
        var zip = Zip(dir, "t.zip", ("12411-01-01-4_flat.csv", Bytes(Flat(GoodRows))), ("readme.txt", Encoding.UTF8.GetBytes("Hinweis")));
        var ex = ReadFails(zip);
        Assert.That(ex.Message, Does.Contain("t.zip: expected a zip holding one CSV (the flat file of table 12411-01-01-4), found 2 files: 12411-01-01-4_flat.csv, readme.txt"));
    }

    [Test]
    public void Read_EmptyZip_FailsNamingNoFile()
    {
        using var dir = new TempDir();
        var zip = Zip(dir, "t.zip");
        var ex = ReadFails(zip);
        Assert.That(ex.Message, Does.Contain("t.zip: expected a zip holding one CSV").And.Contain("found 0 files."));
    }

    [Test]
    public void Read_BrokenZip_FailsAsUnreadable()
    {
        using var dir = new TempDir();
        var whole = File.ReadAllBytes(Zip(dir, "whole.zip", ("12411-01-01-4_flat.csv", Bytes(Flat(GoodRows)))));
        var cut = dir.Bytes("cut.zip", whole[..(whole.Length / 2)]);
        var ex = ReadFails(cut);
        Assert.That(ex.Message, Does.Contain("cut.zip: the file starts like a zip but is not a readable zip").And.Contain("expected a GENESIS flat file (ffcsv)"));
    }

    [Test]
    public void Read_HeaderWithoutTheValueColumn_FailsNamingWhatIsMissing()
    {
        using var dir = new TempDir();
        var path = dir.Bytes("t.csv", Bytes(Flat(GoodRows).Replace(";value;value_unit;", ";wert;value_unit;")));
        var ex = ReadFails(path);
        Assert.That(ex.Message, Does.Contain("t.csv, line 1: expected the flat-file (ffcsv) header").And.Contain("missing: value.").And.Contain("Found: 'statistics_code;"));
    }

    [Test]
    public void Read_TableCsvGivenToTheFlatReader_SaysWhichReaderItNeeds()
    {
        var ex = ReadFails(Path.Combine(RepoPaths.RealData, "genesis", "21111-02-06-4.csv"));
        Assert.That(ex.Message, Does.Contain("line 1: expected the flat-file (ffcsv) header").And.Contain("read it with reader genesis_table_csv"));
    }

    [Test]
    public void Read_HeaderOnly_FailsWithNoDataRows()
    {
        using var dir = new TempDir();
        var ex = ReadFails(dir.Bytes("t.csv", Bytes(Flat())));
        Assert.That(ex.Message, Does.Contain("t.csv: no data rows"));
    }

    [Test]
    public void Read_HtmlErrorPage_FailsClearly()
    {
        using var dir = new TempDir();
        var ex = ReadFails(dir.File("t.csv", "<!DOCTYPE html>\n<html><body>Fehler</body></html>\n"));
        Assert.That(ex.Message, Does.Contain("t.csv: the file is an HTML/XML page"));
    }

    // ---------- the declaration

    [Test]
    public void Problem_TableCodeWithoutStatistic_IsReported()
    {
        var entity = Entity("Bevoelkerung-01");
        Assert.That(new GenesisFlatCsvReader().Problem(entity), Does.Contain("table_code 'Bevoelkerung-01' does not start with a statistic code"));
    }

    [Test]
    public void Problem_VariableNameNotSnakeCase_IsReported()
    {
        var entity = Entity();
        entity.OptionsAs<GenesisFlatCsvOptions>().Variables["GES"] = "Geschlecht";
        Assert.That(new GenesisFlatCsvReader().Problem(entity), Does.Contain("variable name 'Geschlecht' must be snake_case"));
    }

    [Test]
    public void Problem_CommittedPipeline_HasNone()
    {
        var entity = PipelineCatalog.ParseFile(Path.Combine(RepoPaths.Pipelines, "regionalstatistik_population.yaml"), ReaderFormats.All).Entities.Single();
        Assert.That(new GenesisFlatCsvReader().Problem(entity), Is.Null);
    }

    // ---------- the real file

    [Test]
    public void Read_RealZip_DortmundPopulationExact()
    {
        var r = Read(RealZip);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Quarantined, Is.Empty);
            Assert.That(r.Rows, Has.Count.EqualTo(1467));
            Assert.That(r.Rows.Select(x => r.Cell(x, "region_code")).Distinct().Count(), Is.EqualTo(489));
            Assert.That(r.Value("05913", ""), Is.EqualTo("603462"));
            Assert.That(r.Value("05913", "GESM"), Is.EqualTo("297860"));
            Assert.That(r.Value("05913", "GESW"), Is.EqualTo("305602"));
            Assert.That(r.Rows.Single(x => r.Cell(x, "region_code") == "05913" && r.Cell(x, "sex_code") == "").LineNumber, Is.EqualTo(802));
        }
    }

    [Test]
    public void Read_RealCsvOutOfTheZip_SameRowsAsTheZip()
    {
        using var dir = new TempDir();
        using (var zip = ZipFile.OpenRead(RealZip))
            zip.Entries.Single().ExtractToFile(Path.Combine(dir.Path, "12411-01-01-4_flat.csv"));
        var plain = Path.Combine(dir.Path, "12411-01-01-4_flat.csv");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(plain))),
                Is.EqualTo("154526d42173a8fb999cba87d2b6721493e93c4a7c8c7f46659051b5461b74e6"), "the zip holds the published CSV unchanged");
            Assert.That(Read(plain).Canonical(), Is.EqualTo(Read(RealZip).Canonical()));
        }
    }

    [Test]
    public void Sample_IsTheRealZipByteForByte()
    {
        Assert.That(File.ReadAllBytes(Path.Combine(RepoPaths.SampleData, "regionalstatistik_population", "12411-01-01-4_flat.zip")),
            Is.EqualTo(File.ReadAllBytes(RealZip)));
    }
}
