using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using TalentData.Project;

namespace TalentData.Disclosure;

/// <summary>A count of a cube: the engine's cell and whether a file shows it. Unpublished cells only stand in lines as unknowns.</summary>
public sealed record CubeCell(DisclosureCell Cell, bool Published)
{
    public string Id => Cell.Id;
    public long? Value => Cell.Value;
    public bool SourceSuppressed => Cell.SourceSuppressed;
    public bool Forced => Cell.Forced;
    public bool IsPrimary(int threshold) => Cell.IsPrimary(threshold);
}

/// <summary>One line equation the attacker knows: the parts add up to the total.</summary>
public sealed record CubeLine(string Name, string Total, IReadOnlyList<string> Parts);

/// <summary>A person-count dataset in one year, with the cells indicators reveal, the lines between them and the result.</summary>
public sealed record ProtectedCube(string Dataset, string Year, IReadOnlyDictionary<string, CubeCell> Cells,
    IReadOnlyList<CubeLine> Lines, IReadOnlySet<string> Suppressed);

/// <summary>The cube cells a published row shows: its own count, or the numerator and denominator an indicator reveals.</summary>
public sealed record RowCells(int Row, string? Cell, string? Numerator, string? Denominator);

/// <summary>
/// What disclosure control cost one dataset, for the operator's run log only (never published: the split into
/// primary and secondary and the total value would help an attacker, R8). Suppressed and Secondary count the
/// dataset's own rows; Revealed* count the cells of this dataset that only indicators show and that were suppressed.
/// </summary>
public sealed record SuppressionCounts(int Suppressed, int Secondary, long SecondaryValue, int RevealedSecondary, long RevealedSecondaryValue)
{
    public override string ToString() =>
        $"disclosure control: {Suppressed} cells suppressed, {Secondary} of them secondary (total value {SecondaryValue})" +
        (RevealedSecondary > 0 ? $"; {RevealedSecondary} further secondary cells shown only by indicators (total value {RevealedSecondaryValue})" : "");
}

public sealed record DisclosureResult(
    IReadOnlyDictionary<string, string> Withheld,
    IReadOnlyList<ProtectedCube> Cubes,
    IReadOnlyDictionary<string, IReadOnlyList<RowCells>> RowCells,
    int Threshold = Suppressor.DefaultThreshold)
{
    /// <summary>The cost of secondary suppression per protected person-count dataset (operator log, not public).</summary>
    public IReadOnlyDictionary<string, SuppressionCounts> Counts()
    {
        var result = new SortedDictionary<string, SuppressionCounts>(StringComparer.Ordinal);
        foreach (var group in Cubes.GroupBy(c => c.Dataset))
        {
            // Which of the suppressed cells are rows of the dataset (the others are counts only its indicators reveal):
            // the rows are looked up among the suppressed cells, not the other way round, so no set of every row is built.
            var suppressedIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var cube in group)
                suppressedIds.UnionWith(cube.Suppressed);
            var rows = new HashSet<string>(StringComparer.Ordinal);
            if (RowCells.TryGetValue(group.Key, out var r))
                foreach (var row in r)
                    if (row.Cell is { } cellId && suppressedIds.Contains(cellId))
                        rows.Add(cellId);
            int suppressed = 0, secondary = 0, revealed = 0;
            long value = 0, revealedValue = 0;
            foreach (var cube in group)
                foreach (var id in cube.Suppressed)
                {
                    var cell = cube.Cells[id];
                    var isRow = rows.Contains(id);
                    if (isRow)
                        suppressed++;
                    if (cell.IsPrimary(Threshold))
                        continue;
                    if (isRow)
                    {
                        secondary++;
                        value += cell.Value ?? 0;
                    }
                    else
                    {
                        revealed++;
                        revealedValue += cell.Value ?? 0;
                    }
                }
            result[group.Key] = new SuppressionCounts(suppressed, secondary, value, revealed, revealedValue);
        }
        return result;
    }
}

/// <summary>
/// Rules R0–R8 of publishing.md §5.4 over one publication. Every person-count dataset is a cube (year × area ×
/// dimensions, with its totals and the area hierarchy of marts.areas); the indicators of a derived dataset reveal
/// further cells of those cubes (a share reveals its numerator and denominator). Every published aggregate gives the
/// lines that express it through published cells, so the attacker's equations are complete, and all lines of a cube
/// and year are protected together (R7) by <see cref="Suppressor"/>. Years share no line, so each is protected on its
/// own and a revision of one year never changes the pattern of another. The tables are changed in place.
/// </summary>
public static class DisclosureControl
{
    /// <summary>
    /// Cube-years already protected in this process, by the fingerprint of everything their protection depends on
    /// (<see cref="Cube.InputsOf"/>). A long-lived process (the web host's scheduled runs, the test suite) that
    /// publishes unchanged data again skips building the lines and tables, not only the solving; a year whose cells
    /// changed gets another fingerprint and is protected afresh. Bounded by the cells held, not the entries: a
    /// city-scale cube-year holds thousands.
    /// </summary>
    static readonly ConcurrentDictionary<string, ProtectedCube> Protected = new(StringComparer.Ordinal);
    static int protectedCells;
    const int ProtectedCellBudget = 500_000;

    /// <summary>Forgets every remembered cube-year (for tests that measure a protection from scratch).</summary>
    internal static void ForgetProtectedCubes()
    {
        lock (Protected)
        {
            Protected.Clear();
            protectedCells = 0;
        }
    }

    static void Remember(string inputs, ProtectedCube result)
    {
        lock (Protected)
        {
            if (protectedCells + result.Cells.Count > ProtectedCellBudget)
                ForgetProtectedCubes();
            if (Protected.TryAdd(inputs, result))
                protectedCells += result.Cells.Count;
        }
    }

