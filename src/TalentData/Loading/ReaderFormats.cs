namespace TalentData.Loading;

/// <summary>
/// Every reader a pipeline file can name. A new format is one <see cref="SourceReader"/> class with its options
/// class, and one line here (pipelines/README.md, "Adding a reader format").
/// </summary>
public static class ReaderFormats
{
    public static readonly IReadOnlyList<SourceReader> All =
    [
        new OpendatasoftCsvReader(),
        new GenesisTableReader(),
        new GenesisFlatCsvReader(),
        new BaCsvReader(),
    ];
}
