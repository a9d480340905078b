using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.States;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TalentData.Cli.Settings;
using TalentData.Fetching;
using TalentData.Project;

namespace TalentData.Cli.Jobs;

/// <summary>What <c>serve</c> and <c>worker</c> share: their settings, the jobs and their writer, and the Hangfire server.</summary>
public static class JobHosting
{
    /// <summary>
    /// The settings bound from appsettings.json, the environment and the command line, with the repository and data
    /// folder resolved; a bad mode, publication setting or pipeline file fails here, at start, not at the first run.
    /// </summary>
    public static (ServeSettings Settings, PipelineCatalog Catalog) LoadSettings(IConfiguration configuration)
    {
        var settings = configuration.Get<ServeSettings>() ?? new ServeSettings();
        settings.RepoRoot = settings.RepoRoot.Length > 0 ? Path.GetFullPath(settings.RepoRoot) : RepoLocation.FindRepoRoot();
        settings.DataDir = Path.GetFullPath(Path.Combine(settings.RepoRoot, settings.DataDir));
        if (settings.Mode != RunMode.Sample.Name() && settings.Mode != RunMode.Live.Name())
            throw new PipelineException("", "config", $"Mode must be 'sample' or 'live', found '{settings.Mode}'.");
        // A live server needs a public base URL for the exports.
        TalentData.Publishing.PublishSettings.FromEnvironment(Environment.GetEnvironmentVariable, settings.Mode);
        var catalog = PipelineCatalog.Load(Path.Combine(settings.RepoRoot, "pipelines"), TalentData.Loading.ReaderFormats.All);
        // Naming the folder, rather than DuckDB's error at the first run, when the data folder is read-only.
        new DataLayout(settings.DataDir).EnsureWritable();
        return (settings, catalog);
    }

    /// <summary>The jobs, their writer and Hangfire's configuration on <paramref name="storage"/>.</summary>
    public static void AddJobs(IServiceCollection services, ServeSettings settings, PipelineCatalog catalog, JobStorage storage)
    {
        services.AddSingleton(settings);
        services.AddSingleton(catalog);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new HttpFetcher(settings.Fetch));
        services.AddSingleton<WarehouseWriter>();
        services.AddSingleton<SourceParser>();
        services.AddTransient<SourceJob>();
        services.AddTransient<HandOffJob>();
        services.AddTransient<FullRunJob>();
        services.AddTransient<PublishJob>();
        // Registered before AddHangfire, which would otherwise take JobStorage.Current and JobActivator.Current (process-wide statics).
        services.AddSingleton(storage);
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseFilter(new EnqueuedStateNamesJobQueue()));
    }

    /// <summary>
    /// A Hangfire server with one worker on the warehouse queue: each of its jobs writes the warehouse, and only one
    /// writes at a time, so a second worker in the process would only wait. With PostgreSQL storage (workers) a second
    /// server takes the parse queue with Hangfire:ParseWorkers workers: parse jobs open no warehouse and run side by side.
    /// The dashboard's Servers page shows each server with the queue it really takes jobs from.
    /// </summary>
    public static void AddJobServer(IServiceCollection services, ServeSettings settings, JobStorage storage, string serverName)
    {
        void AddServer(string name, string queue, int workers) => services.AddHangfireServer((_, options) =>
        {
            options.WorkerCount = workers;
            options.Queues = [queue];
            options.ServerName = name;
            options.CancellationCheckInterval = settings.Hangfire.CancellationCheckInterval;
            options.SchedulePollingInterval = settings.Hangfire.SchedulePollingInterval;
            options.ShutdownTimeout = settings.Hangfire.ShutdownTimeout;
        }, storage);
        AddServer(serverName, WarehouseWriter.Queue, 1);
        if (settings.Hangfire.IsPostgres)
            AddServer(ParseServerName(serverName), SourceParser.Queue, settings.Hangfire.ParseWorkers);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.Hangfire.ShutdownTimeout + TimeSpan.FromSeconds(5));
    }

    /// <summary>The name of a process's parse server, beside its warehouse server's.</summary>
    public static string ParseServerName(string serverName) => serverName + "-parse";
}

/// <summary>
/// A job given its queue when enqueued (the recurring source jobs: parse or warehouse, by storage) runs on that queue,
/// but Hangfire records its Enqueued state with the queue "default", which the dashboard then shows. This makes the
/// state name the queue the job really goes to.
/// </summary>
public sealed class EnqueuedStateNamesJobQueue : IElectStateFilter
{
    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is EnqueuedState enqueued && context.BackgroundJob.Job?.Queue is { Length: > 0 } queue)
            enqueued.Queue = queue;
    }
}
