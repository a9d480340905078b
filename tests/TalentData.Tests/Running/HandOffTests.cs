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
    static readonly ProjectManifest Manifest = RepoManifest.Instance;
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
        // The lines and the loads that raw.<table> joins, each as Parquet.
        var lines = Path.Combine(handOff.Folder, handOff.Tables.Single(t => t.Name == RawLoader.LinesOf(Table.Name)).File);
        var loads = Path.Combine(handOff.Folder, handOff.Tables.Single(t => t.Name == RawLoader.LoadsOf(Table.Name)).File);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(written, Is.EqualTo(new[] { Path.GetRelativePath(data.Path, handOff.Folder) }));
            Assert.That(Path.GetFileName(handOff.Folder), Does.Not.StartWith("."), "renamed into place once whole");
            Assert.That(Directory.GetDirectories(Path.GetDirectoryName(handOff.Folder)!), Has.Length.EqualTo(1), "no temporary folder left beside it");
            Assert.That(Directory.GetFiles(handOff.Folder).Select(Path.GetFileName), Is.EquivalentTo(new[] { HandOff.DescriptionFile, $"raw.{RawLoader.LinesOf(Table.Name)}.parquet", $"raw.{RawLoader.LoadsOf(Table.Name)}.parquet" }),
                "the private DuckDB file is gone; no quarantine file when nothing was quarantined");
            Assert.That((handOff.SourceId, handOff.Entity, handOff.OriginKind, handOff.OriginPath), Is.EqualTo((Source, Entity, "sample", Table.Entity.Sample)));
            Assert.That(handOff.Landed!.Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(sample)))));
            Assert.That(handOff.Landed.Path, Is.EqualTo($"landing/{Source}/{handOff.Landed.Sha256}.csv"));
            Assert.That(File.Exists(Path.Combine(data.Path, handOff.Landed.Path)), "landed in the shared landing folder");
            Assert.That(handOff.DefinitionSha256, Is.EqualTo(Table.Entity.Fingerprint));
            Assert.That((handOff.RowsLoaded, handOff.RowsQuarantined), Is.EqualTo((loadedByARun.RowsLoaded, loadedByARun.RowsQuarantined)),
                "the same reader and cell rules as a load into the warehouse");
            Assert.That(handOff.Periods, Is.EqualTo(duck.Query<string>($"select distinct jahr from read_parquet('{lines}') order by 1")).And.Not.Empty);
            Assert.That(duck.ExecuteScalar<long>($"select count(*) from read_parquet('{lines}')"), Is.EqualTo(handOff.RowsLoaded));
            Assert.That(duck.ExecuteScalar<string>($"select _source_file from read_parquet('{loads}')"), Is.EqualTo(handOff.Landed.Path), "one load, of the landed file");
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

    /// <summary>A 304 answered to the published snapshot's validators, for a warehouse that has lost the table: not "unchanged".</summary>
    [Test]
    public void Load_NotModifiedHandOffButNoRawTable_FailsTheSourceNamingTheFolderAndWhatToDo()
    {
        using var data = new TempDir();
        var folder = Path.Combine(data.Path, "handoff", Source, Entity, "20261205T000000.0000000Z-0badf00d");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, HandOff.DescriptionFile), JsonSerializer.Serialize(new HandOff
        {
            SourceId = Source, Entity = Entity, Host = "worker-1", ProcessId = 42, ParsedAt = DateTime.UtcNow, OriginKind = "live",
            OriginPath = Table.Entity.Url, DefinitionSha256 = Table.Entity.Fingerprint, NotModified = true,
        }, HandOff.Json));
        var handOff = HandOff.Pending(new DataLayout(data.Path), Manifest).Single();
        using var warehouse = TalentData.Warehouse.Warehouse.OpenForWriting(Path.Combine(data.Path, "work.duckdb"));
        var ledger = RunLedger.Start(warehouse, TimeProvider.System, RunMode.Live, [Source], null);

        var outcome = new HandOffLoad(Table, handOff, warehouse, ledger, null).Run();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(SourceStatus.Failed));
            Assert.That(outcome.Message, Does.Contain(folder).And.Contain("304 Not Modified").And.Contain($"holds no raw.{Table.Name}").And.Contain("run the source's job again"));
            Assert.That(warehouse.Connection.ExecuteScalar<string>("select status from ops.run_steps where source_id = $s", new { s = Source }), Is.EqualTo(RunStatus.Failed));
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
    /// The writer's load of real hand-offs, a long table and a GENESIS table read wide (two tables and a view over
    /// them): the raw rows equal those of a load from the reader, carry the writer's run id, the ledger records the
    /// load, and the same file handed off again is unchanged.
    /// </summary>
    [TestCase(Source, Entity)]
    [TestCase("regionalstatistik_vocational_leavers", "kreise")]
    public void Load_HandOff_GivesTheRawRowsOfALoadFromTheReaderAndRecordsTheLoad(string sourceId, string entity)
    {
        using var dir = new TempDir();
        using var fetcher = new HttpFetcher();
        var options = new RunOptions(RepoPaths.Root, Path.Combine(dir.Path, "data"), [sourceId]);
        var table = Manifest.RawTables.Single(t => t.SourceId == sourceId && t.Entity.Entity == entity);
        HandOff.Parse(options, sourceId, TimeProvider.System, fetcher);
        var first = HandOff.Pending(options.Data, Manifest).Single();
        using var warehouse = TalentData.Warehouse.Warehouse.OpenForWriting(Path.Combine(dir.Path, "work.duckdb"));
        var ledger = RunLedger.Start(warehouse, TimeProvider.System, RunMode.Sample, [sourceId], null);

        var loaded = new HandOffLoad(table, first, warehouse, ledger, null).Run();

        first.Delete();
        HandOff.Parse(options, sourceId, TimeProvider.System, fetcher);
        var again = RunLedger.Start(warehouse, TimeProvider.System, RunMode.Sample, [sourceId], null);
        var unchanged = new HandOffLoad(table, HandOff.Pending(options.Data, Manifest).Single(), warehouse, again, null).Run();
        // The same file loaded from the reader, in a warehouse of its own.
        using var direct = TalentData.Warehouse.Warehouse.OpenForWriting(Path.Combine(dir.Path, "direct.duckdb"));
        RawLoader.Load(direct, sourceId, table.Entity, Path.Combine(options.DataDir, first.Landed!.Path), first.Landed.Path, "direct");
        var c = warehouse.Connection;
        string Rows(TalentData.Warehouse.Warehouse w) => w.Connection.ExecuteScalar<string>(
            $"select count(*) || ' rows, hash sum ' || coalesce(sum(hash(t)::hugeint), 0) from (select * exclude (_run_id) from {table.QualifiedName}) t")!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That((loaded.Status, loaded.RowsLoaded), Is.EqualTo((SourceStatus.Loaded, first.RowsLoaded)), loaded.Message);
            Assert.That(Rows(warehouse), Is.EqualTo(Rows(direct)), "the raw rows of a load from the reader");
            Assert.That(c.Query<string>($"select distinct _run_id from {table.QualifiedName}"), Is.EqualTo(new[] { ledger.RunId }));
            Assert.That(c.QuerySingle<string>("select concat_ws(' ', run_id, sha256, rows_loaded, rows_quarantined, periods, origin, landed_path) from ops.source_loads"),
                Is.EqualTo($"{ledger.RunId} {first.Landed.Sha256} {first.RowsLoaded} {first.RowsQuarantined} {string.Join(",", first.Periods)} sample {first.Landed.Path}"));
            Assert.That(c.QuerySingle<string>($"select concat_ws(' ', host, process_id) from ops.landed_files where run_id = '{ledger.RunId}'"),
                Is.EqualTo($"{Environment.MachineName} {Environment.ProcessId}"), "the process that parsed the file");
            Assert.That(unchanged.Status, Is.EqualTo(SourceStatus.Unchanged), "the same sha256 and definition as the last load");
            Assert.That(c.ExecuteScalar<long>("select count(*) from ops.landed_files"), Is.EqualTo(2), "each run records the landed file");
            Assert.That(c.ExecuteScalar<long>("select count(*) from information_schema.tables where table_schema = 'raw' and ends_with(table_name, '__incoming')"), Is.Zero);
        }
    }
}
