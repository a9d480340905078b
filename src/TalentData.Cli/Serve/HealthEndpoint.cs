using System.Text.RegularExpressions;
using TalentData.Cli.Settings;
using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TalentData.Cli.Jobs;
using TalentData.Project;
using TalentData.Running;

namespace TalentData.Cli.Serve;

/// <summary>
/// GET (and HEAD) /health: the job storage, the published warehouse snapshot and the last run, as JSON; 200 when every part
/// is readable, 503 when one is not, and the body says which. It answers from what the process already knows
/// (the writer's last run, the snapshot's run as read once per version of the file), so any number of requests
/// at once open nothing per request; it never opens work.duckdb, which belongs to the running job alone; and it
/// names files relative to the data folder, never by their place on the server.
/// </summary>
public static partial class HealthEndpoint
{
    public static void Map(WebApplication app)
    {
        var settings = app.Services.GetRequiredService<ServeSettings>();
        var snapshot = new PublishedSnapshot(new DataLayout(settings.DataDir).SnapshotPath);
        app.MapMethods("/health", [HttpMethods.Get, HttpMethods.Head], (HttpContext http) =>
        {
            var services = http.RequestServices;
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
                jobStorage = new { status = "error", error = Redact(ex.Message, settings) };
            }
            var warehouse = snapshot.Describe();
            var last = writer.Last;
            var healthy = storageOk && warehouse.Status != "error";
            var body = new
            {
                status = healthy ? "ok" : "error",
                mode = settings.Mode,
                jobStorage,
                warehouse = new
                {
                    status = warehouse.Status, snapshot = DataLayout.SnapshotDisplay,
                    lastPublishedRun = warehouse.RunId, publishedAt = warehouse.PublishedAt, writtenAt = warehouse.WrittenAt,
                    error = warehouse.Error is null ? null : Redact(warehouse.Error, settings),
                },
                lastRun = LatestRun(last, services.GetRequiredService<LastRunFile>().Read(), settings),
            };
            return Results.Json(body, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
    }

    /// <summary>
    /// The later of this server's last job and the run the status file names: a run from the command line or another
    /// process shows as well as one this server ran (which also wrote the file, and says more: its job's target).
    /// </summary>
    static object? LatestRun(JobRunState? job, LastRun? file, ServeSettings settings)
    {
        if (job is not null && (file is null || job.Status == RunStatus.Running || job.RunId == file.RunId || job.StartedAt >= file.StartedAt))
            return new
            {
                target = job.Target, status = job.Status, runId = job.RunId, startedBy = "this server",
                startedAt = job.StartedAt.UtcDateTime, finishedAt = job.FinishedAt?.UtcDateTime,
                message = job.Message is null ? null : Redact(job.Message.Split('\n')[0], settings),
            };
        return file is null ? null : new
        {
            target = file.Mode, status = file.CurrentStatus, runId = file.RunId, startedBy = $"process {file.ProcessId} on {file.Host}",
            startedAt = file.StartedAt.UtcDateTime, finishedAt = file.FinishedAt?.UtcDateTime,
            message = file.Error is null ? null : Redact(file.Error.Split('\n')[0], settings),
        };
    }

    /// <summary>
    /// A message without the server's folders: the data folder reads data/, the repository ./, any other absolute
    /// path only its file name. URLs stay as they are: a publisher's address is no secret and says what failed.
    /// </summary>
    public static string Redact(string message, ServeSettings settings)
    {
        var text = message.Replace(settings.DataDir.TrimEnd('/') + "/", "data/", StringComparison.Ordinal)
                          .Replace(settings.RepoRoot.TrimEnd('/') + "/", "./", StringComparison.Ordinal);
        return AbsolutePath().Replace(text, m => "…/" + Path.GetFileName(m.Value.TrimEnd('/')));
    }

    [GeneratedRegex(@"(?<=^|[\s'""(=])/(?!/)[^\s'""),]+")]
    private static partial Regex AbsolutePath();
}

/// <summary>The status file of the latest run (<see cref="LastRun"/>), read again only when it was replaced.</summary>
public sealed class LastRunFile(DataLayout data)
{
    readonly FileVersionCache<LastRun?> cache = new(data.LastRunPath);

    public LastRun? Read() => cache.Read(_ => (LastRun.Read(data), true));
}

/// <summary>What /health says about the snapshot.</summary>
public sealed record SnapshotHealth(string Status, string? RunId, DateTime? PublishedAt, DateTime? WrittenAt, string? Error);

/// <summary>
/// The published snapshot's last run, read once per version of the file: a run replaces the file by rename, so a
/// new modification time or size means a new snapshot. One reader at a time opens it; the others wait and take
/// what it read. A read that failed is not kept, so the next request tries again.
/// </summary>
public sealed class PublishedSnapshot(string path)
{
    readonly FileVersionCache<SnapshotHealth> cache = new(path);

    public SnapshotHealth Describe() =>
        cache.Read(writtenAt =>
        {
            try
            {
                using var warehouse = TalentData.Warehouse.Warehouse.OpenReadOnly(path);
                var run = TalentData.Warehouse.RunLedger.LastSucceededRun(warehouse);
                return (new SnapshotHealth("ok", run.RunId, run.FinishedAt, writtenAt, null), true);
            }
            catch (Exception ex)
            {
                return (new SnapshotHealth("error", null, null, writtenAt, ex.Message.Split('\n')[0]), false);
            }
        }) ?? new SnapshotHealth("not_published", null, null, null, null);
}

