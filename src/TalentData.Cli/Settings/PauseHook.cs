using TalentData.Running;

namespace TalentData.Cli.Settings;

/// <summary>
/// Test hook for the crash tests (tests/TalentData.Tests/Crash) and the worker tests (Jobs/WorkerScaleOutTests):
/// TALENTDATA_PAUSE_AT=&lt;step&gt;:&lt;phase&gt;:&lt;target&gt; (target '*' for any) makes the first run of the process
/// that reaches the matching progress event print "paused at …" and hold still, so a test can kill the process at a
/// known point. It resumes after TALENTDATA_PAUSE_SECONDS (default 120), so a forgotten process does not hang
/// forever, or as soon as the file TALENTDATA_PAUSE_RESUME_FILE names exists: a test that must let the process go on
/// creates it once it has seen what it waited for, instead of guessing a time that a busy machine may not keep.
/// Unset, it does nothing.
/// </summary>
public static class PauseHook
{
    public static Action<RunEvent> FromEnvironment(TextWriter output)
    {
        if (Environment.GetEnvironmentVariable("TALENTDATA_PAUSE_AT") is not { Length: > 0 } spec)
            return _ => { };
        var parts = spec.Split(':', 3);
        if (parts.Length != 3)
            throw new TalentData.PipelineException("", "config", $"TALENTDATA_PAUSE_AT must be <step>:<phase>:<target>, found '{spec}'.");
        var seconds = double.TryParse(Environment.GetEnvironmentVariable("TALENTDATA_PAUSE_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 120;
        var resumeFile = Environment.GetEnvironmentVariable("TALENTDATA_PAUSE_RESUME_FILE");
        var paused = false;
        return e =>
        {
            if (paused || e.Step != parts[0] || e.Phase != parts[1] || (parts[2] != "*" && e.Target != parts[2]))
                return;
            paused = true;
            output.WriteLine($"paused at {e.Step}:{e.Phase}:{e.Target} (pid {Environment.ProcessId})");
            output.Flush();
            if (resumeFile is not { Length: > 0 })
            {
                Thread.Sleep(TimeSpan.FromSeconds(seconds));
                return;
            }
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
            while (!File.Exists(resumeFile) && DateTime.UtcNow < until)
                Thread.Sleep(20);
        };
    }
}
