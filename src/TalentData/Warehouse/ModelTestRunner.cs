using System.Data;
using System.Globalization;
using System.Numerics;
using System.Text;
using Dapper;
using DuckDB.NET.Data;
using TalentData.Project;

namespace TalentData.Warehouse;

/// <summary>One given/expect test of a model's YAML.</summary>
public sealed record ModelTestCase(SqlModel Model, ModelDefinition Definition, ModelTest Test)
{
    public string Name => $"{Model.QualifiedName}/{Test.Name}";
    public override string ToString() => Name;
}

/// <summary>
/// Runs the given/expect tests of the models' YAML, each in its own in-memory DuckDB: the schemas and the macros of
/// sql/macros/, the given relations as tables, then the model's SELECT, compared with the expected rows in any order.
/// A relation the model reads that the test does not give is a code list of sql/reference/ when it is a ref.* table, or
/// built from its own SQL when it is a model whose inputs are given or code lists (marts.areas, marts.indicators);
/// anything else must be given, so a test never depends on data it does not show.
/// </summary>
public sealed class ModelTestRunner(string sqlRoot)
{
    const int ShownRows = 20;

    readonly Lazy<IReadOnlyList<SqlModel>> models = new(() => ModelGraph.Discover(sqlRoot));

    public IReadOnlyList<ModelTestCase> Discover()
    {
        var byName = models.Value.ToDictionary(m => m.QualifiedName);
        return ModelDefinition.LoadAll(sqlRoot)
            .SelectMany(d => d.Tests.Select(t => new ModelTestCase(byName[d.Model], d, t)))
            .ToList();
    }

