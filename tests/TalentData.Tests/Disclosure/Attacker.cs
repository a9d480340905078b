using Google.OrTools.LinearSolver;
using TalentData.Disclosure;

namespace TalentData.Tests.Disclosure;

/// <summary>
/// The attacker of docs/disclosure-control.md R5, written independently of the library: every suppressed cell is an
/// unknown ≥ 1 (zeros are published as 0, so "." means "not 0"; a cell no file shows at all is only ≥ 0), published
/// cells are fixed, every line of every table is an equation; GLOP gives the min and max of a primary cell. Also the independent R1, R3 and R4 checks the property test applies.
/// </summary>
internal static class Attacker
{
    /// <summary>Larger than any test value; a max at this bound means "unbounded".</summary>
    const double Unbounded = 1e7;

    public static bool IsPrimary(DisclosureCell cell, int k = 3) => cell.SourceSuppressed || cell.Value is > 0 && cell.Value < k;

    public static IReadOnlyList<DisclosureCell> Primaries(IEnumerable<TestTable> tables, int k = 3) =>
        [.. tables.SelectMany(t => t.Cells).DistinctBy(c => c.Id).Where(c => IsPrimary(c, k)).OrderBy(c => c.Id, StringComparer.Ordinal)];

    /// <summary>The attacker's integer range of <paramref name="target"/>; Max is null when unbounded.</summary>
    public static (long Min, long? Max) Range(IReadOnlyList<TestTable> tables, IReadOnlySet<string> suppressed, string target,
        IReadOnlySet<string>? unpublished = null)
    {
        var cells = tables.SelectMany(t => t.Cells).DistinctBy(c => c.Id).ToDictionary(c => c.Id);
        if (!suppressed.Contains(target))
            return (cells[target].Value!.Value, cells[target].Value!.Value);
        using var solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("GLOP is not available");
        var variables = new Dictionary<string, Variable>();
        // A "." is at least 1; a cell no file shows (or a zero, which is never suppressed) only at least 0.
        double Lower(string id) => unpublished?.Contains(id) == true || cells[id].Value == 0 ? 0 : 1;
        Variable Var(string id) => variables.TryGetValue(id, out var v) ? v : variables[id] = solver.MakeNumVar(Lower(id), Unbounded, id);
        foreach (var line in tables.SelectMany(t => t.Lines))
        {
            var rhs = 0.0;
            var unknowns = new List<(string Id, double Sign)>();
            foreach (var id in line.Cells)
            {
                var sign = id == line.Total ? -1.0 : 1.0;
                if (suppressed.Contains(id))
                    unknowns.Add((id, sign));
                else
                    rhs -= sign * cells[id].Value!.Value;
            }
            if (unknowns.Count == 0)
                continue;
            var constraint = solver.MakeConstraint(rhs, rhs);
            foreach (var (id, sign) in unknowns)
                constraint.SetCoefficient(Var(id), sign);
        }
        var x = Var(target);
        // The attacker knows the unknowns are integers.
        var min = (long)Math.Ceiling(Solve(solver, x, maximize: false) - 1e-6);
        var max = Solve(solver, x, maximize: true);
        return (min, max >= Unbounded - 1 ? null : (long)Math.Floor(max + 1e-6));
    }

    static double Solve(Solver solver, Variable x, bool maximize)
    {
        var objective = solver.Objective();
        objective.Clear();
        objective.SetCoefficient(x, 1);
        if (maximize)
            objective.SetMaximization();
        else
            objective.SetMinimization();
        var status = solver.Solve();
        if (status != Solver.ResultStatus.OPTIMAL)
            throw new InvalidOperationException($"the attacker LP ended {status}");
        return x.SolutionValue();
    }

    /// <summary>
    /// R3 after protection: no line hides exactly one cell while a non-zero cell of it is published (that cell would
    /// be computable: wasted if secondary, disclosed if primary). Primaries hidden only among themselves are judged
    /// by R5 (<see cref="Range"/>), as the engine's clean-up does.
    /// </summary>
    public static IEnumerable<string> LineRuleViolations(TestTable table, IReadOnlySet<string> suppressed, int k = 3)
    {
        var cells = table.Cells.ToDictionary(c => c.Id);
        foreach (var line in table.Lines)
        {
            var hidden = line.Cells.Where(suppressed.Contains).ToList();
            if (hidden.Count != 1)
                continue;
            if (line.Cells.Any(id => !suppressed.Contains(id) && cells[id].Value != 0))
                yield return $"{table.Name} {line.Label}";
        }
    }

    /// <summary>R4 after protection: a suppressed cell whose row and column are no longer connected without it.</summary>
    public static IEnumerable<string> Bridges(TestTable table, IReadOnlySet<string> suppressed)
    {
        if (!table.TwoWay)
            yield break;
        var edges = table.Positions.Where(p => suppressed.Contains(p.Cell.Id)).ToList();
        foreach (var edge in edges)
        {
            var others = edges.Where(e => e.Cell.Id != edge.Cell.Id).ToList();
            var reachedRows = new HashSet<string> { edge.Row };
            var reachedColumns = new HashSet<string>();
            bool grew;
            do
            {
                grew = false;
                foreach (var e in others)
                    if (reachedRows.Contains(e.Row) != reachedColumns.Contains(e.Column))
                        grew |= reachedRows.Add(e.Row) | reachedColumns.Add(e.Column);
            } while (grew);
            if (!reachedColumns.Contains(edge.Column))
                yield return edge.Cell.Id;
        }
    }
}
