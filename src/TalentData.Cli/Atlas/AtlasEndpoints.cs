using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TalentData.Atlas;
using TalentData.Project;

namespace TalentData.Cli.Atlas;

/// <summary>
/// The public Talent-Atlas pages. They read only the published exports. Each page is rendered once per release and
/// then answered from memory (<see cref="ReleaseCache"/>), compressed, with an ETag; a new publication that switches
/// data/exports/…/latest starts a new release and new pages. Every route answers HEAD as well as GET.
/// </summary>
public static class AtlasEndpoints
{
    static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    public static IEndpointRouteBuilder MapTalentAtlas(this IEndpointRouteBuilder app, ReleaseCache cache, City city)
    {
        static AtlasText Text(HttpContext c) => new(c.Request.Query["lang"].ToString());
        static string? Parameter(HttpContext c, string name) => c.Request.Query[name].ToString() is { Length: > 0 } value ? value : null;
        static int? Int(string? s) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

        // The key holds everything a page is rendered from besides the release: the route and the parameters as the
        // page reads them (a year that is no number is no year), so two addresses of the same page share one entry.
        // An address that names no indicator or district is answered with the shared not-found page and adds nothing.
        // A page that answers a bad request (statusCode 400 or 404) says what was wrong; caches must ask again for it.
        Task Page(HttpContext c, ReleaseCache.Release release, string key, Func<AtlasText, bool>? exists, Func<AtlasPages, AtlasText, string?> render,
            int statusCode = StatusCodes.Status200OK, string origin = "") =>
            Respond(c, release, key, exists, (p, t) => render(p, t) is { } html ? (Encoding.UTF8.GetBytes(html), CachedResponse.TextHtml) : null, statusCode, origin);

        // Any response of the release: a page, or a chart file with its own type. A key that names a thing that does
        // not exist gets the shared not-found page, whatever type was asked for.
        Task Respond(HttpContext c, ReleaseCache.Release release, string key, Func<AtlasText, bool>? exists,
            Func<AtlasPages, AtlasText, (byte[] Body, string ContentType)?> render, int statusCode = StatusCodes.Status200OK, string origin = "")
        {
            var t = Text(c);
            key = $"{key}|{t.Lang}";
            if (!release.TryGet(key, out var response))
            {
                var pages = new AtlasPages(release.Data, city, origin, release.ProvenanceOrNone());
                response = exists is not null && !exists(t)
                    ? NotFoundPage(release, pages, t)
                    : release.GetOrMake(key, fast =>
                        render(pages, t) is { } made
                            ? new CachedResponse(made.Body, made.ContentType,
                                statusCode == StatusCodes.Status200OK ? CachedResponse.PageCaching : CachedResponse.Revalidate,
                                LastModified(release.Data.ReleasedAt), statusCode, compress: made.ContentType != ImagePng, fast: fast)
                            : NotFoundPage(release, pages, t));
            }
            return response.WriteAsync(c);
        }

        // Every unknown indicator or district shares the one not-found page of its language.
        static CachedResponse NotFoundPage(ReleaseCache.Release release, AtlasPages pages, AtlasText t) =>
            release.GetOrMake($"404|{t.Lang}", fast => new CachedResponse(Encoding.UTF8.GetBytes(pages.NotFound(t)), CachedResponse.TextHtml,
                CachedResponse.Revalidate, statusCode: StatusCodes.Status404NotFound, fast: fast));

        app.MapMethods("/", GetAndHead, (HttpContext c) => Page(c, cache.Current(), "/", null, (p, t) => p.Home(t)));
        app.MapMethods("/indikatoren/{id}", GetAndHead, (HttpContext c, string id) =>
        {
            var release = cache.Current();
            var (year, level, area) = (Int(Parameter(c, "jahr")), Parameter(c, "ebene"), Parameter(c, "bezirk"));
            // The page shows each chart's embed snippet with this site's address, so it is kept per address asked for.
            var origin = Origin(c);
            return Page(c, release, $"/indikatoren/{id}|{year}|{level}|{area}|{origin}", _ => release.Data.Indicator(id) is not null,
                (p, t) => p.Indicator(t, id, year, level, area), origin: origin);
        });
        // A chart's numbers, drawing and picture: /grafik/<indicator>/<chart>.<csv|svg|png> with the page's choices.
        app.MapMethods("/grafik/{id}/{file}", GetAndHead, (HttpContext c, string id, string file) =>
        {
            var release = cache.Current();
            var (year, level, area) = (Int(Parameter(c, "jahr")), Parameter(c, "ebene"), Parameter(c, "bezirk"));
            var dot = file.LastIndexOf('.');
            var (kind, format) = dot < 0 ? (file, "") : (file[..dot], file[(dot + 1)..]);
            return Respond(c, release, $"/grafik/{id}/{kind}.{format}|{year}|{level}|{area}",
                t => ChartFormats.Contains(format) && new AtlasPages(release.Data, city).Charts(t, id, year, level, area) is { } charts && charts.Has(kind),
                (p, t) => p.Charts(t, id, year, level, area) is { } charts ? ChartFile(charts, kind, format) : null);
        });
        // The Städtevergleich's map of the state's Kreise as a file: /grafik/staedtevergleich/<indicator>/karte.<csv|svg|png>?jahr=….
        app.MapMethods($"/grafik/{AtlasData.ComparisonDataset}/{{id}}/{{file}}", GetAndHead, (HttpContext c, string id, string file) =>
        {
            var release = cache.Current();
            var year = Int(Parameter(c, "jahr"));
            var format = file.StartsWith("karte.", StringComparison.Ordinal) ? file["karte.".Length..] : "";
            return Respond(c, release, $"/grafik/{AtlasData.ComparisonDataset}/{id}/{file}|{year}",
                t => ChartFormats.Contains(format) && release.Data.Comparison.Indicator(id) is not null && release.Data.Boundaries.Count > 0,
                (p, t) => p.CityComparisonMap(t, id, year, format));
        });
        // The sparklines of a profile as a file: /grafik/bezirke/<code>/verlaeufe.<csv|svg|png>[?ebene=statistischer_bezirk].
        app.MapMethods("/grafik/bezirke/{code}/{file}", GetAndHead, (HttpContext c, string code, string file) =>
        {
            var release = cache.Current();
            var level = Parameter(c, "ebene") == "statistischer_bezirk" ? "statistischer_bezirk" : null;
            var format = file.StartsWith("verlaeufe.", StringComparison.Ordinal) ? file["verlaeufe.".Length..] : "";
            return Respond(c, release, $"/grafik/bezirke/{code}/{file}|{level}",
                t => ChartFormats.Contains(format) && new AtlasView(release.Data, city, t).Area(code, level) is not null,
                (p, t) => p.ProfileTrendsFile(t, code, level, format));
        });
        // One chart without the site around it, for an iframe on another site (the only pages others may frame).
        app.MapMethods("/einbetten/{id}/{kind}", GetAndHead, (HttpContext c, string id, string kind) =>
        {
            var release = cache.Current();
            var (year, level, area) = (Int(Parameter(c, "jahr")), Parameter(c, "ebene"), Parameter(c, "bezirk"));
            var origin = Origin(c);
            return Page(c, release, $"/einbetten/{id}/{kind}|{year}|{level}|{area}|{origin}",
                t => new AtlasPages(release.Data, city).Charts(t, id, year, level, area) is { } charts && charts.Has(kind),
                (p, t) => p.Charts(t, id, year, level, area) is { } charts ? p.Embed(t, charts, kind) : null, origin: origin);
        });
        // Where one value comes from: /herkunft/<indicator>?jahr=…&ebene=…&bezirk=… names the value as the published file does.
        app.MapMethods("/herkunft/{id}", GetAndHead, (HttpContext c, string id) =>
        {
            var release = cache.Current();
            var (year, level, area) = (Int(Parameter(c, "jahr")), Parameter(c, "ebene"), Parameter(c, "bezirk"));
            AtlasValue? Value() => year is { } y && level is not null && area is not null ? release.Data.Find(id, y, level, area) : null;
            return Page(c, release, $"/herkunft/{id}|{year}|{level}|{area}", _ => Value() is not null,
                (p, t) => Value() is { } value ? p.Provenance(t, value, release.Provenance) : null);
        });
        // Where one value of the Städtevergleich comes from: /herkunft/staedtevergleich/<indicator>?jahr=…&gebiet=<Regionalschlüssel>.
        app.MapMethods($"/herkunft/{AtlasData.ComparisonDataset}/{{id}}", GetAndHead, (HttpContext c, string id) =>
        {
            var release = cache.Current();
            var (year, area) = (Int(Parameter(c, "jahr")), Parameter(c, "gebiet"));
            CityComparisonValue? Row() => year is { } y && area is not null
                ? release.Data.Comparison.Values.FirstOrDefault(v => v.Indicator == id && v.Year == y && v.Code == area)
                : null;
            return Page(c, release, $"/herkunft/{AtlasData.ComparisonDataset}/{id}|{year}|{area}", _ => Row() is not null,
                (p, t) => Row() is { } row ? p.CityComparisonProvenance(t, row, release.Provenance) : null);
        });
        app.MapMethods("/bezirke/", GetAndHead, (HttpContext c) => Page(c, cache.Current(), "/bezirke/", null, (p, t) => p.Districts(t)));
        app.MapMethods("/bezirke/{code}", GetAndHead, (HttpContext c, string code) =>
        {
            var release = cache.Current();
            var level = Parameter(c, "ebene");
            // The page reads the level only to tell a statistischer Bezirk from a Stadtbezirk of the same number.
            var key = $"/bezirke/{code}|{(level == "statistischer_bezirk" ? level : "")}";
            return Page(c, release, key, t => new AtlasView(release.Data, city, t).Area(code, level) is not null,
                (p, t) => p.District(t, code, level));
        });
        // The directory of offers; each filter is a parameter, and a value the publication does not know is not found.
        app.MapMethods(OffersView.Directory, GetAndHead, (HttpContext c) =>
        {
            var release = cache.Current();
            var (group, kind, district) = (Parameter(c, OffersView.TargetGroupParameter), Parameter(c, OffersView.KindParameter), Parameter(c, OffersView.DistrictParameter));
            return Page(c, release, $"{OffersView.Directory}|{group}|{kind}|{district}",
                t => new OffersView(new AtlasView(release.Data, city, t)).Knows(group, kind, district),
                (p, t) => p.Offers(t, group, kind, district));
        });
        app.MapMethods($"{OffersView.Directory}/bezirke/{{code}}", GetAndHead, (HttpContext c, string code) =>
        {
            var release = cache.Current();
            var level = Parameter(c, "ebene");
            var key = $"{OffersView.Directory}/bezirke/{code}|{(level == "statistischer_bezirk" ? level : "")}";
            return Page(c, release, key, t => new AtlasView(release.Data, city, t).Area(code, level) is not null,
                (p, t) => p.DistrictOffers(t, code, level));
        });
        app.MapMethods("/suche", GetAndHead, (HttpContext c) =>
        {
            var release = cache.Current();
            var query = c.Request.Query["q"].ToString().Trim();
            // A too-long query is answered by its length alone, so made-up long strings share one page per length.
            if (query.Length > AtlasSearch.MaxQueryLength)
                return Page(c, release, $"/suche|too-long|{query.Length}", null,
                    (p, t) => p.Search(t, query), StatusCodes.Status400BadRequest);
            // One exact name goes straight to its page: a redirect is no page, so there is nothing to render or keep.
            var language = Text(c);
            if (query.Length > 0 && AtlasSearch.Only(AtlasSearch.Find(release.Data, query, language.En)) is { } only)
            {
                c.Response.StatusCode = StatusCodes.Status303SeeOther;
                c.Response.Headers.Location = new AtlasView(release.Data, city, language).Link(only);
                c.Response.Headers.CacheControl = CachedResponse.Revalidate;
                return Task.CompletedTask;
            }
            return Page(c, release, $"/suche|{query}", null, (p, t) => p.Search(t, query));
        });
        app.MapMethods("/vergleich", GetAndHead, (HttpContext c) =>
        {
            var release = cache.Current();
            var view = new AtlasView(release.Data, city, Text(c));
            var (a, problemA) = AtlasCompare.Parse(view, "a", Parameter(c, "a"));
            var (b, problemB) = AtlasCompare.Parse(view, "b", Parameter(c, "b"));
            if ((problemA ?? problemB) is { } problem)
                return Page(c, release, $"/vergleich|{problem.Parameter}|{problem.Kind}|{problem.Value}", null,
                    (p, t) => p.CompareProblem(t, problem), StatusCodes.Status404NotFound);
            var (first, second) = (a!.Value, b!.Value);
            return Page(c, release, $"/vergleich|{first.Level}:{first.Code}|{second.Level}:{second.Code}", null, (p, t) => p.Compare(t, first, second));
        });
        app.MapMethods("/staedtevergleich", GetAndHead, (HttpContext c) =>
            Page(c, cache.Current(), "/staedtevergleich", null, (p, t) => p.CityComparison(t)));
        app.MapMethods("/staedtevergleich/{id}", GetAndHead, (HttpContext c, string id) =>
        {
            var release = cache.Current();
            var year = Int(Parameter(c, "jahr"));
            return Page(c, release, $"/staedtevergleich/{id}|{year}", _ => release.Data.Comparison.Indicator(id) is not null,
                (p, t) => p.CityComparisonIndicator(t, id, year));
        });
        app.MapMethods("/bedarf-und-angebot", GetAndHead, (HttpContext c) =>
            Page(c, cache.Current(), "/bedarf-und-angebot", null, (p, t) => p.NeedAndSupply(t)));
        app.MapMethods("/methodik", GetAndHead, (HttpContext c) => Page(c, cache.Current(), "/methodik", null, (p, t) => p.Methodology(t)));
        app.MapMethods("/downloads", GetAndHead, (HttpContext c) => Page(c, cache.Current(), "/downloads", null, (p, t) => p.Downloads(t)));
        foreach (var asset in AtlasAssets.All)
        {
            app.MapMethods($"/assets/{asset.File}", GetAndHead, (HttpContext c) =>
                (c.Request.Query["v"] == asset.Version ? asset.Versioned : asset.Plain).WriteAsync(c));
        }
        // Browsers ask for /favicon.ico whatever the page links; send them to the one icon there is.
        app.MapMethods("/favicon.ico", GetAndHead, () => Results.Redirect(AtlasAssets.Link("favicon.svg"), permanent: true));
        app.MapMethods("/robots.txt", GetAndHead, (HttpContext c) => RobotsTxt.WriteAsync(c));
        return app;
    }

