-- grain: one row per adult-education site, as published (one line of the export).
with

source as (
    select * from raw.dortmund_adult_education__sites
),

renamed as (
    select
        ---------- ids
        trim(source.id) as place_id,
        nullif(trim(source.stadtbezirk_nr), '') as stadtbezirk_code,

        ---------- dimensions
        trim(source.standort) as place_name,
        trim(source.art) as category,
        nullif(trim(source.adresse), '') as address,
        nullif(trim(source.plz), '') as postcode,
        nullif(trim(source.stadtbezirk), '') as stadtbezirk_name_published,

        ---------- coordinates: geo_point_2d is "lat, lon" (WGS84)
        try_cast(trim(split_part(source.geo_point_2d, ',', 1)) as double) as latitude,
        try_cast(trim(split_part(source.geo_point_2d, ',', 2)) as double) as longitude,

        ---------- lineage
        'dortmund_adult_education' as source_id,
        source._run_id as run_id,
        source._source_file as source_file,
        source._line_number as line_number

    from source
)

select * from renamed
