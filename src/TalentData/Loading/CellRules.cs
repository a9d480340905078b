namespace TalentData.Loading;

/// <summary>
/// Structural checks of cells that a pipeline declares numeric. They only decide whether a row can be
/// loaded; they never convert (typing happens in SQL staging). Official symbols are valid cell values.
/// </summary>
public static class CellRules
{
    /// <summary>The official symbols of GENESIS, the BA and the city (source-formats §2.4, §4.1).</summary>
    public static readonly HashSet<string> Symbols = ["-", ".", "...", "/", "x", "()", "p", "r", "s", "e", "*", "•"];

    static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> SymbolLookup = Symbols.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The first problem of a row, or null; <paramref name="periodAt"/> (or -1) is the column that says which period a row belongs to.</summary>
    public static string? FindProblem(string?[] values, IReadOnlyList<string> columns, int[] integerAt, int[] decimalAt, int periodAt = -1)
    {
        // A reload replaces the periods a file delivers, so a row must say which period it is; a symbol is no period.
        if (periodAt >= 0 && values[periodAt].AsSpan().Trim() is var period && (period.IsEmpty || SymbolLookup.Contains(period)))
            return $"column {columns[periodAt]}: expected the period (the pipeline's period_column), found '{values[periodAt]}'";
        foreach (var i in integerAt)
            if (Bad(values[i], fraction: false))
                return $"column {columns[i]}: expected a whole number or an official symbol, found '{values[i]}'";
        foreach (var i in decimalAt)
            if (Bad(values[i], fraction: true))
                return $"column {columns[i]}: expected a number with a decimal point or an official symbol, found '{values[i]}'";
        return null;
    }

    // Hand-written rather than a regex: this runs for every numeric cell of every row, and it accepts only ASCII
    // digits, as the SQL casts in staging do (a regex's \d also takes Arabic-Indic and other Unicode digits).
    static bool Bad(string? value, bool fraction)
    {
        var v = value.AsSpan().Trim();
        return !v.IsEmpty && !IsNumber(v, fraction) && !SymbolLookup.Contains(v);
    }

    /// <summary>-?[0-9]+, and with <paramref name="fraction"/> optionally .[0-9]+ after it.</summary>
    static bool IsNumber(ReadOnlySpan<char> v, bool fraction)
    {
        if (v[0] == '-') v = v[1..];
        var point = fraction ? v.IndexOf('.') : -1;
        var whole = point < 0 ? v : v[..point];
        if (whole.IsEmpty || whole.ContainsAnyExceptInRange('0', '9')) return false;
        if (point < 0) return true;
        var rest = v[(point + 1)..];
        return !rest.IsEmpty && !rest.ContainsAnyExceptInRange('0', '9');
    }
}
