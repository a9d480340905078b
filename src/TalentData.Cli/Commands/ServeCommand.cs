using TalentData.Project;
using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using TalentData.Cli.Serve;

namespace TalentData.Cli.Commands;

public static class ServeCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var urls = new Option<string?>("--urls") { Description = "Where to listen (default from appsettings.json: http://127.0.0.1:5080)." };
        var dataDir = CommonOptions.DataDir();
        var city = CommonOptions.City();
        var mode = new Option<string?>("--mode") { Description = "sample or live, for the scheduled and triggered runs (default: Mode in appsettings.json)." };
        mode.AcceptOnlyFromAmong(RunMode.Sample.Name(), RunMode.Live.Name());
        var command = new Command("serve",
            "Run the Hangfire server and dashboard (/hangfire), the published exports (/opendata) and /health until stopped. " +
            "Further settings as --Section:Key=value (see docs/operations.md).")
        {
            urls, dataDir, city, mode,
        };
        // The rest of the command line is configuration (--Hangfire:Storage=InMemory ...), in the usual .NET order.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse =>
        {
            var args = parse.UnmatchedTokens.ToList();
            if (parse.GetValue(urls) is { } u) args.Add($"--urls={u}");
            if (parse.GetValue(mode) is { } m) args.Add($"--Mode={m}");
            try
            {
                // A city folder is served with its own data folder, so its jobs (Hangfire's SQLite file there), warehouse
                // and exports are its own, beside Dortmund's serve on another --urls.
                if (parse.GetValue(city) is { } c)
                    args.AddRange(Settings.RepoLocation.CityHostArguments(c, parse.GetValue(dataDir), args, Environment.GetEnvironmentVariable));
                else if (parse.GetValue(dataDir) is { } d)
                    args.Add($"--DataDir={Path.GetFullPath(d)}");
                var app = ServeApp.Build(args.ToArray());
                app.Run();
                return 0;
            }
            catch (TalentData.PipelineException ex)
            {
                error.WriteLine($"talentdata serve: {ex.Message}");
                return 1;
            }
        });
        return command;
    }
}
