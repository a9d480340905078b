using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TalentData.Atlas;
using TalentData.Cli.Atlas.Pages;
using TalentData.Project;

namespace TalentData.Cli.Atlas;

/// <summary>
/// The Talent-Atlas pages: Razor components in Atlas/Pages, rendered statically on the server as HTML with SVG
/// charts, so every number is readable without JavaScript. Year, level, district and language are query
/// parameters, so every view can be linked.
/// </summary>
public sealed class AtlasPages(AtlasData data, City city, string origin = "", ReleaseProvenance? provenance = null)
{
    /// <summary>
    /// The renderer takes its encoder from here. The default one writes every non-ASCII letter as an entity; this one
    /// keeps umlauts readable in the page source and still escapes markup characters.
    /// </summary>
    static readonly IServiceProvider Services = new ServiceCollection()
        .AddSingleton(HtmlEncoder.Create(UnicodeRanges.All))
        .BuildServiceProvider();

    public string Home(AtlasText t) => Render<HomePage>(t, []);

    /// <summary>The indicator page; null for an indicator the catalogue does not know.</summary>
    public string? Indicator(AtlasText t, string id, int? year, string? level, string? area) =>
        data.Indicator(id) is null
            ? null
            : Render<IndicatorPage>(t, new() { ["Id"] = id, ["Year"] = year, ["Level"] = level, ["Area"] = area });

    /// <summary>One chart without the site around it, for an iframe; the charts as the address chose them.</summary>
    public string Embed(AtlasText t, IndicatorCharts charts, string kind) => Render<EmbedPage>(t, new() { ["Charts"] = charts, ["Kind"] = kind });

    /// <summary>The charts of an indicator for this request's language, or null for an unknown indicator.</summary>
    public IndicatorCharts? Charts(AtlasText t, string id, int? year, string? level, string? area) =>
        IndicatorCharts.For(View(t), id, year, level, area);

    AtlasView View(AtlasText t) => new(data, city, t) { Origin = origin, Provenance = provenance };

    /// <summary>Where one published value comes from; the provenance of its release, null when it has none.</summary>
    public string Provenance(AtlasText t, AtlasValue value, ReleaseProvenance? origins) =>
        Render<ProvenancePage>(t, new() { ["Value"] = value, ["Origins"] = origins });

    /// <summary>Where one value of the Städtevergleich comes from; the provenance of its release, null when it has none.</summary>
    public string CityComparisonProvenance(AtlasText t, CityComparisonValue row, ReleaseProvenance? origins) =>
        Render<CityComparisonProvenancePage>(t, new() { ["Row"] = row, ["Origins"] = origins });

    public string Districts(AtlasText t) => Render<DistrictsPage>(t, []);

    /// <summary>A district profile; null for a code that is not published (see <see cref="AtlasView.Area"/>).</summary>
    public string? District(AtlasText t, string code, string? level = null) =>
        new AtlasView(data, city, t).Area(code, level) is null
            ? null
            : Render<DistrictPage>(t, new() { ["Code"] = code, ["Level"] = level });

    /// <summary>The city-wide directory of offers with the filters chosen (null: any); the caller has checked they are known.</summary>
    public string Offers(AtlasText t, string? targetGroup, string? kind, string? stadtbezirk) =>
        Render<OffersPage>(t, new() { ["TargetGroup"] = targetGroup, ["Kind"] = kind, ["District"] = stadtbezirk });

    /// <summary>The offers of one district; null for a code that is not published (see <see cref="AtlasView.Area"/>).</summary>
    public string? DistrictOffers(AtlasText t, string code, string? level = null) =>
        new AtlasView(data, city, t).Area(code, level) is null
            ? null
            : Render<DistrictOffersPage>(t, new() { ["Code"] = code, ["Level"] = level });

    /// <summary>The search page for a query as typed (trimmed): its results, or what is wrong with the query.</summary>
    public string Search(AtlasText t, string query) => Render<SearchPage>(t, new() { ["Query"] = query });

    /// <summary>Two areas side by side; the areas as <see cref="AtlasCompare.Parse"/> found them.</summary>
    public string Compare(AtlasText t, (string Level, string Code, string Name) a, (string Level, string Code, string Name) b) =>
        Render<ComparePage>(t, new() { ["A"] = a, ["B"] = b });

    /// <summary>The page for a comparison that cannot be made, saying which parameter is wrong.</summary>
    public string CompareProblem(AtlasText t, CompareProblem problem) => Render<CompareProblemPage>(t, new() { ["Problem"] = problem });