    /// <summary>
    /// What crawlers may read: the atlas and the open data, not the operators' dashboard (it answers only local requests
    /// or operators anyway). The embed pages say noindex themselves.
    /// </summary>
    public const string Robots = "User-agent: *\nDisallow: /hangfire\n";

    static readonly CachedResponse RobotsTxt = new(Encoding.UTF8.GetBytes(Robots), "text/plain; charset=utf-8", CachedResponse.Revalidate);

    static readonly string[] ChartFormats = ["csv", "svg", "png"];
    const string ImagePng = "image/png";

    /// <summary>The scheme and host the request was made to, as the embed snippet names this site.</summary>
    static string Origin(HttpContext c) => $"{c.Request.Scheme}://{c.Request.Host.ToUriComponent()}";

    /// <summary>One chart as a file: its numbers as CSV, its drawing as SVG with title and source, or that drawing as PNG.</summary>
    static (byte[] Body, string ContentType) ChartFile(IndicatorCharts charts, string kind, string format)
    {
        if (format == "csv")
            return (charts.Csv(kind), "text/csv; charset=utf-8");
        var svg = Svg.Standalone(charts.Svg(kind), charts.Title(kind), charts.SourceLine);
        return format == "png" ? (ChartImage.Png(svg), ImagePng) : (Encoding.UTF8.GetBytes(svg), "image/svg+xml; charset=utf-8");
    }

