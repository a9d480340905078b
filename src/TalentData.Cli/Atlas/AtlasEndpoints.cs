using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TalentData.Atlas;
using TalentData.Project;

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

    public static IEndpointRouteBuilder MapTalentAtlas(this IEndpointRouteBuilder app, string exportsRoot, string catalogueFile, City city)
    {
        var cache = new Cache(exportsRoot, catalogueFile);
        AtlasPages Pages() => new(cache.Get(), city);
        static AtlasText Text(HttpContext c) => new(c.Request.Query["lang"].ToString());
        static IResult Page(string html) => Results.Content(html, "text/html; charset=utf-8");
        static string? Parameter(HttpContext c, string name) => c.Request.Query[name].ToString() is { Length: > 0 } value ? value : null;
        static int? Int(string? s) => int.TryParse(s, out var v) ? v : null;
        IResult NotFound(HttpContext c) => Results.Content(Pages().NotFound(Text(c)), "text/html; charset=utf-8", statusCode: 404);

        app.MapGet("/", (HttpContext c) => Page(Pages().Home(Text(c))));
        app.MapGet("/indikatoren/{id}", (HttpContext c, string id) =>
            Pages().Indicator(Text(c), id, Int(Parameter(c, "jahr")), Parameter(c, "ebene"), Parameter(c, "bezirk")) is { } html ? Page(html) : NotFound(c));
        app.MapGet("/bezirke/", (HttpContext c) => Page(Pages().Districts(Text(c))));
        app.MapGet("/bezirke/{code}", (HttpContext c, string code) =>
            Pages().District(Text(c), code, Parameter(c, "ebene")) is { } html ? Page(html) : NotFound(c));
        app.MapGet("/methodik", (HttpContext c) => Page(Pages().Methodology(Text(c))));
        app.MapGet("/downloads", (HttpContext c) => Page(Pages().Downloads(Text(c))));
        foreach (var (file, type) in Assets)
        {
            var bytes = Asset(file);
            app.MapGet($"/assets/{file}", () => Results.Bytes(bytes, type));
        }
        return app;
    }

    /// <summary>The static files of Atlas/Assets, embedded in the assembly (see the project file), with their types.</summary>
    public static readonly IReadOnlyList<(string File, string ContentType)> Assets =
    [
        ("atlas.css", "text/css; charset=utf-8"),
        ("atlas.js", "text/javascript; charset=utf-8"),
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
