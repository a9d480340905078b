using TalentData.Project;

namespace TalentData.Disclosure;

/// <summary>
/// The disclosure policy in the words the publication shows (JSON-stat notes, data package and DCAT descriptions, the
/// atlas), as functions of the configured threshold k, so that no text can name other counts than those withheld.
/// <c>language</c> is "de" (what the files publish) or "en".
/// </summary>
public static class DisclosurePolicy
{
    /// <summary>The secret counts in words: "1 bis 2" for k = 3, "1" for k = 2.</summary>
    public static string SmallCounts(int threshold, string language = "de") =>
        threshold <= 2 ? "1" : German(language) ? $"1 bis {threshold - 1}" : $"1 to {threshold - 1}";

    /// <summary>The rule for a table of counts.</summary>
    public static string Counts(int threshold, string language = "de") => German(language)
        ? $"Geheimhaltung: Fallzahlen von {SmallCounts(threshold, language)} sowie Werte, aus denen sie sich errechnen ließen, sind gesperrt (Status '{StatusSymbol.Secret}')."
        : $"Confidentiality: counts of {SmallCounts(threshold, language)} and values from which they could be computed are withheld (status '{StatusSymbol.Secret}').";

    /// <summary>The rule for shares, rates and counts derived from protected counts.</summary>
    public static string Derived(int threshold, string language = "de") => German(language)
        ? $"Geheimhaltung: Anteile, Quoten und Anzahlen sind gesperrt (Status '{StatusSymbol.Secret}'), wenn ihr Zähler oder Nenner Fallzahlen von {SmallCounts(threshold, language)} " +
          "oder daraus rückrechenbare Werte enthüllen würde."
        : $"Confidentiality: shares, rates and counts are withheld (status '{StatusSymbol.Secret}') when their numerator or denominator would reveal counts of " +
          $"{SmallCounts(threshold, language)} or values from which they could be computed.";

    /// <summary>R6's reliability rule for shares and rates (a project policy, not a legal rule).</summary>
    public static string Unreliable(string language = "de") => German(language)
        ? $"Anteile und Quoten mit einer Basis unter {DerivedValues.MinimumReliableBase} Personen sind nicht sicher genug (Status '{StatusSymbol.NotReliable}')."
        : $"Shares and rates over a base of fewer than {DerivedValues.MinimumReliableBase} persons are not reliable enough (status '{StatusSymbol.NotReliable}').";

    /// <summary>The policy of a whole catalogue in one sentence.</summary>
    public static string Summary(int threshold, string language = "de") => German(language)
        ? $"Fallzahlen von {SmallCounts(threshold, language)} und daraus rückrechenbare Werte sind gesperrt."
        : $"Counts of {SmallCounts(threshold, language)} and values from which they could be computed are withheld.";

    /// <summary>What a "." (and a "/") means in a dataset: nothing for data without person counts.</summary>
    public static IEnumerable<string> Notes(DatasetDefinition dataset, int threshold, string language = "de")
    {
        if (dataset.Disclosure != DisclosureKind.PersonCounts)
            return [];
        return dataset.Derived.Count > 0 ? [Derived(threshold, language), Unreliable(language)] : [Counts(threshold, language)];
    }

    static bool German(string language) => language switch
    {
        "de" => true,
        "en" => false,
        _ => throw new ArgumentOutOfRangeException(nameof(language), language, "The disclosure policy is written in \"de\" and \"en\"."),
    };
}
