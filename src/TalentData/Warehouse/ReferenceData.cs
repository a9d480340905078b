using System.Data;
using Dapper;

namespace TalentData.Warehouse;

/// <summary>A bundled sample file as the reference stage records it: its content hash, whether it is made up, and the periods whose rows are the publisher's.</summary>
public sealed record SampleFileRow(string Sha256, string Path, bool Synthetic, IReadOnlyList<string> RealPeriods);

/// <summary>Loads the code lists in sql/reference/*.csv as ref.&lt;file stem&gt; tables, all text.</summary>
public static class ReferenceData
{
    public static IReadOnlyList<string> Load(Warehouse warehouse, string sqlRoot) => Load(warehouse, Project.SqlFolders.Single(sqlRoot));

    /// <summary>The code lists of a city: the repository's, each replaced by the city's file of the same name.</summary>
    public static IReadOnlyList<string> Load(Warehouse warehouse, Project.SqlFolders folders) =>
        [.. folders.ReferenceFiles("*.csv").Select(file => LoadFile(warehouse.Connection, file))];

    /// <summary>Loads one code list; returns its table name.</summary>
    public static string LoadFile(IDbConnection connection, string file)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        var full = Path.GetFullPath(file).Replace("'", "''");
        connection.Execute(
            $"create or replace table ref.{name} as select * from read_csv('{full}', header = true, all_varchar = true, delim = ',', quote = '\"', encoding = 'utf-8')");
        return $"ref.{name}";
    }

    /// <summary>
    /// Writes <paramref name="table"/> (sha256, path, synthetic, real_periods): the bundled sample files, known by content
    /// as the landing names them. A value read from a file with synthetic = true is made up unless its period is one of
    /// real_periods; a file not listed is a publisher's delivery.
    /// </summary>
    public static void LoadSampleFiles(IDbConnection connection, string table, IEnumerable<SampleFileRow> files)
    {
        connection.Execute($"create or replace table {table} (sha256 varchar not null, path varchar not null, synthetic boolean not null, real_periods varchar[] not null)");
        foreach (var file in files)
            // The periods travel as one text split in SQL: a list parameter is not bound by every DuckDB.NET version.
            connection.Execute(
                $"insert into {table} select $sha, $path, $synthetic, case when $periods = '' then []::varchar[] else string_split($periods, chr(31)) end",
                new { sha = file.Sha256, path = file.Path, synthetic = file.Synthetic, periods = string.Join('\u001f', file.RealPeriods) });
    }
}
