using System.Text.RegularExpressions;
using Dapper;
using TalentData.Loading;
using TalentData.Project;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Loading;

/// <summary>
/// The reader-format seam. A tab-separated format is defined here, in the tests, not in src: one class with its
/// options, added to the list the catalog is given. Parsing, checking and loading it needs no change to the catalog,
/// the loader or the other readers.
/// </summary>
public class ReaderFormatTests
{
    public sealed class TsvOptions
    {
        /// <summary>The header, in order.</summary>
        public required List<string> Columns { get; set; }
    }

    public sealed class TsvReader : SourceReader
    {
        public override string Name => "tsv";

        public override Type OptionsType => typeof(TsvOptions);

        public override string? Problem(EntityDefinition entity) =>
            entity.OptionsAs<TsvOptions>().Columns.Count == 0 ? "'columns' is empty; expected the header." : null;

        public override IReadOnlyList<string> RawColumns(EntityDefinition entity) => entity.OptionsAs<TsvOptions>().Columns;

        public override IEnumerable<RawRow> Read(string path, string sourceId, EntityDefinition entity, Action<QuarantinedRow> quarantine)
        {
            CheckLooksLikeText(path, sourceId, "a TSV file");
            var columns = RawColumns(entity);
            long line = 0;
            foreach (var text in File.ReadLines(path, GetEncoding(entity.Encoding)))
            {
                var cells = text.Split('\t');
                if (++line == 1)
                {
                    if (!cells.SequenceEqual(columns))
                        throw new PipelineException(sourceId, "read", $"{path}, line 1: expected the header {string.Join(" ", columns)}, found {string.Join(" ", cells)}.");
                }
                else if (cells.Length == columns.Count)
                    yield return new RawRow(line, cells);
                else
                    quarantine(new QuarantinedRow(line, text, $"expected {columns.Count} fields, found {cells.Length}"));
            }
        }
    }

    static readonly IReadOnlyList<ReaderFormat> WithTsv = [.. ReaderFormats.All, new TsvReader()];

    const string Pipeline = """
        id: example_counts
        title: Zählungen
        publisher: Beispielamt
        licence: dl-de/zero-2.0
        homepage: https://example.invalid/
        schedule: "0 4 * * 1"
        expected_update_days: 30
        entities:
          - entity: rows
            reader: tsv
            sample: sample-data/example_counts/rows.tsv
            url: https://example.invalid/rows.tsv
            encoding: utf-8
            period_column: year
            columns: [year, district, count]
        """;

