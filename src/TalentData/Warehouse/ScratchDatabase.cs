using DuckDB.NET.Data;

namespace TalentData.Warehouse;

/// <summary>
/// One in-memory DuckDB database per process for work that needs DuckDB but no warehouse, such as writing a Parquet
/// file. Each use gets a connection of its own (its temporary tables are its own and go when it closes); the database
/// stays. Closing a DuckDB database purges every allocator arena of the process (DuckDB's instance destructor flushes
/// jemalloc and trims the C heap), so that every query of every other database running at that moment faults its
/// memory in again; a database per Parquet file made a run over the samples do that once per dataset.
/// </summary>
public static class ScratchDatabase
{
    static readonly object Gate = new();
    static DuckDBConnection? root;

    /// <summary>An open connection to the scratch database; the caller disposes it.</summary>
    public static DuckDBConnection Connect()
    {
        DuckDBConnection connection;
        lock (Gate)
        {
            if (root is null)
            {
                // One thread and insertion order kept: what is written here (a Parquet file) depends only on the rows,
                // never on how threads split them; and the process's other databases keep the cores.
                var opened = new DuckDBConnection("Data Source=:memory:;threads=1;preserve_insertion_order=true");
                opened.Open();
                root = opened;
            }
            connection = root.Duplicate();
        }
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
