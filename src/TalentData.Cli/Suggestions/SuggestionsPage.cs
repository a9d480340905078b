using System.Net;
using System.Text;
using Hangfire.Dashboard;
using Hangfire.Dashboard.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace TalentData.Cli.Suggestions;

/// <summary>
/// The operators' queue of citizens' suggestions inside the dashboard (/hangfire/talentdata/vorschlaege): the open ones
/// with everything that was sent (HTML-encoded, it is text), and for operators (not viewers) a form to accept one, with
/// the row for sql/reference/talent_programmes.csv filled in from the suggestion to correct, or to reject it. Accepting
/// checks the row against the directory's schema; the accepted rows are then a download, the file with them appended,
/// to replace the repository's file and commit. The dashboard checks the antiforgery token of every POST.
/// </summary>
public sealed class SuggestionsPage : RazorPage
{
    public const string Route = "/talentdata/vorschlaege";
    public const string ContentId = "talentdata-suggestions";

    static readonly Lock registration = new();
    static bool registered;

    /// <summary>What an accept that the schema refused sent, shown again with the problems (status 400).</summary>
    public sealed record Refused(long Id, IReadOnlyDictionary<string, string> Fields, IReadOnlyList<string> Problems);

    /// <summary>Where a refused accept hands its <see cref="Refused"/> to the page it renders (HttpContext.Items).</summary>
    const string RefusedItem = "talentdata.suggestions.refused";

    public static void Register()
    {
        lock (registration)
        {
            if (registered) return;
            DashboardRoutes.Routes.AddRazorPage(Route, _ => new SuggestionsPage());
            DashboardRoutes.Routes.Add(Route + @"/(?<id>\d+)/(?<action>annehmen|ablehnen)", new Decision());
            DashboardRoutes.Routes.Add(Route + @"/(?:(?<id>\d+)/)?" + ProgrammeDirectory.FileName.Replace(".", @"\.", StringComparison.Ordinal), new Download());
            NavigationMenu.Items.Add(page => new MenuItem("Suggestions", page.Url.To(Route)) { Active = page.RequestPath.StartsWith(Route, StringComparison.Ordinal) });
            registered = true;
        }
    }

    static string H(string? value) => WebUtility.HtmlEncode(value ?? "");

    static HttpContext Http(DashboardContext context) => ((AspNetCoreDashboardContext)context).HttpContext;

