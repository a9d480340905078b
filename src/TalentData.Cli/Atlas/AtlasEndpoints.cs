using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TalentData.Atlas;

namespace TalentData.Cli.Atlas;

/// <summary>
/// The public Talent-Atlas pages. They read only the published exports; the data is reloaded when a new
/// publication replaces data/exports/…/latest.
/// </summary>
public static class AtlasEndpoints
{
    sealed class Cache(string exportsRoot, string catalogueFile)
    {
        readonly Lock gate = new();
        (DateTime Stamp, AtlasData Data)? current;

        public AtlasData Get()
        {
            var stamp = Stamp();
            lock (gate)
            {
                if (current is not { } c || c.Stamp != stamp)
                    current = (stamp, AtlasData.Load(exportsRoot, catalogueFile));
                return current.Value.Data;
            }
        }

        DateTime Stamp()
        {
            var files = new[] { Path.Combine(exportsRoot, AtlasData.ValuesDataset, "latest", "data.csv"), catalogueFile }.Where(File.Exists);
            return files.Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(DateTime.MinValue).Max();
        }
    }

    public static IEndpointRouteBuilder MapTalentAtlas(this IEndpointRouteBuilder app, string exportsRoot, string catalogueFile)
    {
        var cache = new Cache(exportsRoot, catalogueFile);
        static AtlasText Text(HttpContext c) => new(c.Request.Query["lang"].ToString());
        static IResult Page(string html) => Results.Content(html, "text/html; charset=utf-8");
        static int? Int(string? s) => int.TryParse(s, out var v) ? v : null;

        app.MapGet("/", (HttpContext c) => Page(new AtlasPages(cache.Get()).Home(Text(c))));
        app.MapGet("/indikatoren/{id}", (HttpContext c, string id) =>
        {
            var q = c.Request.Query;
            var html = new AtlasPages(cache.Get()).Indicator(Text(c), id, Int(q["jahr"]), q["ebene"].ToString() is { Length: > 0 } l ? l : null, q["bezirk"].ToString() is { Length: > 0 } b ? b : null);
            return html is null ? Results.Content(new AtlasPages(cache.Get()).NotFound(Text(c)), "text/html; charset=utf-8", statusCode: 404) : Page(html);
        });
        app.MapGet("/bezirke/", (HttpContext c) => Page(new AtlasPages(cache.Get()).Districts(Text(c))));
        app.MapGet("/bezirke/{code}", (HttpContext c, string code) =>
            new AtlasPages(cache.Get()).District(Text(c), code, c.Request.Query["ebene"].ToString() is { Length: > 0 } level ? level : null) is { } html
                ? Page(html)
                : Results.Content(new AtlasPages(cache.Get()).NotFound(Text(c)), "text/html; charset=utf-8", statusCode: 404));
        app.MapGet("/methodik", (HttpContext c) => Page(new AtlasPages(cache.Get()).Methodology(Text(c))));
        app.MapGet("/downloads", (HttpContext c) => Page(new AtlasPages(cache.Get()).Downloads(Text(c))));
        app.MapGet("/assets/atlas.css", () => Results.Content(AtlasPages.Css, "text/css; charset=utf-8"));
        app.MapGet("/assets/atlas.js", () => Results.Content(AtlasPages.Js, "text/javascript; charset=utf-8"));
        return app;
    }
}