    /// <summary>The city among its peer cities and the state's Kreise, every indicator of the published Städtevergleich.</summary>
    public string CityComparison(AtlasText t) => Render<CityComparisonPage>(t, []);

    /// <summary>One indicator of the Städtevergleich; null for one the published dataset does not have.</summary>
    public string? CityComparisonIndicator(AtlasText t, string id, int? year) =>
        data.Comparison.Indicator(id) is null ? null : Render<CityComparisonIndicatorPage>(t, new() { ["Id"] = id, ["Year"] = year });

    /// <summary>
    /// The Städtevergleich's map of the state's Kreise as a file: its numbers (csv), its drawing with title, colour
    /// steps, source and the BKG credit (svg), or that drawing as a picture (png); null for an indicator or a format
    /// there is none of, or without boundaries.
    /// </summary>
    public (byte[] Body, string ContentType)? CityComparisonMap(AtlasText t, string id, int? year, string format)
    {
        var view = View(t);
        if (CityComparisonView.For(view, id, year) is not { } c || c.Map(view, "kreise") is not { } map)
            return null;
        if (format == "csv")
            return (c.MapCsv(view), "text/csv; charset=utf-8");
        if (format is not ("svg" or "png"))
            return null;
        var title = t.Format("CmpMapTitle", t.Title(c.Indicator), c.Year, view.StateName);
        var steps = string.Join(" | ", c.Breaks.Length == 0 ? [] : c.Breaks.Select((b, i) => (i == 0 ? "< " : "≥ ") + t.Number(i == 0 ? b : c.Breaks[i - 1], c.Indicator.Decimals))
            .Append("≥ " + t.Number(c.Breaks[^1], c.Indicator.Decimals)).Distinct());
        var footer = $"{t["CmpLegend"]}: {steps}. {t["Source"]}: {string.Join("; ", c.Sources.Select(s => s.Title))}. {CityComparisonIndicatorPage.GeoCredit}, {t["CmpGeoLicence"]}.";
        var svg = Svg.Standalone(map, title, footer);
        return format == "png" ? (ChartImage.Png(svg), "image/png") : (System.Text.Encoding.UTF8.GetBytes(svg), "image/svg+xml; charset=utf-8");
    }

    /// <summary>The sparklines of a profile as a file (csv, svg, png); null for an area that is not published or another format.</summary>
    public (byte[] Body, string ContentType)? ProfileTrendsFile(AtlasText t, string code, string? level, string format)
    {
        if (ProfileTrends.For(View(t), code, level) is not { } trends)
            return null;
        if (format == "csv")
            return (trends.Csv(), "text/csv; charset=utf-8");
        if (format is not ("svg" or "png"))
            return null;
        var svg = Svg.Standalone(trends.Svg(), trends.Title, trends.SourceLine);
        return format == "png" ? (ChartImage.Png(svg), "image/png") : (System.Text.Encoding.UTF8.GetBytes(svg), "image/svg+xml; charset=utf-8");
    }

    /// <summary>Need beside supply, pair by pair, per Stadtbezirk and statistischer Bezirk (dataset bedarf-und-angebot).</summary>
    public string NeedAndSupply(AtlasText t) => Render<NeedAndSupplyPage>(t, []);

    public string Methodology(AtlasText t) => Render<MethodologyPage>(t, []);

    public string Downloads(AtlasText t) => Render<DownloadsPage>(t, []);

    public string NotFound(AtlasText t) => Render<NotFoundPage>(t, []);

    /// <summary>
    /// Renders one component with the view of this request. The components only read data already in memory, so the
    /// render completes without awaiting anything and the synchronous wait cannot block on I/O.
    /// </summary>
    public string Render<TComponent>(AtlasText t, Dictionary<string, object?> parameters) where TComponent : IComponent
    {
        parameters[nameof(AtlasComponent.View)] = View(t);
        using var renderer = new HtmlRenderer(Services, NullLoggerFactory.Instance);
        return renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters))).ToHtmlString()).GetAwaiter().GetResult();
    }
}

/// <summary>The base of every atlas component: the view of the request and short names for what it holds.</summary>
public abstract class AtlasComponent : ComponentBase
{
    [Parameter, EditorRequired]
    public AtlasView View { get; set; } = null!;

    protected AtlasText T => View.T;
    protected AtlasData Data => View.Data;
    protected City City => View.City;
}