    public override void Execute()
    {
        Layout = new LayoutPage("Suggestions");
        var http = Http(Context);
        var services = http.RequestServices;
        var all = services.GetRequiredService<SuggestionStore>().All();
        var directory = services.GetRequiredService<ProgrammeDirectory>();
        var retention = services.GetRequiredService<Settings.ServeSettings>().Suggestions.ContactRetentionDays;
        var tokenField = services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.FormFieldName;
        var token = $"""<input type="hidden" name="{H(tokenField)}" value="{H(Context.AntiforgeryToken)}">""";
        var readOnly = Context.IsReadOnly;
        var clock = services.GetRequiredService<TimeProvider>();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var base_ = http.Request.PathBase + Route;
        var refused = http.Items[RefusedItem] as Refused;

        var html = new StringBuilder();
        // As the operators' page: links in sentences underlined and captions dark enough, where Bootstrap's defaults fail axe.
        html.Append($$"""<main id="{{ContentId}}" class="row"><style>#{{ContentId}} caption { color: #4d4d4d; } #{{ContentId}} p a, #{{ContentId}} td a { text-decoration: underline; }</style><div class="col-md-12"><h1 class="page-header">Suggestions</h1>""");
        html.Append($"""
            <p>What citizens sent through the form <a href="{SuggestionEndpoints.Route}">“Fehlt ein Angebot?”</a>. Nothing here is published.
            Accepting one checks its row against sql/reference/talent_programmes.schema.yaml; the accepted rows are then a file to download,
            review and commit in place of sql/reference/talent_programmes.csv. E-mail addresses are deleted {retention} days after they were sent,
            decided suggestions {retention} days after the decision.</p>
            """);
        if (readOnly)
            html.Append("<p><strong>Read-only:</strong> viewers see the queue; only operators accept or reject.</p>");
        if (refused is not null)
            html.Append($"""<div class="alert alert-danger" role="alert"><p>Suggestion {refused.Id} was not accepted: its row does not match the directory's schema.</p><ul>{string.Concat(refused.Problems.Select(p => $"<li>{H(p)}</li>"))}</ul></div>""");

        var open = all.Where(s => s.Status == SuggestionStatus.Open).ToList();
        html.Append($"<h2>Open ({open.Count})</h2>");
        if (open.Count == 0) html.Append("<p>No suggestion is waiting.</p>");
        foreach (var s in open)
        {
            html.Append($"""<section class="panel panel-default" aria-labelledby="suggestion-{s.Id}"><div class="panel-heading"><h3 class="panel-title" id="suggestion-{s.Id}">{s.Id}: {H(s.Name)}</h3></div><div class="panel-body">""");
            html.Append("<table class=\"table\"><tbody>");
            void Row(string label, string? value) => html.Append($"<tr><th scope=\"row\">{H(label)}</th><td>{H(value)}</td></tr>");
            Row("Received", s.ReceivedAt);
            Row("Missing", s.Missing);
            Row("Kind", s.Kind.Length > 0 ? s.Kind : "(not known)");
            Row("Target groups", s.TargetGroups);
            Row("Districts", s.Districts);
            Row("Web address", s.Url.Length > 0 ? s.Url : "–");
            html.Append($"<tr><th scope=\"row\">Description</th><td><pre>{H(s.Description)}</pre></td></tr>");
            Row("Language", s.Language);
            Row("Contact for a reply", s.Contact is null ? "none" : $"{s.Contact} (deleted on {s.ContactUntil})");
            html.Append("</tbody></table>");
            if (!readOnly)
            {
                var fields = refused?.Id == s.Id ? refused.Fields : new Dictionary<string, string>
                {
                    ["name"] = s.Name,
                    ["kind"] = s.Kind,
                    ["target_groups"] = s.TargetGroups,
                    ["districts_served"] = s.Districts,
                    ["contact_url"] = s.Url,
                    ["source"] = $"Vorschlag über das Formular vom {s.ReceivedAt[..10]}, geprüft am {today}",
                };
                html.Append($"""<form method="post" action="{H(base_)}/{s.Id}/annehmen">{token}<fieldset><legend>Accept: the row for talent_programmes.csv (date_checked {today}, example false)</legend>""");
                foreach (var (name, value) in fields)
                {
                    var id = $"s{s.Id}-{name}";
                    var hint = name switch
                    {
                        "kind" => $" (one of {string.Join(", ", directory.Kinds)})",
                        "target_groups" => $" ({string.Join(", ", directory.TargetGroups)}; joined by |)",
                        "districts_served" => $" (Stadtbezirk codes joined by |, or {ProgrammeDirectory.CityWide})",
                        "contact_url" => " (absolute http(s) address; required by the schema)",
                        _ => "",
                    };
                    html.Append($"""<div class="form-group"><label for="{id}">{H(name)}{H(hint)}</label><input class="form-control" id="{id}" name="{H(name)}" type="text" value="{H(value)}"></div>""");
                }
                html.Append("""<button type="submit" class="btn btn-primary">Accept</button></fieldset></form>""");
                html.Append($"""<form method="post" action="{H(base_)}/{s.Id}/ablehnen">{token}<button type="submit" class="btn btn-default">Reject</button></form>""");
            }
            html.Append("</div></section>");
        }

        var accepted = all.Where(s => s.Status == SuggestionStatus.Accepted).ToList();
        html.Append($"<h2>Accepted ({accepted.Count})</h2>");
        if (accepted.Count > 0)
        {
            html.Append($"""<p><a href="{H(base_)}/{ProgrammeDirectory.FileName}">talent_programmes.csv with all {accepted.Count} accepted rows</a> (rows the file already holds are not added again).</p>""");
            html.Append("""<table class="table table-striped"><caption>Accepted suggestions and their rows</caption><thead><tr><th scope="col">Id</th><th scope="col">Decided</th><th scope="col">By</th><th scope="col">Row</th><th scope="col">File</th></tr></thead><tbody>""");
            foreach (var s in accepted)
                html.Append($"""<tr><td>{s.Id}</td><td>{H(s.DecidedAt)}</td><td>{H(s.DecidedBy)}</td><td><code>{H(s.Row)}</code></td><td><a href="{H(base_)}/{s.Id}/{ProgrammeDirectory.FileName}">talent_programmes.csv with this row</a></td></tr>""");
            html.Append("</tbody></table>");
        }
        var rejected = all.Where(s => s.Status == SuggestionStatus.Rejected).ToList();
        html.Append($"<h2>Rejected ({rejected.Count})</h2>");
        if (rejected.Count > 0)
        {
            html.Append("""<table class="table table-striped"><caption>Rejected suggestions</caption><thead><tr><th scope="col">Id</th><th scope="col">Name</th><th scope="col">Decided</th><th scope="col">By</th></tr></thead><tbody>""");
            foreach (var s in rejected)
                html.Append($"<tr><td>{s.Id}</td><td>{H(s.Name)}</td><td>{H(s.DecidedAt)}</td><td>{H(s.DecidedBy)}</td></tr>");
            html.Append("</tbody></table>");
        }
        // The operators' page (Serve/OperatorsPage.Route); Serve registers this folder, so the address is named, not the type.
        html.Append($"""<p><a href="{H(http.Request.PathBase + "/talentdata")}">TalentData runs and checks</a></p></div></main>""");
        WriteLiteral(html.ToString());
    }

