using TalentData.Project;

namespace TalentData.Disclosure;

/// <summary>
/// The rows of one dataset in published form, as disclosure control sees and changes them: the text of every cell in
/// primary-key order, and beside them the unsuppressed measure of each row, which never reaches a file. Publishing
/// reads them from the warehouse and writes every format from them after disclosure control has run.
/// </summary>
public class PublishedRows
{
    readonly Dictionary<string, int> indexOf;

    protected PublishedRows(DatasetDefinition dataset, List<string[]> rows, decimal?[] values)
    {
        Dataset = dataset;
        Columns = [.. dataset.Columns.Select(c => c.Name)];
        indexOf = new Dictionary<string, int>(Columns.Count);
        for (var i = 0; i < Columns.Count; i++)
            indexOf.Add(Columns[i], i);
        Rows = rows;
        Values = values;
        MeasureIndex = indexOf[dataset.Measure.Name];
        StatusIndex = indexOf[dataset.Status.Name];
    }

    public DatasetDefinition Dataset { get; }
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The published text of every cell, in primary-key order; "" is an empty cell.</summary>
    public IReadOnlyList<string[]> Rows { get; }

    /// <summary>The unsuppressed measure of each row (null when the source did not give one); never published as such.</summary>
    public IReadOnlyList<decimal?> Values { get; }

    public int MeasureIndex { get; }
    public int StatusIndex { get; }

    public int IndexOf(string column) => indexOf[column];

    /// <summary>R8: a suppressed cell is published empty with status "." like every other secret cell.</summary>
    public void Suppress(int row)
    {
        Rows[row][MeasureIndex] = "";
        Rows[row][StatusIndex] = StatusSymbol.Secret;
    }

    /// <summary>R6: a rate over a base too small to be reliable is published empty with status "/".</summary>
    public void MarkUnreliable(int row)
    {
        Rows[row][MeasureIndex] = "";
        Rows[row][StatusIndex] = StatusSymbol.NotReliable;
    }

    public string Describe(int row) =>
        string.Join(", ", Dataset.PrimaryKey.Select(k => $"{k}={Rows[row][indexOf[k]]}"));
}
