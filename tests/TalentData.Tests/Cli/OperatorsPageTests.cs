using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using TalentData.Cli.Serve;
using TalentData.Project;
using TalentData.Running;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Cli;

/// <summary>
/// What an operator sees of a run started outside the server (the command line, cron): /health names it, and the
/// TalentData page in the dashboard shows its steps, the checks with their severity, the quarantined row with file,
/// line and reason, and the dataset the run withheld. The run brings a social-indicator file with one short row.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public sealed class OperatorsPageTests
{
    RepoCopy repo = null!;
    RunReport report = null!;
    WebApplication app = null!;
    HttpClient client = null!;

    [OneTimeSetUp]
    public async Task RunFromTheCommandLineThenServe()
    {
        repo = new RepoCopy();
        GoodRun.Instance.CopyTo(repo.Data);
        File.Copy(Path.Combine(RepoPaths.Root, "tests", "TalentData.Tests", "BadInput", "opendatasoft_csv", "row_missing_field.csv"),
            repo.Sample("dortmund_social_indicators/sozialindikatoren.csv"), overwrite: true);
        report = repo.Run();
        Assert.That(report.QuarantinedRows, Is.EqualTo(1), report.Error);

        app = ServeApp.Build([
            "--urls=http://127.0.0.1:0", $"--RepoRoot={repo.Root}", $"--DataDir={repo.Data}", "--Mode=sample",
            "--Hangfire:Storage=InMemory", "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    [OneTimeTearDown]
    public async Task StopServe()
    {
        client?.Dispose();
        if (app is not null)
        {
            using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
                await app.StopAsync(stop.Token);
            await app.DisposeAsync();
        }
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        repo?.Dispose();
    }

    [Test]
    public async Task Health_NamesTheRunStartedOutsideTheServer()
    {
        using var health = JsonDocument.Parse(await client.GetStringAsync("/health"));
        var last = health.RootElement.GetProperty("lastRun");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(last.ValueKind, Is.EqualTo(JsonValueKind.Object), "a run from the command line is not invisible");
            Assert.That(last.GetProperty("runId").GetString(), Is.EqualTo(report.RunId));
            Assert.That(last.GetProperty("status").GetString(), Is.EqualTo(report.Status));
            Assert.That(last.GetProperty("startedBy").GetString(), Is.EqualTo($"process {Environment.ProcessId} on {Environment.MachineName}"));
            Assert.That(last.GetProperty("finishedAt").ValueKind, Is.EqualTo(JsonValueKind.String));
        }
    }

    [Test]
    public async Task OperatorsPage_ShowsStepsChecksQuarantineAndStaleDatasets()
    {
        using var response = await client.GetAsync("/hangfire/talentdata");
        var page = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), page);
        var failedChecks = report.Checks.Where(c => !c.Passed).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(page, Does.Contain($"<td>{report.RunId}</td>"), "the run from the command line is the latest run");
            Assert.That(page, Does.Match($"<td>dortmund_social_indicators/stadtbezirke</td><td>loaded</td><td>[0-9,]+</td><td>1</td>"),
                "the source that set a row aside, with its count");
            Assert.That(page, Does.Contain("talentdata status"), "where each quarantined row's file, line and reason are shown");
            Assert.That(report.Withheld, Is.Not.Empty, "the quarantined source's datasets were withheld");
            foreach (var withheld in report.Withheld)
                Assert.That(page, Does.Contain($"<td>{withheld.Split(": ")[0]}</td>"), $"{withheld} is listed with its reason");
            Assert.That(page, Does.Contain($"<td>{GoodRun.Instance.Report.RunId}</td><td>succeeded</td>"), "the snapshot's ledger lists the last published run");
            Assert.That(page, Does.Match("Steps of run [0-9T]+Z-[0-9a-f]+</caption>"), "with its steps");
            Assert.That(page, Does.Match("[0-9]+ of [0-9]+ passed in run "), "and its checks");
            // A run that only set rows aside refreshes the snapshot, so its ledger holds each row's file, line and reason.
            Assert.That(page, Does.Match("landing/dortmund_social_indicators/[0-9a-f]{64}[.]csv</td><td>6</td><td>expected 8 fields, found 7</td>"), "the quarantined row: file, line, reason");
            Assert.That(page, Does.Contain("href=\"/\""), "the page links the atlas");
            Assert.That(page, Does.Not.Contain(repo.Data), "no absolute path of the server");
        }
    }

    [Test]
    public async Task Dashboard_HasTheTalentDataMenuEntryAndLinksBackToTheAtlas()
    {
        var home = await client.GetStringAsync("/hangfire");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(home, Does.Contain("href=\"/hangfire/talentdata\""), "the menu entry");
            Assert.That(home, Does.Contain("<html lang=\"en\">"), "a language screen readers know, not the invariant culture's 'iv'");
            Assert.That(home, Does.Match("(?s)href=\"/\">(?:(?!</a>).)*Back to site"), "Hangfire's back link leads to the atlas");
        }
    }

    [Test]
    public async Task Atlas_LinksTheOperatorsPage()
    {
        var home = await client.GetStringAsync("/");
        Assert.That(home, Does.Contain("<a href=\"/hangfire/talentdata\">"), "the atlas footer leads operators to their page, which leads back");
    }

    [Test]
    public void LastRun_OfAProcessThatIsGone_ReadsInterrupted()
    {
        using var dir = new TempDir();
        var data = new DataLayout(dir.Path);
        Directory.CreateDirectory(data.WarehouseDir);
        using var gone = Process.Start("true")!;
        gone.WaitForExit();
        var running = new LastRun("r1", RunStatus.Running, "sample", DateTimeOffset.UtcNow, null, null, null, Environment.MachineName, gone.Id);
        File.WriteAllText(data.LastRunPath, JsonSerializer.Serialize(running, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        var alive = running with { ProcessId = Environment.ProcessId };
        var otherHost = running with { Host = "another-host" };
        using (Assert.EnterMultipleScope())
        {
            Assert.That(LastRun.Read(data)?.CurrentStatus, Is.EqualTo(RunStatus.Interrupted), "its process ended without ending the run");
            Assert.That(alive.CurrentStatus, Is.EqualTo(RunStatus.Running), "a live process is still running");
            Assert.That(otherHost.CurrentStatus, Is.EqualTo(RunStatus.Running), "a process on another host cannot be looked at: it says what it said");
        }
        File.WriteAllText(data.LastRunPath, "{ not json");
        Assert.That(LastRun.Read(data), Is.Null, "a damaged file is no run, and no reader fails for it");
    }

    [Test]
    public void OperatorsLedger_InAnEmptyDataFolder_SaysNothingIsPublished()
    {
        using var dir = new TempDir();
        var view = new OperatorsLedger(new DataLayout(dir.Path)).Read();
        Assert.That((view.Published, view.Error, view.Runs.Count), Is.EqualTo((false, (string?)null, 0)));
    }
}
