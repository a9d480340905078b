using System.Globalization;
using System.Net;
using System.Text;
using Hangfire.Dashboard;
using Hangfire.Dashboard.Pages;
using Microsoft.Extensions.DependencyInjection;
using TalentData.Cli.Settings;
using TalentData.Project;
using TalentData.Running;
using TalentData.Warehouse;

namespace TalentData.Cli.Serve;

/// <summary>
/// The operators' page inside the dashboard (/hangfire/talentdata): the latest run whoever started it (the status
/// file), and from the published snapshot's ledger the last runs with their steps, the checks with their severity,
/// quarantined rows with file, line and reason, and datasets that are stale. It never opens work.duckdb, which
/// belongs to the running job; the snapshot is read once per version of the file.
/// </summary>
public sealed class OperatorsPage : RazorPage
{
    public const string Route = "/talentdata";

    static readonly Lock registration = new();
    static bool registered;

    /// <summary>Adds the page and its menu entry to the dashboard; the route table is process-wide, so once per process.</summary>
    public static void Register()
    {
        lock (registration)
        {
            if (registered) return;
            DashboardRoutes.Routes.AddRazorPage(Route, _ => new OperatorsPage());
            NavigationMenu.Items.Add(page => new MenuItem("TalentData", page.Url.To(Route)) { Active = page.RequestPath.StartsWith(Route, StringComparison.Ordinal) });
            registered = true;
        }
    }

    public override void Execute()
    {
        Layout = new LayoutPage("TalentData");
        var services = ((AspNetCoreDashboardContext)Context).HttpContext.RequestServices;
        var settings = services.GetRequiredService<ServeSettings>();
        var ledger = services.GetRequiredService<OperatorsLedger>().Read();
        WriteLiteral(Render(ledger, services.GetRequiredService<LastRunFile>().Read(), settings));
    }

    /// <summary>The id of the page's main landmark: what is this page's own, apart from Hangfire's navigation and footer.</summary>
    public const string ContentId = "talentdata-operators";

    /// <summary>Bootstrap 3's caption grey (#777, 4.5:1 needed) and links told from text by colour alone, fixed for this page's content only.</summary>
    const string Styles = $"#{ContentId} caption {{ color: #4d4d4d; }} #{ContentId} p a {{ text-decoration: underline; }}";

    const string Close = "</div></main>";

