using System.Runtime.CompilerServices;

namespace TalentData.Disclosure;

/// <summary>
/// One equation of a table: the interior cells sum to the total. Cells are indices into the run's cells. A table's line
/// is named by its row or column key, and its label is written only when a message needs it: a cube-year has thousands.
/// </summary>
internal sealed record Line(string Name, bool IsRow, int[] Interior, int Total, LineOf Of = LineOf.Named)
{
    public string Label => Of switch
    {
        LineOf.Row => $"row '{Name}'",
        LineOf.Column => $"column '{Name}'",
        LineOf.List => "the list",
        _ => Name,
    };

    public IEnumerable<int> Cells => Interior.Append(Total);

    public bool Contains(int cell)
    {
        if (cell == Total)
            return true;
        foreach (var c in Interior)
            if (c == cell)
                return true;
        return false;
    }
}

/// <summary>What a line is of: a row or a column of a cross-table, a list, or a line named in full (a cube's crossing line).</summary>
internal enum LineOf { Named, Row, Column, List }

internal sealed record CompiledTable(DisclosureTable Source, int[,] Grid, Line[] Lines)
{
    public string Name => Source.Name;
}

/// <summary>
/// The state of one protection run: every cell once (by id, in ordinal order), whether it is suppressed, and the
/// tables in name order. All choices go through these ordered arrays, never through hash order (R8).
/// </summary>
internal sealed class SuppressionRun
{
    readonly int threshold;
    readonly DisclosureCell[] cells;
    readonly Dictionary<string, int> indexOf = new(StringComparer.Ordinal);
    readonly Pattern suppressed;
    readonly bool[] unpublished;
    readonly bool[] locked;
    /// <summary><see cref="LowerBound"/> as one delegate, so that a component's phase 1 is solved once for it (<see cref="EquationSystem.Component"/>).</summary>
    readonly Func<int, double> lowerBound;
    /// <summary>The tables each cell stands in (a cell shared by linked tables stands in several).</summary>
    readonly List<CompiledTable>[] tablesOf;

