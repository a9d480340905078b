using System.Text.Json.Nodes;

namespace TalentData.Tests.Publishing;

/// <summary>
/// The semantic rules of JSON-stat 2.0 that a JSON Schema cannot express (publishing.md §1.1, from the rules manifest of
/// jsonstat/validator), written here independently of the writer: S1–S8 and OVF for the dataset, D1–D7 for each
/// dimension, each message prefixed with the rule id of jsonstat-rules.json. The manifest's warnings (S8, D3b) are
/// reported like errors: a published cube must carry units and a label for every category.
/// </summary>
internal static class JsonStatRules
{
    /// <summary>The ids of jsonstat-rules.json checked here (STRUCT is the JSON Schema, PARSE the JSON parser).</summary>
    public static readonly string[] Implemented = ["S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "D1", "D2", "D3a", "D3b", "D4", "D5", "D6", "D7a", "D7b", "OVF"];

    /// <summary>The cell budget of OVF: a dense value array beyond this is not something a portal can load.</summary>
    public const long CellBudget = 50_000_000;

    static readonly string[] TopLevel = ["version", "class", "href", "label", "note", "source", "updated", "link", "error", "extension", "id", "size", "role", "dimension", "value", "status"];

    public static List<string> Violations(JsonNode document)
    {
        var errors = new List<string>();
        var root = document.AsObject();
        foreach (var key in new[] { "version", "class", "id", "size", "dimension", "value" })
            if (!root.ContainsKey(key)) errors.Add($"missing {key}");
        foreach (var (key, _) in root)
            if (!TopLevel.Contains(key)) errors.Add($"top-level key '{key}' is not allowed");
        if (errors.Count > 0) return errors;
        if (root["version"]!.GetValue<string>() != "2.0") errors.Add("version is not 2.0");
        if (root["class"]!.GetValue<string>() != "dataset") errors.Add("class is not dataset");

        var ids = root["id"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
        var sizes = root["size"]!.AsArray().Select(s => s!.GetValue<int>()).ToList();
        var dimensions = root["dimension"]!.AsObject();
        if (ids.Count != sizes.Count) errors.Add($"S1: {ids.Count} ids but {sizes.Count} sizes");
        if (ids.Distinct().Count() != ids.Count) errors.Add("id has duplicates");
        if (!dimensions.Select(d => d.Key).ToHashSet().SetEquals(ids)) errors.Add("S2: the dimension keys differ from id");
        var cells = sizes.Aggregate(1L, (a, b) => a * b);
        if (cells > CellBudget) errors.Add($"OVF: {cells} cells exceed the budget of {CellBudget}");
        switch (root["value"])
        {
            case JsonArray values when values.Count != cells:
                errors.Add($"S3: {values.Count} values for {cells} cells");
                break;
            case JsonArray values:
                foreach (var v in values.Where(v => v is not null && v.GetValueKind() is not (System.Text.Json.JsonValueKind.Number or System.Text.Json.JsonValueKind.String)))
                    errors.Add($"value item {v!.ToJsonString()} is not a number, string or null");
                break;
            case JsonObject sparse:
                foreach (var (key, _) in sparse)
                    if (!long.TryParse(key, out var i) || i < 0 || i >= cells) errors.Add($"S4: value key {key} is out of range");
                break;
            default:
                errors.Add("value is neither an array nor an object");
                break;
        }
        if (root["role"] is JsonObject roles)
            foreach (var (role, list) in roles)
            {
                if (role is not ("time" or "geo" or "metric")) errors.Add($"role '{role}' is not time, geo or metric");
                foreach (var id in list!.AsArray().Select(i => i!.GetValue<string>()))
                    if (!ids.Contains(id)) errors.Add($"S5: role {role} names unknown dimension {id}");
            }
        switch (root["status"])
        {
            case null or JsonValue:
                break;
            case JsonArray statusArray when statusArray.Count != cells:
                errors.Add($"S6: {statusArray.Count} statuses for {cells} cells");
                break;
            case JsonObject statusObject:
                foreach (var (key, _) in statusObject)
                    if (!long.TryParse(key, out var i) || i < 0 || i >= cells) errors.Add($"S7: status key {key} is out of range");
                break;
        }
        var metric = root["role"]?["metric"]?.AsArray().Select(m => m!.GetValue<string>()).ToHashSet() ?? [];

        for (var d = 0; d < ids.Count && d < sizes.Count; d++)
        {
            if (dimensions[ids[d]]?["category"] is not JsonObject category)
            {
                errors.Add($"{ids[d]}: category is missing");
                continue;
            }
            List<string> index = category["index"] switch
            {
                JsonArray array => [.. array.Select(c => c!.GetValue<string>())],
                JsonObject positions => [.. positions.OrderBy(p => p.Value!.GetValue<int>()).Select(p => p.Key)],
                _ => category["label"] is JsonObject onlyLabel && onlyLabel.Count == 1 ? [onlyLabel.First().Key] : [],
            };
            if (category["index"] is JsonObject byPosition
                && !byPosition.Select(p => p.Value!.GetValue<int>()).Order().SequenceEqual(Enumerable.Range(0, byPosition.Count)))
                errors.Add($"D2: {ids[d]} index positions are not 0..n-1");
            if (index.Distinct().Count() != index.Count) errors.Add($"D2: {ids[d]} index has duplicates");
            if (index.Count != sizes[d]) errors.Add($"D1: {ids[d]} has {index.Count} categories but size {sizes[d]}");
            var known = index.ToHashSet();
            foreach (var (part, rule) in new[] { ("label", "D3a"), ("unit", "D4"), ("coordinates", "D5"), ("note", "D6") })
                if (category[part] is JsonObject map)
                    foreach (var (key, _) in map)
                        if (!known.Contains(key)) errors.Add($"{rule}: {ids[d]} {part} names unknown category {key}");
            // D3b: without a label the portal shows the bare id; a one-category dimension may rely on its index alone.
            if (index.Count > 1 || category["label"] is JsonObject)
                foreach (var c in index.Where(c => category["label"]?[c] is null))
                    errors.Add($"D3b: {ids[d]} category {c} has no label");
            if (metric.Contains(ids[d]))
                foreach (var c in index)
                    if (category["unit"]?[c]?["decimals"] is null) errors.Add($"S8: metric category {c} of {ids[d]} has no unit with decimals");
            if (category["child"] is JsonObject child)
            {
                foreach (var (parent, children) in child)
                {
                    if (!known.Contains(parent)) errors.Add($"D7a: {ids[d]} child names unknown parent {parent}");
                    foreach (var c in children!.AsArray().Select(c => c!.GetValue<string>()))
                        if (!known.Contains(c)) errors.Add($"D7a: {ids[d]} child names unknown category {c}");
                }
                var parents = child.ToDictionary(p => p.Key, p => p.Value!.AsArray().Select(c => c!.GetValue<string>()).ToList());
                bool Cycles(string node, HashSet<string> path) =>
                    !path.Add(node) || (parents.GetValueOrDefault(node) ?? []).Any(c => Cycles(c, [.. path]));
                if (parents.Keys.Any(p => Cycles(p, [])))
                    errors.Add($"D7b: {ids[d]} child has a cycle");
            }
        }
        return errors;
    }
}
