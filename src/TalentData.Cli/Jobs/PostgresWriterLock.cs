using Npgsql;

namespace TalentData.Cli.Jobs;

/// <summary>
/// The warehouse writer's lock when the job storage is PostgreSQL: a session advisory lock on a connection of its own,
/// held for the whole run. Not Hangfire.PostgreSql's distributed lock: that is a row which any waiter deletes once it
/// is older than DistributedLockTimeout (10 minutes by default), so a longer run would lose it to a second writer.
/// The advisory lock lasts exactly as long as the session: it is released on Dispose, and PostgreSQL releases it
/// itself when the holding process dies (its socket closes) or, for a host that vanished, when the server's TCP
/// keepalive gives up on the connection (docs/operations.md).
/// </summary>
public sealed class PostgresWriterLock : IDisposable
{
    /// <summary>"TalentDW" in ASCII; pg_locks shows it as classid 1415670885, objid 1853113431 (objsubid 1).</summary>
    public const long Key = 0x54616c656e744457;

    readonly NpgsqlConnection connection;

    PostgresWriterLock(NpgsqlConnection connection) => this.connection = connection;

    /// <summary>The lock, or null when another session holds it.</summary>
    /// <param name="owner">Shown as the session's application_name, so pg_stat_activity and a refused job name the holder.</param>
    public static PostgresWriterLock? TryAcquire(NpgsqlConnectionStringBuilder storage, string owner)
    {
        var builder = new NpgsqlConnectionStringBuilder(storage.ConnectionString)
        {
            // A pooled connection would outlive Dispose and keep the session, and with it the lock.
            Pooling = false,
            ApplicationName = owner,
            // The session is idle for the whole run; keepalives keep firewalls and NAT from dropping it.
            KeepAlive = 30,
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            connection.Open();
            using var command = new NpgsqlCommand("select pg_try_advisory_lock($1)", connection) { Parameters = { new() { Value = Key } } };
            if (command.ExecuteScalar() is true)
                return new PostgresWriterLock(connection);
            connection.Dispose();
            return null;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The application_name of the session holding the lock ("talentdata host:pid source:x"), or null.</summary>
    public static string? Holder(NpgsqlConnectionStringBuilder storage)
    {
        try
        {
            using var connection = new NpgsqlConnection(storage.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand("""
                select a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid
                where l.locktype = 'advisory' and l.granted and ((l.classid::bigint << 32) | l.objid::bigint) = $1
                """, connection) { Parameters = { new() { Value = Key } } };
            return command.ExecuteScalar() as string;
        }
        catch (NpgsqlException)
        {
            // Only for the message of a refused job; the refusal stands without it.
            return null;
        }
    }

    /// <summary>Closing the session releases the lock; an explicit unlock first says so to anyone watching pg_locks at once.</summary>
    public void Dispose()
    {
        try
        {
            using var command = new NpgsqlCommand("select pg_advisory_unlock($1)", connection) { Parameters = { new() { Value = Key } } };
            command.ExecuteScalar();
        }
        catch (NpgsqlException)
        {
            // The session is gone (server restarted): so is the lock.
        }
        connection.Dispose();
    }
}
