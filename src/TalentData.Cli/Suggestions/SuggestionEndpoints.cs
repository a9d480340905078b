using System.Globalization;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TalentData.Cli.Atlas;
using TalentData.Cli.Settings;
using TalentData.Project;

namespace TalentData.Cli.Suggestions;

/// <summary>
/// "Fehlt ein Angebot?": GET /angebote/vorschlagen shows the form (plain HTML, no script needed), POST stores the
/// suggestion for the operators' queue and redirects to a thank-you page (Post/Redirect/Get). Nothing sent here is ever
/// published: it waits in data/suggestions.sqlite until an operator accepts it, and an accepted one only becomes a file
/// to commit. A POST passes, in this order: the rate limiter (per client address and for all together, in memory), the
/// body size limit (413), the antiforgery token (400), the honeypot (a filled one is answered as a success and dropped),
/// and the field checks (400, the form again with what was wrong). Every refusal is a page in the reader's language.
/// </summary>
public static class SuggestionEndpoints
{
    /// <summary>The form's address, as the atlas's layout links it (Atlas/Pages/AtlasLayout.razor, below this folder, names it literally).</summary>
    public const string Route = "/angebote/vorschlagen";
    public const string ThanksRoute = Route + "/danke";

    /// <summary>Every page of the site answers HEAD as well as GET (Kestrel sends no body to HEAD).</summary>
    static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    /// <summary>The form's own answers are never kept by caches: the form carries a token, the thank-you page one person's suggestion.</summary>
    const string NoStore = "no-store";

    /// <summary>Whether a request is a submission, which the rate limiter counts (nothing else of the site is limited here).</summary>
    /// <remarks>Any POST under the form's address: routing also matches it with a trailing slash, which must not escape the count.</remarks>
    public static bool IsSubmission(HttpContext c) =>
        HttpMethods.IsPost(c.Request.Method) && c.Request.Path.StartsWithSegments(Route, StringComparison.OrdinalIgnoreCase);

