using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using TalentData.Cli.Serve;
using TalentData.Cli.Suggestions;
using TalentData.Project;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Cli;

/// <summary>
/// "Fehlt ein Angebot?" on the real serve host (Kestrel on 127.0.0.1, InMemory jobs) over the shared good run's
/// exports: a suggestion reaches the operators' queue and no published file, an accepted one becomes the directory file
/// with its row, and abuse is refused with the right status. Each test is its own client address (X-Forwarded-For from
/// this machine, which serve believes as a known proxy), so the per-client limit of one test does not touch another.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public sealed class SuggestionTests
{
    ServeHost host = null!;
    RepoCopy repo => host.Repo;
    WebApplication app => host.App;
    Uri baseUrl = null!;
    int clients;

    [OneTimeSetUp]
    public async Task StartServe()
    {
        host = await ServeHost.StartAsync(
            "--Dashboard:Users:vera:Password=viewer secret",
            "--Dashboard:Users:vera:Role=viewer",
            "--Dashboard:Users:otto:Password=operator secret",
            "--Dashboard:Users:otto:Role=operator");
        baseUrl = new Uri(app.Urls.First());
    }

    [OneTimeTearDown]
    public async Task StopServe()
    {
        if (host is not null) await host.DisposeAsync();
    }

    /// <summary>A browser of its own: cookies, no redirects followed, a client address no other test uses.</summary>
    HttpClient Browser(string? user = null, string? password = null)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseUrl };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", $"198.51.100.{Interlocked.Increment(ref clients)}");
        if (user is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }

    /// <summary>The operators' browser: from this machine, no proxy (local requests are operators).</summary>
    HttpClient LocalOperator() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseUrl };

    static readonly Regex TokenField = new("<input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"(?<value>[^\"]+)\"");

    static async Task<string> Token(HttpClient client, string page = SuggestionEndpoints.Route)
    {
        var html = await client.GetStringAsync(page);
        var m = TokenField.Match(html);
        Assert.That(m.Success, Is.True, $"{page} carries an antiforgery field");
        return WebUtility.HtmlDecode(m.Groups["value"].Value);
    }

    static List<KeyValuePair<string, string>> Fields(string name, string description = "Jeden Dienstag im Jugendtreff", string contact = "") =>
    [
        new("fehlt", "programme"), new("name", name), new("art", "club"), new("zielgruppe", "children"), new("zielgruppe", "young_people"),
        new("bezirk", "20"), new("bezirk", "50"), new("url", "https://www.example.org/schach"), new("beschreibung", description),
        new("kontakt", contact), new("website", ""),
    ];

    static async Task<HttpResponseMessage> Post(HttpClient client, IEnumerable<KeyValuePair<string, string>> fields, string? token, string query = "")
    {
        var all = fields.ToList();
        if (token is not null) all.Add(new("__RequestVerificationToken", token));
        return await client.PostAsync(SuggestionEndpoints.Route + query, new FormUrlEncodedContent(all));
    }

    async Task<(HttpResponseMessage Response, string Body)> Send(HttpClient client, IEnumerable<KeyValuePair<string, string>> fields, string query = "")
    {
        var response = await Post(client, fields, await Token(client), query);
        return (response, await response.Content.ReadAsStringAsync());
    }

    SuggestionStore Store => app.Services.GetRequiredService<SuggestionStore>();

    [Test]
    public async Task Form_WorksWithoutScript_AndSaysWhatIsStored()
    {
        using var client = Browser();
        var de = await client.GetStringAsync(SuggestionEndpoints.Route);
        var en = await client.GetStringAsync(SuggestionEndpoints.Route + "?lang=en");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(de, Does.Contain($"""<form method="post" action="{SuggestionEndpoints.Route}" class="suggest" """.TrimEnd()));
            Assert.That(en, Does.Contain($"""action="{SuggestionEndpoints.Route}?lang=en" """.TrimEnd()), "the English form is answered in English");
            Assert.That(de, Does.Contain("Ihre IP-Adresse speichern wir nicht").And.Contain("nach 90 Tagen gelöscht"));
            Assert.That(en, Does.Contain("We do not store your IP address").And.Contain("deleted after 90 days"));
            Assert.That(de, Does.Contain("""name="kontakt" type="email" """.TrimEnd()).And.Not.Contain("name=\"kontakt\" type=\"email\" required"),
                "the e-mail address is optional");
            Assert.That(de, Does.Contain(">Innenstadt-Nord (20)<").Or.Contain("Innenstadt-Nord (20)"), "districts by name");
            Assert.That(de, Does.Contain("value=\"city-wide\""));
        }
        var home = await client.GetStringAsync("/");
        Assert.That(home, Does.Contain($"href=\"{SuggestionEndpoints.Route}\""), "every page links the form");
    }

    [Test]
    public async Task Submission_RedirectsToTheThanks_AppearsInTheQueue_AndInNoPublishedFile()
    {
        var name = $"Schach-AG Hörde {Guid.NewGuid():N}";
        using var client = Browser();
        var (response, _) = await Send(client, Fields(name, contact: "leserin@example.org"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        var thanksAddress = response.Headers.Location!.ToString();
        Assert.That(thanksAddress, Does.Match($"^{Regex.Escape(SuggestionEndpoints.ThanksRoute)}\\?beleg=[0-9a-f]{{32}}$"));
        var thanks = await client.GetStringAsync(thanksAddress);
        Assert.That(thanks, Does.Contain("Danke für Ihren Vorschlag").And.Contain(name).And.Contain("nach 90 Tagen gelöscht"));
        Assert.That(thanks, Does.Not.Contain("leserin@example.org"), "the confirmation does not show the address again");
        Assert.That(thanks, Does.Contain("Innenstadt-Nord (20)"), "districts by name");

        using var operatorBrowser = LocalOperator();
        var queue = await operatorBrowser.GetStringAsync("/hangfire" + SuggestionsPage.Route);
        Assert.That(queue, Does.Contain(WebUtility.HtmlEncode(name)).And.Contain("leserin@example.org"));

        var published = Directory.EnumerateFiles(Path.Combine(repo.Data, "exports"), "*", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("Schach-AG Hörde", StringComparison.Ordinal)).ToList();
        Assert.That(published, Is.Empty, "a suggestion is published nowhere");
        Assert.That(new DataLayout(repo.Data).SuggestionsPath, Does.Exist.And.Not.StartWith(Path.Combine(repo.Data, "exports")));
    }

    [Test]
    public async Task ScriptInFields_IsShownAsText_InTheConfirmationAndTheQueue()
    {
        const string script = "<script>alert('name')</script>";
        const string image = "<img src=x onerror=alert(2)>";
        using var client = Browser();
        var (response, _) = await Send(client, Fields(script + Guid.NewGuid().ToString("N"), description: "Treff " + image));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        var thanks = await client.GetStringAsync(response.Headers.Location!.ToString());
        using var operatorBrowser = LocalOperator();
        var queue = await operatorBrowser.GetStringAsync("/hangfire" + SuggestionsPage.Route);
        foreach (var (page, html) in new[] { ("confirmation", thanks), ("queue", queue) })
        {
            Assert.That(html, Does.Not.Contain(script).And.Not.Contain(image), $"the {page} shows no markup as markup");
            Assert.That(html, Does.Contain("&lt;script&gt;").And.Contain("&lt;img src=x onerror=alert(2)&gt;"), $"the {page} shows it as text");
        }
    }

    [Test]
    public async Task MissingOrWrongToken_Is400_WithAPageInTheReadersLanguage_AndStoresNothing()
    {
        var name = $"Ohne Token {Guid.NewGuid():N}";
        using var client = Browser();
        await Token(client);   // the cookie is there; the form field is not
        using var missing = await Post(client, Fields(name), token: null);
        using var wrong = await Post(client, Fields(name), token: "CfDJ8-not-a-token", query: "?lang=en");
        using var stranger = Browser();   // a token from another browser's form, without that browser's cookie
        using var foreign = await Post(stranger, Fields(name), await Token(client));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await missing.Content.ReadAsStringAsync(), Does.Contain("Das Formular war abgelaufen oder kam nicht von dieser Seite"));
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await wrong.Content.ReadAsStringAsync(), Does.Contain("The form had expired or did not come from this page"));
            Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }
        Assert.That(Store.All().Select(s => s.Name), Has.None.EqualTo(name));
    }

    [Test]
    public async Task FieldProblems_Are400_TheFormAgainWithWhatWasWrong_AndTheValuesAsText()
    {
        using var client = Browser();
        var fields = Fields("\"><script>x()</script>", contact: "keine adresse")
            .Where(f => f.Key != "zielgruppe").Append(new("url", "javascript:alert(1)")).Append(new("bezirk", "city-wide")).ToList();
        fields.RemoveAll(f => f.Key == "url" && f.Value.StartsWith("https", StringComparison.Ordinal));
        var (response, body) = await Send(client, fields, "?lang=en");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body, Does.Contain("Please choose at least one target group."));
            Assert.That(body, Does.Contain("The web address must start with http:// or https://"));
            Assert.That(body, Does.Contain("That is no e-mail address."));
            Assert.That(body, Does.Contain("“City-wide” includes every district"));
            Assert.That(body, Does.Contain("value=\"&quot;&gt;&lt;script&gt;x()&lt;/script&gt;\""), "the name is kept, as text");
            Assert.That(body, Does.Not.Contain("<script>x()"));
        }
    }

    [Test]
    public async Task OversizedBody_Is413_WithAPageThatSaysSo_WhetherDeclaredOrChunked()
    {
        using var client = Browser();
        var token = await Token(client);
        var big = Fields("Zu groß", description: new string('x', 20_000));
        using var declared = await Post(client, big, token);
        Assert.That(declared.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await declared.Content.ReadAsStringAsync(), Does.Contain("Der Vorschlag ist zu groß"));

        using var chunkedClient = Browser();
        var chunkedToken = await Token(chunkedClient);
        var body = await new FormUrlEncodedContent([.. Fields("Zu groß, ohne Länge", description: new string('y', 40_000)), new("__RequestVerificationToken", chunkedToken)]).ReadAsByteArrayAsync();
        var content = new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var request = new HttpRequestMessage(HttpMethod.Post, SuggestionEndpoints.Route) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var chunked = await chunkedClient.SendAsync(request);
        Assert.That(chunked.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(Store.All().Select(s => s.Name), Has.None.StartWith("Zu groß"));
    }

    [Test]
    public async Task Flooding_FromOneClient_Is429AfterTheLimit_WithRetryAfter_WhileAnotherClientIsServed()
    {
        using var flood = Browser();
        var token = await Token(flood);
        var limit = new TalentData.Cli.Settings.SuggestionSettings().PerClientLimit;
        for (var i = 0; i < limit; i++)
        {
            // Refused submissions count as well: a flood is counted before anything is read.
            // Every other one with a trailing slash, which routing also answers: it must not escape the count.
            using var counted = await Post(flood, Fields($"Flut {i}"), token: null, query: i % 2 == 1 ? "/" : "");
            Assert.That(counted.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), $"submission {i + 1} is within the limit");
        }
        using var refused = await Post(flood, Fields("Flut zu viel"), token, "?lang=en");
        Assert.That(refused.StatusCode, Is.EqualTo((HttpStatusCode)429));
        Assert.That(refused.Headers.RetryAfter?.Delta, Is.Not.Null.And.GreaterThan(TimeSpan.Zero));
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("Too many suggestions came from your connection"));
        Assert.That(Store.All().Select(s => s.Name), Has.None.EqualTo("Flut zu viel"));

        using var other = Browser();
        var (response, _) = await Send(other, Fields($"Andere Adresse {Guid.NewGuid():N}"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther), "the limit is per client address");
        using var page = await flood.GetAsync(SuggestionEndpoints.Route);
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), "only submissions are limited, not reading");
    }

    /// <summary>A flood from many addresses stops at the cap for all clients (a serve of its own, with a cap of 2).</summary>
    [Test]
    public async Task Flooding_FromManyClients_StopsAtTheGlobalCap()
    {
        using var data = new TempDir();
        await using var capped = ServeApp.Build([
            "--urls=http://127.0.0.1:0", $"--RepoRoot={RepoPaths.Root}", $"--DataDir={data.Path}", "--Mode=sample",
            "--Hangfire:Storage=InMemory", "--Logging:LogLevel:Default=Warning", "--Suggestions:GlobalLimit=2",
        ]);
        await capped.StartAsync();
        try
        {
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 3; i++)
            {
                using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(capped.Urls.First()) };
                client.DefaultRequestHeaders.Add("X-Forwarded-For", $"192.0.2.{i + 1}");
                using var response = await Post(client, Fields($"Viele {i}"), await Token(client));
                statuses.Add(response.StatusCode);
            }
            Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.SeeOther, HttpStatusCode.SeeOther, (HttpStatusCode)429 }));
        }
        finally
        {
            await capped.StopAsync();
            Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        }
    }

    [Test]
    public async Task FilledHoneypot_IsAnsweredLikeASuccess_AndNotStored()
    {
        var name = $"Werbung {Guid.NewGuid():N}";
        using var client = Browser();
        var fields = Fields(name).Where(f => f.Key != "website").Append(new("website", "https://spam.example.com/")).ToList();
        var (response, _) = await Send(client, fields);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That(response.Headers.Location!.ToString(), Is.EqualTo(SuggestionEndpoints.ThanksRoute), "no receipt: nothing was stored");
        Assert.That(Store.All().Select(s => s.Name), Has.None.EqualTo(name));
        using var operatorBrowser = LocalOperator();
        Assert.That(await operatorBrowser.GetStringAsync("/hangfire" + SuggestionsPage.Route), Does.Not.Contain(name));
    }

    /// <summary>POSTs an operator's decision as the queue's form does: its fields and the dashboard's antiforgery field.</summary>
    static async Task<HttpResponseMessage> Decide(HttpClient client, long id, string action, IEnumerable<KeyValuePair<string, string>>? fields = null)
    {
        var page = await client.GetStringAsync("/hangfire" + SuggestionsPage.Route);
        var token = Regex.Match(page, "<meta name=\"csrf-token\" content=\"([^\"]+)\"").Groups[1].Value;
        Assert.That(token, Is.Not.Empty, "the dashboard page carries its antiforgery token");
        return await client.PostAsync($"/hangfire{SuggestionsPage.Route}/{id}/{action}",
            new FormUrlEncodedContent([.. fields ?? [], new("__RequestVerificationToken", WebUtility.HtmlDecode(token))]));
    }

    static List<KeyValuePair<string, string>> RowFields(Suggestion s, string name) =>
    [
        new("name", name), new("kind", s.Kind), new("target_groups", s.TargetGroups), new("districts_served", s.Districts),
        new("contact_url", s.Url), new("source", "Vorschlag über das Formular"),
    ];

    async Task<Suggestion> Submitted(string name)
    {
        using var client = Browser();
        var (response, _) = await Send(client, Fields(name));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        return Store.All().Single(s => s.Name == name);
    }

    [Test]
    public async Task Accepted_TheDownloadIsTheDirectoryWithTheRow_AndPassesTheSchema()
    {
        var name = $"Schachclub {Guid.NewGuid():N}";
        var s = await Submitted(name);
        using var operatorBrowser = LocalOperator();
        // The operator corrects the name to one starting with '=': the file neutralises it for spreadsheets.
        using var accepted = await Decide(operatorBrowser, s.Id, "annehmen", RowFields(s, "=" + name));
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther), await accepted.Content.ReadAsStringAsync());
        Assert.That(accepted.Headers.Location!.ToString(), Is.EqualTo("/hangfire" + SuggestionsPage.Route));

        using var download = await operatorBrowser.GetAsync($"/hangfire{SuggestionsPage.Route}/{s.Id}/{ProgrammeDirectory.FileName}");
        Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(download.Content.Headers.ContentType!.ToString(), Is.EqualTo("text/csv; charset=utf-8"));
        Assert.That(download.Content.Headers.ContentDisposition!.FileName, Is.EqualTo("talent_programmes.csv"));
        var csv = await download.Content.ReadAsStringAsync();
        var original = File.ReadAllText(Path.Combine(repo.Root, "sql", "reference", ProgrammeDirectory.FileName));
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(csv, Is.EqualTo(original + $"'={name},club,children|young_people,20|50,https://www.example.org/schach,Vorschlag über das Formular,{today},false\n"),
            "the repository's file with exactly one line added");

        // The file passes the schema as the project loads it.
        using var check = new TempDir();
        Directory.CreateDirectory(Path.Combine(check.Path, "reference"));
        foreach (var file in Directory.GetFiles(Path.Combine(repo.Root, "sql", "reference")))
            File.Copy(file, Path.Combine(check.Path, "reference", Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(check.Path, "reference", ProgrammeDirectory.FileName), csv);
        Assert.DoesNotThrow(() => ReferenceSchema.ValidateAll(SqlFolders.Single(check.Path), TimeProvider.System));

        Assert.That(File.ReadAllText(Path.Combine(repo.Root, "sql", "reference", ProgrammeDirectory.FileName)), Is.EqualTo(original),
            "the running system never edits the repository");
        using var all = await operatorBrowser.GetAsync($"/hangfire{SuggestionsPage.Route}/{ProgrammeDirectory.FileName}");
        Assert.That(await all.Content.ReadAsStringAsync(), Does.Contain($"'={name},"), "the file of all accepted rows holds it too");
    }

    [Test]
    public async Task Accept_ARowTheSchemaRefuses_Is400NamingTheProblem_AndTheSuggestionStaysOpen()
    {
        var name = $"Ohne Adresse {Guid.NewGuid():N}";
        var s = await Submitted(name);
        using var operatorBrowser = LocalOperator();
        var fields = RowFields(s, name).Where(f => f.Key != "contact_url").Append(new("contact_url", "")).ToList();
        using var response = await Decide(operatorBrowser, s.Id, "annehmen", fields);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(),
            Does.Contain("column contact_url: expected an absolute http(s) URL, found an empty cell."));
        Assert.That(Store.ById(s.Id)!.Status, Is.EqualTo(SuggestionStatus.Open));
    }

    [Test]
    public async Task Reject_RemovesItFromTheOpenOnes()
    {
        var s = await Submitted($"Abzulehnen {Guid.NewGuid():N}");
        using var operatorBrowser = LocalOperator();
        using var response = await Decide(operatorBrowser, s.Id, "ablehnen");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That(Store.ById(s.Id)!.Status, Is.EqualTo(SuggestionStatus.Rejected));
        using var again = await Decide(operatorBrowser, s.Id, "annehmen", RowFields(s, s.Name));
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a decided suggestion is not decided again");
    }

    [Test]
    public async Task ReadOnlyViewer_SeesTheQueueWithoutForms_AndCannotAcceptOrReject()
    {
        var name = $"Nur ansehen {Guid.NewGuid():N}";
        var s = await Submitted(name);
        using var viewer = Browser("vera", "viewer secret");
        var page = await viewer.GetStringAsync("/hangfire" + SuggestionsPage.Route);
        Assert.That(page, Does.Contain(WebUtility.HtmlEncode(name)).And.Contain("Read-only"));
        Assert.That(page, Does.Not.Contain($"/{s.Id}/annehmen"), "no accept form for a viewer");
        using var accept = await Decide(viewer, s.Id, "annehmen", RowFields(s, name));
        using var reject = await Decide(viewer, s.Id, "ablehnen");
        using var anonymous = Browser();
        using var nobody = await anonymous.PostAsync($"/hangfire{SuggestionsPage.Route}/{s.Id}/ablehnen", new FormUrlEncodedContent([]));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(accept.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(reject.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(nobody.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a remote client without credentials");
            Assert.That(Store.ById(s.Id)!.Status, Is.EqualTo(SuggestionStatus.Open));
        }
        using var operatorUser = Browser("otto", "operator secret");
        using var withoutToken = await operatorUser.PostAsync($"/hangfire{SuggestionsPage.Route}/{s.Id}/ablehnen", new FormUrlEncodedContent([]));
        Assert.That(withoutToken.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "an operator's POST without the dashboard's token");
        Assert.That(Store.ById(s.Id)!.Status, Is.EqualTo(SuggestionStatus.Open));
    }
}
