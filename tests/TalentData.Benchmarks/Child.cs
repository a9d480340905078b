using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace TalentData.Benchmarks;

/// <summary>
/// Runs one case in a fresh process and reads back its result: timings measured inside, and the memory the case
/// needed at its peak, so one case's heap or DuckDB buffers never count against the next.
/// </summary>
public static class Child
{
    const string Marker = "RESULT ";

    /// <summary>Entry point in the child: run the case, add memory figures, print one result line.</summary>
    public static int RunHere(string name, string repoRoot, string input, string workDir)
    {
        long peakManaged = 0;
        using var stop = new CancellationTokenSource();
        var sampler = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(false));
                Thread.Sleep(10);
            }
        }) { IsBackground = true };
        sampler.Start();
        var result = IngestCases.Run(name, repoRoot, input, workDir);
        stop.Cancel();
        sampler.Join();
        result = result with
        {
            PeakRssBytes = PeakRss(),
            PeakManagedBytes = Math.Max(peakManaged, GC.GetTotalMemory(false)),
            AllocatedBytes = GC.GetTotalAllocatedBytes(precise: true),
        };
        Console.WriteLine(Marker + JsonSerializer.Serialize(result));
        return 0;
    }

    /// <summary>The kernel's high-water mark of this process's resident set (VmHWM in /proc/self/status).</summary>
    public static long PeakRss()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        return 0;
    }

    /// <summary>Starts this program as `child …` and returns what the case reported.</summary>
    public static CaseResult Run(string name, string repoRoot, string input, string workDir)
    {
        Directory.CreateDirectory(workDir);
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            info.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
        foreach (var a in new[] { "child", name, repoRoot, input, workDir }) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(Marker, StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
            throw new InvalidOperationException($"case {name} on {input} failed (exit {process.ExitCode}):\n{output}\n{errors.Result}");
        return JsonSerializer.Deserialize<CaseResult>(line[Marker.Length..])!;
    }
}
