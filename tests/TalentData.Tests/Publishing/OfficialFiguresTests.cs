using System.Globalization;
using System.Text;
using Dapper;
using TalentData.Publishing;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Publishing;

/// <summary>
/// Official figures win where they exist: every figure of the two Regionalstatistik tables that the publication
/// carries equals the table file to the digit (read here from the files, not from the warehouse), and the city's
/// own district sums stay visible beside them in marts.reconciliation.
/// </summary>
public class OfficialFiguresTests
{
    static SamplePublication Sample => SamplePublication.Instance;

    static readonly Encoding Cp1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    /// <summary>The data rows of a GENESIS table file by year and region key: the value cells from column 4 on.</summary>
    static Dictionary<(string Year, string Region), string[]> GenesisRows(string path) =>
        File.ReadAllLines(path, Cp1252)
            .Select(l => l.Split(';'))
            .Where(f => f.Length > 4 && f[0].Length == 4 && f[0].All(char.IsAsciiDigit))
            .ToDictionary(f => (f[0], f[1]), f => f[3..]);

    static long? Count(string cell) => cell == "-" ? 0 : long.TryParse(cell, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    static Dictionary<string, string> Published(string dataset, Func<Func<string, string>, string> key)
    {
        var (header, rows) = CsvExtractWriter.Parse(Sample.Bytes(dataset, "data.csv"));
        var index = header.Select((h, i) => (h, i)).ToDictionary(p => p.h, p => p.i);
        var measure = index.TryGetValue("anzahl", out var count) ? count : index["wert"];
        // The value as published, or its status symbol where it has none.
        return rows.ToDictionary(r => key(c => r[index[c]]), r => r[index["status"]] == "" ? r[measure] : r[index["status"]]);
    }

    // Column pairs (Insgesamt, weiblich) of 21111-02-06-4 in file order; "dar." (of which) is not published.
    static readonly string[] LeaverQualifications =
        ["insgesamt", "ohne_hauptschulabschluss", "hauptschulabschluss", "mittlerer_abschluss", null!, "fachhochschulreife", "allgemeine_hochschulreife"];

    [Test]
    public void SchoolLeavers2023_DortmundIsPublishedAsInTheRealTable()
    {
        Assert.That(Sample.Report.Succeeded, Is.True, Sample.Report.Error);
        var real = GenesisRows(Path.Combine(RepoPaths.RealData, "genesis", "21111-02-06-4.csv"))[("2023", "05913")];
        var published = Published("schulabgaenge-abschluss-stadtbezirke", c => $"{c("jahr")}|{c("gebiet_nr")}|{c("abschluss")}|{c("geschlecht")}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(published["2023|05913000|insgesamt|insgesamt"], Is.EqualTo("5855"), "the official total, not the sum of the rounded categories (5850)");
            Assert.That(published["2023|05913000|insgesamt|weiblich"], Is.EqualTo("2840"));
            Assert.That(published["2023|05913000|insgesamt|männlich"], Is.EqualTo("3015"), "men = official total - official women");
            for (var q = 0; q < LeaverQualifications.Length; q++)
            {
                if (LeaverQualifications[q] is not { } qualification)
                    continue;
                Assert.That(published[$"2023|05913000|{qualification}|insgesamt"], Is.EqualTo(Count(real[2 * q]).ToString()), qualification);
                Assert.That(published[$"2023|05913000|{qualification}|weiblich"], Is.EqualTo(Count(real[2 * q + 1]).ToString()), qualification);
            }
        }
    }

    [Test]
    public void EveryOfficialFigureWeCarry_EqualsItsFileToTheDigit()
    {
        var leavers = GenesisRows(Path.Combine(RepoPaths.SampleData, "regionalstatistik_school_leavers", "21111-02-06-4.csv"));
        var unemployment = GenesisRows(Path.Combine(RepoPaths.SampleData, "regionalstatistik_unemployment", "13211-02-05-4.csv"));
        var cells = Published("schulabgaenge-abschluss-stadtbezirke", c => $"{c("jahr")}|{c("gebiet_nr")}|{c("abschluss")}|{c("geschlecht")}");
        var unemployed = Published("arbeitslose-statistische-bezirke", c => $"{c("jahr")}|{c("gebiet_nr")}|{c("rechtskreis")}|{c("altersgruppe")}");
        // Codes repeat across levels (110 is a Stadtbezirk and a statistischer Bezirk), so the key takes the level too.
        var indicators = Published("talentindikatoren-bezirke", c => $"{c("indikator")}|{c("gebiet_ebene")}:{c("gebiet_nr")}|{c("jahr")}");
        var areaOf = new Dictionary<string, string> { ["05913"] = "05913000", ["05"] = "05", ["DG"] = "DG" };
        var levelOf = new Dictionary<string, string> { ["05913000"] = "stadt", ["05"] = "land", ["DG"] = "bund" };
        var compared = 0;
        using (Assert.EnterMultipleScope())
        {
            foreach (var ((year, region), values) in leavers.Where(r => areaOf.ContainsKey(r.Key.Region)))
            {
                var area = areaOf[region];
                Assert.That(indicators[$"school_leavers_total|{levelOf[area]}:{area}|{year}"], Is.EqualTo(values[0]), $"school_leavers_total {area} {year}");
                compared++;
                if (area != "05913000")
                    continue;
                for (var q = 0; q < LeaverQualifications.Length; q++)
                {
                    if (LeaverQualifications[q] is not { } qualification)
                        continue;
                    Assert.That(cells[$"{year}|{area}|{qualification}|insgesamt"], Is.EqualTo(Count(values[2 * q]).ToString()), $"{year} {qualification}");
                    Assert.That(cells[$"{year}|{area}|{qualification}|weiblich"], Is.EqualTo(Count(values[2 * q + 1]).ToString()), $"{year} {qualification} female");
                    compared += 2;
                }
            }
            foreach (var ((year, region), values) in unemployment.Where(r => areaOf.ContainsKey(r.Key.Region)))
            {
                var area = areaOf[region];
                Assert.That(indicators[$"unemployed_total|{levelOf[area]}:{area}|{year}"], Is.EqualTo(values[0]), $"unemployed_total {area} {year}");
                Assert.That(indicators[$"unemployment_rate_official|{levelOf[area]}:{area}|{year}"], Is.EqualTo(values[8].Replace(',', '.')), $"unemployment rate {area} {year}");
                Assert.That(indicators[$"youth_unemployment_rate_official|{levelOf[area]}:{area}|{year}"], Is.EqualTo(values[12].Replace(',', '.')), $"youth rate {area} {year}");
                compared += 3;
                if (area != "05913000")
                    continue;
                Assert.That(unemployed[$"{year}|{area}|insgesamt|insgesamt"], Is.EqualTo(values[0]), $"{year} unemployed");
                Assert.That(unemployed[$"{year}|{area}|insgesamt|unter 25"], Is.EqualTo(values[4]), $"{year} unemployed 15 to 24");
                compared += 2;
            }
        }
        Assert.That(compared, Is.EqualTo(6 * (3 + 12) + 6 * (3 * 3 + 2)), "six years: 3 school totals + 12 city cells, 9 unemployment figures + 2 city cells");
    }

    [Test]
    public void Reconciliation_ShowsTheDistrictSumBesideEachOfficialFigure()
    {
        using var warehouse = TalentData.Warehouse.Warehouse.OpenReadOnly(Sample.Options.SnapshotPath);
        var total = warehouse.Connection.QuerySingle<(long DistrictSum, long Official, long Difference, double Tolerance)>(
            "select district_sum, official_value, difference, tolerance from marts.reconciliation where comparison = 'school_leavers' and year = 2023 and measure = 'total' and sex = 'total'");
        var female = warehouse.Connection.QuerySingle<(long DistrictSum, long Official, long Difference)>(
            "select district_sum, official_value, difference from marts.reconciliation where comparison = 'school_leavers' and year = 2023 and measure = 'total' and sex = 'female'");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(total, Is.EqualTo((5850L, 5855L, -5L, 5.0)), "the sum of the independently rounded categories beside the official total");
            Assert.That(female, Is.EqualTo((2845L, 2840L, 5L)));
        }
    }
}
