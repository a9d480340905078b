using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using TalentData.Fetching;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Fetching;

/// <summary>Each fault of the publisher stand-in against the real HttpClient + Polly fetcher.</summary>
public class HttpFetcherTests
{
    static readonly byte[] Csv = Encoding.UTF8.GetBytes(
        "jahr;bezirk;anzahl\n" + string.Concat(Enumerable.Range(0, 2000).Select(i => $"2024;{i % 62:000};{i}\n")));

    static FetchSettings Fast => new()
    {
        // Generous enough that a normal response on a busy CI machine is never cut; the slow faults take 3 s.
        AttemptTimeout = TimeSpan.FromSeconds(1),
        Deadline = TimeSpan.FromSeconds(20),
        MaxRetryAttempts = 3,
        RetryDelay = TimeSpan.FromMilliseconds(5),
        MaxRetryDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryAfter = TimeSpan.FromSeconds(5),
        CircuitMinimumThroughput = 1000,
    };

    PublisherStandIn publisher = null!;
    TempDir temp = null!;

    [SetUp]
    public async Task StartPublisher()
    {
        publisher = await PublisherStandIn.StartAsync();
        publisher.SlowDelay = TimeSpan.FromSeconds(3);
        publisher.Serve("data.csv", Csv);
        temp = new TempDir();
    }

    [TearDown]
    public async Task StopPublisher()
    {
        await publisher.DisposeAsync();
        temp.Dispose();
    }

    Task<FetchResult> Fetch(FetchSettings? settings = null, FetchConditions? previous = null, long? maxBytes = null, List<string>? log = null, CancellationToken cancel = default)
    {
        var fetcher = new HttpFetcher(settings ?? Fast);
        return Fetch(fetcher, previous, maxBytes, log, cancel);
    }

    Task<FetchResult> Fetch(HttpFetcher fetcher, FetchConditions? previous = null, long? maxBytes = null, List<string>? log = null, CancellationToken cancel = default) =>
        fetcher.FetchAsync("test_source", publisher.Url("data.csv"), temp.Path, ".csv", previous, maxBytes, m => log?.Add(m), cancel);

