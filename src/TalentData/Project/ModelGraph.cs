namespace TalentData.Project;

/// <summary>
/// The models of sql/ and how they depend on each other. The order comes from the schema-qualified references in the
/// SQL itself: there is no list to maintain. A cycle or a reference to a name that nothing defines fails before
/// anything runs.
/// </summary>
public static class ModelGraph
{
    public static IReadOnlyList<SqlModel> Discover(string sqlRoot) => Discover(SqlFolders.Single(sqlRoot));

    /// <summary>The models of a city: its own staging and inputs, the repository's core and marts (<see cref="SqlFolders"/>).</summary>
    public static IReadOnlyList<SqlModel> Discover(SqlFolders folders)
    {
        var files = new[] { "staging", "inputs", "core", "marts" }
            .Select(layer => (Layer: layer, Directory: folders.Layer(layer)))
            .Where(l => Directory.Exists(l.Directory))
            .SelectMany(l => Directory.GetFiles(l.Directory, "*.sql", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(f => (l.Layer, File: f)));
        var models = files.Select(f => SqlModel.FromFile(f.Layer, f.File, folders.Shown(f.File))).ToList();
        var twice = models.GroupBy(m => m.QualifiedName).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new PipelineException("", "sql", $"{twice.Key} is defined twice: {string.Join(" and ", twice.Select(m => m.File))}.");
        return models;
    }

    /// <summary>
    /// The models this city builds, and for each it does not, the first <c>inputs.*</c> view it lacks. A model that reads an
    /// inputs view no file of the city defines is not configured, and so is every model that reads one that is not. A union
    /// of parts (<see cref="SqlModel.Parts"/>) is the union of the parts that are configured, and not configured only when
    /// none is; its SQL and references are narrowed to those parts, so its fingerprint follows what it really reads.
    /// </summary>
    public static (IReadOnlyList<SqlModel> Models, IReadOnlyDictionary<string, string> Missing) Configured(IReadOnlyList<SqlModel> models)
    {
        var defined = models.Select(m => m.QualifiedName).ToHashSet();
        var missing = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var m in models)
            foreach (var r in m.References)
                if (r.StartsWith("inputs.", StringComparison.Ordinal) && !defined.Contains(r))
                    missing[r] = r;
        var result = models.ToDictionary(m => m.QualifiedName);
        for (var changed = missing.Count > 0; changed;)
        {
            changed = false;
            foreach (var m in models.Where(m => !missing.ContainsKey(m.QualifiedName)))
            {
                if (m.Parts is { } parts)
                {
                    var built = parts.Where(p => !missing.ContainsKey(p)).ToList();
                    if (built.Count == 0)
                    {
                        missing[m.QualifiedName] = missing[parts[0]];
                        changed = true;
                    }
                    else if (built.Count < result[m.QualifiedName].References.Count)
                    {
                        result[m.QualifiedName] = m.WithParts(built);
                        changed = true;
                    }
                }
                else if (m.References.FirstOrDefault(missing.ContainsKey) is { } lacking)
                {
                    missing[m.QualifiedName] = missing[lacking];
                    changed = true;
                }
            }
        }
        foreach (var input in missing.Keys.Where(k => !defined.Contains(k)).ToList())
            missing.Remove(input);
        return ([.. models.Where(m => !missing.ContainsKey(m.QualifiedName)).Select(m => result[m.QualifiedName])], missing);
    }

    /// <summary>
    /// The shared core and marts read what a city gives through <c>inputs.*</c> (and <c>ref.*</c> and each other), never a
    /// city's <c>staging.*</c> or <c>raw.*</c>: that is what lets another city's folder provide the same inputs from its own
    /// sources. Checks follow the same rule. Refused naming the file and the relation.
    /// </summary>
    public static void RequireLayering(IEnumerable<(string File, string Layer, IReadOnlyList<string> References)> readers)
    {
        foreach (var (file, layer, references) in readers)
            if (layer is "core" or "marts" or "checks" &&
                references.FirstOrDefault(r => r.StartsWith("staging.", StringComparison.Ordinal) || r.StartsWith("raw.", StringComparison.Ordinal)) is { } reference)
                throw new PipelineException("", "sql",
                    $"{file} reads {reference}; the shared {layer} reads a city's data only through inputs.* (sql/inputs/<what it gives>.sql, " +
                    $"select * from the staging model), so another city can provide the same input. Read inputs.<what it gives> instead.");
    }

    /// <summary>
    /// Orders the models so that each comes after everything it reads. <paramref name="externalRelations"/> are the
    /// relations that exist without a model (ref.* tables and the raw tables the pipelines declare).
    /// </summary>
    public static IReadOnlyList<SqlModel> Order(IReadOnlyList<SqlModel> models, ISet<string> externalRelations)
    {
        var byName = models.ToDictionary(m => m.QualifiedName);
        foreach (var model in models)
            foreach (var reference in model.References)
                if (!byName.ContainsKey(reference) && !externalRelations.Contains(reference))
                    throw new PipelineException("", "sql",
                        $"{model.File} reads {reference}, but no file in sql/ defines it" +
                        (reference.StartsWith("raw.", StringComparison.Ordinal) ? " and no pipeline declares that raw table." : ".") +
                        " Check the spelling, or add the model.");

        var ordered = new List<SqlModel>();
        var state = new Dictionary<string, int>(); // 1 = visiting, 2 = done
        var stack = new List<string>();

        void Visit(SqlModel m)
        {
            if (state.TryGetValue(m.QualifiedName, out var s))
            {
                if (s == 2) return;
                var start = stack.IndexOf(m.QualifiedName);
                var cycle = stack.Skip(start).Append(m.QualifiedName);
                throw new PipelineException("", "sql", $"The models form a cycle: {string.Join(" -> ", cycle)}. A model may only read models that do not read it back.");
            }
            state[m.QualifiedName] = 1;
            stack.Add(m.QualifiedName);
            foreach (var reference in m.References)
                if (byName.TryGetValue(reference, out var dependency) && dependency != m)
                    Visit(dependency);
            stack.RemoveAt(stack.Count - 1);
            state[m.QualifiedName] = 2;
            ordered.Add(m);
        }

        foreach (var m in models.OrderBy(m => Array.IndexOf(SqlModel.Layers, m.Schema)).ThenBy(m => m.QualifiedName, StringComparer.Ordinal))
            Visit(m);
        return ordered;
    }

    /// <summary>Everything that reads <paramref name="name"/>, directly or through other models.</summary>
    public static ISet<string> Downstream(IReadOnlyList<SqlModel> models, string name)
    {
        var result = new HashSet<string>();
        var frontier = new Queue<string>([name]);
        while (frontier.TryDequeue(out var current))
            foreach (var m in models.Where(m => m.References.Contains(current)))
                if (result.Add(m.QualifiedName)) frontier.Enqueue(m.QualifiedName);
        return result;
    }

    /// <summary>Everything <paramref name="name"/> reads, directly or through other models (relations included).</summary>
    public static ISet<string> Upstream(IReadOnlyList<SqlModel> models, string name)
    {
        var byName = models.ToDictionary(m => m.QualifiedName);
        var result = new HashSet<string>();
        var frontier = new Queue<string>([name]);
        while (frontier.TryDequeue(out var current))
            if (byName.TryGetValue(current, out var m))
                foreach (var r in m.References)
                    if (result.Add(r)) frontier.Enqueue(r);
        return result;
    }
}