    /// <summary>The store, the directory, the rate limiter and the hourly retention, as serve registers them.</summary>
    public static void AddSuggestions(this IServiceCollection services, ServeSettings settings)
    {
        var limits = settings.Suggestions;
        if (limits.PerClientLimit < 1 || limits.GlobalLimit < 1 || limits.Window <= TimeSpan.Zero || limits.MaxBodyBytes < 1024)
            throw new PipelineException("", "config",
                $"Suggestions: expected PerClientLimit and GlobalLimit of at least 1, a Window above zero and MaxBodyBytes of at least 1024; found " +
                $"{limits.PerClientLimit}, {limits.GlobalLimit}, {limits.Window}, {limits.MaxBodyBytes}.");
        // Read at start: a schema the form cannot follow fails serve now, not the first citizen.
        services.AddSingleton(new ProgrammeDirectory(settings.RepoRoot));
        services.AddSingleton(sp => new SuggestionStore(new DataLayout(settings.DataDir).SuggestionsPath, sp.GetRequiredService<TimeProvider>(), limits.ContactRetention));
        services.AddHostedService<SuggestionRetention>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Two windows: each client address alone, and all together, so a flood from many addresses also stops.
            // Other requests pass through a limiter that never refuses.
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(c => IsSubmission(c)
                    ? RateLimitPartition.GetFixedWindowLimiter("client " + (c.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.PerClientLimit, Window = limits.Window, QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(c => IsSubmission(c)
                    ? RateLimitPartition.GetFixedWindowLimiter("all",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.GlobalLimit, Window = limits.Window, QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("")));
            o.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait))
                    context.HttpContext.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                return new ValueTask(Refuse(context.HttpContext, StatusCodes.Status429TooManyRequests, "SuggestRefusedTooMany"));
            };
        });
    }

    /// <summary>The form, its submission and the thank-you page; serve only (the static site has <see cref="MapNotice"/>).</summary>
    public static IEndpointRouteBuilder MapSuggestions(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Route, GetAndHead, (HttpContext c) => Form(c, new SuggestionInput(), [], StatusCodes.Status200OK));
        app.MapPost(Route, Submit);
        app.MapMethods(ThanksRoute, GetAndHead, (HttpContext c) =>
        {
            var receipt = c.Request.Query["beleg"].ToString();
            var store = c.RequestServices.GetRequiredService<SuggestionStore>();
            // A receipt is 32 hex digits; anything else is not looked up.
            var suggestion = receipt.Length == 32 && receipt.All(char.IsAsciiHexDigitLower) ? store.ByReceipt(receipt) : null;
            return Write(c, StatusCodes.Status200OK, (p, t) => p.Render<SuggestThanksPage>(t, new()
            {
                ["Suggestion"] = suggestion,
                ["RetentionDays"] = Settings(c).ContactRetentionDays,
            }));
        });
        return app;
    }

    /// <summary>
    /// The static site's page at the form's address: a static copy of the atlas cannot take a suggestion, so it says
    /// where one can be made instead of answering 404 (with --server-url its links lead to the server's form).
    /// </summary>
    public static IEndpointRouteBuilder MapNotice(this IEndpointRouteBuilder app, ReleaseCache releases, City city)
    {
        app.MapMethods(Route, GetAndHead, (HttpContext c) =>
        {
            var t = new AtlasText(c.Request.Query["lang"].ToString());
            var html = new AtlasPages(releases.Current().Data, city).Render<SuggestPage>(t, new() { ["Static"] = true });
            return Html(c, StatusCodes.Status200OK, html);
        });
        return app;
    }

    static SuggestionSettings Settings(HttpContext c) => c.RequestServices.GetRequiredService<ServeSettings>().Suggestions;

    static async Task Submit(HttpContext c)
    {
        var limits = Settings(c);
        // Refused by its declared length before a byte of it is read; a body without one is cut off at the limit below.
        if (c.Request.ContentLength > limits.MaxBodyBytes)
        {
            await Refuse(c, StatusCodes.Status413PayloadTooLarge, "SuggestRefusedTooLarge");
            return;
        }
        if (c.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = limits.MaxBodyBytes;
        var antiforgery = c.RequestServices.GetRequiredService<IAntiforgery>();
        IFormCollection form;
        try
        {
            if (!c.Request.HasFormContentType)
            {
                await Refuse(c, StatusCodes.Status400BadRequest, "SuggestRefusedNotAForm");
                return;
            }
            form = await c.Request.ReadFormAsync(c.RequestAborted);
            await antiforgery.ValidateRequestAsync(c);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await Refuse(c, StatusCodes.Status413PayloadTooLarge, "SuggestRefusedTooLarge");
            return;
        }
        catch (AntiforgeryValidationException)
        {
            await Refuse(c, StatusCodes.Status400BadRequest, "SuggestRefusedToken");
            return;
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
        {
            // A form the parser refuses (too many fields, a value beyond FormOptions' limits, a broken encoding).
            await Refuse(c, StatusCodes.Status400BadRequest, "SuggestRefusedNotAForm");
            return;
        }
        var lang = new AtlasText(c.Request.Query["lang"].ToString()).Lang;
        var query = lang == "en" ? "lang=en" : "";
        if (SuggestionForm.IsSpam(form))
        {
            // Answered like a success, so a program learns nothing from the answer; nothing is stored.
            Redirect(c, ThanksRoute + (query.Length > 0 ? "?" + query : ""));
            return;
        }
        var directory = c.RequestServices.GetRequiredService<ProgrammeDirectory>();
        var (input, problems) = SuggestionForm.Read(form, directory);
        if (problems.Count > 0)
        {
            await Form(c, input, problems, StatusCodes.Status400BadRequest);
            return;
        }
        var receipt = c.RequestServices.GetRequiredService<SuggestionStore>().Add(input, lang);
        Redirect(c, $"{ThanksRoute}?beleg={receipt}" + (query.Length > 0 ? "&" + query : ""));
    }

    static void Redirect(HttpContext c, string location)
    {
        c.Response.StatusCode = StatusCodes.Status303SeeOther;
        c.Response.Headers.Location = location;
        c.Response.Headers.CacheControl = NoStore;
    }

    /// <summary>The form, empty or as sent with what was wrong, with a fresh antiforgery token (and its cookie).</summary>
    static Task Form(HttpContext c, SuggestionInput input, IReadOnlyList<string> problems, int status)
    {
        var tokens = c.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(c);
        return Write(c, status, (p, t) => p.Render<SuggestPage>(t, new()
        {
            ["Input"] = input,
            ["Problems"] = problems,
            ["TokenField"] = tokens.FormFieldName,
            ["Token"] = tokens.RequestToken,
            ["Directory"] = c.RequestServices.GetRequiredService<ProgrammeDirectory>(),
            ["RetentionDays"] = Settings(c).ContactRetentionDays,
        }));
    }

    /// <summary>A refusal: the status and a page that says what was wrong and leads back to the form.</summary>
    public static Task Refuse(HttpContext c, int status, string reason) =>
        Write(c, status, (p, t) => p.Render<SuggestRefusedPage>(t, new() { ["Reason"] = reason }));

    static Task Write(HttpContext c, int status, Func<AtlasPages, AtlasText, string> render)
    {
        var t = new AtlasText(c.Request.Query["lang"].ToString());
        var releases = c.RequestServices.GetRequiredService<ReleaseCache>();
        var pages = new AtlasPages(releases.Current().Data, c.RequestServices.GetRequiredService<City>());
        return Html(c, status, render(pages, t));
    }

    static Task Html(HttpContext c, int status, string html)
    {
        c.Response.StatusCode = status;
        c.Response.ContentType = CachedResponse.TextHtml;
        c.Response.Headers.CacheControl = NoStore;
        // A refused body may be unread; the connection is closed rather than read to its end.
        if (status == StatusCodes.Status413PayloadTooLarge) c.Response.Headers.Connection = "close";
        return c.Response.WriteAsync(html, Encoding.UTF8);
    }
}
