using System.Globalization;
using System.Text.RegularExpressions;
using TalentData.Warehouse;

namespace TalentData.Cli.Settings;

/// <summary>
/// The bounds of `talentdata query`: a wall-clock limit and DuckDB's memory_limit and threads. The operator sets
/// them (command line over environment over the defaults); they are applied before the session's configuration
/// is locked, so the query itself cannot raise them.
/// </summary>
public sealed partial record QuerySettings(TimeSpan Timeout, string MemoryLimit, int Threads)
{
    public const string TimeoutVariable = "TalentData__Query__TimeoutSeconds";
    public const string MemoryLimitVariable = "TalentData__Query__MemoryLimit";
    public const string ThreadsVariable = "TalentData__Query__Threads";

    public static readonly QuerySettings Default = new(TimeSpan.FromMinutes(5), "2GiB", 2);

    public ReadOnlyLimits Limits => new(MemoryLimit, Threads);

    /// <summary>The defaults, overridden by the environment, overridden by the options given; a malformed value fails naming it.</summary>
    public static QuerySettings From(Func<string, string?> variable, int? timeoutSeconds, string? memoryLimit, int? threads)
    {
        var seconds = timeoutSeconds ?? Number(variable(TimeoutVariable), TimeoutVariable) ?? (int)Default.Timeout.TotalSeconds;
        var memory = memoryLimit ?? (variable(MemoryLimitVariable) is { Length: > 0 } m ? m : Default.MemoryLimit);
        var workers = threads ?? Number(variable(ThreadsVariable), ThreadsVariable) ?? Default.Threads;
        if (seconds <= 0)
            throw new PipelineException("", "config", $"The query time limit (--timeout or {TimeoutVariable}) must be a positive number of seconds, found {seconds}.");
        if (!SizePattern().IsMatch(memory))
            throw new PipelineException("", "config", $"The query memory limit (--memory-limit or {MemoryLimitVariable}) must be a size such as 2GiB or 512MiB, found '{memory}'.");
        if (workers <= 0)
            throw new PipelineException("", "config", $"The query threads (--threads or {ThreadsVariable}) must be a positive whole number, found {workers}.");
        return new QuerySettings(TimeSpan.FromSeconds(seconds), memory, workers);
    }

    static int? Number(string? text, string name)
    {
        if (text is not { Length: > 0 }) return null;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            throw new PipelineException("", "config", $"{name} must be a whole number, found '{text}'.");
        return value;
    }

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", RegexOptions.IgnoreCase)]
    private static partial Regex SizePattern();
}
