-- grain: one row per year, statistischer Bezirk, sex, age group and nationality: the published
-- extract of the Melderegister population, with German column names for the portal.
with

population as (
    select * from core.fct_population
),

areas as (
    select * from marts.areas
),

final as (
    select
        population.year as jahr,
        strftime(population.reference_date, '%Y-%m-%d') as stichtag,
        population.stat_bezirk_code as statistischer_bezirk_nr,
        districts.area_name as statistischer_bezirk,
        population.stadtbezirk_code as stadtbezirk_nr,
        stadtbezirke.area_name as stadtbezirk,
        population.sex as geschlecht,
        population.age_group as altersgruppe,
        population.nationality as staatsangehoerigkeit,
        population.residents_count as einwohner,
        population.status
    from population
    left join areas as districts
        on districts.area_level = 'statistischer_bezirk' and districts.area_code = population.stat_bezirk_code
    left join areas as stadtbezirke
        on stadtbezirke.area_level = 'stadtbezirk' and stadtbezirke.area_code = population.stadtbezirk_code
)

select * from final
