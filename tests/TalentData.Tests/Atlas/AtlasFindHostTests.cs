using System.Net;
using Microsoft.AspNetCore.Builder;
using TalentData.Cli.Atlas;
using TalentData.Cli.Serve;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Atlas;

/// <summary>Search and compare in the real `serve` host over a copy of the sample publication: redirects, status codes, caching.</summary>
[Parallelizable(ParallelScope.Self)]
public class AtlasFindHostTests
{
    ServeHost host = null!;
    WebApplication app => host.App;
    HttpClient http = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        host = await ServeHost.StartAsync();
        http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.Urls.First()) };
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        http?.Dispose();
        if (host is not null) await host.DisposeAsync();
    }

    [TestCase("/suche?q=nordstadt", "/bezirke/20")]
    [TestCase("/suche?q=Kreuzviertel&lang=en", "/bezirke/010?ebene=statistischer_bezirk&lang=en")]
    [TestCase("/suche?q=Brechten", "/bezirke/110?ebene=statistischer_bezirk")]
    [TestCase("/suche?q=arbeitslosendichte", "/indikatoren/unemployment_density")]
    public async Task Search_OneExactName_RedirectsWithSeeOther(string path, string location)
    {
        using var response = await http.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo(location));
        using var target = await http.GetAsync(location);
        Assert.That(target.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the redirect leads to a page");
    }

    [Test]
    public async Task Search_SeveralMatches_IsAListFromTheCache_WithAnETag()
    {
        using var first = await http.GetAsync("/suche?q=H%C3%B6rde");
        var html = await first.Content.ReadAsStringAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("<a href=\"/bezirke/80\">Hörde</a>").And.Contain("<a href=\"/bezirke/530?ebene=statistischer_bezirk\">Hörde</a>"));
            Assert.That(first.Headers.ETag, Is.Not.Null);
        }
        using var again = new HttpRequestMessage(HttpMethod.Get, "/suche?q=H%C3%B6rde");
        again.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.ToString());
        using var second = await http.SendAsync(again);
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/suche?q=H%C3%B6rde"));
        Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Search_EmptyAndTooLongQueries_AreClearPages_NeverServerErrors()
    {
        using var empty = await http.GetAsync("/suche");
        using var blank = await http.GetAsync("/suche?q=%20%20");
        using var tooLong = await http.GetAsync("/suche?q=" + new string('a', 5000));
        using var script = await http.GetAsync("/suche?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(empty.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await empty.Content.ReadAsStringAsync(), Does.Contain("Geben Sie einen Namen ein"));
            Assert.That(await blank.Content.ReadAsStringAsync(), Does.Contain("Geben Sie einen Namen ein"));
            Assert.That(tooLong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await tooLong.Content.ReadAsStringAsync(), Does.Contain("höchstens 100 Zeichen, eingegeben wurden 5000"));
            Assert.That(tooLong.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(script.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await script.Content.ReadAsStringAsync(), Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt;").And.Not.Contain("<script>alert"));
        }
    }

    [Test]
    public async Task Compare_TwoAreas_IsAPageFromTheCache()
    {
        using var response = await http.GetAsync("/vergleich?a=stadtbezirk:110&b=statistischer_bezirk%3A110&lang=en");
        var html = await response.Content.ReadAsStringAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("<h1>Huckarde and Brechten compared</h1>"));
            Assert.That(response.Headers.ETag, Is.Not.Null);
            Assert.That(response.Headers.CacheControl?.MaxAge, Is.EqualTo(TimeSpan.FromSeconds(60)), "a page, kept like every page");
        }
    }

    [TestCase("/vergleich", "The parameter “a” is missing")]
    [TestCase("/vergleich?a=stadtbezirk:80", "The parameter “b” is missing")]
    [TestCase("/vergleich?a=80&b=stadtbezirk:80", "The parameter “a” is “80”. Expected level:code")]
    [TestCase("/vergleich?a=stadtbezirk:80&b=statistischer_bezirk:999", "The parameter “b” is “statistischer_bezirk:999”, but no area with that code is published")]
    [TestCase("/vergleich?a=stadtbezirk:80&b=%3Cscript%3E", "The parameter “b” is “<script>”")]
    public async Task Compare_BadParameter_Is404_SayingWhichAndWhatWasExpected(string path, string message)
    {
        using var response = await http.GetAsync(path + (path.Contains('?') ? "&" : "?") + "lang=en");
        var html = await response.Content.ReadAsStringAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(System.Net.WebUtility.HtmlDecode(html), Does.Contain(message));
            Assert.That(html, Does.Not.Contain("<script>"));
            Assert.That(response.Headers.CacheControl?.NoCache, Is.True, "an error page is asked for again");
        }
    }

    [TestCase("/angebote", HttpStatusCode.OK)]
    [TestCase("/angebote?zielgruppe=adults&art=volkshochschule&bezirk=10&lang=en", HttpStatusCode.OK)]
    [TestCase("/angebote/bezirke/20", HttpStatusCode.OK)]
    [TestCase("/angebote/bezirke/110?ebene=statistischer_bezirk&lang=en", HttpStatusCode.OK)]
    [TestCase("/angebote/bezirke/999", HttpStatusCode.NotFound)]
    [TestCase("/angebote/bezirke/20?ebene=statistischer_bezirk", HttpStatusCode.NotFound)]
    [TestCase("/angebote?zielgruppe=seniors", HttpStatusCode.NotFound)]
    [TestCase("/angebote?art=%3Cscript%3E", HttpStatusCode.NotFound)]
    [TestCase("/angebote?bezirk=999", HttpStatusCode.NotFound)]
    public async Task Offers_KnownDistrictsAndFilters_AreAnswered_UnknownOnesAreNotFound(string path, HttpStatusCode expected)
    {
        using var response = await http.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(expected), path);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(html, Does.Not.Contain("<script>"), "a value in the address is never echoed as markup");
        }
    }
}
