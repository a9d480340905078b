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
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var full = Path.GetFullPath(file).Replace("'", "''");
            warehouse.Connection.Execute(
                $"create or replace table ref.{name} as select * from read_csv('{full}', header = true, all_varchar = true, delim = ',', quote = '\"', encoding = 'utf-8')");
            loaded.Add($"ref.{name}");
        }
        return loaded;
    }
}