    /// <summary>POST …/{id}/annehmen or …/{id}/ablehnen: operators only; then back to the queue (Post/Redirect/Get).</summary>
    sealed class Decision : IDashboardDispatcher
    {
        public async Task Dispatch(DashboardContext context)
        {
            var http = Http(context);
            if (!HttpMethods.IsPost(http.Request.Method))
            {
                http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                return;
            }
            // Hangfire's own commands answer a viewer's POST 401 the same way.
            if (context.IsReadOnly)
            {
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            var services = http.RequestServices;
            var store = services.GetRequiredService<SuggestionStore>();
            var id = long.Parse(context.UriMatch.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var by = http.User.Identity?.IsAuthenticated == true ? http.User.Identity.Name ?? "operator" : "local operator";
            if (store.ById(id) is not { Status: SuggestionStatus.Open })
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            if (context.UriMatch.Groups["action"].Value == "ablehnen")
                store.Reject(id, by);
            else
            {
                var form = await http.Request.ReadFormAsync(http.RequestAborted);
                var fields = new[] { "name", "kind", "target_groups", "districts_served", "contact_url", "source" }
                    .ToDictionary(f => f, f => SuggestionForm.Line(form[f]));
                var clock = services.GetRequiredService<TimeProvider>();
                var row = ProgrammeDirectory.Row(fields["name"], fields["kind"], fields["target_groups"], fields["districts_served"], fields["contact_url"],
                    fields["source"], DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
                var (_, problems) = services.GetRequiredService<ProgrammeDirectory>().WithRows([row], clock);
                if (problems.Count > 0)
                {
                    // The queue again, with the problems and the fields as sent: the page's own dispatcher renders it in the layout.
                    http.Response.StatusCode = StatusCodes.Status400BadRequest;
                    http.Items[RefusedItem] = new Refused(id, fields, problems);
                    await DashboardRoutes.Routes.FindDispatcher(Route)!.Item1.Dispatch(context);
                    return;
                }
                store.Accept(id, row, by);
            }
            http.Response.StatusCode = StatusCodes.Status303SeeOther;
            http.Response.Headers.Location = http.Request.PathBase + Route;
        }
    }

    /// <summary>GET …/talent_programmes.csv (every accepted row) or …/{id}/talent_programmes.csv (one): the file to commit.</summary>
    sealed class Download : IDashboardDispatcher
    {
        public async Task Dispatch(DashboardContext context)
        {
            var http = Http(context);
            var store = http.RequestServices.GetRequiredService<SuggestionStore>();
            var id = context.UriMatch.Groups["id"].Value;
            var accepted = id.Length == 0
                ? store.All().Where(s => s.Status == SuggestionStatus.Accepted).ToList()
                : store.ById(long.Parse(id, System.Globalization.CultureInfo.InvariantCulture)) is { Status: SuggestionStatus.Accepted } one ? [one] : [];
            if (id.Length > 0 && accepted.Count == 0)
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            var (csv, problems) = http.RequestServices.GetRequiredService<ProgrammeDirectory>()
                .WithRows(accepted.Select(s => s.Row!), http.RequestServices.GetRequiredService<TimeProvider>());
            if (problems.Count > 0)
            {
                // The repository's file changed since the row was accepted (the same name added by hand, a new schema).
                http.Response.StatusCode = StatusCodes.Status409Conflict;
                http.Response.ContentType = "text/plain; charset=utf-8";
                await http.Response.WriteAsync($"The file with the accepted row(s) would not match its schema:\n{string.Join("\n", problems)}\n", Encoding.UTF8);
                return;
            }
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{ProgrammeDirectory.FileName}\"";
            http.Response.Headers.CacheControl = "no-store";
            await http.Response.WriteAsync(csv, new UTF8Encoding(false));
        }
    }
}
