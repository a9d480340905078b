-- grain: one row per year, area (Stadtbezirk or the city) and secondary school type, margins included.
with

transitions as (
    select * from core.fct_school_transitions
),

areas as (
    select * from marts.areas
),

cells as (
    select year, school_year, 'stadtbezirk' as area_level, stadtbezirk_code as area_code, school_type, pupils_count, status
    from transitions
),

cube as (
    select
        year, school_year, area_level, area_code, school_type,
        sum(coalesce(pupils_count, 0)) as pupils_count,
        bool_or(status = '.') as has_secret_cell
    from (
        select * from cells
        union all
        select year, school_year, 'stadt', (select area_code from ref.regions where area_level = 'stadt'), school_type, pupils_count, status from cells
    )
    group by grouping sets ((year, school_year, area_level, area_code, school_type), (year, school_year, area_level, area_code))
),

final as (
    select
        cube.year as jahr,
        cube.school_year as schuljahr,
        cube.area_level as gebiet_ebene,
        cube.area_code as gebiet_nr,
        areas.area_name as gebiet,
        coalesce(cube.school_type, 'insgesamt') as schulform,
        case when cube.has_secret_cell then null else cube.pupils_count end as anzahl,
        case when cube.has_secret_cell then '.' else '' end as status
    from cube
    left join areas on areas.area_level = cube.area_level and areas.area_code = cube.area_code
)

select * from final
