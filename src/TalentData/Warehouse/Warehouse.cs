using System.Data;
using System.Text.RegularExpressions;
using Dapper;
using DuckDB.NET.Data;

namespace TalentData.Warehouse;

/// <summary>
/// The one way to open a DuckDB file. DuckDB.NET caches one native database per path string and DuckDB
/// locks the whole file per process, so every open goes through one normalised path and a lock conflict
/// becomes a message that names the holder.
/// </summary>
public sealed partial class Warehouse : IDisposable
{
    public static readonly string[] Schemas = ["raw", "ref", "staging", "core", "marts", "ops", "qa"];

    public string Path { get; }
    public DuckDBConnection Connection { get; }

    Warehouse(string path, DuckDBConnection connection)
    {
        Path = path;
        Connection = connection;
    }

    /// <summary>Opens the loader's working file read-write; fails clearly when another process holds it.</summary>
    public static Warehouse OpenForWriting(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var connection = Open($"Data Source={full}", full);
        var warehouse = new Warehouse(full, connection);
        foreach (var schema in Schemas)
            connection.Execute($"create schema if not exists {schema}");
        RunLedger.EnsureTables(connection);
        return warehouse;
    }

    /// <summary>
    /// Opens a published snapshot read-only for analysts. External access is switched off and the
    /// configuration locked, so a query can neither write the file nor write or read other files.
    /// </summary>
    public static Warehouse OpenReadOnly(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new PipelineException("", "query", $"{full} does not exist yet. Run `talentdata run` first; it publishes the snapshot after a successful run.");
        var connection = Open($"Data Source={full};ACCESS_MODE=READ_ONLY", full);
        try
        {
            connection.Execute("set enable_external_access = false; set lock_configuration = true;");
        }
        // DuckDB.NET shares one database per file within a process: a second reader finds it locked by the first,
        // which is fine exactly when the first locked it with file access off.
        catch (DuckDBException) when (IsLockedWithoutFileAccess(connection))
        {
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        return new Warehouse(full, connection);
    }

    static bool IsLockedWithoutFileAccess(DuckDBConnection connection)
    {
        try
        {
            return connection.ExecuteScalar<bool>("select not current_setting('enable_external_access') and current_setting('lock_configuration')");
        }
        catch (DuckDBException)
        {
            return false;
        }
    }

    /// <summary>An in-memory warehouse with the schemas, for tests and scratch work.</summary>
    public static Warehouse InMemory()
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
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
            var holder = HolderPattern().Match(ex.Message);
            var who = holder.Success ? $"process {holder.Groups["pid"].Value} ({holder.Groups["exe"].Value.Trim()})" : "another process";
            throw new PipelineException("", "warehouse",
                $"{path} is held by {who}. Only one writer may open the warehouse: wait for that run to finish " +
                "(or stop `talentdata serve`), then try again. Analysts query the snapshot data/warehouse/talentdata.duckdb instead.", ex);
        }
    }

    [GeneratedRegex(@"Conflicting lock is held in (?<exe>.*?) \(PID (?<pid>\d+)\)")]
    private static partial Regex HolderPattern();

    public bool TableExists(string schema, string table) =>
        Connection.ExecuteScalar<long>(
            "select count(*) from information_schema.tables where table_schema = $schema and table_name = $table",
            new { schema, table }) > 0;

    public IDbTransaction Begin() => Connection.BeginTransaction();

    public void Dispose() => Connection.Dispose();
}
