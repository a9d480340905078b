using Microsoft.AspNetCore.Builder;
using TalentData.Cli.Serve;

namespace TalentData.Tests.TestSupport;

/// <summary>
/// The real `talentdata serve` host on 127.0.0.1 (InMemory job storage), as an operator would start it, over a copy of
/// the repository that holds the shared sample run: what the atlas and web-host fixtures test against.
/// </summary>
public sealed class ServeHost : IAsyncDisposable
{
    public RepoCopy Repo { get; }
    public WebApplication App { get; }

    ServeHost(RepoCopy repo, WebApplication app) => (Repo, App) = (repo, app);

    /// <param name="settings">Further settings as the command line gives them (--Section:Key=value).</param>
    public static async Task<ServeHost> StartAsync(params string[] settings)
    {
        var repo = new RepoCopy();
        try
        {
            GoodRun.Instance.CopyTo(repo.Data); // the atlas reads the exports and the snapshot of the last good run
            var app = ServeApp.Build([
                "--urls=http://127.0.0.1:0", $"--RepoRoot={repo.Root}", $"--DataDir={repo.Data}", "--Mode=sample",
                "--Hangfire:Storage=InMemory", "--Logging:LogLevel:Default=Warning", .. settings,
            ]);
            await app.StartAsync();
            return new ServeHost(repo, app);
        }
        catch
        {
            repo.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
            await App.StopAsync(stop.Token);
        await App.DisposeAsync();
        // Hangfire keeps the stopped host's logger factory in a static; the next fixture's host sets its own.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        Repo.Dispose();
    }
}
