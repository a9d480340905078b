using TalentData.Project;

namespace TalentData.Publishing;

/// <summary>
/// The status symbols the published files show, with what they mean: every <see cref="StatusSymbol"/> except "-",
/// which is published as the number 0 (publishing.md §5.2). JSON-stat lists the meanings, the data package the short
/// forms and the status column's allowed values.
/// </summary>
public static class PublishedStatus
{
    public static readonly IReadOnlyList<(string Symbol, string Meaning, string Short)> All =
    [
        (StatusSymbol.Secret, "Zahlenwert unbekannt oder geheimzuhalten", "geheim oder unbekannt"),
        (StatusSymbol.NotApplicable, "Nachweis nicht sinnvoll", "nicht sinnvoll"),
        (StatusSymbol.NotReliable, "Zahlenwert nicht sicher genug", "nicht sicher genug"),
        (StatusSymbol.Provisional, "vorläufige Zahl", "vorläufig"),
        (StatusSymbol.Revised, "berichtigte Zahl", "berichtigt"),
    ];

    public static readonly IReadOnlyList<string> Symbols = [.. All.Select(s => s.Symbol)];
}
