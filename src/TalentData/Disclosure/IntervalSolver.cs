using System.Runtime.CompilerServices;

namespace TalentData.Disclosure;

/// <summary>A line equation over the suppressed cells: Σ coefficient·x = rhs, every x ≥ its lower bound.</summary>
internal sealed record LinearEquation(int[] Variables, double[] Coefficients, double Rhs);

/// <summary>
/// The line equations of one suppression pattern, with the equations each unknown stands in: built once per pattern
/// and shared by every range asked of it, so that finding the equations linked to one unknown costs only those.
/// </summary>
internal sealed class EquationSystem(List<LinearEquation> equations)
{
    Dictionary<int, List<int>>? byVariable;

    public IReadOnlyList<LinearEquation> Equations => equations;

    /// <summary>The indices of the equations <paramref name="variable"/> stands in, in increasing order.</summary>
    public IReadOnlyList<int> Containing(int variable) =>
        (byVariable ??= Index()).TryGetValue(variable, out var list) ? list : [];

    Dictionary<int, Component>? componentOf;

    /// <summary>The equations linked to <paramref name="variable"/> through shared unknowns (in the system's order); null when it stands in none.</summary>
    // HotLoop.Compile (here and on the other loops every cube-year runs): compiled optimised at the first call in a
    // build's output, precompiled in the ReadyToRun CLI.
    [MethodImpl(HotLoop.Compile)]
    public Component? ComponentOf(int variable)
    {
        componentOf ??= [];
        if (componentOf.TryGetValue(variable, out var known))
            return known;
        if (Containing(variable).Count == 0)
            return null;
        var seenVariables = new HashSet<int> { variable };
        var seenEquations = new HashSet<int>();
        var queue = new Queue<int>([variable]);
        while (queue.Count > 0)
            foreach (var i in Containing(queue.Dequeue()))
                if (seenEquations.Add(i))
                    foreach (var w in equations[i].Variables)
                        if (seenVariables.Add(w))
                            queue.Enqueue(w);
        var ordered = seenEquations.ToArray();
        Array.Sort(ordered);
        var linked = new List<LinearEquation>(ordered.Length);
        foreach (var i in ordered)
            linked.Add(equations[i]);
        var component = new Component(linked);
        foreach (var v in seenVariables)
            componentOf[v] = component;
        return component;
    }

    /// <summary>One connected set of equations, with its phase 1 solved once for every unknown in it.</summary>
    public sealed class Component(List<LinearEquation> equations)
    {
        Func<int, double>? solvedFor;
        IntervalSolver.FeasibleStart? start;

        public IReadOnlyList<LinearEquation> Equations => equations;

        public IntervalSolver.FeasibleStart? Feasible(Func<int, double> lowerBound)
        {
            if (!ReferenceEquals(solvedFor, lowerBound))
            {
                start = IntervalSolver.Phase1(equations, lowerBound);
                solvedFor = lowerBound;
            }
            return start;
        }
    }

    [MethodImpl(HotLoop.Compile)]
    Dictionary<int, List<int>> Index()
    {
        var index = new Dictionary<int, List<int>>();
        for (var i = 0; i < equations.Count; i++)
            foreach (var v in equations[i].Variables)
            {
                if (!index.TryGetValue(v, out var list))
                    index[v] = list = [];
                if (list.Count == 0 || list[^1] != i)
                    list.Add(i);
            }
        return index;
    }
}

/// <summary>
/// The attacker of R5: the smallest and largest value a variable can take under the line equations with every
/// unknown at or above its lower bound (1 for a cell published as ".", since zeros are published as 0; 0 for a cell
/// no file shows). A dense two-phase simplex with Bland's rule; the systems are small (one table's suppressed cells)
/// and the library takes no solver package. For a 2-D table the matrix is a network matrix, so the LP bounds are
/// integers and equal the attacker's integer range.
/// </summary>
internal static class IntervalSolver
{
    const double Eps = 1e-9;

