using TalentData.Project;
using TalentData.Disclosure;
using System.Globalization;
using System.Resources;
using TalentData.Atlas;
using TalentData.Publishing;

namespace TalentData.Cli.Atlas;

/// <summary>
/// The page language (German first, English on request), its texts from Atlas/Resources/AtlasText(.en).resx and
/// the number formats that go with it.
/// </summary>
public sealed class AtlasText(string lang)
{
    /// <summary>The neutral resources are German; English lives in the satellite assembly en/talentdata.resources.dll.</summary>
    public static readonly ResourceManager Resources = new("TalentData.Cli.Atlas.Resources.AtlasText", typeof(AtlasText).Assembly);

    public string Lang { get; } = lang == "en" ? "en" : "de";
    public bool En => Lang == "en";
    CultureInfo UiCulture => CultureInfo.GetCultureInfo(Lang);
    CultureInfo Culture => CultureInfo.GetCultureInfo(En ? "en-GB" : "de-DE");

    /// <summary>A text of the page language; a key missing from the resources is a defect, not an empty line.</summary>
    public string this[string key] =>
        Resources.GetString(key, UiCulture) ?? throw new MissingManifestResourceException($"Atlas text '{key}' is not in Atlas/Resources/AtlasText.resx.");

    public string Format(string key, params object?[] args) => string.Format(Culture, this[key], args);

    public string Number(double value, int decimals) => value.ToString("N" + decimals, Culture);

    /// <summary>The same words as the published files use for sample data, so the banner and the data never disagree.</summary>
    public string SampleMark => En ? DataOrigin.MarkEn : DataOrigin.MarkDe;

    /// <summary>
    /// A value as people read it: the number (a true zero is the number 0), or the mark of why there is none, so that
    /// secret, unavailable and unreliable never look alike and none looks like 0.
    /// </summary>
    public string Shown(AtlasValue? v, int decimals) => v?.Value is { } x ? Number(x, decimals) : MarkText(Mark(v));

    /// <summary>Why a value is not shown.</summary>
    public string Reason(AtlasValue? v) => v is null ? this["NoData"] : StatusMeaning(v.Status);

    /// <summary>What the atlas shows for a value: a number, a zero, or one of the three marks of a missing number.</summary>
    public static ValueMark Mark(AtlasValue? v) => Mark(v?.Value, v?.Status);

    /// <summary>The mark of a published value and its status; a value without a row has neither.</summary>
    public static ValueMark Mark(double? value, string? status) => value switch
    {
        { } x => x == 0 ? ValueMark.Zero : ValueMark.Number,
        null when status == StatusSymbol.Secret => ValueMark.Secret,
        null when status == StatusSymbol.NotReliable => ValueMark.NotReliable,
        // No row (not available) and status x (not applicable): nothing can be said, for no secret reason.
        _ => ValueMark.NotAvailable,
    };

    /// <summary>The class of a mark in the pages' markup (atlas.css styles each differently).</summary>
    public static string MarkClass(ValueMark mark) => mark switch
    {
        ValueMark.Secret => "mark secret",
        ValueMark.NotReliable => "mark unreliable",
        ValueMark.Zero => "mark zero",
        _ => "mark missing",
    };

    /// <summary>The sign of a mark as the pages, tables and charts print it.</summary>
    public static string MarkText(ValueMark mark) => mark switch
    {
        ValueMark.Secret => ".",
        ValueMark.NotReliable => "/",
        ValueMark.NotAvailable => "–",
        ValueMark.Zero => "0",
        _ => "",
    };

    /// <summary>What a mark means, as the legends and the methodology explain it.</summary>
    public string MarkMeaning(ValueMark mark) => mark switch
    {
        ValueMark.Secret => this["MarkSecret"],
        ValueMark.NotReliable => this["MarkNotReliable"],
        ValueMark.NotAvailable => this["MarkNotAvailable"],
        ValueMark.Zero => this["MarkZero"],
        _ => "",
    };

    /// <summary>
    /// Licences by their names, as the licences themselves are titled (in German in both languages: that is their
    /// name), instead of the catalogue's short ids, also inside a text that names one per level; other text stays.
    /// </summary>
    public static string LicenceName(string licence) =>
        System.Text.RegularExpressions.Regex.Replace(licence, @"\bdl-de/(zero|by)-2[.-]0\b", m => m.Groups[1].Value == "zero"
            ? "Datenlizenz Deutschland – Zero – Version 2.0"
            : "Datenlizenz Deutschland – Namensnennung – Version 2.0");

    /// <summary>A date as people write it: "4. Dezember 2026", "4 December 2026".</summary>
    public string Date(DateTime date) => date.ToString(En ? "d MMMM yyyy" : "d. MMMM yyyy", Culture);

