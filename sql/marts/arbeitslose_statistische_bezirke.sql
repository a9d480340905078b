-- grain: one row per year, area (statistischer Bezirk or the city), Rechtskreis and age group, margins
-- included ('insgesamt').
with

unemployment as (
    select * from core.fct_unemployment
),

areas as (
    select * from marts.areas
),

cells as (
    select year, 'statistischer_bezirk' as area_level, stat_bezirk_code as area_code, legal_basis, age_group, unemployed_count, status
    from unemployment
),

cube as (
    select
        year, area_level, area_code, legal_basis, age_group,
        sum(coalesce(unemployed_count, 0)) as unemployed_count,
        bool_or(status = '.') as has_secret_cell
    from (
        select * from cells
        union all
        select year, 'stadt', '05913000', legal_basis, age_group, unemployed_count, status from cells
    )
    group by grouping sets (
        (year, area_level, area_code, legal_basis, age_group),
        (year, area_level, area_code, legal_basis),
        (year, area_level, area_code, age_group),
        (year, area_level, area_code)
    )
),

final as (
    select
        cube.year as jahr,
        cube.area_level as gebiet_ebene,
        cube.area_code as gebiet_nr,
        areas.area_name as gebiet,
        coalesce(cube.legal_basis, 'insgesamt') as rechtskreis,
        coalesce(cube.age_group, 'insgesamt') as altersgruppe,
        case when cube.has_secret_cell then null else cube.unemployed_count end as anzahl,
        case when cube.has_secret_cell then '.' else '' end as status
    from cube
    left join areas on areas.area_level = cube.area_level and areas.area_code = cube.area_code
)

select * from final
