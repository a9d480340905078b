using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace TalentData.Loading;

/// <summary>
/// The first draft of a new source from what <see cref="FileInspector"/> found: a pipeline YAML and a staging model (SQL
/// and its YAML) that load the file as it is. Everything a person must decide — the id, title, publisher, licence, URL,
/// the names of measures and label columns — is filled with a placeholder that loads and marked <c>TODO</c>.
/// </summary>
public sealed partial class SourceDraft
{
    readonly FileInspection file;

    public string Id { get; }
    public string Entity { get; }
    /// <summary>The repository-relative path the pipeline's <c>sample:</c> names.</summary>
    public string Sample { get; }
    /// <summary>False when the inspected file lies outside the project's sample-data/ and must be copied to <see cref="Sample"/>.</summary>
    public bool SampleIsTheFile { get; }

    /// <summary>A draft for <paramref name="file"/> under <paramref name="id"/> (null: one derived from the file), whose sample is <paramref name="sample"/>.</summary>
    public SourceDraft(FileInspection file, string? id, string? sample)
    {
        this.file = file;
        Id = id ?? DefaultId(file);
        if (!IdPattern().IsMatch(Id))
            throw new PipelineException(Id, "inspect", $"id '{Id}' must be snake_case <publisher>_<dataset> (e.g. regionalstatistik_pupils), as pipeline ids are.");
        Entity = DefaultEntity(file);
        Sample = sample ?? $"sample-data/{Id}/{System.IO.Path.GetFileName(file.Path)}";
        SampleIsTheFile = sample is not null;
    }

    public string PipelinePath => $"pipelines/{Id}.yaml";
    public string ModelName => $"stg_{Id}__{Entity}";
    public string StagingSqlPath => $"sql/staging/{Id}/{ModelName}.sql";
    public string StagingYamlPath => $"sql/staging/{Id}/{ModelName}.yaml";

    static string DefaultId(FileInspection file) => file.TableCode is { } code && file.Format.StartsWith("genesis", StringComparison.Ordinal)
        ? "regionalstatistik_" + code.ToLowerInvariant().Replace('-', '_')
        : "publisher_" + FileInspector.Slug(System.IO.Path.GetFileNameWithoutExtension(file.Path));

    static string DefaultEntity(FileInspection file) => file.Format.StartsWith("genesis", StringComparison.Ordinal)
        ? "kreise"
        : FileInspector.Slug(System.IO.Path.GetFileNameWithoutExtension(file.Path));

