using System.CommandLine;
using TalentData.Cli.Commands;

namespace TalentData.Cli;

public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Parses and runs one command line; exit codes: 0 success, 1 the work failed, 2 usage error.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("talentdata — a city's talent-indicator warehouse: load sources, build indicators, publish open data.")
        {
            RunCommand.Create(output, error),
            RunCommand.CreatePublish(output, error),
            QueryCommand.Create(output, error),
            StatusCommand.Create(output, error),
            ServeCommand.Create(output, error),
            InspectCommand.Create(output, error),
            WorkerCommand.Create(output, error),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
                error.WriteLine($"talentdata: {e.Message}");
            error.WriteLine("Run 'talentdata --help' for usage.");
            return 2;
        }
        var config = new InvocationConfiguration { Output = output, Error = error };
        return parse.Invoke(config);
    }
}
