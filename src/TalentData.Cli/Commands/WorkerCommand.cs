using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TalentData.Cli.Worker;
using TalentData.Project;

namespace TalentData.Cli.Commands;

public static class WorkerCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var dataDir = CommonOptions.DataDir();
        var city = CommonOptions.City();
        var mode = new Option<string?>("--mode") { Description = "sample or live, for the runs this worker does (default: Mode in appsettings.json)." };
        mode.AcceptOnlyFromAmong(RunMode.Sample.Name(), RunMode.Live.Name());
        var command = new Command("worker",
            "Run jobs from the PostgreSQL queue shared with `talentdata serve` (TalentData__Hangfire__Storage=postgres, " +
            "TalentData__Hangfire__ConnectionString) until stopped; no dashboard, no web server. Further settings as " +
            "--Section:Key=value (see docs/operations.md).")
        {
            dataDir, city, mode,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse =>
        {
            var args = parse.UnmatchedTokens.ToList();
            if (parse.GetValue(mode) is { } m) args.Add($"--Mode={m}");
            try
            {
                // A city's worker takes only that city's jobs: its own schema on the shared PostgreSQL (as its serve).
                if (parse.GetValue(city) is { } c)
                    args.AddRange(Settings.RepoLocation.CityHostArguments(c, parse.GetValue(dataDir), args, Environment.GetEnvironmentVariable));
                else if (parse.GetValue(dataDir) is { } d)
                    args.Add($"--DataDir={Path.GetFullPath(d)}");
                using var host = WorkerApp.Build(args.ToArray(), out var settings);
                host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() =>
                {
                    output.WriteLine(WorkerApp.StartedLine(settings));
                    output.Flush();
                });
                host.Run();
                return 0;
            }
            catch (TalentData.PipelineException ex)
            {
                error.WriteLine($"talentdata worker: {ex.Message}");
                return 1;
            }
        });
        return command;
    }
}
