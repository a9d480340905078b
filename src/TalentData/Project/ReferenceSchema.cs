using System.Globalization;
using CsvHelper;

namespace TalentData.Project;

/// <summary>
/// The schema of a curated reference file, <c>sql/reference/&lt;name&gt;.schema.yaml</c> beside <c>&lt;name&gt;.csv</c>:
/// the columns in order, what each cell may hold, and the key. Curated lists (programmes, partners) are edited by hand
/// and reviewed as data, so every row is checked when the project is loaded and a bad one stops the run naming the file,
/// the line, the column, what was expected and what was found. Code lists without a schema load as they are.
/// </summary>
public sealed class ReferenceSchema
{
    public const string Suffix = ".schema.yaml";

    public required string Description { get; set; }
    public required List<ReferenceColumn> Columns { get; set; }
    /// <summary>Columns whose values together may appear on one row only.</summary>
    public List<string> Key { get; set; } = [];
    /// <summary>
    /// The column (values true/false) that marks a row as an illustration of the format, not a real entry. While any
    /// row is one, whatever is published from the file is published as sample data (<see cref="ReferenceExamples"/>).
    /// </summary>
    public string? ExampleColumn { get; set; }

    /// <summary>
    /// Checks every reference file that has a schema; throws naming every bad cell (the first 20). Returns, for each file
    /// whose schema names an example column, how many of its rows are examples. A city folder's code list replaces the
    /// repository's of the same name and is checked against the repository's schema unless the city brings its own
    /// beside it, which may reword the descriptions and change the allowed values but not the columns, their types, the
    /// key or the example column: those are what the shared SQL reads.
    /// </summary>
    public static IReadOnlyList<ReferenceExamples> ValidateAll(SqlFolders folders, TimeProvider clock)
    {
        var examples = new List<ReferenceExamples>();
        foreach (var schemaFile in folders.ReferenceFiles("*" + Suffix))
        {
            var name = Path.GetFileName(schemaFile)[..^Suffix.Length];
            var shown = folders.Shown(schemaFile);
            var csv = folders.Reference(name + ".csv")
                ?? throw new PipelineException("", "config", $"{shown}: there is no {name}.csv beside it to describe.");
            var schema = StrictYaml.Load<ReferenceSchema>(schemaFile, shown, "config");
            schema.Check(shown);
            var shared = Path.Combine(folders.Shared, "reference", name + Suffix);
            if (schemaFile != shared && File.Exists(shared))
            {
                var sharedShown = folders.Shown(shared);
                var repository = StrictYaml.Load<ReferenceSchema>(shared, sharedShown, "config");
                if (repository.Contract() != schema.Contract())
                    throw new PipelineException("", "config",
                        $"{shown}: declares {schema.Contract()}; expected what the repository's {sharedShown} declares, which the shared SQL reads: " +
                        $"{repository.Contract()}. A city's schema may reword descriptions and change allowed values, not the columns, their types, the key or the example column.");
            }
            var problems = schema.Validate(csv, folders.Shown(csv), folders, clock);
            if (problems.Count > 0)
                throw new PipelineException("", "config",
                    $"{folders.Shown(csv)} does not match its schema {shown} ({problems.Count} problems):\n  " +
                    string.Join("\n  ", problems.Take(20)));
            if (schema.ExampleColumn is { } column)
                examples.Add(schema.CountExamples(csv, folders.Shown(csv), column));
        }
        return examples;
    }

    /// <summary>What the shared SQL depends on: the columns in order with their types and list separators, the key and the example column.</summary>
    string Contract() =>
        $"the columns {string.Join(", ", Columns.Select(c => c.Name + " (" + c.Type + (c.ListSeparator is { } sep ? $", list by '{sep}'" : "") + ")"))}" +
        $", key [{string.Join(", ", Key)}], example column {ExampleColumn ?? "none"}";

    /// <summary>How many rows of a valid file are examples (the example column holds true).</summary>
    ReferenceExamples CountExamples(string csvFile, string csvShown, string column)
    {
        var at = Columns.FindIndex(c => c.Name == column);
        var (rows, examples) = (0, 0);
        using var reader = Open(csvFile);
        reader.Read();   // the header, already checked
        while (reader.Read())
        {
            rows++;
            if (Cells(reader)[at] == "true") examples++;
        }
        return new ReferenceExamples($"ref.{Path.GetFileNameWithoutExtension(csvFile)}", csvShown, column, examples, rows);
    }

