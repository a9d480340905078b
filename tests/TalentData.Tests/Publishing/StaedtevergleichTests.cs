using System.Globalization;
using System.Text;
using Dapper;
using TalentData.Publishing;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Publishing;

/// <summary>
/// The Städtevergleich as published by the shared sample run: the city's values equal the real Regionalstatistik files
/// to the digit (read here from the files, not from the warehouse), every Kreis's figures likewise, the ranks follow
/// from the published values, and the peer flag follows sql/reference/peer_cities.csv.
/// </summary>
public class StaedtevergleichTests
{
    const string Dataset = "staedtevergleich";

    static SamplePublication Sample => SamplePublication.Instance;

    static readonly Encoding Cp1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    sealed record Row(string Year, string Level, string Code, string Group, string Indicator, string Value, string Status, string Origin, string Table,
        string RankKreise, string CountKreise, string RankLand, string CountLand);

    static readonly Lazy<List<Row>> Rows = new(() =>
    {
        var (header, rows) = CsvExtractWriter.Parse(Sample.Bytes(Dataset, "data.csv"));
        var i = header.Select((h, n) => (h, n)).ToDictionary(p => p.h, p => p.n);
        return [.. rows.Select(r => new Row(r[i["jahr"]], r[i["gebiet_ebene"]], r[i["gebiet_nr"]], r[i["vergleichsgruppe"]], r[i["indikator"]], r[i["wert"]],
            r[i["status"]], r[i["herkunft"]], r[i["tabelle"]], r[i["rang_kreise"]], r[i["anzahl_kreise"]], r[i["rang_land"]], r[i["anzahl_land"]]))];
    });

    static string CityKreis => Sample.City.Key[..5];

    static Row Find(string year, string code, string indicator) =>
        Rows.Value.SingleOrDefault(r => r.Year == year && r.Code == code && r.Indicator == indicator)
        ?? throw new AssertionException($"{Dataset}: no row for {indicator}, {code}, {year}");

    /// <summary>The data rows of a real GENESIS table file: year, region key, then the cells after the label columns.</summary>
    static IEnumerable<string[]> GenesisRows(string file) =>
        File.ReadAllLines(Path.Combine(RepoPaths.RealData, "genesis", file), Cp1252)
            .Select(l => l.Split(';'))
            .Where(f => f.Length > 4 && f[0].Length == 4 && f[0].All(char.IsAsciiDigit));

    /// <summary>A count as published: '-' is exactly zero.</summary>
    static string Count(string cell) => cell == "-" ? "0" : cell;

    /// <summary>
    /// The bundled unemployment and general-leavers tables are real only for 2023 (their provenance.yaml); every other
    /// year is made up and must never be published as 'amtlich' or 'berechnet'. The schools and vocational-leavers files
    /// are the publisher's unchanged, so all their values stay official (their school year 2023/24 is published as 2024:
    /// the file's period, not the published year, decides).
    /// </summary>
    [Test]
    public void Origin_OfEveryRow_FollowsTheSampleFilesRealPeriods()
    {
        var tables = new Dictionary<string, string?>
        {
            ["13211-02-05-4"] = "2023", ["21111-02-06-4"] = "2023", ["21111-01-03-4"] = null, ["21121-02-02-4"] = null, ["12411-01-01-4"] = null,
        };
        using (Assert.EnterMultipleScope())
        {
            foreach (var row in Rows.Value)
            {
                var realYear = row.Table.Split(", ").Select(t => tables[t]).ToList();
                var madeUp = realYear.Any(y => y is not null && y != row.Year);
                if (madeUp)
                    Assert.That(row.Origin, Is.EqualTo("synthetisch"), $"{row.Indicator}, {row.Code}, {row.Year} (table {row.Table}) is made up");
                else
                    Assert.That(row.Origin, Is.AnyOf("amtlich", "berechnet"), $"{row.Indicator}, {row.Code}, {row.Year} (table {row.Table}) is the publisher's");
            }
        }
        Assert.That(Rows.Value.Count(r => r.Origin == "synthetisch"), Is.GreaterThan(0), "the sample holds made-up years");
        Assert.That(Find("2023", CityKreis, "unemployed_total").Origin, Is.EqualTo("amtlich"));
        Assert.That(Find("2022", CityKreis, "unemployed_total").Origin, Is.EqualTo("synthetisch"));
    }

