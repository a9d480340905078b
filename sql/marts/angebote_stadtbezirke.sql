-- grain: one row per Stadtbezirk and indicator: the places of talent support it has (schools, youth leisure
-- facilities) and the same per 1,000 residents of the target age, against the population of the latest year.
with

places as (
    select * from core.fct_places
),

population as (
    select * from core.fct_population
),

areas as (
    select * from marts.areas
),

-- the places are the sources' current state; they are set against the latest population year
latest_year as (
    select max(year) as year from population
),

-- target ages by the population fact's age groups: 6 to under 18 = "6 bis unter 15" + "15 bis unter 18";
-- 6 to under 25 = those two + "18 bis unter 25"
residents as (
    select
        population.stadtbezirk_code,
        population.year,
        sum(population.residents_count) filter (where population.age_from >= 6 and population.age_to <= 18) as residents_6_to_17,
        sum(population.residents_count) filter (where population.age_from >= 6 and population.age_to <= 25) as residents_6_to_24,
        count(*) filter (where population.age_from >= 6 and population.age_to <= 25 and population.status <> '') as symbol_cells
    from population
    where population.year = (select year from latest_year)
    group by population.stadtbezirk_code, population.year
),

-- every Stadtbezirk, also one without a place (0, not missing); unplaced places count nowhere
counts as (
    select
        areas.area_code as stadtbezirk_code,
        areas.area_name as stadtbezirk_name,
        count(places.place_id) filter (where places.place_kind = 'schule') as schools,
        count(places.place_id) filter (where places.place_kind = 'jugendfreizeitstaette') as youth_facilities
    from areas
    left join places on places.stadtbezirk_code = areas.area_code
    where areas.area_level = 'stadtbezirk'
    group by areas.area_code, areas.area_name
),

wide as (
    select
        residents.year,
        counts.stadtbezirk_code,
        counts.stadtbezirk_name,
        counts.schools,
        counts.youth_facilities,
        case when residents.symbol_cells = 0 then 1000.0 * counts.schools / nullif(residents.residents_6_to_17, 0) end as schools_per_1000,
        case when residents.symbol_cells = 0 then 1000.0 * counts.youth_facilities / nullif(residents.residents_6_to_24, 0) end as youth_facilities_per_1000,
        case when residents.symbol_cells = 0 then '' else '.' end as rate_status
    from counts
    inner join residents on residents.stadtbezirk_code = counts.stadtbezirk_code
),

final as (
    select year as jahr, stadtbezirk_code as stadtbezirk_nr, stadtbezirk_name as stadtbezirk,
        'schulen' as indikator, cast(schools as double) as wert, '' as status
    from wide
    union all
    select year, stadtbezirk_code, stadtbezirk_name,
        'schulen_je_1000_einwohner_6_bis_unter_18', round(schools_per_1000, 2), rate_status
    from wide
    union all
    select year, stadtbezirk_code, stadtbezirk_name,
        'jugendfreizeitstaetten', cast(youth_facilities as double), ''
    from wide
    union all
    select year, stadtbezirk_code, stadtbezirk_name,
        'jugendfreizeitstaetten_je_1000_einwohner_6_bis_unter_25', round(youth_facilities_per_1000, 2), rate_status
    from wide
)

select * from final
