using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using TalentData.Cli.Atlas;
using TalentData.Cli.Serve;
using TalentData.Cli.Suggestions;
using TalentData.Project;
using TalentData.Publishing;

namespace TalentData.Cli.Site;

/// <summary>
/// <c>talentdata publish --site DIR</c>: the atlas of the latest release as plain files for any web server or CDN.
///
/// Nothing is rendered twice: the atlas's own endpoints and the /opendata files are started in this process on
/// 127.0.0.1 with a free port (no Hangfire, no dashboard) and crawled breadth-first from the home pages of both
/// languages and the other pages of the navigation. Every address the site holds (<see cref="Holds"/>) must answer
/// 200, or the publish fails naming the page that links it; each answer is written as it came, then the links of every
/// page are rewritten to the files (<see cref="SiteAddress"/>). Addresses the site does not hold (a view with chosen
/// year, level or district, any comparison or search typed into a form, the operators' page) lead to the dynamic
/// server when <c>--server-url</c> is given, else to the same page without its choices where the site has that.
///
/// The site is written into DIR.tmp and renamed to DIR only when complete, so a failed publish leaves the previous
/// site as it was.
/// </summary>
public sealed partial class StaticSite(string repoRoot, string dataDir, string? baseUrl = null, string? serverUrl = null)
{
    /// <summary>How many of the failing links the error names; the rest are counted.</summary>
    const int NamedFailures = 20;

    public sealed record Result(string Folder, int Pages, int Files, int ToServer);

    /// <summary>Renders the site into <paramref name="folder"/>, replacing what is there only when the new site is complete.</summary>
    public async Task<Result> PublishAsync(string folder, CancellationToken cancel = default)
    {
        var target = Path.GetFullPath(folder.Length > 1 ? folder.TrimEnd('/', Path.DirectorySeparatorChar) : folder);
        var layout = new DataLayout(dataDir);
        var exports = layout.ExportsRoot;
        if (!Directory.Exists(exports) || !Directory.EnumerateDirectories(exports).Any(d => Directory.Exists(Path.Combine(d, ReleaseStore.Latest))))
            throw new PipelineException("", "site",
                $"nothing is published in {exports}: expected at least one dataset with a {ReleaseStore.Latest}/ folder. Run `talentdata run` (or `talentdata publish`) first.");
        var staging = PrepareStaging(target);
        try
        {
            var (pages, files, toServer) = await RenderAsync(staging, exports, cancel);
            Swap(staging, target);
            return new Result(target, pages, files, toServer);
        }
        catch
        {
            TryDelete(staging);
            throw;
        }
    }

    /// <summary>DIR.tmp, empty; a clear error for a DIR that is a file or a parent folder that cannot be written.</summary>
    static string PrepareStaging(string target)
    {
        if (File.Exists(target))
            throw new PipelineException("", "site", $"--site {target} is a file; expected a folder (or nothing yet) to write the site into.");
        var parent = Path.GetDirectoryName(target) ?? throw new PipelineException("", "site", $"--site {target} is the root of the file system; expected a folder under it.");
        if (!Directory.Exists(parent))
            throw new PipelineException("", "site", $"--site {target}: the folder {parent} does not exist; expected the site's parent folder to exist.");
        var staging = target + ".tmp";
        try
        {
            // A staging folder left by a publish that was killed holds nothing worth keeping.
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            Directory.CreateDirectory(staging);
            File.WriteAllBytes(Path.Combine(staging, ".write-test"), []);
            File.Delete(Path.Combine(staging, ".write-test"));
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new PipelineException("", "site",
                $"--site {target}: cannot write {staging} ({ex.Message}); expected a folder this user may create folders and files in.", ex);
        }
        return staging;
    }

    /// <summary>The new site in place of the old in two renames; the old one is removed only after the new one stands.</summary>
    static void Swap(string staging, string target)
    {
        var previous = target + ".old";
        if (Directory.Exists(previous)) Directory.Delete(previous, recursive: true);
        if (Directory.Exists(target)) Directory.Move(target, previous);
        Directory.Move(staging, target);
        TryDelete(previous);
    }

