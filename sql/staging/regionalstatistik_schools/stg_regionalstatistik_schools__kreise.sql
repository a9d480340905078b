-- grain: one row per school year, region (Germany, Land, Regierungsbezirk, Kreis), Schulart and value column of table 21111-01-03-4, as published.
with

source as (
    select * from raw.regionalstatistik_schools__kreise
),

symbols as (
    select * from ref.symbols
),

renamed as (
    select
        ---------- ids (keys stay text: 'DG', '05', '059', '05913', '03241001')
        source.region_code,

        ---------- dimensions
        source.region_name,
        cast(source.region_depth as integer) as region_depth,
        source.schulart as school_type_name,
        source.measure,
        source.pupil_group,

        ---------- measures (a symbol gives a NULL value and its status; '-' means exactly zero)
        case
            when symbols.symbol is null then cast(replace(source.value_text, ',', '.') as double)
        end as value,
        coalesce(symbols.status, '') as status,

        ---------- dates (the file's year is the Stichtag "Schuljahresbeginn": 2023 is the Schuljahr 2023/24, which is
        ---------- reported by the year it ends, 2024, as every leavers table reports its Schuljahr)
        cast(source.year as integer) + 1 as year,
        source.year || '/' || right(cast(cast(source.year as integer) + 1 as varchar), 2) as school_year,
        cast(source.year as integer) as school_year_start_year,

        ---------- lineage
        'regionalstatistik_schools' as source_id,
        source._run_id as run_id,
        source.year as source_period,         -- the period as the file prints it (provenance: sample files' real periods)
        source._source_file as source_file,
        source._line_number as line_number

    from source
    left join symbols on symbols.symbol = source.value_text
)

select * from renamed