    [Test]
    public void Dortmund_OfficialValues_EqualTheRealFilesToTheDigit()
    {
        Assert.That(Sample.Report.Published, Does.Contain(Dataset), Sample.Report.Error);
        var expected = new (string Year, string Indicator, string Value, string Table)[]
        {
            ("2024", "population_total", "603462", "12411-01-01-4"),           // Fortschreibung 31.12.2024, not the register's 614,495
            ("2023", "vocational_leavers_total", "1755", "21121-02-02-4"),
            ("2023", "vocational_leavers_allgemeine_hochschulreife", "210", "21121-02-02-4"),
            ("2023", "vocational_leavers_fachhochschulreife", "270", "21121-02-02-4"),
            ("2024", "schools_gymnasium", "16", "21111-01-03-4"),              // Schuljahresbeginn 2023 = school year 2023/24 = 2024
            ("2024", "pupils_gymnasium", "14945", "21111-01-03-4"),
            ("2024", "schools_gesamtschule", "11", "21111-01-03-4"),
            ("2024", "pupils_gesamtschule", "10935", "21111-01-03-4"),
            ("2024", "schools_grundschule", "88", "21111-01-03-4"),
            ("2024", "pupils_grundschule", "23755", "21111-01-03-4"),
            ("2024", "pupils_total", "64650", "21111-01-03-4"),
            ("2023", "school_leavers_total", "5855", "21111-02-06-4"),
            ("2023", "unemployed_total", "37080", "13211-02-05-4"),
            ("2023", "unemployment_rate_official", "11.5", "13211-02-05-4"),
            ("2023", "youth_unemployment_rate_official", "9.6", "13211-02-05-4"),
        };
        using (Assert.EnterMultipleScope())
            foreach (var (year, indicator, value, table) in expected)
            {
                var row = Find(year, CityKreis, indicator);
                Assert.That((row.Value, row.Status, row.Origin, row.Table, row.Group), Is.EqualTo((value, "", "amtlich", table, "stadt")), $"{indicator} {year}");
            }
    }

    [Test]
    public void Dortmund_Studienberechtigtenquote_IsComputedFromBothTablesByItsDefinition()
    {
        // AHR + FHR of general schools (2000 + '-') and vocational schools (210 + 270) per 100 leavers of general schools (5855).
        var row = Find("2023", CityKreis, "studienberechtigtenquote");
        Assert.That((row.Value, row.Status, row.Origin, row.Table), Is.EqualTo((Math.Round(100.0 * (2000 + 0 + 210 + 270) / 5855, 1).ToString("0.0", CultureInfo.InvariantCulture),
            "", "berechnet", "21111-02-06-4, 21121-02-02-4")));
        using var warehouse = TalentData.Warehouse.Warehouse.OpenReadOnly(Sample.Options.SnapshotPath);
        var city = warehouse.Connection.ExecuteScalar<double>(
            "select value from marts.indicator_values where indicator_id = 'studienberechtigtenquote' and area_level = 'stadt' and year = 2023");
        Assert.That(city, Is.EqualTo(42.4), "the city's indicator value is the same definition");
    }

    [Test]
    public void Dortmund_SchoolLeaverSharesBySex_AreComputedFromTheOfficialFiguresForWomenAndBothSexes()
    {
        // 21111-02-06-4, 2023: 5855 leavers, 2840 women; with Abitur 2000, 1085 women; without Hauptschulabschluss 560, 225 women.
        string Share(double numerator, double denominator) => Math.Round(100.0 * numerator / denominator, 1).ToString("0.0", CultureInfo.InvariantCulture);
        var expected = new (string Indicator, string Value)[]
        {
            ("school_leavers_share_abitur_female", Share(1085, 2840)),
            ("school_leavers_share_abitur_male", Share(2000 - 1085, 5855 - 2840)),
            ("school_leavers_share_without_hauptschulabschluss_female", Share(225, 2840)),
            ("school_leavers_share_without_hauptschulabschluss_male", Share(560 - 225, 5855 - 2840)),
        };
        using (Assert.EnterMultipleScope())
            foreach (var (indicator, value) in expected)
                Assert.That((Find("2023", CityKreis, indicator).Value, Find("2023", CityKreis, indicator).Origin), Is.EqualTo((value, "berechnet")), indicator);
    }

    [Test]
    public void EveryKreis_GymnasiumPupilsAndVocationalLeavers_EqualTheRealFiles()
    {
        var kreise = Rows.Value.Where(r => r.Level == "kreis").Select(r => r.Code).ToHashSet();
        // 21111-01-03-4: year; key; name; Schulart; schools, pupils, ...; the file's year is the school year's start.
        var gymnasien = GenesisRows("21111-01-03-4.csv").Where(f => f[3] == "Gymnasien" && kreise.Contains(f[1]) && f[5] != "x")
            .ToDictionary(f => f[1], f => Count(f[5]));
        // 21121-02-02-4: year; key; name; total, female, ...
        var vocational = GenesisRows("21121-02-02-4.csv").Where(f => kreise.Contains(f[1]) && f[3] is not ("." or "x"))
            .ToDictionary(f => f[1], f => Count(f[3]));
        Assert.That(gymnasien, Has.Count.GreaterThan(390), "nearly every Kreis of Germany is compared");
        Assert.That(vocational, Has.Count.GreaterThan(390));
        using (Assert.EnterMultipleScope())
        {
            foreach (var (code, pupils) in gymnasien)
                Assert.That(Find("2024", code, "pupils_gymnasium").Value, Is.EqualTo(pupils), $"pupils at Gymnasien, {code}");
            foreach (var (code, leavers) in vocational)
                Assert.That(Find("2023", code, "vocational_leavers_total").Value, Is.EqualTo(leavers), $"vocational leavers, {code}");
        }
    }

