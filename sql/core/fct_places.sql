-- grain: one row per place of talent support (a school, youth leisure facility, day-care centre, library branch or
-- adult-education site), placed in its district by the district number its source gives; a place without one keeps
-- district NULL (sql/README.md "Placing places").
with

schools as (
    select * from staging.stg_dortmund_schools__schools
),

youth_facilities as (
    select * from staging.stg_dortmund_youth_facilities__facilities
),

daycare as (
    select * from staging.stg_dortmund_daycare__centres
),

libraries as (
    select * from staging.stg_dortmund_libraries__branches
),

adult_education as (
    select * from staging.stg_dortmund_adult_education__sites
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
        'children|young_people' as target_group,
        cast(null as integer) as capacity,
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
        'children|young_people' as target_group,
        cast(null as integer) as capacity,
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

-- day-care centres give their statistischer Bezirk, as schools do, and their places (Plätze)
daycare_placed as (
    select
        'kindertageseinrichtung' as place_kind,
        daycare.place_id,
        daycare.place_name,
        daycare.category,
        'children' as target_group,
        daycare.capacity,
        daycare.address,
        daycare.postcode,
        daycare.latitude,
        daycare.longitude,
        daycare.stat_bezirk_code,
        stat_bezirke.stadtbezirk_code,
        case when daycare.stat_bezirk_code is not null then 'statistischer_bezirk_nr' end as placed_by,
        daycare.source_id,
        daycare.run_id,
        daycare.source_file,
        daycare.line_number
    from daycare
    left join stat_bezirke on stat_bezirke.stat_bezirk_code = daycare.stat_bezirk_code
),

-- library branches and adult-education sites give only their Stadtbezirk
libraries_placed as (
    select
        'bibliothek' as place_kind,
        place_id,
        place_name,
        category,
        'children|young_people|adults' as target_group,
        cast(null as integer) as capacity,
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
    from libraries
),

adult_education_placed as (
    select
        'volkshochschule' as place_kind,
        place_id,
        place_name,
        category,
        'adults' as target_group,
        cast(null as integer) as capacity,
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
    from adult_education
),

final as (
    select * from schools_placed
    union all
    select * from youth_facilities_placed
    union all
    select * from daycare_placed
    union all
    select * from libraries_placed
    union all
    select * from adult_education_placed
)

select * from final
