-- grain: one row per place of talent support, as core.fct_places holds it, with its Stadtbezirk (empty where no rule
-- placed it: such a place is named by assert_places_in_a_district and counted in no district), the rule that placed it,
-- and its point.
with

places as (
    select * from core.fct_places
),

stadtbezirke as (
    select * from ref.stadtbezirke
),

stat_bezirke as (
    select * from ref.stat_bezirke
),

final as (
    select
        -- ids repeat across sources (a Schulnummer, JFS-001 ...): the kind makes them unique
        places.place_kind || ':' || places.place_id as ort_id,
        places.place_name as name,
        places.place_kind as art,
        places.category as kategorie,
        places.target_group as zielgruppe,
        places.stadtbezirk_code as stadtbezirk_nr,
        stadtbezirke.stadtbezirk_name as stadtbezirk,
        -- only where a rule gave one: a place its source puts in a Stadtbezirk alone keeps this empty
        places.stat_bezirk_code as statistischer_bezirk_nr,
        stat_bezirke.stat_bezirk_name as statistischer_bezirk,
        places.placed_by as zugeordnet_nach,
        places.latitude as breite,
        places.longitude as laenge,
        places.capacity as plaetze,
        -- places (Plätze) are a day-care figure: not applicable elsewhere, unknown where a centre gives none
        case
            when places.place_kind <> 'kindertageseinrichtung' then 'x'
            when places.capacity is null then '.'
            else ''
        end as status
    from places
    left join stadtbezirke on stadtbezirke.stadtbezirk_code = places.stadtbezirk_code
    left join stat_bezirke on stat_bezirke.stat_bezirk_code = places.stat_bezirk_code
)

select * from final
