using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TalentData.Cli.Atlas;
using TalentData.Cli.Serve;
using TalentData.Project;
using TalentData.Publishing;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Atlas;

/// <summary>
/// The atlas and /opendata answered from the per-release cache, in the real `serve` host on 127.0.0.1 over a copy of
/// the sample publication: ETags and 304, Brotli and gzip, HEAD, the favicon, and the switch to a new release. The tests
/// run one at a time (ParallelScope.Self); a test that publishes a new release publishes the old content again after it.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class AtlasCachingTests
{
    const string Values = "talentindikatoren-bezirke";
    ServeHost host = null!;
    RepoCopy repo => host.Repo;
    WebApplication app => host.App;
    HttpClient http = null!;
    int releases;

    [OneTimeSetUp]
    public async Task Start()
    {
        host = await ServeHost.StartAsync();
        // No automatic decompression: the tests see the bytes as they travel.
        http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(app.Urls.First()),
        };
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        http?.Dispose();
        if (host is not null) await host.DisposeAsync();
    }

    async Task<HttpResponseMessage> Send(string path, HttpMethod? method = null, string? acceptEncoding = null, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        if (acceptEncoding is not null) request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return await http.SendAsync(request);
    }

    static string? ETag(HttpResponseMessage response) => response.Headers.ETag?.ToString();

    /// <summary>Waits until <paramref name="condition"/> holds, failing with <paramref name="what"/> after 60 s.</summary>
    static async Task Until(Func<bool> condition, string what)
    {
        var wait = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (wait.Elapsed > TimeSpan.FromSeconds(60))
                Assert.Fail($"not within 60 s: {what}");
            await Task.Delay(5);
        }
    }

    /// <summary>Publishes a new release of the values dataset: the current files, with one district renamed in data.csv.</summary>
    string PublishRenamedDistrict(string from, string to)
    {
        var store = new ReleaseStore(Path.Combine(repo.Data, "exports"));
        var current = store.Current(Values)!.Value.Directory;
        var files = Directory.GetFiles(current).ToDictionary(f => Path.GetFileName(f), f => File.ReadAllBytes(f));
        var csv = Encoding.UTF8.GetString(files["data.csv"]);
        Assert.That(csv, Does.Contain($",{from},"), "the district to rename is in the published values");
        files["data.csv"] = Encoding.UTF8.GetBytes(csv.Replace($",{from},", $",{to},", StringComparison.Ordinal));
        var release = $"2099-01-{++releases:00}";
        store.Publish(Values, release, files);
        return release;
    }

    [TestCase("/")]
    [TestCase("/bezirke/?lang=en")]
    [TestCase("/assets/atlas.css")]
    [TestCase("/opendata/catalog.jsonld")]
    [TestCase("/opendata/talentindikatoren-bezirke/latest/data.csv")]
    public async Task Get_WithTheETagItWasGiven_Answers304WithoutBody(string path)
    {
        using var first = await Send(path, acceptEncoding: "gzip");
        var etag = ETag(first);
        Assert.That(etag, Does.Match("^\"[0-9a-f]{32}-gz\"$"), "a strong ETag of the gzip representation");
        using var again = await Send(path, acceptEncoding: "gzip", ifNoneMatch: etag);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
            Assert.That(await again.Content.ReadAsByteArrayAsync(), Is.Empty);
            Assert.That(ETag(again), Is.EqualTo(etag));
            Assert.That(again.Headers.Vary, Does.Contain("Accept-Encoding"));
            Assert.That(again.Headers.CacheControl?.ToString(), Is.EqualTo(first.Headers.CacheControl?.ToString()));
        }
        // The same content in another encoding is not modified either: all representations carry the same bytes.
        using var otherEncoding = await Send(path, acceptEncoding: "br", ifNoneMatch: etag);
        Assert.That(otherEncoding.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        Assert.That(ETag(otherEncoding), Is.EqualTo(etag!.Replace("-gz", "-br")));
    }

    [TestCase("\"0123456789abcdef0123456789abcdef\"", HttpStatusCode.OK)]
    [TestCase("not-a-quoted-tag", HttpStatusCode.OK)]
    [TestCase("\"", HttpStatusCode.OK)]
    [TestCase(",,,", HttpStatusCode.OK)]
    [TestCase("*", HttpStatusCode.NotModified)]
    public async Task Get_WithAnIfNoneMatchThatMatchesNothing_AnswersTheFullPage(string ifNoneMatch, HttpStatusCode expected)
    {
        using var plain = await Send("/");
        var body = await plain.Content.ReadAsByteArrayAsync();
        using var response = await Send("/", ifNoneMatch: ifNoneMatch);
        Assert.That(response.StatusCode, Is.EqualTo(expected));
        Assert.That(await response.Content.ReadAsByteArrayAsync(), expected == HttpStatusCode.OK ? Is.EqualTo(body) : Is.Empty);
    }

    [Test]
    public async Task Get_WithAWeakFormOrAListHoldingTheETag_Answers304()
    {
        using var first = await Send("/methodik");
        var etag = ETag(first)!;
        using var weak = await Send("/methodik", ifNoneMatch: "W/" + etag);
        using var list = await Send("/methodik", ifNoneMatch: $"\"other\", {etag}");
        Assert.That(weak.StatusCode, Is.EqualTo(HttpStatusCode.NotModified), "If-None-Match compares weakly (RFC 9110 §13.1.2)");
        Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
    }

    [Test]
    public async Task IfModifiedSince_IsHonouredOnlyWithoutIfNoneMatch()
    {
        using var first = await Send("/opendata/catalog.jsonld");
        var modified = first.Content.Headers.LastModified!.Value;
        async Task<HttpStatusCode> Status(DateTimeOffset since, string? ifNoneMatch = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/opendata/catalog.jsonld");
            request.Headers.IfModifiedSince = since;
            if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await Status(modified), Is.EqualTo(HttpStatusCode.NotModified));
            Assert.That(await Status(modified.AddSeconds(-1)), Is.EqualTo(HttpStatusCode.OK), "changed since then");
            Assert.That(await Status(modified, "\"someone-elses\""), Is.EqualTo(HttpStatusCode.OK), "If-None-Match wins over If-Modified-Since");
        }
    }

    [Test]
    public async Task RangeRequest_OnAnExport_GetsThePartItAskedFor()
    {
        var whole = await http.GetByteArrayAsync("/opendata/talentindikatoren-bezirke/latest/data.csv");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/opendata/talentindikatoren-bezirke/latest/data.csv");
        request.Headers.Range = new RangeHeaderValue(100, 199);
        using var response = await http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(whole[100..200]));
    }

    [TestCase("/")]
    [TestCase("/indikatoren/school_leavers_total?lang=en")]
    [TestCase("/assets/atlas.css")]
    [TestCase("/opendata/catalog.jsonld")]
    [TestCase("/opendata/talentindikatoren-bezirke/latest/data.csv")]
    public async Task GzipAndBrotli_DecompressToTheIdenticalBytes(string path)
    {
        using var plain = await Send(path);
        using var gzip = await Send(path, acceptEncoding: "gzip");
        using var brotli = await Send(path, acceptEncoding: "gzip, deflate, br");
        var body = await plain.Content.ReadAsByteArrayAsync();
        var gzipped = await gzip.Content.ReadAsByteArrayAsync();
        var brotlied = await brotli.Content.ReadAsByteArrayAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(plain.Content.Headers.ContentEncoding, Is.Empty);
            Assert.That(gzip.Content.Headers.ContentEncoding.ToString(), Is.EqualTo("gzip"));
            Assert.That(brotli.Content.Headers.ContentEncoding.ToString(), Is.EqualTo("br"), "Brotli is preferred when both are accepted");
            Assert.That(Decompress(new GZipStream(new MemoryStream(gzipped), CompressionMode.Decompress)), Is.EqualTo(body));
            Assert.That(Decompress(new BrotliStream(new MemoryStream(brotlied), CompressionMode.Decompress)), Is.EqualTo(body));
            Assert.That(brotlied, Has.Length.LessThan(body.Length / 2), "text compresses to well under half");
            Assert.That(gzip.Content.Headers.ContentLength, Is.EqualTo(gzipped.Length));
            Assert.That(new[] { ETag(plain), ETag(gzip), ETag(brotli) }, Is.Unique, "each representation has its own strong ETag");
            Assert.That(gzip.Content.Headers.ContentType?.ToString(), Is.EqualTo(plain.Content.Headers.ContentType?.ToString()));
        }
    }

    [Test]
    public async Task TinyBody_IsSentAsItIs_EvenWhenCompressionIsAccepted()
    {
        using var script = await Send("/assets/atlas.js", acceptEncoding: "br, gzip");
        Assert.That(script.Content.Headers.ContentEncoding, Is.Empty, "249 bytes would save less than the headers cost");
        Assert.That(await script.Content.ReadAsByteArrayAsync(),
            Is.EqualTo(File.ReadAllBytes(Path.Combine(RepoPaths.Root, "src", "TalentData.Cli", "Atlas", "Assets", "atlas.js"))));
    }

    static byte[] Decompress(Stream stream)
    {
        using var output = new MemoryStream();
        using (stream) stream.CopyTo(output);
        return output.ToArray();
    }

    [TestCase("compress, x-unknown", null)]
    [TestCase("identity", null)]
    [TestCase("br;q=0, gzip", "gzip")]
    [TestCase("gzip;q=0.5, br;q=0.4", "gzip")]
    [TestCase("*", "br")]
    [TestCase("*;q=0", null)]
    [TestCase("br;q=banana", "br")]
    [TestCase("GZIP", "gzip")]
    public async Task AcceptEncoding_IsNegotiated_AndUnknownCodingsGetThePlainBody(string acceptEncoding, string? expected)
    {
        using var plain = await Send("/downloads");
        var body = await plain.Content.ReadAsByteArrayAsync();
        using var response = await Send("/downloads", acceptEncoding: acceptEncoding);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentEncoding.SingleOrDefault(), Is.EqualTo(expected));
        if (expected is null)
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(body));
    }

    [TestCase("/")]
    [TestCase("/indikatoren/school_leavers_total")]
    [TestCase("/indikatoren/no_such_indicator")]
    [TestCase("/bezirke/")]
    [TestCase("/bezirke/10")]
    [TestCase("/methodik")]
    [TestCase("/downloads")]
    [TestCase("/assets/atlas.css")]
    [TestCase("/assets/favicon.svg")]
    [TestCase("/health")]
    [TestCase("/opendata/catalog.jsonld")]
    [TestCase("/opendata/talentindikatoren-bezirke/latest/data.parquet")]
    public async Task Head_AnswersTheHeadersOfGet_WithoutBody(string path)
    {
        using var get = await Send(path, acceptEncoding: "br");
        using var head = await Send(path, HttpMethod.Head, acceptEncoding: "br");
        var body = await get.Content.ReadAsByteArrayAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(head.StatusCode, Is.EqualTo(get.StatusCode));
            Assert.That(await head.Content.ReadAsByteArrayAsync(), Is.Empty);
            Assert.That(head.Content.Headers.ContentType?.ToString(), Is.EqualTo(get.Content.Headers.ContentType?.ToString()));
            Assert.That(head.Content.Headers.ContentEncoding, Is.EqualTo(get.Content.Headers.ContentEncoding));
            Assert.That(ETag(head), Is.EqualTo(ETag(get)));
            // HttpClient computes a length for a body without the header, so ask whether the header was sent.
            if (get.Content.Headers.NonValidated.Contains("Content-Length"))
                Assert.That(head.Content.Headers.NonValidated["Content-Length"].ToString(), Is.EqualTo(body.Length.ToString()), "HEAD gives the length GET sends");
            Assert.That(head.Headers.GetValues("Content-Security-Policy"), Is.EqualTo(get.Headers.GetValues("Content-Security-Policy")), "the security headers stay");
        }
    }

    [Test]
    public void EveryGetRoute_AlsoAnswersHead()
    {
        var routes = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Select(e => (Route: e.RoutePattern.RawText, Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []))
            .Where(e => e.Methods.Contains(HttpMethods.Get)).ToList();
        Assert.That(routes.Select(r => r.Route), Does.Contain("/").And.Contain("/health").And.Contain("/favicon.ico"));
        Assert.That(routes.Where(r => !r.Methods.Contains(HttpMethods.Head)).Select(r => r.Route), Is.Empty);
    }

    [Test]
    public async Task Favicon_IsLinkedByEveryPage_AndServedAsSvgForAYear()
    {
        var page = await (await Send("/?lang=en")).Content.ReadAsStringAsync();
        var link = System.Text.RegularExpressions.Regex.Match(page, "<link rel=\"icon\" type=\"[^\"]+\" href=\"([^\"]+)\"").Groups[1].Value;
        Assert.That(link, Does.Match("^/assets/favicon.svg\\?v=[0-9a-f]{12}$"));
        using var icon = await Send(link);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(icon.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(icon.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/svg+xml"));
            Assert.That(await icon.Content.ReadAsByteArrayAsync(),
                Is.EqualTo(File.ReadAllBytes(Path.Combine(RepoPaths.Root, "src", "TalentData.Cli", "Atlas", "Assets", "favicon.svg"))));
            Assert.That(icon.Headers.CacheControl?.ToString(), Is.EqualTo("public, max-age=31536000, immutable"), "the versioned address never changes");
        }
        using var unversioned = await Send("/assets/favicon.svg");
        Assert.That(unversioned.Headers.CacheControl?.NoCache, Is.True, "without the version the address may change, so it is revalidated");
        using var ico = await Send("/favicon.ico");
        Assert.That(ico.StatusCode, Is.EqualTo(HttpStatusCode.MovedPermanently));
        Assert.That(ico.Headers.Location?.ToString(), Is.EqualTo(link));
    }

    [TestCase("/", "de")]
    [TestCase("/bezirke/?lang=en", "en")]
    [TestCase("/indikatoren/school_leavers_total", "de")]
    public async Task Page_HasAMetaDescriptionNamingItsSubject(string path, string lang)
    {
        var page = await (await Send(path)).Content.ReadAsStringAsync();
        var title = System.Text.RegularExpressions.Regex.Match(page, "<title>([^<–]+) –").Groups[1].Value.Trim();
        var description = System.Text.RegularExpressions.Regex.Match(page, "<meta name=\"description\" content=\"([^\"]+)\"").Groups[1].Value;
        Assert.That(description, Does.StartWith(title + ":").And.Contain("Dortmund"));
        Assert.That(description, lang == "en" ? Does.Contain("districts") : Does.Contain("Bezirken"));
    }

    [Test]
    public async Task CacheControl_SuitsEachKind()
    {
        using var page = await Send("/");
        using var latest = await Send("/opendata/talentindikatoren-bezirke/latest/data.csv");
        var release = new ReleaseStore(Path.Combine(repo.Data, "exports")).Current(Values)!.Value.Release;
        using var dated = await Send($"/opendata/talentindikatoren-bezirke/{release}/data.csv");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.Headers.CacheControl?.MaxAge, Is.EqualTo(TimeSpan.FromSeconds(60)));
            Assert.That(page.Headers.CacheControl?.MustRevalidate, Is.True);
            Assert.That(page.Content.Headers.LastModified, Is.Not.Null);
            Assert.That(latest.Headers.CacheControl?.NoCache, Is.True, "latest/ switches to the next release under the same address");
            Assert.That(latest.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { "*" }));
            Assert.That(dated.Headers.CacheControl?.ToString(), Is.EqualTo("public, max-age=31536000, immutable"), "a release folder never changes");
            Assert.That(await dated.Content.ReadAsByteArrayAsync(), Is.EqualTo(await latest.Content.ReadAsByteArrayAsync()));
        }
    }

    [Test]
    public async Task NewRelease_TheNextResponseIsTheNewContent_WithANewETag()
    {
        using var before = await Send("/bezirke/");
        var oldTag = ETag(before);
        var oldPage = await before.Content.ReadAsStringAsync();
        Assert.That(oldPage, Does.Contain("Innenstadt-West"));
        using var oldCsv = await Send("/opendata/talentindikatoren-bezirke/latest/data.csv", acceptEncoding: "br");

        PublishRenamedDistrict("Innenstadt-West", "Westliche Innenstadt");

        using var after = await Send("/bezirke/", ifNoneMatch: oldTag);
        var page = await after.Content.ReadAsStringAsync();
        using var csv = await Send("/opendata/talentindikatoren-bezirke/latest/data.csv", acceptEncoding: "br", ifNoneMatch: ETag(oldCsv));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the old ETag no longer matches");
            Assert.That(ETag(after), Is.Not.EqualTo(oldTag));
            Assert.That(page, Does.Contain("Westliche Innenstadt").And.Not.Contain("Innenstadt-West"));
            Assert.That(csv.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Decompress(new BrotliStream(await csv.Content.ReadAsStreamAsync(), CompressionMode.Decompress)),
                Is.EqualTo(File.ReadAllBytes(Path.Combine(repo.Data, "exports", Values, "latest", "data.csv"))));
        }
        PublishRenamedDistrict("Westliche Innenstadt", "Innenstadt-West");
    }

    [Test]
    public async Task NewRelease_WhileRequestsRun_EveryResponseIsWhollyTheOldOrWhollyTheNewPage()
    {
        var oldPage = await http.GetByteArrayAsync("/bezirke/");
        using var stop = new CancellationTokenSource();
        var seen = new System.Collections.Concurrent.ConcurrentBag<(string? ETag, byte[] Body)>();
        var load = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await Send("/bezirke/");
                seen.Add((ETag(response), await response.Content.ReadAsByteArrayAsync()));
            }
        })).ToList();
        try
        {
            // The switch happens while the eight clients keep asking: after they have been answered with the old page a
            // few times, and they go on until the new page has been answered a few times (not for a fixed time, which a
            // busy machine may fill with no answer at all).
            await Until(() => seen.Count >= 16, "the clients were answered before the new release");
            PublishRenamedDistrict("Innenstadt-West", "Westliche Innenstadt");
            await Until(() => seen.Count(s => !s.Body.AsSpan().SequenceEqual(oldPage)) >= 16, "the clients were answered with the new release");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(load);
        }
        var newPage = await http.GetByteArrayAsync("/bezirke/");
        PublishRenamedDistrict("Westliche Innenstadt", "Innenstadt-West");

        Assert.That(newPage, Is.Not.EqualTo(oldPage));
        var tags = seen.GroupBy(s => s.ETag).ToDictionary(g => g.Key ?? "", g => g.Select(s => s.Body).ToList());
        Assert.That(tags, Has.Count.EqualTo(2), "one ETag per release");
        foreach (var (tag, bodies) in tags)
            Assert.That(bodies, Has.All.EqualTo(oldPage).Or.All.EqualTo(newPage), $"every body under {tag} is one whole page");
        Assert.That(seen.Select(s => s.Body), Has.Some.EqualTo(oldPage).And.Some.EqualTo(newPage));
    }

    [Test]
    public async Task NewRelease_WhileARunsCommitIsUnderWay_ThePreviousReleaseIsServedUntilItEnds()
    {
        var record = new DataLayout(repo.Data).CommitPath;
        File.WriteAllText(record, "{}");
        try
        {
            var before = await http.GetStringAsync("/bezirke/");
            PublishRenamedDistrict("Innenstadt-West", "Westliche Innenstadt");
            var during = await http.GetStringAsync("/bezirke/");
            Assert.That(during, Is.EqualTo(before), "the other datasets of the run may not have switched yet");
        }
        finally
        {
            File.Delete(record);
        }
        var after = await http.GetStringAsync("/bezirke/");
        PublishRenamedDistrict("Westliche Innenstadt", "Innenstadt-West");
        Assert.That(after, Does.Contain("Westliche Innenstadt"));
    }
}

