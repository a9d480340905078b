using System.Net;
using System.Text.Json;
using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TalentData.Cli.Jobs;
using TalentData.Cli.Serve;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Cli;

/// <summary>
/// /health and the atlas under 64 parallel requests each, on real Kestrel, between runs and while a run replaces the
/// snapshot. /health used to open the snapshot per request through DuckDB.NET's shared database: the second of two
/// concurrent requests failed on the locked configuration, leaked its connection (holding the deleted old snapshot
/// open) and reported the error from then on, with 200.
/// </summary>
[Parallelizable(ParallelScope.Self)] // its own host, data folder and repository copy, as the other serve fixtures
public class HealthConcurrencyTests
{
    TempDir dir = null!;
    RepoCopy repo = null!;
    string data = null!;
    WebApplication app = null!;
    HttpClient http = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        dir = new TempDir();
        data = Path.Combine(dir.Path, "data");
        GoodRun.Instance.CopyTo(data);
        // A copy of the repository, so a test can change a model and the publish job has something to rebuild.
        repo = new RepoCopy();
        app = ServeApp.Build([
            "--urls=http://127.0.0.1:0", $"--RepoRoot={repo.Root}", $"--DataDir={data}", "--Mode=sample",
            "--Hangfire:Storage=InMemory", "--Hangfire:QueuePollInterval=00:00:00.050", "--Logging:LogLevel:Default=Warning",
        ]);
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(errors);
        await app.StartAsync();
        http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    readonly ServerErrors errors = new();