    [Test]
    public void NewFormat_DefinedOutsideSrc_ParsesAndLoadsThroughTheCatalogAndRawLoader()
    {
        var entity = PipelineCatalog.Parse(Pipeline, "pipelines/example_counts.yaml", WithTsv).Entities.Single();
        using var dir = new TempDir();
        var path = dir.File("rows.tsv", "year\tdistrict\tcount\n2023\tHörde\t27\n2023\tMitte\n2024\tHörde\t31\n");
        using var warehouse = TalentData.Warehouse.Warehouse.InMemory();

        var load = RawLoader.Load(warehouse, "example_counts", entity, path, "landing/rows.tsv", "run-1");

        var rows = warehouse.Connection.Query<(string, string, string, long)>(
            "select year, district, count, _line_number from raw.example_counts__rows order by _line_number").AsList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entity.Options, Is.InstanceOf<TsvOptions>());
            Assert.That(rows, Is.EqualTo(new[] { ("2023", "Hörde", "27", 2L), ("2024", "Hörde", "31", 4L) }));
            Assert.That(load.RowsQuarantined, Is.EqualTo(1));
            Assert.That(load.Periods, Is.EqualTo(new[] { "2023", "2024" }));
        }
    }

    [Test]
    public void Reload_ReplacesTheYearsItDeliversAndKeepsTheOthers_AndAReloadOfEveryYearLeavesOnlyItsRows()
    {
        var entity = PipelineCatalog.Parse(Pipeline, "pipelines/example_counts.yaml", WithTsv).Entities.Single();
        using var dir = new TempDir();
        using var warehouse = TalentData.Warehouse.Warehouse.InMemory();
        List<(string, string, string)> Rows() => warehouse.Connection.Query<(string, string, string)>(
            "select year, count, _run_id from raw.example_counts__rows order by 1").AsList();
        RawLoader.Load(warehouse, "example_counts", entity, dir.File("a.tsv", "year\tdistrict\tcount\n2023\tHörde\t27\n2024\tHörde\t31\n"), "a.tsv", "run-1");

        RawLoader.Load(warehouse, "example_counts", entity, dir.File("b.tsv", "year\tdistrict\tcount\n2024\tHörde\t32\n2025\tHörde\t35\n"), "b.tsv", "run-2");
        var kept = Rows();
        var keptLoads = warehouse.Connection.Query<(long, string, string)>("select _load, _run_id, _source_file from raw.example_counts__rows__loads order by 1").AsList();
        // Every year kept so far delivered again: the incoming rows become the table.
        RawLoader.Load(warehouse, "example_counts", entity, dir.File("c.tsv", "year\tdistrict\tcount\n2023\tHörde\t28\n2024\tHörde\t33\n2025\tHörde\t36\n"), "c.tsv", "run-3");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(kept, Is.EqualTo(new[] { ("2023", "27", "run-1"), ("2024", "32", "run-2"), ("2025", "35", "run-2") }));
            Assert.That(Rows(), Is.EqualTo(new[] { ("2023", "28", "run-3"), ("2024", "33", "run-3"), ("2025", "36", "run-3") }));
            Assert.That(keptLoads, Is.EqualTo(new[] { (1L, "run-1", "a.tsv"), (2L, "run-2", "b.tsv") }), "each load's run and file are stored once");
            Assert.That(warehouse.Connection.Query<string>("select table_name from duckdb_tables() where schema_name = 'raw' order by 1"),
                Is.EqualTo(new[] { "example_counts__rows__lines", "example_counts__rows__loads" }), "no incoming table is left");
            Assert.That(warehouse.Connection.Query<(long, string)>("select _load, _run_id from raw.example_counts__rows__loads"),
                Is.EqualTo(new[] { (3L, "run-3") }), "a load none of whose rows is kept is gone");
            Assert.That(warehouse.Connection.Query<string>(
                    "select column_name from information_schema.columns where table_schema = 'raw' and table_name = 'example_counts__rows' order by ordinal_position"),
                Is.EqualTo(new[] { "year", "district", "count", "_line_number", "_run_id", "_source_file" }), "the view has the columns the raw table had");
            Assert.That(warehouse.Connection.Query<string>(
                    "select column_name from information_schema.columns where table_schema = 'raw' and table_name = 'example_counts__rows__lines' order by ordinal_position"),
                Is.EqualTo(new[] { "year", "district", "count", "_line_number", "_load" }), "a row carries its load's number, not its run and file");
        }
    }

    [Test]
    public void Reload_OfATableStoredWithItsRunOnEveryRow_KeepsTheYearsItDoesNotDeliver()
    {
        var entity = PipelineCatalog.Parse(Pipeline, "pipelines/example_counts.yaml", WithTsv).Entities.Single();
        using var dir = new TempDir();
        using var warehouse = TalentData.Warehouse.Warehouse.InMemory();
        // A warehouse written before loads were numbered: the raw table is a table with the run and file on every row.
        warehouse.Connection.Execute("""
            create table raw.example_counts__rows (year varchar, district varchar, count varchar, _line_number bigint, _run_id varchar, _source_file varchar);
            insert into raw.example_counts__rows values ('2022', 'Hörde', '20', 2, 'run-0', 'old.tsv'), ('2023', 'Hörde', '27', 2, 'run-1', 'a.tsv'), ('2024', 'Hörde', '31', 3, 'run-1', 'a.tsv');
            """);

        RawLoader.Load(warehouse, "example_counts", entity, dir.File("b.tsv", "year\tdistrict\tcount\n2024\tHörde\t32\n"), "b.tsv", "run-2");

        Assert.That(warehouse.Connection.Query<(string, string, long, string, string)>(
                "select year, count, _line_number, _run_id, _source_file from raw.example_counts__rows order by 1").AsList(),
            Is.EqualTo(new[] { ("2022", "20", 2L, "run-0", "old.tsv"), ("2023", "27", 2L, "run-1", "a.tsv"), ("2024", "32", 2L, "run-2", "b.tsv") }));
    }

    [Test]
    public void NewFormat_NotRegistered_IsAnUnknownReader()
    {
        var ex = Assert.Throws<PipelineException>(() => PipelineCatalog.Parse(Pipeline, "pipelines/example_counts.yaml", ReaderFormats.All));
        Assert.That(ex!.Message, Does.Contain("line 10, column 13: unknown reader 'tsv'. Known readers: opendatasoft_csv, genesis_table_csv, genesis_flat_csv, ba_csv."));
    }

    [Test]
    public void NewFormat_KeyOfTheOtherReaders_NamesWhereItBelongs()
    {
        var yaml = Pipeline.Replace("    columns:", "    separator: \"\\t\"\n    columns:");
        var ex = Assert.Throws<PipelineException>(() => PipelineCatalog.Parse(yaml, "pipelines/example_counts.yaml", WithTsv));
        Assert.That(ex!.Message, Does.Contain("line 15, column 5: key 'separator' is not a key of reader tsv; it belongs to opendatasoft_csv, genesis_table_csv, genesis_flat_csv, ba_csv."));
    }

    [Test]
    public void NewFormat_ItsOwnCheck_FailsTheFileNamingTheEntity()
    {
        var yaml = Pipeline.Replace("columns: [year, district, count]", "columns: []").Replace("    period_column: year\n", "");
        var ex = Assert.Throws<PipelineException>(() => PipelineCatalog.Parse(yaml, "pipelines/example_counts.yaml", WithTsv));
        Assert.That(ex!.Message, Is.EqualTo("pipelines/example_counts.yaml, line 9: entity 'rows' (reader tsv): 'columns' is empty; expected the header."));
    }

    [Test]
    public void Formats_HaveDistinctNames()
    {
        Assert.That(ReaderFormats.All.Select(f => f.Name), Is.Unique);
    }

    // The key tables of pipelines/README.md are checked against the classes the keys are read into, so the
    // documentation cannot name a key the parser refuses or miss one it accepts.
    [Test]
    public void Readme_KeyTables_AreTheKeysOfTheEntityAndOfEachReader()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Pipelines, "README.md"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(KeyTable(readme, "### Every entity"), Is.EqualTo(Keys(typeof(EntityDefinition))), "### Every entity");
            foreach (var format in ReaderFormats.All)
                Assert.That(KeyTable(readme, $"### Reader `{format.Name}`"), Is.EqualTo(Keys(format.OptionsType)), $"### Reader `{format.Name}`");
        }
    }

    static List<string> Keys(Type type)
    {
        var required = StrictYaml.RequiredKeysOf(type);
        return StrictYaml.KeysOf(type).Select(k => $"{k} {(required.Contains(k) ? "yes" : "no")}").ToList();
    }

    /// <summary>"key required" for each row of the table after the heading.</summary>
    static List<string> KeyTable(string readme, string heading)
    {
        var at = readme.IndexOf(heading + "\n", StringComparison.Ordinal);
        if (at < 0) return [$"(no heading '{heading}')"];
        return readme[at..].Split('\n').Skip(1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|'))
            .Select(l => Regex.Match(l, @"^\| `(?<key>[a-z_]+)` \| (?<required>yes|no) \|"))
            .Where(m => m.Success)
            .Select(m => $"{m.Groups["key"].Value} {m.Groups["required"].Value}")
            .ToList();
    }
}
