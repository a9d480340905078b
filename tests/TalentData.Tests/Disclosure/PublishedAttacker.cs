using System.Globalization;
using Google.OrTools.LinearSolver;
using TalentData.Project;
using TalentData.Disclosure;
using TalentData.Publishing;

namespace TalentData.Tests.Disclosure;

/// <summary>
/// The strongest honest attacker of docs/disclosure-control.md, built only from what is published and what anyone
/// knows about the structure — never from the engine's cubes or lines. Inputs: the published CSV files of one release
/// (all datasets at once), their dataset definitions (column roles, derived indicators, forced cells, decimals), and
/// the area hierarchy (statistischer Bezirk → Stadtbezirk → city, as marts.areas and sql/reference publish it).
///
/// Per year, the unknowns are the atomic cells of every person-count dataset: its finest published area × every
/// category of every dimension (categories as the CSV lists them), each ≥ 0. Every published count fixes the sum of
/// its atomic cells; every "." gives "sum ≥ 1" (zeros are published as 0). A forced cell of a source that rounds its
/// own figures independently (NRW school statistics, to multiples of 5) fixes the sum only within ±2. Every published
/// derived value (talentindikatoren: shares, rates, densities per 100, and totals) gives the two inequalities of its
/// rounding interval, (v − h)·den ≤ 100·num ≤ (v + h)·den, h half a unit of the last published decimal; numerator and
/// denominator are sums of atomic cells, possibly of two datasets. Min and max of a primary cell come from GLOP and are
/// rounded inward, as the attacker knows the cells are integers.
/// </summary>
internal sealed class PublishedAttacker
{
    /// <summary>Larger than any count; a max at this bound means "unbounded".</summary>
    const double Unbounded = 1e8;

    /// <summary>Datasets whose source rounds each official cell on its own (NRW school statistics since 2019/20).</summary>
    public static readonly IReadOnlySet<string> RoundedOfficialFigures = new HashSet<string> { "schulabgaenge-abschluss-stadtbezirke" };

    public sealed record Primary(string Dataset, string Year, string Row, long Truth, long Min, long? Max)
    {
        public bool IsProtected(int k) => Max is null || Max >= k && Max - Min >= k;
        public override string ToString() => $"{Dataset} {Year} {Row} = {Truth}: attacker range [{Min}, {(Max is null ? "∞" : Max)}]";
    }

    sealed record Constraint(Dictionary<int, double> Terms, double Lo, double Hi, string Source);

    sealed class CountDataset
    {
        public required DatasetDefinition Definition { get; init; }
        public required IReadOnlyList<string> Header { get; init; }
        public required List<string[]> Rows { get; init; }
        public required string[] Dimensions { get; init; }
        public required string[] Totals { get; init; }
        public required string[][] Categories { get; init; }
        public required HashSet<string> AtomicAreas { get; init; }
        public required Func<string[], string> AreaOf { get; init; }
        /// <summary>The area of the dataset's geo total (the city): values for areas not at or below it (NRW, Germany) are other sources'.</summary>
        public required string Root { get; init; }
        public int Column(string name) => Header.ToList().IndexOf(name);
    }

    readonly Dictionary<string, (string Level, string Code, string? Parent)> areas;
    readonly Dictionary<string, CountDataset> counts = new(StringComparer.Ordinal);
    readonly List<(DatasetDefinition Definition, IReadOnlyList<string> Header, List<string[]> Rows)> derived = [];

    /// <param name="files">Per dataset its definition and its published data.csv.</param>
    /// <param name="areaRows">The area hierarchy: level, code, parent level, parent code.</param>
    public PublishedAttacker(IEnumerable<(DatasetDefinition Definition, byte[] Csv)> files,
        IEnumerable<(string Level, string Code, string? ParentLevel, string? ParentCode)> areaRows)
    {
        areas = areaRows.ToDictionary(a => $"{a.Level}:{a.Code}",
            a => (a.Level, a.Code, a.ParentLevel is null || a.ParentCode is null ? null : $"{a.ParentLevel}:{a.ParentCode}"), StringComparer.Ordinal);
        foreach (var (definition, csv) in files)
        {
            var (header, rows) = CsvExtractWriter.Parse(csv);
            if (definition.Derived.Count > 0)
                derived.Add((definition, header, rows));
            else if (definition.Disclosure == "person_counts")
                counts[definition.Dataset] = Load(definition, header, rows);
        }
    }