    /// <summary>Null when the model returns the expected rows; otherwise what went wrong, naming the YAML file and the test.</summary>
    public string? Run(ModelTestCase test)
    {
        var where = $"{test.Definition.File}, test '{test.Test.Name}'";
        var model = test.Model;
        var byName = models.Value.ToDictionary(m => m.QualifiedName);
        var upstream = ModelGraph.Upstream(models.Value, model.QualifiedName);

        using var connection = new DuckDBConnection("Data Source=:memory:" + Warehouse.ConnectionOptions);
        connection.Open();
        foreach (var schema in SqlModel.Layers)
            connection.Execute($"create schema if not exists {schema}");
        SqlModelRunner.CreateMacros(connection, sqlRoot);

        foreach (var (name, relation) in test.Test.Given)
        {
            if (!upstream.Contains(name))
                return $"{where}: gives {name}, which {model.QualifiedName} does not read, directly or through the models it is built from. " +
                       $"It reads {string.Join(", ", model.References)}.";
            if (CreateGiven(connection, name, relation) is { } problem)
                return $"{where}: given {name}: {problem}";
        }

        // district_at places nothing here (no boundaries): a test gives the district numbers or address rows it places by.
        DistrictPlacement.None.Prepare(connection);
        var ready = test.Test.Given.Keys.ToHashSet();
        ready.UnionWith([TalentData.Project.ProjectManifest.PlacementInputsTable, TalentData.Project.ProjectManifest.AddressDistrictsTable]);
        string? Provide(string relation, IReadOnlyList<string> path)
        {
            if (!ready.Add(relation)) return null;
            var reference = Path.Combine(sqlRoot, "reference", relation["ref.".Length..] + ".csv");
            if (relation.StartsWith("ref.", StringComparison.Ordinal) && File.Exists(reference))
            {
                ReferenceData.LoadFile(connection, reference);
                return null;
            }
            if (relation == TalentData.Project.ProjectManifest.SampleFilesTable)
            {
                // Not given: no bundled file among the inputs, every given value is the publisher's.
                ReferenceData.LoadSampleFiles(connection, relation, []);
                return null;
            }
            if (!byName.TryGetValue(relation, out var input) || input == model)
                return $"{where}: {string.Join(" reads ", path.Append(relation))}, which the test does not give. " +
                       $"Add its rows under given: {relation} (a ref.* table not given is its sql/reference/ code list, " +
                       "a model not given is built from its own SQL when everything it reads is given).";
            foreach (var r in input.References)
                if (Provide(r, [.. path, relation]) is { } problem)
                    return problem;
            connection.Execute($"create table {input.Schema}.{input.Name} as\n{input.Sql}");
            return null;
        }
        foreach (var r in model.References)
            if (Provide(r, [model.QualifiedName]) is { } problem)
                return problem;

        List<string> columns;
        List<object?[]> actual;
        try
        {
            using var reader = connection.ExecuteReader($"select * from (\n{model.Sql}\n) as result");
            columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            actual = [];
            while (reader.Read())
                actual.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray());
        }
        catch (DuckDBException ex)
        {
            return $"{where}: {model.File} fails on the given rows: {ex.Message}";
        }
        // The YAML's column list is documentation; a test is where it meets the model's real output.
        if (test.Definition.Columns.FirstOrDefault(c => !columns.Contains(c.Name)) is { } stale)
            return $"{test.Definition.File} describes column '{stale.Name}', which {model.QualifiedName} does not return; it returns {string.Join(", ", columns)}.";
        return Compare(where, model, test.Test.Expect.Rows, columns, actual);
    }

    static string? Compare(string where, SqlModel model, IReadOnlyList<TestRow> expected, List<string> columns, List<object?[]> actual)
    {
        var compared = expected.Count == 0 ? [] : expected[0].Values.Keys.ToList();
        if (compared.FirstOrDefault(c => !columns.Contains(c)) is { } unknown)
            return $"{where}: expects column '{unknown}', which {model.QualifiedName} does not return; it returns {string.Join(", ", columns)}.";
        var indexes = compared.Select(c => columns.IndexOf(c)).ToList();

        var unmatched = new List<(string Key, object?[] Row)>();
        var open = actual.Select(row => (Key: Key(indexes.Select(i => row[i])), Row: row)).ToList();
        var missing = new List<TestRow>();
        foreach (var row in expected)
        {
            var key = Key(compared.Select(c => row.Values[c]));
            var match = open.FindIndex(a => a.Key == key);
            if (match < 0) missing.Add(row);
            else open.RemoveAt(match);
        }
        if (missing.Count == 0 && open.Count == 0)
            return null;

        var shownColumns = compared.Count > 0 ? compared : columns;
        var shownIndexes = shownColumns.Select(c => columns.IndexOf(c)).ToList();
        var message = new StringBuilder($"{where}: {model.QualifiedName} does not return the expected rows " +
                                        $"({expected.Count} expected, {actual.Count} returned; compared: {(compared.Count > 0 ? string.Join(", ", compared) : "row count")}).");
        if (missing.Count > 0)
        {
            message.Append("\n  expected, not returned:");
            foreach (var row in missing.Take(ShownRows))
                message.Append($"\n    line {row.Line}: {Show(compared, compared.Select(c => row.Values[c]))}");
            if (missing.Count > ShownRows) message.Append($"\n    … and {missing.Count - ShownRows} more");
        }
        if (open.Count > 0)
        {
            message.Append("\n  returned, not expected:");
            foreach (var (_, row) in open.Take(ShownRows))
                message.Append($"\n    {Show(shownColumns, shownIndexes.Select(i => row[i]))}");
            if (open.Count > ShownRows) message.Append($"\n    … and {open.Count - ShownRows} more");
        }
        return message.ToString();
    }

    static string Key(IEnumerable<object?> values) => string.Join("\u001f", values.Select(v => Canonical(v) ?? "\u0000"));

    static string Show(IEnumerable<string> columns, IEnumerable<object?> values) =>
        "{ " + string.Join(", ", columns.Zip(values, (c, v) => $"{c}: {Canonical(v) switch { null => "null", var s when v is string => $"\"{s}\"", var s => s }}")) + " }";

    /// <summary>Numbers compare by value (100 = 100.0, a bigint sum = an integer), dates as yyyy-MM-dd, the rest as text.</summary>
    static string? Canonical(object? value) => value switch
    {
        null or DBNull => null,
        bool b => b ? "true" : "false",
        string s => s,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        BigInteger i => Number((double)i),
        decimal m => Number((double)m),
        IConvertible c when c.GetTypeCode() is >= TypeCode.SByte and <= TypeCode.Double => Number(c.ToDouble(CultureInfo.InvariantCulture)),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    static string Number(double value) => Math.Round(value, 9).ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Creates a given relation; types are the explicit ones, else inferred from the values.</summary>
    static string? CreateGiven(IDbConnection connection, string name, GivenRelation relation)
    {
        var columns = relation.Rows.SelectMany(r => r.Values.Keys).Concat(relation.Columns.Keys).Distinct().ToList();
        var types = columns.ToDictionary(c => c, c => relation.Columns.TryGetValue(c, out var t) ? t : Infer(relation.Rows.Select(r => r.Values.GetValueOrDefault(c))));
        try
        {
            connection.Execute($"create table {name} ({string.Join(", ", columns.Select(c => $"{Quote(c)} {types[c]}"))})");
        }
        catch (DuckDBException ex)
        {
            return ex.Message;
        }
        foreach (var row in relation.Rows)
            try
            {
                connection.Execute($"insert into {name} ({string.Join(", ", columns.Select(Quote))}) values " +
                                   $"({string.Join(", ", columns.Select(c => $"cast({Literal(row.Values.GetValueOrDefault(c))} as {types[c]})"))})");
            }
            catch (DuckDBException ex)
            {
                return $"the row on line {row.Line} does not fit the column types ({string.Join(", ", columns.Select(c => $"{c} {types[c]}"))}): {ex.Message}";
            }
        return null;
    }

    static string Infer(IEnumerable<object?> values)
    {
        var kinds = values.OfType<object>().Select(v => v switch { long => "bigint", decimal => "double", bool => "boolean", DateOnly => "date", _ => "varchar" }).ToHashSet();
        return kinds.Count switch
        {
            0 => "varchar",
            1 => kinds.Single(),
            2 when kinds.SetEquals(["bigint", "double"]) => "double",
            _ => "varchar",
        };
    }

    static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    static string Literal(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        DateOnly d => $"date '{d:yyyy-MM-dd}'",
        _ => "'" + Convert.ToString(value, CultureInfo.InvariantCulture)!.Replace("'", "''") + "'",
    };
}
