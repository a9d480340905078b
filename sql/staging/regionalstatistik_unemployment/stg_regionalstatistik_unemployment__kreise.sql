-- grain: one row per year, region (Germany, Land, Regierungsbezirk, Kreis) and value column of table 13211-02-05-4, as published.
with

source as (
    select * from raw.regionalstatistik_unemployment__kreise
),

symbols as (
    select * from ref.symbols
),

renamed as (
    select
        ---------- ids (keys stay text: 'DG', '05', '059', '05913', '03241001')
        source.region_code,

        ---------- dimensions (basis is NULL for the counts; "group" is a reserved word in SQL, so quote it)
        source.region_name,
        cast(source.region_depth as integer) as region_depth,
        source.measure,
        source."group",
        source.basis,

        ---------- measures (counts in persons, rates in percent; a symbol gives a NULL value and its status)
        case
            when symbols.symbol is null then cast(replace(source.value_text, ',', '.') as double)
        end as value,
        coalesce(symbols.status, '') as status,

        ---------- dates (annual average of the year)
        cast(source.year as integer) as year,

        ---------- lineage
        'regionalstatistik_unemployment' as source_id,
        source._run_id as run_id,
        source.year as source_period,         -- the period as the file prints it (provenance: sample files' real periods)
        source._source_file as source_file,
        source._line_number as line_number

    from source
    left join symbols on symbols.symbol = source.value_text
)

select * from renamed