    [Test]
    public void Ranks_FollowThePublishedValues_AmongAllKreiseAndWithinTheState()
    {
        var state = Sample.City.State.Code;
        var failures = new List<string>();
        foreach (var group in Rows.Value.Where(r => r.Level == "kreis").GroupBy(r => (r.Indicator, r.Year)))
        {
            var ranked = group.Where(r => r.Value != "").ToList();
            var values = ranked.Select(r => double.Parse(r.Value, CultureInfo.InvariantCulture)).ToList();
            var inState = ranked.Select((r, n) => (r, v: values[n])).Where(p => p.r.Code.StartsWith(state, StringComparison.Ordinal)).ToList();
            for (var n = 0; n < ranked.Count; n++)
            {
                var r = ranked[n];
                var expected = (Rank: (1 + values.Count(v => v > values[n])).ToString(CultureInfo.InvariantCulture), Count: ranked.Count.ToString(CultureInfo.InvariantCulture));
                if ((r.RankKreise, r.CountKreise) != expected)
                    failures.Add($"{r.Indicator} {r.Year} {r.Code}: rank {r.RankKreise} of {r.CountKreise}, expected {expected.Rank} of {expected.Count}");
                var expectedLand = r.Code.StartsWith(state, StringComparison.Ordinal)
                    ? ((1 + inState.Count(p => p.v > values[n])).ToString(CultureInfo.InvariantCulture), inState.Count.ToString(CultureInfo.InvariantCulture))
                    : ("", "");
                if ((r.RankLand, r.CountLand) != expectedLand)
                    failures.Add($"{r.Indicator} {r.Year} {r.Code}: state rank {r.RankLand} of {r.CountLand}, expected {expectedLand.Item1} of {expectedLand.Item2}");
            }
            failures.AddRange(group.Where(r => r.Value == "" && (r.RankKreise, r.CountKreise, r.RankLand, r.CountLand) != ("", "", "", ""))
                .Select(r => $"{r.Indicator} {r.Year} {r.Code}: no value but a rank"));
        }
        failures.AddRange(Rows.Value.Where(r => r.Level != "kreis" && (r.RankKreise, r.RankLand) != ("", "")).Select(r => $"{r.Level} {r.Code}: ranked among Kreise"));
        Assert.That(failures, Is.Empty);
        Assert.That(Find("2024", CityKreis, "pupils_gymnasium").CountKreise, Is.EqualTo(
            Rows.Value.Count(r => r.Level == "kreis" && r.Year == "2024" && r.Indicator == "pupils_gymnasium" && r.Value != "").ToString(CultureInfo.InvariantCulture)));
    }

    [Test]
    public void PeerFlag_MarksTheConfiguredPeersAndTheCity_NothingElse()
    {
        var configured = File.ReadAllLines(Path.Combine(RepoPaths.Sql, "reference", "peer_cities.csv")).Skip(1)
            .Where(l => l.Length > 0).Select(l => l.Split(',')[0]).ToHashSet();
        Assert.That(configured, Is.SupersetOf(new[] { "05113", "05112", "05911", "05513", "05315", "05111" }), "the default peer group");
        var flagged = Rows.Value.GroupBy(r => r.Group).ToDictionary(g => g.Key, g => g.Select(r => r.Code).ToHashSet());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(flagged["vergleichsstadt"], Is.EquivalentTo(configured));
            Assert.That(flagged["stadt"], Is.EquivalentTo(new[] { CityKreis }));
            Assert.That(flagged.Keys, Is.EquivalentTo(new[] { "", "stadt", "vergleichsstadt" }));
            foreach (var peer in configured)
                Assert.That(Find("2024", peer, "pupils_share_gymnasium").Value, Is.Not.Empty, $"{peer} is compared on the indicators the tables have for it");
        }
    }

    [Test]
    public void Disclosure_PublishesTheOfficialFiguresAsTheWarehouseHoldsThem()
    {
        // Official figures of whole Kreise and shares of them: no count of ours, so nothing is suppressed again.
        Assert.That(Sample.Datasets.Single(d => d.Dataset == Dataset).Disclosure, Is.EqualTo("none"));
        using var warehouse = TalentData.Warehouse.Warehouse.OpenReadOnly(Sample.Options.SnapshotPath);
        var secret = warehouse.Connection.ExecuteScalar<long>("select count(*) from marts.staedtevergleich where status = '.'");
        Assert.That(Rows.Value.Count(r => r.Status == "."), Is.EqualTo(secret));
        Assert.That(Rows.Value, Has.Count.EqualTo(warehouse.Connection.ExecuteScalar<long>("select count(*) from marts.staedtevergleich")));
    }
}
