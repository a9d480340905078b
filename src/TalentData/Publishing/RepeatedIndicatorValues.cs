using TalentData.Disclosure;
using TalentData.Project;

namespace TalentData.Publishing;

/// <summary>
/// A dataset that sets published indicator values side by side (<see cref="DatasetDefinition.Repeats"/>: Bedarf und
/// Angebot) has no counts of its own, yet each of its values reveals what the indicator dataset reveals. So after
/// disclosure control every side takes the indicator dataset's published text and status for the same indicator, area
/// and year, and the city's value likewise: a value secret ('.') or not reliable ('/') there is empty here too, and the
/// comparison built from it is left empty, since "above the city" would still say something about the secret value.
/// A value published on both sides must be the same number (each dataset keeps its own number format: the measure
/// with its fixed decimals, other number columns as the mart gives them); a different one withholds the dataset.
/// </summary>
public static class RepeatedIndicatorValues
{
    /// <summary>
    /// Applies the decisions to <paramref name="table"/> in place; returns why it must be withheld (the repeated dataset
    /// is withheld or not in this publication, or a value here has no row there), or null.
    /// </summary>
    public static string? Apply(PublishedTable table, IReadOnlyDictionary<string, PublishedTable> tables,
        IReadOnlyDictionary<string, string> withheld, string cityKey)
    {
        var dataset = table.Dataset;
        var repeats = dataset.Repeats ?? throw new ArgumentException($"{dataset.File} declares no repeats:.", nameof(table));
        if (withheld.TryGetValue(repeats.Dataset, out var why))
            return $"it repeats the values of {repeats.Dataset}, which is withheld: {why}";
        if (!tables.TryGetValue(repeats.Dataset, out var source))
            return $"it repeats the values of {repeats.Dataset}, which is not read in this publication; publish both together.";

        var s = source.Dataset;
        int metric = source.IndexOf(s.ColumnWithRole(ColumnRole.Metric)!.Name), time = source.IndexOf(s.ColumnWithRole(ColumnRole.Time)!.Name),
            geo = source.IndexOf(s.ColumnWithRole(ColumnRole.Geo)!.Name), sourceLevel = source.IndexOf(s.ColumnWithRole(ColumnRole.Geo)!.LevelColumn!);
        var byCell = new Dictionary<(string Indicator, string Level, string Code, string Year), string[]>();
        var cityByCell = new Dictionary<(string Indicator, string Year), string[]>();
        foreach (var row in source.Rows)
        {
            byCell[(row[metric], row[sourceLevel], row[geo], row[time])] = row;
            if (row[geo] == cityKey)
                cityByCell[(row[metric], row[time])] = row;
        }

        var geoColumn = dataset.ColumnWithRole(ColumnRole.Geo)!;
        int code = table.IndexOf(geoColumn.Name), level = geoColumn.LevelColumn is { } lc ? table.IndexOf(lc) : -1;
        int comparison = repeats.Comparison is { } c ? table.IndexOf(c) : -1;
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            var area = (Level: level < 0 ? geoColumn.Level ?? "" : row[level], Code: row[code]);
            var complete = true;
            foreach (var side in repeats.Sides)
            {
                int indicator = table.IndexOf(side.Indicator), year = table.IndexOf(side.Year), value = table.IndexOf(side.Value), status = table.IndexOf(side.Status);
                if (byCell.TryGetValue((row[indicator], area.Level, area.Code, row[year]), out var published))
                {
                    if (!SameNumber(row[value], published[source.MeasureIndex]) && published[source.MeasureIndex].Length > 0)
                        return Differs(table, r, side.Value, row[value], repeats.Dataset, published[source.MeasureIndex]);
                    if (published[source.MeasureIndex].Length == 0)
                        row[value] = "";
                    row[status] = published[source.StatusIndex];
                }
                else if (row[value].Length > 0)
                    return $"{dataset.Mart} ({table.Describe(r)}): '{side.Value}' holds {row[value]}, but {repeats.Dataset} publishes no value of " +
                           $"indicator '{row[indicator]}' for {area.Level} {area.Code} in {row[year]}; every value here must be one published there.";
                complete &= row[value].Length > 0;
                if (side.CityValue is { } cityColumn)
                {
                    var city = table.IndexOf(cityColumn);
                    if (cityByCell.TryGetValue((row[indicator], row[year]), out var cityRow))
                    {
                        if (!SameNumber(row[city], cityRow[source.MeasureIndex]) && cityRow[source.MeasureIndex].Length > 0)
                            return Differs(table, r, cityColumn, row[city], repeats.Dataset, cityRow[source.MeasureIndex]);
                        if (cityRow[source.MeasureIndex].Length == 0)
                            row[city] = "";
                    }
                    else if (row[city].Length > 0)
                        return $"{dataset.Mart} ({table.Describe(r)}): '{cityColumn}' holds {row[city]}, but {repeats.Dataset} publishes no value of " +
                               $"indicator '{row[indicator]}' for the city {cityKey} in {row[year]}.";
                    complete &= row[city].Length > 0;
                }
            }
            if (comparison >= 0 && !complete)
                row[comparison] = "";
        }
        return null;
    }

    /// <summary>Two published texts of one number ("0.4" and "0.40"); an empty one is no number.</summary>
    static bool SameNumber(string a, string b) =>
        decimal.TryParse(a, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var x)
        && decimal.TryParse(b, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var y) && x == y;

    static string Differs(PublishedTable table, int row, string column, string found, string dataset, string published) =>
        $"{table.Dataset.Mart} ({table.Describe(row)}): '{column}' holds {(found.Length == 0 ? "nothing" : found)}, but {dataset} publishes {published} " +
        "for the same indicator, area and year; every value here must be the one published there.";
}
