-- grain: one row per area (section), measure and Berichtsjahr, as published.
with

source as (
    select * from raw.ba_training_market__agentur_dortmund
),

symbols as (
    select * from ref.symbols
),

renamed as (
    select
        ---------- ids
        source.section_key as area_code,

        ---------- dimensions
        source.measure,
        trim(source.column_header) as reporting_year,

        ---------- measures: counts print '.' as thousands separator ('4.612' = 4612), ratios a decimal
        ---------- comma ('106,8'); the reader lets nothing else through. A symbol gives NULL and a status.
        case
            when symbols.symbol is not null then null
            when contains(trim(source.value_text), ',')
                then cast(replace(replace(trim(source.value_text), '.', ''), ',', '.') as double)
            else cast(replace(trim(source.value_text), '.', '') as double)
        end as value,
        coalesce(symbols.status, '') as status,

        ---------- dates: the Berichtsjahr runs October to September (balance at 30.09.), so 2023/24 -> 2024
        case
            when regexp_full_match(trim(source.column_header), '\d{4}/\d{2}')
                then cast(left(trim(source.column_header), 4) as integer) + 1
        end as year,

        ---------- lineage
        'ba_training_market' as source_id,
        source._run_id as run_id,
        source._source_file as source_file,
        source._line_number as line_number

    from source
    left join symbols on symbols.symbol = trim(source.value_text)
)

select * from renamed
