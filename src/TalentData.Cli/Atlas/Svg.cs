using System.Globalization;
using System.Text;

namespace TalentData.Cli.Atlas;

/// <summary>
/// Server-rendered SVG charts. Every chart has a title and a description for screen readers and sits next to a
/// table with the same numbers; colours come from a colour-blind-safe sequential scale and are never the only cue.
/// </summary>
public static class Svg
{
    /// <summary>Five steps of a viridis-like scale, light to dark, with the text colour that keeps AA contrast on each.</summary>
    public static readonly (string Fill, string Text)[] Scale =
    [
        ("#fde725", "#000000"), ("#5ec962", "#000000"), ("#21918c", "#000000"), ("#3b528b", "#ffffff"), ("#440154", "#ffffff"),
    ];

    public const string NoDataFill = "#d9d9d9";

    /// <summary>
    /// The hatching of a secret (suppressed) value, one pattern per chart: grey ground with dark diagonal lines, so it
    /// is told apart from a plain grey "not available" without colour.
    /// </summary>
    static string Hatch(string id) =>
        $"<defs><pattern id=\"{id}-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"{NoDataFill}\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#4d4d4d\" stroke-width=\"2\"/></pattern></defs>";

    /// <summary>The legend entries of the marks a chart shows, from <paramref name="y"/> down; the height it took.</summary>
    static double MarkLegend(StringBuilder sb, string id, double y, IReadOnlyList<(ValueMark Mark, string Meaning)> marks)
    {
        var line = 0;
        foreach (var (mark, meaning) in marks.Where(m => m.Mark != ValueMark.Zero))
        {
            var top = y + line++ * 20;
            var fill = mark == ValueMark.Secret ? $"url(#{id}-hatch)" : mark == ValueMark.NotAvailable ? NoDataFill : "#ffffff";
            sb.Append($"<rect x=\"5\" y=\"{F(top)}\" width=\"20\" height=\"14\" fill=\"{fill}\" stroke=\"#000\" stroke-width=\"0.5\"/>");
            sb.Append($"<text x=\"30\" y=\"{F(top + 12)}\" class=\"label\">{Html(AtlasText.MarkText(mark) + " " + meaning)}</text>");
        }
        return line * 20;
    }

    /// <summary>Escapes markup characters only; umlauts stay readable in the page source.</summary>
    static string Html(string s) =>
        s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("'", "&#39;");

    static string F(double d) => d.ToString("0.##", CultureInfo.InvariantCulture);

    /// <param name="role">img for a picture; group for a chart whose parts are links (an img's parts are not reachable).</param>
    static string Open(StringBuilder sb, string id, double width, double height, string title, string description, string kind = "", string role = "img")
    {
        sb.Append($"<svg viewBox=\"0 0 {F(width)} {F(height)}\" role=\"{role}\" aria-labelledby=\"{id}-t {id}-d\" class=\"chart{(kind.Length > 0 ? " " + kind : "")}\">");
        sb.Append($"<title id=\"{id}-t\">{Html(title)}</title><desc id=\"{id}-d\">{Html(description)}</desc>");
        return id;
    }

