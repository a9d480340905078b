-- grain: one row per year, statistischer Bezirk, Rechtskreis and age group, as published.
with

source as (
    select * from raw.musterstadt_unemployment__unemployed
),

symbols as (
    select * from ref.symbols
),

renamed as (
    select
        ---------- ids (this export prints the 2-digit spelling 'NN'; sql/macros/stat_bezirk_code.sql makes it 'NN0')
        stat_bezirk_code(source.statistischer_bezirk_nr) as stat_bezirk_code,

        ---------- dimensions
        trim(source.statistischer_bezirk) as stat_bezirk_name_published,
        trim(source.rechtskreis) as legal_basis_label,
        trim(source.altersgruppe) as age_group,

        ---------- measures
        try_cast(source.arbeitslose as bigint) as unemployed_count,
        coalesce(symbols.status, '') as status,

        ---------- dates
        cast(source.jahr as integer) as year,

        ---------- lineage
        'musterstadt_unemployment' as source_id,
        source._run_id as run_id,
        source._source_file as source_file,
        source._line_number as line_number

    from source
    left join symbols on symbols.symbol = trim(source.arbeitslose)
)

select * from renamed
