using TalentData.Project;

namespace TalentData.Disclosure;

/// <summary>R6: the status of a value computed from protected cells (a share, rate, mean or sum).</summary>
public static class DerivedValues
{
    /// <summary>Rates over bases below this are marked "/" (not reliable enough): a project policy, not a legal rule.</summary>
    public const long MinimumReliableBase = 20;

    /// <summary>
    /// True when any input is suppressed: a derived value would otherwise let the suppressed input be recomputed,
    /// so it is not computed at all (take the source's own aggregate or publish ".").
    /// </summary>
    public static bool IsSuppressed(IEnumerable<string> inputCellIds, IReadOnlySet<string> suppressed) =>
        inputCellIds.Any(suppressed.Contains);

    /// <summary>"." when an input is suppressed, else "/" when the base is below 20, else "" (a normal value).</summary>
    public static string Status(IEnumerable<string> inputCellIds, IReadOnlySet<string> suppressed, long? baseValue = null) =>
        Status(IsSuppressed(inputCellIds, suppressed), baseValue);

    /// <summary>The same, for a caller that has looked up its inputs itself.</summary>
    public static string Status(bool anyInputSuppressed, long? baseValue) =>
        anyInputSuppressed ? StatusSymbol.Secret : baseValue < MinimumReliableBase ? StatusSymbol.NotReliable : "";
}
