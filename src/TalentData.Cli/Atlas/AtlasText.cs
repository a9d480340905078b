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

    /// <summary>A value as people read it: the number, or a dash for a suppressed or missing value, never 0.</summary>
    public string Shown(AtlasValue? v, int decimals) => v?.Value is { } x ? Number(x, decimals) : "–";

    /// <summary>Why a value is not shown.</summary>
    public string Reason(AtlasValue? v) => v is null ? this["NoData"] : StatusMeaning(v.Status);

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
        "je 100 Stellen" => this["UnitPer100Places"],
        "je 100 Einwohner 15-64" => this["UnitPer100Residents15To64"],
        "je 100 Einwohner 15-24" => this["UnitPer100Residents15To24"],
        _ => unit,
    };

    public string Title(AtlasIndicator i) => En ? i.TitleEn : i.TitleDe;

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