    static string Q(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    static string Sql(string text) => "'" + text.Replace("'", "''") + "'";

    static string Inv(long n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>The raw column of each label column: label_1, label_2, … (a person names them, e.g. schulart).</summary>
    IReadOnlyList<string> LabelNames => [.. file.LabelColumns.Select((_, i) => $"label_{i + 1}")];

    public string PipelineYaml()
    {
        var y = new StringBuilder();
        var genesis = file.Format.StartsWith("genesis", StringComparison.Ordinal);
        y.AppendLine($"# Drafted by `talentdata inspect {System.IO.Path.GetFileName(file.Path)}`: it loads the file as it is. Decide every TODO,");
        y.AppendLine("# rename measures and label columns to what they mean, then write the staging model and a core model (pipelines/README.md).");
        y.AppendLine($"id: {Id}  # TODO <publisher>_<dataset>; the file name must be the id");
        y.AppendLine($"title: {Q(file.Title is { Length: > 0 } t ? t : "TODO title")}  # TODO check");
        y.AppendLine(genesis
            ? "publisher: \"Statistische Ämter des Bundes und der Länder (Regionaldatenbank Deutschland)\"  # TODO check"
            : "publisher: \"TODO publisher\"");
        y.AppendLine(genesis ? "licence: dl-de/by-2-0  # TODO check the footer" : "licence: TODO  # e.g. dl-de/zero-2.0 or dl-de/by-2-0");
        if (genesis) y.AppendLine("attribution: \"© Statistische Ämter des Bundes und der Länder, Deutschland\"");
        y.AppendLine($"homepage: {(genesis && file.TableCode is { } code ? $"https://www.regionalstatistik.de/genesis/online?operation=table&code={code}" : "https://example.invalid/TODO")}");
        y.AppendLine("schedule: \"0 5 1 * *\"  # TODO cron, Europe/Berlin");
        y.AppendLine("expected_update_days: 400  # TODO how often the publisher releases");
        y.AppendLine("entities:");
        y.AppendLine($"  - entity: {Entity}");
        y.AppendLine($"    reader: {file.Format}");
        y.AppendLine($"    sample: {Q(Sample)}" + (SampleIsTheFile ? "" : $"  # copy {System.IO.Path.GetFileName(file.Path)} here (inspect --out does)"));
        y.AppendLine($"    url: {Url()}");
        y.AppendLine($"    encoding: {file.Encoding}" + (file.ByteOrderMark ? "  # with BOM" : ""));
        y.AppendLine($"    separator: {Q(file.Separator.ToString())}");
        if (file.PeriodColumn is { } period)
            y.AppendLine($"    period_column: {period}  # a reload replaces the periods it delivers; found {Periods()}");
        switch (file.Format)
        {
            case "genesis_table_csv": GenesisTableKeys(y); break;
            case "genesis_flat_csv": GenesisFlatKeys(y); break;
            case "opendatasoft_csv": OpendatasoftKeys(y); break;
            case "ba_csv": BaKeys(y); break;
        }
        return y.ToString();
    }

    string Url() => file.Format switch
    {
        "genesis_table_csv" => $"https://www.regionalstatistik.de/genesisws/downloader/00/tables/{file.TableCode}_00.csv  # TODO check",
        "genesis_flat_csv" => $"https://www.regionalstatistik.de/genesisws/rest/2020/data/tablefile?name={file.TableCode}&area=all&format=ffcsv  # TODO check",
        _ => "https://example.invalid/TODO  # TODO the publisher's download URL",
    };

    string Periods() => file.Periods.Count == 0 ? "none"
        : file.Periods.Count <= 6 ? string.Join(", ", file.Periods)
        : $"{string.Join(", ", file.Periods.Take(3))} … {file.Periods[^1]} ({file.Periods.Count})";

    void GenesisTableKeys(StringBuilder y)
    {
        y.AppendLine($"    table_code: {file.TableCode}  # line 1; a multi-year export (-B) of the same table is accepted");
        if (file.PeriodPosition != "first_column")
            y.AppendLine($"    period_position: {file.PeriodPosition}");
        if (LabelNames.Count > 0)
        {
            y.AppendLine($"    label_columns: [{string.Join(", ", LabelNames)}]  # TODO name them (e.g. schulart)");
            for (var i = 0; i < LabelNames.Count; i++)
                y.AppendLine($"    #   {LabelNames[i]}: {string.Join(", ", file.LabelColumns[i])}, …");
        }
        var pathRows = file.PeriodPosition == "header_row" ? $"the other {file.HeaderRows - 1} header rows (the period row aside)" : $"all {file.HeaderRows} header rows";
        y.AppendLine($"    # {file.Columns.Count} value columns in file order; header = the cells of {pathRows}, joined with \" / \".");
        y.AppendLine("    # TODO give each a measure and dimensions that say what it is (pipelines/README.md).");
        y.AppendLine("    value_columns:");
        foreach (var c in file.Columns)
        {
            y.AppendLine($"      - header: {Q(c.Header)}");
            y.AppendLine($"        measure: {c.Measure}");
        }
    }

    void GenesisFlatKeys(StringBuilder y)
    {
        y.AppendLine($"    table_code: {file.TableCode}  # its statistic must be every row's statistics_code" +
                     (file.TableCode!.Contains('-') ? "" : "; TODO the full table code (e.g. 12411-01-01-4)"));
        y.AppendLine("    variables:  # by variable code: <name>_code and <name>_label in raw; TODO name them");
        foreach (var v in file.Variables)
            y.AppendLine($"      {v.Code}: {v.Name}  # {v.Label}: {string.Join(", ", v.Examples.Select(e => e.Length == 0 ? "(empty)" : e))}, …");
        y.AppendLine("    values:  # value_variable_code: measure");
        foreach (var v in file.ValueVariables)
            y.AppendLine($"      {v.Header}: {v.Measure}");
    }

    void OpendatasoftKeys(StringBuilder y)
    {
        y.AppendLine($"    columns: [{string.Join(", ", file.Columns.Select(c => c.Header))}]");
        if (file.IntegerColumns.Count > 0)
            y.AppendLine($"    integer_columns: [{string.Join(", ", file.IntegerColumns)}]");
        if (file.DecimalColumns.Count > 0)
            y.AppendLine($"    decimal_columns: [{string.Join(", ", file.DecimalColumns)}]");
    }

    void BaKeys(StringBuilder y)
    {
        y.AppendLine($"    value_headers: [{string.Join(", ", file.Columns.Select(c => Q(c.Header)))}]");
        y.AppendLine("    sections:");
        foreach (var (s, i) in file.Sections.Select((s, i) => (s, i)))
        {
            y.AppendLine($"      - label: {Q(s.Label)}");
            y.AppendLine($"        key: \"TODO_{i + 1}\"  # TODO the area code in marts.areas");
            y.AppendLine("        rows:");
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var r in s.Rows)
            {
                var measure = FileInspector.Slug(r);
                for (var n = 2; !used.Add(measure); n++) measure = $"{FileInspector.Slug(r)}_{n}";
                y.AppendLine($"          - {{ label: {Q(r)}, measure: {measure} }}");
            }
        }
    }

    public string StagingSql()
    {
        var s = new StringBuilder();
        s.AppendLine($"-- grain: TODO one row per … of {(file.TableCode is { } code ? $"table {code}" : System.IO.Path.GetFileName(file.Path))}, as published (drafted by talentdata inspect).");
        s.AppendLine("with");
        s.AppendLine();
        s.AppendLine("source as (");
        s.AppendLine($"    select * from raw.{Id}__{Entity}");
        s.AppendLine("),");
        s.AppendLine();
        var symbols = file.Format is "genesis_table_csv" or "genesis_flat_csv" or "ba_csv";
        if (symbols)
        {
            s.AppendLine("symbols as (");
            s.AppendLine("    select * from ref.symbols");
            s.AppendLine("),");
            s.AppendLine();
        }
        s.AppendLine("renamed as (");
        s.AppendLine("    select");
        switch (file.Format)
        {
            case "genesis_table_csv": GenesisTableColumns(s); break;
            case "genesis_flat_csv": GenesisFlatColumns(s); break;
            case "opendatasoft_csv": OpendatasoftColumns(s); break;
            case "ba_csv": BaColumns(s); break;
        }
        s.AppendLine();
        s.AppendLine("        ---------- lineage");
        s.AppendLine($"        {Sql(Id)} as source_id,");
        s.AppendLine("        source._run_id as run_id,");
        s.AppendLine("        source._source_file as source_file,");
        s.AppendLine("        source._line_number as line_number");
        s.AppendLine();
        s.AppendLine("    from source");
        if (symbols) s.AppendLine("    left join symbols on symbols.symbol = source.value_text");
        s.AppendLine(")");
        s.AppendLine();
        s.AppendLine("select * from renamed");
        return s.ToString();
    }

    const string GenesisValue = """

                ---------- measures (a symbol gives a NULL value and its status; '-' means exactly zero)
                case
                    when symbols.symbol is null then cast(replace(source.value_text, ',', '.') as double)
                end as value,
                coalesce(symbols.status, '') as status,
        """;

    void GenesisTableColumns(StringBuilder s)
    {
        s.AppendLine("        ---------- ids (keys stay text: 'DG' and every leading zero of the Land, Regierungsbezirk and Kreis keys)");
        s.AppendLine("        source.region_code,");
        s.AppendLine();
        s.AppendLine("        ---------- dimensions (TODO the label columns and measures by the names you gave them)");
        s.AppendLine("        source.region_name,");
        s.AppendLine("        cast(source.region_depth as integer) as region_depth,");
        foreach (var label in LabelNames) s.AppendLine($"        source.{label},");
        s.AppendLine("        source.column_header,");
        s.AppendLine("        source.measure,");
        s.AppendLine(GenesisValue);
        s.AppendLine();
        s.AppendLine(PeriodSql("year"));
    }

    void GenesisFlatColumns(StringBuilder s)
    {
        var region = file.Variables.Any(v => v.Name == "region");
        if (region)
        {
            s.AppendLine("        ---------- ids (keys stay text: five- and eight-digit keys keep their leading zeros)");
            s.AppendLine("        source.region_code,");
            s.AppendLine();
        }
        s.AppendLine("        ---------- dimensions (TODO codes to names, e.g. GESM to male)");
        if (region) s.AppendLine("        source.region_label as region_name,");
        foreach (var name in file.Variables.Select(v => v.Name).Where(n => n != "region").Distinct())
        {
            s.AppendLine($"        source.{name}_code,");
            s.AppendLine($"        source.{name}_label,");
        }
        s.AppendLine("        source.measure,");
        s.AppendLine("        source.value_unit,");
        s.AppendLine(GenesisValue);
        s.AppendLine();
        s.AppendLine(PeriodSql("time"));
    }

    /// <summary>The period as a date or a year when every period found has that form; otherwise as text, for a person to cast.</summary>
    string PeriodSql(string column)
    {
        var periods = file.Periods;
        if (periods.Count > 0 && periods.All(p => Year().IsMatch(p)))
            return $"        ---------- dates (TODO say what the year is: a Stichtag, an annual average, the year a Schuljahr ends)\n" +
                   $"        cast(source.{column} as integer) as year,";
        if (periods.Count > 0 && periods.All(p => IsoDate().IsMatch(p)))
            return $"        ---------- dates (the Stichtag as printed)\n" +
                   $"        cast(source.{column} as date) as reference_date,\n" +
                   $"        year(cast(source.{column} as date)) as year,";
        if (periods.Count > 0 && periods.All(p => GermanDate().IsMatch(p)))
            return $"        ---------- dates (the Stichtag as printed, DD.MM.YYYY)\n" +
                   $"        cast(strptime(source.{column}, '%d.%m.%Y') as date) as reference_date,\n" +
                   $"        year(strptime(source.{column}, '%d.%m.%Y')) as year,";
        return $"        ---------- dates (TODO cast the period; found {Periods()})\n" +
               $"        source.{column} as period,";
    }

    void OpendatasoftColumns(StringBuilder s)
    {
        s.AppendLine("        ---------- TODO order as ids, dimensions, measures and dates; rename to English snake_case");
        foreach (var c in file.Columns.Select(c => c.Header))
            s.AppendLine(file.IntegerColumns.Contains(c) ? $"        cast(source.{c} as bigint) as {c},"
                : file.DecimalColumns.Contains(c) ? $"        cast(source.{c} as double) as {c},"
                : $"        source.{c},");
    }

    void BaColumns(StringBuilder s)
    {
        s.AppendLine("        ---------- ids (TODO the area code of each section in pipelines/" + Id + ".yaml)");
        s.AppendLine("        source.section_key as area_code,");
        s.AppendLine();
        s.AppendLine("        ---------- dimensions");
        s.AppendLine("        source.section_label,");
        s.AppendLine("        source.row_label,");
        s.AppendLine("        source.measure,");
        s.AppendLine("        source.column_header,");
        s.AppendLine();
        s.AppendLine("        ---------- measures ('.' separates thousands, ',' decimals; a symbol gives a NULL value and its status)");
        s.AppendLine("        case");
        s.AppendLine("            when symbols.symbol is null then cast(replace(replace(source.value_text, '.', ''), ',', '.') as double)");
        s.AppendLine("        end as value,");
        s.AppendLine("        coalesce(symbols.status, '') as status,");
    }

    /// <summary>
    /// sample-data/&lt;id&gt;/provenance.yaml for a file copied there unchanged: it is the publisher's own, as downloaded
    /// (every run reads this declaration, and a bundled file without one fails the repository's tests).
    /// </summary>
    public string ProvenanceYaml() =>
        $"""
        # Provenance of the bundled files: which values are the publisher's and which are made up (sample-data/README.md).
        # Drafted by talentdata inspect for a file copied here unchanged. TODO say where it comes from.
        files:
          - file: {Q(System.IO.Path.GetFileName(Sample))}
            synthetic: false              # the publisher's file as downloaded; true if any row is made up
            origin: {Q($"TODO the publisher's download of {(file.TableCode is { } code ? $"table {code}" : System.IO.Path.GetFileName(file.Path))}, unchanged; when and from where.")}

        """;

    public string StagingYaml()
    {
        var y = new StringBuilder();
        y.AppendLine("description: >-");
        y.AppendLine($"  TODO what one row is. {(file.TableCode is { } code ? $"Table {code}" : System.IO.Path.GetFileName(file.Path))} ({file.Format}) as published,");
        y.AppendLine($"  drafted by talentdata inspect from a file of {Inv(file.DataRows)} data rows.");
        y.AppendLine("# checks: e.g. - { type: period, column: year } once first_period is set; not_null and unique on the grain");
        return y.ToString();
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)+$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[0-9]{4}$")]
    private static partial Regex Year();

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"^[0-9]{2}\.[0-9]{2}\.[0-9]{4}$")]
    private static partial Regex GermanDate();
}
