using System.Security.Cryptography;
using TalentData.Loading;
using TalentData.Project;
using TalentData.Warehouse;

namespace TalentData.Running;

/// <summary>
/// What `talentdata run` would do now, worked out without writing anything (`run --plan`): which raw tables would
/// load, which models would rebuild and which datasets would be published again — or that nothing changed.
/// </summary>
public sealed record RunPlan(
    IReadOnlyList<(string Table, string Why)> Loads, IReadOnlyList<(string Model, string Why)> Models,
    IReadOnlyList<(string Dataset, string Why)> Datasets, string? UnchangedSince, IReadOnlyList<string> Notes)
{
    public bool NothingToDo => UnchangedSince is not null;

    public static RunPlan Make(RunOptions options)
    {
        var manifest = ProjectManifest.Load(options.RepoRoot, ReaderFormats.All);
        IReadOnlyList<PipelineDefinition> selected = options.Mode == RunMode.Publish ? []
            : options.Pipelines.Count == 0 ? manifest.Pipelines : [.. options.Pipelines.Select(manifest.Pipeline)];
        var notes = new List<string>();
        if (options.Mode == RunMode.Live && selected.Count > 0)
            notes.Add("live sources show whether they changed only when fetched; this plan assumes every publisher's file is the one last loaded");
        if (!File.Exists(options.Data.WorkPath))
        {
            return new RunPlan([.. selected.SelectMany(manifest.RawTablesOf).Select(t => (t.QualifiedName, "no run yet"))],
                [.. manifest.Models.Select(m => (m.QualifiedName, "no run yet"))], [.. manifest.Datasets.Select(d => (d.Dataset.Dataset, "no run yet"))], null, notes);
        }

        // Read-only: a running run holds the file, and the error says by whom.
        using var warehouse = Warehouse.Warehouse.OpenReadOnly(options.Data.WorkPath);
        var ledger = new RunLedger(warehouse, "", TimeProvider.System);
        var versions = new Dictionary<(string, string), string>(ledger.RawTableVersions());
        var loads = new List<(string, string)>();
        var manual = options.Manual;
        manual?.EnsureExists(selected.Single().Id);
        IEnumerable<RawTable> tables = manual is not null ? [manual.TableIn(manifest, selected.Single())]
            : options.Mode == RunMode.Sample ? selected.SelectMany(manifest.RawTablesOf) : [];
        foreach (var table in tables)
        {
            var file = manual?.File ?? ConfinedPath.Sample(options.RepoRoot, table.Source, table.Entity);
            var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
            var why = !warehouse.TableExists("raw", table.Name) ? "never loaded"
                : ledger.DefinitionChangedSinceLastLoad(table) ? "its definition in pipelines/ changed"
                : !ledger.LastLoadedSame(table, sha, configured: manual is null)
                    ? manual is null ? $"{table.Entity.Sample} changed (sha256 {sha[..12]}…)" : $"manual delivery {manual.File} (sha256 {sha[..12]}…)"
                : null;
            if (why is null)
                continue;
            loads.Add((table.QualifiedName, why));
            versions[(table.SourceId, table.Entity.Entity)] = "pending " + sha;
        }

        var inputs = RunInputs.Compute(manifest, options.Publish, versions);
        var existing = warehouse.Relations();
        var models = options.Full
            ? [.. manifest.Models.Select(m => (m.QualifiedName, "--full"))]
            : inputs.Changed(manifest, ledger.ModelBuilds())
                .Concat(manifest.Models.Where(m => !existing.Contains(m.QualifiedName)).Select(m => (m.QualifiedName, "its table is missing")))
                .DistinctBy(m => m.Item1).ToList();
        var previous = ledger.PreviousRun();
        if (!options.Full && loads.Count == 0 && previous is { Status: RunStatus.Succeeded } p && p.InputsSha256 == inputs.Run
            && RunStages.PublicationInPlace(manifest, options.Data))
            return new RunPlan([], [], [], ledger.PublishedFrom(inputs.Run) ?? p.RunId, notes);

        var rebuilt = models.Select(m => m.Item1).ToHashSet(StringComparer.Ordinal);
        var datasets = manifest.Datasets
            .Select(d => (d.Dataset.Dataset, Why: d.Relations.FirstOrDefault(rebuilt.Contains) is { } model ? $"reads {model}, which rebuilds"
                : models.Count == 0 ? previous is null ? "no run yet"
                    : previous.Status != RunStatus.Succeeded ? $"the last run, {previous.RunId}, {previous.Status}"
                    : "the project files, the publication settings or the published files changed since the last run"
                : null))
            .Where(d => d.Why is not null).Select(d => (d.Dataset, d.Why!)).ToList();
        notes.Add("checks run again and every dataset is protected again; a dataset whose files come out byte-identical keeps its release");
        return new RunPlan(loads, models, datasets, null, notes);
    }
}
