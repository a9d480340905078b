-- severity: warn
-- A place of talent support that is in no Stadtbezirk: no rule of core.fct_places placed it — its source gives no
-- district number (or one the reference does not know), its point lies in none of the configured district boundaries
-- (or none are configured, as for Dortmund), and the configured address table does not hold its address (or none is
-- configured) (sql/README.md, "Placing places"). It is kept in core.fct_places with district NULL and counted in no
-- district; the row names the source file and line (origin: the sample file or URL it was landed from) and the
-- reason. Ask the publisher for the district, or configure boundaries or an address table that place it.
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
    places.unplaced_reason as reason
from core.fct_places as places
left join origins on origins.landed_path = places.source_file
where places.stadtbezirk_code is null
