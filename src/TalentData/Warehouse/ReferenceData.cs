using System.Data;
using Dapper;

namespace TalentData.Warehouse;

/// <summary>Loads the code lists in sql/reference/*.csv as ref.&lt;file stem&gt; tables, all text.</summary>
public static class ReferenceData
{
    public static IReadOnlyList<string> Load(Warehouse warehouse, string sqlRoot)
    {
        var directory = Path.Combine(sqlRoot, "reference");
        var loaded = new List<string>();
        if (!Directory.Exists(directory)) return loaded;
        foreach (var file in Directory.GetFiles(directory, "*.csv").Order(StringComparer.Ordinal))
            loaded.Add(LoadFile(warehouse.Connection, file));
        return loaded;
    }

    /// <summary>Loads one code list; returns its table name.</summary>
    public static string LoadFile(IDbConnection connection, string file)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        var full = Path.GetFullPath(file).Replace("'", "''");
        connection.Execute(
            $"create or replace table ref.{name} as select * from read_csv('{full}', header = true, all_varchar = true, delim = ',', quote = '\"', encoding = 'utf-8')");
        return $"ref.{name}";
    }
}
