using System.CommandLine;
using System.Globalization;
using TalentData.Cli.Settings;
using TalentData.Loading;

namespace TalentData.Cli.Commands;

/// <summary>
/// <c>talentdata inspect FILE</c>: what a new file holds and a first pipeline YAML and staging model that load it as it is,
/// so that adding a real table starts from its own header paths instead of typing them by hand.
/// </summary>
public static class InspectCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "The file to inspect: a GENESIS table CSV, a GENESIS flat file or its zip, a BA CSV table or an Opendatasoft export." };
        var id = new Option<string?>("--id") { Description = "The source id of the draft (default: one derived from the file, e.g. regionalstatistik_21111_01_03_4)." };
        var outDir = new Option<string?>("--out")
        {
            Description = "A project folder to write pipelines/<id>.yaml and sql/staging/<id>/ into (and the file with its provenance.yaml into sample-data/<id>/ unless it is under sample-data/ already). " +
                          "Without it, everything goes to stdout.",
        };
        var command = new Command("inspect", "Detect a file's format, encoding, header rows, value columns, periods, area keys and symbols, and draft a pipeline YAML and staging SQL that load it as it is.")
        {
            file, id, outDir,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            try
            {
                var inspection = FileInspector.Inspect(path);
                var project = parse.GetValue(outDir) is { } o ? Path.GetFullPath(o) : ProjectRoot();
                var draft = new SourceDraft(inspection, parse.GetValue(id), SamplePath(project, path));
                WriteReport(inspection, output);
                if (parse.GetValue(outDir) is null)
                {
                    foreach (var (relative, text) in Files(draft))
                    {
                        output.WriteLine();
                        output.WriteLine($"==> {relative} <==");
                        output.Write(text);
                    }
                    return 0;
                }
                output.WriteLine();
                var target = project!;
                var written = Files(draft).Select(f => (f.Relative, Full: Path.Combine(target, f.Relative), f.Text)).ToList();
                var existing = written.Where(f => File.Exists(f.Full)).Select(f => f.Relative).ToList();
                if (existing.Count > 0)
                {
                    error.WriteLine($"talentdata inspect: {string.Join(", ", existing)} already exist in {target}; expected a new source. Choose another --id.");
                    return 1;
                }
                var sample = Path.Combine(target, draft.Sample);
                if (!File.Exists(sample))
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(sample)!);
                    File.Copy(path, sample);
                    output.WriteLine($"copied   {path} to {draft.Sample}");
                    // Every bundled file is declared real or synthetic; a new folder gets its declaration with the file.
                    var provenance = Path.Combine(Path.GetDirectoryName(sample)!, TalentData.Fetching.SampleProvenance.FileName);
                    if (!File.Exists(provenance))
                    {
                        File.WriteAllText(provenance, draft.ProvenanceYaml());
                        output.WriteLine($"wrote    {Path.GetRelativePath(target, provenance).Replace('\\', '/')}");
                    }
                }
                foreach (var f in written)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(f.Full)!);
                    File.WriteAllText(f.Full, f.Text);
                    output.WriteLine($"wrote    {f.Relative}");
                }
                output.WriteLine($"Next: decide the TODOs, then `talentdata run --pipeline {draft.Id}`. The shared core reads it once an input view " +
                                 $"sql/inputs/<what it gives>.sql selects from staging.{draft.ModelName} (pipelines/README.md).");
                return 0;
            }
            catch (TalentData.PipelineException ex)
            {
                error.WriteLine($"talentdata inspect: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    static IEnumerable<(string Relative, string Text)> Files(SourceDraft draft) =>
    [
        (draft.PipelinePath, draft.PipelineYaml()),
        (draft.StagingSqlPath, draft.StagingSql()),
        (draft.StagingYamlPath, draft.StagingYaml()),
    ];

    /// <summary>The project the draft is for: the repository talentdata runs in, or none outside one.</summary>
    static string? ProjectRoot()
    {
        try { return RepoLocation.FindRepoRoot(); }
        catch (TalentData.PipelineException) { return null; }
    }

    /// <summary>The file's own path when it already lies in the project's sample-data/, else null (the draft names sample-data/&lt;id&gt;/).</summary>
    static string? SamplePath(string? project, string file)
    {
        if (project is null) return null;
        var relative = Path.GetRelativePath(project, Path.GetFullPath(file)).Replace('\\', '/');
        return relative.StartsWith("sample-data/", StringComparison.Ordinal) ? relative : null;
    }

    static void WriteReport(FileInspection f, TextWriter o)
    {
        static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
        o.WriteLine($"file           {f.Path}" + (f.ZipEntry is null ? "" : $" (a zip holding {f.ZipEntry})"));
        o.WriteLine($"format         {f.Format}" + (f.TableCode is null ? "" : $", table {f.TableCode}") + (f.Title is { Length: > 0 } t ? $": {t}" : ""));
        o.WriteLine($"encoding       {f.Encoding}, {(f.ByteOrderMark ? "with" : "without")} byte-order mark");
        o.WriteLine($"separator      '{(f.Separator == '\t' ? "\\t" : f.Separator.ToString())}'");
        o.WriteLine($"header rows    {f.HeaderRows}" + (f.FirstHeaderLine > 0 ? $", from line {f.FirstHeaderLine}" : ""));
        if (f.Format == "genesis_table_csv")
        {
            o.WriteLine($"period         {f.PeriodPosition}");
            o.WriteLine($"label columns  {f.LabelColumns.Count}" +
                        string.Concat(f.LabelColumns.Select((l, i) => $"\n  label_{i + 1,-12} {string.Join(", ", l)}, …")));
        }
        if (f.Columns.Count > 0)
        {
            o.WriteLine(f.Format switch
            {
                "genesis_table_csv" => $"value columns  {f.Columns.Count}, by header path (measure drafted from it):",
                "ba_csv" => $"value headers  {f.Columns.Count}:",
                _ => $"columns        {f.Columns.Count}:",
            });
            foreach (var (c, i) in f.Columns.Select((c, i) => (c, i)))
                o.WriteLine($"  {i + 1,3}  \"{c.Header}\"" + (c.Measure == c.Header ? "" : $"  -> {c.Measure}"));
        }
        foreach (var v in f.Variables)
            o.WriteLine($"variable       {v.Code} ({v.Label}): {string.Join(", ", v.Examples.Select(e => e.Length == 0 ? "(empty)" : e))}, …  -> {v.Name}");
        foreach (var v in f.ValueVariables)
            o.WriteLine($"value variable {v.Header}  -> {v.Measure}");
        foreach (var s in f.Sections)
            o.WriteLine($"section        {s.Label}: {s.Rows.Count} rows ({string.Join("; ", s.Rows.Take(3))}{(s.Rows.Count > 3 ? "; …" : "")})");
        o.WriteLine($"periods        {(f.Periods.Count == 0 ? "none recognised" : $"{f.Periods.Count}: {string.Join(", ", f.Periods.Take(12))}{(f.Periods.Count > 12 ? ", …" : "")}")}");
        if (f.AreaKeyCount > 0)
            o.WriteLine($"area keys      {N(f.AreaKeyCount)}, e.g. {string.Join(", ", f.AreaKeyExamples)}");
        o.WriteLine($"symbols        {(f.Symbols.Count == 0 ? "none" : string.Join(", ", f.Symbols.Select(s => $"'{s.Key}' {N(s.Value)}×")))}");
        o.WriteLine($"data rows      {N(f.DataRows)}" + (f.BadRows == 0 ? "" : $"; {N(f.BadRows)} the reader would quarantine, first {f.FirstBadRow}"));
    }
}
