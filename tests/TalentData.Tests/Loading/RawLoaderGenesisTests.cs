using System.Text;
using Dapper;
using TalentData.Loading;
using TalentData.Project;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Loading;

/// <summary>
/// GENESIS tables load wide: RawLoader keeps one row per line (raw.&lt;table&gt;__lines) and the value columns of each load
/// (raw.&lt;table&gt;__value_columns), and raw.&lt;table&gt; is the view that unfolds them into one raw row per value column
/// (<see cref="Unfolding.ViewSql"/>). What the view gives must be what the reader's long form gives, row for row
/// (<see cref="GenesisTableReader.Read"/>, which the reader fixtures check value by value), with the same shape, line
/// numbers and lineage, and bad lines quarantined with file, line and reason. Loaded into a warehouse file, as a run
/// does, from the real files in sample-data/realdata.
/// </summary>
public class RawLoaderGenesisTests
{
    static readonly Encoding Cp1252 = ReaderFormat.GetEncoding("windows-1252");

    static string RealFile(string name) => Path.Combine(RepoPaths.RealData, "genesis", name);

    static EntityDefinition Pipeline(string sourceId) =>
        PipelineCatalog.ParseFile(Path.Combine(RepoPaths.Pipelines, sourceId + ".yaml"), ReaderFormats.All).Entities.Single();

    /// <summary>Every raw row as one comparable line: the raw columns, _line_number, _run_id, _source_file; nulls marked.</summary>
    static List<string> RawRows(TalentData.Warehouse.Warehouse warehouse, string table) =>
        [.. warehouse.Connection.Query($"select * from raw.\"{table}\"")
            .Select(row => Line(((IDictionary<string, object?>)row).Values))
            .Order(StringComparer.Ordinal)];

    static string Line(IEnumerable<object?> cells) => string.Join(" | ", cells.Select(c => c is null ? "<null>" : $"'{c}'"));

    /// <summary>The reader's long rows with the lineage the loader adds, in the same form.</summary>
    static (List<string> Rows, List<QuarantinedRow> Quarantined) ReaderRows(string path, string sourceId, EntityDefinition entity, string runId, string sourceFile)
    {
        var quarantined = new List<QuarantinedRow>();
        var rows = new GenesisTableReader().Read(path, sourceId, entity, quarantined.Add)
            .Select(r => Line(r.Values.Cast<object?>().Append(r.LineNumber).Append(runId).Append(sourceFile)))
            .Order(StringComparer.Ordinal)
            .ToList();
        return (rows, quarantined);
    }

