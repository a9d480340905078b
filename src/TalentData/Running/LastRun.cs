using System.Diagnostics;
using System.Text.Json;
using TalentData.Project;

namespace TalentData.Running;

/// <summary>
/// The latest run as data/warehouse/last-run.json says it: written when a run has the warehouse and when it ends, by
/// whichever process runs it (the CLI, a cron job, a dashboard job). The ledger in work.duckdb is the full record, but
/// only the running job may open that file (DuckDB locks all of it), and the snapshot's ledger ends with the last
/// published run; /health and the operators' page read this file to see a run from the command line, a failed run, or
/// one that is going now.
/// </summary>
public sealed record LastRun(string? RunId, string Status, string Mode, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt,
    string? Error, string? UnchangedSince, string Host, int ProcessId)
{
    /// <summary>How each raw table's load ended (rows, quarantined rows, message); empty until the run ends.</summary>
    public IReadOnlyList<SourceOutcome> Sources { get; init; } = [];
    /// <summary>The checks that failed or warned, with severity and failing rows.</summary>
    public IReadOnlyList<FailedCheck> FailedChecks { get; init; } = [];
    /// <summary>The datasets the run withheld, each with the reason.</summary>
    public IReadOnlyList<string> Withheld { get; init; } = [];

    internal LastRun Ended(RunReport report, DateTimeOffset now) => this with
    {
        RunId = report.RunId, Status = report.Status, FinishedAt = now, Error = report.Error, UnchangedSince = report.UnchangedSince,
        Sources = report.Sources, Withheld = report.Withheld,
        FailedChecks = [.. report.Checks.Where(c => c.Ran && !c.Passed).Select(c => new FailedCheck(c.Check, c.Severity, c.FailingRows, c.Error))],
    };

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>
    /// "running" while the process that wrote it lives; a run whose process on this host has gone without ending it was
    /// killed or lost power, and reads "interrupted" (the next run records it so in the ledger as well).
    /// </summary>
    public string CurrentStatus => Status == RunStatus.Running && Host == Environment.MachineName && !ProcessAlive(ProcessId)
        ? RunStatus.Interrupted : Status;

    /// <summary>The file, or null when no run has written one or it cannot be read (a reader never fails for it).</summary>
    public static LastRun? Read(DataLayout data)
    {
        try
        {
            return File.Exists(data.LastRunPath) ? JsonSerializer.Deserialize<LastRun>(File.ReadAllText(data.LastRunPath), Json) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Replaces the file by rename, so a reader sees the old or the new one, never half of one.</summary>
    internal void Write(DataLayout data)
    {
        var temp = data.LastRunPath + $".{Environment.ProcessId}.tmp";
        try
        {
            File.WriteAllText(temp, JsonSerializer.Serialize(this, Json));
            File.Move(temp, data.LastRunPath, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A status note for readers, not the record: the ledger has the run whatever happens to this file.
            try { File.Delete(temp); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    internal static LastRun Begin(RunMode mode, TimeProvider clock) =>
        new(null, RunStatus.Running, mode.Name(), clock.GetUtcNow(), null, null, null, Environment.MachineName, Environment.ProcessId);

    static bool ProcessAlive(int id)
    {
        try
        {
            using var process = Process.GetProcessById(id);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

public sealed record FailedCheck(string Check, string Severity, long FailingRows, string? Error);