/// <summary>The cache's bounds and the encoding choice, without a server.</summary>
public class ReleaseCacheTests
{
    [Test]
    public void GetOrMake_BeyondTheEntryBound_MakesTheResponseForThisRequestOnly()
    {
        using var dir = new TempDir();
        var cache = new ReleaseCache(dir.Path, Path.Combine(dir.Path, "indicators.csv"), Path.Combine(dir.Path, "commit.json"), TimeProvider.System,
            maxEntries: 2);
        var release = cache.Current();
        var made = new List<(string Key, bool Fast)>();
        CachedResponse Make(string key, bool fast)
        {
            made.Add((key, fast));
            return new CachedResponse(Encoding.UTF8.GetBytes(new string('a', 1000) + key), "text/plain", CachedResponse.Revalidate);
        }
        foreach (var key in new[] { "a", "b", "c", "a", "c" })
            release.GetOrMake(key, fast => Make(key, fast));
        Assert.That(made, Is.EqualTo(new[] { ("a", false), ("b", false), ("c", true), ("c", true) }), "a and b are kept; c, beyond the bound, is made each time, quickly");
        Assert.That(release.Entries, Is.EqualTo(2));
        Assert.That(release.Bytes, Is.LessThan(2 * 1100 * 3), "two responses in three encodings at most");
        Assert.That(cache.Current(), Is.SameAs(release), "nothing changed on disk, so the release stays");
    }