    void Check(string shown)
    {
        void Fail(string message) => throw new PipelineException("", "config", $"{shown}: {message}");
        if (Columns.Count == 0) Fail("columns: expected at least one column, found none.");
        foreach (var column in Columns)
        {
            if (!ReferenceColumn.Types.Contains(column.Type))
                Fail($"column '{column.Name}': type must be one of {string.Join(", ", ReferenceColumn.Types)}, found '{column.Type}'.");
            if (column.ValuesFrom is { } from && from.Split('.') is not [_, _])
                Fail($"column '{column.Name}': values_from must be <reference file>.<column>, found '{from}'.");
            if (column.ListSeparator is { Length: not 1 } separator)
                Fail($"column '{column.Name}': list_separator must be one character, found '{separator}'.");
        }
        if (Key.FirstOrDefault(k => Columns.All(c => c.Name != k)) is { } unknown)
            Fail($"key names '{unknown}', which is not among the columns.");
        if (ExampleColumn is { } example && Columns.FirstOrDefault(c => c.Name == example) is not { Values: ["true", "false"] or ["false", "true"], ListSeparator: null })
            Fail($"example_column names '{example}', which must be a column with values [\"true\", \"false\"].");
    }

    /// <summary>Every problem of the file, each naming file, line, column, expected and found; empty when it is valid.</summary>
    /// <param name="file">How messages name the file (a copy checked before it replaces the real one names the real one).</param>
    public IReadOnlyList<string> Validate(string csvFile, string file, SqlFolders folders, TimeProvider clock)
    {
        var problems = new List<string>();
        var schemaFile = folders.Shown(folders.Reference(Path.GetFileNameWithoutExtension(csvFile) + Suffix) ?? csvFile);
        var allowed = Columns.ToDictionary(c => c.Name, c => AllowedValues(c, folders, schemaFile));
        var keys = new Dictionary<string, long>(StringComparer.Ordinal);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

        using var reader = Open(csvFile);
        if (!reader.Read())
            return [$"{file}, line 1: expected the header {string.Join(",", Columns.Select(c => c.Name))}, found an empty file."];
        var header = Cells(reader);
        var expectedHeader = Columns.Select(c => c.Name).ToArray();
        if (!header.SequenceEqual(expectedHeader))
            return [$"{file}, line 1: expected the header {string.Join(",", expectedHeader)}, found {string.Join(",", header)}."];

        while (reader.Read())
        {
            var line = reader.LineNumber;   // where the record starts; a quoted cell may span lines
            var record = Cells(reader);
            if (record.Length != Columns.Count)
            {
                problems.Add($"{file}, line {line}: expected {Columns.Count} cells, found {record.Length}.");
                continue;
            }
            for (var i = 0; i < Columns.Count; i++)
                if (Problem(Columns[i], record[i], allowed[Columns[i].Name], today) is { } problem)
                    problems.Add($"{file}, line {line}, column {Columns[i].Name}: {problem}");
            if (Key.Count > 0)
            {
                var key = string.Join("\u001f", Key.Select(k => record[Columns.FindIndex(c => c.Name == k)].Trim()));
                if (keys.TryGetValue(key, out var first))
                    problems.Add($"{file}, line {line}: expected {string.Join(", ", Key)} to be unique, found the same as on line {first}.");
                else
                    keys[key] = line;
            }
        }
        return problems;
    }

    /// <summary>The values a column accepts (its own list and those of its <c>values_from</c>), or null when it accepts any.</summary>
    /// <param name="schemaShown">How errors name the schema file (sql/reference/…schema.yaml).</param>
    public IReadOnlySet<string>? AllowedValues(string column, SqlFolders folders, string schemaShown) =>
        AllowedValues(Columns.Single(c => c.Name == column), folders, schemaShown);

