using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace TalentData.Tests.Crash;

/// <summary>
/// The built `talentdata` executable in a child process, as an operator or a scheduler starts it. Output is
/// collected as it arrives so a test can wait for a line; every wait is bounded and Dispose kills the process
/// if it still runs, so no test leaves one behind.
/// </summary>
public sealed class CliProcess : IDisposable
{
    static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "talentdata.dll");
    static readonly string Host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    readonly Process process;
    readonly StringBuilder stdout = new();
    readonly StringBuilder stderr = new();
    readonly object gate = new();

    public int Id => process.Id;

    CliProcess(Process process) => this.process = process;

    /// <summary>Starts `talentdata args…` with TALENTDATA_ROOT set; extra variables such as TALENTDATA_PAUSE_AT are added.</summary>
    public static CliProcess Start(string repoRoot, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo(Host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["TALENTDATA_ROOT"] = repoRoot;
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment.Remove("TALENTDATA_PAUSE_AT");
        info.Environment.Remove("TALENTDATA_PAUSE_SECONDS");
        info.Environment.Remove("TALENTDATA_PAUSE_RESUME_FILE");
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
            info.Environment[k] = v;
        var process = new Process { StartInfo = info };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (cli.gate) cli.stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (cli.gate) cli.stderr.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    public string Output { get { lock (gate) return stdout.ToString(); } }
    public string Error { get { lock (gate) return stderr.ToString(); } }

    public bool HasExited => process.HasExited;

    /// <summary>Waits until a line of standard output matches, and returns it; fails the test when the process ends first or time runs out.</summary>
    public string WaitForLine(Regex pattern, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            var match = pattern.Match(Output);
            if (match.Success) return match.Value;
            if (process.HasExited)
            {
                process.WaitForExit(); // drains the asynchronous readers
                match = pattern.Match(Output);
                if (match.Success) return match.Value;
                Assert.Fail($"talentdata exited with {process.ExitCode} before printing /{pattern}/.\nstdout:\n{Output}\nstderr:\n{Error}");
            }
            Thread.Sleep(20);
        }
        Assert.Fail($"talentdata did not print /{pattern}/ within {timeout.TotalSeconds} s.\nstdout:\n{Output}\nstderr:\n{Error}");
        return "";
    }

    /// <summary>SIGKILL: no finally blocks, no dispose, no flush; what a power cut or the OOM killer does.</summary>
    public void KillHard()
    {
        process.Kill();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            Assert.Fail($"talentdata {process.Id} did not die within 30 s of SIGKILL.");
        process.WaitForExit();
    }

    /// <summary>SIGKILL from any thread (a file watcher's), without waiting or asserting.</summary>
    public void KillNow()
    {
        try { process.Kill(); }
        catch (InvalidOperationException) { }
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout))
            Assert.Fail($"talentdata did not finish within {timeout.TotalSeconds} s.\nstdout:\n{Output}\nstderr:\n{Error}");
        process.WaitForExit();
        return process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(TimeSpan.FromSeconds(30));
            }
        }
        catch (InvalidOperationException) { }
        process.Dispose();
    }
}
