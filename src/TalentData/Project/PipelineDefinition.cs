namespace TalentData.Project;

/// <summary>One <c>pipelines/&lt;id&gt;.yaml</c>: what to fetch, from whom, under which licence, when, and what it must look like.</summary>
public sealed class PipelineDefinition
{
    public required string Id { get; set; }
    public required string Title { get; set; }
    public required string Publisher { get; set; }
    public required string Licence { get; set; }
    public string? Attribution { get; set; }
    public required string Homepage { get; set; }
    /// <summary>Cron expression, interpreted in Europe/Berlin.</summary>
    public required string Schedule { get; set; }
    /// <summary>How often the publisher releases; a source not loaded within this many days is stale.</summary>
    public required int ExpectedUpdateDays { get; set; }
    public required List<EntityDefinition> Entities { get; set; }

    /// <summary>The file the definition was read from (not a YAML key).</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public string File { get; set; } = "";
}

/// <summary>
/// One file of a source. The keys every reader shares are properties here; the keys of its reader are read into
/// that reader's own options class (<see cref="ReaderFormat.OptionsType"/>) and kept in <see cref="Options"/>.
/// </summary>
public sealed class EntityDefinition
{
    public required string Entity { get; set; }
    /// <summary>The <see cref="ReaderFormat.Name"/> of the file's format.</summary>
    public required string Reader { get; set; }
    /// <summary>Repository-relative path of the bundled sample file.</summary>
    public required string Sample { get; set; }
    /// <summary>The publisher's live URL.</summary>
    public required string Url { get; set; }
    public required string Encoding { get; set; }
    /// <summary>
    /// Live mode: send these form fields by POST to <see cref="Url"/> instead of a GET. The GENESIS web service
    /// (GENESIS-Online, Regionalstatistik) takes the table, area and format only so since 2025.
    /// </summary>
    public Dictionary<string, string>? PostForm { get; set; }
    /// <summary>
    /// Live mode: the name of the credentials sent as the headers <c>username</c> and <c>password</c> (the GENESIS web
    /// service's API token). The values come from the environment (TalentData__Credentials__&lt;name&gt;__Username and
    /// __Password), never from a pipeline file, and are written nowhere.
    /// </summary>
    public string? Credentials { get; set; }
    /// <summary>Live mode: a download larger than this is refused (default: the Fetch:MaxBytes setting).</summary>
    public int? MaxDownloadMb { get; set; }
    /// <summary>The raw column that identifies a reporting period; a reload replaces exactly the periods it delivers.</summary>
    public string? PeriodColumn { get; set; }
    /// <summary>
    /// The first period the publisher delivers (a year, as the models' <c>year</c>: the year the reference period ends);
    /// a staging model's <c>period</c> check refuses rows before it or after the current year.
    /// </summary>
    public int? FirstPeriod { get; set; }

    /// <summary>The format <see cref="Reader"/> names, found when the file is parsed.</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public ReaderFormat Format { get; set; } = null!;

    /// <summary>The reader's own keys, an instance of the format's <see cref="ReaderFormat.OptionsType"/>.</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public object Options { get; set; } = null!;

    /// <summary>The line of the pipeline file the entity starts on (not a YAML key).</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public int Line { get; set; }

    /// <summary>The line of the <c>sample:</c> key (not a YAML key).</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public int SampleLine { get; set; }

    /// <summary>
    /// The sha256 of everything that decides how the file is read and validated: the reader, its encoding, the period
    /// column and the reader's own keys (columns, integer columns, …). The URL, the sample path and the download limit
    /// are left out, since they change where the bytes come from, and the bytes have their own hash.
    /// </summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public string Fingerprint => fingerprint ??= Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { Entity, Reader, Encoding, PeriodColumn, Options = (object)Options })));
    string? fingerprint;

    public T OptionsAs<T>() where T : class =>
        Options as T ?? throw new InvalidOperationException(
            $"entity '{Entity}' (reader {Reader}) holds {Options?.GetType().Name ?? "no options"}, not {typeof(T).Name}.");
}