    static string? Problem(ReferenceColumn column, string cell, IReadOnlySet<string>? allowed, DateOnly today)
    {
        if (cell.Trim().Length == 0)
            return column.Required ? $"expected {Expected(column, allowed)}, found an empty cell." : null;
        if (cell != cell.Trim())
            return $"expected no leading or trailing spaces, found '{cell}'.";
        var values = column.ListSeparator is { } separator ? cell.Split(separator[0]) : [cell];
        foreach (var value in values)
        {
            if (allowed is not null && !allowed.Contains(value))
                return $"expected {(column.ListSeparator is null ? "one" : $"'{column.ListSeparator}'-separated values each one")} of {string.Join(", ", allowed.Order(StringComparer.Ordinal))}, found '{value}'.";
            switch (column.Type)
            {
                case "url" when !Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
                                || !uri.Host.Contains('.') || value.Any(char.IsWhiteSpace):
                    return $"expected an absolute http(s) URL such as https://www.example.org/, found '{value}'.";
                case "date" when !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _):
                    return $"expected a date yyyy-MM-dd, found '{value}'.";
                case "date" when DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture) > today:
                    return $"expected a date not after today ({today:yyyy-MM-dd}), found '{value}'.";
            }
        }
        if (values.Length != values.Distinct(StringComparer.Ordinal).Count())
            return $"expected each value once, found '{cell}'.";
        if (column.Alone is { } alone && values.Length > 1 && values.Contains(alone))
            return $"expected '{alone}' alone (it already means all), found '{cell}'.";
        return null;
    }

    static string Expected(ReferenceColumn column, IReadOnlySet<string>? allowed) => column.Type switch
    {
        "url" => "an absolute http(s) URL",
        "date" => "a date yyyy-MM-dd",
        _ when allowed is not null => $"one of {string.Join(", ", allowed.Order(StringComparer.Ordinal))}",
        _ => "a value",
    };

    static CsvReader Open(string path) => CsvReader.FromFile(path, new CsvReaderOptions
    {
        Separator = ',',
        Encoding = new System.Text.UTF8Encoding(false),
        TrackLineNumbers = true,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        HasHeader = false,
    });

    static string[] Cells(CsvReader reader) =>
        [.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i).TrimStart('\uFEFF'))];

    /// <summary>The values a column accepts (its own list and those of another reference file's column), or null for any.</summary>
    static IReadOnlySet<string>? AllowedValues(ReferenceColumn column, SqlFolders folders, string schemaFile)
    {
        if (column.Values.Count == 0 && column.ValuesFrom is null) return null;
        var allowed = new HashSet<string>(column.Values, StringComparer.Ordinal);
        if (column.ValuesFrom is { } from)
        {
            var (name, field) = (from.Split('.')[0], from.Split('.')[1]);
            // The city's own list where it has one (its districts), else the repository's.
            var other = folders.Reference(name + ".csv")
                ?? throw new PipelineException("", "config", $"{schemaFile}: column '{column.Name}': values_from names sql/reference/{name}.csv, which does not exist.");
            using var reader = Open(other);
            var header = reader.Read() ? Cells(reader) : [];
            var at = Array.IndexOf(header, field);
            if (at < 0)
                throw new PipelineException("", "config", $"{schemaFile}: column '{column.Name}': values_from names {from}, but {folders.Shown(other)} has no column '{field}'.");
            while (reader.Read())
                if (Cells(reader) is { } cells && cells.Length > at)
                    allowed.Add(cells[at]);
        }
        return allowed;
    }
}

/// <summary>
/// A curated reference file with an example column: its ref table, its path, the column, and how many of its rows are
/// examples. A dataset that reads the table is sample data while <see cref="Examples"/> is above zero.
/// </summary>
public sealed record ReferenceExamples(string Table, string File, string Column, int Examples, int Rows);

/// <summary>One column of a curated reference file.</summary>
public sealed class ReferenceColumn
{
    public static readonly string[] Types = ["text", "url", "date"];

    public required string Name { get; set; }
    public string? Description { get; set; }
    /// <summary>text (default), url (absolute http or https) or date (yyyy-MM-dd, not in the future).</summary>
    public string Type { get; set; } = "text";
    public bool Required { get; set; } = true;
    /// <summary>The closed list of values (each list item must be one of them).</summary>
    public List<string> Values { get; set; } = [];
    /// <summary>Further allowed values from another reference file: <c>&lt;file stem&gt;.&lt;column&gt;</c>.</summary>
    public string? ValuesFrom { get; set; }
    /// <summary>The cell holds several values separated by this character.</summary>
    public string? ListSeparator { get; set; }
    /// <summary>A value that may not be combined with others in a list (e.g. city-wide).</summary>
    public string? Alone { get; set; }
}
