using System.Globalization;
using System.Text;
using TalentData.Project;

namespace TalentData.Cli.Suggestions;

/// <summary>
/// The curated directory of programmes and partners, sql/reference/talent_programmes.csv, as the suggestion queue sees
/// it: the vocabulary its schema allows (the form offers exactly that), and the file with one accepted row appended,
/// checked against the schema before an operator can download it. The running system never writes the repository: an
/// accepted suggestion becomes a file to commit, and adding it stays a reviewed change.
/// </summary>
public sealed class ProgrammeDirectory
{
    public const string FileName = "talent_programmes.csv";
    public const string Shown = "sql/reference/" + FileName;
    const string SchemaShown = "sql/reference/talent_programmes" + ReferenceSchema.Suffix;
    public const string CityWide = "city-wide";

    readonly SqlFolders folders;
    readonly ReferenceSchema schema;

    public IReadOnlyList<string> Kinds { get; }
    public IReadOnlyList<string> TargetGroups { get; }
    /// <summary>The Stadtbezirk codes a row may name, in the order of their numbers; <see cref="CityWide"/> is not among them.</summary>
    public IReadOnlyList<string> Districts { get; }

    public ProgrammeDirectory(string repoRoot)
    {
        folders = SqlFolders.Single(Path.Combine(repoRoot, "sql"));
        schema = StrictYaml.Load<ReferenceSchema>(Path.Combine(folders.Shared, "reference", "talent_programmes" + ReferenceSchema.Suffix), SchemaShown, "config");
        var expected = new[] { "name", "kind", "target_groups", "districts_served", "contact_url", "source", "date_checked", "example" };
        if (!schema.Columns.Select(c => c.Name).SequenceEqual(expected))
            throw new PipelineException("", "config",
                $"{SchemaShown}: the suggestion queue builds rows of the columns {string.Join(",", expected)}; found {string.Join(",", schema.Columns.Select(c => c.Name))}. " +
                "Update src/TalentData.Cli/Suggestions/ProgrammeDirectory.cs with the schema.");
        Kinds = [.. schema.Columns.Single(c => c.Name == "kind").Values];
        TargetGroups = [.. schema.Columns.Single(c => c.Name == "target_groups").Values];
        Districts = [.. (schema.AllowedValues("districts_served", folders, SchemaShown) ?? new HashSet<string>())
            .Where(d => d != CityWide)
            .OrderBy(d => int.TryParse(d, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue)
            .ThenBy(d => d, StringComparer.Ordinal)];
    }

    /// <summary>The row of an accepted suggestion in the file's columns; every cell made safe for spreadsheets.</summary>
    public static string Row(string name, string kind, string targetGroups, string districts, string contactUrl, string source, DateOnly checkedOn) =>
        string.Join(",", new[] { name, kind, targetGroups, districts, contactUrl, source, checkedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "false" }.Select(Cell));

    /// <summary>
    /// A cell as CSV writes it, after neutralising formula starts: a cell beginning with = + - @ (or a tab or carriage
    /// return, which spreadsheets skip before reading them) would be run as a formula by a spreadsheet that opens the
    /// file, so it gets a leading apostrophe and stays text. Commas, quotes and line breaks put the cell in quotes.
    /// </summary>
    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 || value != value.Trim()
            ? "\"" + value.Replace("\"", "\"\"") + "\""
            : value;
    }

    /// <summary>
    /// The current file with <paramref name="rows"/> appended (a row the file already holds, committed earlier, is not
    /// added twice), and every problem the schema finds in the result.
    /// </summary>
    public (string Csv, IReadOnlyList<string> Problems) WithRows(IEnumerable<string> rows, TimeProvider clock)
    {
        var current = File.ReadAllText(Path.Combine(folders.Shared, "reference", FileName), new UTF8Encoding(false));
        // The file's own line ending, so the diff is the added lines only.
        var newline = current.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var present = current.Split('\n').Select(l => l.TrimEnd('\r')).ToHashSet(StringComparer.Ordinal);
        var csv = new StringBuilder(current);
        if (current.Length > 0 && !current.EndsWith('\n')) csv.Append(newline);
        foreach (var row in rows.Distinct(StringComparer.Ordinal).Where(r => !present.Contains(r)))
            csv.Append(row).Append(newline);
        return Checked(csv.ToString(), clock);
    }

    (string Csv, IReadOnlyList<string> Problems) Checked(string csv, TimeProvider clock)
    {
        var scratch = Path.Combine(Path.GetTempPath(), $"talentdata-suggestion-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch);
        try
        {
            // The schema reads a file; the copy carries the file's own name, so its messages name the repository's file.
            var candidate = Path.Combine(scratch, FileName);
            File.WriteAllText(candidate, csv, new UTF8Encoding(false));
            return (csv, schema.Validate(candidate, Shown, folders, clock));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
