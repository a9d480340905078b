using System.Globalization;

namespace TalentData.Atlas;

/// <summary>The page language (German first, English on request) and the number formats that go with it.</summary>
public sealed class AtlasText(string lang)
{
    public string Lang { get; } = lang == "en" ? "en" : "de";
    public bool En => Lang == "en";
    CultureInfo Culture => CultureInfo.GetCultureInfo(En ? "en-GB" : "de-DE");

    public string T(string de, string en) => En ? en : de;

    public string Number(double value, int decimals) => value.ToString("N" + decimals, Culture);

    /// <summary>A value as people read it; a suppressed or missing value is a dash with its reason, never 0.</summary>
    public string Value(AtlasValue? v, int decimals)
    {
        if (v?.Value is { } x) return Html(Number(x, decimals));
        var reason = v is null ? T("keine Angabe", "no data") : StatusMeaning(v.Status);
        return $"<abbr class=\"suppressed\" title=\"{Html(reason)}\">–</abbr>";
    }

    public string StatusMeaning(string status) => status switch
    {
        "." => T("geheim oder unbekannt: kleine Fallzahlen werden zum Schutz der Betroffenen nicht veröffentlicht", "confidential or unknown: small counts are withheld to protect the people counted"),
        "-" => T("nichts vorhanden", "nothing"),
        "x" => T("Aussage nicht sinnvoll", "not applicable"),
        "/" => T("nicht sicher genug", "not reliable enough"),
        "p" => T("vorläufig", "provisional"),
        "r" => T("berichtigt", "revised"),
        _ => T("keine Angabe", "no data"),
    };

    public string Unit(string unit) => unit switch
    {
        "%" => "%",
        "Personen" => T("Personen", "persons"),
        "je 100 Stellen" => T("je 100 Stellen", "per 100 places"),
        "je 100 Einwohner 15-64" => T("je 100 Einwohner 15–64", "per 100 residents aged 15–64"),
        "je 100 Einwohner 15-24" => T("je 100 Einwohner 15–24", "per 100 residents aged 15–24"),
        _ => unit,
    };

    public string Title(AtlasIndicator i) => En ? i.TitleEn : i.TitleDe;

    public string Theme(string theme) => theme switch
    {
        "demografie" => T("Bevölkerung", "Population"),
        "schule" => T("Schule", "School"),
        "ausbildung" => T("Ausbildung", "Vocational training"),
        "arbeit" => T("Arbeit", "Labour"),
        "soziales" => T("Soziales", "Social"),
        _ => theme,
    };

    public string Level(string level) => level switch
    {
        "stadt" => T("Stadt Dortmund", "City of Dortmund"),
        "stadtbezirk" => T("Stadtbezirke", "City districts"),
        "statistischer_bezirk" => T("Statistische Bezirke", "Statistical districts"),
        "land" => "NRW",
        "bund" => T("Deutschland", "Germany"),
        _ => level,
    };

    /// <summary>Escapes markup characters only; umlauts stay readable in the page source.</summary>
    public static string Html(string s) =>
        s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("'", "&#39;");
}
