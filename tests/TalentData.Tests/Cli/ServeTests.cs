using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hangfire;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using TalentData.Cli.Serve;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Cli;

/// <summary>
/// <c>talentdata serve</c> as built for production, on real Kestrel at 127.0.0.1 with InMemory job storage.
/// A remote client is simulated the way a reverse proxy on this machine presents one: X-Forwarded-For.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class ServeTests
{
    const string Dataset = "bevoelkerung-statistische-bezirke";
    const string Remote = "203.0.113.7";

    RepoCopy repo = null!;
    WebApplication app = null!;
    Uri baseUrl = null!;
    JobStorage storage = null!;

    [OneTimeSetUp]
    public async Task StartServe()
    {
        // The web host and its jobs are the subject, not the figures: the project cut down to the sources the tests name.
        repo = RepoCopy.Reduced("dortmund_population", "dortmund_unemployment", "ba_training_market");
        app = ServeApp.Build([
            "--urls=http://127.0.0.1:0",
            $"--RepoRoot={repo.Root}",
            $"--DataDir={repo.Data}",
            "--Mode=sample",
            "--Hangfire:Storage=InMemory",
            "--Dashboard:Users:vera:Password=viewer secret",
            "--Dashboard:Users:vera:Role=viewer",
            "--Dashboard:Users:otto:Password=operator secret",
            "--Dashboard:Users:otto:Role=operator",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        baseUrl = new Uri(app.Urls.First());
        storage = app.Services.GetRequiredService<JobStorage>();
    }

    [OneTimeTearDown]
    public async Task StopServe()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
            await app.StopAsync(stop.Token);
        await app.DisposeAsync();
        // AddHangfire points Hangfire's process-wide log provider at the app's logger factory, now disposed;
        // later fixtures' servers would log into it.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        repo.Dispose();
    }

    HttpClient Client(string? user = null, string? password = null, string? forwardedFor = null)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseUrl };
        if (user is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        if (forwardedFor is not null)
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return client;
    }

    /// <summary>What the dashboard's "Trigger now" button does: POST jobs[]=id with the page's antiforgery token.</summary>
    static async Task<HttpStatusCode> Trigger(HttpClient client, string recurringJobId, bool withToken = true)
    {
        var page = await client.GetStringAsync("/hangfire/recurring");
        var token = Regex.Match(page, "<meta name=\"csrf-token\" content=\"([^\"]+)\"").Groups[1].Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hangfire/recurring/trigger")
        {
            Content = new FormUrlEncodedContent([new("jobs[]", recurringJobId)]),
        };
        if (withToken) request.Headers.Add("RequestVerificationToken", token);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    string? LastJobId(string recurringJobId)
    {
        using var connection = storage.GetConnection();
        return connection.GetRecurringJobs().Single(j => j.Id == recurringJobId).LastJobId;
    }

    string WaitFor(string jobId, int seconds)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        string? state = null;
        while (DateTime.UtcNow < until)
        {
            using (var connection = storage.GetConnection())
                state = connection.GetStateData(jobId)?.Name;
            if (state == SucceededState.StateName || state == FailedState.StateName) return state;
            Thread.Sleep(100);
        }
        Assert.Fail($"job {jobId} still {state} after {seconds} s");
        return "";
    }

    [Test]
    public async Task Dashboard_LocalRequest_ListsOneRecurringJobPerPipeline()
    {
        using var client = Client();
        var page = await client.GetStringAsync("/hangfire/recurring");
        foreach (var file in Directory.GetFiles(Path.Combine(repo.Root, "pipelines"), "*.yaml"))
            Assert.That(page, Does.Contain($"source:{Path.GetFileNameWithoutExtension(file)}"));
        Assert.That(page, Does.Contain("full-run").And.Contain("publish").And.Contain("Europe/Berlin"));
        Assert.That(page, Does.Contain("data-url=\"/hangfire/recurring/trigger\""), "a local operator sees Trigger now");
    }

    [Test]
    public async Task Trigger_LocalOperatorTriggersFullRun_RunSucceedsAndIsPublishedAtOpendata()
    {
        using var client = Client();
        Assert.That(await Trigger(client, "full-run"), Is.EqualTo(HttpStatusCode.NoContent));
        var jobId = LastJobId("full-run");
        Assert.That(jobId, Is.Not.Null);
        Assert.That(WaitFor(jobId!, 90), Is.EqualTo(SucceededState.StateName));

        using var csv = await client.GetAsync($"/opendata/{Dataset}/latest/data.csv");
        Assert.That(csv.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(csv.Content.Headers.ContentType!.ToString(), Is.EqualTo("text/csv; charset=utf-8"));
        Assert.That(await csv.Content.ReadAsByteArrayAsync(), Is.EqualTo(File.ReadAllBytes(repo.Export(Dataset))));

        using var health = JsonDocument.Parse(await client.GetStringAsync("/health"));
        var lastRun = health.RootElement.GetProperty("lastRun");
        Assert.That(lastRun.GetProperty("target").GetString(), Is.EqualTo("full-run"));
        Assert.That(lastRun.GetProperty("status").GetString(), Is.EqualTo("succeeded"));
        Assert.That(health.RootElement.GetProperty("warehouse").GetProperty("lastPublishedRun").GetString(), Is.EqualTo(lastRun.GetProperty("runId").GetString()));
    }

    [Test]
    public async Task Trigger_WithoutTheAntiforgeryToken_IsRefusedAndNothingRuns()
    {
        using var client = Client();
        Assert.That(await Trigger(client, "source:dortmund_unemployment", withToken: false), Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(LastJobId("source:dortmund_unemployment"), Is.Null);
    }

    [Test]
    public async Task Dashboard_RemoteWithoutCredentials_IsRefusedWith401AndABasicChallenge()
    {
        using var client = Client(forwardedFor: Remote);
        using var response = await client.GetAsync("/hangfire/recurring");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.WwwAuthenticate.Single().Scheme, Is.EqualTo("Basic"));
        using var local = await Client().GetAsync("/hangfire/recurring");
        Assert.That(local.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the same request without the proxy header is local");
    }

    [Test]
    public async Task Dashboard_RemoteWithAWrongPassword_IsRefused()
    {
        using var client = Client("otto", "guessed", Remote);
        using var response = await client.GetAsync("/hangfire/recurring");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        using var unknown = await Client("mallory", "operator secret", Remote).GetAsync("/hangfire/recurring");
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Dashboard_RemoteViewer_SeesTheJobsButCannotTrigger()
    {
        using var client = Client("vera", "viewer secret", Remote);
        var page = await client.GetStringAsync("/hangfire/recurring");
        Assert.That(page, Does.Contain("source:ba_training_market"));
        Assert.That(page, Does.Not.Contain("data-url=\"/hangfire/recurring/trigger\""), "no Trigger now button for a viewer");

        var status = await Trigger(client, "source:ba_training_market");

        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(LastJobId("source:ba_training_market"), Is.Null, "nothing was enqueued");
    }

    [Test]
    public async Task Dashboard_RemoteOperator_CanTrigger()
    {
        using var client = Client("otto", "operator secret", Remote);
        Assert.That(await Trigger(client, "publish"), Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(LastJobId("publish"), Is.Not.Null);
    }

    [Test]
    public async Task Health_Running_ReportsJobStorageAsJson()
    {
        using var response = await Client(forwardedFor: Remote).GetAsync("/health");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(health.RootElement.GetProperty("status").GetString(), Is.EqualTo("ok"));
        var jobs = health.RootElement.GetProperty("jobStorage");
        Assert.That(jobs.GetProperty("status").GetString(), Is.EqualTo("ok"));
        Assert.That(jobs.GetProperty("servers").GetInt64(), Is.EqualTo(1));
        Assert.That(jobs.GetProperty("recurring").GetInt64(), Is.EqualTo(Directory.GetFiles(Path.Combine(repo.Root, "pipelines"), "*.yaml").Length + 2));
    }

    [Test]
    public async Task OpenData_ConditionalGet_304UntilTheFileChanges()
    {
        var file = Path.Combine(repo.Data, "exports", "etag-test", "latest", "data.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "jahr,anzahl\r\n2024,1\r\n");
        File.SetLastWriteTimeUtc(file, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        using var client = Client(forwardedFor: Remote);

        using var first = await client.GetAsync("/opendata/etag-test/latest/data.csv");
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var etag = first.Headers.ETag!;
        Assert.That(first.Content.Headers.LastModified, Is.EqualTo(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        using var again = new HttpRequestMessage(HttpMethod.Get, "/opendata/etag-test/latest/data.csv");
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await client.SendAsync(again);
        Assert.That(notModified.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));

        File.WriteAllText(file, "jahr,anzahl\r\n2024,1\r\n2025,2\r\n");
        File.SetLastWriteTimeUtc(file, new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc));
        using var changedRequest = new HttpRequestMessage(HttpMethod.Get, "/opendata/etag-test/latest/data.csv");
        changedRequest.Headers.IfNoneMatch.Add(etag);
        using var changed = await client.SendAsync(changedRequest);
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(changed.Headers.ETag, Is.Not.EqualTo(etag));
        Assert.That(await changed.Content.ReadAsStringAsync(), Does.EndWith("2025,2\r\n"));
    }

    [Test]
    public async Task OpenData_ContentTypes_AreExplicitAndOtherFilesAreNotServed()
    {
        var exports = Path.Combine(repo.Data, "exports");
        File.WriteAllText(Path.Combine(exports, "catalog.jsonld"), "{}");
        File.WriteAllText(Path.Combine(exports, "notes.sqlite"), "x");
        using var client = Client(forwardedFor: Remote);

        using var catalog = await client.GetAsync("/opendata/catalog.jsonld");
        Assert.That(catalog.Content.Headers.ContentType!.ToString(), Is.EqualTo("application/ld+json; charset=utf-8"));
        // A format registered in PublishedFormats is served as its class describes it (the places' GeoJSON).
        File.WriteAllText(Path.Combine(exports, "places.geojson"), "{}");
        using var geojson = await client.GetAsync("/opendata/places.geojson");
        Assert.That(geojson.Content.Headers.ContentType?.ToString(), Is.EqualTo("application/geo+json; charset=utf-8"));
        using var unknown = await client.GetAsync("/opendata/notes.sqlite");
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Directory.CreateDirectory(Path.Combine(repo.Data, "warehouse"));
        File.WriteAllText(Path.Combine(repo.Data, "warehouse", "private.csv"), "not published");
        using var outside = await client.GetAsync("/opendata/..%2Fwarehouse%2Fprivate.csv");
        Assert.That(outside.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
