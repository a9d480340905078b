-- grain: one row per school year, Stadtbezirk of residence, qualification and sex, as published.
with

source as (
    select * from raw.musterstadt_school_leavers__leavers
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
        trim(source.abschluss) as qualification_label,
        trim(source.geschlecht) as sex,

        ---------- measures
        try_cast(source.anzahl as bigint) as leavers_count,
        coalesce(symbols.status, '') as status,

        ---------- dates (school year 2022/23 ends in 2023)
        trim(source.schuljahr) as school_year,
        cast(left(trim(source.schuljahr), 4) as integer) + 1 as year,

        ---------- lineage
        'musterstadt_school_leavers' as source_id,
        source._run_id as run_id,
        source._source_file as source_file,
        source._line_number as line_number

    from source
    left join symbols on symbols.symbol = trim(source.anzahl)
)

select * from renamed