    static string H(object? value) => WebUtility.HtmlEncode(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");

    static string Time(DateTime? t) => t is { } v ? v.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z" : "–";

    static string Time(DateTimeOffset? t) => Time(t?.UtcDateTime);

    static string Render(LedgerView ledger, LastRun? last, ServeSettings settings)
    {
        string Text(string? message) => message is null ? "" : H(HealthEndpoint.Redact(message, settings));
        var html = new StringBuilder();
        // Hangfire's layout has no landmarks: the page's own content is the main landmark, and its styles (scoped to it) make
        // links in sentences underlined and captions dark enough, where Bootstrap's defaults fail WCAG contrast (axe).
        html.Append($"""<main id="{ContentId}" class="row"><style>{Styles}</style><div class="col-md-12"><h1 class="page-header">TalentData</h1>""");
        html.Append("""<p>Runs started from the command line, by a schedule or from this dashboard. <a href="/">Talent-Atlas</a> · <a href="/health">/health</a></p>""");

        html.Append("<h2>Latest run</h2>");
        if (last is null)
            html.Append("<p>No run has been recorded in this data folder yet.</p>");
        else
            html.Append($"""
                <table class="table"><tbody>
                <tr><th scope="row">Run</th><td>{H(last.RunId ?? "(failed before it was recorded)")}</td></tr>
                <tr><th scope="row">Status</th><td><strong>{H(last.CurrentStatus)}</strong></td></tr>
                <tr><th scope="row">Mode</th><td>{H(last.Mode)}</td></tr>
                <tr><th scope="row">Started</th><td>{Time(last.StartedAt)} by process {last.ProcessId} on {H(last.Host)}</td></tr>
                <tr><th scope="row">Finished</th><td>{Time(last.FinishedAt)}</td></tr>
                {(last.UnchangedSince is null ? "" : $"<tr><th scope=\"row\">Kept</th><td>nothing changed since run {H(last.UnchangedSince)}; its publication stands</td></tr>")}
                {(last.Error is null ? "" : $"<tr><th scope=\"row\">Error</th><td><pre>{Text(last.Error)}</pre></td></tr>")}
                </tbody></table>
                """);
        if (last is not null)
        {
            var troubled = last.Sources.Where(o => o.Status != SourceStatus.Loaded && o.Status != SourceStatus.Unchanged || o.RowsQuarantined > 0).ToList();
            if (troubled.Count > 0)
            {
                html.Append("""<table class="table table-striped"><caption>Sources of the latest run that failed or set rows aside</caption><thead><tr><th scope="col">Source</th><th scope="col">Status</th><th scope="col">Rows loaded</th><th scope="col">Quarantined</th><th scope="col">Message</th></tr></thead><tbody>""");
                foreach (var o in troubled)
                    html.Append($"<tr><td>{H(o.SourceId)}/{H(o.Entity)}</td><td>{H(o.Status)}</td><td>{o.RowsLoaded:N0}</td><td>{o.RowsQuarantined:N0}</td><td>{Text(o.Message)}</td></tr>");
                html.Append("</tbody></table><p>Each quarantined row with file, line and reason: <code>talentdata status</code> on the server.</p>");
            }
            if (last.FailedChecks.Count > 0)
            {
                html.Append("""<table class="table table-striped"><caption>Checks of the latest run that failed or warned</caption><thead><tr><th scope="col">Check</th><th scope="col">Severity</th><th scope="col">Failing rows</th><th scope="col">Error</th></tr></thead><tbody>""");
                foreach (var c in last.FailedChecks)
                    html.Append($"<tr><td>{H(c.Check)}</td><td>{H(c.Severity)}</td><td>{c.FailingRows:N0}</td><td>{Text(c.Error)}</td></tr>");
                html.Append("</tbody></table>");
            }
            if (last.Withheld.Count > 0)
            {
                html.Append("""<table class="table table-striped"><caption>Datasets the latest run withheld (their last good publication stays)</caption><thead><tr><th scope="col">Dataset</th><th scope="col">Reason</th></tr></thead><tbody>""");
                foreach (var w in last.Withheld)
                {
                    var parts = w.Split(": ", 2);
                    html.Append($"<tr><td>{H(parts[0])}</td><td>{Text(parts.Length > 1 ? parts[1] : "")}</td></tr>");
                }
                html.Append("</tbody></table>");
            }
        }

        if (ledger.Error is { } error)
        {
            html.Append($"<h2>Published ledger</h2><p>The snapshot {H(DataLayout.SnapshotDisplay)} cannot be read: {Text(error)}</p>{Close}");
            return html.ToString();
        }
        if (!ledger.Published)
        {
            html.Append($"<h2>Published ledger</h2><p>Nothing is published yet ({H(DataLayout.SnapshotDisplay)} does not exist).</p>{Close}");
            return html.ToString();
        }

        html.Append($"<h2>Runs</h2><p>As the snapshot of the last published run records them; a later run shows above.</p>");
        html.Append("""<table class="table table-striped"><caption>Last runs</caption><thead><tr><th scope="col">Run</th><th scope="col">Status</th><th scope="col">Mode</th><th scope="col">Started</th><th scope="col">Finished</th><th scope="col">Error</th></tr></thead><tbody>""");
        foreach (var r in ledger.Runs)
            html.Append($"<tr><td>{H(r.RunId)}</td><td>{H(r.Status)}</td><td>{H(r.Mode)}</td><td>{Time(r.StartedAt)}</td><td>{Time(r.FinishedAt)}</td><td>{Text(r.Error?.Split('\n')[0])}</td></tr>");
        html.Append("</tbody></table>");

        if (ledger.Runs.Count > 0)
        {
            html.Append($"""<table class="table table-striped"><caption>Steps of run {H(ledger.Runs[0].RunId)}</caption><thead><tr><th scope="col">Step</th><th scope="col">Source</th><th scope="col">Target</th><th scope="col">Status</th><th scope="col">Seconds</th><th scope="col">Rows</th><th scope="col">Quarantined</th><th scope="col">Message</th></tr></thead><tbody>""");
            foreach (var s in ledger.Steps)
                html.Append($"<tr><td>{H(s.Step)}</td><td>{H(s.SourceId)}</td><td>{H(s.Target)}</td><td>{H(s.Status)}</td>" +
                            $"<td>{(s.FinishedAt is { } f ? (f - s.StartedAt).TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) : "–")}</td>" +
                            $"<td>{s.RowsOut?.ToString("N0", CultureInfo.InvariantCulture)}</td><td>{s.RowsQuarantined?.ToString("N0", CultureInfo.InvariantCulture)}</td><td>{Text(s.Error?.Split('\n')[0])}</td></tr>");
            html.Append("</tbody></table>");
        }

        var failed = ledger.Checks.Count(c => !c.Passed);
        html.Append($"<h2>Checks</h2><p>{ledger.Checks.Count - failed} of {ledger.Checks.Count} passed{(ledger.Checks.Count > 0 ? $" in run {H(ledger.Checks[0].RunId)}" : "")}.</p>");
        if (ledger.Checks.Count > 0)
        {
            html.Append("""<table class="table table-striped"><caption>Checks, failures first</caption><thead><tr><th scope="col">Check</th><th scope="col">Severity</th><th scope="col">Result</th><th scope="col">Failing rows</th><th scope="col">Error</th></tr></thead><tbody>""");
            foreach (var c in ledger.Checks)
                html.Append($"<tr><td>{H(c.CheckName)}</td><td>{H(c.Severity)}</td><td>{(c.Passed ? "passed" : "<strong>failed</strong>")}</td><td>{c.FailingRows:N0}</td><td>{Text(c.Error)}</td></tr>");
            html.Append("</tbody></table>");
        }

        html.Append("<h2>Quarantined rows</h2>");
        if (ledger.Quarantine.Count == 0)
            html.Append("<p>No row has been quarantined.</p>");
        else
        {
            html.Append($"""<table class="table table-striped"><caption>The {ledger.Quarantine.Count} most recent quarantined rows</caption><thead><tr><th scope="col">Run</th><th scope="col">Source</th><th scope="col">File</th><th scope="col">Line</th><th scope="col">Reason</th></tr></thead><tbody>""");
            foreach (var q in ledger.Quarantine)
                html.Append($"<tr><td>{H(q.RunId)}</td><td>{H(q.SourceId)}/{H(q.Entity)}</td><td>{Text(q.SourceFile)}</td><td>{q.LineNumber}</td><td>{Text(q.Reason)}</td></tr>");
            html.Append("</tbody></table>");
        }

        var stale = ledger.Datasets.Where(d => d.Status != PublicationStatus.Published).ToList();
        html.Append("<h2>Datasets</h2>");
        html.Append(stale.Count == 0
            ? $"<p>All {ledger.Datasets.Count} datasets were published by their last run.</p>"
            : $"<p>{stale.Count} of {ledger.Datasets.Count} datasets are stale: their last run withheld them.</p>");
        if (stale.Count > 0)
        {
            html.Append("""<table class="table table-striped"><caption>Stale datasets</caption><thead><tr><th scope="col">Dataset</th><th scope="col">Status</th><th scope="col">Reason</th><th scope="col">Last published</th></tr></thead><tbody>""");
            foreach (var d in stale)
                html.Append($"<tr><td>{H(d.Dataset)}</td><td>{H(d.Status)}</td><td>{Text(d.Reason)}</td><td>{(d.LastPublishedAt is null ? "never" : Time(d.LastPublishedAt))}</td></tr>");
            html.Append("</tbody></table>");
        }
        html.Append(Close);
        return html.ToString();
    }
}

/// <summary>What the operators' page shows from the snapshot's ledger.</summary>
public sealed record LedgerView(bool Published, string? Error, IReadOnlyList<RunLedger.RunRecord> Runs, IReadOnlyList<RunLedger.StepRecord> Steps,
    IReadOnlyList<CheckRunner.RecordedResult> Checks, IReadOnlyList<RunLedger.QuarantineRecord> Quarantine, IReadOnlyList<RunLedger.DatasetRecord> Datasets);

/// <summary>The snapshot's ledger for the operators' page, read once per version of the file (a run replaces it by rename).</summary>
public sealed class OperatorsLedger(DataLayout data)
{
    const int Runs = 10, QuarantineRows = 50;
    static readonly LedgerView Unpublished = new(false, null, [], [], [], [], []);

    readonly FileVersionCache<LedgerView> cache = new(data.SnapshotPath);

    public LedgerView Read() =>
        cache.Read(_ =>
        {
            try
            {
                using var warehouse = TalentData.Warehouse.Warehouse.OpenReadOnly(data.SnapshotPath);
                var runs = RunLedger.LastRuns(warehouse, Runs);
                return (new LedgerView(true, null, runs, runs.Count > 0 ? RunLedger.Steps(warehouse, runs[0].RunId) : [],
                    CheckRunner.LastCheckedRun(warehouse) is { } checkedRun ? [.. CheckRunner.ResultsOf(warehouse, checkedRun).OrderBy(c => c.Passed).ThenBy(c => c.Severity, StringComparer.Ordinal)] : [],
                    RunLedger.RecentQuarantine(warehouse, QuarantineRows), RunLedger.Datasets(warehouse)), true);
            }
            catch (Exception ex)
            {
                return (new LedgerView(true, ex.Message.Split('\n')[0], [], [], [], [], []), false);
            }
        }) ?? Unpublished;
}
