-- grain: one row per Stadtbezirk and indicator: the places of talent support it has (schools, youth leisure
-- facilities, day-care centres and their places, library branches, adult-education sites) and the same per 1,000
-- residents of the target age (per 100,000 residents of all ages for libraries and adult education, which serve
-- everyone), against the population of the latest year.
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
        count(*) filter (where population.age_from >= 6 and population.age_to <= 25 and population.status <> '') as symbol_cells,
        -- children under 6 = "0 bis unter 6"; all residents = every age group, "0 bis unter 6" to "65 und älter"
        sum(population.residents_count) filter (where population.age_to <= 6) as residents_under_6,
        count(*) filter (where population.age_to <= 6 and population.status <> '') as symbol_cells_under_6,
        sum(population.residents_count) as residents_all,
        count(*) filter (where population.status <> '') as symbol_cells_all
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
        count(places.place_id) filter (where places.place_kind = 'jugendfreizeitstaette') as youth_facilities,
        count(places.place_id) filter (where places.place_kind = 'kindertageseinrichtung') as daycare_centres,
        -- a centre whose source gives no number of places adds none
        coalesce(sum(places.capacity) filter (where places.place_kind = 'kindertageseinrichtung'), 0) as daycare_places,
        count(places.place_id) filter (where places.place_kind = 'bibliothek') as libraries,
        count(places.place_id) filter (where places.place_kind = 'volkshochschule') as adult_education_sites
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
        case when residents.symbol_cells = 0 then '' else '.' end as rate_status,
        counts.daycare_centres,
        counts.daycare_places,
        counts.libraries,
        counts.adult_education_sites,
        case when residents.symbol_cells_under_6 = 0 then 1000.0 * counts.daycare_places / nullif(residents.residents_under_6, 0) end as daycare_places_per_1000,
        case when residents.symbol_cells_under_6 = 0 then '' else '.' end as under_6_status,
        case when residents.symbol_cells_all = 0 then 100000.0 * counts.libraries / nullif(residents.residents_all, 0) end as libraries_per_100000,
        case when residents.symbol_cells_all = 0 then 100000.0 * counts.adult_education_sites / nullif(residents.residents_all, 0) end as adult_education_per_100000,
        case when residents.symbol_cells_all = 0 then '' else '.' end as all_status
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
    union all
    select year, stadtbezirk_code, stadtbezirk_name,
        'kindertageseinrichtungen', cast(daycare_centres as double), ''
    from wide
    union all
    select year, stadtbezirk_code, stadtbezirk_name,
        'kita_plaetze', cast(daycare_places as double), ''
    from wide
    union all
    select year, stadtbezirk_code, stadtbezirk_name,
        'kita_plaetze_je_1000_kinder_unter_6', round(daycare_places_per_1000, 1), under_6_status
    from wide
    union all
    select year, stadtbezirk_code, stadtbezirk_name,
        'bibliotheken', cast(libraries as double), ''
    from wide
    union all
    select year, stadtbezirk_code, stadtbezirk_name,
        'bibliotheken_je_100000_einwohner', round(libraries_per_100000, 2), all_status
    from wide
    union all
    select year, stadtbezirk_code, stadtbezirk_name,
        'vhs_standorte', cast(adult_education_sites as double), ''
    from wide
    union all
    select year, stadtbezirk_code, stadtbezirk_name,
        'vhs_standorte_je_100000_einwohner', round(adult_education_per_100000, 2), all_status
    from wide
)

select * from final
