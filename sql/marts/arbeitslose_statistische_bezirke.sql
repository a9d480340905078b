-- grain: one row per year, area (statistischer Bezirk or the city), Rechtskreis and age group, margins
-- included ('insgesamt'). Official figures win: the city's total and its unemployed under 25 (the BA counts
-- unemployed from 15, so 'unter 25' is Regionalstatistik's '15 bis unter 25') are those of Regionalstatistik
-- 13211-02-05-4 where it has the year; every other cell is the sum of the statistische Bezirke.
with

unemployment as (
    select * from core.fct_unemployment
),

areas as (
    select * from marts.areas
),

official as (
    select year, case population_group when 'total' then 'insgesamt' when 'age_15_to_24' then 'unter 25' end as age_group, value
    from core.fct_official_unemployment
    where area_level = 'stadt' and measure = 'unemployed' and population_group in ('total', 'age_15_to_24') and value is not null
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
        select year, 'stadt', (select area_code from ref.regions where area_level = 'stadt'), legal_basis, age_group, unemployed_count, status from cells
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
        case
            when official.value is not null then cast(official.value as bigint)
            when cube.has_secret_cell then null
            else cube.unemployed_count
        end as anzahl,
        case when official.value is null and cube.has_secret_cell then '.' else '' end as status
    from cube
    left join areas on areas.area_level = cube.area_level and areas.area_code = cube.area_code
    left join official
        on cube.area_level = 'stadt' and cube.legal_basis is null
        and official.year = cube.year and official.age_group = coalesce(cube.age_group, 'insgesamt')
)

select * from final
