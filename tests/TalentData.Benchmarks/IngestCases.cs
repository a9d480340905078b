using System.Diagnostics;
using CsvHelper;
using Dapper;
using DuckDB.NET.Data;
using TalentData.Loading;
using TalentData.Project;
using TalentData.Warehouse;

namespace TalentData.Benchmarks;

/// <summary>What one measured case reports back to the parent process.</summary>
public sealed record CaseResult(string Case, long Rows, double Seconds, double? StagingSeconds, long PeakRssBytes, long PeakManagedBytes, long AllocatedBytes, string? Note = null)
{
    /// <summary>For TalentData: the peak resident set up to the end of the load, before the staging view runs.</summary>
    public long LoadPeakRssBytes { get; init; }
}

/// <summary>
/// The ingest cases. Each runs in its own child process (see <see cref="Child"/>), so its peak memory is its own:
/// the kernel's high-water mark of the resident set (VmHWM) covers the .NET heap and DuckDB's native memory alike.
/// </summary>
public static class IngestCases
{
    public const string Population = "dortmund_population";
    public const string Genesis = "regionalstatistik_unemployment";

    public static CaseResult Run(string name, string repoRoot, string input, string workDir) => name switch
    {
        "talentdata" => TalentDataIngest(repoRoot, Population, input, workDir),
        "talentdata-genesis" => TalentDataIngest(repoRoot, Genesis, input, workDir),
        "reader-only" => ReaderOnly(repoRoot, Population, input),
        "reader-only-genesis" => ReaderOnly(repoRoot, Genesis, input),
        "read_csv" => ReadCsv(input, workDir, "delim = ';', header = true, all_varchar = true"),
        "read_csv-genesis" => ReadCsv(input, workDir, $"delim = ';', header = false, all_varchar = true, skip = {GenesisDataStart(input) - 1}, encoding = 'latin-1', ignore_errors = true, null_padding = false"),
        "csvhelper-dapper" => CsvHelperDapper(input, workDir),
        _ => throw new ArgumentException($"unknown case '{name}'"),
    };

    static EntityDefinition Entity(string repoRoot, string sourceId) =>
        PipelineCatalog.Load(Path.Combine(repoRoot, "pipelines"), ReaderFormats.All).Get(sourceId).Entities.Single();

    /// <summary>
    /// TalentData's own path: reader, cell checks and quarantine, the Appender into raw.&lt;source&gt;__&lt;entity&gt;
    /// (RawLoader.Load, with its transaction), then the staging view read in full (typing and symbol mapping).
    /// </summary>
    static CaseResult TalentDataIngest(string repoRoot, string sourceId, string input, string workDir)
    {
        var entity = Entity(repoRoot, sourceId);
        var sqlRoot = Path.Combine(repoRoot, "sql");
        using var warehouse = Warehouse.Warehouse.OpenForWriting(Path.Combine(workDir, "talentdata.duckdb"));
        ReferenceData.Load(warehouse, sqlRoot);
        var pausedBefore = GC.GetTotalPauseDuration();
        var collectionsBefore = GC.CollectionCount(2);
        var clock = Stopwatch.StartNew();
        var result = RawLoader.Load(warehouse, sourceId, entity, input, Path.GetFileName(input), "bench");
        var load = clock.Elapsed.TotalSeconds;
        var paused = (GC.GetTotalPauseDuration() - pausedBefore).TotalSeconds;
        var oldestCollections = GC.CollectionCount(2) - collectionsBefore;
        var loadPeak = Child.PeakRss();
        // Where DuckDB holds memory after the load, for the profile in docs/performance.md.
        var duckMemory = string.Join(", ", warehouse.Connection.Query<(string Tag, long Bytes)>(
                "select tag, memory_usage_bytes from duckdb_memory() where memory_usage_bytes > 1048576 order by 2 desc")
            .Select(m => $"{m.Tag} {m.Bytes / 1048576} MiB"));

        var runner = new SqlModelRunner(sqlRoot);
        var staging = TalentData.Project.ModelGraph.Discover(sqlRoot).Where(m => m.Schema == "staging" && m.References.Contains("raw." + TalentData.Project.RawTable.NameOf(sourceId, entity.Entity))).ToList();
        clock.Restart();
        runner.Build(warehouse, staging, new HashSet<string>());
        // Core models read the staging view once each; materialising it once is that cost.
        warehouse.Connection.Execute($"create table bench_staged as select * from {staging.Single().QualifiedName}");
        var stage = clock.Elapsed.TotalSeconds;
        var rows = warehouse.Connection.ExecuteScalar<long>("select count(*) from bench_staged");
        // A GENESIS data row becomes one raw row per value column; rows are counted as in the file, like read_csv does.
        var perLine = (entity.Options as GenesisTableOptions)?.ValueColumns.Count ?? 1;
        return new CaseResult("talentdata", result.RowsRead / perLine, load, stage, 0, 0, 0,
            $"{result.RowsLoaded:N0} raw rows, {result.RowsQuarantined} quarantined, {rows:N0} staged rows; the collector paused the load {paused:F2} s " +
            $"({oldestCollections} collections of the oldest generation); DuckDB memory after the load: {duckMemory}")
        { LoadPeakRssBytes = loadPeak };
    }

