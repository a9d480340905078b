using System.Text.RegularExpressions;

namespace TalentData.Loading;

/// <summary>
/// Structural checks of cells that a pipeline declares numeric. They only decide whether a row can be
/// loaded; they never convert (typing happens in SQL staging). Official symbols are valid cell values.
/// </summary>
public static partial class CellRules
{
    /// <summary>The official symbols of GENESIS, the BA and the city (source-formats §2.4, §4.1).</summary>
    public static readonly HashSet<string> Symbols = ["-", ".", "...", "/", "x", "()", "p", "r", "s", "e", "*", "•"];

    /// <summary>The first problem of a row, or null; <paramref name="periodAt"/> (or -1) is the column that says which period a row belongs to.</summary>
    public static string? FindProblem(string?[] values, IReadOnlyList<string> columns, int[] integerAt, int[] decimalAt, int periodAt = -1)
    {
        // A reload replaces the periods a file delivers, so a row must say which period it is; a symbol is no period.
        if (periodAt >= 0 && (string.IsNullOrWhiteSpace(values[periodAt]) || Symbols.Contains(values[periodAt]!.Trim())))
            return $"column {columns[periodAt]}: expected the period (the pipeline's period_column), found '{values[periodAt]}'";
        foreach (var i in integerAt)
            if (Bad(values[i], IntegerPattern()))
                return $"column {columns[i]}: expected a whole number or an official symbol, found '{values[i]}'";
        foreach (var i in decimalAt)
            if (Bad(values[i], DecimalPattern()))
                return $"column {columns[i]}: expected a number with a decimal point or an official symbol, found '{values[i]}'";
        return null;
    }

    static bool Bad(string? value, Regex pattern)
    {
        var v = value?.Trim();
        return !string.IsNullOrEmpty(v) && !Symbols.Contains(v) && !pattern.IsMatch(v);
    }

    [GeneratedRegex(@"^-?\d+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^-?\d+(\.\d+)?$")]
    private static partial Regex DecimalPattern();
}
