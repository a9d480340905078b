using TalentData.Project;

namespace TalentData.Tests.TestSupport;

/// <summary>
/// The project cut down to some of its pipelines: their pipeline files and samples, the models built from nothing but
/// their raw tables and sql/reference, the custom checks that read only those models and the datasets of the marts
/// that remain. What is cut is derived from the project's own manifest, so a new model or check lands on the right
/// side by itself. For tests whose subject is the run's machinery (kills, cancellation), not the figures: such a
/// project crosses every stage of a run at a fraction of its cost. Working it out copies nothing, so test cases can be
/// named from it.
/// </summary>
public sealed record ReducedProject(
    IReadOnlyList<RawTable> RawTables, IReadOnlyList<SqlModel> Models, IReadOnlyList<DatasetLineage> Datasets,
    IReadOnlyList<string> DroppedFiles, IReadOnlyList<string> DroppedSampleFolders)
{
    public static ReducedProject Of(params string[] pipelines)
    {
        var manifest = RepoManifest.Instance;
        var unknown = pipelines.Except(manifest.Pipelines.Select(p => p.Id)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"no pipeline {string.Join(", ", unknown)} in {manifest.PipelinesDir}", nameof(pipelines));

        var dropped = new List<string>();
        var rawTables = manifest.RawTables.Where(t => pipelines.Contains(t.SourceId)).ToList();
        var available = rawTables.Select(t => t.QualifiedName).Concat(manifest.ReferenceTables).ToHashSet(StringComparer.Ordinal);
        var models = new List<SqlModel>();
        foreach (var model in manifest.Models) // in build order: what a model reads is decided before it
        {
            if (model.References.All(available.Contains))
            {
                available.Add(model.QualifiedName);
                models.Add(model);
            }
            else
                dropped.AddRange([model.File, Path.ChangeExtension(model.File, ".yaml")]);
        }
        foreach (var check in manifest.Checks.Where(c => !c.Models.All(available.Contains)))
        {
            if (check.File.StartsWith("sql/checks/", StringComparison.Ordinal))
                dropped.Add(check.File);
            // A generic check lives in its model's YAML: one of a kept model that reads a dropped model cannot be cut out.
            else if (!dropped.Contains(check.File))
                throw new InvalidOperationException(
                    $"{check.File}: check {check.Name} reads {string.Join(", ", check.Models.Where(m => !available.Contains(m)))}, which the project cut down to {string.Join(", ", pipelines)} drops; keep their sources too.");
        }
        var droppedPipelines = manifest.Pipelines.Where(p => !pipelines.Contains(p.Id)).ToList();
        dropped.AddRange(droppedPipelines.Select(p => "pipelines/" + Path.GetFileName(p.File)));
        var sampleFolders = droppedPipelines.Select(p => "sample-data/" + p.Id).Where(f => Directory.Exists(Path.Combine(RepoPaths.Root, f))).ToList();
        return new ReducedProject(rawTables, models, [.. manifest.Datasets.Where(d => available.Contains(d.Dataset.Mart))], dropped, sampleFolders);
    }
}
