namespace TalentData.Disclosure;

/// <summary>
/// One published count. <paramref name="Id"/> names the cell, so that a cell shared by linked tables (R7) is one
/// cell with one status. <paramref name="Value"/> is null only when the source already suppressed it.
/// <paramref name="SourceSuppressed"/>: BA <c>*</c> or IT.NRW <c>.</c>, a primary whose value is unknown.
/// <paramref name="Forced"/>: already published unsuppressed elsewhere (e.g. an official city total), so never
/// chosen as a secondary partner.
/// </summary>
public sealed record DisclosureCell(string Id, long? Value, bool SourceSuppressed = false, bool Forced = false)
{
    /// <summary>R1: 0 &lt; n &lt; k, or suppressed by the source. Zero is not primary.</summary>
    public bool IsPrimary(int threshold) => SourceSuppressed || Value > 0 && Value < threshold;

    /// <summary>R2: may be suppressed as a secondary partner (zeros and forced cells never are).</summary>
    internal bool IsCandidate(int threshold) => !SourceSuppressed && !Forced && Value >= threshold;
}
