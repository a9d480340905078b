-- grain: one row per year, area (Stadtbezirk or the city), qualification and sex, margins included
-- ('insgesamt'), for the published dataset schulabgaenge-abschluss-stadtbezirke.
with

leavers as (
    select * from core.fct_school_leavers
),

areas as (
    select * from marts.areas
),

cells as (
    select year, school_year, 'stadtbezirk' as area_level, stadtbezirk_code as area_code, qualification, sex, leavers_count, status
    from leavers
),

cube as (
    select
        year, school_year, area_level, area_code, qualification, sex,
        sum(coalesce(leavers_count, 0)) as leavers_count,
        bool_or(status = '.') as has_secret_cell
    from (
        select * from cells
        union all
        select year, school_year, 'stadt', '05913000', qualification, sex, leavers_count, status from cells
    )
    group by grouping sets (
        (year, school_year, area_level, area_code, qualification, sex),
        (year, school_year, area_level, area_code, qualification),
        (year, school_year, area_level, area_code, sex),
        (year, school_year, area_level, area_code)
    )
),

final as (
    select
        cube.year as jahr,
        cube.school_year as schuljahr,
        cube.area_level as gebiet_ebene,
        cube.area_code as gebiet_nr,
        areas.area_name as gebiet,
        coalesce(cube.qualification, 'insgesamt') as abschluss,
        coalesce(cube.sex, 'insgesamt') as geschlecht,
        case when cube.has_secret_cell then null else cube.leavers_count end as anzahl,
        case when cube.has_secret_cell then '.' else '' end as status
    from cube
    left join areas on areas.area_level = cube.area_level and areas.area_code = cube.area_code
)

select * from final
