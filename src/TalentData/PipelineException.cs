namespace TalentData;

/// <summary>
/// The one error type of the pipeline. The message names the file, line, what was expected, what was
/// found and, where possible, how to fix it; the source id and stage say where in the flow it happened.
/// </summary>
public sealed class PipelineException(string sourceId, string stage, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public string SourceId { get; } = sourceId;
    public string Stage { get; } = stage;
}
