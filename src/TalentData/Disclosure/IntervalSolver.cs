namespace TalentData.Disclosure;

/// <summary>A line equation over the suppressed cells: Σ coefficient·x = rhs, every x ≥ its lower bound.</summary>
internal sealed record LinearEquation(int[] Variables, double[] Coefficients, double Rhs);

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
    public static (double Min, double? Max)? Range(IReadOnlyList<LinearEquation> equations, int target, Func<int, double>? lowerBound = null)
    {
        lowerBound ??= _ => 0;
        // Only the equations linked to the target through shared unknowns constrain it.
        var relevant = Component(equations, target);
        var offset = lowerBound(target);
        if (relevant.Count == 0)
            return (offset, null);
        // x = lower bound + y with y ≥ 0: the bounds move to the right-hand sides.
        relevant = [.. relevant.Select(e => e with { Rhs = e.Rhs - e.Variables.Select((v, k) => e.Coefficients[k] * lowerBound(v)).Sum() })];
        var columnOf = new Dictionary<int, int>();
        foreach (var e in relevant)
            foreach (var v in e.Variables)
                columnOf.TryAdd(v, columnOf.Count);
        var n = columnOf.Count;
        var m = relevant.Count;

        // Phase 1: artificial j = n + i for row i, rows negated so that rhs ≥ 0.
        var rows = new double[m][];
        var basis = new int[m];
        for (var i = 0; i < m; i++)
        {
            var e = relevant[i];
            var sign = e.Rhs < 0 ? -1.0 : 1.0;
            var row = new double[n + m + 1];
            for (var k = 0; k < e.Variables.Length; k++)
                row[columnOf[e.Variables[k]]] += sign * e.Coefficients[k];
            row[n + i] = 1;
            row[n + m] = sign * e.Rhs;
            rows[i] = row;
            basis[i] = n + i;
        }
        var phase1Cost = new double[n + m];
        for (var i = 0; i < m; i++)
            phase1Cost[n + i] = 1;
        var infeasibility = Minimize(rows, basis, phase1Cost, n + m);
        var scale = 1 + relevant.Sum(e => Math.Abs(e.Rhs));
        if (infeasibility is null || infeasibility > 1e-7 * scale)
            return null;

        // Drive the artificials out of the basis; a row where that is impossible is a redundant equation
        // (the row sums and the column sums of a table both add up to the grand total).
        var kept = new List<double[]>();
        var keptBasis = new List<int>();
        for (var i = 0; i < m; i++)
        {
            if (basis[i] >= n)
            {
                var j = Enumerable.Range(0, n).FirstOrDefault(c => Math.Abs(rows[i][c]) > Eps, -1);
                if (j < 0)
                    continue;
                Pivot(rows, null, i, j, n + m);
                basis[i] = j;
            }
        }
        for (var i = 0; i < m; i++)
        {
            if (basis[i] >= n)
                continue;
            var row = new double[n + 1];
            Array.Copy(rows[i], row, n);
            row[n] = rows[i][n + m];
            kept.Add(row);
            keptBasis.Add(basis[i]);
        }

        var t = columnOf[target];
        var minCost = new double[n];
        minCost[t] = 1;
        var maxCost = new double[n];
        maxCost[t] = -1;
        var min = Minimize(Copy(kept), [.. keptBasis], minCost, n) ?? 0;
        var negMax = Minimize(Copy(kept), [.. keptBasis], maxCost, n);
        return (offset + Math.Max(0, min), negMax is null ? null : offset - negMax.Value);
    }

    static List<LinearEquation> Component(IReadOnlyList<LinearEquation> equations, int target)
    {
        var byVariable = new Dictionary<int, List<int>>();
        for (var i = 0; i < equations.Count; i++)
            foreach (var v in equations[i].Variables)
            {
                if (!byVariable.TryGetValue(v, out var list))
                    byVariable[v] = list = [];
                list.Add(i);
            }
        var seenVariables = new HashSet<int> { target };
        var seenEquations = new SortedSet<int>();
        var queue = new Queue<int>([target]);
        while (queue.Count > 0)
        {
            var v = queue.Dequeue();
            if (!byVariable.TryGetValue(v, out var list))
                continue;
            foreach (var i in list)
                if (seenEquations.Add(i))
                    foreach (var w in equations[i].Variables)
                        if (seenVariables.Add(w))
                            queue.Enqueue(w);
        }
        return [.. seenEquations.Select(i => equations[i])];
    }

    /// <summary>Minimises cost·x from a feasible basis; returns the optimum, or null when unbounded below.</summary>
    static double? Minimize(double[][] rows, int[] basis, double[] cost, int columns)
    {
        var objective = new double[columns + 1];
        Array.Copy(cost, objective, columns);
        for (var i = 0; i < rows.Length; i++)
        {
            var cb = cost[basis[i]];
            if (cb == 0)
                continue;
            for (var j = 0; j <= columns; j++)
                objective[j] -= cb * rows[i][j];
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
            for (var i = 0; i < rows.Length; i++)
            {
                if (rows[i][enter] <= Eps)
                    continue;
                var ratio = rows[i][columns] / rows[i][enter];
                if (leave < 0 || ratio < best - Eps || ratio <= best + Eps && basis[i] < basis[leave])
                {
                    leave = i;
                    best = ratio;
                }
            }
            if (leave < 0)
                return null;
            Pivot(rows, objective, leave, enter, columns);
            basis[leave] = enter;
        }
    }

    static void Pivot(double[][] rows, double[]? objective, int pivotRow, int pivotColumn, int columns)
    {
        var p = rows[pivotRow];
        var inverse = 1 / p[pivotColumn];
        for (var j = 0; j <= columns; j++)
            p[j] *= inverse;
        p[pivotColumn] = 1;
        for (var i = 0; i < rows.Length; i++)
            if (i != pivotRow)
                Eliminate(rows[i], p, pivotColumn, columns);
        if (objective is not null)
            Eliminate(objective, p, pivotColumn, columns);
    }

    static void Eliminate(double[] row, double[] pivot, int pivotColumn, int columns)
    {
        var factor = row[pivotColumn];
        if (factor == 0)
            return;
        for (var j = 0; j <= columns; j++)
            row[j] -= factor * pivot[j];
        row[pivotColumn] = 0;
    }

    static double[][] Copy(List<double[]> rows) => [.. rows.Select(r => (double[])r.Clone())];
}