    /// <summary>Bin boundaries (quintiles) of the values shown, so each colour step holds about as many areas.</summary>
    public static double[] Breaks(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return [];
        return Enumerable.Range(1, 4).Select(q => sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(q * sorted.Length / 5.0))]).ToArray();
    }

    public static int Bin(double value, double[] breaks) => breaks.Count(b => value >= b);

    /// <param name="marked">The bar of the area the reader came from (its profile), drawn in another colour with a bold label.</param>
    /// <param name="marks">The marks of missing numbers the bars show, with their meaning, for the legend under the chart.</param>
    public static string Ranking(string id, string title, string description, IReadOnlyList<(string Label, double? Value, string Shown, ValueMark Mark)> bars, double? reference, string referenceLabel,
        int? marked = null, IReadOnlyList<(ValueMark Mark, string Meaning)>? marks = null)
    {
        const double left = 190, width = 640, barHeight = 18, gap = 6, top = 10;
        marks ??= [];
        var max = bars.Select(b => b.Value ?? 0).Append(reference ?? 0).DefaultIfEmpty(1).Max();
        if (max <= 0) max = 1;
        var legendHeight = marks.Count(m => m.Mark != ValueMark.Zero) * 20;
        var height = top + bars.Count * (barHeight + gap) + 30 + legendHeight;
        var sb = new StringBuilder();
        Open(sb, id, width, height, title, description);
        if (bars.Any(b => b.Mark == ValueMark.Secret)) sb.Append(Hatch(id));
        var scale = (width - left - 70) / max;
        for (var i = 0; i < bars.Count; i++)
        {
            var y = top + i * (barHeight + gap);
            var (label, value, shown, mark) = bars[i];
            var isMarked = i == marked;
            sb.Append($"<text x=\"{F(left - 8)}\" y=\"{F(y + 13)}\" text-anchor=\"end\" {(isMarked ? "font-weight=\"700\" class=\"label marked\"" : "class=\"label\"")}>{Html(label)}</text>");
            if (value is { } v)
            {
                sb.Append($"<rect x=\"{F(left)}\" y=\"{F(y)}\" width=\"{F(Math.Max(1, v * scale))}\" height=\"{F(barHeight)}\" fill=\"{(isMarked ? MarkedBar : "#3b528b")}\"/>");
                sb.Append($"<text x=\"{F(left + v * scale + 4)}\" y=\"{F(y + 13)}\" class=\"value\">{Html(shown)}</text>");
            }
            else if (mark == ValueMark.Secret)
            {
                // A suppressed value: a hatched stub, so the gap is seen as withheld, not as small or missing.
                sb.Append($"<rect x=\"{F(left)}\" y=\"{F(y)}\" width=\"30\" height=\"{F(barHeight)}\" fill=\"url(#{id}-hatch)\" stroke=\"#4d4d4d\" stroke-width=\"0.5\"/>");
                sb.Append($"<text x=\"{F(left + 34)}\" y=\"{F(y + 13)}\" class=\"value\">{Html(shown)}</text>");
            }
            else
            {
                sb.Append($"<text x=\"{F(left + 4)}\" y=\"{F(y + 13)}\" class=\"value\">{Html(shown)}</text>");
            }
        }
        var plotBottom = height - legendHeight;
        if (reference is { } r)
        {
            var x = left + r * scale;
            sb.Append($"<line x1=\"{F(x)}\" x2=\"{F(x)}\" y1=\"{F(top - 4)}\" y2=\"{F(plotBottom - 24)}\" stroke=\"#000\" stroke-dasharray=\"4 3\"/>");
            sb.Append($"<text x=\"{F(x)}\" y=\"{F(plotBottom - 8)}\" text-anchor=\"middle\" class=\"label\">{Html(referenceLabel)}</text>");
        }
        MarkLegend(sb, id, plotBottom + 2, marks);
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>The marked bar: orange against the blue of the others, told apart without colour by its bold label too.</summary>
    public const string MarkedBar = "#b35900";

    /// <param name="Secret">The years whose value is secret: drawn as a hatched square on the axis instead of a point.</param>
    public sealed record Series(string Label, IReadOnlyDictionary<int, double?> Points, string Dash, string Marker, IReadOnlySet<int>? Secret = null);

    /// <summary>
    /// Round axis ticks from <paramref name="low"/> to at least <paramref name="high"/>: a step of 1, 2 or 5 times a power
    /// of ten, chosen so that about <paramref name="about"/> ticks cover the values, and the decimals the step needs to be written (0 for
    /// a step of 1 or more). The first tick is at or below <paramref name="low"/>, the last at or above <paramref name="high"/>.
    /// </summary>
    public static (IReadOnlyList<double> Ticks, int Decimals) NiceTicks(double low, double high, int about = 5)
    {
        if (double.IsNaN(low) || double.IsNaN(high) || high < low)
            throw new ArgumentException($"expected low <= high, found low {low}, high {high}");
        if (high == low) high = low + (low == 0 ? 1 : Math.Abs(low) * 0.1);
        var rough = (high - low) / Math.Max(1, about - 1);
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        static (double First, double Last) Span(double low, double high, double step) => (Math.Floor(low / step + 1e-9), Math.Ceiling(high / step - 1e-9));
        // Of the round steps near the rough one, the one whose ticks come closest to the number asked for (the larger on a tie).
        var step = new[] { 1.0, 2.0, 5.0, 10.0, 20.0 }.Select(m => m * power)
            .OrderBy(candidate =>
            {
                var (f, l) = Span(low, high, candidate);
                return Math.Abs(l - f + 1 - about);
            })
            .ThenByDescending(candidate => candidate).First();
        var decimals = Math.Max(0, (int)-Math.Floor(Math.Log10(step) + 1e-9));
        var (first, last) = Span(low, high, step);
        // Multiples of the step, rounded to its decimals so that 0.1 * 3 is written and placed as 0.3.
        var ticks = Enumerable.Range(0, (int)(last - first) + 1).Select(k => Math.Round((first + k) * step, decimals)).ToList();
        return (ticks, decimals);
    }

    /// <summary>The colour of gridlines: light enough to stay behind the lines, visible on white.</summary>
    public const string GridColour = "#d9d9d9";

    /// <param name="number">Writes a number with the given decimals in the page language (the value labels use the indicator's).</param>
    public static string TimeSeries(string id, string title, string description, IReadOnlyList<int> years, IReadOnlyList<Series> series, Func<double, int, string> number,
        string secretMeaning = "")
    {
        const double width = 640, left = 60, right = 170, top = 16, bottom = 36;
        var anySecret = series.Any(s => s.Secret is { Count: > 0 });
        var height = 260.0 + (anySecret ? 20 : 0);
        var plotHeight = 260.0;
        var all = series.SelectMany(s => s.Points.Values).OfType<double>().ToList();
        var sb = new StringBuilder();
        Open(sb, id, width, height, title, description);
        if (anySecret) sb.Append(Hatch(id));
        if (all.Count == 0 || years.Count == 0)
        {
            sb.Append("<text x=\"20\" y=\"40\">–</text></svg>");
            return sb.ToString();
        }
        // The axis starts at zero (or below, for negative values) and ends at a round tick above the largest value; a
        // light gridline at every round tick lets a reader follow a point to its value.
        var (ticks, tickDecimals) = NiceTicks(Math.Min(0, all.Min()), Math.Max(0, all.Max()));
        var (min, max) = (ticks[0], ticks[^1]);
        double X(int year) => years.Count == 1 ? left : left + (width - left - right) * years.ToList().IndexOf(year) / (years.Count - 1);
        double Y(double v) => top + (plotHeight - top - bottom) * (1 - (v - min) / (max - min));
        foreach (var v in ticks)
        {
            sb.Append($"<line class=\"grid\" x1=\"{F(left)}\" x2=\"{F(width - right)}\" y1=\"{F(Y(v))}\" y2=\"{F(Y(v))}\" stroke=\"{GridColour}\" stroke-width=\"1\"/>");
            sb.Append($"<text x=\"{F(left - 6)}\" y=\"{F(Y(v) + 4)}\" text-anchor=\"end\" class=\"label tick\">{Html(number(v, tickDecimals))}</text>");
        }
        var axisAt = min <= 0 && max >= 0 ? 0 : min;
        sb.Append($"<line x1=\"{F(left)}\" x2=\"{F(width - right)}\" y1=\"{F(Y(axisAt))}\" y2=\"{F(Y(axisAt))}\" stroke=\"#000\"/>");
        foreach (var year in years)
            sb.Append($"<text x=\"{F(X(year))}\" y=\"{F(plotHeight - 12)}\" text-anchor=\"middle\" class=\"label\">{year}</text>");
        var colours = new[] { "#440154", "#21918c", "#3b528b", "#000000" };
        for (var s = 0; s < series.Count; s++)
        {
            var points = years.Where(y => series[s].Points.TryGetValue(y, out var v) && v is not null).Select(y => (X(y), Y(series[s].Points[y]!.Value))).ToList();
            var colour = colours[s % colours.Length];
            if (points.Count > 1)
                sb.Append($"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" stroke-dasharray=\"{series[s].Dash}\" points=\"{string.Join(' ', points.Select(p => $"{F(p.Item1)},{F(p.Item2)}"))}\"/>");
            foreach (var (x, y) in points)
                sb.Append(Marker(series[s].Marker, x, y, colour));
            foreach (var year in years.Where(y => series[s].Secret?.Contains(y) == true))
                sb.Append($"<rect x=\"{F(X(year) - 6)}\" y=\"{F(Y(min) - 6 - 14 * s)}\" width=\"12\" height=\"12\" fill=\"url(#{id}-hatch)\" stroke=\"{colour}\" stroke-width=\"1.5\"><title>{Html($"{series[s].Label} {year}: {secretMeaning}")}</title></rect>");
            var ly = top + 14 + s * 20;
            sb.Append($"<line x1=\"{F(width - right + 10)}\" x2=\"{F(width - right + 34)}\" y1=\"{F(ly)}\" y2=\"{F(ly)}\" stroke=\"{colour}\" stroke-width=\"2\" stroke-dasharray=\"{series[s].Dash}\"/>");
            sb.Append(Marker(series[s].Marker, width - right + 22, ly, colour));
            sb.Append($"<text x=\"{F(width - right + 40)}\" y=\"{F(ly + 4)}\" class=\"label\">{Html(series[s].Label)}</text>");
        }
        if (anySecret)
            MarkLegend(sb, id, plotHeight + 2, [(ValueMark.Secret, secretMeaning)]);
        sb.Append("</svg>");
        return sb.ToString();
    }

    static string Marker(string kind, double x, double y, string colour) => kind switch
    {
        "square" => $"<rect x=\"{F(x - 4)}\" y=\"{F(y - 4)}\" width=\"8\" height=\"8\" fill=\"{colour}\"/>",
        "triangle" => $"<polygon points=\"{F(x)},{F(y - 5)} {F(x - 5)},{F(y + 4)} {F(x + 5)},{F(y + 4)}\" fill=\"{colour}\"/>",
        "diamond" => $"<polygon points=\"{F(x)},{F(y - 5)} {F(x - 5)},{F(y)} {F(x)},{F(y + 5)} {F(x + 5)},{F(y)}\" fill=\"{colour}\"/>",
        _ => $"<circle cx=\"{F(x)}\" cy=\"{F(y)}\" r=\"4\" fill=\"{colour}\"/>",
    };

    /// <param name="Mark">Why a tile has no value: secret tiles are hatched, not available and not reliable ones plain grey and white.</param>
    public sealed record Tile(string Code, string Label, int Column, int Row, double Width, double Height, double? Value, string Shown, string Href,
        ValueMark Mark = ValueMark.Number);

    /// <summary>A schematic tile map: one tile per area, placed roughly by geography, coloured by quintile.</summary>
    /// <param name="marks">The marks of missing numbers the tiles show, with their meaning, for the legend.</param>
    public static string TileMap(string id, string title, string description, IReadOnlyList<Tile> tiles, double cell, string legendTitle,
        IReadOnlyList<(ValueMark Mark, string Meaning)> marks, Func<double, string> format)
    {
        var breaks = Breaks(tiles.Select(t => t.Value).OfType<double>());
        var legendHeight = Math.Max(1, marks.Count(m => m.Mark != ValueMark.Zero)) * 20;
        var width = tiles.Max(t => t.Column * cell + t.Width) + 10;
        var height = tiles.Max(t => t.Row * cell + t.Height) + 50 + legendHeight;
        var sb = new StringBuilder();
        Open(sb, id, width, height, title, description, "map", "group");
        sb.Append(Hatch(id));
        foreach (var t in tiles)
        {
            var x = 5 + t.Column * cell;
            var y = 5 + t.Row * cell;
            var (fill, text) = t.Value is { } v ? Scale[Bin(v, breaks)]
                : t.Mark == ValueMark.Secret ? ($"url(#{id}-hatch)", "#000000")
                : t.Mark == ValueMark.NotReliable ? ("#ffffff", "#000000")
                : (NoDataFill, "#000000");
            sb.Append($"<a href=\"{Html(t.Href)}\"><rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(t.Width - 4)}\" height=\"{F(t.Height - 4)}\" fill=\"{fill}\" stroke=\"{(t.Mark == ValueMark.NotReliable && t.Value is null ? "#4d4d4d" : "#ffffff")}\"><title>{Html(t.Label + ": " + t.Shown)}</title></rect>");
            sb.Append($"<text x=\"{F(x + (t.Width - 4) / 2)}\" y=\"{F(y + (t.Height - 4) / 2 - 2)}\" text-anchor=\"middle\" fill=\"{text}\" class=\"tile\">{Html(Short(t.Label, t.Width))}</text>");
            sb.Append($"<text x=\"{F(x + (t.Width - 4) / 2)}\" y=\"{F(y + (t.Height - 4) / 2 + 12)}\" text-anchor=\"middle\" fill=\"{text}\" class=\"tile\">{Html(t.Shown)}</text></a>");
        }
        ScaleLegend(sb, id, height - 32 - legendHeight, legendTitle, breaks, marks, format);
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>The colour steps of a map (quintile bounds) at <paramref name="y"/>, then the marks of missing numbers.</summary>
    static void ScaleLegend(StringBuilder sb, string id, double y, string title, double[] breaks, IReadOnlyList<(ValueMark Mark, string Meaning)> marks, Func<double, string> format)
    {
        sb.Append($"<text x=\"5\" y=\"{F(y - 6)}\" class=\"label\">{Html(title)}</text>");
        var bounds = new List<string>();
        for (var b = 0; b < Scale.Length; b++)
        {
            var lower = b == 0 ? "" : format(breaks.Length >= b ? breaks[b - 1] : 0);
            bounds.Add(b == 0 ? $"< {(breaks.Length > 0 ? format(breaks[0]) : "")}" : $"≥ {lower}");
        }
        for (var b = 0; b < Scale.Length; b++)
        {
            sb.Append($"<rect x=\"{F(5 + b * 90)}\" y=\"{F(y)}\" width=\"20\" height=\"14\" fill=\"{Scale[b].Fill}\" stroke=\"#000\" stroke-width=\"0.5\"/>");
            sb.Append($"<text x=\"{F(30 + b * 90)}\" y=\"{F(y + 12)}\" class=\"label\">{Html(bounds[b])}</text>");
        }
        MarkLegend(sb, id, y + 22, marks);
    }

    /// <summary>A region to draw: its key, its tooltip, its rings of (longitude, latitude), its value and whether it is outlined.</summary>
    /// <remarks><paramref name="Mark"/> says why a region has no value: a secret one is hatched, any other drawn plain grey.</remarks>
    public sealed record Shape(string Code, string Label, IReadOnlyList<IReadOnlyList<(double Lon, double Lat)>> Rings, double? Value, bool Marked,
        ValueMark Mark = ValueMark.Secret);

    /// <summary>The width of a region map in SVG units; the height follows from the region's shape.</summary>
    public const double MapWidth = 480;

    /// <summary>
    /// A choropleth of real boundaries: one path per region, coloured by quintile, hatched without a value, the marked
    /// region drawn last with a thick outline. Longitude is scaled by the cosine of the middle latitude (an
    /// equirectangular projection, true enough for one state), and every point is rounded to a whole unit with repeats
    /// dropped, which keeps the page small (about 15 KB for the 53 Kreise of NRW) and keeps shared borders identical.
    /// </summary>
    /// <param name="legend">A legend of the colour steps and marks below the map (the district maps of the indicator pages); none for the Städtevergleich, whose page gives it.</param>
    public static string RegionMap(string id, string title, string description, IReadOnlyList<Shape> shapes,
        (string Title, IReadOnlyList<(ValueMark Mark, string Meaning)> Marks, Func<double, string> Format)? legend = null)
    {
        var points = shapes.SelectMany(s => s.Rings).SelectMany(r => r).ToList();
        var (west, east) = (points.Min(p => p.Lon), points.Max(p => p.Lon));
        var (south, north) = (points.Min(p => p.Lat), points.Max(p => p.Lat));
        var stretch = Math.Cos((south + north) / 2 * Math.PI / 180);
        var scale = (MapWidth - 10) / Math.Max(1e-9, (east - west) * stretch);
        var mapHeight = Math.Ceiling((north - south) * scale) + 10;
        var legendHeight = legend is { } l ? Math.Max(1, l.Marks.Count(m => m.Mark != ValueMark.Zero)) * 20 + 40 : 0;
        var height = mapHeight + legendHeight;
        var breaks = Breaks(shapes.Select(s => s.Value).OfType<double>());
        var sb = new StringBuilder();
        Open(sb, id, MapWidth, height, title, description);
        sb.Append("<defs><pattern id=\"" + id + "-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"" + NoDataFill + "\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#666\" stroke-width=\"2\"/></pattern></defs>");
        foreach (var shape in shapes.OrderBy(s => s.Marked))
        {
            var d = new StringBuilder();
            foreach (var ring in shape.Rings)
            {
                var (lastX, lastY) = (int.MinValue, int.MinValue);
                var first = true;
                foreach (var (lon, lat) in ring)
                {
                    var x = (int)Math.Round(5 + (lon - west) * stretch * scale);
                    var y = (int)Math.Round(5 + (north - lat) * scale);
                    if (x == lastX && y == lastY) continue;
                    // Absolute for the first point of a ring, relative after it: short numbers, no drift (all integers).
                    d.Append(first ? string.Create(CultureInfo.InvariantCulture, $"M{x} {y}") : string.Create(CultureInfo.InvariantCulture, $"l{x - lastX} {y - lastY}"));
                    (lastX, lastY, first) = (x, y, false);
                }
                if (!first) d.Append('z');
            }
            var fill = shape.Value is { } v ? Scale[Bin(v, breaks)].Fill : shape.Mark == ValueMark.Secret ? $"url(#{id}-hatch)" : NoDataFill;
            var outline = shape.Marked ? $"stroke=\"{MarkedOutline}\" stroke-width=\"3\" class=\"marked\"" : "stroke=\"#ffffff\" stroke-width=\"0.75\"";
            sb.Append($"<path data-kreis=\"{Html(shape.Code)}\" d=\"{d}\" fill=\"{fill}\" {outline} stroke-linejoin=\"round\"><title>{Html(shape.Label)}</title></path>");
        }
        if (legend is { } shown)
            ScaleLegend(sb, id, mapHeight + 22, shown.Title, breaks, shown.Marks, shown.Format);
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>
    /// Places as points on an outline (the city's boundary), in the projection of <see cref="RegionMap"/>; without an
    /// outline the points' own extent. Each point carries its label as a tooltip; the page lists the same places.
    /// </summary>
    public static string PointMap(string id, string title, string description, IReadOnlyList<IReadOnlyList<(double Lon, double Lat)>> outline,
        IReadOnlyList<(double Lon, double Lat, string Label)> points)
    {
        var extent = outline.SelectMany(r => r).Concat(points.Select(p => (p.Lon, p.Lat))).ToList();
        var (west, east) = (extent.Min(p => p.Lon), extent.Max(p => p.Lon));
        var (south, north) = (extent.Min(p => p.Lat), extent.Max(p => p.Lat));
        var stretch = Math.Cos((south + north) / 2 * Math.PI / 180);
        var scale = (MapWidth - 20) / Math.Max(1e-9, (east - west) * stretch);
        var height = Math.Max(60, Math.Ceiling((north - south) * scale) + 20);
        (double X, double Y) At(double lon, double lat) => (10 + (lon - west) * stretch * scale, 10 + (north - lat) * scale);
        var sb = new StringBuilder();
        Open(sb, id, MapWidth, height, title, description, "points");
        foreach (var ring in outline)
        {
            var d = new StringBuilder();
            var (lastX, lastY) = (int.MinValue, int.MinValue);
            foreach (var (lon, lat) in ring)
            {
                var (fx, fy) = At(lon, lat);
                var (x, y) = ((int)Math.Round(fx), (int)Math.Round(fy));
                if (x == lastX && y == lastY) continue;
                d.Append(lastX == int.MinValue ? string.Create(CultureInfo.InvariantCulture, $"M{x} {y}") : string.Create(CultureInfo.InvariantCulture, $"l{x - lastX} {y - lastY}"));
                (lastX, lastY) = (x, y);
            }
            if (d.Length > 0) sb.Append($"<path d=\"{d}z\" fill=\"#f3f3f3\" stroke=\"#4d4d4d\" stroke-width=\"1\"/>");
        }
        foreach (var (lon, lat, label) in points)
        {
            var (x, y) = At(lon, lat);
            sb.Append($"<circle cx=\"{F(x)}\" cy=\"{F(y)}\" r=\"5\" fill=\"#3b528b\" stroke=\"#ffffff\" stroke-width=\"1.5\"><title>{Html(label)}</title></circle>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>The outline of the marked region: the orange of the marked bar, dark enough against every colour step.</summary>
    public const string MarkedOutline = "#b35900";

    static string Short(string label, double width)
    {
        var max = (int)(width / 7.5);
        return label.Length <= max ? label : label[..Math.Max(3, max - 1)] + "…";
    }

    /// <summary>
    /// The least vertical span of a sparkline, as a share of its largest absolute value: a change smaller than a tenth
    /// of the level (82.0 to 81.9) stays nearly flat instead of being stretched over the full height.
    /// </summary>
    public const double SparklineLeastSpan = 0.1;

    public static string Sparkline(string id, string title, IReadOnlyList<(int Year, double? Value)> points)
    {
        const double width = 120, height = 30;
        var sb = new StringBuilder();
        Open(sb, id, width, height, title, title);
        if (SparkPoints(points, 4, 4, width - 8, height - 8) is { } line)
            sb.Append($"<polyline fill=\"none\" stroke=\"#3b528b\" stroke-width=\"2\" points=\"{line}\"/>");
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>
    /// A sparkline's points inside the box (x, y, width, height), or null with fewer than two values: the line's own
    /// range, widened around its middle to <see cref="SparklineLeastSpan"/> of its largest absolute value, so real
    /// changes fill the height and a tiny one does not look like a big one. All zeros get a span of 1 (a flat line).
    /// </summary>
    static string? SparkPoints(IReadOnlyList<(int Year, double? Value)> points, double x, double y, double width, double height)
    {
        var values = points.Select(p => p.Value).OfType<double>().ToList();
        if (values.Count < 2)
            return null;
        var (min, max) = (values.Min(), values.Max());
        var span = Math.Max(max - min, SparklineLeastSpan * values.Max(Math.Abs));
        if (span == 0) span = 1;
        var middle = (min + max) / 2;
        min = middle - span / 2;
        return string.Join(' ', points.Select((p, i) => (i, p.Value)).Where(p => p.Value is not null)
            .Select(p => $"{F(x + width * p.i / (points.Count - 1))},{F(y + height - height * (p.Value!.Value - min) / span)}"));
    }

    /// <summary>
    /// The sparklines of a profile as one drawing to take away: a row per indicator with its title, its line (drawn as
    /// on the page) and its first and last value.
    /// </summary>
    public static string SparklineSheet(string id, string title, IReadOnlyList<(string Label, IReadOnlyList<(int Year, double? Value)> Points, string First, string Last)> rows)
    {
        const double width = 640, rowHeight = 34, line = 150, lineX = 340;
        var sb = new StringBuilder();
        Open(sb, id, width, Math.Max(1, rows.Count) * rowHeight + 6, title, title);
        for (var i = 0; i < rows.Count; i++)
        {
            var top = 4 + i * rowHeight;
            var (label, points, first, last) = rows[i];
            sb.Append($"<text x=\"5\" y=\"{F(top + 19)}\" class=\"label\">{Html(Short(label, (lineX - 60) * 7.5 / 6.6))}</text>");
            sb.Append($"<text x=\"{F(lineX - 8)}\" y=\"{F(top + 19)}\" text-anchor=\"end\" class=\"value\">{Html(first)}</text>");
            if (SparkPoints(points, lineX, top + 4, line, rowHeight - 12) is { } pts)
                sb.Append($"<polyline fill=\"none\" stroke=\"#3b528b\" stroke-width=\"2\" points=\"{pts}\"/>");
            sb.Append($"<text x=\"{F(lineX + line + 8)}\" y=\"{F(top + 19)}\" class=\"value\">{Html(last)}</text>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>
    /// A chart as a file of its own: with the SVG namespace and a size, a white ground, the title above and the source
    /// below it, and its text settings as attributes on the root (a file opened on its own has no stylesheet, and a
    /// style element would be refused by the policy the download is sent with).
    /// </summary>
    public static string Standalone(string chart, string heading, string footer)
    {
        var open = chart.IndexOf('>');
        var viewBox = System.Text.RegularExpressions.Regex.Match(open < 0 ? "" : chart[..open], "viewBox=\"0 0 ([0-9.]+) ([0-9.]+)\"");
        if (!chart.StartsWith("<svg ", StringComparison.Ordinal) || !viewBox.Success || !chart.EndsWith("</svg>", StringComparison.Ordinal))
            throw new ArgumentException("expected a chart of this class: <svg viewBox=\"0 0 w h\" …>…</svg>", nameof(chart));
        var width = double.Parse(viewBox.Groups[1].Value, CultureInfo.InvariantCulture);
        var height = double.Parse(viewBox.Groups[2].Value, CultureInfo.InvariantCulture);
        var footLines = Wrap(footer, (int)((width - 20) / 6.6));
        // The title wraps like the source line, so a long one above a narrow chart (the map of the Kreise) is not cut off.
        var headLines = Wrap(heading, (int)((width - 20) / 9.2));
        var head = 14 + headLines.Count * 20.0;
        var total = head + height + 10 + footLines.Count * 16;
        var sb = new StringBuilder();
        sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{F(width)}\" height=\"{F(total)}\" viewBox=\"0 0 {F(width)} {F(total)}\" ");
        sb.Append("font-family=\"DejaVu Sans, Liberation Sans, Arial, sans-serif\" font-size=\"12\" fill=\"#1a1a1a\">");
        sb.Append($"<rect width=\"{F(width)}\" height=\"{F(total)}\" fill=\"#ffffff\"/>");
        for (var i = 0; i < headLines.Count; i++)
            sb.Append($"<text x=\"10\" y=\"{F(22 + i * 20)}\" font-size=\"15\" font-weight=\"700\">{Html(headLines[i])}</text>");
        sb.Append($"<g transform=\"translate(0 {F(head)})\">").Append(chart, open + 1, chart.Length - open - 1 - "</svg>".Length).Append("</g>");
        for (var i = 0; i < footLines.Count; i++)
            sb.Append($"<text x=\"10\" y=\"{F(head + height + 14 + i * 16)}\" font-size=\"11\" fill=\"#4d4d4d\">{Html(footLines[i])}</text>");
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>Words to lines of at most <paramref name="max"/> characters (a longer word stands alone).</summary>
    static List<string> Wrap(string text, int max)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > max)
            {
                lines.Add(line.ToString());
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) lines.Add(line.ToString());
        return lines;
    }
}
