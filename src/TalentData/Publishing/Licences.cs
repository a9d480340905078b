using TalentData.Project;

namespace TalentData.Publishing;

/// <summary>A Datenlizenz Deutschland as the three formats name it: Frictionless name and path, DCAT-AP.de URI.</summary>
public sealed record DatasetLicence(string Name, string Path, string Title, string DcatUri, bool RequiresAttribution);

/// <summary>
/// The licence of a published dataset follows from its sources (found through the model DAG): Datenlizenz
/// Deutschland Zero when every source is dl-de/zero-2.0, otherwise Namensnennung with every source's attribution —
/// also for terms that are not a Datenlizenz but ask for the source to be named (the BA's terms of use).
/// </summary>
public static class Licences
{
    public static readonly DatasetLicence Zero = new("DL-DE-ZERO-2.0", "https://www.govdata.de/dl-de/zero-2-0",
        "Datenlizenz Deutschland – Zero – Version 2.0", "http://dcat-ap.de/def/licenses/dl-zero-de/2.0", false);

    public static readonly DatasetLicence By = new("DL-DE-BY-2.0", "https://www.govdata.de/dl-de/by-2-0",
        "Datenlizenz Deutschland – Namensnennung – Version 2.0", "http://dcat-ap.de/def/licenses/dl-by-de/2.0", true);

    public static bool IsZero(string licence) => licence.Trim().StartsWith("dl-de/zero", StringComparison.OrdinalIgnoreCase);

    public static DatasetLicence For(IEnumerable<PipelineDefinition> sources) => sources.All(s => IsZero(s.Licence)) ? Zero : By;

    /// <summary>
    /// Who must be named: every source's attribution in source-id order, each statement once (an attribution may name
    /// several, separated by ';', e.g. the BA's "© Statistik der Bundesagentur für Arbeit" and the city office that
    /// delivers its figures), then the city's own computation — the BA's terms ask for own calculations to be marked.
    /// A source whose values here are sample data is not credited with them (<see cref="DataOrigin.Attribution"/>).
    /// <paramref name="publisher"/> is the city's publishing body (<see cref="City.Publisher"/>).
    /// </summary>
    public static string Attribution(IEnumerable<PipelineDefinition> sources, string publisher, DataOrigin? origin = null) =>
        string.Join("; ", sources.OrderBy(s => s.Id, StringComparer.Ordinal)
            .SelectMany(s => (origin?.Attribution(s) ?? s.Attribution ?? s.Publisher).Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Distinct()
            .Append($"Berechnungen: {publisher}"));
}
