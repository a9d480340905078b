using System.Data;
using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace TalentData.Warehouse;

/// <summary>
/// The one way to open a DuckDB file. DuckDB.NET caches one native database per path string and DuckDB
/// locks the whole file per process, so every open goes through one normalised path and a lock conflict
/// becomes a message that names the holder.
/// </summary>
public sealed partial class Warehouse : IDisposable
{
    public static readonly string[] Schemas = ["raw", "ref", "staging", "inputs", "core", "marts", "ops", "qa"];

    public string Path { get; }
    public DuckDBConnection Connection { get; }

    /// <summary>The attached file's catalogue a read-only warehouse reads from by default; null when the file is the database itself.</summary>
    readonly string? catalog;

    Warehouse(string path, DuckDBConnection connection, string? catalog = null)
    {
        Path = path;
        Connection = connection;
        this.catalog = catalog;
    }

    /// <summary>
    /// A second connection to the same database, for reading on another thread while <see cref="Connection"/> reads
    /// on this one (DuckDB runs queries of different connections at the same time). It sees what is committed, not
    /// an open transaction of <see cref="Connection"/>, and reads the same default catalogue. The caller disposes it.
    /// </summary>
    public DuckDBConnection Duplicate()
    {
        // DuckDB.NET duplicates in-memory connections only (a read-only snapshot is attached to one); a file it opens
        // once per process and path, so a second connection by the same path shares the writer's database and lock.
        var connection = catalog is null && Path != ":memory:" ? Open(Connection.ConnectionString, Path) : Connection.Duplicate();
        try
        {
            // A duplicate comes closed, and Dapper would close again what it opened.
            if (connection.State != ConnectionState.Open)
                connection.Open();
            // The default catalogue is a setting of each connection, not of the database.
            if (catalog is not null)
                connection.Execute($"use \"{catalog}\"");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The environment variable that caps the threads each opened database runs its queries on; unset, DuckDB's default
    /// (one per core). Where the cores are shared — several runs on one host, a test suite running tests side by side —
    /// one thread per database costs less CPU than several that mostly wait for one another and the other processes.
    /// </summary>
    public const string ThreadsVariable = "TALENTDATA_DUCKDB_THREADS";

    /// <summary>The thread cap a value of <see cref="ThreadsVariable"/> sets: null when unset or empty; refused unless a whole number above 0.</summary>
    public static int? ThreadsFrom(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var threads) && threads > 0 ? threads
        : throw new PipelineException("", "config", $"{ThreadsVariable} must be a whole number of threads above 0, found '{value}'.");

    /// <summary>
    /// The environment variable that sets the block size, in bytes, of the DuckDB files the warehouse creates; unset,
    /// DuckDB's default (256 KiB). DuckDB stores, allocates and caches data in whole blocks, so a warehouse of many small
    /// tables — the samples, a city's district cubes — is several times smaller with 16 KiB blocks, and a run over it
    /// touches less memory. Loads of tens of millions of rows are slower with them (the benchmark's <c>--sizes</c> shows
    /// by how much). A file keeps the block size it was made with; the setting also applies to in-memory databases.
    /// </summary>
    public const string BlockSizeVariable = "TALENTDATA_DUCKDB_BLOCK_SIZE";

    /// <summary>The block sizes DuckDB can make a file with: the powers of two from 16 KiB to 256 KiB.</summary>
    static readonly int[] BlockSizes = [16384, 32768, 65536, 131072, 262144];

    /// <summary>The block size a value of <see cref="BlockSizeVariable"/> sets: null when unset or empty; refused unless one of DuckDB's block sizes.</summary>
    public static int? BlockSizeFrom(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && BlockSizes.Contains(size) ? size
        : throw new PipelineException("", "config",
            $"{BlockSizeVariable} must be a DuckDB block size in bytes, one of {string.Join(", ", BlockSizes)}, found '{value}'.");

    /// <summary>The connection-string options that apply <see cref="ThreadsVariable"/> and <see cref="BlockSizeVariable"/> to a database as it is opened.</summary>
    internal static string ConnectionOptions =>
        (ThreadsFrom(Environment.GetEnvironmentVariable(ThreadsVariable)) is { } threads ? $";threads={threads}" : "")
        + (BlockSizeFrom(Environment.GetEnvironmentVariable(BlockSizeVariable)) is { } blockSize ? $";default_block_size={blockSize}" : "");

    /// <summary>Opens the loader's working file read-write; fails clearly when another process holds it.</summary>
    public static Warehouse OpenForWriting(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var connection = Open($"Data Source={full}{ConnectionOptions}", full);
        var warehouse = new Warehouse(full, connection);
        // One transaction, so opening costs one commit rather than one per statement.
        using (var tx = connection.BeginTransaction())
        {
            foreach (var schema in Schemas)
                connection.Execute($"create schema if not exists {schema}");
            RunLedger.EnsureTables(connection);
            tx.Commit();
        }
        return warehouse;
    }

    /// <summary>
    /// Opens a published snapshot read-only for analysts. External access is switched off and the
    /// configuration locked, so a query can neither write the file nor write or read other files, nor raise its
    /// own <paramref name="limits"/>.
    /// </summary>
    /// <remarks>
    /// Every open gets a database instance of its own: DuckDB.NET shares one native database per file path within
    /// a process (the first open's settings win, and a second SET on the locked configuration fails), but never
    /// shares a private in-memory database. The file is attached to that instance read-only and becomes the
    /// default catalogue, under its file name as before, so queries read as they would on the file itself.
    /// Disposing the warehouse closes the instance and with it the file. Do not open read-only a file this process
    /// holds for writing: file locks are per process, and closing the reader's descriptor drops the writer's lock.
    /// </remarks>
    public static Warehouse OpenReadOnly(string path, ReadOnlyLimits? limits = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new PipelineException("", "query", $"{full} does not exist yet. Run `talentdata run` first; it publishes the snapshot after a successful run.");
        var connection = new DuckDBConnection("Data Source=:memory:" + ConnectionOptions);
        try
        {
            connection.Open();
            var catalog = CatalogName(full);
            try
            {
                connection.Execute($"attach '{full.Replace("'", "''")}' as \"{catalog}\" (read_only); use \"{catalog}\";");
            }
            catch (DuckDBException ex) when (ex.Message.Contains("Could not set lock", StringComparison.Ordinal))
            {
                throw HeldBy(full, ex);
            }
            var bounds = limits is null ? "" : $"set memory_limit = '{limits.MemoryLimit.Replace("'", "''")}'; set threads = {limits.Threads}; ";
            // No temp_directory: a reader never spills to disk, so memory_limit is a hard bound and nothing is written beside the data.
            connection.Execute(bounds + "set temp_directory = ''; set enable_external_access = false; set lock_configuration = true;");
            return new Warehouse(full, connection, catalog);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    static string CatalogName(string fullPath)
    {
        var name = System.IO.Path.GetFileNameWithoutExtension(fullPath);
        // DuckDB's own catalogues cannot be attached over.
        return name is "" or "memory" or "system" or "temp" ? "snapshot" : name.Replace("\"", "\"\"");
    }

    /// <summary>
    /// How many SQL statements <paramref name="sql"/> holds, by DuckDB's own parser (so a ';' in a string or a
    /// comment is no separator), and the parser's error when it holds none it can read.
    /// </summary>
    public static (int Count, string? Error) CountStatements(string sql)
    {
        // Parsing needs a connection; a throwaway in-memory one touches nothing the caller has opened.
        if (NativeMethods.Startup.DuckDBOpen((string?)null, out var database) != DuckDBState.Success)
            throw new InvalidOperationException("DuckDB could not open an in-memory database to parse SQL.");
        using (database)
        {
            if (NativeMethods.Startup.DuckDBConnect(database, out var connection) != DuckDBState.Success)
                throw new InvalidOperationException("DuckDB could not connect to an in-memory database to parse SQL.");
            using (connection)
            {
                var count = NativeMethods.ExtractStatements.DuckDBExtractStatements(connection, sql, out var statements);
                using (statements)
                {
                    var error = count == 0 ? NativeMethods.ExtractStatements.DuckDBExtractStatementsError(statements) : null;
                    return (count, string.IsNullOrWhiteSpace(error) ? null : error);
                }
            }
        }
    }

    /// <summary>An in-memory warehouse with the schemas, for tests and scratch work.</summary>
    public static Warehouse InMemory()
    {
        var connection = new DuckDBConnection("Data Source=:memory:" + ConnectionOptions);
        connection.Open();
        foreach (var schema in Schemas)
            connection.Execute($"create schema if not exists {schema}");
        RunLedger.EnsureTables(connection);
        return new Warehouse(":memory:", connection);
    }

    static DuckDBConnection Open(string connectionString, string path)
    {
        var connection = new DuckDBConnection(connectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch (DuckDBException ex) when (ex.Message.Contains("Could not set lock", StringComparison.Ordinal))
        {
            connection.Dispose();
            throw HeldBy(path, ex);
        }
    }

    static PipelineException HeldBy(string path, DuckDBException ex)
    {
        var holder = HolderPattern().Match(ex.Message);
        var who = holder.Success ? $"process {holder.Groups["pid"].Value} ({holder.Groups["exe"].Value.Trim()})" : "another process";
        return new PipelineException("", "warehouse",
            $"{path} is held by {who}. Only one writer may open the warehouse: wait for that run to finish " +
            "(or stop `talentdata serve`), then try again. Analysts query the snapshot data/warehouse/talentdata.duckdb instead.", ex);
    }

    [GeneratedRegex(@"Conflicting lock is held in (?<exe>.*?) \(PID (?<pid>\d+)\)")]
    private static partial Regex HolderPattern();

    public bool TableExists(string schema, string table) => RelationKind(Connection, schema, table) is not null;

    // The catalogue functions rather than information_schema.tables: binding that view costs DuckDB about 2 ms a
    // statement, and a run asks dozens of times.
    /// <summary>What schema.name is on <paramref name="connection"/>: "BASE TABLE", "VIEW", or null when it does not exist.</summary>
    public static string? RelationKind(IDbConnection connection, string schema, string name) =>
        connection.QueryFirstOrDefault<string>("""
            select 'BASE TABLE' from duckdb_tables() where schema_name = $schema and table_name = $name
            union all
            select 'VIEW' from duckdb_views() where schema_name = $schema and view_name = $name
            """, new { schema, name });

    /// <summary>Every table and view, as schema.name.</summary>
    public IReadOnlySet<string> Relations() =>
        Connection.Query<string>("""
            select schema_name || '.' || table_name from duckdb_tables()
            union all
            select schema_name || '.' || view_name from duckdb_views()
            """).ToHashSet(StringComparer.Ordinal);

    public IDbTransaction Begin() => Connection.BeginTransaction();

    /// <summary>
    /// Inserts <paramref name="rows"/> (each the table's columns in order) into <paramref name="table"/> in one
    /// statement. A statement of its own per row costs DuckDB about a millisecond each (parsing, binding and, outside a
    /// transaction, a commit), and a run records over a hundred check results.
    /// </summary>
    public static void InsertRows(IDbConnection connection, string table, IReadOnlyList<object?[]> rows, IDbTransaction? transaction = null)
    {
        if (rows.Count == 0)
            return;
        var parameters = new DynamicParameters();
        var values = new System.Text.StringBuilder();
        for (var r = 0; r < rows.Count; r++)
        {
            values.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < rows[r].Length; c++)
            {
                var name = $"v{r}_{c}";
                values.Append(c == 0 ? "$" : ", $").Append(name);
                parameters.Add(name, rows[r][c]);
            }
            values.Append(')');
        }
        connection.Execute($"insert into {table} values {values}", parameters, transaction);
    }

    /// <summary>
    /// Interrupts the statement running on this connection when <paramref name="cancel"/> fires, so a long model or check
    /// stops within moments instead of at its end; dispose the registration when the statements are done. DuckDB then
    /// fails the statement with an interrupt error, and the caller's next cancellation check ends the stage.
    /// </summary>
    public CancellationTokenRegistration InterruptWhen(CancellationToken cancel) => cancel.Register(() =>
    {
        try
        {
            using var command = Connection.CreateCommand();
            command.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run already ended and closed the connection.
        }
    });

    public void Dispose() => Connection.Dispose();
}

/// <summary>The resources a read-only session may use: DuckDB's memory_limit (e.g. "2GiB") and its worker threads.</summary>
public sealed record ReadOnlyLimits(string MemoryLimit, int Threads);
