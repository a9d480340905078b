using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace TalentData.Project;

/// <summary>
/// A given/expect test of one model (dbt's unit tests): the rows of the relations the model reads, and the rows it
/// must return. Only the columns the expected rows name are compared, in any order.
/// </summary>
public sealed class ModelTest
{
    public required string Name { get; set; }
    /// <summary>What the test proves, when the name does not say it all.</summary>
    public string? Description { get; set; }
    /// <summary>Rows of each relation the model reads, by qualified name (core.fct_population, ref.symbols, ...).</summary>
    public required Dictionary<string, GivenRelation> Given { get; set; }
    public required TestRows Expect { get; set; }

    internal string? Problem()
    {
        if (!Regex.IsMatch(Name, "^[a-z0-9_]+$"))
            return "a test name is lower-case words joined by '_'.";
        if (Given.Keys.FirstOrDefault(k => !Regex.IsMatch(k, "^(raw|ref|staging|inputs|core|marts)\\.[a-z0-9_]+$")) is { } badName)
            return $"given '{badName}' is not a relation name such as core.fct_population.";
        foreach (var (name, relation) in Given)
        {
            if (relation.Rows.Count == 0 && relation.Columns.Count == 0)
                return $"given {name} has no rows; an empty relation needs 'columns: {{name: type}}' to be created.";
            if (relation.Columns.FirstOrDefault(c => !Regex.IsMatch(c.Value, "^[a-z][a-z0-9_ ]*(\\([0-9, ]+\\))?$", RegexOptions.IgnoreCase)) is { Key: { } badType } bad)
                return $"given {name}: column '{badType}' has type '{bad.Value}'; expected a DuckDB type such as bigint, double, varchar, date.";
        }
        var columns = Expect.Rows.Select(r => string.Join(", ", r.Values.Keys.Order(StringComparer.Ordinal))).Distinct().ToList();
        if (columns.Count > 1)
            return $"every expected row names the same columns (they are the ones compared); line {Expect.Rows.First(r => string.Join(", ", r.Values.Keys.Order(StringComparer.Ordinal)) != columns[0]).Line} differs from line {Expect.Rows[0].Line}.";
        return null;
    }
}

/// <summary>A given relation: its rows, or <c>{ columns: {name: type}, rows: [...] }</c> where the inferred types do not fit.</summary>
public sealed class GivenRelation : IYamlConvertible
{
    /// <summary>Explicit DuckDB types of some columns; the others are inferred from the values.</summary>
    public Dictionary<string, string> Columns { get; set; } = [];
    public IReadOnlyList<TestRow> Rows => rows.Rows;

    TestRows rows = new();

    void IYamlConvertible.Read(IParser parser, Type expectedType, ObjectDeserializer nestedObjectDeserializer)
    {
        if (parser.Accept<SequenceStart>(out _))
        {
            rows = (TestRows)nestedObjectDeserializer(typeof(TestRows))!;
            return;
        }
        var table = (GivenTable)nestedObjectDeserializer(typeof(GivenTable))!;
        Columns = table.Columns;
        rows = table.Rows;
    }

    void IYamlConvertible.Write(IEmitter emitter, ObjectSerializer nestedObjectSerializer) => throw new NotSupportedException();

    sealed class GivenTable
    {
        public Dictionary<string, string> Columns { get; set; } = [];
        public TestRows Rows { get; set; } = new();
    }
}

/// <summary>
/// A list of rows, each a mapping of column to one value. A plain YAML scalar is read as null (null, ~ or nothing),
/// true/false, an integer, a decimal or an ISO date; a number with a leading zero ("05", 010) is a code and stays
/// text, like every quoted value.
/// </summary>
public sealed class TestRows : IYamlConvertible
{
    public List<TestRow> Rows { get; } = [];

    void IYamlConvertible.Read(IParser parser, Type expectedType, ObjectDeserializer nestedObjectDeserializer)
    {
        parser.Consume<SequenceStart>();
        while (!parser.TryConsume<SequenceEnd>(out _))
        {
            var start = parser.Consume<MappingStart>();
            var row = new TestRow((int)start.Start.Line);
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = parser.Consume<Scalar>();
                if (!parser.TryConsume<Scalar>(out var value))
                    throw new YamlException(parser.Current!.Start, parser.Current.End, $"'{key.Value}': a cell holds one value (a number, true/false, null, a date or text).");
                if (!row.Values.TryAdd(key.Value, Interpret(value)))
                    throw new YamlException(key.Start, key.End, $"'{key.Value}' is given twice in this row.");
            }
            Rows.Add(row);
        }
    }

    void IYamlConvertible.Write(IEmitter emitter, ObjectSerializer nestedObjectSerializer) => throw new NotSupportedException();

    static object? Interpret(Scalar scalar)
    {
        if (scalar.Style is not ScalarStyle.Plain) return scalar.Value;
        var v = scalar.Value;
        if (v is "" or "~" or "null" or "Null" or "NULL") return null;
        if (v is "true" or "True" or "TRUE") return true;
        if (v is "false" or "False" or "FALSE") return false;
        if (Regex.IsMatch(v, "^[-+]?0[0-9]")) return v;
        if (Regex.IsMatch(v, "^[-+]?[0-9]+$") && long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        if (Regex.IsMatch(v, "^[-+]?([0-9]+\\.[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?$") && decimal.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        if (Regex.IsMatch(v, "^[0-9]{4}-[0-9]{2}-[0-9]{2}$") && DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        return v;
    }
}

/// <summary>One row of a given relation or of the expected result, with the line it starts on.</summary>
public sealed class TestRow(int line)
{
    public int Line { get; } = line;
    /// <summary>Column to value: null, bool, long, decimal, DateOnly or string.</summary>
    public Dictionary<string, object?> Values { get; } = new(StringComparer.Ordinal);
}
