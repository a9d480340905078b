using Hangfire;
using Hangfire.Server;
using TalentData.Cli.Settings;
using TalentData.Fetching;
using TalentData.Project;
using TalentData.Running;

namespace TalentData.Cli.Jobs;

/// <summary>
/// The parse job's work: fetch or take the sample, land, read into Parquet hand-offs under data/handoff/ (see
/// <see cref="HandOff"/>), then enqueue the writer's <see cref="HandOffJob"/>. Opens no warehouse and takes no lock, so
/// every worker runs several at once. A worker killed mid-parse leaves only a hidden temporary folder: the job, handed
/// to another worker after the invisibility timeout, parses again from the start.
/// </summary>
public sealed class SourceParser(ServeSettings settings, JobStorage storage, HttpFetcher fetcher, TimeProvider clock)
{
    public const string Queue = "parse";

    // Unset outside the tests; a worker test holds a parse here to kill its process mid-job.
    readonly Action<RunEvent> pause = PauseHook.FromEnvironment(Console.Out);

    public string Parse(string sourceId, PerformContext? context, CancellationToken cancel)
    {
        var options = new RunOptions(settings.RepoRoot, settings.DataDir, [sourceId], RunModes.Parse(settings.Mode))
        {
            Landing = LandingRetention.FromEnvironment(Environment.GetEnvironmentVariable),
        };
        var written = HandOff.Parse(options, sourceId, clock, fetcher, e =>
        {
            pause(e);
            if (e.Phase != "rows")
                context?.SetJobParameter("Progress", $"{e.Step} {e.Target}: {e.Phase}{(e.Detail is null ? "" : " " + e.Detail)}");
        }, cancel);
        var writer = new BackgroundJobClient(storage).Enqueue<HandOffJob>(job => job.Run(null, CancellationToken.None));
        var summary = $"handed off {string.Join(", ", written)}; the warehouse writer loads it (job {writer})";
        context?.SetJobParameter("Progress", summary);
        return summary;
    }
}
