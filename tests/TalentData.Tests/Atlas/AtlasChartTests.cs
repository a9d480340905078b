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
}
