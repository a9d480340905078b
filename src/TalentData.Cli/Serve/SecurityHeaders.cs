using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TalentData.Cli.Serve;

/// <summary>
/// The browser-side defences every response of the web host carries: a Content-Security-Policy per part of the
/// site (no inline script anywhere; the atlas loads only its own stylesheet and script), nosniff, no referrer,
/// and no framing by other sites (frame-ancestors, and X-Frame-Options for browsers without CSP level 2) except
/// for the embed pages, which exist to be framed. Chart files (/grafik) are data: they run and load nothing.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// The atlas: server-rendered HTML and inline SVG, /assets/atlas.css and /assets/atlas.js, forms to itself. Requests
    /// from the page to this site only (connect-src 'self'): the atlas's script makes none, but crawlers' and auditors'
    /// tools read /robots.txt from inside the page (Lighthouse does), and a policy of 'none' makes the site look broken to them.
    /// </summary>
    public const string AtlasPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>
    /// The embed pages (/einbetten/…): the atlas's policy, except that any site may show them in a frame; that is what
    /// they are for. They hold a chart, its source and a link, and no form, so framing them can trick nobody into an action.
    /// </summary>
    public const string EmbedPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors *";

    /// <summary>
    /// Hangfire's dashboard: its own scripts and polling, but its pages carry inline style attributes, which only
    /// 'unsafe-inline' for styles allows (a style cannot run script).
    /// </summary>
    public const string DashboardPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>Data and JSON, never a page: a file opened in the browser runs nothing and loads nothing.</summary>
    public const string DataPolicy = "default-src 'none'; sandbox; frame-ancestors 'none'";

    public static void Use(WebApplication app) => app.Use((context, next) =>
    {
        // Read here: inside Hangfire's branch the path no longer starts with /hangfire.
        var path = context.Request.Path;
        // OnStarting: the headers reach every response, also those the static files, Hangfire and 404s write.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var embed = path.StartsWithSegments("/einbetten");
            headers.ContentSecurityPolicy = path.StartsWithSegments("/hangfire") ? DashboardPolicy
                : path.StartsWithSegments("/opendata") || path.StartsWithSegments("/health") || path.StartsWithSegments("/grafik") ? DataPolicy
                : embed ? EmbedPolicy
                : AtlasPolicy;
            headers.XContentTypeOptions = "nosniff";
            // X-Frame-Options knows no "any site"; CSP level 2 browsers follow frame-ancestors and ignore it anyway.
            if (!embed) headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
