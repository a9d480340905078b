using TalentData.Cli.Settings;
using Hangfire;
using Hangfire.Storage;
using TalentData.Project;

namespace TalentData.Cli.Jobs;

/// <summary>
/// The recurring jobs, from the pipeline files: <c>source:&lt;id&gt;</c> on each pipeline's schedule, plus
/// <c>full-run</c> and <c>publish</c>; all in the configured time zone (Europe/Berlin) and on the warehouse queue, but for
/// the source jobs with PostgreSQL storage, which parse on the parse queue (see <see cref="SourceJob"/>).
/// Re-registered at every start, so a changed schedule applies and a removed pipeline loses its job.
/// </summary>
public static class RecurringJobRegistration
{
    public const string SourcePrefix = "source:";

    /// <returns>The ids of the removed jobs.</returns>
    public static IReadOnlyList<string> Register(IRecurringJobManager manager, JobStorage storage, PipelineCatalog catalog, JobSettings settings)
    {
        var options = new RecurringJobOptions
        {
            TimeZone = TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZone),
            // After downtime one catch-up run per job, however many occurrences were missed.
            MisfireHandling = MisfireHandlingMode.Relaxed,
        };
        // With workers a source job parses on the parse queue and hands off to the writer; on one process it is the writer.
        var sourceQueue = storage is Hangfire.PostgreSql.PostgreSqlStorage ? SourceParser.Queue : WarehouseWriter.Queue;
        foreach (var pipeline in catalog.All)
        {
            var id = pipeline.Id;
            manager.AddOrUpdate<SourceJob>(SourcePrefix + id, sourceQueue, job => job.Run(id, null, CancellationToken.None), pipeline.Schedule, options);
        }
        manager.AddOrUpdate<FullRunJob>(WarehouseWriter.FullRun, WarehouseWriter.Queue, job => job.Run(null, CancellationToken.None), settings.FullRunSchedule, options);
        manager.AddOrUpdate<PublishJob>(WarehouseWriter.Publish, WarehouseWriter.Queue, job => job.Run(null, CancellationToken.None), settings.PublishSchedule, options);

        var current = catalog.All.Select(p => SourcePrefix + p.Id).ToHashSet();
        using var connection = storage.GetConnection();
        var retired = connection.GetRecurringJobs().Select(j => j.Id).Where(id => id.StartsWith(SourcePrefix, StringComparison.Ordinal) && !current.Contains(id)).ToList();
        foreach (var id in retired)
            manager.RemoveIfExists(id);
        return retired;
    }
}
