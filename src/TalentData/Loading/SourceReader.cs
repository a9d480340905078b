using System.Text;
using TalentData.Project;

namespace TalentData.Loading;

/// <summary>A data row as read from a source file: text cells in raw-column order and the line it started on.</summary>
public readonly record struct RawRow(long LineNumber, string?[] Values);

/// <summary>A row that could not be read structurally; it goes to ops.quarantine, never silently away.</summary>
public sealed record QuarantinedRow(long LineNumber, string RawText, string Reason);

/// <summary>
/// A reader format that can read: its name, options and checks (<see cref="ReaderFormat"/>) and the reader itself.
/// Readers stream (constant memory), return text cells only and never interpret meaning: typing and symbol mapping
/// happen in SQL staging. A file that does not match its declaration throws <see cref="PipelineException"/>; a
/// structurally bad row is quarantined and the rest is read.
/// </summary>
public abstract class SourceReader : ReaderFormat
{
    public abstract IEnumerable<RawRow> Read(string path, string sourceId, EntityDefinition entity, Action<QuarantinedRow> quarantine);

    /// <summary>
    /// How the entity's lines unfold into raw rows when they are read wide (<see cref="ReadWide"/>), or null for a reader
    /// that reads one raw row per record. A file with many values on a line (a GENESIS table) loads far faster wide:
    /// RawLoader appends a line once instead of once per value, and unfolds it inside DuckDB.
    /// </summary>
    public virtual Unfolding? UnfoldingOf(EntityDefinition entity) => null;

    /// <summary>
    /// The file read wide, for a reader whose <see cref="UnfoldingOf"/> is not null: one row per line, its line cells and
    /// then its values, with the same checks and quarantine as <see cref="Read"/>, whose rows are these unfolded.
    /// <paramref name="valueColumns"/> is told each value column's cells (<see cref="Unfolding.ValueColumnCells"/>) once
    /// the header is read, before the first row.
    /// </summary>
    public virtual IEnumerable<RawRow> ReadWide(string path, string sourceId, EntityDefinition entity, Action<QuarantinedRow> quarantine,
        Action<IReadOnlyList<string?[]>> valueColumns) =>
        throw new NotSupportedException($"reader {Name} reads one raw row per record; it has no wide form (UnfoldingOf is null).");

    /// <summary>The problem of a separator option, or null: every reader here splits on one character.</summary>
    protected static string? SeparatorProblem(string separator) =>
        separator.Length == 1 ? null : $"separator must be one character, found '{separator}'.";

    /// <summary>Refuses files that are empty or clearly not text (binary, an HTML error page) before any parser sees them.</summary>
    public static void CheckLooksLikeText(string path, string sourceId, string expected)
    {
        var info = new FileInfo(path);
        if (info.Length == 0)
            throw new PipelineException(sourceId, "read", $"{path}: the file is empty; expected {expected}.");
        Span<byte> head = stackalloc byte[(int)Math.Min(4096, info.Length)];
        using (var fs = File.OpenRead(path)) fs.ReadExactly(head);
        if (head.IndexOf((byte)0) >= 0)
            throw new PipelineException(sourceId, "read", $"{path}: the file contains NUL bytes, so it is binary, not {expected}.");
        var text = Encoding.Latin1.GetString(head).TrimStart('\uFEFF', '\u00EF', '\u00BB', '\u00BF', ' ', '\r', '\n', '\t');
        if (text.StartsWith("<!DOCTYPE", StringComparison.OrdinalIgnoreCase) || text.StartsWith("<html", StringComparison.OrdinalIgnoreCase) || text.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase))
            throw new PipelineException(sourceId, "read", $"{path}: the file is an HTML/XML page (an error page of the publisher?), not {expected}.");
    }
}
