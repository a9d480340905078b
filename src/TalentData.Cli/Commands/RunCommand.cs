using TalentData.Cli.Settings;
using TalentData.Running;
using System.CommandLine;
using Spectre.Console;
using TalentData.Project;

namespace TalentData.Cli.Commands;

public static class RunCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var pipelines = new Option<string[]>("--pipeline")
        {
            Description = "Run only this pipeline (repeatable); default: all pipelines in pipelines/.",
            AllowMultipleArgumentsPerToken = false,
        };
        var dataDir = CommonOptions.DataDir();
        var city = CommonOptions.City();
        var mode = new Option<string>("--mode")
        {
            Description = "sample: load the bundled files in sample-data/; live: fetch the publishers' URLs.",
            DefaultValueFactory = _ => RunMode.Sample.Name(),
        };
        mode.AcceptOnlyFromAmong(RunMode.Sample.Name(), RunMode.Live.Name());
        var (full, plan) = (FullOption(), PlanOption());
        var file = new Option<string?>("--file")
        {
            Description = "Load this downloaded file (a new vintage, a correction) for the one --pipeline instead of its configured file; "
                        + "recorded as a manual delivery. Committed configuration stays as it is.",
        };
        var entity = new Option<string?>("--entity")
        {
            Description = "With --file: the entity of the pipeline the file holds (needed when the pipeline declares several).",
        };
        var command = new Command("run", "Run the pipelines once: land, load raw, build the SQL models whose inputs changed, check, publish.")
        {
            pipelines, dataDir, city, mode, full, plan, file, entity,
        };
        command.SetAction(parse =>
        {
            var chosen = parse.GetValue(pipelines) ?? [];
            var manual = ManualDeliveryOf(parse.GetValue(file), parse.GetValue(entity), chosen);
            if (manual is { Usage: { } usage })
            {
                error.WriteLine($"talentdata run: {usage}");
                return 2;
            }
            return Execute("run", parse.GetValue(city), parse.GetValue(dataDir), chosen, parse.GetValue(mode)!, parse.GetValue(full), parse.GetValue(plan), output, error, manual?.Delivery);
        });
        return command;
    }

    /// <summary>The manual delivery --file and --entity ask for, or the usage error they make (exit 2); null without --file.</summary>
    static (ManualDelivery? Delivery, string? Usage)? ManualDeliveryOf(string? file, string? entity, IReadOnlyList<string> pipelines)
    {
        if (file is null)
            return entity is null ? null : (null, "--entity names the entity a --file holds; give --file PATH and --pipeline ID with it.");
        if (pipelines.Count != 1)
            return (null, $"--file {file} needs exactly one --pipeline ID, the pipeline the file is a delivery of; found {(pipelines.Count == 0 ? "none" : string.Join(", ", pipelines))}.");
        if (file.Length == 0)
            return (null, "--file needs a path, found an empty one.");
        return (new ManualDelivery(Path.GetFullPath(file), entity), null);
    }

    static Option<bool> FullOption() => new("--full")
    {
        Description = "Rebuild every model and protect and publish every dataset again, even where nothing changed.",
    };

    static Option<bool> PlanOption() => new("--plan")
    {
        Description = "Print what would load, rebuild and be published again, and why, without running or writing anything.",
    };

    /// <summary>
    /// `talentdata publish`: rebuild the models from what is loaded, check, and publish (disclosure control, every format,
    /// the catalogue, the snapshot) without fetching or loading any source.
    /// </summary>
    public static Command CreatePublish(TextWriter output, TextWriter error)
    {
        var dataDir = CommonOptions.DataDir();
        var city = CommonOptions.City();
        var (full, plan) = (FullOption(), PlanOption());
        var site = new Option<string?>("--site")
        {
            Description = "Instead of publishing: render the atlas of the latest release (pages in both languages, charts, embeds, "
                        + "provenance, Städtevergleich, the open-data files, assets) into DIR as plain files for any web server or CDN "
                        + "(see docs/static-site.md). DIR is replaced only when the new site is complete.",
            HelpName = "DIR",
        };
        var baseUrl = new Option<string?>("--base-url")
        {
            Description = "With --site: the public address the site is served at; links are made under it instead of relative.",
            HelpName = "URL",
        };
        var serverUrl = new Option<string?>("--server-url")
        {
            Description = "With --site: the dynamic server (`talentdata serve`) that answers what static files cannot: views with a chosen "
                        + "year, level or district, comparisons and searches typed into the forms, the operators' page.",
            HelpName = "URL",
        };
        var command = new Command("publish", "Rebuild what changed, check and publish from what is loaded, without fetching any source.")
        {
            dataDir, city, full, plan, site, baseUrl, serverUrl,
        };
        command.SetAction(parse =>
        {
            var (siteDir, publicUrl, server) = (parse.GetValue(site), parse.GetValue(baseUrl), parse.GetValue(serverUrl));
            if (siteDir is null)
            {
                if ((publicUrl ?? server) is not null)
                {
                    error.WriteLine($"talentdata publish: {(publicUrl is not null ? "--base-url" : "--server-url")} belongs to --site DIR; give --site or leave it out.");
                    return 2;
                }
                return Execute("publish", parse.GetValue(city), parse.GetValue(dataDir), [], "publish", parse.GetValue(full), parse.GetValue(plan), output, error);
            }
            if (parse.GetValue(full) || parse.GetValue(plan))
            {
                error.WriteLine("talentdata publish: --site renders the latest release as it stands; --full and --plan are for publishing, give them without --site.");
                return 2;
            }
            foreach (var (name, value) in new[] { ("--base-url", publicUrl), ("--server-url", server) })
                if (value is not null && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Query.Length == 0 && uri.Fragment.Length == 0))
                {
                    error.WriteLine($"talentdata publish: {name} must be an absolute http(s) address without query or fragment, like https://atlas.example.org/; found '{value}'.");
                    return 2;
                }
            if (siteDir.Length == 0)
            {
                error.WriteLine("talentdata publish: --site needs a folder, found an empty one.");
                return 2;
            }
            return PublishSite(siteDir, parse.GetValue(city), parse.GetValue(dataDir), publicUrl, server, output, error);
        });
        return command;
    }

    static int PublishSite(string siteDir, string? city, string? dataDir, string? baseUrl, string? serverUrl, TextWriter output, TextWriter error)
    {
        try
        {
            var root = RepoLocation.FindProjectRoot(city);
            var started = System.Diagnostics.Stopwatch.StartNew();
            var result = new TalentData.Cli.Site.StaticSite(root, RepoLocation.ResolveDataDir(dataDir, root), baseUrl, serverUrl)
                .PublishAsync(siteDir).GetAwaiter().GetResult();
            output.WriteLine($"site: {result.Pages} pages, {result.Files} files in all -> {result.Folder} ({started.Elapsed.TotalSeconds:F0} s)");
            output.WriteLine(serverUrl is null
                ? "  links to views with a chosen year, level or district lead to the page without those choices; give --server-url to send them to `talentdata serve`"
                : $"  {result.ToServer} links lead to the dynamic server at {serverUrl}");
            return 0;
        }
        catch (TalentData.PipelineException ex)
        {
            error.WriteLine($"talentdata publish --site: {ex.Message}");
            return 1;
        }
    }

    static int Execute(string verb, string? city, string? dataDir, IReadOnlyList<string> pipelines, string mode, bool full, bool plan, TextWriter output, TextWriter error,
        ManualDelivery? manual = null)
    {
        try
        {
            var root = RepoLocation.FindProjectRoot(city);
            var options = new RunOptions(root, RepoLocation.ResolveDataDir(dataDir, root), pipelines, RunModes.Parse(mode))
            {
                Publish = TalentData.Publishing.PublishSettings.FromEnvironment(Environment.GetEnvironmentVariable, mode),
                ProgressEveryRows = ProgressRows(Environment.GetEnvironmentVariable("TalentData__Run__ProgressRows")),
                Landing = TalentData.Fetching.LandingRetention.FromEnvironment(Environment.GetEnvironmentVariable),
                Full = full,
                Manual = manual,
            };
            // A missing file is said before the data folder is touched, as a plan would.
            manual?.EnsureExists(pipelines[0]);
            if (plan)
            {
                PrintPlan(RunPlan.Make(options), output);
                return 0;
            }
            // Before DuckDB opens anything: its own error for a read-only folder is a stack trace naming no folder.
            options.Data.EnsureWritable();
            if (options.Publish.DefaultBaseUrlNotice() is { } notice)
                output.WriteLine($"talentdata {verb}: {notice}");
            var interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
            var pause = PauseHook.FromEnvironment(output);
            var report = interactive ? RunWithProgress(options, pause) : new PipelineRunner(options, TimeProvider.System, e => { PlainLine(output, e); pause(e); }).Run();
            Summarise(report, options, output, error);
            return report.Succeeded ? 0 : 1;
        }
        catch (TalentData.PipelineException ex)
        {
            error.WriteLine($"talentdata {verb}: {ex.Message}");
            return 1;
        }
    }

    static long ProgressRows(string? value) =>
        value is not { Length: > 0 } ? TalentData.Loading.RawLoader.DefaultProgressEveryRows
        : long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var rows) && rows > 0 ? rows
        : throw new TalentData.PipelineException("", "config", $"TalentData__Run__ProgressRows must be a whole number of rows above 0, found '{value}'.");

    static RunReport RunWithProgress(RunOptions options, Action<RunEvent> pause)
    {
        RunReport? report = null;
        AnsiConsole.Status().Spinner(Spinner.Known.Dots).Start("starting", ctx =>
        {
            report = new PipelineRunner(options, TimeProvider.System, e =>
            {
                var label = $"{e.Step} {(e.SourceId is null ? "" : e.SourceId + " ")}{e.Target}";
                switch (e.Phase)
                {
                    case "end" or "pruned":
                        AnsiConsole.MarkupLineInterpolated($"[green]✓[/] {label} [grey]{e.Detail ?? ""}[/]");
                        break;
                    case RunStatus.Failed:
                        AnsiConsole.MarkupLineInterpolated($"[red]✗[/] {label}: {e.Detail ?? ""}");
                        break;
                    case RunStatus.Skipped:
                        AnsiConsole.MarkupLineInterpolated($"[grey]– {label}: {e.Detail ?? ""}[/]");
                        break;
                    default:
                        ctx.Status($"{label} {e.Detail}".EscapeMarkup());
                        break;
                }
                pause(e);
            }).Run();
        });
        return report!;
    }

    static void PlainLine(TextWriter output, RunEvent e)
    {
        if (e.Phase is "start" or "model") return;
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {e.Step,-8} {e.Phase,-6} {(e.SourceId is null ? "" : e.SourceId + " ")}{e.Target} {e.Detail}".TrimEnd());
    }

    static void PrintPlan(RunPlan plan, TextWriter output)
    {
        if (plan.NothingToDo)
            output.WriteLine($"nothing to do: no source, model, check, setting or code changed since run {plan.UnchangedSince}, whose publication stands");
        else
        {
            void Section(string title, IReadOnlyList<(string Name, string Why)> items)
            {
                output.WriteLine($"{title} ({items.Count}){(items.Count == 0 ? ": none" : ":")}");
                foreach (var (name, why) in items)
                    output.WriteLine($"  {name}: {why}");
            }
            Section("would load", plan.Loads);
            Section("would rebuild", plan.Models);
            Section("would publish again", plan.Datasets);
        }
        foreach (var note in plan.Notes)
            output.WriteLine($"note: {note}");
    }

    static void Summarise(RunReport report, RunOptions options, TextWriter output, TextWriter error)
    {
        output.WriteLine($"run {report.RunId}: {report.Status}");
        if (report.UnchangedSince is not null && report.Sources.Count == 0)
            output.WriteLine("  sources: not read; the project files and sample data are those of the last run");
        else
            output.WriteLine($"  sources: {report.Sources.Count(s => s.Status == SourceStatus.Loaded)} loaded, {report.Sources.Count(s => s.Status == SourceStatus.Unchanged)} unchanged, {report.Sources.Count(s => s.Status == SourceStatus.Failed)} failed; {report.QuarantinedRows} rows quarantined");
        if (report.UnchangedSince is { } since)
        {
            output.WriteLine($"  nothing changed since run {since}: its models, checks and publication stand -> {Path.GetRelativePath(Directory.GetCurrentDirectory(), options.ExportsRoot)}");
            return;
        }
        output.WriteLine($"  models:  {report.Models.Count(m => m.Status == ModelStatus.Built)} built, {report.Models.Count(m => m.Status == ModelStatus.Unchanged)} unchanged, {report.Models.Count(m => m.Status == ModelStatus.Failed)} failed, {report.Models.Count(m => m.Status == ModelStatus.Skipped)} skipped");
        output.WriteLine($"  checks:  {report.Checks.Count(c => c.Passed)} passed, {report.Checks.Count(c => c.FailedError)} failed, {report.Checks.Count(c => c.Warned)} warnings, {report.Checks.Count(c => !c.Ran)} not run");
        output.WriteLine($"  published: {(report.Published.Count == 0 ? "nothing" : string.Join(", ", report.Published))} -> {Path.GetRelativePath(Directory.GetCurrentDirectory(), options.ExportsRoot)}");
        foreach (var d in report.NotConfigured)
            output.WriteLine($"  {d.Name}: {d.Reason}");
        foreach (var c in report.Checks.Where(c => !c.Passed))
            output.WriteLine($"  {(!c.Ran ? "not run" : c.Severity == "error" ? "FAILED" : "warning")} {c.Check}: {c.Summary}");
        if (report.Error is not null)
            error.WriteLine(report.Error);
    }
}
