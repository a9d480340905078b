using System.Net.Sockets;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Npgsql;
using TalentData.Cli.Settings;

namespace TalentData.Cli.Jobs;

/// <summary>
/// The job storage that <c>Hangfire:Storage</c> names: SQLite in the data folder (the default, one process), InMemory
/// (tests), or PostgreSQL (serve and any number of workers on any hosts share one queue). Bad PostgreSQL settings fail
/// here, at start, naming the setting; the connection string is never printed, as it holds the password.
/// </summary>
public static class JobStorageFactory
{
    public const string StorageSetting = "TalentData__Hangfire__Storage";
    public const string ConnectionStringSetting = "TalentData__Hangfire__ConnectionString";

    public static JobStorage Create(ServeSettings settings)
    {
        var hangfire = settings.Hangfire;
        if (string.Equals(hangfire.Storage, "InMemory", StringComparison.OrdinalIgnoreCase))
            return new InMemoryStorage();
        if (hangfire.IsPostgres)
            return CreatePostgres(hangfire);
        var file = hangfire.Storage.Length > 0
            ? Path.GetFullPath(Path.Combine(settings.RepoRoot, hangfire.Storage))
            : Path.Combine(settings.DataDir, "hangfire.sqlite");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        return new SQLiteStorage(file, new SQLiteStorageOptions
        {
            QueuePollInterval = hangfire.QueuePollInterval,
            // No sliding invisibility in this storage: a job running longer than this is handed out again.
            InvisibilityTimeout = hangfire.InvisibilityTimeout ?? TimeSpan.FromHours(6),
        });
    }

    static PostgreSqlStorage CreatePostgres(HangfireSettings hangfire)
    {
        // Hangfire's own option setters would refuse these with a message that names no setting.
        if (hangfire.ParseWorkers < 1)
            throw new TalentData.PipelineException("", "config",
                $"TalentData__Hangfire__ParseWorkers must be a whole number of at least 1 (parse jobs each process runs at once), found {hangfire.ParseWorkers}.");
        if (hangfire.DistributedLockTimeout is { } timeout && timeout <= TimeSpan.Zero)
            throw new TalentData.PipelineException("", "config",
                $"TalentData__Hangfire__DistributedLockTimeout must be a positive time span such as 00:00:30, or empty for Hangfire.PostgreSql's 10 minutes; found {timeout}.");
        var builder = ParseConnectionString(hangfire.ConnectionString);
        var where = Describe(builder);
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = hangfire.Schema,
            PrepareSchemaIfNecessary = true,
            QueuePollInterval = hangfire.QueuePollInterval,
            // A running job's fetch time is renewed while it runs, so the timeout can be short: it is how long the
            // job of a worker that died (SIGKILL, power cut) stays invisible before another worker takes it.
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = hangfire.InvisibilityTimeout ?? TimeSpan.FromMinutes(5),
        };
        if (hangfire.DistributedLockTimeout is { } lockTimeout)
            options.DistributedLockTimeout = lockTimeout;
        try
        {
            // The storage itself connects only when first used, so an unreachable server or a wrong password would
            // surface as log lines of a server that never runs a job; one connection now makes it fail at start.
            using (var probe = new NpgsqlConnection(builder.ConnectionString))
                probe.Open();
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(builder.ConnectionString, options), options);
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException or InvalidOperationException)
        {
            throw new TalentData.PipelineException("", "config",
                $"{StorageSetting}=postgres: cannot use the PostgreSQL server at {where} ({ConnectionStringSetting}): {Redact(Messages(ex), builder)}", ex);
        }
    }

    /// <summary>The connection string of <c>Hangfire:Storage=postgres</c>, checked; errors never repeat it.</summary>
    public static NpgsqlConnectionStringBuilder ParseConnectionString(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new TalentData.PipelineException("", "config",
                $"{StorageSetting}=postgres needs {ConnectionStringSetting} (e.g. Host=db;Database=talentdata;Username=talentdata;Password=…), found none.");
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
        {
            // Npgsql's message may quote a value; only the keys are named.
            var keys = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(part => part.Split('=')[0]);
            throw new TalentData.PipelineException("", "config",
                $"{ConnectionStringSetting} is not a PostgreSQL connection string of key=value pairs (keys found: {string.Join(", ", keys)}).", ex);
        }
        if (string.IsNullOrEmpty(builder.Host))
            throw new TalentData.PipelineException("", "config", $"{ConnectionStringSetting} names no Host (found keys: {string.Join(", ", builder.Keys.Where(k => builder[k] is not null and not ""))}).");
        return builder;
    }

    /// <summary>host:port/database as user: where the storage is, without the password.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder) =>
        $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username} as user {builder.Username ?? "(none)"}";

    /// <summary>Npgsql's messages name host and user but not the password; this makes sure of it.</summary>
    public static string Redact(string message, NpgsqlConnectionStringBuilder builder) =>
        string.IsNullOrEmpty(builder.Password) ? message : message.Replace(builder.Password, "***", StringComparison.Ordinal);

    /// <summary>"Failed to connect to 127.0.0.1:5432: Connection refused": the message and the causes under it.</summary>
    static string Messages(Exception ex)
    {
        var parts = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException)
            if (!parts.Contains(e.Message)) parts.Add(e.Message);
        return string.Join(": ", parts);
    }
}