    // HotLoop.Compile (here and on the other loops every cube-year runs): compiled optimised at the first call in a
    // build's output, precompiled in the ReadyToRun CLI.
    [MethodImpl(HotLoop.Compile)]
    public SuppressionRun(IReadOnlyList<DisclosureTable> tables, int threshold)
    {
        if (threshold < 1)
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The minimum case count k must be at least 1.");
        if (tables.Count == 0)
            throw new ArgumentException("Nothing to protect: no tables given.");
        this.threshold = threshold;
        lowerBound = LowerBound;
        // The first name, in the order given, that two tables share (a loop: a cube-year protects thousands of tables).
        var named = new Dictionary<string, int>(tables.Count, StringComparer.Ordinal);
        foreach (var table in tables)
            named[table.Name] = named.GetValueOrDefault(table.Name) + 1;
        foreach (var table in tables)
            if (named[table.Name] > 1)
                throw new ArgumentException($"Two disclosure tables are named '{table.Name}'; names identify tables in messages.");

        // The cells by id, without the table that gave each first: that is looked for only for the message.
        var byId = new Dictionary<string, DisclosureCell>(StringComparer.Ordinal);
        foreach (var table in tables)
            foreach (var cell in table.Grid)
                if (!byId.TryAdd(cell.Id, cell) && byId[cell.Id] != cell)
                    throw new ArgumentException(
                        $"Cell '{cell.Id}' differs between table '{tables.First(t => t.Grid.Cast<DisclosureCell>().Any(c => c.Id == cell.Id)).Name}' " +
                        $"and table '{table.Name}' ({byId[cell.Id]} vs {cell}); a cell shared by linked tables must be the same cell.");
        var ids = byId.Keys.ToArray();
        Array.Sort(ids, StringComparer.Ordinal);
        cells = new DisclosureCell[ids.Length];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = byId[ids[i]];
            indexOf[ids[i]] = i;
        }
        // A cell the source withheld has no value to publish, whatever the rules decide.
        var withheld = new bool[cells.Length];
        for (var i = 0; i < cells.Length; i++)
            withheld[i] = cells[i].SourceSuppressed;
        suppressed = new Pattern(withheld);
        unpublished = new bool[cells.Length];
        locked = new bool[cells.Length];
        Tables = [.. tables.OrderBy(t => t.Name, StringComparer.Ordinal).Select(Compile)];
        tablesOf = new List<CompiledTable>[cells.Length];
        for (var i = 0; i < cells.Length; i++)
            tablesOf[i] = [];
        foreach (var table in Tables)
            foreach (var index in table.Grid)
                if (tablesOf[index].Count == 0 || tablesOf[index][^1] != table)
                    tablesOf[index].Add(table);
        foreach (var table in Tables)
            CheckAdditive(table);
    }

    public IReadOnlyList<CompiledTable> Tables { get; }

    public bool Contains(string id) => indexOf.ContainsKey(id);

    public int IndexOf(string id) => indexOf.TryGetValue(id, out var i)
        ? i
        : throw new ArgumentException($"Cell '{id}' is in none of the tables being protected.");

    public void Suppress(int cell) => suppressed[cell] = true;

    /// <summary>A cell that must stay suppressed (e.g. the pattern of an earlier release); the clean-up never publishes it.</summary>
    public void Lock(int cell) => suppressed[cell] = locked[cell] = true;

    /// <summary>
    /// A cell no file shows, neither as a number nor as ".": an unknown in the lines that may be 0 (a "." cell is
    /// known to be at least 1, because zeros are published as 0). It stays unknown; the clean-up never publishes it.
    /// </summary>
    public void MarkUnpublished(int cell) => suppressed[cell] = locked[cell] = unpublished[cell] = true;

    /// <summary>
    /// What the attacker knows about an unknown from below: a cell published as "." is at least 1 (zeros are never
    /// suppressed and always published as 0, so "." tells "not 0"), a cell no file shows only that it is not negative.
    /// A cell locked from an earlier release that is 0 today is given 0, so that the equations stay consistent.
    /// </summary>
    double LowerBound(int cell) => unpublished[cell] || cells[cell].Value == 0 ? 0 : 1;

    public IReadOnlySet<string> SuppressedIds()
    {
        var ids = new List<string>();
        for (var i = 0; i < cells.Length; i++)
            if (suppressed[i])
                ids.Add(cells[i].Id);
        return new SortedSet<string>(ids, StringComparer.Ordinal);
    }

    bool IsPrimary(int cell) => cells[cell].IsPrimary(threshold);

    bool IsCandidate(int cell) => !suppressed[cell] && cells[cell].IsCandidate(threshold);

    /// <summary>
    /// R1, then R3 over <paramref name="crossingLines"/>, then rounds of R3–R5 over all tables until a whole round changes
    /// nothing (R7).
    /// </summary>
    public void Protect(IReadOnlyList<CubeLine>? crossingLines = null)
    {
        for (var i = 0; i < cells.Length; i++)
            if (IsPrimary(i))
                suppressed[i] = true;
        if (crossingLines is not null)
            LineRuleAcross(crossingLines);
        var stillChanging = new List<string>();
        for (var round = 1; round <= Suppressor.MaxLinkedIterations; round++)
        {
            stillChanging.Clear();
            foreach (var table in Tables)
                if (ProtectTable(table))
                    stillChanging.Add(table.Name);
            if (stillChanging.Count == 0)
            {
                ThrowIfAnyPrimaryUnprotected();
                PublishBack();
                return;
            }
        }
        throw new PipelineException(Tables[0].Name, "disclosure",
            $"Linked tables {string.Join(", ", Tables.Select(t => $"'{t.Name}'"))} did not reach a stable suppression pattern " +
            $"within {Suppressor.MaxLinkedIterations} rounds; {string.Join(", ", stillChanging.Select(n => $"'{n}'"))} still changed " +
            "in the last one. Protect overlapping tables as one hierarchical table, or publish fewer overlapping tables (publishing.md §5.4 R7).");
    }

    /// <summary>R3 until stable, then R4, then R5, going back to R3 after every repair. True if anything changed.</summary>
    bool ProtectTable(CompiledTable table)
    {
        var changed = false;
        while (true)
        {
            if (LinePass(table))
            {
                changed = true;
                continue;
            }
            if (table.Source.IsTwoWay && Bridges(table) is [var bridge, ..])
            {
                RepairBridge(table, bridge);
                changed = true;
                continue;
            }
            if (RepairInterval(table))
            {
                changed = true;
                continue;
            }
            return changed;
        }
    }

    /// <summary>
    /// R3 over the lines of all linked tables together until nothing changes, in the order given, before the tables
    /// are protected one by one: a table's intervals (R5) are checked once its own lines are settled, and a primary
    /// that a line of a later table still pins exactly would draw partner after partner into the earlier table. With
    /// every line's partners in place first, R4 and R5 only close what the line rule leaves open (the clean-up may
    /// publish these partners again). A cell no file shows is an unknown here, not a primary. A line without a
    /// candidate is left to its table's own R3, which reports it.
    /// </summary>
    [MethodImpl(HotLoop.Compile)]
    void LineRuleAcross(IReadOnlyList<CubeLine> lines)
    {
        // Interior cells in index order, which is the cells' ordinal id order: R3's canonical order on ties.
        var compiled = new List<Line>(lines.Count);
        foreach (var l in lines)
        {
            var interior = new int[l.Parts.Count];
            for (var p = 0; p < interior.Length; p++)
                interior[p] = IndexOf(l.Parts[p]);
            Array.Sort(interior);
            compiled.Add(new Line(l.Name, true, interior, IndexOf(l.Total)));
        }
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var line in compiled)
                if (NeedsPartner(line, publishedPrimariesOnly: true) && BestInLine(line) is var best and >= 0)
                {
                    suppressed[best] = true;
                    changed = true;
                }
        }
    }

    /// <summary>
    /// R3's condition: the line hides exactly one cell, or only primaries (which would reveal each other's sum);
    /// with <paramref name="publishedPrimariesOnly"/> a cell no file shows counts as no primary. A flag, not a
    /// delegate: asked for every line in every pass, a delegate would be a new object each time.
    /// </summary>
    [MethodImpl(HotLoop.Compile)]
    bool NeedsPartner(Line line, bool publishedPrimariesOnly)
    {
        bool IsPrimaryHere(int cell) => (!publishedPrimariesOnly || !unpublished[cell]) && IsPrimary(cell);
        var hidden = 0;
        var allPrimary = true;
        foreach (var c in line.Interior)
            if (suppressed[c])
            {
                hidden++;
                allPrimary &= IsPrimaryHere(c);
            }
        if (suppressed[line.Total])
        {
            hidden++;
            allPrimary &= IsPrimaryHere(line.Total);
        }
        return hidden == 1 || hidden > 1 && allPrimary;
    }

    /// <summary>R3: one pass over the lines, rows top to bottom, then columns left to right.</summary>
    [MethodImpl(HotLoop.Compile)]
    bool LinePass(CompiledTable table)
    {
        var changed = false;
        foreach (var line in table.Lines)
        {
            if (!NeedsPartner(line, publishedPrimariesOnly: false))
                continue;
            var best = BestInLine(line);
            if (best >= 0)
            {
                suppressed[best] = true;
                changed = true;
                continue;
            }
            var published = line.Cells.Where(c => !suppressed[c] && cells[c].Value != 0).Select(c => cells[c].Id).ToList();
            if (published.Count > 0)
                throw new PipelineException(table.Name, "disclosure",
                    $"Disclosure control cannot protect table '{table.Name}', {line.Label}: its suppressed cells need a " +
                    $"secondary partner, but the line's other cells are zero or published elsewhere ({string.Join(", ", published)}), " +
                    "so the suppressed values could be recomputed. Change the aggregation (merge categories or areas) of this table.");
        }
        return changed;
    }

    /// <summary>R3's "best": interior before total, then smallest value, then canonical order; -1 if none.</summary>
    [MethodImpl(HotLoop.Compile)]
    int BestInLine(Line line)
    {
        var best = -1;
        foreach (var c in line.Interior)
            if (IsCandidate(c) && (best < 0 || cells[c].Value < cells[best].Value))
                best = c;
        return best >= 0 ? best : IsCandidate(line.Total) ? line.Total : -1;
    }

    /// <summary>
    /// R4: suppressed cells of a 2-D table that lie on no cycle of the bipartite row/column graph, in canonical order.
    /// Such a cell is the only unknown left in some combination of line equations, so it is exactly computable.
    /// </summary>
    [MethodImpl(HotLoop.Compile)]
    public (int Row, int Column)[] Bridges(CompiledTable table)
    {
        var grid = table.Grid;
        int rows = grid.GetLength(0), columns = grid.GetLength(1), vertices = rows + columns;
        // The graph in arrays this run reuses (asked for every 2-D table in every pass, and for every cell the
        // clean-up tries): edge e is the e-th suppressed cell in canonical order, each vertex's edges in that order.
        var edges = 0;
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
                if (suppressed[grid[r, c]])
                    edges++;
        Reserve(ref graph.EdgeRow, edges);
        Reserve(ref graph.EdgeColumn, edges);
        Reserve(ref graph.IsBridge, edges);
        Reserve(ref graph.Start, vertices + 1);
        Reserve(ref graph.Next, vertices);
        Reserve(ref graph.To, 2 * edges);
        Reserve(ref graph.Edge, 2 * edges);
        Reserve(ref graph.Order, vertices);
        Reserve(ref graph.Low, vertices);
        Array.Clear(graph.Start, 0, vertices + 1);
        for (int r = 0, e = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
                if (suppressed[grid[r, c]])
                {
                    graph.EdgeRow[e] = r;
                    graph.EdgeColumn[e++] = c;
                    graph.Start[r + 1]++;
                    graph.Start[rows + c + 1]++;
                }
        for (var v = 0; v < vertices; v++)
        {
            graph.Start[v + 1] += graph.Start[v];
            graph.Next[v] = graph.Start[v];
        }
        for (var e = 0; e < edges; e++)
        {
            int r = graph.EdgeRow[e], c = rows + graph.EdgeColumn[e];
            graph.To[graph.Next[r]] = c;
            graph.Edge[graph.Next[r]++] = e;
            graph.To[graph.Next[c]] = r;
            graph.Edge[graph.Next[c]++] = e;
        }
        Array.Clear(graph.IsBridge, 0, edges);
        Array.Clear(graph.Order, 0, vertices);
        graph.Counter = 0;
        for (var v = 0; v < vertices; v++)
            if (graph.Order[v] == 0)
                MarkBridges(v, -1);
        var count = 0;
        for (var e = 0; e < edges; e++)
            if (graph.IsBridge[e])
                count++;
        if (count == 0)
            return [];
        var bridges = new (int Row, int Column)[count];
        for (int e = 0, b = 0; e < edges; e++)
            if (graph.IsBridge[e])
                bridges[b++] = (graph.EdgeRow[e], graph.EdgeColumn[e]);
        return bridges;

        static void Reserve<T>(ref T[] array, int length)
        {
            if (array.Length < length)
                array = new T[Math.Max(length, 2 * array.Length)];
        }
    }

    /// <summary>Tarjan: an edge to a child is a bridge when nothing below the child reaches above it.</summary>
    [MethodImpl(HotLoop.Compile)]
    void MarkBridges(int v, int viaEdge)
    {
        graph.Order[v] = graph.Low[v] = ++graph.Counter;
        for (var k = graph.Start[v]; k < graph.Start[v + 1]; k++)
        {
            int to = graph.To[k], edge = graph.Edge[k];
            if (edge == viaEdge)
                continue;
            if (graph.Order[to] == 0)
            {
                MarkBridges(to, edge);
                graph.Low[v] = Math.Min(graph.Low[v], graph.Low[to]);
                if (graph.Low[to] > graph.Order[v])
                    graph.IsBridge[edge] = true;
            }
            else
                graph.Low[v] = Math.Min(graph.Low[v], graph.Order[to]);
        }
    }

    readonly BridgeGraph graph = new();

    /// <summary>The row/column graph of the last table <see cref="Bridges"/> looked at, in arrays kept for the next.</summary>
    sealed class BridgeGraph
    {
        public int[] EdgeRow = [], EdgeColumn = [], Start = [], Next = [], To = [], Edge = [], Order = [], Low = [];
        public bool[] IsBridge = [];
        public int Counter;
    }

    /// <summary>
    /// R4 repair of bridge (r, c): suppress the best candidate (a, b) with row a still connected to column c and
    /// column b still connected to row r once the bridge is removed, which closes a cycle through (r, c).
    /// </summary>
    void RepairBridge(CompiledTable table, (int Row, int Column) bridge)
    {
        var grid = table.Grid;
        int rows = grid.GetLength(0), columns = grid.GetLength(1);
        var (rowsOfColumn, _) = Reachable(grid, bridge, startRow: -1, startColumn: bridge.Column);
        var (_, columnsOfRow) = Reachable(grid, bridge, startRow: bridge.Row, startColumn: -1);
        var best = (Row: -1, Column: -1);
        var bestRank = (Totals: int.MaxValue, Value: long.MaxValue);
        for (var a = 0; a < rows; a++)
        {
            if (!rowsOfColumn[a])
                continue;
            for (var b = 0; b < columns; b++)
            {
                if (!columnsOfRow[b] || !IsCandidate(grid[a, b]))
                    continue;
                var rank = ((a == rows - 1 ? 1 : 0) + (b == columns - 1 ? 1 : 0), cells[grid[a, b]].Value!.Value);
                if (rank.CompareTo(bestRank) < 0)
                {
                    best = (a, b);
                    bestRank = rank;
                }
            }
        }
        if (best.Row < 0)
            throw new PipelineException(table.Name, "disclosure",
                $"Disclosure control cannot protect table '{table.Name}': the suppressed cell {table.Source.PositionLabel(bridge.Row, bridge.Column)} " +
                "is exactly computable from the published cells (a bridge, R4), and no cell that could close a cycle through it " +
                "may be suppressed (all are zero or published elsewhere). Change the aggregation (merge categories or areas) of this table.");
        suppressed[grid[best.Row, best.Column]] = true;
    }

    /// <summary>Rows and columns reachable through suppressed cells from a start row or column, without the bridge.</summary>
    [MethodImpl(HotLoop.Compile)]
    (bool[] Rows, bool[] Columns) Reachable(int[,] grid, (int Row, int Column) without, int startRow, int startColumn)
    {
        int rows = grid.GetLength(0), columns = grid.GetLength(1);
        var seenRows = new bool[rows];
        var seenColumns = new bool[columns];
        var queue = new Queue<(bool IsRow, int Index)>();
        if (startRow >= 0)
        {
            seenRows[startRow] = true;
            queue.Enqueue((true, startRow));
        }
        else
        {
            seenColumns[startColumn] = true;
            queue.Enqueue((false, startColumn));
        }
        while (queue.Count > 0)
        {
            var (isRow, index) = queue.Dequeue();
            var count = isRow ? columns : rows;
            for (var other = 0; other < count; other++)
            {
                var (r, c) = isRow ? (index, other) : (other, index);
                if ((r, c) == without || !suppressed[grid[r, c]])
                    continue;
                if (isRow && !seenColumns[c])
                {
                    seenColumns[c] = true;
                    queue.Enqueue((false, c));
                }
                else if (!isRow && !seenRows[r])
                {
                    seenRows[r] = true;
                    queue.Enqueue((true, r));
                }
            }
        }
        return (seenRows, seenColumns);
    }

    /// <summary>
    /// R5: the first primary of the table (canonical order) whose attacker range is too narrow, and whose row, or else
    /// column, still has a candidate, gets that partner. True if a cell was suppressed. A primary that cannot be
    /// helped here may be weak because of a linked table that a later round fixes; <see cref="ThrowIfAnyPrimaryUnprotected"/>
    /// decides once all tables are stable.
    /// </summary>
    [MethodImpl(HotLoop.Compile)]
    bool RepairInterval(CompiledTable table)
    {
        var equations = Equations();
        foreach (var (r, c) in Positions(table))
        {
            var cell = table.Grid[r, c];
            if (!IsPrimary(cell) || RangeOf(cell, equations).IsProtected(threshold))
                continue;
            foreach (var line in table.Lines.Where(l => l.IsRow).Concat(table.Lines.Where(l => !l.IsRow)))
            {
                if (!line.Contains(cell))
                    continue;
                var best = BestInLine(line);
                if (best < 0)
                    continue;
                suppressed[best] = true;
                return true;
            }
        }
        return false;
    }

    void ThrowIfAnyPrimaryUnprotected()
    {
        var equations = Equations();
        foreach (var table in Tables)
            foreach (var (r, c) in Positions(table))
            {
                var cell = table.Grid[r, c];
                if (IsPrimary(cell) && !RangeOf(cell, equations).IsProtected(threshold))
                    throw new PipelineException(table.Name, "disclosure",
                        $"Disclosure control cannot protect table '{table.Name}': the suppressed cell at {table.Source.PositionLabel(r, c)} " +
                        $"can be narrowed down to fewer than {threshold} values from the published cells (R5), and its row and column " +
                        "have no cell left that may be suppressed. Change the aggregation (merge categories or areas) of this table.");
            }
    }

    /// <summary>
    /// Clean-up after the rules found a safe pattern: tries to publish each secondary cell again, the largest value
    /// first (then the last in canonical order), and keeps it published only if the pattern stays safe without it
    /// (<see cref="IsSafe"/>: R5 with "." ≥ 1 for every primary, no primary or locked cell computable). The rules
    /// add partners one line at a time and often more than the final pattern needs; this removes the ones that
    /// the others make redundant, so fewer and smaller cells are lost. Primary, source-suppressed, locked and
    /// unpublished cells stay as they are.
    /// </summary>
    [MethodImpl(HotLoop.Compile)]
    void PublishBack()
    {
        // Publishing a cell can make another one exactly computable, and a computable cell is better published:
        // repeat while a pass publishes anything.
        for (var changed = true; changed;)
        {
            changed = false;
            // A loop and a comparison rather than LINQ's OrderByDescending: no generics over value types (HotLoop).
            var secondaries = new List<int>();
            for (var i = 0; i < cells.Length; i++)
                if (suppressed[i] && !locked[i] && !IsPrimary(i) && !cells[i].SourceSuppressed)
                    secondaries.Add(i);
            secondaries.Sort(LargestLastFirst);
            foreach (var cell in secondaries)
            {
                var affected = PrimariesLinkedTo(cell);
                var before = Equations();
                suppressed[cell] = false;
                if (IsSafe(cell, affected))
                    changed = true;
                else
                {
                    suppressed[cell] = true;
                    // The pattern is the one before again: so are its equations.
                    equations = before;
                    equationsOfVersion = suppressed.Version;
                }
            }
        }
    }

    /// <summary>The clean-up's order: the largest value first (no value last), then the last in canonical order.</summary>
    int LargestLastFirst(int a, int b)
    {
        long? x = cells[a].Value, y = cells[b].Value;
        if (x != y)
            return x is null ? 1 : y is null ? -1 : y.Value.CompareTo(x.Value);
        return b.CompareTo(a);
    }

    /// <summary>
    /// The safety the clean-up keeps: R5 for every primary (attacker range at least k wide and reaching k, every "."
    /// at least 1, integers), and no primary or locked cell exactly computable in a 2-D table (R4). R3 and the R4 rule
    /// for secondaries are how the engine finds partners, not what makes a pattern safe: a secondary that the others
    /// make computable is published (it tells the attacker nothing new), and primaries hidden only among themselves
    /// in a line are fine when R5 holds for each of them (2, 2 and 2 with their sum published: each lies in [1, 4]).
    /// Checked after <paramref name="published"/> was published again, only where that can change anything: the tables
    /// it stands in and the primaries linked to it (<see cref="PrimariesLinkedTo"/>).
    /// </summary>
    [MethodImpl(HotLoop.Compile)]
    bool IsSafe(int published, IReadOnlyList<int> affectedPrimaries)
    {
        foreach (var table in tablesOf[published])
            if (table.Source.IsTwoWay)
                foreach (var (row, column) in Bridges(table))
                    if (IsPrimary(table.Grid[row, column]) || locked[table.Grid[row, column]])
                        return false;
        var equations = Equations();
        foreach (var i in affectedPrimaries)
            if (IntervalSolver.Range(equations, i, lowerBound) is not { } range || !ToIntegers(cells[i].Id, range).IsProtected(threshold))
                return false;
        return true;
    }

    /// <summary>
    /// The primaries whose attacker range can change when <paramref name="cell"/> is published: those sharing a system of
    /// line equations with it through suppressed cells. Every other primary's equations stay exactly as they are, and the
    /// clean-up only ever starts from a safe pattern, so they stay protected without being solved again.
    /// </summary>
    [MethodImpl(HotLoop.Compile)]
    List<int> PrimariesLinkedTo(int cell)
    {
        var system = Equations();
        var seen = new HashSet<int> { cell };
        var queue = new Queue<int>([cell]);
        while (queue.Count > 0)
            foreach (var i in system.Containing(queue.Dequeue()))
                foreach (var v in system.Equations[i].Variables)
                    if (seen.Add(v))
                        queue.Enqueue(v);
        var primaries = new List<int>();
        foreach (var v in seen)
            if (IsPrimary(v))
                primaries.Add(v);
        primaries.Sort();
        return primaries;
    }

    static PrimaryRange ToIntegers(string id, (double Min, double? Max) range) =>
        new(id, (long)Math.Ceiling(range.Min - 1e-6), range.Max is { } max ? (long)Math.Floor(max + 1e-6) : null);

    static IEnumerable<(int Row, int Column)> Positions(CompiledTable table)
    {
        for (var r = 0; r < table.Grid.GetLength(0); r++)
            for (var c = 0; c < table.Grid.GetLength(1); c++)
                yield return (r, c);
    }

    public IReadOnlyList<PrimaryRange> PrimaryRanges()
    {
        var equations = Equations();
        return [.. Enumerable.Range(0, cells.Length).Where(IsPrimary).Select(i => RangeOf(i, equations))];
    }

    PrimaryRange RangeOf(int cell, EquationSystem equations)
    {
        var id = cells[cell].Id;
        if (!suppressed[cell])
            return new PrimaryRange(id, cells[cell].Value!.Value, cells[cell].Value!.Value);
        var range = IntervalSolver.Range(equations, cell, lowerBound)
            ?? throw new PipelineException(Tables.First(t => t.Lines.Any(l => l.Contains(cell))).Name, "disclosure",
                $"The published cells around '{id}' contradict each other (no values ≥ 1 for the suppressed cells fit the line equations); " +
                "check that the totals are the sums of their parts before disclosure control.");
        // The attacker knows the unknowns are integers.
        return ToIntegers(id, range);
    }

    /// <summary>
    /// Every line of every table as an equation over the suppressed cells, with the published cells moved right. Built
    /// again only after the pattern changed: the rules ask for them once per table and round, mostly without a change.
    /// </summary>
    EquationSystem Equations()
    {
        if (equationsOfVersion == suppressed.Version && equations is not null)
            return equations;
        equations = BuildEquations();
        equationsOfVersion = suppressed.Version;
        return equations;
    }

    EquationSystem? equations;
    int equationsOfVersion = -1;

    [MethodImpl(HotLoop.Compile)]
    EquationSystem BuildEquations()
    {
        var equations = new List<LinearEquation>();
        foreach (var table in Tables)
            foreach (var line in table.Lines)
            {
                // Most lines hide nothing and give no equation: counted first, so that only the others allocate.
                var count = suppressed[line.Total] ? 1 : 0;
                foreach (var c in line.Interior)
                    if (suppressed[c])
                        count++;
                if (count == 0)
                    continue;
                var variables = new int[count];
                var coefficients = new double[count];
                var at = 0;
                double rhs = 0;
                foreach (var c in line.Interior)
                    if (suppressed[c])
                    {
                        variables[at] = c;
                        coefficients[at++] = 1.0;
                    }
                    else
                        rhs -= cells[c].Value!.Value;
                if (suppressed[line.Total])
                {
                    variables[at] = line.Total;
                    coefficients[at] = -1.0;
                }
                else
                    rhs += cells[line.Total].Value!.Value;
                equations.Add(new LinearEquation(variables, coefficients, rhs));
            }
        return new EquationSystem(equations);
    }

    CompiledTable Compile(DisclosureTable table)
    {
        var source = table.Grid;
        int rows = source.GetLength(0), columns = source.GetLength(1);
        var grid = new int[rows, columns];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
                grid[r, c] = indexOf[source[r, c].Id];
        var lines = new List<Line>();
        for (var r = 0; r < rows; r++)
        {
            var interior = new int[columns - 1];
            for (var c = 0; c < interior.Length; c++)
                interior[c] = grid[r, c];
            lines.Add(new Line(table.RowKeys[r], true, interior, grid[r, columns - 1], table.IsTwoWay ? LineOf.Row : LineOf.List));
        }
        if (table.IsTwoWay)
            for (var c = 0; c < columns; c++)
            {
                var interior = new int[rows - 1];
                for (var r = 0; r < interior.Length; r++)
                    interior[r] = grid[r, c];
                lines.Add(new Line(table.ColumnKeys[c], false, interior, grid[rows - 1, c], LineOf.Column));
            }
        return new CompiledTable(table, grid, [.. lines]);
    }

    /// <summary>The attacker model assumes the parts add up; a table that does not is not ready for disclosure control.</summary>
    void CheckAdditive(CompiledTable table)
    {
        foreach (var line in table.Lines)
        {
            var total = cells[line.Total].Value;
            // A loop, not Where/Sum/All: lambdas over the cells would be new objects for every line of every table.
            var (known, complete) = (0L, true);
            foreach (var c in line.Interior)
                if (cells[c].Value is { } value)
                    known += value;
                else
                    complete = false;
            if (total is null || (complete ? known == total : known <= total))
                continue;
            throw new PipelineException(table.Name, "disclosure",
                $"Table '{table.Name}', {line.Label}: the parts add up to {known}{(complete ? "" : " or more")} but the total " +
                $"'{cells[line.Total].Id}' is {total}. Disclosure control needs additive tables; take totals from the same data " +
                "as the parts (perturbed Zensus cells are published as they are, not suppressed).");
        }
    }

    /// <summary>Which cells are suppressed, with a count of changes so that what is derived from it is rebuilt only after one.</summary>
    sealed class Pattern(bool[] suppressed)
    {
        public int Version { get; private set; }

        public bool this[int cell]
        {
            get => suppressed[cell];
            set
            {
                if (suppressed[cell] == value)
                    return;
                suppressed[cell] = value;
                Version++;
            }
        }
    }
}
