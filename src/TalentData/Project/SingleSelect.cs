using System.Text.Json;
using DuckDB.NET.Data;

namespace TalentData.Project;

/// <summary>
/// A model or check file must be exactly one SELECT: the runner wraps it in <c>create or replace view|table … as</c>
/// and a check in <c>select count(*) from (…)</c>, so a second statement, DDL, DML, ATTACH, PRAGMA, COPY, SET or
/// INSTALL/LOAD would run with the loader's rights (a <c>drop table raw.…</c> once dropped a raw table and the run
/// reported success). The file is refused when the manifest loads, before anything runs.
/// </summary>
public static class SingleSelect
{
    // DuckDB's own parser decides, not a pattern: a regex over SQL misjudges strings, comments, quoted identifiers,
    // dollar quoting and every statement kind DuckDB adds later, while json_serialize_sql parses exactly as the run
    // will and serialises SELECT statements only. Parsing binds nothing, so no table, macro or file is touched.
    static readonly Lock Gate = new();
    static DuckDBConnection? parser;

    /// <summary>Throws naming the file and line when <paramref name="sql"/> is anything but one SELECT statement.</summary>
    /// <param name="fileText">The whole file as read, to count lines; <paramref name="sql"/> is the part the runner uses.</param>
    public static void Require(string file, string fileText, string sql)
    {
        var verdict = Parse(sql);
        // A syntax error is left to the build, which reports it like any failing model; nothing of a file the parser
        // cannot read is executed, because DuckDB parses the whole text before running any of it.
        if (verdict is Verdict.SyntaxError or Verdict.OneSelect)
            return;
        // The parser's verdict on the whole text decides; the pieces between ';' only find the line to name.
        var offset = Math.Max(0, fileText.IndexOf(sql, StringComparison.Ordinal));
        var pieces = Pieces(sql);
        if (pieces.Count > 1)
        {
            // The first piece that is not a SELECT, else the second SELECT.
            var index = Enumerable.Range(0, pieces.Count).FirstOrDefault(i => Parse(Piece(sql, pieces, i)) is Verdict.Other, 1);
            var (number, start) = (index + 1, pieces[index]);
            throw new PipelineException("", "sql",
                $"{file}, line {LineOf(fileText, offset + start)}: expected one SELECT statement, found {pieces.Count} statements " +
                $"(statement {number} starts with '{FirstWord(sql[start..]).ToUpperInvariant()}'). A model or check is one query without ';' between statements.");
        }
        var first = StartOfCode(sql, 0);
        throw new PipelineException("", "sql",
            $"{file}, line {LineOf(fileText, offset + first)}: expected one SELECT statement (a model or check is a query; the runner " +
            $"creates the view or table), found a {FirstWord(sql).ToUpperInvariant()} statement.");
    }

    enum Verdict { OneSelect, SeveralSelects, Other, SyntaxError }

    static Verdict Parse(string sql)
    {
        string json;
        lock (Gate)
        {
            if (parser is null)
            {
                // It only parses: one thread, not one per core idling beside every other database of the process.
                parser = new DuckDBConnection("DataSource=:memory:;threads=1");
                parser.Open();
            }
            using var command = parser.CreateCommand();
            // The function takes a constant only, so the text is a literal with its quotes doubled.
            command.CommandText = "select json_serialize_sql('" + sql.Replace("'", "''") + "')";
            json = (string)command.ExecuteScalar()!;
        }
        using var parsed = JsonDocument.Parse(json);
        var root = parsed.RootElement;
        if (root.GetProperty("error").GetBoolean())
            return root.TryGetProperty("error_type", out var t) && t.GetString() == "parser" ? Verdict.SyntaxError : Verdict.Other;
        return root.GetProperty("statements").GetArrayLength() == 1 ? Verdict.OneSelect : Verdict.SeveralSelects;
    }

    static string Piece(string sql, IReadOnlyList<int> starts, int index) =>
        index + 1 < starts.Count ? sql[starts[index]..starts[index + 1]].TrimEnd().TrimEnd(';') : sql[starts[index]..];

    static int LineOf(string text, int position) => text.AsSpan(0, Math.Min(position, text.Length)).Count('\n') + 1;

    static string FirstWord(string sql)
    {
        var start = StartOfCode(sql, 0);
        var end = start;
        while (end < sql.Length && (char.IsLetter(sql[end]) || sql[end] == '_')) end++;
        return end > start ? sql[start..end] : "non-SELECT";
    }

    /// <summary>The first position at or after <paramref name="from"/> that is neither white space nor a comment.</summary>
    static int StartOfCode(string sql, int from)
    {
        var i = from;
        while (i < sql.Length)
        {
            if (char.IsWhiteSpace(sql[i])) i++;
            else if (sql.AsSpan(i).StartsWith("--")) { var nl = sql.IndexOf('\n', i); i = nl < 0 ? sql.Length : nl + 1; }
            else if (sql.AsSpan(i).StartsWith("/*")) { var close = sql.IndexOf("*/", i + 2, StringComparison.Ordinal); i = close < 0 ? sql.Length : close + 2; }
            else break;
        }
        return i;
    }

    /// <summary>
    /// Where each statement begins: after each ';' outside strings, quoted names and comments. Only used for the
    /// message, once the parser has refused the whole text.
    /// </summary>
    static List<int> Pieces(string sql)
    {
        var starts = new List<int> { StartOfCode(sql, 0) };
        var i = starts[0];
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c is '\'' or '"')
            {
                var close = sql.IndexOf(c, i + 1);
                i = close < 0 ? sql.Length : close + 1;
            }
            else if (sql.AsSpan(i).StartsWith("--") || sql.AsSpan(i).StartsWith("/*")) i = StartOfCode(sql, i);
            else if (c == ';')
            {
                i = StartOfCode(sql, i + 1);
                if (i < sql.Length) starts.Add(i);
            }
            else i++;
        }
        return starts;
    }
}