    [TestCase("regionalstatistik_unemployment", "13211-02-05-4.csv", true)]
    [TestCase("regionalstatistik_school_leavers", "21111-02-06-4.csv", false)]
    [TestCase("regionalstatistik_schools", "21111-01-03-4.csv", false)]            // a label column (Schulart)
    [TestCase("regionalstatistik_vocational_leavers", "21121-02-02-4.csv", false)] // six header rows
    public void Load_RealGenesisFile_RawRowsAreTheReadersLongRowsInTheSameShape(string sourceId, string file, bool reload)
    {
        using var dir = new TempDir();
        var entity = Pipeline(sourceId);
        var table = RawTable.NameOf(sourceId, entity.Entity);
        var (expected, quarantined) = ReaderRows(RealFile(file), sourceId, entity, "run-2", "landing/" + file);
        Assume.That(expected, Is.Not.Empty);
        using var warehouse = TalentData.Warehouse.Warehouse.OpenForWriting(Path.Combine(dir.Path, "work.duckdb"));

        // A first load renames its incoming table; a reload replaces the years it delivers inside the raw table.
        if (reload)
            RawLoader.Load(warehouse, sourceId, entity, RealFile(file), "landing/" + file, "run-1");
        var load = RawLoader.Load(warehouse, sourceId, entity, RealFile(file), "landing/" + file, "run-2");

        var shape = warehouse.Connection.Query<(string, string)>(
            "select column_name, data_type from information_schema.columns where table_schema = 'raw' and table_name = $table order by ordinal_position",
            new { table }).ToList();
        var leftOver = warehouse.Connection.Query<string>(
            "select schema_name || '.' || table_name from duckdb_tables() where table_name not in ($lines, $valueColumns) and (schema_name = 'raw' or temporary)",
            new { lines = RawLoader.LinesOf(table), valueColumns = RawLoader.ValueColumnsOf(table) }).ToList();
        var kind = warehouse.Connection.ExecuteScalar<string>(
            "select table_type from information_schema.tables where table_schema = 'raw' and table_name = $table", new { table });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(RawRows(warehouse, table), Is.EqualTo(expected), "the raw rows, order aside");
            Assert.That(shape, Is.EqualTo(new GenesisTableReader().RawColumns(entity).Select(c => (c, "VARCHAR"))
                .Concat([("_line_number", "BIGINT"), ("_run_id", "VARCHAR"), ("_source_file", "VARCHAR")])));
            Assert.That(load.RowsLoaded, Is.EqualTo(expected.Count));
            Assert.That(load.RowsQuarantined, Is.EqualTo(quarantined.Count));
            Assert.That(leftOver, Is.Empty, "the incoming tables are dropped");
            Assert.That(kind, Is.EqualTo("VIEW"), "raw rows are read through the view that unfolds the lines");
        }
    }

    [Test]
    public void Load_RealUnemploymentFile_DortmundLineBecomesOneRawRowPerDeclaredColumnAsInTheFile()
    {
        using var dir = new TempDir();
        var entity = Pipeline("regionalstatistik_unemployment");
        var path = RealFile("13211-02-05-4.csv");
        var lines = File.ReadAllLines(path, Cp1252);
        var at = Array.FindIndex(lines, l => l.Split(';') is [_, "05913", ..]);
        Assume.That(at, Is.GreaterThan(0), "the real file has a Dortmund line");
        var cells = lines[at].Split(';');
        var columns = entity.OptionsAs<GenesisTableOptions>().ValueColumns;
        // Written out from the line and the pipeline file, independently of the reader: year, key, name without its
        // indent (two spaces a level), the column's header path, measure and dimensions, the value as it stands.
        var expected = columns.Select((column, i) => Line([
                cells[0], "05913", "Dortmund, kreisfreie Stadt", ((cells[2].Length - cells[2].TrimStart(' ').Length) / 2).ToString(System.Globalization.CultureInfo.InvariantCulture),
                column.Header, column.Measure, column.Dimensions.GetValueOrDefault("group"), column.Dimensions.GetValueOrDefault("basis"),
                cells[3 + i], (long)(at + 1), "run-1", "landing/13211-02-05-4.csv"]))
            .Order(StringComparer.Ordinal).ToList();
        using var warehouse = TalentData.Warehouse.Warehouse.OpenForWriting(Path.Combine(dir.Path, "work.duckdb"));

        RawLoader.Load(warehouse, "regionalstatistik_unemployment", entity, path, "landing/13211-02-05-4.csv", "run-1");

        var dortmund = warehouse.Connection.Query($"select * from raw.regionalstatistik_unemployment__kreise where _line_number = {at + 1}")
            .Select(row => Line(((IDictionary<string, object?>)row).Values)).Order(StringComparer.Ordinal).ToList();
        Assert.That(dortmund, Is.EqualTo(expected));
        Assert.That(expected, Has.Count.EqualTo(13));
    }

    [Test]
    public void Load_GenesisFileWithBadLines_QuarantinesEachLineWithFileLineAndReasonAndLoadsTheOthers()
    {
        using var dir = new TempDir();
        const string sourceId = "regionalstatistik_unemployment";
        var entity = Pipeline(sourceId);
        var lines = File.ReadAllLines(RealFile("13211-02-05-4.csv"), Cp1252);
        var data = Enumerable.Range(0, lines.Length).Where(i => lines[i].Length > 4 && char.IsAsciiDigit(lines[i][0]) && lines[i][4] == ';').ToList();
        var (thousands, shortLine) = (data[5], data[9]);
        lines[thousands] = string.Join(';', lines[thousands].Split(';').Select((c, i) => i == 3 ? "31.013" : c));
        lines[shortLine] = lines[shortLine][..lines[shortLine].LastIndexOf(';')];
        var path = dir.File("13211-02-05-4.csv", string.Join('\n', lines) + "\n", Cp1252);
        using var warehouse = TalentData.Warehouse.Warehouse.OpenForWriting(Path.Combine(dir.Path, "work.duckdb"));

        var load = RawLoader.Load(warehouse, sourceId, entity, path, "landing/bad.csv", "run-1");

        var quarantine = warehouse.Connection.Query<(string, string, string, long, string)>(
            "select source_id, entity, source_file, line_number, reason from ops.quarantine where run_id = 'run-1' order by line_number").ToList();
        var rawLines = warehouse.Connection.Query<long>("select distinct _line_number from raw.regionalstatistik_unemployment__kreise").ToHashSet();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(quarantine, Has.Count.EqualTo(2));
            Assert.That(quarantine[0], Is.EqualTo((sourceId, "kreise", "landing/bad.csv", (long)thousands + 1,
                "column 4 ('Arbeitslose /  / Anzahl'): expected a number (decimal comma, no thousands separator) or a GENESIS symbol, found '31.013'")));
            Assert.That(quarantine[1].Item4, Is.EqualTo((long)shortLine + 1));
            Assert.That(quarantine[1].Item5, Does.StartWith("expected 16 fields").And.EndWith("found 15"));
            Assert.That(rawLines, Does.Not.Contain((long)thousands + 1).And.Not.Contain((long)shortLine + 1));
            Assert.That(rawLines, Has.Count.EqualTo(data.Count - 2), "every other data line is loaded");
            Assert.That(load.RowsQuarantined, Is.EqualTo(2));
            Assert.That(load.RowsLoaded, Is.EqualTo((data.Count - 2) * 13L));
        }
    }

    [Test]
    public void Load_PeriodInAHeaderRow_EachRawRowTakesItsColumnsPeriod()
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
            "__________\nStand: 13.03.2025 / 16:39:14\n", Cp1252);
        var entity = new EntityDefinition
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
                PeriodPosition = "header_row",
                ValueColumns = [.. new[] { "Insgesamt", "weiblich", "Insgesamt", "weiblich" }.Select((h, i) =>
                    new GenesisColumn { Header = h + " / Anzahl", Measure = "population", Dimensions = new() { ["sex"] = h == "weiblich" ? "female" : "total" } })],
            },
        };
        var (expected, _) = ReaderRows(path, "regionalstatistik_test", entity, "run-1", "t.csv");
        using var warehouse = TalentData.Warehouse.Warehouse.InMemory();

        RawLoader.Load(warehouse, "regionalstatistik_test", entity, path, "t.csv", "run-1");

        var dortmund = warehouse.Connection.Query<(string, string, string)>(
            "select year, sex, value_text from raw.regionalstatistik_test__kreise where region_code = '05913' order by 1, 2").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(RawRows(warehouse, "regionalstatistik_test__kreise"), Is.EqualTo(expected));
            Assert.That(dortmund, Is.EqualTo(new[]
            {
                ("31.12.2023", "female", "304894"), ("31.12.2023", "total", "601779"),
                ("31.12.2024", "female", "305602"), ("31.12.2024", "total", "603462"),
            }));
        }
    }

    /// <summary>A small table of population by sex: the period in the first column (years) or in a header row (Stichtage).</summary>
    static EntityDefinition Population(string periodPosition) => new()
    {
        Entity = "kreise",
        Reader = "genesis_table_csv",
        Sample = "sample-data/x/t.csv",
        Url = "https://example.invalid/t.csv",
        Encoding = "windows-1252",
        PeriodColumn = "year",
        Format = new GenesisTableReader(),
        Options = new GenesisTableOptions
        {
            TableCode = "99999-01-01-4",
            PeriodPosition = periodPosition,
            ValueColumns = [.. (periodPosition == "header_row" ? new[] { "Insgesamt", "weiblich", "Insgesamt", "weiblich" } : ["Insgesamt", "weiblich"])
                .Select(h => new GenesisColumn { Header = h + " / Anzahl", Measure = "population", Dimensions = new() { ["sex"] = h == "weiblich" ? "female" : "total" } })],
        },
    };

    /// <summary>A first_column table of Dortmund's population in the given years, <paramref name="offset"/> added to every value.</summary>
    static string YearsFile(TempDir dir, string name, int offset, params int[] years) => dir.File(name,
        "GENESIS-Tabelle: 99999-01-01-4\nBevölkerung nach Geschlecht;;;;\n;;;Insgesamt;weiblich\n;;;Anzahl;Anzahl\n" +
        string.Concat(years.Select(y => $"{y};05913;      Dortmund, kreisfreie Stadt;{y + offset};{y + offset - 1000}\n")) +
        "__________\nStand: 13.03.2025\n", Cp1252);

    static List<(string Year, string Sex, string Value, string Run)> Dortmund(TalentData.Warehouse.Warehouse warehouse) =>
        [.. warehouse.Connection.Query<(string, string, string, string)>(
            "select year, sex, value_text, _run_id from raw.regionalstatistik_test__kreise where region_code = '05913' order by 1, 2")];

    static long Count(TalentData.Warehouse.Warehouse warehouse, string table) =>
        warehouse.Connection.ExecuteScalar<long>($"select count(*) from raw.\"{table}\"");

    [Test]
    public void Load_Reload_ReplacesTheYearsItDeliversInTheKeptLinesAndKeepsTheOthers()
    {
        using var dir = new TempDir();
        var entity = Population("first_column");
        using var warehouse = TalentData.Warehouse.Warehouse.OpenForWriting(Path.Combine(dir.Path, "work.duckdb"));
        RawLoader.Load(warehouse, "regionalstatistik_test", entity, YearsFile(dir, "a.csv", 0, 2022, 2023), "a.csv", "run-1");

        var reload = RawLoader.Load(warehouse, "regionalstatistik_test", entity, YearsFile(dir, "b.csv", 5, 2023, 2024), "b.csv", "run-2");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reload.Periods, Is.EqualTo(new[] { "2023", "2024" }));
            Assert.That(Dortmund(warehouse), Is.EqualTo(new[]
            {
                ("2022", "female", "1022", "run-1"), ("2022", "total", "2022", "run-1"),
                ("2023", "female", "1028", "run-2"), ("2023", "total", "2028", "run-2"),
                ("2024", "female", "1029", "run-2"), ("2024", "total", "2029", "run-2"),
            }));
            Assert.That(Count(warehouse, "regionalstatistik_test__kreise__lines"), Is.EqualTo(3), "the 2023 line of run-1 is gone, not hidden");
        }

        // The last line of run-1 replaced: its load's value columns go with it.
        RawLoader.Load(warehouse, "regionalstatistik_test", entity, YearsFile(dir, "c.csv", 7, 2022), "c.csv", "run-3");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Dortmund(warehouse).Select(r => (r.Year, r.Run)).Distinct(), Is.EqualTo(new[] { ("2022", "run-3"), ("2023", "run-2"), ("2024", "run-2") }));
            Assert.That(warehouse.Connection.Query<string>("select distinct _run_id from raw.regionalstatistik_test__kreise__value_columns order by 1"),
                Is.EqualTo(new[] { "run-2", "run-3" }));
        }
    }

    [Test]
    public void Load_Reload_PeriodInAHeaderRow_ReplacesTheStichtageItDeliversInTheKeptValueColumns()
    {
        using var dir = new TempDir();
        var entity = Population("header_row");
        string File(string name, string first, string second, int offset) => dir.File(name,
            "GENESIS-Tabelle: 99999-01-01-4\nBevölkerung nach Geschlecht;;;;\n" +
            $";;{first};{first};{second};{second}\n;;Insgesamt;weiblich;Insgesamt;weiblich\n;;Anzahl;Anzahl;Anzahl;Anzahl\n" +
            $"05913;      Dortmund, kreisfreie Stadt;{100 + offset};{50 + offset};{200 + offset};{150 + offset}\n__________\nStand: 13.03.2025\n", Cp1252);
        using var warehouse = TalentData.Warehouse.Warehouse.OpenForWriting(Path.Combine(dir.Path, "work.duckdb"));
        RawLoader.Load(warehouse, "regionalstatistik_test", entity, File("a.csv", "31.12.2023", "31.12.2024", 0), "a.csv", "run-1");

        RawLoader.Load(warehouse, "regionalstatistik_test", entity, File("b.csv", "31.12.2024", "31.12.2025", 1), "b.csv", "run-2");

        // The line of run-1 is kept for its 2023 columns only; its 2024 columns are those of run-2.
        Assert.That(Dortmund(warehouse), Is.EqualTo(new[]
        {
            ("31.12.2023", "female", "50", "run-1"), ("31.12.2023", "total", "100", "run-1"),
            ("31.12.2024", "female", "51", "run-2"), ("31.12.2024", "total", "101", "run-2"),
            ("31.12.2025", "female", "151", "run-2"), ("31.12.2025", "total", "201", "run-2"),
        }));
    }

    [Test]
    public void Load_FailsPartWay_LastGoodLinesValueColumnsAndViewStayAndNothingHalfLoadedIsLeft()
    {
        using var dir = new TempDir();
        var entity = Pipeline("regionalstatistik_unemployment");
        var table = RawTable.NameOf("regionalstatistik_unemployment", entity.Entity);
        // In memory one appender takes every batch and reports progress after each, so the load below stops for certain
        // after its lines are appended and before they replace anything.
        using var warehouse = TalentData.Warehouse.Warehouse.InMemory();
        RawLoader.Load(warehouse, "regionalstatistik_unemployment", entity, RealFile("13211-02-05-4.csv"), "landing/good.csv", "run-1");
        var before = RawRows(warehouse, table);
        // Every data line broken: nothing valid to load.
        var broken = File.ReadAllLines(RealFile("13211-02-05-4.csv"), Cp1252)
            .Select(l => l.Length > 4 && char.IsAsciiDigit(l[0]) && l[4] == ';' ? l + ";" : l);
        var empty = dir.File("broken.csv", string.Join('\n', broken) + "\n", Cp1252);
        using var cancel = new CancellationTokenSource();

        // One load stopped after its first lines are appended, one with no valid line at all.
        Assert.Throws<OperationCanceledException>(() => RawLoader.Load(warehouse, "regionalstatistik_unemployment", entity, RealFile("13211-02-05-4.csv"),
            "landing/cancelled.csv", "run-2", progress: _ => cancel.Cancel(), cancel: cancel.Token, progressEveryRows: 1));
        var ex = Assert.Throws<PipelineException>(() => RawLoader.Load(warehouse, "regionalstatistik_unemployment", entity, empty, "landing/broken.csv", "run-3"));

        var leftOver = warehouse.Connection.Query<string>("select table_name from duckdb_tables() where ends_with(table_name, '__incoming')").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex!.Message, Does.Contain("no valid rows").And.Contain("the last good data of regionalstatistik_unemployment is kept"));
            Assert.That(RawRows(warehouse, table), Is.EqualTo(before), "the raw rows of run-1, read through the view");
            Assert.That(leftOver, Is.Empty);
        }
    }

    /// <summary>
    /// A warehouse on disk appends on two connections; whichever appends the batch that crosses a mark reports it, so the
    /// last report is the last mark the load crossed and a cancellation at any mark is honoured. Reporting from one
    /// connection alone lost the marks the other crossed, and a run cancelled at "raw load half-way" then went on.
    /// </summary>
    [Test]
    public void Load_TwoConnectionsAppend_ProgressReachesTheLastMarkCrossedInOrder()
    {
        using var dir = new TempDir();
        var entity = Population("first_column");
        const int lines = 12 * 4096 + 7;
        var path = dir.File("many.csv",
            "GENESIS-Tabelle: 99999-01-01-4\nBevölkerung nach Geschlecht;;;;\n;;;Insgesamt;weiblich\n;;;Anzahl;Anzahl\n" +
            string.Concat(Enumerable.Range(0, lines).Select(i => $"{2000 + i % 20};{i / 20:D5};      Gebiet {i / 20};{i};{i / 2}\n")) +
            "__________\nStand: 13.03.2025\n", Cp1252);
        using var warehouse = TalentData.Warehouse.Warehouse.OpenForWriting(Path.Combine(dir.Path, "work.duckdb"));

        // Each load hands its batches to both connections in whatever order they come; five loads leave the last batch
        // to the second connection at least once for all but a vanishing share of schedules.
        for (var run = 1; run <= 5; run++)
        {
            var reports = new List<long>();
            var load = RawLoader.Load(warehouse, "regionalstatistik_test", entity, path, "many.csv", $"run-{run}", reports.Add, progressEveryRows: 1000);

            Assert.That(load.RowsLoaded, Is.EqualTo(lines * 2L));
            Assert.That(reports, Is.Ordered.Ascending.And.Unique, $"load {run}: progress never goes back");
            Assert.That(reports.Last(), Is.EqualTo(lines * 2L / 1000 * 1000), $"load {run}: the last mark crossed is reported");
        }
    }

    [Test]
    public void CreateEmptyIfMissing_WideReader_GivesAnEmptyViewOfTheRawColumnsThatALoadThenFills()
    {
        using var dir = new TempDir();
        var entity = Population("first_column");
        using var warehouse = TalentData.Warehouse.Warehouse.OpenForWriting(Path.Combine(dir.Path, "work.duckdb"));

        var created = RawLoader.CreateEmptyIfMissing(warehouse, "regionalstatistik_test", entity);

        var shape = warehouse.Connection.Query<string>(
            "select column_name from information_schema.columns where table_schema = 'raw' and table_name = 'regionalstatistik_test__kreise' order by ordinal_position").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(created, Is.True);
            Assert.That(RawLoader.CreateEmptyIfMissing(warehouse, "regionalstatistik_test", entity), Is.False, "the view exists now");
            Assert.That(shape, Is.EqualTo(new GenesisTableReader().RawColumns(entity).Concat(["_line_number", "_run_id", "_source_file"])));
            Assert.That(Count(warehouse, "regionalstatistik_test__kreise"), Is.Zero);
        }
        RawLoader.Load(warehouse, "regionalstatistik_test", entity, YearsFile(dir, "a.csv", 0, 2023), "a.csv", "run-1");
        Assert.That(Dortmund(warehouse), Has.Count.EqualTo(2));
    }

    [Test]
    public void Unfolding_RawColumnFromNowhere_FailsNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new Unfolding(["year", "region_code", "measure", "value_text"], ["year", "region_code"], [], "value_text", values: 2));
        Assert.That(ex!.Message, Does.Contain("raw column 'measure' is neither a line cell (year, region_code)"));
    }
}
