using System.Text;
using TalentData.Publishing;

namespace TalentData.Atlas;

/// <summary>
/// The Talent-Atlas pages, rendered on the server as HTML with SVG charts, so every number is readable without
/// JavaScript. Year, level, district and language are query parameters, so every view can be linked.
/// </summary>
public sealed class AtlasPages(AtlasData data)
{
    /// <summary>Schematic positions of the 12 Stadtbezirke (column, row), roughly as they lie on the map.</summary>
    public static readonly IReadOnlyDictionary<string, (int Column, int Row)> StadtbezirkTiles = new Dictionary<string, (int, int)>
    {
        ["120"] = (0, 0), ["110"] = (1, 0), ["40"] = (2, 0), ["50"] = (3, 0),
        ["100"] = (0, 1), ["10"] = (1, 1), ["20"] = (2, 1), ["30"] = (3, 1), ["60"] = (4, 1),
        ["90"] = (1, 2), ["80"] = (2, 2), ["70"] = (3, 2),
    };

    public const string ValuesCsv = "/opendata/" + AtlasData.ValuesDataset + "/latest/data.csv";

    static string H(string s) => AtlasText.Html(s);

    static string Q(AtlasText t, params (string Key, string? Value)[] parameters)
    {
        var all = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).ToList();
        if (t.En) all.Add(("lang", "en"));
        return all.Count == 0 ? "" : "?" + string.Join("&amp;", all.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}"));
    }

    string Layout(AtlasText t, string title, string path, string body, string query = "")
    {
        var switchQuery = query.Replace("&amp;lang=en", "").Replace("?lang=en", "");
        var otherLang = t.En
            ? $"<a href=\"{H(path)}{switchQuery}\" hreflang=\"de\" lang=\"de\">Deutsch</a>"
            : $"<a href=\"{H(path)}{(switchQuery.Length == 0 ? "?lang=en" : switchQuery + "&amp;lang=en")}\" hreflang=\"en\" lang=\"en\">English</a>";
        var release = data.ReleasedAt is { } r ? r.ToString("yyyy-MM-dd") : "–";
        return $"""
            <!DOCTYPE html>
            <html lang="{t.Lang}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{H(title)} – Talent-Atlas Dortmund</title>
            <link rel="stylesheet" href="/assets/atlas.css">
            </head>
            <body>
            <a class="skip" href="#main">{t.T("Zum Inhalt springen", "Skip to content")}</a>
            <header>
            <p class="brand"><a href="/{Q(t)}">Talent-Atlas Dortmund</a></p>
            <nav aria-label="{t.T("Hauptnavigation", "Main navigation")}"><ul>
            <li><a href="/{Q(t)}">{t.T("Start", "Home")}</a></li>
            <li><a href="/bezirke/{Q(t)}">{t.T("Bezirke", "Districts")}</a></li>
            <li><a href="/methodik{Q(t)}">{t.T("Methodik", "Methodology")}</a></li>
            <li><a href="/downloads{Q(t)}">Downloads</a></li>
            <li>{otherLang}</li>
            </ul></nav>
            </header>
            {SampleBanner(t)}<main id="main">
            {body}
            </main>
            <footer><p>{Credits(t)} {t.T("Stand der Veröffentlichung", "Release date")}: {release}.</p></footer>
            <script src="/assets/atlas.js" defer></script>
            </body>
            </html>
            """;
    }

    /// <summary>On every page of a publication built from sample data, before anything else a reader sees.</summary>
    string SampleBanner(AtlasText t) => data.Synthetic
        ? $"<p class=\"sample-banner\" role=\"note\"><strong>{t.T(DataOrigin.MarkDe, DataOrigin.MarkEn)}.</strong> " +
          $"{t.T("Diese Seiten zeigen synthetische Beispieldaten von TalentData, keine Zahlen der Stadt Dortmund oder der statistischen Ämter.", "These pages show TalentData's synthetic sample data, not figures of the city of Dortmund or the statistical offices.")}</p>\n"
        : "";

    /// <summary>Credits as the published JSON-stat gives them: sample data credits no publisher with made-up values.</summary>
    string Credits(AtlasText t) => data.Synthetic
        ? $"{t.T("Daten", "Data")}: {H(data.Credit)}."
        : $"{t.T("Daten", "Data")}: Stadt Dortmund; © Statistische Ämter des Bundes und der Länder, Deutschland; © Statistik der Bundesagentur für Arbeit. {t.T("Lizenz", "Licence")}: Datenlizenz Deutschland.";

    /// <summary>The secret counts in words, from the threshold the publication used.</summary>
    string SmallCounts(AtlasText t) => data.DisclosureThreshold switch
    {
        <= 2 => "1",
        3 => t.T("1 oder 2", "1 or 2"),
        var k => t.T($"1 bis {k - 1}", $"1 to {k - 1}"),
    };

    int LatestYear(string indicator) => data.Years(indicator).DefaultIfEmpty(0).Max();

    string Source(AtlasText t, AtlasIndicator i) =>
        $"<p class=\"source\">{t.T("Quelle", "Source")}: {H(i.Sources.Replace(",", ", "))}. {t.T("Lizenz", "Licence")}: {H(i.Licence)}. <a href=\"{ValuesCsv}\">{t.T("Daten zu dieser Grafik (CSV)", "Data behind this chart (CSV)")}</a></p>";

    public string Home(AtlasText t)
    {
        var sb = new StringBuilder();
        sb.Append($"<h1>{t.T("Talent-Atlas Dortmund", "Talent Atlas Dortmund")}</h1>");
        sb.Append($"<p class=\"lead\">{t.T("Der Talent-Atlas zeigt für alle Bürgerinnen und Bürger, für Wirtschaft und Politik, wie es um Bildung, Ausbildung und Arbeit in Dortmunds Stadtbezirken steht – mit dem Vergleich zu NRW und Deutschland. Alle Zahlen stammen aus den offenen Daten der Initiative „Dortmunder Talent“.", "The Talent Atlas shows every citizen, business and politics how education, training and work are doing in Dortmund's districts, compared with North Rhine-Westphalia and Germany. All figures come from the open data of the \"Dortmunder Talent\" initiative.")}</p>");
        if (data.Indicators.Count == 0)
        {
            sb.Append($"<p>{t.T("Noch keine Veröffentlichung vorhanden.", "Nothing has been published yet.")}</p>");
            return Layout(t, t.T("Start", "Home"), "/", sb.ToString(), Q(t));
        }
        foreach (var theme in AtlasData.Themes)
        {
            var indicators = data.Indicators.Where(i => i.Theme == theme && data.Find(i.Id, LatestYear(i.Id), "stadt", AtlasData.CityCode) is not null
                                                         || i.Theme == theme && data.Levels(i.Id).Contains("stadtbezirk")).ToList();
            if (indicators.Count == 0) continue;
            sb.Append($"<section aria-labelledby=\"theme-{theme}\"><h2 id=\"theme-{theme}\">{H(t.Theme(theme))}</h2>");
            sb.Append($"<table><caption>{H(t.Theme(theme))}: {t.T("Dortmund im letzten Berichtsjahr, Veränderung zum Vorjahr und Vergleich", "Dortmund in the latest year, change on the year before, and comparison")}</caption>");
            sb.Append($"<thead><tr><th scope=\"col\">{t.T("Indikator", "Indicator")}</th><th scope=\"col\">{t.T("Jahr", "Year")}</th><th scope=\"col\">Dortmund</th><th scope=\"col\">{t.T("Veränderung zum Vorjahr", "Change on previous year")}</th><th scope=\"col\">NRW</th><th scope=\"col\">{t.T("Deutschland", "Germany")}</th></tr></thead><tbody>");
            foreach (var i in indicators)
            {
                var year = LatestYear(i.Id);
                var city = data.Find(i.Id, year, "stadt", AtlasData.CityCode);
                var before = data.Find(i.Id, year - 1, "stadt", AtlasData.CityCode);
                var change = city?.Value is { } now && before?.Value is { } then
                    ? (now - then >= 0 ? "+" : "−") + t.Number(Math.Abs(now - then), i.Decimals)
                    : "–";
                sb.Append($"<tr><th scope=\"row\"><a href=\"/indikatoren/{H(i.Id)}{Q(t)}\">{H(t.Title(i))}</a> <span class=\"unit\">({H(t.Unit(i.Unit))})</span></th>");
                sb.Append($"<td>{year}</td><td class=\"num\">{(city is null ? t.T("nur Stadtbezirke", "districts only") : t.Value(city, i.Decimals))}</td><td class=\"num\">{H(change)}</td>");
                sb.Append($"<td class=\"num\">{t.Value(data.Find(i.Id, year, "land", "05"), i.Decimals)}</td><td class=\"num\">{t.Value(data.Find(i.Id, year, "bund", "DG"), i.Decimals)}</td></tr>");
            }
            sb.Append("</tbody></table></section>");
        }
        return Layout(t, t.T("Start", "Home"), "/", sb.ToString(), Q(t));
    }

    public string? Indicator(AtlasText t, string id, int? year, string? level, string? area)
    {
        var i = data.Indicator(id);
        if (i is null) return null;
        var years = data.Years(id);
        var y = year is { } requested && years.Contains(requested) ? requested : LatestYear(id);
        var levels = data.Levels(id).Where(l => l is "stadtbezirk" or "statistischer_bezirk").ToList();
        var lv = level is not null && levels.Contains(level) ? level : levels.FirstOrDefault() ?? "stadt";
        var areas = data.Areas(lv);
        var chosen = area is not null && areas.Any(a => a.Code == area) ? area : areas.FirstOrDefault().Code;
        var query = Q(t, ("jahr", y.ToString()), ("ebene", lv), ("bezirk", chosen));
        string Fmt(double v) => t.Number(v, i.Decimals);

        var sb = new StringBuilder();
        sb.Append($"<h1>{H(t.Title(i))}</h1>");
        sb.Append($"<p class=\"lead\">{H(i.Description)}</p>");
        sb.Append($"<dl class=\"meta\"><dt>{t.T("Einheit", "Unit")}</dt><dd>{H(t.Unit(i.Unit))}</dd><dt>{t.T("Quelle", "Source")}</dt><dd>{H(i.Sources.Replace(",", ", "))}</dd><dt>{t.T("Lizenz", "Licence")}</dt><dd>{H(i.Licence)}</dd><dt>{t.T("Periodizität", "Periodicity")}</dt><dd>{H(i.Periodicity)}</dd></dl>");

        sb.Append($"<form method=\"get\" action=\"/indikatoren/{H(id)}\" class=\"choices\">");
        if (t.En) sb.Append("<input type=\"hidden\" name=\"lang\" value=\"en\">");
        sb.Append($"<label for=\"jahr\">{t.T("Jahr", "Year")}</label><select id=\"jahr\" name=\"jahr\">");
        foreach (var option in years) sb.Append($"<option value=\"{option}\"{(option == y ? " selected" : "")}>{option}</option>");
        sb.Append("</select>");
        if (levels.Count > 0)
        {
            sb.Append($"<label for=\"ebene\">{t.T("Gebietsebene", "Area level")}</label><select id=\"ebene\" name=\"ebene\">");
            foreach (var option in levels) sb.Append($"<option value=\"{option}\"{(option == lv ? " selected" : "")}>{H(t.Level(option))}</option>");
            sb.Append("</select>");
            sb.Append($"<label for=\"bezirk\">{t.T("Bezirk für die Zeitreihe", "District for the time series")}</label><select id=\"bezirk\" name=\"bezirk\">");
            foreach (var a in areas) sb.Append($"<option value=\"{H(a.Code)}\"{(a.Code == chosen ? " selected" : "")}>{H(a.Name)}</option>");
            sb.Append("</select>");
        }
        sb.Append($"<button type=\"submit\">{t.T("Anzeigen", "Show")}</button></form>");

        var city = data.Find(id, y, "stadt", AtlasData.CityCode);
        if (levels.Count > 0)
        {
            var ranking = areas.Select(a => (a, v: data.Find(id, y, lv, a.Code)))
                .OrderByDescending(p => p.v?.Value ?? double.NegativeInfinity).ThenBy(p => p.a.Name, StringComparer.Ordinal).ToList();
            var rankTitle = $"{t.Title(i)} {y}: {t.T("Rangfolge der", "ranking of the")} {t.Level(lv)}";
            sb.Append($"<section aria-labelledby=\"ranking-h\"><h2 id=\"ranking-h\">{t.T("Rangfolge", "Ranking")} {y}</h2><figure>");
            sb.Append(Svg.Ranking("ranking", rankTitle,
                t.T($"Balkendiagramm: {ranking.Count} Gebiete, höchster Wert oben; gestrichelte Linie: Stadt Dortmund. Die Zahlen stehen auch in der Tabelle unten.", $"Bar chart: {ranking.Count} areas, highest value first; dashed line: City of Dortmund. The numbers are also in the table below."),
                ranking.Select(p => (p.a.Name, p.v?.Value, p.v?.Value is { } x ? Fmt(x) : "–")).ToList(), city?.Value, "Dortmund"));
            sb.Append($"<figcaption>{H(rankTitle)}. {Source(t, i)}</figcaption></figure></section>");

            var tiles = lv == "stadtbezirk"
                ? areas.Where(a => StadtbezirkTiles.ContainsKey(a.Code)).Select(a =>
                {
                    var v = data.Find(id, y, lv, a.Code);
                    var (c, r) = StadtbezirkTiles[a.Code];
                    return new Svg.Tile(a.Code, a.Name, c, r, 150, 150, v?.Value, v?.Value is { } x ? Fmt(x) : "–", $"/bezirke/{a.Code}{Q(t)}");
                }).ToList()
                : areas.Where(a => data.Parents.TryGetValue(a.Code, out var p) && StadtbezirkTiles.ContainsKey(p)).Select(a =>
                {
                    var v = data.Find(id, y, lv, a.Code);
                    var parent = data.Parents[a.Code];
                    var (c, r) = StadtbezirkTiles[parent];
                    var k = areas.Where(o => data.Parents.GetValueOrDefault(o.Code) == parent).Select(o => o.Code).ToList().IndexOf(a.Code);
                    return new Svg.Tile(a.Code, a.Code, c * 3 + k % 3, r * 3 + k / 3, 50, 50, v?.Value, v?.Value is { } x ? Fmt(x) : "–", $"/bezirke/{a.Code}{Q(t, ("ebene", lv))}");
                }).ToList();
            if (tiles.Count > 0)
            {
                var mapTitle = $"{t.Title(i)} {y}: {t.T("Karte der", "map of the")} {t.Level(lv)}";
                sb.Append($"<section aria-labelledby=\"map-h\"><h2 id=\"map-h\">{t.T("Karte", "Map")} {y}</h2><figure>");
                sb.Append(Svg.TileMap("map", mapTitle,
                    t.T("Schematische Kachelkarte, grob nach der Lage im Stadtgebiet angeordnet; dunklere Farbe bedeutet höheren Wert; schraffiert: keine Angabe oder geheim. Die Zahlen stehen auch in der Tabelle.", "Schematic tile map, placed roughly by location; darker colour means a higher value; hatched: no data or confidential. The numbers are also in the table."),
                    tiles, lv == "stadtbezirk" ? 150 : 50, $"{t.Unit(i.Unit)} ({t.T("Quintile", "quintiles")})", t.T("keine Angabe oder geheim", "no data or confidential"), Fmt));
                sb.Append($"<figcaption>{H(mapTitle)}. {Source(t, i)}</figcaption></figure></section>");
            }

            sb.Append($"<section aria-labelledby=\"table-h\"><h2 id=\"table-h\">{t.T("Tabelle", "Table")} {y}</h2><table><caption>{H(rankTitle)}</caption>");
            sb.Append($"<thead><tr><th scope=\"col\">{t.T("Rang", "Rank")}</th><th scope=\"col\">{t.T("Gebiet", "Area")}</th><th scope=\"col\">{t.T("Schlüssel", "Code")}</th><th scope=\"col\">{H(t.Unit(i.Unit))}</th></tr></thead><tbody>");
            var rank = 0;
            foreach (var (a, v) in ranking)
                sb.Append($"<tr><td>{(v?.Value is null ? "–" : (++rank).ToString())}</td><th scope=\"row\"><a href=\"/bezirke/{H(a.Code)}{Q(t, ("ebene", lv == "statistischer_bezirk" ? lv : null))}\">{H(a.Name)}</a></th><td>{H(a.Code)}</td><td class=\"num\">{t.Value(v, i.Decimals)}</td></tr>");
            sb.Append($"<tr class=\"total\"><td></td><th scope=\"row\">Dortmund</th><td>{AtlasData.CityCode}</td><td class=\"num\">{t.Value(city, i.Decimals)}</td></tr>");
            sb.Append("</tbody></table></section>");
        }

        var areaName = chosen is null ? "Dortmund" : areas.First(a => a.Code == chosen).Name;
        var series = new List<Svg.Series>();
        if (chosen is not null) series.Add(new Svg.Series(areaName, years.ToDictionary(yr => yr, yr => data.Find(id, yr, lv, chosen)?.Value), "", "circle"));
        series.Add(new Svg.Series("Dortmund", years.ToDictionary(yr => yr, yr => data.Find(id, yr, "stadt", AtlasData.CityCode)?.Value), "6 3", "square"));
        series.Add(new Svg.Series("NRW", years.ToDictionary(yr => yr, yr => data.Find(id, yr, "land", "05")?.Value), "2 3", "triangle"));
        series.Add(new Svg.Series(t.T("Deutschland", "Germany"), years.ToDictionary(yr => yr, yr => data.Find(id, yr, "bund", "DG")?.Value), "8 3 2 3", "diamond"));
        series.RemoveAll(s => s.Points.Values.All(v => v is null));
        var seriesTitle = $"{t.Title(i)}: {t.T("Zeitreihe", "time series")} {string.Join(", ", series.Select(s => s.Label))}";
        sb.Append($"<section aria-labelledby=\"series-h\"><h2 id=\"series-h\">{t.T("Zeitreihe", "Time series")}</h2><figure>");
        sb.Append(Svg.TimeSeries("series", seriesTitle, t.T("Liniendiagramm über die Jahre; jede Linie hat ein eigenes Muster und eigene Markierungen. Die Zahlen stehen auch in der Tabelle.", "Line chart over the years; each line has its own dash pattern and markers. The numbers are also in the table."), years, series, Fmt));
        sb.Append($"<figcaption>{H(seriesTitle)}. {Source(t, i)}</figcaption></figure>");
        sb.Append($"<table><caption>{H(seriesTitle)}</caption><thead><tr><th scope=\"col\">{t.T("Jahr", "Year")}</th>");
        foreach (var s in series) sb.Append($"<th scope=\"col\">{H(s.Label)}</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var yr in years)
        {
            sb.Append($"<tr><th scope=\"row\">{yr}</th>");
            foreach (var s in series)
            {
                var v = s.Label == areaName && chosen is not null ? data.Find(id, yr, lv, chosen)
                    : s.Label == "Dortmund" ? data.Find(id, yr, "stadt", AtlasData.CityCode)
                    : s.Label == "NRW" ? data.Find(id, yr, "land", "05") : data.Find(id, yr, "bund", "DG");
                sb.Append($"<td class=\"num\">{t.Value(v, i.Decimals)}</td>");
            }
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table></section>");
        sb.Append($"<section><h2>{t.T("Methodik", "Methodology")}</h2><p>{H(i.Methodology)}</p><p><a href=\"/methodik{Q(t)}#symbole\">{t.T("Was bedeutet „–“?", "What does \"–\" mean?")}</a></p></section>");
        return Layout(t, t.Title(i), $"/indikatoren/{id}", sb.ToString(), query);
    }

    public string Districts(AtlasText t)
    {
        var sb = new StringBuilder($"<h1>{t.T("Bezirke", "Districts")}</h1>");
        foreach (var level in new[] { "stadtbezirk", "statistischer_bezirk" })
        {
            sb.Append($"<h2>{H(t.Level(level))}</h2><ul class=\"columns\">");
            foreach (var a in data.Areas(level)) sb.Append($"<li><a href=\"/bezirke/{H(a.Code)}{Q(t, ("ebene", level == "statistischer_bezirk" ? level : null))}\">{H(a.Name)}</a> <span class=\"code\">{H(a.Code)}</span></li>");
            sb.Append("</ul>");
        }
        return Layout(t, t.T("Bezirke", "Districts"), "/bezirke/", sb.ToString(), Q(t));
    }

    /// <summary>
    /// A district profile. Codes repeat across levels (Stadtbezirk 110 Huckarde, statistischer Bezirk 110 Brechten),
    /// so links to a statistischer Bezirk carry ebene=statistischer_bezirk; without it the Stadtbezirk wins.
    /// </summary>
    public string? District(AtlasText t, string code, string? level = null)
    {
        var candidates = level == "statistischer_bezirk" ? data.Areas("statistischer_bezirk") : data.Areas("stadtbezirk").Concat(data.Areas("statistischer_bezirk"));
        var area = candidates.FirstOrDefault(a => a.Code == code);
        if (area.Code is null) return null;
        var sb = new StringBuilder();
        sb.Append($"<h1>{H(area.Name)}</h1><p class=\"lead\">{H(t.Level(area.Level))}, {t.T("Schlüssel", "code")} {H(code)}");
        if (area.Level == "statistischer_bezirk" && data.Parents.TryGetValue(code, out var parent))
        {
            var parentName = data.Areas("stadtbezirk").FirstOrDefault(a => a.Code == parent).Name ?? parent;
            sb.Append($", {t.T("im Stadtbezirk", "in the city district")} <a href=\"/bezirke/{H(parent)}{Q(t)}\">{H(parentName)}</a>");
        }
        sb.Append(".</p>");
        sb.Append($"<table><caption>{t.T("Alle Indikatoren für", "All indicators for")} {H(area.Name)} {t.T("im letzten Jahr, neben dem Wert der Stadt", "in the latest year, next to the city value")}</caption>");
        sb.Append($"<thead><tr><th scope=\"col\">{t.T("Indikator", "Indicator")}</th><th scope=\"col\">{t.T("Jahr", "Year")}</th><th scope=\"col\">{H(area.Name)}</th><th scope=\"col\">Dortmund</th><th scope=\"col\">{t.T("Verlauf", "Trend")}</th></tr></thead><tbody>");
        var n = 0;
        foreach (var i in data.Indicators.Where(i => data.Levels(i.Id).Contains(area.Level)))
        {
            var years = data.Years(i.Id);
            var y = LatestYear(i.Id);
            var v = data.Find(i.Id, y, area.Level, code);
            var points = years.Select(yr => (yr, data.Find(i.Id, yr, area.Level, code)?.Value)).ToList();
            var sparkTitle = $"{t.Title(i)}, {area.Name}, {years.FirstOrDefault()}–{years.LastOrDefault()}: " +
                             string.Join("; ", points.Select(p => $"{p.yr} {(p.Value is { } x ? t.Number(x, i.Decimals) : "–")}"));
            sb.Append($"<tr><th scope=\"row\"><a href=\"/indikatoren/{H(i.Id)}{Q(t, ("ebene", area.Level), ("bezirk", code))}\">{H(t.Title(i))}</a> <span class=\"unit\">({H(t.Unit(i.Unit))})</span></th>");
            sb.Append($"<td>{y}</td><td class=\"num\">{t.Value(v, i.Decimals)}</td><td class=\"num\">{t.Value(data.Find(i.Id, y, "stadt", AtlasData.CityCode), i.Decimals)}</td>");
            sb.Append($"<td>{Svg.Sparkline($"spark-{n++}", sparkTitle, points)}</td></tr>");
        }
        sb.Append("</tbody></table>");
        sb.Append($"<p class=\"source\">{t.T("Quelle", "Source")}: <a href=\"{ValuesCsv}\">{AtlasData.ValuesDataset} (CSV)</a></p>");
        return Layout(t, area.Name, $"/bezirke/{code}", sb.ToString(), Q(t, ("ebene", area.Level == "statistischer_bezirk" ? area.Level : null)));
    }

    public string Methodology(AtlasText t)
    {
        var sb = new StringBuilder($"<h1>{t.T("Methodik", "Methodology")}</h1>");
        sb.Append($"<h2>{t.T("Quellen", "Sources")}</h2><ul>");
        if (data.Synthetic)
            foreach (var source in data.Attributions)
                sb.Append($"<li>{H(source)}</li>");
        else
        {
            sb.Append($"<li>Stadt Dortmund, Dortmunder Statistik und Fachbereich Schule (open-data.dortmund.de) – Datenlizenz Deutschland – Zero – 2.0</li>");
            sb.Append($"<li>© Statistische Ämter des Bundes und der Länder, Deutschland (Regionaldatenbank, Tabellen 21111-02-06-4 und 13211-02-05-4) – Datenlizenz Deutschland – Namensnennung – 2.0</li>");
            sb.Append($"<li>© Statistik der Bundesagentur für Arbeit (Ausbildungsmarkt) – Datenlizenz Deutschland – Namensnennung – 2.0</li>");
        }
        sb.Append("</ul>");
        sb.Append($"<h2 id=\"symbole\">{t.T("Zeichen", "Symbols")}</h2><dl>");
        foreach (var s in new[] { ".", "-", "x", "/", "p", "r" })
            sb.Append($"<dt><code>{H(s)}</code></dt><dd>{H(t.StatusMeaning(s))}</dd>");
        sb.Append($"</dl><p>{t.T("Im Atlas erscheint ein gesperrter oder fehlender Wert als „–“, nie als 0.", "In the atlas a withheld or missing value appears as \"–\", never as 0.")}</p>");
        sb.Append($"<h2>{t.T("Warum kleine Zahlen fehlen", "Why small numbers are missing")}</h2><p>{t.T($"Zahlen von {SmallCounts(t)} Personen in einem Bezirk könnten Einzelne erkennbar machen. Sie werden deshalb gesperrt, ebenso weitere Werte, aus denen man sie zurückrechnen könnte (statistische Geheimhaltung). Anteile und Quoten werden mit ihren Eingangswerten gesperrt.", $"Counts of {SmallCounts(t)} people in a district could identify individuals. They are withheld, together with other values from which they could be computed back (statistical confidentiality). Shares and rates are withheld with their inputs.")}</p>");
        sb.Append($"<h2>{t.T("Definitionen und Aktualisierung", "Definitions and updates")}</h2>");
        foreach (var i in data.Indicators)
            sb.Append($"<h3 id=\"{H(i.Id)}\">{H(t.Title(i))}</h3><p>{H(i.Description)}</p><p>{t.T("Einheit", "Unit")}: {H(t.Unit(i.Unit))}. {t.T("Aktualisierung", "Updated")}: {H(i.Periodicity)}, {t.T("Stichtag", "reference date")} {H(i.ReferenceDate)}. {t.T("Quelle", "Source")}: {H(i.Sources.Replace(",", ", "))}. {H(i.Methodology)}</p>");
        sb.Append($"<p>{t.T("Letzte Veröffentlichung", "Last release")}: {(data.ReleasedAt is { } r ? r.ToString("yyyy-MM-dd") : "–")}.</p>");
        return Layout(t, t.T("Methodik", "Methodology"), "/methodik", sb.ToString(), Q(t));
    }

    public string Downloads(AtlasText t)
    {
        var sb = new StringBuilder($"<h1>Downloads</h1><p>{t.T("Alle Datensätze als offene Daten, maschinenlesbar und mit Metadaten.", "Every dataset as open data, machine-readable and with metadata.")}</p>");
        sb.Append($"<table><caption>{t.T("Datensätze", "Datasets")}</caption><thead><tr><th scope=\"col\">{t.T("Datensatz", "Dataset")}</th><th scope=\"col\">{t.T("Dateien", "Files")}</th></tr></thead><tbody>");
        foreach (var d in data.Datasets)
        {
            sb.Append($"<tr><th scope=\"row\">{H(d.Slug)}</th><td><ul class=\"inline\">");
            foreach (var f in d.Files) sb.Append($"<li><a href=\"/opendata/{H(d.Slug)}/latest/{H(f)}\">{H(f)}</a></li>");
            sb.Append("</ul></td></tr>");
        }
        sb.Append("</tbody></table>");
        if (data.HasCatalog) sb.Append($"<p><a href=\"/opendata/catalog.jsonld\">{t.T("DCAT-AP.de-Katalog aller Datensätze (JSON-LD)", "DCAT-AP.de catalogue of all datasets (JSON-LD)")}</a></p>");
        return Layout(t, "Downloads", "/downloads", sb.ToString(), Q(t));
    }

    public string NotFound(AtlasText t) =>
        Layout(t, t.T("Nicht gefunden", "Not found"), "/", $"<h1>{t.T("Nicht gefunden", "Not found")}</h1><p><a href=\"/{Q(t)}\">{t.T("Zur Startseite", "To the home page")}</a></p>", Q(t));

    public const string Css = """
        :root { --ink: #1a1a1a; --link: #0b4f8a; --muted: #4d4d4d; --line: #bdbdbd; }
        * { box-sizing: border-box; }
        .sample-banner { margin: 0; padding: .6rem 1rem; background: #fff3c4; border-bottom: 2px solid #8a6d00; color: #1a1a1a; }
        body { font-family: system-ui, sans-serif; color: var(--ink); background: #fff; margin: 0; line-height: 1.5; }
        header, main, footer { max-width: 60rem; margin: 0 auto; padding: 0.5rem 1rem; }
        header { border-bottom: 2px solid var(--ink); }
        nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 1rem; margin: 0; }
        a { color: var(--link); }
        a:focus, button:focus, select:focus { outline: 3px solid #b35900; outline-offset: 2px; }
        .skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: 0.5rem; }
        .brand { font-weight: 700; font-size: 1.25rem; margin: 0.25rem 0; }
        .lead { font-size: 1.1rem; } .unit, .code, .source { color: var(--muted); font-size: 0.9rem; }
        table { border-collapse: collapse; width: 100%; margin: 1rem 0; } caption { text-align: left; font-weight: 600; }
        th, td { border-bottom: 1px solid var(--line); padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; } tr.total th, tr.total td { font-weight: 700; }
        figure { margin: 1rem 0; } svg.chart { width: 100%; height: auto; max-width: 100%; }
        svg .label { font-size: 12px; fill: #1a1a1a; } svg .value { font-size: 12px; fill: #1a1a1a; } svg .tile { font-size: 11px; }
        .choices { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 1rem 0; }
        .choices select, .choices button { font-size: 1rem; padding: 0.25rem 0.5rem; }
        abbr.suppressed { text-decoration: none; cursor: help; }
        dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
        ul.columns { columns: 16rem; } ul.inline { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.75rem; margin: 0; }
        footer { border-top: 1px solid var(--line); color: var(--muted); font-size: 0.9rem; margin-top: 2rem; }
        @media (max-width: 40rem) { th, td { padding: 0.25rem; font-size: 0.9rem; } }
        """;

    /// <summary>Progressive enhancement only: a changed choice submits the form; without JavaScript the button does it.</summary>
    public const string Js = """
        document.querySelectorAll('form.choices select').forEach(function (s) {
          s.addEventListener('change', function () { s.form.submit(); });
        });
        """;
}