    /// <summary>
    /// A page changes with the release and with the templates: the later of the release's time and the time this
    /// program was built, so a client asking If-Modified-Since after an update of the atlas gets the new page.
    /// </summary>
    static DateTimeOffset LastModified(DateTime? released)
    {
        var built = new DateTimeOffset(Built, TimeSpan.Zero);
        if (released is not { } at)
            return built;
        var release = new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc));
        return release > built ? release : built;
    }

    static readonly DateTime Built = typeof(AtlasEndpoints).Assembly.Location is { Length: > 0 } location && File.Exists(location)
        ? File.GetLastWriteTimeUtc(location)
        : DateTime.UtcNow;

    /// <summary>The static files of Atlas/Assets, embedded in the assembly (see the project file), with their types.</summary>
    public static readonly IReadOnlyList<(string File, string ContentType)> Assets =
    [
        ("atlas.css", "text/css; charset=utf-8"),
        ("atlas.js", "text/javascript; charset=utf-8"),
        ("favicon.svg", "image/svg+xml"),
    ];

    public static byte[] Asset(string file)
    {
        using var stream = typeof(AtlasEndpoints).Assembly.GetManifestResourceStream($"atlas/{file}")
            ?? throw new InvalidOperationException($"Atlas/Assets/{file} is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

/// <summary>
/// The atlas's stylesheet, script and icon, each with a version from its content. Pages link them with the version
/// (<see cref="Link"/>), and an address with the current version never changes, so browsers keep it for a year;
/// the address without it is revalidated every time.
/// </summary>
public sealed class AtlasAssets
{
    public required string File { get; init; }
    public required string Version { get; init; }
    public required CachedResponse Versioned { get; init; }
    public required CachedResponse Plain { get; init; }

    public static readonly IReadOnlyList<AtlasAssets> All = AtlasEndpoints.Assets.Select(a =>
    {
        var bytes = AtlasEndpoints.Asset(a.File);
        return new AtlasAssets
        {
            File = a.File,
            Version = Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 6)),
            Versioned = new CachedResponse(bytes, a.ContentType, CachedResponse.Immutable),
            Plain = new CachedResponse(bytes, a.ContentType, CachedResponse.Revalidate),
        };
    }).ToList();

    /// <summary>The versioned address of an asset, as pages link it.</summary>
    public static string Link(string file) => $"/assets/{file}?v={All.First(a => a.File == file).Version}";
}