    CountDataset Load(DatasetDefinition d, IReadOnlyList<string> header, List<string[]> rows)
    {
        var h = header.ToList();
        var geo = d.ColumnWithRole("geo")!;
        int code = h.IndexOf(geo.Name), level = geo.LevelColumn is { } lc ? h.IndexOf(lc) : -1;
        var root = areas.Keys.Single(k => areas[k].Code == geo.Total && areas[k].Level == "stadt");
        string AreaOf(string[] row) =>
            level >= 0 ? $"{row[level]}:{row[code]}" : row[code] == geo.Total ? root : $"{geo.Level}:{row[code]}";
        var dims = d.Columns.Where(c => c.Role == "dimension").ToArray();
        var published = rows.Select(AreaOf).ToHashSet(StringComparer.Ordinal);
        // The finest areas: published areas below which nothing else is published.
        var notAtomic = published.SelectMany(Ancestors).ToHashSet(StringComparer.Ordinal);
        return new CountDataset
        {
            Definition = d,
            Header = header,
            Rows = rows,
            Dimensions = [.. dims.Select(c => c.Name)],
            Totals = [.. dims.Select(c => c.Total!)],
            Categories = [.. dims.Select(c => rows.Select(r => r[h.IndexOf(c.Name)]).Where(v => v != c.Total).Distinct().Order(StringComparer.Ordinal).ToArray())],
            AtomicAreas = [.. published.Where(a => !notAtomic.Contains(a))],
            AreaOf = AreaOf,
            Root = root,
        };
    }

    IEnumerable<string> Ancestors(string area)
    {
        for (var a = areas.TryGetValue(area, out var x) ? x.Parent : null; a is not null; a = areas.TryGetValue(a, out var y) ? y.Parent : null)
            yield return a;
    }

    /// <summary>The atomic areas of a dataset at or below an area (none for an area outside the city, e.g. NRW).</summary>
    IEnumerable<string> Leaves(CountDataset data, string area) =>
        area != data.Root && !Ancestors(area).Contains(data.Root)
            ? []
            : data.AtomicAreas.Where(a => a == area || Ancestors(a).Contains(area)).Order(StringComparer.Ordinal);

    /// <summary>The atomic cells (as variable keys) a selection sums: every leaf area × the chosen categories.</summary>
    List<string> Atomic(CountDataset data, string year, string area, IReadOnlyList<string[]> chosen)
    {
        IEnumerable<string> combos = [""];
        foreach (var options in chosen)
            combos = [.. combos.SelectMany(prefix => options.Select(o => prefix + "|" + o))];
        var list = combos.ToList();
        return [.. Leaves(data, area).SelectMany(a => list.Select(c => $"{data.Definition.Dataset}|{year}|{a}{c}"))];
    }

    static bool IsForced(CountDataset data, string[] row) =>
        data.Definition.Forced.Any(pattern => pattern.All(p => p.Value.Contains(row[data.Column(p.Key)])));

    /// <summary>
    /// Every primary cell of every count dataset with its attacker range. <paramref name="isPrimary"/> gets the dataset,
    /// the published row and says (from the warehouse's truth) whether the cell is primary and its true value.
    /// </summary>
    /// <param name="atomicTruth">
    /// Optional self-check: the true value of an atomic cell ("dataset|year|level:code|category|…", categories in the
    /// order of the dimension columns); every constraint must hold at the truth, else the model is wrong, not the data.
    /// </param>
    public List<Primary> Attack(Func<string, IReadOnlyList<string>, string[], (bool Primary, long Truth)> isPrimary,
        Func<string, long?>? atomicTruth = null)
    {
        this.atomicTruth = atomicTruth;
        var years = counts.Values.SelectMany(c => c.Rows.Select(r => r[c.Column(c.Definition.ColumnWithRole("time")!.Name)]))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        var result = new List<Primary>();
        foreach (var year in years)
            result.AddRange(AttackYear(year, isPrimary));
        return result;
    }

    Func<string, long?>? atomicTruth;

    /// <summary>The constraints the truth violates (with the cells' keys), for the self-check.</summary>
    public List<string> Violations { get; } = [];

    List<Primary> AttackYear(string year, Func<string, IReadOnlyList<string>, string[], (bool Primary, long Truth)> isPrimary)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        int Var(string key) => index.TryGetValue(key, out var i) ? i : index[key] = index.Count;
        var constraints = new List<Constraint>();
        var targets = new List<(string Dataset, string Row, long Truth, Dictionary<int, double> Terms)>();

