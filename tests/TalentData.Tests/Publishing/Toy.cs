using TalentData.Disclosure;
using TalentData.Project;
using TalentData.Publishing;
using TalentData.Tests.Disclosure;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Publishing;

/// <summary>
/// Small datasets declared the way sql/marts/ declares them (YAML, loaded with the strict parser), over a city with
/// three Stadtbezirke, for tests of disclosure control and the formats without a warehouse.
/// </summary>
internal static class Toy
{
    /// <summary>The toy city's key, the root of <see cref="Areas"/>.</summary>
    public const string CityKey = "05913000";

    public static readonly AreaHierarchy Areas = AreaHierarchy.Of([
        new Area("land", "05", "Nordrhein-Westfalen", null, null),
        new Area("stadt", "05913000", "Dortmund", "land", "05"),
        new Area("stadtbezirk", "01", "Innenstadt-West", "stadt", "05913000"),
        new Area("stadtbezirk", "02", "Innenstadt-Nord", "stadt", "05913000"),
        new Area("stadtbezirk", "03", "Innenstadt-Ost", "stadt", "05913000"),
    ]);

    public const string CountsYaml = """
        dataset: toy-abschluesse
        title: Abschlüsse
        description: Toy counts.
        theme: schule
        disclosure: person_counts
        primary_key: [jahr, bezirk, abschluss]
        columns:
          - { name: jahr, title: Jahr, type: year, role: time }
          - { name: bezirk, title: Bezirk, type: string, role: geo, total: "05913000", level_column: ebene }
          - { name: ebene, title: Ebene, type: string, role: attribute }
          - { name: abschluss, title: Abschluss, type: string, role: dimension, total: insgesamt }
          - { name: anzahl, title: Anzahl, type: integer, role: measure, unit: Personen, decimals: 0 }
          - { name: status, title: Status, type: string, role: status }
        """;

    public const string IndicatorsYaml = """
        dataset: toy-indikatoren
        title: Indikatoren
        description: Toy indicators.
        theme: alle
        disclosure: person_counts
        primary_key: [indikator, ebene, bezirk, jahr]
        columns:
          - name: indikator
            title: Indikator
            type: string
            role: metric
            categories:
              anteil_ohne: { label: Anteil ohne Abschluss, unit: "%", decimals: 1 }
              abgaenge: { label: Abgänge, unit: Personen, decimals: 0 }
              quote: { label: Eine Quote der Quelle, unit: "%", decimals: 1 }
          - { name: ebene, title: Ebene, type: string, role: attribute }
          - { name: bezirk, title: Bezirk, type: string, role: geo, level_column: ebene }
          - { name: jahr, title: Jahr, type: year, role: time }
          - { name: wert, title: Wert, type: number, role: measure }
          - { name: status, title: Status, type: string, role: status }
        derived:
          - indicator: anteil_ohne
            numerator: { dataset: toy-abschluesse, select: { abschluss: [ohne] } }
            denominator: { dataset: toy-abschluesse }
          - { indicator: abgaenge, numerator: { dataset: toy-abschluesse } }
        as_published: [quote]
        """;

    /// <summary>The dataset definitions of these YAML texts, as sql/marts/ would give them.</summary>
    public static IReadOnlyList<DatasetDefinition> Load(params string[] yamls)
    {
        using var dir = new TempDir();
        for (var i = 0; i < yamls.Length; i++)
        {
            dir.File($"marts/toy_{i}.yaml", yamls[i]);
            dir.File($"marts/toy_{i}.sql", "select 1");
        }
        // Read for the repository's city, as the manifest reads sql/marts/: {city} and {city_key} in a copied YAML become Dortmund's.
        return DatasetDefinition.LoadAll(dir.Path, TalentData.Project.City.Load(RepoPaths.Root));
    }

    /// <summary>Rows of the counts dataset for one year: interior cells by Stadtbezirk, their totals computed.</summary>
    public static List<object?[]> Counts(int year, string[] categories, long?[,] interior, string[]? secret = null)
    {
        var rows = new List<object?[]>();
        string[] districts = ["01", "02", "03"];
        var columnTotals = new long?[categories.Length + 1];
        for (var c = 0; c <= categories.Length; c++) columnTotals[c] = 0;
        for (var r = 0; r < districts.Length; r++)
        {
            long? rowTotal = 0;
            for (var c = 0; c < categories.Length; c++)
            {
                var v = interior[r, c];
                rows.Add([(long)year, districts[r], "stadtbezirk", categories[c], v, v is null ? "." : ""]);
                rowTotal += v;
                columnTotals[c] += v;
            }
            rows.Add([(long)year, districts[r], "stadtbezirk", "insgesamt", rowTotal, rowTotal is null ? "." : ""]);
            columnTotals[categories.Length] += rowTotal;
        }
        for (var c = 0; c <= categories.Length; c++)
            rows.Add([(long)year, "05913000", "stadt", c < categories.Length ? categories[c] : "insgesamt", columnTotals[c], columnTotals[c] is null ? "." : ""]);
        return rows;
    }

    public static PublishedTable Table(DatasetDefinition dataset, IEnumerable<object?[]> rows) => PublishedTable.FromRows(dataset, rows);

    /// <summary>Published rows as "bezirk,abschluss" of the suppressed ones.</summary>
    public static string[] Suppressed(PublishedTable table) =>
        [.. table.Rows.Where(r => r[table.StatusIndex] == ".").Select(r => $"{r[table.IndexOf("bezirk")]},{r[table.IndexOf("abschluss")]}").Order(StringComparer.Ordinal)];

    /// <summary>The attacker's range of every primary cell, given what the protected tables show (publishing.md R5).</summary>
    public static IEnumerable<(string Cell, long Min, long? Max)> PrimaryRanges(DisclosureResult result, int k = 3)
    {
        foreach (var cube in result.Cubes)
        {
            var cells = cube.Cells.Values.ToDictionary(c => c.Id, c => new DisclosureCell(c.Id, c.Value, c.SourceSuppressed));
            var tables = cube.Lines.Select(l => TestTable.OneWayOf(l.Name, [.. l.Parts.Select(p => (p, cells[p]))], cells[l.Total])).ToList();
            var hidden = cube.Cells.Values.Where(c => !c.Published || cube.Suppressed.Contains(c.Id)).Select(c => c.Id).ToHashSet();
            var unpublished = cube.Cells.Values.Where(c => !c.Published).Select(c => c.Id).ToHashSet();
            foreach (var primary in cube.Cells.Values.Where(c => c.Published && c.IsPrimary(k)))
            {
                if (tables.Count == 0 || !hidden.Contains(primary.Id))
                {
                    yield return (primary.Id, primary.Value ?? 0, hidden.Contains(primary.Id) ? null : primary.Value);
                    continue;
                }
                var (min, max) = Attacker.Range(tables, hidden, primary.Id, unpublished);
                yield return (primary.Id, min, max);
            }
        }
    }
}
