-- grain: one row per school year, Stadtbezirk and secondary school type chosen, as published.
with

source as (
    select * from raw.dortmund_school_transitions__transitions
),

symbols as (
    select * from ref.symbols
),

renamed as (
    select
        ---------- ids
        trim(source.stadtbezirk_nr) as stadtbezirk_code,

        ---------- dimensions
        trim(source.stadtbezirk) as stadtbezirk_name_published,
        trim(source.schulform) as school_type_label,

        ---------- measures
        try_cast(source.anzahl as bigint) as pupils_count,
        coalesce(symbols.status, '') as status,

        ---------- dates (pupils start grade 5 in school year 2023/24, which ends in 2024)
        trim(source.schuljahr) as school_year,
        cast(left(trim(source.schuljahr), 4) as integer) + 1 as year,

        ---------- lineage
        'dortmund_school_transitions' as source_id,
        source._run_id as run_id,
        source._source_file as source_file,
        source._line_number as line_number

    from source
    left join symbols on symbols.symbol = trim(source.anzahl)
)

select * from renamed