        foreach (var data in counts.Values.OrderBy(c => c.Definition.Dataset, StringComparer.Ordinal))
        {
            var d = data.Definition;
            int time = data.Column(d.ColumnWithRole("time")!.Name), measure = data.Column(d.Measure.Name), status = data.Column(d.Status.Name);
            var dimColumns = data.Dimensions.Select(data.Column).ToArray();
            foreach (var row in data.Rows.Where(r => r[time] == year))
            {
                var chosen = dimColumns.Select((c, i) => row[c] == data.Totals[i] ? data.Categories[i] : new[] { row[c] }).ToList();
                var terms = Atomic(data, year, data.AreaOf(row), chosen).ToDictionary(Var, _ => 1.0);
                var describe = string.Join(", ", data.Header.Select((h, i) => (h, i)).Where(x => x.i != measure && x.i != status).Select(x => row[x.i]));
                if (row[measure].Length > 0)
                {
                    var v = double.Parse(row[measure], CultureInfo.InvariantCulture);
                    // An official figure of a table rounded cell by cell need not be the sum of the city's cells below it:
                    // the attacker knows it only within the reconciliation tolerance (5; 10 for men, the official total
                    // less the official women).
                    var slack = IsForced(data, row) && RoundedOfficialFigures.Contains(d.Dataset)
                        ? data.Header.Contains("geschlecht") && row[data.Column("geschlecht")] == "männlich" ? 10 : 5
                        : 0;
                    constraints.Add(new Constraint(terms, v - slack, v + slack, $"{d.Dataset} {describe}"));
                }
                else if (row[status] == ".")
                    // Zeros are published as 0, so a "." is at least 1.
                    constraints.Add(new Constraint(terms, 1, double.PositiveInfinity, $"{d.Dataset} {describe} (.)"));
                var (primary, truth) = isPrimary(d.Dataset, data.Header, row);
                if (primary)
                    targets.Add((d.Dataset, row[measure].Length > 0 ? describe + " (published with its value!)" : describe, truth, terms));
            }
        }