    /// <summary>A catalogue text in the page language; the German one where the catalogue has no English yet.</summary>
    public string Description(AtlasIndicator i) => En && i.DescriptionEn.Length > 0 ? i.DescriptionEn : i.Description;
    public string Methodology(AtlasIndicator i) => En && i.MethodologyEn.Length > 0 ? i.MethodologyEn : i.Methodology;
    public string Periodicity(AtlasIndicator i) => En && i.PeriodicityEn.Length > 0 ? i.PeriodicityEn : i.Periodicity;
    public string ReferenceDate(AtlasIndicator i) => En && i.ReferenceDateEn.Length > 0 ? i.ReferenceDateEn : i.ReferenceDate;

    public string StatusMeaning(string status) => status switch
    {
        StatusSymbol.Secret => this["StatusSecret"],
        StatusSymbol.Nothing => this["StatusNothing"],
        StatusSymbol.NotApplicable => this["StatusNotApplicable"],
        StatusSymbol.NotReliable => this["StatusNotReliable"],
        StatusSymbol.Provisional => this["StatusProvisional"],
        StatusSymbol.Revised => this["StatusRevised"],
        _ => this["NoData"],
    };

    public string Unit(string unit) => unit switch
    {
        "Personen" => this["UnitPersons"],
        "Schulen" => this["UnitSchools"],
        "je 100 Stellen" => this["UnitPer100Places"],
        "je 100 Einwohner 15-64" => this["UnitPer100Residents15To64"],
        "je 100 Einwohner 15-24" => this["UnitPer100Residents15To24"],
        _ => unit,
    };

    public string Title(AtlasIndicator i) => En ? i.TitleEn : i.TitleDe;

    /// <summary>
    /// A Städtevergleich indicator: the dataset's own German label, or its English title from
    /// Atlas/Data/staedtevergleich_en.csv (the label, when a new indicator has none there yet).
    /// </summary>
    public string Title(CityComparisonIndicator i) => En && ComparisonTitlesEn.TryGetValue(i.Id, out var english) ? english : i.Label;

    const string ComparisonTitlesFile = "Atlas/Data/staedtevergleich_en.csv";

    /// <summary>The English titles of the Städtevergleich's indicators, embedded from <see cref="ComparisonTitlesFile"/>.</summary>
    public static readonly IReadOnlyDictionary<string, string> ComparisonTitlesEn = ReadComparisonTitles();

    static Dictionary<string, string> ReadComparisonTitles()
    {
        using var stream = typeof(AtlasText).Assembly.GetManifestResourceStream("atlas-data/staedtevergleich_en.csv")
            ?? throw new InvalidOperationException($"{ComparisonTitlesFile} is not embedded in the assembly.");
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        return ReadComparisonTitles(reader, ComparisonTitlesFile);
    }

    /// <summary>Comment lines (#) skipped, then the header indicator,title_en, then one indicator a line (the title may be quoted).</summary>
    public static Dictionary<string, string> ReadComparisonTitles(TextReader reader, string file)
    {
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        var headerRead = false;
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (!headerRead)
            {
                if (line != "indicator,title_en")
                    throw new InvalidDataException($"{file}:{number}: expected the header 'indicator,title_en', found '{line}'.");
                headerRead = true;
                continue;
            }
            var comma = line.IndexOf(',');
            var title = comma < 0 ? "" : line[(comma + 1)..].Trim().Trim('"');
            if (comma <= 0 || title.Length == 0)
                throw new InvalidDataException($"{file}:{number}: expected an indicator id, a comma and its English title, found '{line}'.");
            if (!titles.TryAdd(line[..comma], title))
                throw new InvalidDataException($"{file}:{number}: expected each indicator once, found '{line[..comma]}' again.");
        }
        return titles;
    }

    public string Theme(string theme) => theme switch
    {
        "demografie" => this["ThemeDemography"],
        "schule" => this["ThemeSchool"],
        "ausbildung" => this["ThemeTraining"],
        "arbeit" => this["ThemeLabour"],
        "soziales" => this["ThemeSocial"],
        _ => theme,
    };

    /// <summary>
    /// The sentence that explains the secret counts, from the threshold k the publication used (counts 1 to k-1 are
    /// withheld), in the words of the disclosure policy the exports quote.
    /// </summary>
    public string SmallCounts(int threshold) => Format("SmallCountsWithheld", DisclosurePolicy.SmallCounts(threshold, Lang));
}

/// <summary>
/// How the atlas shows a value: a number, a true zero, or why there is no number. The three marks differ on every page,
/// table, map and chart: secret (".", hatched), not available or not applicable ("–"), not reliable enough ("/").
/// </summary>
public enum ValueMark { Number, Zero, Secret, NotAvailable, NotReliable }