    /// <summary>
    /// Protects the tables in place. <paramref name="city"/> is the city's key (AGS): indicators of areas outside it
    /// are the statistical offices' own publications and reveal none of the city's cells.
    /// </summary>
    public static DisclosureResult Apply(IEnumerable<PublishedRows> protectedTables, AreaHierarchy areas, int threshold, string city)
    {
        var tables = protectedTables.ToDictionary(t => t.Dataset.Dataset, StringComparer.Ordinal);
        var withheld = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var cubes = new SortedDictionary<string, Cube>(StringComparer.Ordinal);
        var rowCells = new SortedDictionary<string, IReadOnlyList<RowCells>>(StringComparer.Ordinal);

        // Each cube is built from its own table only, so on all cores; failures are taken in table order afterwards.
        var personCounts = tables.Values.Where(t => t.Dataset.Disclosure == DisclosureKind.PersonCounts && t.Dataset.Derived.Count == 0).ToArray();
        var built = new (Cube? Cube, ExceptionDispatchInfo? Failure)[personCounts.Length];
        var inOrder = new int[personCounts.Length];
        for (var i = 0; i < inOrder.Length; i++)
            inOrder[i] = i;
        OnFreeThreads(inOrder, i =>
        {
            try
            {
                built[i] = (new Cube(personCounts[i], areas), null);
            }
            catch (Exception ex)
            {
                built[i] = (null, ExceptionDispatchInfo.Capture(ex));
            }
        });
        for (var i = 0; i < personCounts.Length; i++)
            if (built[i].Cube is { } cube)
                cubes[personCounts[i].Dataset.Dataset] = cube;
            else if (built[i].Failure!.SourceException is PipelineException ex)
                withheld[personCounts[i].Dataset.Dataset] = $"disclosure control: {ex.Message}";
            else
                built[i].Failure!.Throw();

        var derivedRows = new Dictionary<string, List<RowCells>>();
        foreach (var table in tables.Values.Where(t => t.Dataset.Derived.Count > 0).OrderBy(t => t.Dataset.Dataset, StringComparer.Ordinal))
        {
            var needs = table.Dataset.Derived.SelectMany(d => new[] { d.Numerator?.Dataset, d.Denominator?.Dataset }).OfType<string>().Distinct().Order(StringComparer.Ordinal);
            if (needs.FirstOrDefault(n => !cubes.ContainsKey(n)) is { } missing)
            {
                withheld[table.Dataset.Dataset] = withheld.TryGetValue(missing, out var why)
                    ? $"disclosure control: its indicators reveal counts of {missing}, which cannot be protected: {why}"
                    : $"disclosure control: its indicators reveal counts of {missing}, whose mart could not be read in this run";
                continue;
            }
            try
            {
                derivedRows[table.Dataset.Dataset] = RegisterDerived(table, cubes, areas, city);
            }
            catch (PipelineException ex)
            {
                withheld[table.Dataset.Dataset] = $"disclosure control: {ex.Message}";
            }
        }

        var protectedCubes = new List<ProtectedCube>();
        var suppressedByCube = new Dictionary<string, HashSet<string>>();
        var cubeYears = ProtectAll(cubes, threshold);
        foreach (var (slug, cube) in cubes)
        {
            var suppressed = new HashSet<string>(StringComparer.Ordinal);
            // The first year that failed, in year order, decides the message, as when the years are protected one by one.
            var years = cubeYears[slug];
            if (years.FirstOrDefault(y => y.Failure is not null)?.Failure is { } failure)
            {
                withheld[slug] = failure switch
                {
                    PipelineException ex => ex.Message, // the engine's message says what failed and what to change
                    ArgumentException ex => $"disclosure control: {ex.Message}",
                    _ => throw new InvalidOperationException("unreachable: only these two failures are kept"),
                };
                continue;
            }
            foreach (var (result, _) in years)
            {
                protectedCubes.Add(result!);
                suppressed.UnionWith(result!.Suppressed);
            }
            suppressedByCube[slug] = suppressed;
            var cells = new List<RowCells>();
            for (var r = 0; r < cube.Table.Rows.Count; r++)
            {
                var id = cube.CellOfRow(r);
                cells.Add(new RowCells(r, id, null, null));
                if (suppressed.Contains(id))
                    cube.Table.Suppress(r);
            }
            rowCells[slug] = cells;
        }

        foreach (var (slug, rows) in derivedRows)
        {
            var table = tables[slug];
            var failed = table.Dataset.Derived.SelectMany(d => new[] { d.Numerator?.Dataset, d.Denominator?.Dataset })
                .OfType<string>().FirstOrDefault(withheld.ContainsKey);
            if (failed is not null)
            {
                withheld[slug] = $"disclosure control: its indicators reveal counts of {failed}, which cannot be protected: {withheld[failed]}";
                continue;
            }
            // Per row without LINQ: an indicator dataset has a row per district, year and indicator, each with up to
            // two inputs.
            bool Suppressed(string? id) => id is not null && suppressedByCube[CubeOf(id)].Contains(id);
            foreach (var row in rows)
            {
                long? denominator = row.Denominator is { } d ? cubes[CubeOf(d)].ValueOf(d) : null;
                var status = DerivedValues.Status(Suppressed(row.Numerator) || Suppressed(row.Denominator), denominator);
                if (status == StatusSymbol.Secret)
                    table.Suppress(row.Row);
                else if (status == StatusSymbol.NotReliable && table.Rows[row.Row][table.StatusIndex] is "" or StatusSymbol.Provisional or StatusSymbol.Revised)
                    table.MarkUnreliable(row.Row);
            }
            rowCells[slug] = rows;
        }
        return new DisclosureResult(withheld, protectedCubes, rowCells, threshold);
    }

    static string CubeOf(string cellId) => cellId[..cellId.IndexOf('|')];

    static Task? warmUp;

    /// <summary>
    /// Starts <see cref="WarmUp"/> on a thread of the pool, once per process; later calls return the same task. The
    /// first protection in a process spends about a third of its time compiling the engine (measured on the sample:
    /// 0.46 s first, 0.32 s with the code compiled), and the marts are read on one core before it can start:
    /// <see cref="Publishing.Publication.Prepare"/> starts this first, so that the compiling happens on the other core
    /// while the marts are read.
    /// </summary>
    public static Task WarmUpInBackground()
    {
        lock (WarmUpLock)
            return warmUp ??= Task.Run(WarmUp);
    }

    static readonly object WarmUpLock = new();