        foreach (var (d, header, rows) in derived)
        {
            var h = header.ToList();
            var geo = d.ColumnWithRole("geo")!;
            int metric = h.IndexOf(d.ColumnWithRole("metric")!.Name), time = h.IndexOf(d.ColumnWithRole("time")!.Name),
                code = h.IndexOf(geo.Name), level = h.IndexOf(geo.LevelColumn!), measure = h.IndexOf(d.Measure.Name);
            var byIndicator = d.Derived.ToDictionary(x => x.Indicator);
            foreach (var row in rows.Where(r => r[time] == year && r[measure].Length > 0))
            {
                if (!byIndicator.TryGetValue(row[metric], out var indicator))
                    continue; // as_published: the source's own figures, none of our counts
                var area = $"{row[level]}:{row[code]}";
                Dictionary<int, double>? Sum(CellSelection? s)
                {
                    if (s is null)
                        return null;
                    var data = counts[s.Dataset];
                    var chosen = data.Dimensions.Select((dim, i) => s.Select.TryGetValue(dim, out var c) ? c.ToArray() : data.Categories[i]).ToList();
                    var atoms = Atomic(data, year, area, chosen);
                    return atoms.Count == 0 ? null : atoms.ToDictionary(Var, _ => 1.0);
                }
                // The city's indicators of an official, cell-rounded table are ratios of its official figures, which the
                // attacker already has (with their tolerance) from the forced cells of the count dataset.
                if (indicator.Numerator is { } n && RoundedOfficialFigures.Contains(n.Dataset) && area == counts[n.Dataset].Root)
                    continue;
                var numerator = Sum(indicator.Numerator);
                if (numerator is null)
                    continue; // an area outside the city (NRW, Germany)
                var v = double.Parse(row[measure], CultureInfo.InvariantCulture);
                var decimals = d.ColumnWithRole("metric")!.Categories?[row[metric]].Decimals ?? 0;
                var half = 0.5 * Math.Pow(10, -decimals);
                var name = $"{d.Dataset} {row[metric]} {area} {year} = {row[measure]}";
                if (Sum(indicator.Denominator) is not { } denominator)
                {
                    constraints.Add(new Constraint(numerator, v - half, v + half, name));
                    continue;
                }
                // (v − h)·den ≤ 100·num ≤ (v + h)·den, as two rows: 100·num − (v + h)·den ≤ 0 and 100·num − (v − h)·den ≥ 0.
                Dictionary<int, double> Combine(double denominatorFactor)
                {
                    var terms = numerator.ToDictionary(t => t.Key, t => 100 * t.Value);
                    foreach (var (var, coefficient) in denominator)
                        terms[var] = terms.GetValueOrDefault(var) - denominatorFactor * coefficient;
                    return terms;
                }
                constraints.Add(new Constraint(Combine(v + half), double.NegativeInfinity, 0, name + " (upper)"));
                constraints.Add(new Constraint(Combine(v - half), 0, double.PositiveInfinity, name + " (lower)"));
            }
        }
        if (atomicTruth is not null)
        {
            var keys = index.OrderBy(p => p.Value).Select(p => p.Key).ToArray();
            foreach (var c in constraints)
            {
                var value = c.Terms.Sum(t => t.Value * (atomicTruth(keys[t.Key]) ?? 0));
                if (value < c.Lo - 1e-6 || value > c.Hi + 1e-6)
                    Violations.Add($"{c.Source}: {value} not in [{c.Lo}, {c.Hi}]");
            }
        }
        return Solve(year, index.Count, constraints, targets);
    }

    /// <summary>
    /// Fixes every cell a published count pins (one unknown left in an equation), then solves min and max of each
    /// target over the constraints connected to it.
    /// </summary>
    List<Primary> Solve(string year, int variables, List<Constraint> constraints,
        List<(string Dataset, string Row, long Truth, Dictionary<int, double> Terms)> targets)
    {
        var fixedValue = new double?[variables];
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var c in constraints.Where(c => c.Lo == c.Hi))
            {
                var unfixed = c.Terms.Where(t => fixedValue[t.Key] is null).ToList();
                if (unfixed.Count != 1)
                    continue;
                var rest = c.Terms.Where(t => fixedValue[t.Key] is not null).Sum(t => t.Value * fixedValue[t.Key]!.Value);
                fixedValue[unfixed[0].Key] = (c.Lo - rest) / unfixed[0].Value;
                changed = true;
            }
        }
        // Components of the unfixed unknowns, linked by the constraints they share.
        var parent = Enumerable.Range(0, variables).ToArray();
        int Find(int x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
        var open = constraints.Select(c => c.Terms.Keys.Where(v => fixedValue[v] is null).ToList()).ToList();
        foreach (var vars in open)
            for (var i = 1; i < vars.Count; i++)
                parent[Find(vars[i])] = Find(vars[0]);
        var byComponent = new Dictionary<int, List<int>>();
        for (var i = 0; i < constraints.Count; i++)
            if (open[i].Count > 0)
            {
                var root = Find(open[i][0]);
                if (!byComponent.TryGetValue(root, out var list))
                    byComponent[root] = list = [];
                list.Add(i);
            }

        var result = new List<Primary>();
        foreach (var (dataset, row, truth, terms) in targets)
        {
            var openTerms = terms.Where(t => fixedValue[t.Key] is null).ToList();
            var constant = terms.Where(t => fixedValue[t.Key] is not null).Sum(t => t.Value * fixedValue[t.Key]!.Value);
            if (openTerms.Count == 0)
            {
                var exact = (long)Math.Round(constant);
                result.Add(new Primary(dataset, year, row, truth, exact, exact));
                continue;
            }
            var roots = openTerms.Select(t => Find(t.Key)).Distinct().ToList();
            var component = roots.SelectMany(r => byComponent.GetValueOrDefault(r) ?? []).Distinct().ToList();
            (double Value, Solver.ResultStatus Status) Bound(string solverId, bool integer, bool maximize)
            {
                using var solver = Solver.CreateSolver(solverId) ?? throw new InvalidOperationException($"{solverId} is not available");
                var x = new Dictionary<int, Variable>();
                Variable X(int v) => x.TryGetValue(v, out var var) ? var
                    : x[v] = integer ? solver.MakeIntVar(0, Unbounded, $"x{v}") : solver.MakeNumVar(0, Unbounded, $"x{v}");
                foreach (var i in component)
                {
                    var c = constraints[i];
                    var rest = c.Terms.Where(t => fixedValue[t.Key] is not null).Sum(t => t.Value * fixedValue[t.Key]!.Value);
                    var line = solver.MakeConstraint(double.IsNegativeInfinity(c.Lo) ? double.NegativeInfinity : c.Lo - rest,
                        double.IsPositiveInfinity(c.Hi) ? double.PositiveInfinity : c.Hi - rest, c.Source);
                    foreach (var (v, coefficient) in c.Terms.Where(t => fixedValue[t.Key] is null))
                        line.SetCoefficient(X(v), coefficient);
                }
                var objective = solver.Objective();
                foreach (var (v, coefficient) in openTerms)
                    objective.SetCoefficient(X(v), coefficient);
                if (maximize)
                    objective.SetMaximization();
                else
                    objective.SetMinimization();
                var status = solver.Solve();
                return (objective.Value() + constant, status);
            }
            // GLOP, and where it ends numerically ABNORMAL the integer program (SCIP), which an attacker may use too.
            (double Value, Solver.ResultStatus Status) Solved(bool maximize) =>
                Bound("GLOP", false, maximize) is { Status: Solver.ResultStatus.OPTIMAL } lp ? lp : Bound("SCIP", true, maximize);
            var (min, minStatus) = Solved(maximize: false);
            var (max, maxStatus) = Solved(maximize: true);
            if (minStatus != Solver.ResultStatus.OPTIMAL || maxStatus != Solver.ResultStatus.OPTIMAL)
            {
                Violations.Add($"{dataset} {year} {row}: the attacker's LP ended {minStatus}/{maxStatus}");
                continue;
            }
            // The attacker knows the cells are integers.
            result.Add(new Primary(dataset, year, row, truth, (long)Math.Ceiling(min - 1e-6),
                max >= Unbounded - 1 ? null : (long)Math.Floor(max + 1e-6)));
        }
        return result;
    }
}
