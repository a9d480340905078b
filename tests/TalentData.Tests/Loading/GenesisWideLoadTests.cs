using System.Text;
using Dapper;
using TalentData.Loading;
using TalentData.Project;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Loading;

/// <summary>
/// A GENESIS table is appended one row per file line and unnested into long form by SQL (RawLoader with
/// <see cref="SourceReader.ReadWide"/>). The raw table must be exactly what appending <see cref="GenesisTableReader.Read"/>'s
/// long rows one by one gives: the same columns, rows, order, run id and file, and the same lines quarantined with the
/// same messages — for the real unemployment file with bad cells, and for the title-line and header-row layouts with
/// label columns, dimensions a column leaves out and a quote in a header.
/// </summary>
public class GenesisWideLoadTests
{
    static readonly Encoding Cp1252 = ReaderFormat.GetEncoding("windows-1252");
    const string SourceId = "regionalstatistik_test";
    const string RunId = "run-1";
    const string SourceFile = "landing/t.csv";

    static string RealUnemploymentFile => Path.Combine(RepoPaths.RealData, "genesis", "13211-02-05-4.csv");

    static EntityDefinition Unemployment =>
        PipelineCatalog.ParseFile(Path.Combine(RepoPaths.Pipelines, "regionalstatistik_unemployment.yaml"), ReaderFormats.All).Entities.Single();

    /// <summary>The real unemployment file with a thousands separator, a word, a missing field and an empty cell in four of its data lines.</summary>
    static string UnemploymentWithBadCells(TempDir dir)
    {
        var lines = File.ReadAllText(RealUnemploymentFile, Cp1252).Split('\n');
        var data = lines.Select((l, i) => (l, i)).Where(x => x.l.Length > 4 && char.IsAsciiDigit(x.l[0]) && x.l[4] == ';').Select(x => x.i).ToList();
        string Edit(int at, int field, string value)
        {
            var cells = lines[at].Split(';');
            cells[field] = value;
            return string.Join(';', cells);
        }
        lines[data[3]] = Edit(data[3], 3, "2.266.720");
        lines[data[10]] = Edit(data[10], 12, "viel");
        lines[data[20]] = string.Join(';', lines[data[20]].Split(';').SkipLast(1));
        lines[data[^1]] = Edit(data[^1], 8, "");
        return dir.File("13211-02-05-4.csv", string.Join('\n', lines), Cp1252);
    }

