-- severity: warn
-- A place of talent support that is in no Stadtbezirk: its source gives no district number (or one the reference does
-- not know), and Dortmund's district boundaries are not in the repository, so its coordinates cannot place it
-- (sql/README.md, "Placing places"). It is kept in core.fct_places with district NULL and counted in no district; the
-- row names the source file and line. Ask the publisher for the district, or add the boundaries.
select
    source_id,
    source_file,
    line_number,
    place_kind,
    place_id,
    place_name,
    case
        when stat_bezirk_code is not null
            then 'statistischer Bezirk ' || stat_bezirk_code || ' is not in sql/reference/stat_bezirke.csv'
        when latitude is not null and longitude is not null
            then 'no district number; coordinates ' || latitude || ', ' || longitude
                 || ' given, but no district boundaries are configured to place them by'
        else 'no district number and no coordinates: cannot be placed'
    end as reason
from core.fct_places
where stadtbezirk_code is null
