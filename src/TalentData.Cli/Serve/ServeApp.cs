using TalentData.Cli.Settings;
using TalentData.Atlas;
using TalentData.Cli.Atlas;
using System.Net;
using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TalentData.Cli.Jobs;
using TalentData.Project;
using TalentData.Cli.Suggestions;

namespace TalentData.Cli.Serve;

/// <summary>
/// The one long-running process: Hangfire server (one worker on the warehouse queue) and dashboard at
/// /hangfire, the published exports at /opendata, the Talent-Atlas, and /health. With Hangfire:ProcessJobs off,
/// <c>talentdata worker</c> processes run the jobs and this process shows them.
/// </summary>
public static class ServeApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddEnvironmentVariables("TalentData__");
        builder.Configuration.AddCommandLine(args);
        var (settings, catalog) = JobHosting.LoadSettings(builder.Configuration);
        // The atlas names the city and its benchmarks from config/city.yaml; a broken file fails here, not on the first page.
        var city = City.Load(settings.RepoRoot);

        // Workers take jobs only from PostgreSQL: with any other storage, jobs that serve does not run would wait forever.
        if (!settings.Hangfire.ProcessJobs && !settings.Hangfire.IsPostgres)
            throw new PipelineException("", "config",
                $"TalentData__Hangfire__ProcessJobs=false leaves the jobs to `talentdata worker` processes, which share the queue only through PostgreSQL: " +
                $"set {JobStorageFactory.StorageSetting}=postgres; found {JobStorageFactory.StorageSetting}='{settings.Hangfire.Storage}'.");
        var storage = JobStorageFactory.Create(settings);
        var services = builder.Services;
        JobHosting.AddJobs(services, settings, catalog, storage);
        services.AddSingleton(new LastRunFile(new DataLayout(settings.DataDir)));
        services.AddSingleton(new OperatorsLedger(new DataLayout(settings.DataDir)));
        // One cache for the atlas and the exports: both are made from the same release and switch with it (the
        // suggestion form's pages and refusals, written outside the endpoints, read it from here).
        services.AddSingleton(sp => Releases(settings.RepoRoot, settings.DataDir, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(city);
        services.AddSuggestions(settings);
        // Off when `talentdata worker` processes run the jobs from the shared PostgreSQL queue; the dashboard stays here.
        if (settings.Hangfire.ProcessJobs)
            JobHosting.AddJobServer(services, settings, storage, $"talentdata-{Environment.MachineName}");
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
        // After the forwarded headers: the suggestion form's limit per client counts the client a known proxy names.
        app.UseRateLimiter();
        OperatorsPage.Register();
        SuggestionsPage.Register();
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
        var releases = app.Services.GetRequiredService<ReleaseCache>();
        OpenDataFiles.Map(app, settings.ExportsDir, releases);
        HealthEndpoint.Map(app);
        app.MapTalentAtlas(releases, city);
        app.MapSuggestions();

        RecurringJobRegistration.Register(app.Services.GetRequiredService<IRecurringJobManager>(), storage, catalog, settings.Jobs);
        return app;
    }

    /// <summary>The release cache of a data folder, as `serve` and `publish --site` read the published exports.</summary>
    /// <param name="maxBytes">What it keeps of the responses; 0 keeps none and compresses quickly (a crawl asks for each once).</param>
    public static ReleaseCache Releases(string repoRoot, string dataDir, TimeProvider clock, long maxBytes = ReleaseCache.DefaultMaxBytes)
    {
        var layout = new DataLayout(dataDir);
        var exports = layout.ExportsRoot;
        return new ReleaseCache(exports, Path.Combine(repoRoot, "sql", "reference", "indicators.csv"), layout.CommitPath, clock, maxBytes,
            provenance: () => ReleaseProvenance.Load(layout.SnapshotPath, exports, repoRoot),
            boundariesFile: Path.Combine(repoRoot, AtlasData.BoundariesFile));
    }
}