    static EntityDefinition Entity(string[] headers, List<string>? labels, string period, string tableCode = "99999-01-01-4") => new()
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
            // The first column declares no sex: its raw cell in that dimension is null.
            ValueColumns = [.. headers.Select((h, i) => new GenesisColumn
            {
                Header = h,
                Measure = i % 2 == 0 ? "schools" : "pupil's count",
                Dimensions = i == 0 ? new() { ["column"] = $"c{i + 1}" } : new() { ["column"] = $"c{i + 1}", ["sex"] = i % 2 == 0 ? "all" : "female" },
            })],
        },
    };

    const string TitleLineTable =
        "Tabelle: 99999-01-01-4\n" +
        "Schulen nach Schulart;;;;;\n" +
        "2015;;;;;\n" +
        ";;;Insgesamt;weiblich;Schüler's\n" +
        ";;;Anzahl;Anzahl;Anzahl\n" +
        "DG;Deutschland;  Gymnasien ;82175684;40514123;41661561\n" +
        "05913;      Dortmund, Kreisfreie Stadt;Grundschulen;586181;286800;299381\n" +
        "05914;      Hagen;Grundschulen;1.000;5;6\n" +
        "2016;;;;;\n" +
        "DG;Deutschland;Gymnasien;82521653;40697118;41824535\n" +
        "05913;      Dortmund, Kreisfreie Stadt;Grundschulen;586600;287000\n" +
        "05913;      Dortmund, Kreisfreie Stadt;Gymnasien;-;.;x\n" +
        "__________\n" +
        "Stand: 08.02.2017 / 11:12:13\n";

    static readonly string[] TitleLineHeaders = ["Insgesamt / Anzahl", "weiblich / Anzahl", "Schüler's / Anzahl"];

    const string HeaderRowTable =
        "GENESIS-Tabelle: 99999-01-01-4\n" +
        "Bevölkerung nach Geschlecht - Stichtag 31.12.;;;;\n" +
        ";;31.12.2023;31.12.2023;31.12.2024;31.12.2024\n" +
        ";;Insgesamt;weiblich;Insgesamt;weiblich\n" +
        ";;Anzahl;Anzahl;Anzahl;Anzahl\n" +
        "DG;Deutschland;83456045;42216960;83577140;42256633\n" +
        "05913;      Dortmund, kreisfreie Stadt;601779;304894;abc;305602\n" +
        "05914;      Hagen;188686;95000;189000;95500\n" +
        "__________\n" +
        "Stand: 13.03.2025 / 16:39:14\n";

    static readonly string[] HeaderRowHeaders = ["Insgesamt / Anzahl", "weiblich / Anzahl", "Insgesamt / Anzahl", "weiblich / Anzahl"];

    /// <summary>What the raw table held when each long row of Read was appended by itself: its cells, line, run id and file, in Read's order.</summary>
    static List<string> RowsOfTheLongPath(EntityDefinition entity, string path, List<QuarantinedRow> quarantined) =>
        new GenesisTableReader().Read(path, SourceId, entity, quarantined.Add)
            .Select(r => Show([.. r.Values, r.LineNumber, RunId, SourceFile]))
            .ToList();

    static string Show(IEnumerable<object?> cells) => string.Join(" | ", cells.Select(c => c is null ? "NULL" : Convert.ToString(c, System.Globalization.CultureInfo.InvariantCulture)));

    static List<string> RawRows(TalentData.Warehouse.Warehouse warehouse, string table, string order) =>
        warehouse.Connection.Query($"select * from raw.{table} order by {order}")
            .Select(r => Show(((IDictionary<string, object?>)r).Values))
            .ToList();

    static IEnumerable<TestCaseData> Files()
    {
        yield return new TestCaseData("unemployment", 4).SetArgDisplayNames("real 13211-02-05-4 with four bad lines");
        yield return new TestCaseData("title_line", 2).SetArgDisplayNames("title-line periods, a label column, a bad cell and a short line");
        yield return new TestCaseData("header_row", 1).SetArgDisplayNames("header-row periods and a bad cell");
    }

    static (EntityDefinition Entity, string Path) Case(string name, TempDir dir) => name switch
    {
        "unemployment" => (Unemployment, UnemploymentWithBadCells(dir)),
        "title_line" => (Entity(TitleLineHeaders, ["school_type"], "title_line"), dir.File("t.csv", TitleLineTable, Cp1252)),
        "header_row" => (Entity(HeaderRowHeaders, null, "header_row"), dir.File("t.csv", HeaderRowTable, Cp1252)),
        _ => throw new ArgumentException(name),
    };

    [TestCaseSource(nameof(Files))]
    public void Load_WideLinesUnnestedInSql_EqualTheLongRowsInOrderWithTheSameQuarantine(string name, int badLines)
    {
        using var dir = new TempDir();
        var (entity, path) = Case(name, dir);
        var quarantinedByRead = new List<QuarantinedRow>();
        var expected = RowsOfTheLongPath(entity, path, quarantinedByRead);
        using var warehouse = TalentData.Warehouse.Warehouse.InMemory();

        var load = RawLoader.Load(warehouse, SourceId, entity, path, SourceFile, RunId);

        var table = RawTable.NameOf(SourceId, entity.Entity);
        var c = warehouse.Connection;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(quarantinedByRead, Has.Count.EqualTo(badLines), "the test file's bad lines");
            Assert.That(RawRows(warehouse, table, "rowid"), Is.EqualTo(expected));
            Assert.That(c.Query<(string, string)>(
                    "select column_name, data_type from information_schema.columns where table_schema = 'raw' and table_name = $table order by ordinal_position", new { table }),
                Is.EqualTo(new GenesisTableReader().RawColumns(entity).Select(n => (n, "VARCHAR"))
                    .Concat([("_line_number", "BIGINT"), ("_run_id", "VARCHAR"), ("_source_file", "VARCHAR")])));
            Assert.That(c.Query<(long, string, string, string)>("select line_number, raw_text, reason, source_file from ops.quarantine order by line_number"),
                Is.EqualTo(quarantinedByRead.Select(q => (q.LineNumber, q.RawText, q.Reason, SourceFile))));
            Assert.That(load.RowsLoaded, Is.EqualTo(expected.Count));
            Assert.That(load.RowsQuarantined, Is.EqualTo(badLines));
            Assert.That(c.Query<string>("select table_name from information_schema.tables where table_schema = 'raw'"), Is.EqualTo(new[] { table }),
                "the wide and incoming tables are gone");
        }
    }

    [Test]
    public void Load_TitleLineTable_BadCellQuarantinedWithFileLineExpectedAndFound()
    {
        using var dir = new TempDir();
        var (entity, path) = Case("title_line", dir);
        using var warehouse = TalentData.Warehouse.Warehouse.InMemory();

        RawLoader.Load(warehouse, SourceId, entity, path, SourceFile, RunId);

        var c = warehouse.Connection;
        var table = RawTable.NameOf(SourceId, entity.Entity);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(c.Query<(long, string)>("select line_number, reason from ops.quarantine order by line_number"), Is.EqualTo(new[]
            {
                (8L, "column 4 ('Insgesamt / Anzahl'): expected a number (decimal comma, no thousands separator) or a GENESIS symbol, found '1.000'"),
                (11L, "expected 6 fields (region key; region name; school_type; 3 values), found 5"),
            }));
            // The rest of the file loads: the label trimmed, the period of each block, the symbols as text, a quote kept.
            Assert.That(c.Query<(string, string, string, string?, string, string, long)>(
                    $"select year, school_type, measure, sex, column_header, value_text, _line_number from raw.{table} where region_code = '05913' order by rowid"),
                Is.EqualTo(new[]
                {
                    ("2015", "Grundschulen", "schools", (string?)null, "Insgesamt / Anzahl", "586181", 7L),
                    ("2015", "Grundschulen", "pupil's count", "female", "weiblich / Anzahl", "286800", 7L),
                    ("2015", "Grundschulen", "schools", "all", "Schüler's / Anzahl", "299381", 7L),
                    ("2016", "Gymnasien", "schools", null, "Insgesamt / Anzahl", "-", 12L),
                    ("2016", "Gymnasien", "pupil's count", "female", "weiblich / Anzahl", ".", 12L),
                    ("2016", "Gymnasien", "schools", "all", "Schüler's / Anzahl", "x", 12L),
                }));
            Assert.That(c.ExecuteScalar<string>($"select school_type from raw.{table} where region_code = 'DG' and year = '2015' limit 1"), Is.EqualTo("Gymnasien"));
        }
    }

    [Test]
    public void Load_RealFileInAWarehouseFile_GivesTheSameRowsInFileOrder()
    {
        using var dir = new TempDir();
        var entity = Unemployment;
        var path = UnemploymentWithBadCells(dir);
        var expected = RowsOfTheLongPath(entity, path, []);
        using var warehouse = TalentData.Warehouse.Warehouse.OpenForWriting(Path.Combine(dir.Path, "work.duckdb"));

        var load = RawLoader.Load(warehouse, SourceId, entity, path, SourceFile, RunId);

        // One appender takes the wide lines (two interleaved batches of long rows before), so the table is in file order.
        Assert.That(RawRows(warehouse, RawTable.NameOf(SourceId, entity.Entity), "rowid"), Is.EqualTo(expected));
        Assert.That(load.RowsLoaded, Is.EqualTo(expected.Count));
    }

    [Test]
    public void Load_RealFile_ProgressCountsRawRowsAsBefore()
    {
        var entity = Unemployment;
        var rows = new GenesisTableReader().Read(RealUnemploymentFile, SourceId, entity, _ => { }).Count();
        using var warehouse = TalentData.Warehouse.Warehouse.InMemory();
        var progress = new List<long>();

        RawLoader.Load(warehouse, SourceId, entity, RealUnemploymentFile, SourceFile, RunId, progress.Add, progressEveryRows: 1000);

        // A batch holds as many whole lines as fit in 4,096 raw rows (315 lines of 13), and progress is reported after
        // each batch at the last multiple of 1,000 raw rows passed, as it was when each raw row was appended.
        Assert.That(rows, Is.EqualTo(7007), "the real file's raw rows");
        Assert.That(progress, Is.EqualTo(new long[] { 4000, 7000 }));
    }

    [Test]
    public void Load_CancelledAtProgress_LeavesTheLastGoodTableAndNoWideTable()
    {
        using var dir = new TempDir();
        var entity = Unemployment;
        using var warehouse = TalentData.Warehouse.Warehouse.OpenForWriting(Path.Combine(dir.Path, "work.duckdb"));
        var table = RawTable.NameOf(SourceId, entity.Entity);
        RawLoader.Load(warehouse, SourceId, entity, RealUnemploymentFile, "landing/first.csv", "run-0");
        var before = RawRows(warehouse, table, "_line_number, rowid");
        using var cancel = new CancellationTokenSource();

        Assert.That(() => RawLoader.Load(warehouse, SourceId, entity, UnemploymentWithBadCells(dir), SourceFile, RunId, _ => cancel.Cancel(), cancel.Token, progressEveryRows: 1000),
            Throws.InstanceOf<OperationCanceledException>());
        RawLoader.DropHalfLoadedTables(warehouse);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(RawRows(warehouse, table, "_line_number, rowid"), Is.EqualTo(before));
            Assert.That(warehouse.Connection.Query<string>("select table_name from information_schema.tables where table_schema = 'raw'"), Is.EqualTo(new[] { table }));
        }
    }
}