    /// <summary>The host's error log, so a 500 in a test says what threw.</summary>
    sealed class ServerErrors : ILoggerProvider, ILogger
    {
        readonly System.Collections.Concurrent.ConcurrentQueue<string> lines = new();
        public string Text => string.Join("\n", lines.Take(3));
        public ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) lines.Enqueue(formatter(state, exception) + " " + exception);
        }
        public void Dispose() { }
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        http?.Dispose();
        if (app is not null)
        {
            using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
                await app.StopAsync(stop.Token);
            await app.DisposeAsync();
            Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        }
        dir?.Dispose();
        repo?.Dispose();
    }

    sealed record Answers(List<(HttpStatusCode Code, JsonElement Body, string Text)> Health, List<HttpStatusCode> Atlas);

    async Task<Answers> Burst()
    {
        var health = Enumerable.Range(0, 64).Select(async _ =>
        {
            using var response = await http.GetAsync("/health");
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), text);
        }).ToList();
        var atlas = Enumerable.Range(0, 64).Select(async i =>
        {
            using var response = await http.GetAsync(i % 2 == 0 ? "/" : "/downloads");
            await response.Content.ReadAsByteArrayAsync();
            return response.StatusCode;
        }).ToList();
        return new Answers([.. await Task.WhenAll(health)], [.. await Task.WhenAll(atlas)]);
    }

    void AllHealthy(Answers answers, string when)
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var (code, body, text) in answers.Health)
            {
                Assert.That(code, Is.EqualTo(HttpStatusCode.OK), $"{when}: {text}");
                Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("ok"), $"{when}: {text}");
                Assert.That(body.GetProperty("warehouse").GetProperty("status").GetString(), Is.EqualTo("ok"), $"{when}: {text}");
                Assert.That(text, Does.Not.Contain(dir.Path).And.Not.Contain(repo.Root).And.Not.Contain(RepoPaths.Root), $"{when}: no server paths");
            }
            Assert.That(answers.Atlas, Is.All.EqualTo(HttpStatusCode.OK), $"{when}: {errors.Text}");
        }
    }

    [Test]
    public async Task SixtyFourAtOnce_BetweenAndDuringARun_EveryHealthAnswerIsHealthyAndNoFileStaysOpen()
    {
        Assert.That(OpenFiles.Into(data), Is.Empty, "nothing of the data folder is open before the requests");
        var writer = app.Services.GetRequiredService<WarehouseWriter>();

        AllHealthy(await Burst(), "between runs");
        Assert.That(OpenFiles.Into(data), Is.Empty, "between runs, the requests leave nothing open");

        // A changed model: a run with nothing changed would keep the snapshot instead of replacing it.
        File.AppendAllText(Path.Combine(repo.Root, "sql", "marts", "indicators.sql"), "\n-- changed, so the publish job rebuilds and replaces the snapshot\n");
        app.Services.GetRequiredService<IRecurringJobManager>().Trigger(WarehouseWriter.Publish);
        var wait = System.Diagnostics.Stopwatch.StartNew();
        while (writer.Last?.Status != TalentData.Project.RunStatus.Running && wait.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(2);
        Assert.That(writer.Last?.Status, Is.EqualTo(TalentData.Project.RunStatus.Running), "the publish job started");
        var during = await Burst();
        AllHealthy(during, "during a run");
        Assert.That(during.Health.Any(h => h.Body.GetProperty("lastRun").GetProperty("status").GetString() == "running"), Is.True,
            "some requests were answered while the run was going");

        while (writer.Last?.Status == TalentData.Project.RunStatus.Running && wait.Elapsed < TimeSpan.FromSeconds(90))
            await Task.Delay(20);
        Assert.That(writer.Last?.Status, Is.EqualTo(TalentData.Project.RunStatus.Succeeded), writer.Last?.Message);

        var after = await Burst();
        AllHealthy(after, "after the run");
        Assert.That(after.Health.Select(h => h.Body.GetProperty("warehouse").GetProperty("lastPublishedRun").GetString()),
            Is.All.EqualTo(writer.Last!.RunId), "the replaced snapshot is read again");
        Assert.That(OpenFiles.Into(data), Is.Empty, "no connection or file handle outlives the requests and the run (a replaced snapshot would read '(deleted)')");
    }

    [Test]
    public async Task UnreadableSnapshot_Is503_AndTheBodySaysWhyWithoutServerPaths()
    {
        var other = new TempDir();
        try
        {
            var repo = Path.Combine(other.Path, "data");
            Directory.CreateDirectory(Path.Combine(repo, "warehouse"));
            File.WriteAllText(Path.Combine(repo, "warehouse", "talentdata.duckdb"), "not a database");
            var broken = ServeApp.Build([
                "--urls=http://127.0.0.1:0", $"--RepoRoot={RepoPaths.Root}", $"--DataDir={repo}", "--Mode=sample",
                "--Hangfire:Storage=InMemory", "--Logging:LogLevel:Default=Warning",
            ]);
            await broken.StartAsync();
            try
            {
                using var client = new HttpClient { BaseAddress = new Uri(broken.Urls.First()) };
                using var response = await client.GetAsync("/health");
                var text = await response.Content.ReadAsStringAsync();
                using var body = JsonDocument.Parse(text);
                using (Assert.EnterMultipleScope())
                {
                    Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), text);
                    Assert.That(body.RootElement.GetProperty("status").GetString(), Is.EqualTo("error"));
                    Assert.That(body.RootElement.GetProperty("warehouse").GetProperty("status").GetString(), Is.EqualTo("error"));
                    Assert.That(body.RootElement.GetProperty("warehouse").GetProperty("error").GetString(), Is.Not.Empty);
                    Assert.That(text, Does.Not.Contain(other.Path).And.Not.Contain(RepoPaths.Root));
                }
                Assert.That(OpenFiles.Into(repo), Is.Empty, "the failed read closed the file");
            }
            finally
            {
                await broken.StopAsync();
                await broken.DisposeAsync();
                Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
            }
        }
        finally
        {
            other.Dispose();
        }
    }

    [TestCase("Could not read /srv/talentdata/data/warehouse/talentdata.duckdb: bad header", "Could not read data/warehouse/talentdata.duckdb: bad header")]
    [TestCase("sample /srv/talentdata/sample-data/x.csv line 3", "sample ./sample-data/x.csv line 3")]
    [TestCase("IO Error: Cannot open file \"/var/lib/other/secret.db\"", "IO Error: Cannot open file \"…/secret.db\"")]
    [TestCase("GET https://open-data.dortmund.de/api/x.csv: 404 (/tmp/talentdata/landing)", "GET https://open-data.dortmund.de/api/x.csv: 404 (…/landing)")]
    public void Redact_NamesFilesRelativeToTheDataFolderOrByNameOnly(string message, string expected)
    {
        var settings = new TalentData.Cli.Settings.ServeSettings { RepoRoot = "/srv/talentdata", DataDir = "/srv/talentdata/data" };
        Assert.That(HealthEndpoint.Redact(message, settings), Is.EqualTo(expected));
    }
}