    void AssertComplete(FetchResult result)
    {
        Assert.That(result.NotModified, Is.False);
        Assert.That(File.ReadAllBytes(result.TempPath!), Is.EqualTo(Csv));
        Assert.That(result.Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(Csv))));
        Assert.That(result.Bytes, Is.EqualTo(Csv.Length));
    }

    string[] LeftoverDownloads() => Directory.GetFiles(temp.Path, ".download-*");

    [Test]
    public async Task FetchAsync_ServerErrorThenSuccess_RetriesAndReturnsTheCompleteFile()
    {
        publisher.Faults.Enqueue(Fault.ServerError);
        var log = new List<string>();
        var result = await Fetch(log: log);
        AssertComplete(result);
        Assert.That(publisher.RequestCount, Is.EqualTo(2));
        Assert.That(result.Attempts, Is.EqualTo(2));
        Assert.That(log, Has.Some.Contains("attempt 1 failed (HTTP 500"));
    }

    [Test]
    public async Task FetchAsync_TooManyRequestsWithRetryAfter_WaitsAsLongAsThePublisherAsks()
    {
        publisher.Faults.Enqueue(Fault.TooManyRequests);
        publisher.RetryAfterSeconds = 1;
        var watch = Stopwatch.StartNew();
        var result = await Fetch(Fast with { RetryDelay = TimeSpan.FromMilliseconds(1) });
        AssertComplete(result);
        Assert.That(publisher.RequestCount, Is.EqualTo(2));
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(950)), "Retry-After: 1 must win over the 1 ms back-off");
    }

    [Test]
    public async Task FetchAsync_RetryAfterLongerThanARunWaits_FailsAtOnce()
    {
        publisher.Faults.Enqueue(Fault.TooManyRequests);
        publisher.RetryAfterSeconds = 3600;
        var ex = await Assert.ThrowsAsync<PipelineException>(() => Fetch());
        Assert.That(ex!.Message, Does.Contain("429").And.Contain("3600 s"));
        Assert.That(publisher.RequestCount, Is.EqualTo(1));
    }

    [Test]
    public async Task FetchAsync_SlowHeaders_AttemptTimesOutAndTheRetrySucceeds()
    {
        publisher.Faults.Enqueue(Fault.SlowHeaders);
        var log = new List<string>();
        var result = await Fetch(log: log);
        AssertComplete(result);
        Assert.That(publisher.RequestCount, Is.EqualTo(2));
        Assert.That(log, Has.Some.Contains("no complete response within 1 s"));
    }

    [Test]
    public async Task FetchAsync_SlowBody_AttemptTimeoutCoversTheBodyAndTheRetrySucceeds()
    {
        publisher.Faults.Enqueue(Fault.SlowBody);
        var result = await Fetch();
        AssertComplete(result);
        Assert.That(publisher.RequestCount, Is.EqualTo(2));
    }

    [Test]
    public async Task FetchAsync_TruncatedBody_RetriesAndNeverReturnsThePartialFile()
    {
        publisher.Faults.Enqueue(Fault.TruncatedBody);
        var log = new List<string>();
        var result = await Fetch(log: log);
        AssertComplete(result);
        Assert.That(publisher.RequestCount, Is.EqualTo(2));
        Assert.That(LeftoverDownloads(), Is.EqualTo(new[] { result.TempPath }));
    }

    [Test]
    public async Task FetchAsync_ConnectionReset_Retries()
    {
        publisher.Faults.Enqueue(Fault.ConnectionReset);
        var result = await Fetch();
        AssertComplete(result);
        Assert.That(publisher.RequestCount, Is.EqualTo(2));
    }

    [Test]
    public async Task FetchAsync_ServerErrorEveryTime_FailsAfterAllAttemptsNamingEachFailure()
    {
        for (var i = 0; i < 10; i++) publisher.Faults.Enqueue(Fault.ServerError);
        var ex = await Assert.ThrowsAsync<PipelineException>(() => Fetch());
        Assert.That(publisher.RequestCount, Is.EqualTo(4), "1 attempt + 3 retries");
        Assert.That(ex!.Stage, Is.EqualTo("fetch"));
        Assert.That(ex.Message, Does.Contain("failed after 4 attempts").And.Contain("HTTP 500").And.Contain("last good publication stays"));
        Assert.That(LeftoverDownloads(), Is.Empty);
    }

    [Test]
    public async Task FetchAsync_NotFound_FailsAtOnceAndSaysWhereToFixTheUrl()
    {
        publisher.Faults.Enqueue(Fault.NotFound);
        var ex = await Assert.ThrowsAsync<PipelineException>(() => Fetch());
        Assert.That(publisher.RequestCount, Is.EqualTo(1));
        Assert.That(ex!.Message, Does.Contain("HTTP 404").And.Contain("pipelines/test_source.yaml"));
    }

    [TestCase(Fault.HtmlErrorPage, "HTML page")]
    [TestCase(Fault.HtmlAsCsv, "HTML page")]
    [TestCase(Fault.JsonBody, "Content-Type application/json")]
    public async Task FetchAsync_NotACsvFile_FailsAtOnceWithoutLandingAnything(Fault fault, string expected)
    {
        publisher.Faults.Enqueue(fault);
        var ex = await Assert.ThrowsAsync<PipelineException>(() => Fetch());
        Assert.That(publisher.RequestCount, Is.EqualTo(1), "asking again does not turn an error page into data");
        Assert.That(ex!.Message, Does.Contain(expected).And.Contain("pipelines/test_source.yaml"));
        Assert.That(LeftoverDownloads(), Is.Empty);
    }

    [Test]
    public async Task FetchAsync_EndlessBody_StopsAtTheSizeLimit()
    {
        publisher.Faults.Enqueue(Fault.OversizedBody);
        var ex = await Assert.ThrowsAsync<PipelineException>(() => Fetch(maxBytes: 200_000));
        Assert.That(ex!.Message, Does.Contain("the limit is 200,000 bytes").And.Contain("max_download_mb"));
        Assert.That(publisher.RequestCount, Is.EqualTo(1));
        Assert.That(LeftoverDownloads(), Is.Empty);
    }

    [Test]
    public async Task FetchAsync_AnnouncedLengthOverTheLimit_IsRefusedBeforeReading()
    {
        var ex = await Assert.ThrowsAsync<PipelineException>(() => Fetch(maxBytes: Csv.Length - 1));
        Assert.That(ex!.Message, Does.Contain($"announces {Csv.Length:N0} bytes"));
    }

    [Test]
    public async Task FetchAsync_SameETag_PublisherAnswers304AndNothingIsDownloaded()
    {
        var first = await Fetch();
        var second = await Fetch(previous: new FetchConditions(first.ETag, first.LastModified));
        Assert.That(first.ETag, Is.EqualTo("\"v1\""));
        Assert.That(second.NotModified, Is.True);
        Assert.That(second.TempPath, Is.Null);
        Assert.That(publisher.Requests.Last().IfNoneMatch, Is.EqualTo("\"v1\""));
        Assert.That(LeftoverDownloads(), Is.EqualTo(new[] { first.TempPath }));
    }

    [Test]
    public async Task FetchAsync_OnlyLastModified_SendsIfModifiedSinceAndGets304()
    {
        publisher.ETag = null;
        var first = await Fetch();
        var second = await Fetch(previous: new FetchConditions(first.ETag, first.LastModified));
        Assert.That(first.LastModified, Is.EqualTo("Sun, 01 Nov 2026 06:00:00 GMT"));
        Assert.That(second.NotModified, Is.True);
        Assert.That(publisher.Requests.Last().IfModifiedSince, Is.EqualTo("Sun, 01 Nov 2026 06:00:00 GMT"));
    }

    [Test]
    public async Task FetchAsync_DownloadSlowerThanTheDeadline_FailsNamingTheDeadline()
    {
        for (var i = 0; i < 10; i++) publisher.Faults.Enqueue(Fault.SlowBody);
        var settings = Fast with { AttemptTimeout = TimeSpan.FromSeconds(10), Deadline = TimeSpan.FromMilliseconds(400) };
        var watch = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<PipelineException>(() => Fetch(settings));
        Assert.That(ex!.Message, Does.Contain("did not finish within the download deadline of 0.4 s"));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)));
        Assert.That(LeftoverDownloads(), Is.Empty);
    }

    [Test]
    public async Task FetchAsync_PublisherKeepsFailing_CircuitOpensAndTheNextDownloadDoesNotCallIt()
    {
        for (var i = 0; i < 10; i++) publisher.Faults.Enqueue(Fault.ServerError);
        using var fetcher = new HttpFetcher(Fast with { MaxRetryAttempts = 2, CircuitMinimumThroughput = 3, CircuitFailureRatio = 1.0 });
        await Assert.ThrowsAsync<PipelineException>(() => Fetch(fetcher));
        Assert.That(publisher.RequestCount, Is.EqualTo(3));
        var ex = await Assert.ThrowsAsync<PipelineException>(() => Fetch(fetcher));
        Assert.That(ex!.Message, Does.Contain("not attempted").And.Contain(publisher.BaseUrl.Authority));
        Assert.That(publisher.RequestCount, Is.EqualTo(3), "the open circuit keeps the publisher alone");

    }

    [Test]
    public async Task FetchAsync_CancelledMidDownload_ThrowsCancellationAndLeavesNoFile()
    {
        publisher.Faults.Enqueue(Fault.SlowBody);
        using var cancel = new CancellationTokenSource();
        var fetch = Fetch(Fast with { AttemptTimeout = TimeSpan.FromSeconds(10) }, cancel: cancel.Token);
        // Cancelled once the publisher has the request, not after a fixed time: on a loaded machine a timer can fire first.
        for (var waited = 0; publisher.RequestCount == 0 && waited < 30_000; waited += 10)
            await Task.Delay(10);
        await Task.Delay(100);
        await cancel.CancelAsync();
        await Assert.CatchAsync<OperationCanceledException>(() => fetch);
        Assert.That(publisher.RequestCount, Is.EqualTo(1), "a cancelled download is not retried");
        Assert.That(LeftoverDownloads(), Is.Empty);
    }
}
