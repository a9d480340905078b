-- grain: one row per Stichtag, region (Kreis, kreisfreie Stadt, Berlin Bezirk) and sex of table 12411-01-01-4, as published.
with

source as (
    select * from raw.regionalstatistik_population__kreise
),

symbols as (
    select * from ref.symbols
),

renamed as (
    select
        ---------- ids (keys stay text: '05913', '03241001', '11001001')
        source.region_code,

        ---------- dimensions
        source.region_label as region_name,
        case coalesce(source.sex_code, '')
            when '' then 'total'
            when 'GESM' then 'male'
            when 'GESW' then 'female'
        end as sex,
        source.sex_code,
        source.measure,
        -- the official Fortschreibung des Bevölkerungsstandes (basis Zensus 2022), not the city's register count
        'fortschreibung' as population_concept,

        ---------- measures (a symbol gives a NULL value and its status; '-' means exactly zero)
        case
            when symbols.symbol is null then cast(replace(source.value_text, ',', '.') as double)
        end as value,
        coalesce(symbols.status, '') as status,

        ---------- dates
        cast(source.time as date) as reference_date,
        year(cast(source.time as date)) as year,

        ---------- lineage
        'regionalstatistik_population' as source_id,
        source._run_id as run_id,
        source.time as source_period,         -- the period as the file prints it (provenance: sample files' real periods)
        source._source_file as source_file,
        source._line_number as line_number

    from source
    left join symbols on symbols.symbol = source.value_text
)

select * from renamed
