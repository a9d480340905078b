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

public sealed class EntityDefinition
{
    public required string Entity { get; set; }
    /// <summary>opendatasoft_csv, genesis_table_csv or ba_csv.</summary>
    public required string Reader { get; set; }
    /// <summary>Repository-relative path of the bundled sample file.</summary>
    public required string Sample { get; set; }
    /// <summary>The publisher's live URL.</summary>
    public required string Url { get; set; }
    public required string Encoding { get; set; }
    /// <summary>Live mode: a download larger than this is refused (default: the Fetch:MaxBytes setting).</summary>
    public int? MaxDownloadMb { get; set; }
    public string Separator { get; set; } = ";";
    /// <summary>The raw column that identifies a reporting period; a reload replaces exactly the periods it delivers.</summary>
    public string? PeriodColumn { get; set; }
    /// <summary>opendatasoft_csv: the header, in order.</summary>
    public List<string>? Columns { get; set; }
    /// <summary>Columns that must hold a whole number (no separators) or an official symbol; anything else is quarantined.</summary>
    public List<string> IntegerColumns { get; set; } = [];
    /// <summary>Columns that must hold a number with a decimal point or an official symbol; anything else is quarantined.</summary>
    public List<string> DecimalColumns { get; set; } = [];
    /// <summary>genesis_table_csv: the table code that line 1 must name.</summary>
    public string? TableCode { get; set; }
    /// <summary>genesis_table_csv: every value column, by its header path, with its measure and dimensions.</summary>
    public List<GenesisColumn>? ValueColumns { get; set; }
    /// <summary>ba_csv: the column headers after the row label, in order.</summary>
    public List<string>? ValueHeaders { get; set; }
    /// <summary>ba_csv: the sections in order, each with its rows in order.</summary>
    public List<BaSection>? Sections { get; set; }
}

public sealed class GenesisColumn
{
    /// <summary>The header cells of this column from the first to the last header row, joined with " / ".</summary>
    public required string Header { get; set; }
    public required string Measure { get; set; }
    public Dictionary<string, string> Dimensions { get; set; } = [];
}

public sealed class BaSection
{
    public required string Label { get; set; }
    public required string Key { get; set; }
    public required List<BaRow> Rows { get; set; }
}

public sealed class BaRow
{
    public required string Label { get; set; }
    public required string Measure { get; set; }
}
