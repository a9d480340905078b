using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using TalentData.Fetching;
using TalentData.Loading;
using TalentData.Project;
using TalentData.Running;
using TalentData.Tests.TestSupport;
using TalentData.Warehouse;

namespace TalentData.Tests.Running;

/// <summary>
/// The Parquet hand-off between a parse job and the warehouse writer, without Hangfire: what a parse leaves in
/// data/handoff/, and what the writer's load of it does to raw and the ledger. The whole flow with workers and
/// PostgreSQL is <see cref="Jobs.WorkerScaleOutTests"/>.
/// </summary>
public class HandOffTests
{
    const string Source = "dortmund_social_indicators";
    const string Entity = "stadtbezirke";
    static readonly ProjectManifest Manifest = ProjectManifest.Load(RepoPaths.Root, ReaderFormats.All);
    static RawTable Table => Manifest.RawTables.Single(t => t.SourceId == Source && t.Entity.Entity == Entity);

    [Test]
    public void Parse_SampleSource_HandsOffTheRowsAsParquetUnderItsFinalNameWithWhatTheLedgerNeeds()
    {
        using var data = new TempDir();
        using var fetcher = new HttpFetcher();
        var options = new RunOptions(RepoPaths.Root, data.Path, [Source]);

        var written = HandOff.Parse(options, Source, TimeProvider.System, fetcher);

        var pending = HandOff.Pending(options.Data, Manifest);
        var handOff = pending.Single();
        var loadedByARun = GoodRun.Instance.Report.Sources.Single(s => s.SourceId == Source && s.Entity == Entity);
        var sample = Path.Combine(RepoPaths.Root, "sample-data", Source, "sozialindikatoren.csv");
        using var duck = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:");
        duck.Open();
        var parquet = Path.Combine(handOff.Folder, handOff.Tables.Single().File);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(written, Is.EqualTo(new[] { Path.GetRelativePath(data.Path, handOff.Folder) }));
            Assert.That(Path.GetFileName(handOff.Folder), Does.Not.StartWith("."), "renamed into place once whole");
            Assert.That(Directory.GetDirectories(Path.GetDirectoryName(handOff.Folder)!), Has.Length.EqualTo(1), "no temporary folder left beside it");
            Assert.That(Directory.GetFiles(handOff.Folder).Select(Path.GetFileName), Is.EquivalentTo(new[] { HandOff.DescriptionFile, $"raw.{Table.Name}.parquet" }),
                "the private DuckDB file is gone; no quarantine file when nothing was quarantined");
            Assert.That((handOff.SourceId, handOff.Entity, handOff.OriginKind, handOff.OriginPath), Is.EqualTo((Source, Entity, "sample", Table.Entity.Sample)));
            Assert.That(handOff.Landed!.Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(sample)))));
            Assert.That(handOff.Landed.Path, Is.EqualTo($"landing/{Source}/{handOff.Landed.Sha256}.csv"));
            Assert.That(File.Exists(Path.Combine(data.Path, handOff.Landed.Path)), "landed in the shared landing folder");
            Assert.That(handOff.DefinitionSha256, Is.EqualTo(Table.Entity.Fingerprint));
            Assert.That((handOff.RowsLoaded, handOff.RowsQuarantined), Is.EqualTo((loadedByARun.RowsLoaded, loadedByARun.RowsQuarantined)),
                "the same reader and cell rules as a load into the warehouse");
            Assert.That(handOff.Periods, Is.EqualTo(duck.Query<string>($"select distinct jahr from read_parquet('{parquet}') order by 1")).And.Not.Empty);
            Assert.That(duck.ExecuteScalar<long>($"select count(*) from read_parquet('{parquet}')"), Is.EqualTo(handOff.RowsLoaded));
            Assert.That(duck.ExecuteScalar<string>($"select distinct _source_file from read_parquet('{parquet}')"), Is.EqualTo(handOff.Landed.Path));
            Assert.That((handOff.Host, handOff.ProcessId), Is.EqualTo((Environment.MachineName, Environment.ProcessId)));
            Assert.That(handOff.Error, Is.Null);
        }
    }

    [Test]
    public void Parse_FileThatCannotBeRead_HandsOffTheFailureWithItsMessageAndNoRows()
    {
        using var repo = RepoCopy.Reduced(Source);
        File.WriteAllText(repo.Sample($"{Source}/sozialindikatoren.csv"), "wrong;header\n1;2\n");
        using var fetcher = new HttpFetcher();
        var options = new RunOptions(repo.Root, repo.Data, [Source]);

        HandOff.Parse(options, Source, TimeProvider.System, fetcher);

        var handOff = HandOff.Pending(options.Data, ProjectManifest.Load(repo.Root, ReaderFormats.All)).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(handOff.Error, Does.Contain("sozialindikatoren.csv").Or.Contain(handOff.Landed!.Sha256), "the reader's message, naming the file");
            Assert.That(handOff.Tables, Is.Empty);
            Assert.That(handOff.Landed, Is.Not.Null, "the file was landed before it failed, as a single-process load records it");
            Assert.That(Directory.GetFiles(handOff.Folder).Select(Path.GetFileName), Does.Not.Contain("parse.duckdb"));
        }
    }

    [Test]
    public void Pending_UnreadableDescription_FailsNamingTheFileAndWhatToDo()
    {
        using var data = new TempDir();
        var folder = Path.Combine(data.Path, "handoff", Source, Entity, "20261205T000000.0000000Z-deadbeef");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, HandOff.DescriptionFile), "{\"source_id\": ");
        // A parse at work (or killed) is a hidden folder: never read.
        Directory.CreateDirectory(Path.Combine(data.Path, "handoff", Source, Entity, ".incoming-0123"));

        var ex = Assert.Throws<PipelineException>(() => HandOff.Pending(new DataLayout(data.Path), Manifest));

        Assert.That(ex!.Message, Does.Contain(Path.Combine(folder, HandOff.DescriptionFile)).And.Contain("expected the description of a parsed delivery").And.Contain("Delete the folder"));
    }

    [Test]
    public void RemoveAbandoned_OldTemporaryFoldersAndRetiredSources_GoAndYoungOnesStay()
    {
        using var data = new TempDir();
        var entity = Path.Combine(data.Path, "handoff", Source, Entity);
        var old = Directory.CreateDirectory(Path.Combine(entity, ".incoming-old")).FullName;
        var young = Directory.CreateDirectory(Path.Combine(entity, ".incoming-young")).FullName;
        var retired = Directory.CreateDirectory(Path.Combine(data.Path, "handoff", "retired_source", "x", "20261205T000000.0000000Z-00")).FullName;
        Directory.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddHours(-7));

        var removed = HandOff.RemoveAbandoned(new DataLayout(data.Path), Manifest, TimeSpan.FromHours(6), DateTime.UtcNow);

        Assert.That(removed, Is.EquivalentTo(new[] { Path.GetRelativePath(data.Path, old), Path.GetRelativePath(data.Path, retired) }));
        Assert.That(Directory.Exists(young), "a parse still at work on another host keeps its folder");
    }

    /// <summary>
    /// A hand-off of two tables and a view over them (as a reader that splits a raw table would leave them): the writer
    /// takes every table and remakes the view, replaces only the delivered periods, puts its run id on the rows and
    /// the quarantine, and calls the same file again unchanged.
    /// </summary>
    [Test]
    public void Load_HandOffOfTwoTablesAndAView_ReplacesDeliveredPeriodsRemakesTheViewAndRecordsTheLoad()
    {
        using var dir = new TempDir();
        using var warehouse = TalentData.Warehouse.Warehouse.OpenForWriting(Path.Combine(dir.Path, "work.duckdb"));
        var c = warehouse.Connection;
        var cells = Table.Name + "__cells";
        // The warehouse as an earlier load left it: 2019 and 2020.
        c.Execute($"create table raw.\"{cells}\" (jahr varchar, wert varchar, _line_number bigint, _run_id varchar, _source_file varchar)");
        c.Execute($"insert into raw.\"{cells}\" values ('2019', 'old', 2, 'earlier', 'f0'), ('2020', 'old', 3, 'earlier', 'f0')");
        var first = WriteHandOff(dir.Path, "a", "sha-a", c, withQuarantine: true);
        var ledger = RunLedger.Start(warehouse, TimeProvider.System, RunMode.Sample, [Source], null);

        var outcome = new HandOffLoad(Table, first, warehouse, ledger, null).Run();

        var again = RunLedger.Start(warehouse, TimeProvider.System, RunMode.Sample, [Source], null);
        var unchanged = new HandOffLoad(Table, WriteHandOff(dir.Path, "b", "sha-a", c, withQuarantine: false), warehouse, again, null).Run();
        using (Assert.EnterMultipleScope())
        {
            Assert.That((outcome.Status, outcome.RowsLoaded, outcome.RowsQuarantined), Is.EqualTo((SourceStatus.Loaded, 2L, 1L)), outcome.Message);
            Assert.That(c.Query<string>($"select jahr || ':' || wert || ':' || _run_id from raw.\"{cells}\" order by 1"),
                Is.EqualTo(new[] { $"2019:old:earlier", $"2020:new:{ledger.RunId}", $"2021:new:{ledger.RunId}" }), "2020 replaced, 2021 added, 2019 kept");
            Assert.That(c.ExecuteScalar<long>($"select count(*) from raw.\"{Table.Name}__lines\""), Is.EqualTo(1), "the second table, new");
            Assert.That(c.ExecuteScalar<string>("select table_type from information_schema.tables where table_schema = 'raw' and table_name = $t", new { t = Table.Name }), Is.EqualTo("VIEW"));
            Assert.That(c.ExecuteScalar<long>($"select count(*) from raw.\"{Table.Name}\""), Is.EqualTo(3));
            Assert.That(c.Query<string>("select run_id || ' ' || line_number || ' ' || reason from ops.quarantine"), Is.EqualTo(new[] { $"{ledger.RunId} 7 too few cells" }));
            Assert.That(c.QuerySingle<string>("select concat_ws(' ', sha256, rows_loaded, rows_quarantined, periods, origin, landed_path) from ops.source_loads"),
                Is.EqualTo($"sha-a 2 1 2020,2021 sample landing/{Source}/sha-a.csv"));
            Assert.That(c.QuerySingle<string>($"select concat_ws(' ', host, process_id) from ops.landed_files where run_id = '{ledger.RunId}'"), Is.EqualTo("parser-host 4242"));
            Assert.That(unchanged.Status, Is.EqualTo(SourceStatus.Unchanged), "the same sha256 and definition as the last load");
            Assert.That(c.ExecuteScalar<long>("select count(*) from ops.landed_files"), Is.EqualTo(2), "each run records the landed file");
        }
    }

    /// <summary>A hand-off folder as a parse of a split raw table would leave it, written by DuckDB itself.</summary>
    static HandOff WriteHandOff(string root, string name, string sha, DuckDB.NET.Data.DuckDBConnection c, bool withQuarantine)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
        var cells = Table.Name + "__cells";
        var lines = Table.Name + "__lines";
        c.Execute($"copy (select * from (values ('2020', 'new', 2::bigint, 'parse', 'f1'), ('2021', 'new', 3::bigint, 'parse', 'f1')) t(jahr, wert, _line_number, _run_id, _source_file)) to '{folder}/cells.parquet' (format parquet)");
        c.Execute($"copy (select 'header' as line, 1::bigint as _line_number) to '{folder}/lines.parquet' (format parquet)");
        if (withQuarantine)
            c.Execute($"copy (select '{Source}' as source_id, '{Entity}' as entity, 'f1' as source_file, 7::bigint as line_number, '2021;x' as raw_text, 'too few cells' as reason) to '{folder}/{HandOff.QuarantineFile}' (format parquet)");
        var handOff = new HandOff
        {
            SourceId = Source, Entity = Entity, Host = "parser-host", ProcessId = 4242, ParsedAt = DateTime.UtcNow,
            OriginKind = "sample", OriginPath = Table.Entity.Sample, DefinitionSha256 = Table.Entity.Fingerprint,
            Landed = new LandedRecord(Table.Entity.Sample, $"landing/{Source}/{sha}.csv", sha, 10, DateTime.UtcNow, null, null),
            RowsRead = 3, RowsLoaded = 2, RowsQuarantined = withQuarantine ? 1 : 0, Periods = ["2020", "2021"],
            Tables = [new HandOffTable(cells, "cells.parquet"), new HandOffTable(lines, "lines.parquet")],
            Views = [new HandOffView(Table.Name, $"CREATE VIEW raw.\"{Table.Name}\" AS SELECT jahr, wert FROM raw.\"{cells}\";")],
            HasQuarantine = withQuarantine,
        };
        // Through its JSON, as the writer reads it.
        File.WriteAllText(Path.Combine(folder, HandOff.DescriptionFile), JsonSerializer.Serialize(handOff, HandOff.Json));
        return JsonSerializer.Deserialize<HandOff>(File.ReadAllText(Path.Combine(folder, HandOff.DescriptionFile)), HandOff.Json)! with { Folder = folder };
    }
}