    static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left behind, it is replaced by the next publish; the site itself is complete either way.
        }
    }

    /// <summary>The web app that answers the crawl: the atlas and /opendata exactly as `serve` maps them, nothing else.</summary>
    WebApplication Host(string exports)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        // Each address is asked for once: keeping the responses would only hold memory, and their compressed copies
        // (which the crawl never asks for) are made quickly rather than small.
        var releases = ServeApp.Releases(repoRoot, dataDir, TimeProvider.System, maxBytes: 0);
        OpenDataFiles.Map(app, exports, releases);
        var city = City.Load(repoRoot);
        app.MapTalentAtlas(releases, city);
        app.MapNotice(releases, city);
        return app;
    }

    /// <summary>
    /// The pages of the navigation in both languages, and every file the latest release publishes under /opendata
    /// (not only those a page links: the portal and readers fetch them by their stable addresses).
    /// </summary>
    static IEnumerable<string> Roots(string exports)
    {
        foreach (var page in new[] { "/", "/bezirke/", OffersView.Directory, "/staedtevergleich", "/bedarf-und-angebot", "/methodik", "/downloads", "/suche" })
        {
            yield return page;
            yield return page + "?lang=en";
        }
        yield return "/opendata/" + DcatWriter.CatalogFile;
        foreach (var dataset in Directory.EnumerateDirectories(exports).Order(StringComparer.Ordinal))
        {
            var latest = Path.Combine(dataset, ReleaseStore.Latest);
            if (Path.GetFileName(dataset).StartsWith('.') || !Directory.Exists(latest)) continue;
            foreach (var file in Directory.EnumerateFiles(latest, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                yield return $"/opendata/{Path.GetFileName(dataset)}/{ReleaseStore.Latest}/{Path.GetRelativePath(latest, file).Replace('\\', '/')}";
        }
    }

    /// <summary>
    /// Whether the static site holds an address, linked from <paramref name="linkedFrom"/> (null for a root). Pages are
    /// held with the choices their links carry where those are few: a district's level, the values a page links to
    /// their provenance, the comparisons a profile offers, the charts and embeds of an indicator's page. An indicator
    /// page is held as the navigation links it and as it links itself (its other language names the choices it shows);
    /// one with choices from elsewhere (a district's row, a provenance page) is a view of all years, levels and districts,
    /// which the dynamic server answers. The operators' page and anything else unknown belong to the dynamic server.
    /// </summary>
    public static bool Holds(SiteAddress.Parts address, SiteAddress.Parts? linkedFrom)
    {
        var choices = address.Choices;
        // The suggestion form takes a POST, which no file can answer: the site holds a page that says so (with
        // --server-url its links lead to the server's form instead, see Resolve).
        if (IsSuggestionForm(address))
            return choices.Count == 0;
        return address.Route switch
        {
            "" or "methodik" or "downloads" or "suche" or "staedtevergleich" or "bedarf-und-angebot" => choices.Count == 0,
            "bezirke" => choices.All(c => c.Key == "ebene"),
            // The directory with no filter or one (each is a plain link of the page); a district's offers by its level.
            "angebote" => address.Path == OffersView.Directory ? choices.Count <= 1
                : address.Path.StartsWith(OffersView.Directory + "/bezirke/", StringComparison.Ordinal) && choices.All(c => c.Key == "ebene"),
            "indikatoren" => choices.Count == 0 || linkedFrom?.Path == address.Path,
            "grafik" or "einbetten" or "herkunft" or "vergleich" => linkedFrom is not null || choices.Count == 0,
            "assets" or "opendata" => true,
            _ => false,
        };
    }

    static bool IsSuggestionForm(SiteAddress.Parts address) =>
        address.Path.TrimEnd('/').Equals(SuggestionEndpoints.Route, StringComparison.Ordinal);

    [GeneratedRegex(@"\b(?:href|src)=""(?<url>[^""]*)""")]
    private static partial Regex LinkAttribute();

    async Task<(int Pages, int Files, int ToServer)> RenderAsync(string staging, string exports, CancellationToken cancel)
    {
        await using var app = Host(exports);
        await app.StartAsync(cancel);
        var origin = app.Urls.First().TrimEnd('/');
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None })
            {
                BaseAddress = new Uri(origin),
                Timeout = TimeSpan.FromMinutes(2),
            };
            // file of the site -> the address it was fetched from; one file may answer several spellings of an address.
            var written = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
            var pages = new ConcurrentBag<string>();
            var failures = new ConcurrentBag<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var level = Roots(exports).Select(a => (Address: a, From: (string?)null)).Where(a => seen.Add(SiteAddress.File(a.Address))).ToList();
            while (level.Count > 0)
            {
                var next = new ConcurrentBag<(string Address, string? From)>();
                await Parallel.ForEachAsync(level, new ParallelOptions { MaxDegreeOfParallelism = 2 * Environment.ProcessorCount, CancellationToken = cancel },
                    async (item, token) =>
                    {
                        using var response = await http.GetAsync(item.Address, token);
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            failures.Add(item.From is null
                                ? $"{item.Address} answered {(int)response.StatusCode}; expected 200 (a page every site has)"
                                : $"{item.From} links {item.Address}, which answered {(int)response.StatusCode}; expected 200");
                            return;
                        }
                        var body = await response.Content.ReadAsByteArrayAsync(token);
                        var file = SiteAddress.File(item.Address);
                        var path = Path.Combine(staging, file);
                        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                        await File.WriteAllBytesAsync(path, body, token);
                        written[file] = item.Address;
                        if (response.Content.Headers.ContentType?.MediaType != "text/html") return;
                        pages.Add(file);
                        var from = SiteAddress.Parse(item.Address);
                        foreach (var link in Links(Encoding.UTF8.GetString(body), origin))
                            if (Holds(SiteAddress.Parse(link), from))
                                next.Add((link, item.Address));
                    });
                // A level with a broken address ends the crawl: the site will not be published, and the error names them all.
                if (!failures.IsEmpty)
                {
                    var sorted = failures.Order(StringComparer.Ordinal).ToList();
                    throw new PipelineException("", "site",
                        $"{sorted.Count} address(es) of the site did not answer 200; the previous site is left as it was:\n  "
                        + string.Join("\n  ", sorted.Take(NamedFailures)) + (sorted.Count > NamedFailures ? $"\n  … and {sorted.Count - NamedFailures} more" : ""));
                }
                level = next.OrderBy(n => n.Address, StringComparer.Ordinal).Where(n => seen.Add(SiteAddress.File(n.Address))).ToList();
            }
            // The not-found page answers at any depth, so relative links cannot work there; under a base URL they can.
            var notFound = await WriteNotFoundPages(http, staging, cancel);
            if (baseUrl is not null)
                foreach (var page in notFound) pages.Add(page);
            var toServer = 0;
            foreach (var page in pages)
            {
                var path = Path.Combine(staging, page);
                var html = await File.ReadAllTextAsync(path, Encoding.UTF8, cancel);
                var rewritten = SiteAddress.Rewrite(html, origin, (address, place) =>
                {
                    var (to, server) = Resolve(page, address, place, written);
                    if (server) Interlocked.Increment(ref toServer);
                    return to;
                });
                await File.WriteAllTextAsync(path, rewritten, new UTF8Encoding(false), cancel);
            }
            return (pages.Count, written.Count, toServer);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>The internal addresses a page links (href and src; forms are rewritten but not followed).</summary>
    static IEnumerable<string> Links(string html, string origin)
    {
        foreach (Match m in LinkAttribute().Matches(html))
        {
            var url = WebUtility.HtmlDecode(m.Groups["url"].Value);
            if (url.StartsWith(origin + "/", StringComparison.Ordinal)) url = url[origin.Length..];
            if (!url.StartsWith('/') || url.StartsWith("//", StringComparison.Ordinal)) continue;
            var hash = url.IndexOf('#');
            yield return hash < 0 ? url : url[..hash];
        }
    }

    /// <summary>
    /// Where an address named on <paramref name="page"/> leads in the static site: the file the address was written to;
    /// else the dynamic server (with --server-url); else the same page without its choices, when the site has that; else
    /// the address as it was. A form adds its choices to the address, which no file can answer, so its action goes to the
    /// dynamic server when there is one. An address named in full (the embed snippet for other sites, an embed's link to
    /// its page) stays in full: under --base-url, or the server's; without either it loses the crawl's passing host.
    /// </summary>
    (string To, bool Server) Resolve(string page, string address, SiteAddress.Place place, IReadOnlyDictionary<string, string> written)
    {
        var parts = SiteAddress.Parse(address);
        var file = SiteAddress.File(parts);
        var full = place == SiteAddress.Place.Full;
        if (serverUrl is not null && IsSuggestionForm(parts))
            return (serverUrl.TrimEnd('/') + address, true);
        if (written.ContainsKey(file) && (place == SiteAddress.Place.Link || (full && baseUrl is not null) || (place == SiteAddress.Place.Form && serverUrl is null)))
            return (SiteAddress.Link(page, file, baseUrl) + parts.Fragment, false);
        if (serverUrl is not null)
            return (serverUrl.TrimEnd('/') + address, true);
        var plain = SiteAddress.File(parts.WithoutChoices);
        if (!full && written.ContainsKey(plain))
            return (SiteAddress.Link(page, plain, baseUrl) + parts.Fragment, false);
        return (address, false);
    }

    /// <summary>The atlas's not-found page in both languages, as 404.html for the web servers that show one.</summary>
    static async Task<string[]> WriteNotFoundPages(HttpClient http, string staging, CancellationToken cancel)
    {
        foreach (var (address, file) in new[] { ("/indikatoren/-", "404.html"), ("/indikatoren/-?lang=en", "en/404.html") })
        {
            using var response = await http.GetAsync(address, cancel);
            if (response.StatusCode != HttpStatusCode.NotFound)
                throw new PipelineException("", "site", $"{address} answered {(int)response.StatusCode}; expected 404 with the atlas's not-found page.");
            var path = Path.Combine(staging, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync(cancel), cancel);
        }
        return ["404.html", "en/404.html"];
    }
}