    /// <summary>Min and max of the target; Max is null when unbounded. Null overall when the system has no solution.</summary>
    public static (double Min, double? Max)? Range(EquationSystem system, int target, Func<int, double>? lowerBound = null)
    {
        lowerBound ??= NotNegative;
        var offset = lowerBound(target);
        // Only the equations linked to the target through shared unknowns constrain it.
        if (system.ComponentOf(target) is not { } component)
            return (offset, null);
        // Phase 1 depends on the component only, not on which of its unknowns is asked about: solved once for all.
        if (component.Feasible(lowerBound) is not { } start)
            return null;
        var t = start.ColumnOf[target];
        var min = start.Minimize(t, 1) ?? 0;
        var negMax = start.Minimize(t, -1);
        return (offset + Math.Max(0, min), negMax is null ? null : offset - negMax.Value);
    }

    static readonly Func<int, double> NotNegative = _ => 0;

    /// <summary>
    /// A feasible basis of a component's equations: the tableau with the artificials driven out, its rows one after
    /// the other in one array (each <c>Columns</c> + 1 long, the right-hand side last).
    /// </summary>
    internal sealed class FeasibleStart(Dictionary<int, int> columnOf, int columns, double[] rows, int[] basis)
    {
        double[]? work, cost, objective;
        int[]? workBasis;

        public Dictionary<int, int> ColumnOf => columnOf;

        /// <summary>
        /// Minimises <paramref name="sign"/> times the unknown in column <paramref name="column"/> from this basis. The
        /// tableau is copied into buffers that every range asked of the component reuses: the clean-up asks for
        /// thousands, and new copies each time cost more than the simplex steps on them. A component belongs to one
        /// protection run, so one thread uses them, one minimisation at a time.
        /// </summary>
        public double? Minimize(int column, double sign)
        {
            work ??= new double[rows.Length];
            workBasis ??= new int[basis.Length];
            cost ??= new double[columns];
            objective ??= new double[columns + 1];
            Array.Copy(rows, work, rows.Length);
            Array.Copy(basis, workBasis, basis.Length);
            cost[column] = sign;
            try
            {
                return IntervalSolver.Minimize(work, workBasis.Length, workBasis, cost, objective, columns);
            }
            finally
            {
                cost[column] = 0;
            }
        }
    }

    /// <summary>
    /// The phase 1 tableau of the thread's last solve, reused: a tableau is rows × (unknowns + rows + 1) and is thrown
    /// away once the feasible rows are copied out, so a new one per component was most of what solving allocated.
    /// Tableaux larger than <see cref="KeptScratch"/> doubles are not kept.
    /// </summary>
    [ThreadStatic]
    static double[]? scratch;

    const int KeptScratch = 1 << 20;

    static double[] Tableau(int length)
    {
        var tableau = scratch;
        if (tableau is null || tableau.Length < length)
        {
            tableau = new double[length];
            if (length <= KeptScratch)
                scratch = tableau;
            return tableau;
        }
        Array.Clear(tableau, 0, length);
        return tableau;
    }

    /// <summary>Phase 1 over one component's equations; null when they have no solution with every unknown at or above its bound.</summary>
    [MethodImpl(HotLoop.Compile)]
    internal static FeasibleStart? Phase1(IReadOnlyList<LinearEquation> equations, Func<int, double> lowerBound)
    {
        // x = lower bound + y with y ≥ 0: the bounds move to the right-hand sides.
        var relevant = new List<LinearEquation>(equations.Count);
        foreach (var e in equations)
        {
            double shift = 0;
            for (var k = 0; k < e.Variables.Length; k++)
                shift += e.Coefficients[k] * lowerBound(e.Variables[k]);
            relevant.Add(e with { Rhs = e.Rhs - shift });
        }
        var columnOf = new Dictionary<int, int>();
        foreach (var e in relevant)
            foreach (var v in e.Variables)
                columnOf.TryAdd(v, columnOf.Count);
        var n = columnOf.Count;
        var m = relevant.Count;

        // Phase 1: artificial j = n + i for row i, rows negated so that rhs ≥ 0.
        var stride = n + m + 1;
        var rows = Tableau(m * stride);
        var basis = new int[m];
        for (var i = 0; i < m; i++)
        {
            var e = relevant[i];
            var sign = e.Rhs < 0 ? -1.0 : 1.0;
            var row = i * stride;
            for (var k = 0; k < e.Variables.Length; k++)
                rows[row + columnOf[e.Variables[k]]] += sign * e.Coefficients[k];
            rows[row + n + i] = 1;
            rows[row + n + m] = sign * e.Rhs;
            basis[i] = n + i;
        }
        var phase1Cost = new double[n + m];
        for (var i = 0; i < m; i++)
            phase1Cost[n + i] = 1;
        var infeasibility = Minimize(rows, m, basis, phase1Cost, new double[n + m + 1], n + m);
        var sizes = 0.0;
        foreach (var e in relevant)
            sizes += Math.Abs(e.Rhs);
        var scale = 1 + sizes;
        if (infeasibility is null || infeasibility > 1e-7 * scale)
            return null;

        // Drive the artificials out of the basis; a row where that is impossible is a redundant equation
        // (the row sums and the column sums of a table both add up to the grand total).
        var keptRows = 0;
        for (var i = 0; i < m; i++)
        {
            if (basis[i] < n)
            {
                keptRows++;
                continue;
            }
            var j = -1;
            for (var c = 0; c < n; c++)
                if (Math.Abs(rows[i * stride + c]) > Eps)
                {
                    j = c;
                    break;
                }
            if (j < 0)
                continue;
            Pivot(rows, m, null, i, j, n + m);
            basis[i] = j;
            keptRows++;
        }
        var kept = new double[keptRows * (n + 1)];
        var keptBasis = new int[keptRows];
        for (int i = 0, q = 0; i < m; i++)
        {
            if (basis[i] >= n)
                continue;
            Array.Copy(rows, i * stride, kept, q * (n + 1), n);
            kept[q * (n + 1) + n] = rows[i * stride + n + m];
            keptBasis[q++] = basis[i];
        }
        return new FeasibleStart(columnOf, n, kept, keptBasis);
    }

