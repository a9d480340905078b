using System.Globalization;
using System.Text.RegularExpressions;
using TalentData.Atlas;
using TalentData.Cli.Atlas;
using TalentData.Project;
using TalentData.Tests.TestSupport;
using AtlasSvg = TalentData.Cli.Atlas.Svg;

namespace TalentData.Tests.Atlas;

/// <summary>The drawing of the charts: no area drawn twice, honest sparklines, round axis ticks with gridlines. In memory, no run.</summary>
public class AtlasChartTests
{
    static readonly City Dortmund = City.Load(RepoPaths.Root);

    static AtlasIndicator Indicator(string id, int decimals = 1) =>
        new(id, "arbeit", "Testindikator", "Test indicator", "", "%", decimals, "", "jährlich", "31. Dezember", "dl-de/by-2-0", "");

    static AtlasData Data(AtlasIndicator indicator, IEnumerable<AtlasValue> values) => new()
    {
        Indicators = [indicator], Values = values.ToList(), Datasets = [], HasCatalog = false, ReleasedAt = null,
        Parents = new Dictionary<string, string>(),
    };

    /// <summary>Values of a city-only indicator: the city, the state and the country, three years each.</summary>
    static IEnumerable<AtlasValue> CityOnly(string id) =>
        from year in new[] { 2022, 2023, 2024 }
        from area in new[] { ("stadt", Dortmund.Key, Dortmund.Name), ("land", Dortmund.State.Code, Dortmund.State.Name), ("bund", Dortmund.Country.Code, Dortmund.Country.Name) }
        select new AtlasValue(id, year, area.Item1, area.Item2, area.Item3, 5.0 + year - 2022, "%", "");

