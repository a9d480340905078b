using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using TalentData.Cli.Jobs;
using TalentData.Cli.Settings;

namespace TalentData.Cli.Worker;

/// <summary>
/// <c>talentdata worker</c>: Hangfire servers and nothing else (no dashboard, no web host). It takes parse jobs from
/// the parse queue, several at once, and writer jobs from the warehouse queue, in PostgreSQL, which one <c>serve</c>
/// shows and any number of workers on any hosts share; the warehouse writer's lock (<see cref="PostgresWriterLock"/>)
/// keeps the writers' runs one at a time across hosts.
/// </summary>
public static class WorkerApp
{
    public static IHost Build(string[] args, out ServeSettings settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddEnvironmentVariables("TalentData__");
        builder.Configuration.AddCommandLine(args);
        (settings, var catalog) = JobHosting.LoadSettings(builder.Configuration);
        // A worker on SQLite or InMemory storage would have a queue of its own that no serve and no other worker sees.
        if (!settings.Hangfire.IsPostgres)
            throw new PipelineException("", "config",
                $"talentdata worker takes its jobs from the queue it shares with serve in PostgreSQL: set {JobStorageFactory.StorageSetting}=postgres " +
                $"and {JobStorageFactory.ConnectionStringSetting}; found {JobStorageFactory.StorageSetting}='{settings.Hangfire.Storage}'.");
        var storage = JobStorageFactory.Create(settings);
        JobHosting.AddJobs(builder.Services, settings, catalog, storage);
        JobHosting.AddJobServer(builder.Services, settings, storage, $"talentdata-worker-{Environment.MachineName}-{Environment.ProcessId}");
        return builder.Build();
    }

    /// <summary>The line a worker prints once it listens: where, which queue, which storage (without the password).</summary>
    public static string StartedLine(ServeSettings settings) =>
        $"talentdata worker {Environment.MachineName}:{Environment.ProcessId}: taking jobs from queues '{WarehouseWriter.Queue}' (1 writer) and '{SourceParser.Queue}' ({settings.Hangfire.ParseWorkers} at once) " +
        $"of PostgreSQL {JobStorageFactory.Describe(JobStorageFactory.ParseConnectionString(settings.Hangfire.ConnectionString))}, mode {settings.Mode}, data {settings.DataDir}";
}
