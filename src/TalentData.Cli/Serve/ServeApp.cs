using TalentData.Cli.Settings;
using TalentData.Atlas;
using TalentData.Cli.Atlas;
using System.Net;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.Storage.SQLite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TalentData.Cli.Jobs;
using TalentData.Fetching;
using TalentData.Project;

namespace TalentData.Cli.Serve;

/// <summary>
/// The one long-running process: Hangfire server (one worker on the warehouse queue) and dashboard at
/// /hangfire, the published exports at /opendata, and /health.
/// </summary>
public static class ServeApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddEnvironmentVariables("TalentData__");
        builder.Configuration.AddCommandLine(args);
        var settings = builder.Configuration.Get<ServeSettings>() ?? new ServeSettings();
        settings.RepoRoot = settings.RepoRoot.Length > 0 ? Path.GetFullPath(settings.RepoRoot) : RepoLocation.FindRepoRoot();
        settings.DataDir = Path.GetFullPath(Path.Combine(settings.RepoRoot, settings.DataDir));
        if (settings.Mode != RunMode.Sample.Name() && settings.Mode != RunMode.Live.Name())
            throw new PipelineException("", "config", $"Mode must be 'sample' or 'live', found '{settings.Mode}'.");
        // Fail at start, not at the first scheduled run, when a live server has no public base URL for the exports.
        TalentData.Publishing.PublishSettings.FromEnvironment(Environment.GetEnvironmentVariable, settings.Mode);
        // Fail at start, not at the first scheduled run, when a pipeline file is broken.
        var catalog = PipelineCatalog.Load(Path.Combine(settings.RepoRoot, "pipelines"), TalentData.Loading.ReaderFormats.All);
        // The atlas names the city and its benchmarks from config/city.yaml; a broken file fails here, not on the first page.
        var city = City.Load(settings.RepoRoot);
        // Fail at start, naming the folder, not at the first run with DuckDB's error, when the data folder is read-only.
        new DataLayout(settings.DataDir).EnsureWritable();

        var storage = CreateStorage(settings);
        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(catalog);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new HttpFetcher(settings.Fetch));
        services.AddSingleton<WarehouseWriter>();
        services.AddSingleton(new LastRunFile(new DataLayout(settings.DataDir)));
        services.AddSingleton(new OperatorsLedger(new DataLayout(settings.DataDir)));
        services.AddTransient<SourceJob>();
        services.AddTransient<FullRunJob>();
        services.AddTransient<PublishJob>();
        // Registered before AddHangfire, which would otherwise take JobStorage.Current and JobActivator.Current (process-wide statics).
        services.AddSingleton<JobStorage>(storage);
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.AddHangfireServer((_, options) =>
        {
            // One worker: the warehouse has one writer, so runs queue behind each other.
            options.WorkerCount = 1;
            options.Queues = [WarehouseWriter.Queue];
            options.ServerName = $"talentdata-{Environment.MachineName}";
            options.CancellationCheckInterval = settings.Hangfire.CancellationCheckInterval;
            options.SchedulePollingInterval = settings.Hangfire.SchedulePollingInterval;
            options.ShutdownTimeout = settings.Hangfire.ShutdownTimeout;
        }, storage);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.Hangfire.ShutdownTimeout + TimeSpan.FromSeconds(5));
        // With antiforgery registered the dashboard checks a token on every POST (trigger, delete), so another web page cannot make an operator's browser trigger runs.
        services.AddAntiforgery();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var proxy in settings.Dashboard.KnownProxies.Count > 0 ? settings.Dashboard.KnownProxies : ["127.0.0.1", "::1"])
                o.KnownProxies.Add(IPAddress.Parse(proxy));
        });

        var app = builder.Build();
        SecurityHeaders.Use(app);
        app.UseForwardedHeaders();
        OperatorsPage.Register();
        // The dashboard names its language after the request's UI culture: on a server with the invariant culture that
        // is lang="iv", which no screen reader knows. Its texts are English, so it says so.
        var english = System.Globalization.CultureInfo.GetCultureInfo("en");
        app.Use((http, next) =>
        {
            if (http.Request.Path.StartsWithSegments("/hangfire"))
                System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.CurrentCulture = english;
            return next(http);
        });
        var access = new DashboardAccess(settings.Dashboard, app.Services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<DashboardAccess>>(), app.Services.GetRequiredService<TimeProvider>());
        app.Use(access.Authenticate);
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [access],
            IsReadOnlyFunc = access.IsReadOnly,
            DashboardTitle = "TalentData",
            DisplayStorageConnectionString = false,
            // "Back to site" leads to the Talent-Atlas; the operators' page links back to it as well.
            AppPath = "/",
        }, storage);
        // One cache for the atlas and the exports: both are made from the same release and switch with it.
        var releases = new ReleaseCache(settings.ExportsDir, Path.Combine(settings.RepoRoot, "sql", "reference", "indicators.csv"),
            new DataLayout(settings.DataDir).CommitPath, app.Services.GetRequiredService<TimeProvider>(),
            provenance: () => ReleaseProvenance.Load(new DataLayout(settings.DataDir).SnapshotPath, settings.ExportsDir, settings.RepoRoot),
            boundariesFile: Path.Combine(settings.RepoRoot, AtlasData.BoundariesFile));
        OpenDataFiles.Map(app, settings.ExportsDir, releases);
        HealthEndpoint.Map(app);
        app.MapTalentAtlas(releases, city);

        RecurringJobRegistration.Register(app.Services.GetRequiredService<IRecurringJobManager>(), storage, catalog, settings.Jobs);
        return app;
    }

    static JobStorage CreateStorage(ServeSettings settings)
    {
        if (string.Equals(settings.Hangfire.Storage, "InMemory", StringComparison.OrdinalIgnoreCase))
            return new InMemoryStorage();
        var file = settings.Hangfire.Storage.Length > 0
            ? Path.GetFullPath(Path.Combine(settings.RepoRoot, settings.Hangfire.Storage))
            : Path.Combine(settings.DataDir, "hangfire.sqlite");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        return new SQLiteStorage(file, new SQLiteStorageOptions
        {
            QueuePollInterval = settings.Hangfire.QueuePollInterval,
            InvisibilityTimeout = settings.Hangfire.InvisibilityTimeout,
        });
    }
}
