using System.Globalization;
using System.Text;
using TalentData.Atlas;

namespace TalentData.Cli.Atlas;

/// <summary>A name people use for an area besides its published name (Atlas/Data/common_names.csv).</summary>
public sealed record CommonName(string Name, string Level, string Code, string Source);

/// <summary>One search result: an area (its level and code) or an indicator (level "indikator", its id).</summary>
public sealed record SearchHit(string Level, string Code, string Name, SearchMatch Match, string? Via)
{
    public const string IndicatorLevel = "indikator";
}

/// <summary>How well a name matched, best first.</summary>
public enum SearchMatch { Exact, WordStart, Inside }

/// <summary>
/// The atlas search: Stadtbezirke, statistische Bezirke and indicators by name, and areas by the common names of
/// Atlas/Data/common_names.csv. Names are compared folded (<see cref="Fold"/>), so "nordstadt", "Hörde" and "Hoerde"
/// find what people mean. Everything searched is in memory; a query is a few hundred string comparisons.
/// </summary>
public static class AtlasSearch
{
    /// <summary>Longer than any area or indicator name; a longer query is a mistake or an attack, answered with a short page.</summary>
    public const int MaxQueryLength = 100;

    const string CommonNamesFile = "Atlas/Data/common_names.csv";
    const string Header = "name,area_level,area_code,source";
    static readonly string[] AreaLevels = ["stadtbezirk", "statistischer_bezirk"];

    /// <summary>The common names built into the program (embedded from <see cref="CommonNamesFile"/>).</summary>
    public static readonly IReadOnlyList<CommonName> CommonNames = ReadEmbedded();

    static IReadOnlyList<CommonName> ReadEmbedded()
    {
        using var stream = typeof(AtlasSearch).Assembly.GetManifestResourceStream("atlas-data/common_names.csv")
            ?? throw new InvalidOperationException($"{CommonNamesFile} is not embedded in the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return ReadCommonNames(reader, CommonNamesFile);
    }

    /// <summary>
    /// Reads the common names: comment lines (#) and blank lines skipped, then the header, then one name a line. The
    /// source is the last column and may hold commas; the other columns may not. An error names file, line, what was
    /// expected and what was found.
    /// </summary>
    public static IReadOnlyList<CommonName> ReadCommonNames(TextReader reader, string file)
    {
        var names = new List<CommonName>();
        var seen = new Dictionary<(string, string, string), int>();
        var headerRead = false;
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#')) continue;
            InvalidDataException Bad(string expected, string found) => new($"{file}:{number}: expected {expected}, found {found}.");
            if (!headerRead)
            {
                if (line.TrimStart('\uFEFF') != Header) throw Bad($"the header '{Header}'", $"'{line}'");
                headerRead = true;
                continue;
            }
            var cells = line.Split(',', 4);
            if (cells.Length < 4) throw Bad("4 columns (name,area_level,area_code,source)", $"{cells.Length} in '{line}'");
            var (name, level, code, source) = (cells[0].Trim(), cells[1].Trim(), cells[2].Trim(), cells[3].Trim());
            if (name.Length == 0 || name.Contains('"')) throw Bad("a name without quotes", $"'{cells[0]}'");
            if (!AreaLevels.Contains(level)) throw Bad($"an area_level of {string.Join(" or ", AreaLevels)}", $"'{level}'");
            if (code.Length == 0 || !code.All(char.IsAsciiDigit)) throw Bad("an area_code of digits", $"'{code}'");
            if (source.Length == 0) throw Bad("the source of the name", "an empty source");
            if (seen.TryGetValue((Fold(name), level, code), out var first)) throw Bad("each name once per area", $"'{name}' again (first on line {first})");
            seen[(Fold(name), level, code)] = number;
            names.Add(new CommonName(name, level, code, source));
        }
        if (!headerRead) throw new InvalidDataException($"{file}:{number}: expected the header '{Header}', found no header.");
        return names;
    }

    /// <summary>
    /// A name as the search compares it: lower case, umlauts written out (ö → oe, ß → ss) so both spellings meet,
    /// other accents dropped, and every run of punctuation or space one space ("Kirchhörde-Löttringhausen" and
    /// "kirchhoerde loettringhausen" are the same).
    /// </summary>
    public static string Fold(string text)
    {
        var lower = text.Normalize(NormalizationForm.FormC).ToLowerInvariant()
            .Replace("ä", "ae").Replace("ö", "oe").Replace("ü", "ue").Replace("ß", "ss");
        var folded = new StringBuilder(lower.Length);
        var space = false;
        foreach (var c in lower.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsLetterOrDigit(c))
            {
                if (space && folded.Length > 0) folded.Append(' ');
                folded.Append(c);
                space = false;
            }
            else space = true;
        }
        return folded.ToString();
    }

    /// <summary>
    /// What a query finds, best match first: exact names, then names with a word starting with the query, then names
    /// containing it; areas before indicators, Stadtbezirke before statistische Bezirke, then by number or title.
    /// Each area or indicator comes once, with its best match (and the common name that found it, if one did).
    /// </summary>
    public static IReadOnlyList<SearchHit> Find(AtlasData data, string query, bool english, IReadOnlyList<CommonName>? commonNames = null)
    {
        var q = Fold(query);
        if (q.Length == 0)
            return [];
        var hits = new Dictionary<(string Level, string Code), SearchHit>();
        void Offer(string level, string code, string name, string searched, string? via)
        {
            if (Match(Fold(searched), q) is not { } match) return;
            if (hits.TryGetValue((level, code), out var known) && known.Match <= match) return;
            hits[(level, code)] = new SearchHit(level, code, name, match, via);
        }
        // The published areas, read once: each level's list is made from all published values.
        var names = AreaLevels.SelectMany(data.Areas).ToDictionary(a => (a.Level, a.Code), a => a.Name);
        foreach (var ((level, code), name) in names)
            Offer(level, code, name, name, null);
        foreach (var n in commonNames ?? CommonNames)
            if (names.TryGetValue((n.Level, n.Code), out var name))
                Offer(n.Level, n.Code, name, n.Name, n.Name);
        foreach (var i in data.Indicators)
        {
            var title = english ? i.TitleEn : i.TitleDe;
            Offer(SearchHit.IndicatorLevel, i.Id, title, i.TitleDe, null);
            Offer(SearchHit.IndicatorLevel, i.Id, title, i.TitleEn, null);
        }
        return hits.Values
            .OrderBy(h => h.Match)
            .ThenBy(h => h.Level switch { "stadtbezirk" => 0, "statistischer_bezirk" => 1, _ => 2 })
            .ThenBy(h => int.TryParse(h.Code, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue)
            .ThenBy(h => h.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The one result a query means, when exactly one name is exactly the query: the search goes straight there.</summary>
    public static SearchHit? Only(IReadOnlyList<SearchHit> hits) =>
        hits.Count(h => h.Match == SearchMatch.Exact) == 1 ? hits[0] : null;

    static SearchMatch? Match(string name, string q) =>
        name == q ? SearchMatch.Exact
        : name.StartsWith(q, StringComparison.Ordinal) || name.Contains(" " + q, StringComparison.Ordinal) ? SearchMatch.WordStart
        : name.Contains(q, StringComparison.Ordinal) ? SearchMatch.Inside
        : null;
}
