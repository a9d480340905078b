-- grain: one row per place of talent support (a school or a youth leisure facility), placed in its district by the
-- district number its source gives; a place without one keeps district NULL (sql/README.md "Placing places").
with

schools as (
    select * from staging.stg_dortmund_schools__schools
),

youth_facilities as (
    select * from staging.stg_dortmund_youth_facilities__facilities
),

stat_bezirke as (
    select * from ref.stat_bezirke
),

-- schools give their statistischer Bezirk; its Stadtbezirk comes from the reference
schools_placed as (
    select
        'schule' as place_kind,
        schools.place_id,
        schools.place_name,
        schools.category,
        schools.address,
        schools.postcode,
        schools.latitude,
        schools.longitude,
        schools.stat_bezirk_code,
        stat_bezirke.stadtbezirk_code,
        case when schools.stat_bezirk_code is not null then 'statistischer_bezirk_nr' end as placed_by,
        schools.source_id,
        schools.run_id,
        schools.source_file,
        schools.line_number
    from schools
    left join stat_bezirke on stat_bezirke.stat_bezirk_code = schools.stat_bezirk_code
),

-- youth facilities give only their Stadtbezirk
youth_facilities_placed as (
    select
        'jugendfreizeitstaette' as place_kind,
        place_id,
        place_name,
        category,
        address,
        postcode,
        latitude,
        longitude,
        cast(null as varchar) as stat_bezirk_code,
        stadtbezirk_code,
        case when stadtbezirk_code is not null then 'stadtbezirk_nr' end as placed_by,
        source_id,
        run_id,
        source_file,
        line_number
    from youth_facilities
),

final as (
    select * from schools_placed
    union all
    select * from youth_facilities_placed
)

select * from final
