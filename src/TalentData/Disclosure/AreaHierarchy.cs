using TalentData.Project;

namespace TalentData.Disclosure;

public sealed record Area(string Level, string Code, string Name, string? ParentLevel, string? ParentCode)
{
    /// <summary>Level and code: codes alone repeat across levels (110 is a Stadtbezirk and a statistischer Bezirk).</summary>
    public string Key => AreaHierarchy.KeyOf(Level, Code);

    public string? ParentKey => ParentLevel is null || ParentCode is null ? null : AreaHierarchy.KeyOf(ParentLevel, ParentCode);
}

/// <summary>marts.areas as a tree (Publishing reads it from the warehouse): Germany, NRW, the city, its Stadtbezirke and their statistische Bezirke.</summary>
public sealed class AreaHierarchy
{
    readonly Dictionary<string, Area> byKey = new(StringComparer.Ordinal);
    readonly Dictionary<string, List<string>> children = new(StringComparer.Ordinal);
    readonly ILookup<string, Area> byCode;

    AreaHierarchy(IEnumerable<Area> areas)
    {
        foreach (var area in areas)
            if (!byKey.TryAdd(area.Key, area))
                throw new PipelineException("", "publish", $"marts.areas: the area {area.Key} occurs twice.");
        byCode = byKey.Values.ToLookup(a => a.Code, StringComparer.Ordinal);
        foreach (var area in byKey.Values.Where(a => a.ParentKey is { } p && byKey.ContainsKey(p)).OrderBy(a => a.Code, StringComparer.Ordinal))
        {
            if (!children.TryGetValue(area.ParentKey!, out var list))
                children[area.ParentKey!] = list = [];
            list.Add(area.Key);
        }
    }

    public static string KeyOf(string level, string code) => $"{level}:{code}";

    /// <summary>A fingerprint of every area (in key order), for memos of results that depend on the hierarchy.</summary>
    internal string Fingerprint => fingerprint ??= ComputeFingerprint();

    string? fingerprint;

    string ComputeFingerprint()
    {
        using var hash = new InputHash();
        hash.Add("areas").Add(byKey.Count);
        foreach (var key in byKey.Keys.Order(StringComparer.Ordinal))
        {
            var area = byKey[key];
            hash.Add(area.Level).Add(area.Code).Add(area.Name).Add(area.ParentLevel).Add(area.ParentCode);
        }
        return hash.Finish();
    }

    public static AreaHierarchy Of(IEnumerable<Area> areas) => new(areas);

    public bool IsEmpty => byKey.Count == 0;

    public Area? Get(string key) => byKey.GetValueOrDefault(key);

    public IReadOnlyList<string> ChildrenOf(string key) => children.TryGetValue(key, out var list) ? list : [];

    /// <summary>The key of an area given by its code and, where codes repeat, its level.</summary>
    public string Resolve(string code, string? level, string where)
    {
        if (level is not null)
            return byKey.ContainsKey(KeyOf(level, code))
                ? KeyOf(level, code)
                : throw new PipelineException("", "publish", $"{where}: area '{code}' of level '{level}' is not in marts.areas.");
        return byCode[code].ToList() switch
        {
            [var only] => only.Key,
            [] => throw new PipelineException("", "publish", $"{where}: area '{code}' is not in marts.areas."),
            var several => throw new PipelineException("", "publish",
                $"{where}: area code '{code}' belongs to {string.Join(" and ", several.Select(a => a.Level))}; declare level_column or level on the geo column."),
        };
    }

    /// <summary>The area key of each row of a table, from its geo column and the level column or level declared beside it.</summary>
    public string[] KeysOf(PublishedRows table)
    {
        var geo = table.Dataset.ColumnWithRole(ColumnRole.Geo) ?? throw new PipelineException("", "config", $"{table.Dataset.File}: no geo column.");
        int code = table.IndexOf(geo.Name), level = geo.LevelColumn is { } l ? table.IndexOf(l) : -1;
        var keys = new string[table.Rows.Count];
        var cache = new Dictionary<(string, string?), string>();
        for (var r = 0; r < keys.Length; r++)
        {
            var row = table.Rows[r];
            var id = (row[code], level >= 0 ? row[level] : geo.Level);
            if (!cache.TryGetValue(id, out var key))
                cache[id] = key = Resolve(id.Item1, id.Item2, $"{table.Dataset.Mart} ({table.Describe(r)})");
            keys[r] = key;
        }
        return keys;
    }

    /// <summary>Steps from <paramref name="root"/> down to <paramref name="key"/>; null when the area is not below the root.</summary>
    public int? DepthBelow(string key, string root)
    {
        var depth = 0;
        for (var current = key; ; depth++)
        {
            if (current == root)
                return depth;
            if (Get(current)?.ParentKey is not { } parent || depth > byKey.Count)
                return null;
            current = parent;
        }
    }
}
