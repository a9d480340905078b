using TalentData.Cli.Settings;
using Dapper;
using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TalentData.Cli.Jobs;

namespace TalentData.Cli.Serve;

/// <summary>
/// GET /health: the job storage, the published warehouse snapshot and the last run, as JSON; 503 when the job
/// storage cannot be read. It never opens work.duckdb: that file belongs to the running job alone.
/// </summary>
public static class HealthEndpoint
{
    public static void Map(WebApplication app) => app.MapGet("/health", (HttpContext http) =>
    {
        var services = http.RequestServices;
        var settings = services.GetRequiredService<ServeSettings>();
        var writer = services.GetRequiredService<WarehouseWriter>();
        object jobStorage;
        var storageOk = true;
        try
        {
            var stats = services.GetRequiredService<JobStorage>().GetMonitoringApi().GetStatistics();
            jobStorage = new { status = "ok", servers = stats.Servers, enqueued = stats.Enqueued, processing = stats.Processing, failed = stats.Failed, recurring = stats.Recurring };
        }
        catch (Exception ex)
        {
            storageOk = false;
            jobStorage = new { status = "error", error = ex.Message };
        }
        var last = writer.Last;
        var body = new
        {
            status = storageOk ? "ok" : "error",
            mode = settings.Mode,
            jobStorage,
            warehouse = Snapshot(new TalentData.Project.DataLayout(settings.DataDir).SnapshotPath),
            lastRun = last is null ? null : new
            {
                target = last.Target, status = last.Status, runId = last.RunId,
                startedAt = last.StartedAt.UtcDateTime, finishedAt = last.FinishedAt?.UtcDateTime,
                message = last.Message?.Split('\n')[0],
            },
        };
        return Results.Json(body, statusCode: storageOk ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    });

    static object Snapshot(string path)
    {
        if (!File.Exists(path))
            return new { status = "not_published", snapshot = TalentData.Project.DataLayout.SnapshotDisplay };
        try
        {
            using var warehouse = TalentData.Warehouse.Warehouse.OpenReadOnly(path);
            var run = TalentData.Warehouse.RunLedger.LastSucceededRun(warehouse);
            return new { status = "ok", lastPublishedRun = run.RunId, publishedAt = run.FinishedAt, writtenAt = File.GetLastWriteTimeUtc(path) };
        }
        catch (Exception ex)
        {
            return new { status = "error", error = ex.Message.Split('\n')[0] };
        }
    }
}
