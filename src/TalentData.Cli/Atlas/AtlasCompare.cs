namespace TalentData.Cli.Atlas;

/// <summary>What is wrong with an area parameter of the comparison: it is missing, not level:code, or names no published area.</summary>
public enum CompareProblemKind { Missing, Malformed, Unknown }

/// <summary>A parameter of /vergleich that names no area: which one, what is wrong, and its value as the page may show it.</summary>
public sealed record CompareProblem(string Parameter, CompareProblemKind Kind, string Value);

/// <summary>
/// The comparison of two areas of any level (/vergleich?a=level:code&amp;b=level:code). Codes repeat across levels
/// (Stadtbezirk 110, statistischer Bezirk 110), so each area carries its level; the city is "stadt" with its key.
/// </summary>
public static class AtlasCompare
{
    public static readonly string[] Levels = ["stadt", "stadtbezirk", "statistischer_bezirk"];

    /// <summary>A bad value is quoted back this far and no further: enough to see the mistake, too little to flood the page.</summary>
    const int QuotedLength = 40;

    /// <summary>The parameter value of an area.</summary>
    public static string Value(string level, string code) => $"{level}:{code}";

    /// <summary>The area a parameter names, or what is wrong with it.</summary>
    public static ((string Level, string Code, string Name)? Area, CompareProblem? Problem) Parse(AtlasView view, string parameter, string? value)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0)
            return (null, new CompareProblem(parameter, CompareProblemKind.Missing, ""));
        var quoted = text.Length > QuotedLength ? text[..QuotedLength] + "…" : text;
        var parts = text.Split(':');
        if (parts.Length != 2 || !Levels.Contains(parts[0]) || parts[1].Length == 0)
            return (null, new CompareProblem(parameter, CompareProblemKind.Malformed, quoted));
        var (level, code) = (parts[0], parts[1]);
        var area = level == "stadt"
            ? code == view.City.Key ? ("stadt", code, view.City.Name) : null
            : view.Data.Areas(level).Where(a => a.Code == code).Select(a => ((string, string, string)?)a).FirstOrDefault();
        return area is null ? (null, new CompareProblem(parameter, CompareProblemKind.Unknown, quoted)) : (area, null);
    }

    /// <summary>An area to show in a message as an example of a good value: the first Stadtbezirk, or the city.</summary>
    public static string Example(AtlasView view) =>
        AtlasView.ByNumber(view.Data.Areas("stadtbezirk")).Select(a => Value(a.Level, a.Code)).FirstOrDefault() ?? Value("stadt", view.City.Key);
}
