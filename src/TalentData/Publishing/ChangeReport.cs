using System.Text.Json;
using System.Text.Json.Nodes;

using TalentData.Project;

namespace TalentData.Publishing;

/// <summary>
/// changes.json of a release, against the previous release of the same dataset: schema changes, new and dropped
/// periods, revised values, cells newly suppressed or published again, other status changes, and rows added or
/// removed within periods both releases have. Rows are named by their primary key.
/// </summary>
public static class ChangeReport
{
    public const string File = "changes.json";

    /// <summary>The files of the release before, or of none.</summary>
    public sealed record Previous(string? Release, byte[] Csv, byte[] DataPackage);

    public static byte[] Write(PublishedTable table, byte[] csv, byte[] dataPackage, Previous? previous, string release, string released)
    {
        var dataset = table.Dataset;
        var time = dataset.ColumnWithRole(ColumnRole.Time)?.Name;
        var (parsedHeader, rows) = CsvExtractWriter.Parse(csv);
        var header = parsedHeader.ToList();
        var report = new JsonObject
        {
            ["dataset"] = dataset.Dataset,
            ["release"] = release,
            ["released"] = released,
            ["previous_release"] = previous?.Release,
        };
        // The report repeats values (revised_values gives the previous and the current one), so it says where they
        // come from as every other file of the release does: a harvester that reads only this file must not take
        // sample values for official ones.
        foreach (var (name, value) in table.Origin.Properties())
            report[name] = value;
        if (table.Origin.Synthetic)
            report["note"] = DataOrigin.MarkDe;
        var schemaChanges = new JsonArray();
        var newPeriods = new JsonArray();
        var droppedPeriods = new JsonArray();
        var revised = new JsonArray();
        var newlySuppressed = new JsonArray();
        var published = new JsonArray();
        var statusChanged = new JsonArray();
        var added = new JsonArray();
        var removed = new JsonArray();

        if (previous is null)
        {
            if (time is not null)
                foreach (var period in rows.Select(r => r[header.IndexOf(time)]).Distinct().Order(StringComparer.Ordinal))
                    newPeriods.Add(period);
        }
        else
        {
            var (parsedOld, oldRows) = CsvExtractWriter.Parse(previous.Csv);
            var oldHeader = parsedOld.ToList();
            var (oldFields, oldKey) = Schema(previous.DataPackage);
            var (newFields, newKey) = Schema(dataPackage);
            foreach (var (name, type, title) in newFields.Where(f => oldFields.All(o => o.Name != f.Name)))
                schemaChanges.Add(new JsonObject { ["change"] = "column_added", ["column"] = name, ["type"] = type });
            foreach (var (name, _, _) in oldFields.Where(o => newFields.All(f => f.Name != o.Name)))
                schemaChanges.Add(new JsonObject { ["change"] = "column_removed", ["column"] = name });
            foreach (var (name, type, title) in newFields)
                if (oldFields.FirstOrDefault(o => o.Name == name) is { Name: not null } old)
                {
                    if (old.Type != type)
                        schemaChanges.Add(new JsonObject { ["change"] = "type_changed", ["column"] = name, ["previous"] = old.Type, ["current"] = type });
                    if (old.Title != title)
                        schemaChanges.Add(new JsonObject { ["change"] = "title_changed", ["column"] = name, ["previous"] = old.Title, ["current"] = title });
                }
            if (!oldKey.SequenceEqual(newKey))
                schemaChanges.Add(new JsonObject { ["change"] = "primary_key_changed", ["previous"] = Strings(oldKey), ["current"] = Strings(newKey) });

            var keyColumns = dataset.PrimaryKey;
            if (keyColumns.All(oldHeader.Contains) && keyColumns.SequenceEqual(oldKey) && time is not null && oldHeader.Contains(time))
            {
                int[] keyOf = [.. keyColumns.Select(k => header.IndexOf(k))], oldKeyOf = [.. keyColumns.Select(k => oldHeader.IndexOf(k))];
                static string Join(string[] row, int[] positions) => string.Join("\u001f", positions.Select(p => row[p]));
                var oldByKey = new Dictionary<string, string[]>(StringComparer.Ordinal);
                foreach (var row in oldRows)
                    oldByKey[Join(row, oldKeyOf)] = row;
                int timeNew = header.IndexOf(time), timeOld = oldHeader.IndexOf(time);
                var oldPeriods = oldRows.Select(r => r[timeOld]).ToHashSet(StringComparer.Ordinal);
                var newPeriodSet = rows.Select(r => r[timeNew]).ToHashSet(StringComparer.Ordinal);
                foreach (var p in newPeriodSet.Except(oldPeriods).Order(StringComparer.Ordinal)) newPeriods.Add(p);
                foreach (var p in oldPeriods.Except(newPeriodSet).Order(StringComparer.Ordinal)) droppedPeriods.Add(p);
                int value = header.IndexOf(dataset.Measure.Name), status = header.IndexOf(dataset.Status.Name);
                int oldValue = oldHeader.IndexOf(dataset.Measure.Name), oldStatus = oldHeader.IndexOf(dataset.Status.Name);
                var newKeys = new HashSet<string>(StringComparer.Ordinal);
                foreach (var row in rows)
                {
                    var key = Join(row, keyOf);
                    newKeys.Add(key);
                    JsonObject Named() => Key(keyColumns, [.. keyOf.Select(p => row[p])]);
                    if (!oldByKey.TryGetValue(key, out var old))
                    {
                        if (oldPeriods.Contains(row[timeNew]))
                            added.Add(Named());
                        continue;
                    }
                    string s = status < 0 ? "" : row[status], os = oldStatus < 0 ? "" : old[oldStatus];
                    string v = value < 0 ? "" : row[value], ov = oldValue < 0 ? "" : old[oldValue];
                    if (s == StatusSymbol.Secret && os != StatusSymbol.Secret)
                        newlySuppressed.Add(Named());
                    else if (os == StatusSymbol.Secret && s != StatusSymbol.Secret)
                        published.Add(Named());
                    else if (s != os)
                        statusChanged.Add(With(Named(), os, s));
                    if (v.Length > 0 && ov.Length > 0 && v != ov)
                        revised.Add(With(Named(), ov, v));
                }
                foreach (var row in oldRows)
                    if (!newKeys.Contains(Join(row, oldKeyOf)) && newPeriodSet.Contains(row[timeOld]))
                        removed.Add(Key(keyColumns, [.. oldKeyOf.Select(p => row[p])]));
            }
        }
        report["schema_changes"] = schemaChanges;
        report["new_periods"] = newPeriods;
        report["dropped_periods"] = droppedPeriods;
        report["revised_values"] = revised;
        report["newly_suppressed"] = newlySuppressed;
        report["no_longer_suppressed"] = published;
        report["status_changes"] = statusChanged;
        report["rows_added"] = added;
        report["rows_removed"] = removed;
        // How many cells this release publishes as "." (secret). Deliberately not split into primary and secondary
        // and without any sum of their values: either would give an attacker one more equation (R8).
        var statusColumn = dataset.ColumnWithRole(ColumnRole.Status) is { } statusOf ? header.IndexOf(statusOf.Name) : -1;
        report["suppressed_cells"] = statusColumn < 0 ? 0 : rows.Count(r => r[statusColumn] == StatusSymbol.Secret);
        return JsonOutput.Write(report);
    }

    static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    static JsonObject Key(IReadOnlyList<string> columns, string[] key)
    {
        var node = new JsonObject();
        for (var i = 0; i < columns.Count; i++)
            node[columns[i]] = key[i];
        return new JsonObject { ["key"] = node };
    }

    static JsonObject With(JsonObject entry, string previous, string current)
    {
        entry["previous"] = previous;
        entry["current"] = current;
        return entry;
    }

    static (List<(string Name, string Type, string Title)> Fields, List<string> Key) Schema(byte[] dataPackage)
    {
        try
        {
            var schema = JsonNode.Parse(dataPackage)?["resources"]?[0]?["schema"];
            var fields = schema?["fields"]?.AsArray().Select(f => (
                f!["name"]!.GetValue<string>(), f["type"]?.GetValue<string>() ?? "", f["title"]?.GetValue<string>() ?? "")).ToList() ?? [];
            var key = schema?["primaryKey"]?.AsArray().Select(k => k!.GetValue<string>()).ToList() ?? [];
            return (fields, key);
        }
        catch (JsonException)
        {
            return ([], []);
        }
    }
}