    /// <summary>
    /// Minimises cost·x from a feasible basis of the first <paramref name="rowCount"/> rows of <paramref name="rows"/>
    /// (each <paramref name="columns"/> + 1 long); <paramref name="objective"/> is the working row, of that length.
    /// Returns the optimum, or null when unbounded below.
    /// </summary>
    [MethodImpl(HotLoop.Compile)]
    static double? Minimize(double[] rows, int rowCount, int[] basis, double[] cost, double[] objective, int columns)
    {
        var stride = columns + 1;
        Array.Copy(cost, objective, columns);
        objective[columns] = 0;
        for (var i = 0; i < rowCount; i++)
        {
            var cb = cost[basis[i]];
            if (cb == 0)
                continue;
            var row = i * stride;
            for (var j = 0; j <= columns; j++)
                objective[j] -= cb * rows[row + j];
        }
        while (true)
        {
            // Bland's rule (lowest index enters, lowest basic index leaves on ties) cannot cycle.
            var enter = -1;
            for (var j = 0; j < columns; j++)
                if (objective[j] < -Eps)
                {
                    enter = j;
                    break;
                }
            if (enter < 0)
                return -objective[columns];
            var leave = -1;
            var best = 0.0;
            for (var i = 0; i < rowCount; i++)
            {
                var row = i * stride;
                if (rows[row + enter] <= Eps)
                    continue;
                var ratio = rows[row + columns] / rows[row + enter];
                if (leave < 0 || ratio < best - Eps || ratio <= best + Eps && basis[i] < basis[leave])
                {
                    leave = i;
                    best = ratio;
                }
            }
            if (leave < 0)
                return null;
            Pivot(rows, rowCount, objective, leave, enter, columns);
            basis[leave] = enter;
        }
    }

    [MethodImpl(HotLoop.Compile)]
    static void Pivot(double[] rows, int rowCount, double[]? objective, int pivotRow, int pivotColumn, int columns)
    {
        var stride = columns + 1;
        var p = rows.AsSpan(pivotRow * stride, stride);
        var inverse = 1 / p[pivotColumn];
        for (var j = 0; j <= columns; j++)
            p[j] *= inverse;
        p[pivotColumn] = 1;
        for (var i = 0; i < rowCount; i++)
            if (i != pivotRow)
                Eliminate(rows.AsSpan(i * stride, stride), p, pivotColumn, columns);
        if (objective is not null)
            Eliminate(objective, p, pivotColumn, columns);
    }

    [MethodImpl(HotLoop.Compile)]
    static void Eliminate(Span<double> row, ReadOnlySpan<double> pivot, int pivotColumn, int columns)
    {
        var factor = row[pivotColumn];
        if (factor == 0)
            return;
        for (var j = 0; j <= columns; j++)
            row[j] -= factor * pivot[j];
        row[pivotColumn] = 0;
    }
}
