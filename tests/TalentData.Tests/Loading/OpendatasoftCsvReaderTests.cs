using System.Text;
using TalentData.Loading;
using TalentData.Project;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Loading;

public class OpendatasoftCsvReaderTests
{
    static EntityDefinition Entity(params string[] integerColumns) => new()
    {
        Entity = "rows", Reader = "opendatasoft_csv", Sample = "x", Url = "x", Encoding = "utf-8",
        Format = new OpendatasoftCsvReader(),
        Options = new OpendatasoftCsvOptions { Columns = ["jahr", "name", "anzahl"], IntegerColumns = [.. integerColumns], Separator = ";" },
    };

    static (List<RawRow> Rows, List<QuarantinedRow> Quarantined) Read(string path, EntityDefinition? entity = null)
    {
        var quarantined = new List<QuarantinedRow>();
        var rows = new OpendatasoftCsvReader().Read(path, "dortmund_test", entity ?? Entity("jahr", "anzahl"), quarantined.Add).ToList();
        return (rows, quarantined);
    }

    [Test]
    public void Read_Utf8WithBom_StripsBomAndReadsUmlauts()
    {
        using var dir = new TempDir();
        var path = dir.File("a.csv", "jahr;name;anzahl\r\n2023;Hörde;27274\r\n", new UTF8Encoding(true));
        var (rows, quarantined) = Read(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(quarantined, Is.Empty);
            Assert.That(rows.Single().Values, Is.EqualTo(new[] { "2023", "Hörde", "27274" }));
            Assert.That(rows.Single().LineNumber, Is.EqualTo(2));
        }
    }

    [Test]
    public void Read_Utf8WithoutBomAndLf_ReadsTheSameValues()
    {
        using var dir = new TempDir();
        var withBom = Read(dir.File("a.csv", "jahr;name;anzahl\r\n2023;Hörde;27274\r\n", new UTF8Encoding(true))).Rows;
        var withoutBom = Read(dir.File("b.csv", "jahr;name;anzahl\n2023;Hörde;27274\n")).Rows;
        Assert.That(withoutBom.Single().Values, Is.EqualTo(withBom.Single().Values));
    }

    [Test]
    public void Read_QuotedSeparatorAndLineBreak_KeepsTheFieldWhole()
    {
        using var dir = new TempDir();
        var path = dir.File("a.csv", "jahr;name;anzahl\n2023;\"Kirchhörde; Löttringhausen\nNord\";5\n2024;Hörde;6\n");
        var (rows, quarantined) = Read(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(quarantined, Is.Empty);
            Assert.That(rows[0].Values[1], Is.EqualTo("Kirchhörde; Löttringhausen\nNord"));
            Assert.That(rows[1].LineNumber, Is.EqualTo(4), "line numbers count physical lines");
        }
    }

    [Test]
    public void Read_WrongFieldCountAndBadNumber_QuarantinesThoseRowsWithLineAndReason()
    {
        using var dir = new TempDir();
        var path = dir.File("a.csv", "jahr;name;anzahl\n2023;A;1\n2023;B\n2023;C;1.234\n2023;D;4;extra\n2023;E;-\n");
        var (rows, quarantined) = Read(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rows.Select(r => r.Values[1]), Is.EqualTo(new[] { "A", "E" }), "a symbol is a valid cell");
            Assert.That(quarantined.Select(q => q.LineNumber), Is.EqualTo(new long[] { 3, 4, 5 }));
            Assert.That(quarantined[0].Reason, Does.Contain("expected 3 fields, found 2"));
            Assert.That(quarantined[0].RawText, Is.EqualTo("2023;B"));
            Assert.That(quarantined[1].Reason, Does.Contain("column anzahl").And.Contain("'1.234'"));
            Assert.That(quarantined[2].Reason, Does.Contain("found 4"));
        }
    }

    [Test]
    public void Read_RenamedColumn_FailsWithExpectedAndFoundHeader()
    {
        using var dir = new TempDir();
        var path = dir.File("a.csv", "jahr;bezeichnung;anzahl\n2023;A;1\n");
        var ex = Assert.Throws<PipelineException>(() => Read(path));
        Assert.That(ex!.Message, Does.Contain(path).And.Contain("line 1")
            .And.Contain("expected: jahr;name;anzahl").And.Contain("found:    jahr;bezeichnung;anzahl")
            .And.Contain("missing:  name").And.Contain("pipelines/dortmund_test.yaml"));
    }

    [Test]
    public void Read_MissingColumn_FailsAsSchemaDrift()
    {
        using var dir = new TempDir();
        var ex = Assert.Throws<PipelineException>(() => Read(dir.File("a.csv", "jahr;anzahl\n2023;1\n")));
        Assert.That(ex!.Message, Does.Contain("schema drift").And.Contain("missing:  name"));
    }

    [Test]
    public void Read_EmptyFile_FailsClearly()
    {
        using var dir = new TempDir();
        var ex = Assert.Throws<PipelineException>(() => Read(dir.File("a.csv", "")));
        Assert.That(ex!.Message, Does.Contain("the file is empty"));
    }

    [Test]
    public void Read_HeaderOnly_FailsAndSaysLastGoodDataIsKept()
    {
        using var dir = new TempDir();
        var ex = Assert.Throws<PipelineException>(() => Read(dir.File("a.csv", "\uFEFFjahr;name;anzahl\r\n")));
        Assert.That(ex!.Message, Does.Contain("header but no data rows"));
    }

    [Test]
    public void Read_HtmlErrorPage_FailsNamingIt()
    {
        using var dir = new TempDir();
        var ex = Assert.Throws<PipelineException>(() => Read(dir.File("a.csv", "<!DOCTYPE html><html><body>502 Bad Gateway</body></html>")));
        Assert.That(ex!.Message, Does.Contain("HTML"));
    }

    [Test]
    public void Read_BinaryFile_FailsNamingIt()
    {
        using var dir = new TempDir();
        var ex = Assert.Throws<PipelineException>(() => Read(dir.Bytes("a.csv", [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x08])));
        Assert.That(ex!.Message, Does.Contain("binary"));
    }

    [Test]
    public void Read_UnclosedQuote_QuarantinesInsteadOfSwallowingSilently()
    {
        using var dir = new TempDir();
        var path = dir.File("a.csv", "jahr;name;anzahl\n2023;A;1\n2023;\"B;2\n2023;C;3\n");
        var (rows, quarantined) = Read(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rows.Select(r => r.Values[1]), Does.Contain("A"));
            Assert.That(rows.Select(r => r.Values[1]), Does.Not.Contain("C"), "C is inside the runaway quote");
            Assert.That(quarantined, Is.Not.Empty);
            Assert.That(quarantined[0].LineNumber, Is.EqualTo(3));
        }
    }
}
