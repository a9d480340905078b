using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TalentData.Cli.Suggestions;

/// <summary>
/// Deletes contacts and decided suggestions past their retention once an hour, so they go on time also when nobody
/// sends a suggestion or opens the queue (both purge as well). It runs in serve itself, not as a Hangfire job: the
/// jobs may run in `talentdata worker` processes on other machines, which do not hold this file.
/// </summary>
public sealed class SuggestionRetention(SuggestionStore store, TimeProvider clock, ILogger<SuggestionRetention> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                var (contacts, suggestions) = store.Purge();
                if (contacts + suggestions > 0)
                    log.LogInformation("Suggestions: deleted {Contacts} contact address(es) and {Suggestions} decided suggestion(s) past their retention", contacts, suggestions);
            }
            catch (Exception ex) when (ex is SQLite.SQLiteException or IOException)
            {
                // Logged and tried again at the next tick; every access of the queue purges as well.
                log.LogError(ex, "Suggestions: deleting what is past its retention failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