    [Test]
    public void GetOrMake_BeyondTheByteBound_KeepsNothingMore()
    {
        using var dir = new TempDir();
        var cache = new ReleaseCache(dir.Path, Path.Combine(dir.Path, "indicators.csv"), Path.Combine(dir.Path, "commit.json"), TimeProvider.System,
            maxBytes: 10_000);
        var release = cache.Current();
        for (var i = 0; i < 20; i++)
            release.GetOrMake($"page{i}", _ => new CachedResponse(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4000), "application/octet-stream", CachedResponse.Revalidate, compress: false));
        Assert.That(release.Bytes, Is.LessThanOrEqualTo(10_000 + 4000), "the bound, overrun by at most the one response that crossed it");
        Assert.That(release.Entries, Is.EqualTo(3));
    }

    [Test]
    public void GetOrMake_WhenMakingFails_NothingIsKeptAndTheNextRequestTriesAgain()
    {
        using var dir = new TempDir();
        var release = new ReleaseCache(dir.Path, Path.Combine(dir.Path, "indicators.csv"), Path.Combine(dir.Path, "commit.json"), TimeProvider.System).Current();
        Assert.Throws<InvalidOperationException>(() => release.GetOrMake("page", _ => throw new InvalidOperationException("render failed")));
        var made = release.GetOrMake("page", _ => new CachedResponse([1, 2, 3], "application/octet-stream", CachedResponse.Revalidate));
        Assert.That(made.Size, Is.EqualTo(3));
    }

    [Test]
    public void Current_AfterTheIndicatorCatalogueChanges_IsANewRelease()
    {
        using var dir = new TempDir();
        var catalogue = Path.Combine(dir.Path, "indicators.csv");
        var cache = new ReleaseCache(dir.Path, catalogue, Path.Combine(dir.Path, "commit.json"), TimeProvider.System);
        var first = cache.Current();
        File.WriteAllText(catalogue, "indicator_id,theme,title_de,title_en,description_de,unit,decimals,source_ids,periodicity,reference_date,licence,methodology_de\n");
        Assert.That(cache.Current(), Is.Not.SameAs(first));
    }

    [TestCase(null, null)]
    [TestCase("", null)]
    [TestCase("deflate", null)]
    [TestCase("gzip, br", "br")]
    [TestCase("br;q=0.1, gzip;q=0.9", "gzip")]
    [TestCase("br; q=0 , *", "gzip")]
    [TestCase("x-gzip", "gzip")]
    [TestCase("*;q=0.5, br;q=0", "gzip")]
    [TestCase("identity;q=1, *;q=0", null)]
    public void Negotiate_PicksTheSmallestAcceptedCoding(string? header, string? expected) =>
        Assert.That(CachedResponse.Negotiate(header), Is.EqualTo(expected));
}
