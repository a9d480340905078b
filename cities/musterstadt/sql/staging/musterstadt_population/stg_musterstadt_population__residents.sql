-- grain: one row per statistischer Bezirk, reference date, sex, age group and nationality, as published.
with

source as (
    select * from raw.musterstadt_population__residents
),

symbols as (
    select * from ref.symbols
),

renamed as (
    select
        ---------- ids (the portal prints 'NN0', other city files 'NN' or an integer-parsed '0': sql/macros/stat_bezirk_code.sql)
        stat_bezirk_code(source.statistischer_bezirk_nr) as stat_bezirk_code,
        trim(source.stadtbezirk_nr) as stadtbezirk_code_published,

        ---------- dimensions
        trim(source.statistischer_bezirk) as stat_bezirk_name_published,
        trim(source.geschlecht) as sex,
        trim(source.altersgruppe) as age_group,
        trim(source.staatsangehorigkeit) as nationality,

        ---------- measures (a symbol becomes a status with a NULL value)
        try_cast(source.anzahl as bigint) as residents_count,
        coalesce(symbols.status, '') as status,

        ---------- dates
        cast(source.jahr as integer) as year,
        try_cast(source.stichtag as date) as reference_date,

        ---------- lineage
        'musterstadt_population' as source_id,
        source._run_id as run_id,
        source._source_file as source_file,
        source._line_number as line_number

    from source
    left join symbols on symbols.symbol = trim(source.anzahl)
)

select * from renamed