    [Test]
    public void TimeSeries_CityOnlyIndicator_DrawsTheCityOnce()
    {
        var data = Data(Indicator("city_only"), CityOnly("city_only"));
        var charts = IndicatorCharts.For(new AtlasView(data, Dortmund, new AtlasText("de")), "city_only", null, null, null)!;
        var svg = charts.Svg(IndicatorCharts.Series);
        var legend = Regex.Matches(svg, "<text [^>]*class=\"label\">([^<]+)</text>").Select(m => m.Groups[1].Value).Where(t => !Regex.IsMatch(t, "^[0-9]")).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(charts.Lines.Select(l => l.Chart.Label), Is.EqualTo(new[] { Dortmund.Name, Dortmund.State.Name, Dortmund.Country.Name }),
                "one line each for the city, the state and the country; the city is no district of itself");
            Assert.That(legend.Count(t => t == Dortmund.Name), Is.EqualTo(1), $"the legend names {Dortmund.Name} once: {string.Join(" | ", legend)}");
            Assert.That(charts.Csv(IndicatorCharts.Series).Length, Is.GreaterThan(0));
            Assert.That(System.Text.Encoding.UTF8.GetString(charts.Csv(IndicatorCharts.Series)).Split("\r\n").Count(l => l.Contains($",stadt,{Dortmund.Key},")),
                Is.EqualTo(3), "the chart's CSV holds the city's three years once");
        }
    }

    [TestCase(0, 7.9, new[] { 0.0, 2, 4, 6, 8 }, 0)]
    [TestCase(0, 0.37, new[] { 0.0, 0.1, 0.2, 0.3, 0.4 }, 1)]
    [TestCase(0, 613487, new[] { 0.0, 200000, 400000, 600000, 800000 }, 0)]
    [TestCase(-3, 5, new[] { -4.0, -2, 0, 2, 4, 6 }, 0)]
    [TestCase(0, 82.0, new[] { 0.0, 20, 40, 60, 80, 100 }, 0)]
    public void NiceTicks_AreRoundMultiplesCoveringTheValues(double low, double high, double[] expected, int decimals)
    {
        var (ticks, d) = AtlasSvg.NiceTicks(low, high);
        Assert.That((ticks, d), Is.EqualTo((expected, decimals)));
    }

    [Test]
    public void NiceTicks_HighBelowLow_SaysWhatWasExpected()
    {
        var error = Assert.Throws<ArgumentException>(() => AtlasSvg.NiceTicks(5, 1))!;
        Assert.That(error.Message, Does.Contain("expected low <= high").And.Contain("low 5, high 1"));
    }

    [Test]
    public void TimeSeries_AxisTicksAreRound_WithALightGridlineEach()
    {
        // The values of the issue's report: before, the axis read 2,6 / 5,3 / 7,9 and had no gridlines.
        var series = new AtlasSvg.Series("Hörde", new Dictionary<int, double?> { [2020] = 2.6, [2021] = 5.3, [2022] = 7.2 }, "", "circle");
        var de = new AtlasText("de");
        var svg = AtlasSvg.TimeSeries("s", "t", "d", [2020, 2021, 2022], [series], de.Number);
        var ticks = Regex.Matches(svg, "class=\"label tick\">([^<]+)<").Select(m => double.Parse(m.Groups[1].Value, CultureInfo.GetCultureInfo("de-DE"))).ToList();
        var grid = Regex.Matches(svg, "<line class=\"grid\"[^>]*y1=\"([0-9.]+)\"").Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ticks, Is.EqualTo(new[] { 0.0, 2, 4, 6, 8 }), svg);
            Assert.That(grid, Has.Count.EqualTo(ticks.Count), "one gridline per tick");
            Assert.That(grid, Is.Ordered.Descending, "gridlines from the bottom up, evenly");
            Assert.That(grid.Zip(grid.Skip(1), (a, b) => Math.Round(a - b, 1)).Distinct().Count(), Is.EqualTo(1), "equal distances between round ticks");
            Assert.That(svg, Does.Contain($"stroke=\"{AtlasSvg.GridColour}\""), "light grey, not black");
        }
    }

    /// <summary>The heights (y) of a sparkline's points, from its polyline.</summary>
    static List<double> SparkHeights(string svg) =>
        Regex.Match(svg, "points=\"([^\"]+)\"").Groups[1].Value.Split(' ').Select(p => double.Parse(p.Split(',')[1], CultureInfo.InvariantCulture)).ToList();

    [Test]
    public void Sparkline_TinyChange_StaysNearlyFlat_ARealChangeFillsTheHeight()
    {
        var tiny = SparkHeights(AtlasSvg.Sparkline("a", "t", [(2022, 82.0), (2023, 81.95), (2024, 81.9)]));
        var real = SparkHeights(AtlasSvg.Sparkline("b", "t", [(2022, 5.0), (2023, 7.5), (2024, 10.0)]));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(tiny.Max() - tiny.Min(), Is.LessThan(1.0), "82.0 to 81.9 is 0.1 % of the level: no visible slope on a 30-unit-high line");
            Assert.That(real.Max() - real.Min(), Is.GreaterThan(20), "5 to 10 doubles: it fills the height");
            Assert.That(real[0], Is.GreaterThan(real[2]), "a rise goes up (SVG y grows downwards)");
        }
    }

    [Test]
    public void Sparkline_AllZeros_IsAFlatLineInsideTheBox()
    {
        var heights = SparkHeights(AtlasSvg.Sparkline("z", "t", [(2022, 0.0), (2023, 0.0)]));
        Assert.That(heights, Has.Count.EqualTo(2).And.All.InRange(4.0, 26.0));
        Assert.That(heights.Distinct().Count(), Is.EqualTo(1));
    }

    /// <summary>
    /// Where config/city.yaml gives a level real boundaries (district_boundaries), its map draws them — one path per
    /// district, the chosen one outlined, a secret value hatched and a missing one plain, with the legend of colour
    /// steps — and the map's CSV holds exactly the districts drawn; a level without boundaries keeps the tile map.
    /// </summary>
    [Test]
    public void Map_WithConfiguredBoundaries_DrawsTheDistrictsThemselves()
    {
        using var dir = new TempDir();
        // Three synthetic squares (not Dortmund's real boundaries) for three Stadtbezirke; codes as numbers, as GIS exports write them.
        var geojson = dir.File("stadtbezirke.geojson", """
            {"type":"FeatureCollection","features":[
             {"type":"Feature","properties":{"STBZ":10,"NAME":"Innenstadt-West"},"geometry":{"type":"Polygon","coordinates":[[[7.40,51.50],[7.45,51.50],[7.45,51.53],[7.40,51.53],[7.40,51.50]]]}},
             {"type":"Feature","properties":{"STBZ":20,"NAME":"Innenstadt-Nord"},"geometry":{"type":"Polygon","coordinates":[[[7.45,51.50],[7.50,51.50],[7.50,51.53],[7.45,51.53],[7.45,51.50]]]}},
             {"type":"Feature","properties":{"STBZ":30,"NAME":"Innenstadt-Ost"},"geometry":{"type":"MultiPolygon","coordinates":[[[[7.50,51.50],[7.55,51.50],[7.55,51.53],[7.50,51.53],[7.50,51.50]]]]}}]}
            """);
        var city = City.Load(RepoPaths.Root);
        city.DistrictBoundaries["stadtbezirk"] = new BoundarySource { File = "config/geo/stadtbezirke.geojson", CodeProperty = "STBZ", Path = geojson };
        var indicator = Indicator("with_districts");
        var values = new List<AtlasValue>
        {
            new("with_districts", 2024, "stadtbezirk", "10", "Innenstadt-West", 12.5, "%", ""),
            new("with_districts", 2024, "stadtbezirk", "20", "Innenstadt-Nord", null, "%", "."),
            new("with_districts", 2024, "stadtbezirk", "30", "Innenstadt-Ost", null, "%", "x"),
            new("with_districts", 2024, "stadtbezirk", "40", "Aplerbeck", 9.0, "%", ""),
            new("with_districts", 2024, "stadt", city.Key, city.Name, 10.0, "%", ""),
        };
        var charts = IndicatorCharts.For(new AtlasView(Data(indicator, values), city, new AtlasText("de")), "with_districts", 2024, "stadtbezirk", "10")!;
        var svg = charts.Svg(IndicatorCharts.Map);
        var paths = Regex.Matches(svg, "<path data-kreis=\"([^\"]+)\"[^>]*fill=\"([^\"]+)\"").ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var csv = System.Text.Encoding.UTF8.GetString(charts.Csv(IndicatorCharts.Map)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => l.Split(',')[4]).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(charts.Has(IndicatorCharts.Map), Is.True);
            Assert.That(paths.Keys, Is.EquivalentTo(new[] { "10", "20", "30" }), "one path per district with a boundary; Aplerbeck has none and is not drawn");
            Assert.That(svg, Does.Not.Contain("<rect x=\"5\" y=\"5\""), "no tiles where boundaries are configured");
            Assert.That(paths["20"], Does.StartWith("url(#"), "the secret value is hatched");
            Assert.That(paths["30"], Does.Not.StartWith("url(#"), "a value that is not available is not drawn as secret");
            Assert.That(paths["30"], Is.Not.EqualTo(paths["10"]));
            Assert.That(Regex.IsMatch(svg, "<path data-kreis=\"10\"[^>]*class=\"marked\""), Is.True, "the chosen district is outlined");
            Assert.That(svg, Does.Contain("Innenstadt-West: 12,5"), "the tooltip names the district and its value");
            Assert.That(svg, Does.Contain("≥ "), "the legend of colour steps is drawn");
            Assert.That(csv, Is.EquivalentTo(new[] { "10", "20", "30" }), "the map's CSV holds exactly the districts it draws");
        }
        var tiles = IndicatorCharts.For(new AtlasView(Data(indicator, values), Dortmund, new AtlasText("de")), "with_districts", 2024, "stadtbezirk", "10")!;
        Assert.That(tiles.Svg(IndicatorCharts.Map), Does.Not.Contain("<path data-kreis="), "without boundaries the tile map stays");
    }

    [Test]
    public void City_BoundariesOutsideConfigOrMissing_AreRefusedNamingTheLevel()
    {
        using var dir = new TempDir();
        var yaml = Path.Combine(dir.Path, City.File);
        RepoCopy.CopyDirectory(Path.Combine(RepoPaths.Root, "config"), Path.Combine(dir.Path, "config"));
        File.AppendAllText(yaml, "\ndistrict_boundaries:\n  stadtbezirk: { file: sample-data/x.geojson, code_property: STBZ }\n");
        var outside = Assert.Throws<TalentData.PipelineException>(() => City.Load(dir.Path))!;
        Assert.That(outside.Message, Does.Contain("district_boundaries 'stadtbezirk': file must be a .geojson file under config/, found 'sample-data/x.geojson'"));
        File.WriteAllText(yaml, File.ReadAllText(yaml).Replace("sample-data/x.geojson", "config/geo/none.geojson"));
        var missing = Assert.Throws<TalentData.PipelineException>(() => City.Load(dir.Path))!;
        Assert.That(missing.Message, Does.Contain("district_boundaries 'stadtbezirk': config/geo/none.geojson does not exist"));
    }

    [Test]
    public void Boundaries_FeatureWithoutTheCodeProperty_IsRefusedNamingFileFeatureAndProperty()
    {
        using var dir = new TempDir();
        var path = dir.File("b.geojson", """
            {"type":"FeatureCollection","features":[
             {"type":"Feature","properties":{"STBZ":"10"},"geometry":{"type":"Polygon","coordinates":[[[7.4,51.5],[7.5,51.5],[7.5,51.6],[7.4,51.5]]]}},
             {"type":"Feature","properties":{"NR":"20"},"geometry":{"type":"Polygon","coordinates":[[[7.4,51.5],[7.5,51.5],[7.5,51.6],[7.4,51.5]]]}}]}
            """);
        var error = Assert.Throws<InvalidDataException>(() => AtlasData.ReadBoundaries(path, "STBZ", "NAME"))!;
        Assert.That(error.Message, Is.EqualTo($"{path}: feature 2: expected properties.STBZ and a geometry with type and coordinates."));
    }
}
