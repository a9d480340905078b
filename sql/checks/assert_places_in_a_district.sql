-- severity: warn
-- A place of talent support that is in no Stadtbezirk: its source gives no district number (or one the reference does
-- not know), and Dortmund's district boundaries are not in the repository, so its coordinates cannot place it
-- (sql/README.md, "Placing places"). It is kept in core.fct_places with district NULL and counted in no district; the
-- row names the source file and line (origin: the sample file or URL it was landed from). Ask the publisher for the
-- district, or add the boundaries.
with

origins as (
    select landed_path, arg_max(origin, landed_at) as origin
    from ops.landed_files
    group by landed_path
)

select
    places.source_id,
    places.source_file,
    origins.origin,
    places.line_number,
    places.place_kind,
    places.place_id,
    places.place_name,
    case
        when stat_bezirk_code is not null
            then 'statistischer Bezirk ' || stat_bezirk_code || ' is not in sql/reference/stat_bezirke.csv'
        when latitude is not null and longitude is not null
            then 'no district number; coordinates ' || latitude || ', ' || longitude
                 || ' given, but no district boundaries are configured to place them by'
        else 'no district number and no coordinates: cannot be placed'
    end as reason
from core.fct_places as places
left join origins on origins.landed_path = places.source_file
where places.stadtbezirk_code is null