    /// <summary>The reader alone, no database: how much of the ingest is parsing and checking.</summary>
    static CaseResult ReaderOnly(string repoRoot, string sourceId, string input)
    {
        var entity = Entity(repoRoot, sourceId);
        var reader = (SourceReader)entity.Format;
        var clock = Stopwatch.StartNew();
        long rows = 0, quarantined = 0;
        foreach (var _ in reader.Read(input, sourceId, entity, _ => quarantined++))
            rows++;
        return new CaseResult("reader-only", rows / ((entity.Options as GenesisTableOptions)?.ValueColumns.Count ?? 1), clock.Elapsed.TotalSeconds, null, 0, 0, 0, $"{rows:N0} rows out, {quarantined} quarantined");
    }

    /// <summary>DuckDB's own CSV reader into a table of the same file, all columns text like raw.</summary>
    static CaseResult ReadCsv(string input, string workDir, string options)
    {
        using var connection = new DuckDBConnection($"Data Source={Path.Combine(workDir, "read_csv.duckdb")}");
        connection.Open();
        var clock = Stopwatch.StartNew();
        connection.Execute($"create table raw_csv as select * from read_csv('{input.Replace("'", "''")}', {options})");
        var seconds = clock.Elapsed.TotalSeconds;
        var rows = connection.ExecuteScalar<long>("select count(*) from raw_csv");
        return new CaseResult("read_csv", rows, seconds, null, 0, 0, 0);
    }

    /// <summary>The plain way: CsvHelper reads, Dapper inserts row by row in one transaction.</summary>
    static CaseResult CsvHelperDapper(string input, string workDir)
    {
        using var connection = new DuckDBConnection($"Data Source={Path.Combine(workDir, "dapper.duckdb")}");
        connection.Open();
        using var csv = CsvReader.FromFile(input, new CsvReaderOptions { Separator = ';', HasHeader = false });
        csv.Read();
        var columns = Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i).TrimStart('\uFEFF')).ToArray();
        connection.Execute($"create table raw_rows ({string.Join(", ", columns.Select(c => $"\"{c}\" varchar"))})");
        var insert = $"insert into raw_rows values ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        var clock = Stopwatch.StartNew();
        long rows = 0;
        using (var tx = connection.BeginTransaction())
        {
            while (csv.Read())
            {
                var parameters = new DynamicParameters();
                for (var i = 0; i < columns.Length; i++)
                    parameters.Add($"p{i}", csv.GetString(i));
                connection.Execute(insert, parameters, tx);
                rows++;
            }
            tx.Commit();
        }
        return new CaseResult("csvhelper-dapper", rows, clock.Elapsed.TotalSeconds, null, 0, 0, 0);
    }

    static int GenesisDataStart(string input)
    {
        using var reader = new StreamReader(input, System.Text.Encoding.Latin1);
        var line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length > 4 && char.IsAsciiDigit(text[0]) && text[4] == ';') return line;
        }
        throw new InvalidOperationException($"{input}: no data row");
    }
}
