-- grain: one row per day-care centre, as published (one line of the export).
with

source as (
    select * from raw.dortmund_daycare__centres
),

renamed as (
    select
        ---------- ids
        trim(source.id) as place_id,
        -- an empty cell stays NULL: stat_bezirk_code('') would read as 000 (City)
        stat_bezirk_code(nullif(trim(source.statistischer_bezirk_nr), '')) as stat_bezirk_code,

        ---------- dimensions
        trim(source.name) as place_name,
        -- the kind of Träger (öffentlich, frei) is the category; the Träger itself is the operator
        coalesce(nullif(trim(source.tragerart), ''), 'unbekannt') as category,
        nullif(trim(source.trager), '') as operator,
        nullif(trim(source.adresse), '') as address,
        nullif(trim(source.plz), '') as postcode,
        nullif(trim(source.statistischer_bezirk), '') as stat_bezirk_name_published,

        ---------- measures: the places (Plätze) the centre offers; NULL where the export leaves the cell empty
        try_cast(nullif(trim(source.platze), '') as integer) as capacity,

        ---------- coordinates: geo_point_2d is "lat, lon" (WGS84)
        try_cast(trim(split_part(source.geo_point_2d, ',', 1)) as double) as latitude,
        try_cast(trim(split_part(source.geo_point_2d, ',', 2)) as double) as longitude,

        ---------- lineage
        'dortmund_daycare' as source_id,
        source._run_id as run_id,
        source._source_file as source_file,
        source._line_number as line_number

    from source
)

select * from renamed