    /// <summary>
    /// Protects a small made-up cube, test vector T1 of docs/disclosure-control.md (three Stadtbezirke by three
    /// school-leaving qualifications, with every total), through the same code as every cube-year — lines, tables,
    /// rules R3–R5 and the clean-up — and returns the cells it suppresses: (02, hsa), (02, ohne), (03, hsa) and
    /// (03, ohne). Nothing is remembered (<see cref="Cube.Protect"/> would): its only effect is the compiled code.
    /// </summary>
    internal static IReadOnlySet<string> WarmUp()
    {
        const string city = "0", total = "insgesamt", year = "2024";
        DatasetColumn Column(string name, string type, string role, string? totalCategory = null) =>
            new() { Name = name, Title = name, Type = type, Role = role, Total = totalCategory };
        var dataset = new DatasetDefinition
        {
            Dataset = "warm-up", Title = "T1", Description = "test vector T1", Theme = "alle", Disclosure = DisclosureKind.PersonCounts,
            PrimaryKey = ["jahr", "bezirk", "abschluss"],
            Columns = [Column("jahr", "year", ColumnRole.Time), Column("bezirk", "string", ColumnRole.Geo, city),
                Column("abschluss", "string", ColumnRole.Dimension, total), Column("anzahl", "integer", ColumnRole.Measure),
                Column("status", "string", ColumnRole.Status)],
        };
        string[] districts = ["01", "02", "03"], qualifications = ["hsa", "msa", "ohne"];
        long[,] interior = { { 40, 88, 12 }, { 35, 70, 2 }, { 28, 61, 9 } };
        var rows = new List<string[]>();
        var values = new decimal?[(districts.Length + 1) * (qualifications.Length + 1)];
        void Add(string area, string qualification, long value)
        {
            values[rows.Count] = value;
            rows.Add([year, area, qualification, value.ToString(System.Globalization.CultureInfo.InvariantCulture), ""]);
        }
        for (var d = 0; d <= districts.Length; d++)
        {
            long sum = 0;
            for (var q = 0; q < qualifications.Length; q++)
            {
                var value = 0L;
                for (var i = 0; i < districts.Length; i++)
                    if (d == districts.Length || d == i)
                        value += interior[i, q];
                Add(d < districts.Length ? districts[d] : city, qualifications[q], value);
                sum += value;
            }
            Add(d < districts.Length ? districts[d] : city, total, sum);
        }
        var areas = AreaHierarchy.Of([new Area("gemeinde", city, "Stadt", null, null),
            .. districts.Select(d => new Area("stadtbezirk", d, d, "gemeinde", city))]);
        return new Cube(new MadeUpRows(dataset, rows, values), areas).Compute(year, Suppressor.DefaultThreshold).Suppressed;
    }

    sealed class MadeUpRows(DatasetDefinition dataset, List<string[]> rows, decimal?[] values) : PublishedRows(dataset, rows, values);

    /// <summary>
    /// Runs <paramref name="body"/> for each item, in the order given, one item at a time to whichever thread is free
    /// (this one and one more per further core). Parallel.For hands out growing ranges of indices instead: on the sample
    /// one thread protected the largest year (46 ms) while the other had taken the next twenty-three (about 180 ms), so
    /// the stage waited for one core. Written out rather than Parallel.ForEach over a partitioner of ints: no generics
    /// over value types (<see cref="HotLoop"/>). <paramref name="body"/> catches what it expects itself.
    /// </summary>
    static void OnFreeThreads(int[] items, Action<int> body)
    {
        var next = -1;
        void TakeNext()
        {
            for (var k = Interlocked.Increment(ref next); k < items.Length; k = Interlocked.Increment(ref next))
                body(items[k]);
        }
        var helpers = new Task[Math.Max(0, Math.Min(Environment.ProcessorCount, items.Length) - 1)];
        for (var t = 0; t < helpers.Length; t++)
            helpers[t] = Task.Run(TakeNext);
        TakeNext();
        Task.WaitAll(helpers);
    }

    /// <summary>A cube-year's protected cells, or the failure that withholds its cube.</summary>
    sealed record YearResult(ProtectedCube? Result, Exception? Failure);

    /// <summary>One year of one cube, the unit protected on a thread.</summary>
    sealed record CubeYear(string Slug, Cube Cube, string Year);

    /// <summary>
    /// Every year of every cube, protected on all cores: cube-years share no line (each year is protected from its own
    /// cells only), so they are independent and their patterns do not depend on which finished first. The largest start
    /// first, so that the last to finish is a small one. Returns each cube's years in year order, each with its result
    /// or the failure (<see cref="PipelineException"/> or <see cref="ArgumentException"/>) that withholds the cube;
    /// any other exception is thrown as it would be one year after another.
    /// </summary>
    static Dictionary<string, List<YearResult>> ProtectAll(SortedDictionary<string, Cube> cubes, int threshold)
    {
        var work = new List<CubeYear>();
        foreach (var (slug, cube) in cubes)
            foreach (var year in cube.Years)
                work.Add(new CubeYear(slug, cube, year));
        var results = new YearResult?[work.Count];
        var unexpected = new ExceptionDispatchInfo?[work.Count];
        var cellsIn = new int[work.Count];
        var largestFirst = new int[work.Count];
        for (var i = 0; i < work.Count; i++)
            (cellsIn[i], largestFirst[i]) = (work[i].Cube.CellsIn(work[i].Year), i);
        Array.Sort(largestFirst, (a, b) => cellsIn[a] != cellsIn[b] ? cellsIn[b].CompareTo(cellsIn[a]) : a.CompareTo(b));
        OnFreeThreads(largestFirst, i =>
        {
            try
            {
                results[i] = new YearResult(work[i].Cube.Protect(work[i].Year, threshold), null);
            }
            catch (Exception ex) when (ex is PipelineException or ArgumentException)
            {
                results[i] = new YearResult(null, ex);
            }
            catch (Exception ex)
            {
                unexpected[i] = ExceptionDispatchInfo.Capture(ex);
            }
        });
        for (var i = 0; i < work.Count; i++)
        {
            // A year before it that failed as expected would have stopped its cube there.
            if (unexpected[i] is { } thrown && !Enumerable.Range(0, i).Any(j => work[j].Slug == work[i].Slug && results[j]?.Failure is not null))
                thrown.Throw();
        }
        var byCube = new Dictionary<string, List<YearResult>>(StringComparer.Ordinal);
        for (var i = 0; i < work.Count; i++)
        {
            if (!byCube.TryGetValue(work[i].Slug, out var list))
                byCube[work[i].Slug] = list = [];
            // A year whose unexpected failure comes after an expected one in its cube is never looked at.
            list.Add(results[i] ?? new YearResult(null, null));
        }
        return byCube;
    }

