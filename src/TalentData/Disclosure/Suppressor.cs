namespace TalentData.Disclosure;

/// <summary>R5 result for one primary cell: the attacker's integer range given everything published.</summary>
public sealed record PrimaryRange(string CellId, long Min, long? Max)
{
    /// <summary>max ≥ k and max − min ≥ k; an unbounded max always protects.</summary>
    public bool IsProtected(int threshold) => Max is null || Max >= threshold && Max - Min >= threshold;
}

/// <summary>
/// Statistical disclosure control, rules R1–R5, R7 and R8 of docs/publishing.md §5.4: primary suppression of small
/// counts, then secondary suppression (line rule, bridge rule, interval check) over one or more linked tables.
/// The result is one set of cell ids to publish as empty with status "." — it never says which were primary.
/// </summary>
public static class Suppressor
{
    public const int DefaultThreshold = 3;

    /// <summary>R7: rounds over all linked tables before giving up (as sdcTable's protect_linked_tables maxIter).</summary>
    public const int MaxLinkedIterations = 10;

    /// <summary>
    /// The cells to suppress. <paramref name="alreadySuppressed"/> are cells that must stay suppressed, e.g. the
    /// pattern of an earlier release that a re-publication must not unmask; they count as secondary.
    /// <paramref name="unpublished"/> are cells that stand in lines but no file shows: unknowns that may be 0
    /// (a "." is known to be ≥ 1), returned as suppressed. <paramref name="crossingLines"/> are line equations of the
    /// linked tables that R3 settles across all tables before the tables are protected one by one (their cells must be
    /// in the tables; see <see cref="SuppressionRun"/>).
    /// Throws <see cref="PipelineException"/> (stage "disclosure") when a table cannot be protected.
    /// </summary>
    public static IReadOnlySet<string> Protect(IReadOnlyList<DisclosureTable> tables, int threshold = DefaultThreshold,
        IEnumerable<string>? alreadySuppressed = null, IEnumerable<string>? unpublished = null, IReadOnlyList<CubeLine>? crossingLines = null)
    {
        var locked = (alreadySuppressed ?? []).ToList();
        var unknown = (unpublished ?? []).ToList();
        var fingerprint = Fingerprint(tables, threshold, locked, unknown, crossingLines);
        if (Known.TryGetValue(fingerprint, out var known))
            return known;
        var suppressed = Solve(tables, threshold, locked, unknown, crossingLines);
        if (Known.Count >= KnownCapacity)
            Known.Clear();
        Known[fingerprint] = suppressed;
        return suppressed;
    }

    /// <summary>
    /// <see cref="Protect"/> without looking up or storing the pattern, for a caller that keeps its own memo over
    /// inputs it can fingerprint more cheaply than the tables built from them (<see cref="DisclosureControl"/>).
    /// </summary>
    internal static IReadOnlySet<string> Solve(IReadOnlyList<DisclosureTable> tables, int threshold,
        IReadOnlyList<string> locked, IReadOnlyList<string> unpublished, IReadOnlyList<CubeLine>? crossingLines)
    {
        var run = new SuppressionRun(tables, threshold);
        foreach (var id in locked)
            run.Lock(run.IndexOf(id));
        foreach (var id in unpublished)
            run.MarkUnpublished(run.IndexOf(id));
        run.Protect(crossingLines);
        return run.SuppressedIds();
    }

    /// <summary>
    /// Patterns already computed in this process, by the fingerprint of everything they depend on. The protection is a
    /// pure function of its inputs and takes most of a run's time, so a long-lived process (the web host's scheduled
    /// jobs, the test suite) that republishes unchanged tables reuses the pattern instead of solving again.
    /// </summary>
    static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlySet<string>> Known = new(StringComparer.Ordinal);
    const int KnownCapacity = 1024;

    /// <summary>
    /// SHA-256 over every input of <see cref="Protect"/>: each table's name, shape, keys and cells (id, value, source
    /// suppression, forced), the threshold, the locked and unpublished cells and the crossing lines, streamed in one pass. Any change to one of
    /// them gives another fingerprint, so a reused pattern is always the one a fresh computation would give.
    /// </summary>
    internal static string Fingerprint(IReadOnlyList<DisclosureTable> tables, int threshold, IReadOnlyList<string> locked,
        IReadOnlyList<string> unpublished, IReadOnlyList<CubeLine>? crossingLines)
    {
        // Every list is written with its length first, so that no two different inputs give the same bytes.
        using var hash = new InputHash();
        hash.Add("suppressor").Add(threshold).Add(tables.Count);
        foreach (var table in tables)
        {
            hash.Add(table.Name).Add(table.IsTwoWay).Add(table.RowKeys.Count).Add(table.ColumnKeys.Count);
            foreach (var key in table.RowKeys)
                hash.Add(key);
            foreach (var key in table.ColumnKeys)
                hash.Add(key);
            foreach (var cell in table.Grid)
                if (cell is null)
                    hash.Add((string?)null);
                else
                    hash.Add(cell.Id).Add(cell.Value).Add(cell.SourceSuppressed).Add(cell.Forced);
        }
        hash.Add(locked.Count);
        foreach (var id in locked)
            hash.Add(id);
        hash.Add(unpublished.Count);
        foreach (var id in unpublished)
            hash.Add(id);
        hash.Add(crossingLines?.Count ?? 0);
        foreach (var line in crossingLines ?? [])
        {
            hash.Add(line.Name).Add(line.Total).Add(line.Parts.Count);
            foreach (var part in line.Parts)
                hash.Add(part);
        }
        return hash.Finish();
    }

    /// <summary>
    /// R5 as a verification step: the attacker's range of every primary cell given the published cells and the
    /// line equations of all tables, in canonical order. Suppressed cells are ≥ 1 unless listed as unpublished.
    /// </summary>
    public static IReadOnlyList<PrimaryRange> PrimaryRanges(IReadOnlyList<DisclosureTable> tables, IReadOnlySet<string> suppressed,
        int threshold = DefaultThreshold, IEnumerable<string>? unpublished = null)
    {
        var run = new SuppressionRun(tables, threshold);
        foreach (var id in suppressed)
            run.Suppress(run.IndexOf(id));
        foreach (var id in unpublished ?? [])
            run.MarkUnpublished(run.IndexOf(id));
        return run.PrimaryRanges();
    }

    /// <summary>R4: the suppressed cells of a 2-D table that are exactly computable (bridges), in canonical order.</summary>
    public static IReadOnlyList<string> FindBridges(DisclosureTable table, IReadOnlySet<string> suppressed)
    {
        if (!table.IsTwoWay)
            return []; // a list is one equation: no single suppressed cell of several is computable from it
        var run = new SuppressionRun([table], DefaultThreshold);
        foreach (var id in suppressed.Where(run.Contains))
            run.Suppress(run.IndexOf(id));
        return [.. run.Bridges(run.Tables[0]).Select(p => table.Grid[p.Row, p.Column].Id)];
    }
}