    /// <summary>The numerator and denominator cells every published indicator value reveals.</summary>
    static List<RowCells> RegisterDerived(PublishedRows table, IReadOnlyDictionary<string, Cube> cubes, AreaHierarchy areas, string cityKey)
    {
        var dataset = table.Dataset;
        var byIndicator = dataset.Derived.ToDictionary(d => d.Indicator);
        var asPublished = dataset.AsPublished.ToHashSet();
        int metric = table.IndexOf(dataset.ColumnWithRole(ColumnRole.Metric)!.Name),
            time = table.IndexOf(dataset.ColumnWithRole(ColumnRole.Time)!.Name);
        var areaKeys = areas.KeysOf(table);
        var city = areas.Resolve(cityKey, null, dataset.File);
        var result = new List<RowCells>();
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            var indicator = row[metric];
            if (asPublished.Contains(indicator))
                continue;
            if (!byIndicator.TryGetValue(indicator, out var derived))
                throw new PipelineException("", "publish",
                    $"{dataset.Mart} publishes indicator '{indicator}', which {dataset.File} lists neither under derived: (the counts it reveals) " +
                    "nor under as_published:. Every indicator needs a disclosure rule before it is published.");
            // Outside the city (NRW, Germany) the values are the statistical offices' own publications.
            if (row[table.MeasureIndex].Length == 0 || areas.DepthBelow(areaKeys[r], city) is null)
                continue;
            string? Cell(CellSelection? selection) =>
                selection is null ? null : cubes[selection.Dataset].Reveal(row[time], areaKeys[r], selection.Select, table, r);
            result.Add(new RowCells(r, null, Cell(derived.Numerator), Cell(derived.Denominator)));
        }
        return result;
    }

    /// <summary>One person-count dataset: its rows as cells, the cells revealed by indicators, and the lines of each year.</summary>
    sealed class Cube
    {
        readonly string slug;
        readonly AreaHierarchy areas;
        readonly int time;
        readonly int[] dims;
        readonly string[] dimNames, totals;
        readonly string[][] categories;
        readonly string root;
        readonly int atomicDepth;
        readonly string[] rowIds;
        readonly HashSet<string> years;
        readonly Dictionary<string, int> rowOf;
        /// <summary>The categories each indicator's selection picks (<see cref="Reveal"/>), by the selection's instance.</summary>
        readonly Dictionary<Dictionary<string, List<string>>, string[]> selected = new(ReferenceEqualityComparer.Instance);

        /// <summary>The coordinates of every row's cell and every revealed cell, so that ids are parsed never.</summary>
        readonly Dictionary<string, (string Year, string Area, string[] Cats)> coordinates;
        /// <summary>The rows and the revealed cells of each year: a year is protected from its own cells only.</summary>
        readonly Dictionary<string, List<int>> rowsOfYear = new(StringComparer.Ordinal);
        readonly Dictionary<string, List<string>> revealedOfYear = new(StringComparer.Ordinal);
        // Filled as the years ask, and the years are protected in parallel (ProtectAll).
        readonly ConcurrentDictionary<string, AreaInCube> areaInCube = new(StringComparer.Ordinal);
        readonly List<(int Axis, HashSet<string> Values)[]> forced = [];

        // HotLoop.Compile (here and on the other loops every cube-year runs): compiled optimised at the first call in a
        // build's output, precompiled in the ReadyToRun CLI.
        [MethodImpl(HotLoop.Compile)]
        public Cube(PublishedRows table, AreaHierarchy areas)
        {
            Table = table;
            var d = table.Dataset;
            slug = d.Dataset;
            // Sized once: a city-scale cube has hundreds of thousands of rows.
            rowOf = new(table.Rows.Count, StringComparer.Ordinal);
            coordinates = new(table.Rows.Count, StringComparer.Ordinal);
            this.areas = areas;
            if (areas.IsEmpty)
                throw new PipelineException("", "publish", "marts.areas is not available, so the area hierarchy of the totals is unknown.");
            var geoColumn = d.ColumnWithRole(ColumnRole.Geo) ?? throw new PipelineException("", "publish", $"{d.File}: a person-count dataset needs a geo column.");
            var timeColumn = d.ColumnWithRole(ColumnRole.Time) ?? throw new PipelineException("", "publish", $"{d.File}: a person-count dataset needs a time column.");
            root = areas.Resolve(geoColumn.Total!, null, d.File);
            var areaKeys = areas.KeysOf(table);
            time = table.IndexOf(timeColumn.Name);
            var dimColumns = d.Columns.Where(c => c.Role == ColumnRole.Dimension).ToArray();
            // Loops rather than Select: no generics over value types (HotLoop), here and below.
            dims = new int[dimColumns.Length];
            dimNames = new string[dimColumns.Length];
            totals = new string[dimColumns.Length];
            for (var i = 0; i < dimColumns.Length; i++)
                (dims[i], dimNames[i], totals[i]) = (table.IndexOf(dimColumns[i].Name), dimColumns[i].Name, dimColumns[i].Total!);
            categories = new string[dims.Length][];
            for (var i = 0; i < dims.Length; i++)
            {
                var distinct = new HashSet<string>(StringComparer.Ordinal);
                foreach (var row in table.Rows)
                    if (row[dims[i]] != totals[i])
                        distinct.Add(row[dims[i]]);
                categories[i] = [.. distinct];
                Array.Sort(categories[i], StringComparer.Ordinal);
            }
            categoryNumbers = new Dictionary<string, int>[dims.Length];
            radix = new long[dims.Length];
            for (var i = 0; i < dims.Length; i++)
            {
                categoryNumbers[i] = new Dictionary<string, int>(categories[i].Length, StringComparer.Ordinal);
                for (var n = 0; n < categories[i].Length; n++)
                    categoryNumbers[i].Add(categories[i][n], n);
                radix[i] = Math.Max(1, categories[i].Length);
            }

            rowIds = new string[table.Rows.Count];
            atomicDepth = 0;
            for (var r = 0; r < table.Rows.Count; r++)
            {
                var row = table.Rows[r];
                var depth = DepthOrNull(areaKeys[r])
                    ?? throw new PipelineException("", "publish", $"{d.Mart} ({table.Describe(r)}): area {areaKeys[r]} is not below {root} in marts.areas.");
                atomicDepth = Math.Max(atomicDepth, depth);
                var cats = new string[dims.Length];
                for (var i = 0; i < dims.Length; i++)
                    cats[i] = row[dims[i]];
                rowIds[r] = Id(row[time], areaKeys[r], cats);
                rowOf[rowIds[r]] = r;
                coordinates[rowIds[r]] = (row[time], areaKeys[r], cats);
                if (!rowsOfYear.TryGetValue(row[time], out var ofYear))
                    rowsOfYear[row[time]] = ofYear = [];
                ofYear.Add(r);
                if (row[table.StatusIndex] is not ("" or StatusSymbol.Secret or StatusSymbol.Provisional or StatusSymbol.Revised))
                    throw new PipelineException("", "publish", $"{d.Mart} ({table.Describe(r)}): status '{row[table.StatusIndex]}' on a count; counts are known, secret ('{StatusSymbol.Secret}'), provisional or revised.");
            }
            years = [.. rowsOfYear.Keys];
            foreach (var year in years)
                sumsOfYear[year] = new(StringComparer.Ordinal);
            IndexAtomicRows(areaKeys);
            var axisOf = new Dictionary<string, int> { [geoColumn.Name] = -1 };
            for (var i = 0; i < dimNames.Length; i++)
                axisOf[dimNames[i]] = i;
            foreach (var pattern in d.Forced)
                forced.Add([.. pattern.Select(p => axisOf.TryGetValue(p.Key, out var axis)
                    ? (axis, axis < 0
                        ? p.Value.Select(code => areas.Resolve(code, geoColumn.Level, $"{d.File}, forced")).ToHashSet(StringComparer.Ordinal)
                        : p.Value.ToHashSet(StringComparer.Ordinal))
                    : throw new PipelineException("", "config", $"{d.File}: forced names '{p.Key}'; only the geo and dimension columns identify a cell."))]);
        }

        public PublishedRows Table { get; }

        public IEnumerable<string> Years => years.Order(StringComparer.Ordinal);

        /// <summary>The rows and revealed cells of a year: what its protection costs, roughly.</summary>
        public int CellsIn(string year) => (rowsOfYear.GetValueOrDefault(year)?.Count ?? 0) + (revealedOfYear.GetValueOrDefault(year)?.Count ?? 0);

        public string CellOfRow(int row) => rowIds[row];

        string Id(string year, string area, string[] cats) => Id(year, area, cats, int.MinValue, null, int.MinValue, null);

        /// <summary>
        /// The id "dataset|year|area|category|…" of the cell at <paramref name="cats"/> with up to two coordinates
        /// replaced (axis -1 is the area), written once without intermediate strings: lines and tables name millions.
        /// </summary>
        string Id(string year, string area, string[] cats, int axis1, string? value1, int axis2, string? value2)
        {
            var length = IdLength(year, area, cats, axis1, value1, axis2, value2);
            Span<char> buffer = length <= 512 ? stackalloc char[length] : new char[length];
            WriteId(buffer, year, area, cats, axis1, value1, axis2, value2);
            return new string(buffer);
        }

        /// <summary>
        /// The published cell's id as <see cref="Id(string, string, string[], int, string?, int, string?)"/> writes it, the
        /// one instance the year's set holds, or null when the files do not show the cell; no string is made to ask.
        /// </summary>
        [MethodImpl(HotLoop.Compile)]
        static string? Published(Cube cube, HashSet<string>.AlternateLookup<ReadOnlySpan<char>> published, string year, string area, string[] cats,
            int axis1, string? value1, int axis2 = int.MinValue, string? value2 = null)
        {
            var length = cube.IdLength(year, area, cats, axis1, value1, axis2, value2);
            Span<char> buffer = length <= 512 ? stackalloc char[length] : new char[length];
            cube.WriteId(buffer, year, area, cats, axis1, value1, axis2, value2);
            return published.TryGetValue(buffer, out var id) ? id : null;
        }

        [MethodImpl(HotLoop.Compile)]
        int IdLength(string year, string area, string[] cats, int axis1, string? value1, int axis2, string? value2)
        {
            if (axis1 == -1)
                area = value1!;
            if (axis2 == -1)
                area = value2!;
            var length = slug.Length + year.Length + area.Length + 3 + Math.Max(0, cats.Length - 1);
            for (var i = 0; i < cats.Length; i++)
                length += (i == axis1 ? value1! : i == axis2 ? value2! : cats[i]).Length;
            return length;
        }

        [MethodImpl(HotLoop.Compile)]
        void WriteId(Span<char> buffer, string year, string area, string[] cats, int axis1, string? value1, int axis2, string? value2)
        {
            if (axis1 == -1)
                area = value1!;
            if (axis2 == -1)
                area = value2!;
            var at = 0;
            void Write(Span<char> to, string text)
            {
                text.CopyTo(to[at..]);
                at += text.Length;
            }
            Write(buffer, slug);
            buffer[at++] = '|';
            Write(buffer, year);
            buffer[at++] = '|';
            Write(buffer, area);
            buffer[at++] = '|';
            for (var i = 0; i < cats.Length; i++)
            {
                if (i > 0)
                    buffer[at++] = '|';
                Write(buffer, i == axis1 ? value1! : i == axis2 ? value2! : cats[i]);
            }
        }

        static string Subset(IEnumerable<string> members) => "{" + string.Join("+", members.Order(StringComparer.Ordinal)) + "}";

        static bool IsSubset(string category) => category.StartsWith('{');

        static IEnumerable<string> Members(string subset) => subset[1..^1].Split('+');

        /// <summary>
        /// Registers the cell that row <paramref name="whereRow"/> of <paramref name="where"/> reveals (its year, area
        /// and the categories <paramref name="select"/> picks) as published in that year; returns its id.
        /// </summary>
        public string Reveal(string year, string area, Dictionary<string, List<string>> select, PublishedRows where, int whereRow)
        {
            // The row is described only for a message: not one string or closure per revealed cell.
            string Where() => $"{where.Dataset.Mart} ({where.Describe(whereRow)})";
            if (!years.Contains(year))
                throw new PipelineException("", "publish", $"{Where()}: reveals a count of {slug} for {year}, a year {slug} does not have.");
            if (DepthOrNull(area) is not { } depth || depth > atomicDepth)
                throw new PipelineException("", "publish", $"{Where()}: reveals a count of {slug} for area '{area}', finer than {slug} publishes.");
            // A selection is an indicator's declaration, the same for all its rows: checked and resolved once.
            if (!selected.TryGetValue(select, out var cats))
            {
                cats = new string[dims.Length];
                for (var i = 0; i < dims.Length; i++)
                {
                    if (!select.TryGetValue(dimNames[i], out var chosen))
                    {
                        cats[i] = totals[i];
                        continue;
                    }
                    foreach (var category in chosen)
                        if (!categories[i].Contains(category))
                            throw new PipelineException("", "config", $"{Where()}: selects {dimNames[i]} '{category}', which {slug} does not have.");
                    cats[i] = chosen.Count == 1 ? chosen[0] : Subset(chosen.Distinct());
                }
                selected[select] = cats;
            }
            var id = Id(year, area, cats);
            // A row's own cell is published in its year already.
            if (coordinates.TryAdd(id, (year, area, cats)))
            {
                if (!revealedOfYear.TryGetValue(year, out var ofYear))
                    revealedOfYear[year] = ofYear = [];
                ofYear.Add(id);
            }
            return id;
        }

        /// <summary>
        /// The true value of any cell: the row's, else the sum of its atomic cells (null if one is unknown). A forced
        /// aggregate is an official figure, rounded cell by cell by its publisher, so it need not be the sum of the
        /// city's cells below it: the lines the attacker can check are those of the city's own data, and the official
        /// figure is published whatever the pattern; so its value in the lines is the sum of its atomic cells.
        /// </summary>
        public long? ValueOf(string id)
        {
            var (year, area, cats) = Parse(id);
            // Each year's sums are its own: the years are protected in parallel, one thread per year (ProtectAll).
            var sums = sumsOfYear[year];
            if (sums.TryGetValue(id, out var known))
                return known.Value;
            if (rowOf.TryGetValue(id, out var r) && !(IsForced(area, cats) && IsAggregate(area, cats)))
                return Count(r);
            var sum = AtomicSum(year, area, cats);
            sums[id] = new KnownSum(sum);
            return sum;
        }

        /// <summary>
        /// The sum of the rows among the atomic cells of a cell (null if one is unknown), the members enumerated as
        /// <see cref="Atomic"/> does but looked up by their numbers (<see cref="IndexAtomicRows"/>): an aggregate has
        /// thousands of members, and an indicator reveals hundreds of aggregates a year.
        /// </summary>
        [MethodImpl(HotLoop.Compile)]
        long? AtomicSum(string year, string area, string[] cats)
        {
            // Each dimension's members as category numbers; -1 for a member no row has (it adds nothing).
            var options = new int[cats.Length][];
            for (var i = 0; i < cats.Length; i++)
            {
                string[] members = cats[i] == totals[i] ? categories[i] : IsSubset(cats[i]) ? [.. Members(cats[i])] : [cats[i]];
                if (members.Length == 0)
                    return 0;
                options[i] = new int[members.Length];
                for (var m = 0; m < members.Length; m++)
                    options[i][m] = categoryNumbers[i].TryGetValue(members[m], out var number) ? number : -1;
            }
            var rows = atomicRowsOfYear[year];
            var choice = new int[cats.Length];
            long? sum = 0;
            foreach (var leaf in DescendantsAt(area, atomicDepth))
            {
                if (!leafNumbers.TryGetValue(leaf, out var leafNumber))
                    continue;
                Array.Clear(choice);
                while (true)
                {
                    var key = (long)leafNumber;
                    var known = true;
                    for (var i = 0; i < cats.Length; i++)
                    {
                        var category = options[i][choice[i]];
                        known &= category >= 0;
                        key = key * radix[i] + category;
                    }
                    if (known && rows.TryGetValue(key, out var row))
                        sum += Count(row);
                    // The next combination, the last dimension fastest.
                    var axis = cats.Length - 1;
                    while (axis >= 0 && ++choice[axis] == options[axis].Length)
                        choice[axis--] = 0;
                    if (axis < 0)
                        break;
                }
            }
            return sum;
        }

        /// <summary>The number of each leaf area that has a row at the atomic depth, and of each dimension's categories.</summary>
        readonly Dictionary<string, int> leafNumbers = new(StringComparer.Ordinal);
        readonly Dictionary<string, int>[] categoryNumbers;
        readonly long[] radix;

        /// <summary>
        /// The atomic rows of each year (leaf area, no total in any dimension) by one number: the leaf's number, then
        /// each category's, in mixed radix. <see cref="AtomicSum"/> adds up thousands of members per aggregate; by
        /// number, it builds no id and hashes no text for each.
        /// </summary>
        readonly Dictionary<string, Dictionary<long, int>> atomicRowsOfYear = new(StringComparer.Ordinal);

        void IndexAtomicRows(string[] areaKeys)
        {
            foreach (var (year, rows) in rowsOfYear)
            {
                var atomic = new Dictionary<long, int>();
                foreach (var r in rows)
                {
                    if (Depth(areaKeys[r]) != atomicDepth)
                        continue;
                    var (_, _, cats) = coordinates[rowIds[r]];
                    if (!leafNumbers.TryGetValue(areaKeys[r], out var leaf))
                        leafNumbers[areaKeys[r]] = leaf = leafNumbers.Count;
                    var key = (long)leaf;
                    var isAtomic = true;
                    for (var i = 0; i < cats.Length && isAtomic; i++)
                    {
                        isAtomic = categoryNumbers[i].TryGetValue(cats[i], out var category);
                        key = checked(key * radix[i] + category);
                    }
                    if (isAtomic)
                        atomic[key] = r;
                }
                atomicRowsOfYear[year] = atomic;
            }
        }

        readonly Dictionary<string, Dictionary<string, KnownSum>> sumsOfYear = new(StringComparer.Ordinal);

        /// <summary>A sum over atomic cells, null when one is unknown; a class: no generics over value types (<see cref="HotLoop"/>).</summary>
        sealed record KnownSum(long? Value);

        long? Count(int row) => Table.Values[row] is { } v ? (long)v : null;

        (string Year, string Area, string[] Cats) Parse(string id)
        {
            if (coordinates.TryGetValue(id, out var coordinate))
                return coordinate;
            var parts = id.Split('|');
            return (parts[1], parts[2], parts[3..]);
        }

        int Depth(string area) => DepthOrNull(area)!.Value;

        int? DepthOrNull(string area) => InCube(area).Depth;

        AreaInCube InCube(string area)
        {
            if (!areaInCube.TryGetValue(area, out var known))
                areaInCube[area] = known = new AreaInCube(areas.DepthBelow(area, root));
            return known;
        }

        /// <summary>
        /// An area's depth below the cube's root (null when it is not below it) and its descendants at each depth, as
        /// the years ask for them. A class, not a tuple key or a nullable value: no generics over value types
        /// (<see cref="HotLoop"/>). Two years may fill a slot at once; both write the same list.
        /// </summary>
        sealed class AreaInCube(int? depth)
        {
            public int? Depth { get; } = depth;
            public List<string>?[] DescendantsAt = [];
        }

        bool IsAggregate(string area, string[] cats)
        {
            if (Depth(area) < atomicDepth)
                return true;
            for (var i = 0; i < cats.Length; i++)
                if (cats[i] == totals[i] || IsSubset(cats[i]))
                    return true;
            return false;
        }

        string With(string year, string area, string[] cats, int axis, string value) =>
            Id(year, area, cats, axis < 0 ? -1 : axis, value, int.MinValue, null);

        string AxisName(int axis, string[] partition) =>
            axis >= 0 ? dimNames[axis] : $"{Table.Dataset.ColumnWithRole(ColumnRole.Geo)!.Name} ({areas.Get(partition[0])?.Level ?? "?"})";

        List<string> DescendantsAt(string area, int depth)
        {
            var inCube = InCube(area);
            var slots = inCube.DescendantsAt;
            if (depth < slots.Length && slots[depth] is { } known)
                return known;
            List<string> result = Depth(area) >= depth ? [area] : [.. areas.ChildrenOf(area).SelectMany(child => DescendantsAt(child, depth))];
            if (depth >= slots.Length)
            {
                var grown = new List<string>?[Math.Max(depth + 1, atomicDepth + 1)];
                Array.Copy(slots, grown, slots.Length);
                inCube.DescendantsAt = slots = grown;
            }
            slots[depth] = result;
            return result;
        }

        /// <summary>
        /// The ways to write a cell as a sum of published cells that differ from it on one axis (-1 = geo): for geo each
        /// level below it that is published completely (else the nearest published areas), for a dimension its categories.
        /// </summary>
        [MethodImpl(HotLoop.Compile)]
        List<string[]> Partitions(string year, string area, string[] cats, int axis, HashSet<string>.AlternateLookup<ReadOnlySpan<char>> published)
        {
            // Loops, not All() with a lambda: a lambda over the parameters would put a closure and a delegate on the
            // heap at every call, and this is called for every published aggregate of every cube-year.
            var result = new List<string[]>();
            if (axis < 0)
            {
                var depth = Depth(area);
                for (var d = depth + 1; d <= atomicDepth; d++)
                    if (DescendantsAt(area, d) is { Count: > 0 } level && AllPublished(level, -1))
                        result.Add([.. level]);
                if (result.Count == 0 && depth < atomicDepth && NearestPublished(area) is { } mixed)
                    result.Add([.. mixed]);
                return result;

                List<string>? NearestPublished(string a)
                {
                    var parts = new List<string>();
                    foreach (var child in areas.ChildrenOf(a))
                        if (Published(this, published, year, area, cats, -1, child) is not null)
                            parts.Add(child);
                        else if (Depth(child) < atomicDepth && NearestPublished(child) is { } deeper)
                            parts.AddRange(deeper);
                        else
                            return null;
                    return parts.Count > 0 ? parts : null;
                }
            }
            var members = cats[axis] == totals[axis] ? categories[axis] : IsSubset(cats[axis]) ? [.. Members(cats[axis])] : null;
            if (members is { Length: > 0 } && AllPublished(members, axis))
                result.Add(members);
            return result;

            bool AllPublished(IReadOnlyList<string> values, int onAxis)
            {
                for (var i = 0; i < values.Count; i++)
                    if (Published(this, published, year, area, cats, onAxis, values[i]) is null)
                        return false;
                return true;
            }
        }

        /// <summary>
        /// The ids of a cell's atomic cells: its leaf areas in order, and for each the combinations of its categories,
        /// the last dimension fastest (as <see cref="AtomicSum"/> enumerates them). A published cell's id is the instance
        /// the year's set holds; only the others are new strings (a line by atomic cells may list thousands).
        /// </summary>
        [MethodImpl(HotLoop.Compile)]
        List<string> Atomic(string year, string area, string[] cats, HashSet<string>.AlternateLookup<ReadOnlySpan<char>> published)
        {
            var options = new string[cats.Length][];
            var combinations = 1;
            for (var i = 0; i < cats.Length; i++)
            {
                options[i] = cats[i] == totals[i] ? categories[i] : IsSubset(cats[i]) ? [.. Members(cats[i])] : [cats[i]];
                combinations *= options[i].Length;
            }
            var leaves = DescendantsAt(area, atomicDepth);
            var result = new List<string>(leaves.Count * combinations);
            if (combinations == 0)
                return result;
            var member = new string[cats.Length];
            var choice = new int[cats.Length];
            foreach (var leaf in leaves)
            {
                Array.Clear(choice);
                while (true)
                {
                    for (var i = 0; i < cats.Length; i++)
                        member[i] = options[i][choice[i]];
                    result.Add(Published(this, published, year, leaf, member, int.MinValue, null) ?? Id(year, leaf, member));
                    var axis = cats.Length - 1;
                    while (axis >= 0 && ++choice[axis] == options[axis].Length)
                        choice[axis--] = 0;
                    if (axis < 0)
                        break;
                }
            }
            return result;
        }

        bool IsForced(string area, string[] cats)
        {
            // Loops, not Any/All: asked for every cell of every line.
            foreach (var pattern in forced)
            {
                var all = true;
                foreach (var (axis, values) in pattern)
                    if (!values.Contains(axis < 0 ? area : cats[axis]))
                    {
                        all = false;
                        break;
                    }
                if (all)
                    return true;
            }
            return false;
        }

        /// <summary>
        /// Protects one year: every published aggregate gives a line along each axis whose next cells are all published;
        /// one with none of those gives the line to its atomic cells (cells missing from the mart stand in as unknowns).
        /// </summary>
        public ProtectedCube Protect(string year, int threshold)
        {
            var inputs = InputsOf(year, threshold);
            if (Protected.TryGetValue(inputs, out var known))
                return known;
            var result = Compute(year, threshold);
            Remember(inputs, result);
            return result;
        }

        /// <summary>
        /// SHA-256 over everything <see cref="Compute"/> reads for the year: the cube's shape (dataset, geo column, root
        /// and atomic depth, dimensions with their totals and categories, forced cells), the area hierarchy, the
        /// threshold, and the year's cells (each row's id and count, each revealed cell's id).
        /// </summary>
        internal string InputsOf(string year, int threshold)
        {
            using var hash = new InputHash();
            hash.Add(ShapeFingerprint).Add(threshold).Add(year);
            var rows = rowsOfYear.GetValueOrDefault(year) ?? [];
            hash.Add(rows.Count);
            foreach (var r in rows)
                hash.Add(rowIds[r]).Add(Count(r));
            var shown = (revealedOfYear.GetValueOrDefault(year) ?? []).ToArray();
            Array.Sort(shown, StringComparer.Ordinal);
            hash.Add(shown.Length);
            foreach (var id in shown)
                hash.Add(id);
            return hash.Finish();
        }

        string ShapeFingerprint => shape ??= ComputeShape();

        string? shape;

        string ComputeShape()
        {
            using var hash = new InputHash();
            hash.Add("cube").Add(slug).Add(Table.Dataset.ColumnWithRole(ColumnRole.Geo)!.Name).Add(root).Add(atomicDepth).Add(areas.Fingerprint);
            hash.Add(dims.Length);
            for (var i = 0; i < dims.Length; i++)
            {
                hash.Add(dimNames[i]).Add(totals[i]).Add(categories[i].Length);
                foreach (var category in categories[i])
                    hash.Add(category);
            }
            hash.Add(forced.Count);
            foreach (var pattern in forced)
            {
                hash.Add(pattern.Length);
                foreach (var (axis, values) in pattern)
                {
                    hash.Add(axis).Add(values.Count);
                    foreach (var value in values.Order(StringComparer.Ordinal))
                        hash.Add(value);
                }
            }
            return hash.Finish();
        }

        [MethodImpl(HotLoop.Compile)]
        public ProtectedCube Compute(string year, int threshold)
        {
            var published = new HashSet<string>(StringComparer.Ordinal);
            foreach (var r in rowsOfYear[year])
                published.Add(rowIds[r]);
            published.UnionWith(revealedOfYear.GetValueOrDefault(year) ?? []);
            // Ordinal order: the lines, and so the tables, come out the same whatever order the rows came in (R8).
            var inOrder = published.ToArray();
            Array.Sort(inOrder, StringComparer.Ordinal);
            var lookup = published.GetAlternateLookup<ReadOnlySpan<char>>();

            // Sized once: every published cell is one, and lines by atomic cells add a few more.
            var cells = new Dictionary<string, CubeCell>(published.Count * 5 / 4, StringComparer.Ordinal);
            CubeCell CellOf(string id, bool isPublished)
            {
                if (cells.TryGetValue(id, out var cell))
                    return cell;
                var (_, area, cats) = Parse(id);
                var value = ValueOf(id);
                return cells[id] = new CubeCell(new DisclosureCell(id, value, isPublished && value is null, IsForced(area, cats)), isPublished);
            }
            DisclosureCell[,] CellsOf(string[,] ids)
            {
                var grid = new DisclosureCell[ids.GetLength(0), ids.GetLength(1)];
                for (var r = 0; r < ids.GetLength(0); r++)
                    for (var c = 0; c < ids.GetLength(1); c++)
                        grid[r, c] = cells[ids[r, c]].Cell;
                return grid;
            }
            // Every published aggregate gives one line per partition; two partitions on different axes whose crossing is
            // published give a 2-D table (the engine's bridge rule R4 works on those). Lines no table holds stay 1-D.
            var lines = new Dictionary<LineKey, CubeLine>();
            var covered = new HashSet<LineKey>();
            var twoWay = new List<TwoWayTable>();
            var partitions = new List<Partition>();
            foreach (var id in inOrder)
            {
                CellOf(id, true);
                var (_, area, cats) = Parse(id);
                if (!IsAggregate(area, cats))
                    continue;
                partitions.Clear();
                for (var axis = -1; axis < dims.Length; axis++)
                    foreach (var partition in Partitions(year, area, cats, axis, lookup))
                        partitions.Add(new Partition(axis, partition));
                if (partitions.Count == 0)
                {
                    lines.TryAdd(new LineKey(id, int.MinValue, []), new CubeLine($"{id} by atomic cells", id, [.. Atomic(year, area, cats, lookup)]));
                    continue;
                }
                foreach (var (axis, values) in partitions)
                {
                    var key = new LineKey(id, axis, values);
                    if (lines.ContainsKey(key))
                        continue;
                    var parts = new string[values.Length];
                    for (var v = 0; v < values.Length; v++)
                        parts[v] = Published(this, lookup, year, area, cats, axis < 0 ? -1 : axis, values[v]) ?? With(year, area, cats, axis, values[v]);
                    lines[key] = new CubeLine($"{id} by {AxisName(axis, values)}", id, parts);
                }
                for (var i = 0; i < partitions.Count; i++)
                    for (var j = i + 1; j < partitions.Count; j++)
                    {
                        var (rowAxis, rowValues) = partitions[i];
                        var (columnAxis, columnValues) = partitions[j];
                        if (rowAxis == columnAxis)
                            continue;
                        string[] rowKeys = [.. rowValues, rowAxis < 0 ? area : cats[rowAxis]];
                        string[] columnKeys = [.. columnValues, columnAxis < 0 ? area : cats[columnAxis]];
                        // Rows by columns, the totals last; given up at the first cell the files do not show.
                        var grid = new string[rowKeys.Length, columnKeys.Length];
                        var complete = true;
                        for (var r = 0; r < rowKeys.Length && complete; r++)
                            for (var c = 0; c < columnKeys.Length && complete; c++)
                            {
                                var cell = Published(this, lookup, year, area, cats, rowAxis, rowKeys[r], columnAxis, columnKeys[c]);
                                complete = cell is not null;
                                grid[r, c] = cell!;
                            }
                        if (!complete)
                            continue;
                        twoWay.Add(new TwoWayTable($"{id} by {AxisName(rowAxis, rowValues)} and {AxisName(columnAxis, columnValues)}", rowKeys, columnKeys, grid));
                        for (var r = 0; r < rowKeys.Length; r++)
                            covered.Add(new LineKey(grid[r, columnKeys.Length - 1], columnAxis, columnValues));
                        for (var c = 0; c < columnKeys.Length; c++)
                            covered.Add(new LineKey(grid[rowKeys.Length - 1, c], rowAxis, rowValues));
                    }
            }
            foreach (var part in lines.Values.SelectMany(l => l.Parts))
                CellOf(part, published.Contains(part));

            var tables = new List<DisclosureTable>(twoWay.Count + lines.Count);
            foreach (var t in twoWay)
                tables.Add(DisclosureTable.TwoWay(t.Name, t.RowKeys, t.ColumnKeys, CellsOf(t.Ids)));
            foreach (var entry in lines)
                if (!covered.Contains(entry.Key))
                    tables.Add(DisclosureTable.OneWay(entry.Value.Name, entry.Value.Total,
                        entry.Value.Parts.Append(entry.Value.Total).Select(id => (id, cells[id].Cell))));
            var unknown = cells.Values.Where(c => !c.Published).Select(c => c.Id).ToList();
            // Solved without the suppressor's own memo: this cube-year's inputs are fingerprinted already (InputsOf).
            var suppressed = tables.Count == 0
                ? new HashSet<string>(StringComparer.Ordinal)
                : new HashSet<string>(Suppressor.Solve(tables, threshold, [], unknown,
                    [.. lines.Values.OrderBy(l => l.Name, StringComparer.Ordinal)]), StringComparer.Ordinal);
            // A small count in no line is revealed by nothing else and needs no partner; it is still secret.
            suppressed.UnionWith(cells.Values.Where(c => c.Published && c.IsPrimary(threshold)).Select(c => c.Id));
            suppressed.ExceptWith(unknown);
            return new ProtectedCube(slug, year, cells, [.. lines.Values], suppressed);
        }

        /// <summary>A cross-table of a cube-year: two partitions of one aggregate on different axes, the cells' ids by row and column.</summary>
        sealed record TwoWayTable(string Name, string[] RowKeys, string[] ColumnKeys, string[,] Ids);

        /// <summary>One way to write a cell as a sum of cells that differ from it on <paramref name="Axis"/> (-1 = geo).</summary>
        sealed record Partition(int Axis, string[] Values);

        /// <summary>
        /// A line of a cube-year: its total's id, the axis it runs along (int.MinValue: by atomic cells) and the values
        /// of its partition. Compared by content, never written out as one text: a cube-year names thousands, and the
        /// partitions of the areas list dozens of codes.
        /// </summary>
        sealed class LineKey : IEquatable<LineKey>
        {
            readonly string total;
            readonly int axis;
            readonly string[] values;
            readonly int hash;

            public LineKey(string total, int axis, string[] values)
            {
                (this.total, this.axis, this.values) = (total, axis, values);
                var h = total.GetHashCode() * 31 + axis;
                foreach (var value in values)
                    h = h * 31 + value.GetHashCode();
                hash = h;
            }

            public bool Equals(LineKey? other) =>
                other is not null && hash == other.hash && axis == other.axis && total == other.total && values.AsSpan().SequenceEqual(other.values);

            public override bool Equals(object? obj) => Equals(obj as LineKey);

            public override int GetHashCode() => hash;
        }
    }
}
