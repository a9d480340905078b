-- grain: one row per area (statistischer Bezirk, Stadtbezirk, Stadt) and year with the places of talent support it
-- has and the residents of their target ages: the inputs of the supply indicators. The places are the sources' current
-- state, set against the latest population year. A place counts where its source's district number puts it
-- (sql/README.md "Placing places"): schools and day-care centres by statistischer Bezirk, so also at that level; youth
-- facilities, library branches and adult-education sites only by Stadtbezirk, so their counts are NULL (not 0) for a
-- statistischer Bezirk. The city counts the places placed in a Stadtbezirk, the same places its districts count.
with

places as (
    select * from core.fct_places
),

population as (
    select * from core.fct_population
),

stat_bezirke as (
    select * from ref.stat_bezirke
),

stadtbezirke as (
    select * from ref.stadtbezirke
),

city as (
    select area_code from ref.regions where area_level = 'stadt'
),

areas as (
    select 'statistischer_bezirk' as area_level, stat_bezirk_code as area_code from stat_bezirke
    union all
    select 'stadtbezirk', stadtbezirk_code from stadtbezirke
    union all
    select 'stadt', area_code from city
),

latest_year as (
    select max(year) as year from population
),

-- target ages by the population fact's age groups: under 6 = "0 bis unter 6"; 6 to under 18 = "6 bis unter 15" +
-- "15 bis unter 18"; 6 to under 25 = those two + "18 bis unter 25"; all residents = every group
population_cells as (
    select
        population.*,
        population.age_to is not null and population.age_to <= 6 as is_under_6,
        population.age_from >= 6 and population.age_to is not null and population.age_to <= 18 as is_6_to_17,
        population.age_from >= 6 and population.age_to is not null and population.age_to <= 25 as is_6_to_24
    from population
    where population.year = (select year from latest_year)
),

population_by_level as (
    select 'statistischer_bezirk' as area_level, stat_bezirk_code as area_code, * from population_cells
    union all
    select 'stadtbezirk', stadtbezirk_code, * from population_cells
    union all
    select 'stadt', (select area_code from city), * from population_cells
),

-- a sum that touches a cell with a symbol is not computed: it is unknown
residents as (
    select
        area_level,
        area_code,
        year,
        sum(residents_count) filter (where is_under_6) as residents_under_6,
        bool_or(status <> '') filter (where is_under_6) as under_6_has_symbol,
        sum(residents_count) filter (where is_6_to_17) as residents_6_to_17,
        bool_or(status <> '') filter (where is_6_to_17) as age_6_to_17_has_symbol,
        sum(residents_count) filter (where is_6_to_24) as residents_6_to_24,
        bool_or(status <> '') filter (where is_6_to_24) as age_6_to_24_has_symbol,
        sum(residents_count) as residents_all,
        bool_or(status <> '') as all_has_symbol,
        string_agg(distinct source_id, ',' order by source_id) as population_source_id,
        max(run_id) as run_id
    from population_by_level
    group by area_level, area_code, year
),

-- the sources of each kind of place, for the provenance of its indicator (whether or not an area has one)
place_sources as (
    select
        string_agg(distinct source_id, ',' order by source_id) filter (where place_kind = 'schule') as schools_source_id,
        string_agg(distinct source_id, ',' order by source_id) filter (where place_kind = 'kindertageseinrichtung') as daycare_source_id,
        string_agg(distinct source_id, ',' order by source_id) filter (where place_kind = 'jugendfreizeitstaette') as youth_facilities_source_id,
        string_agg(distinct source_id, ',' order by source_id) filter (where place_kind = 'bibliothek') as libraries_source_id,
        string_agg(distinct source_id, ',' order by source_id) filter (where place_kind = 'volkshochschule') as adult_education_source_id
    from places
),

placed as (
    select * from places where stadtbezirk_code is not null
),

places_by_level as (
    select 'statistischer_bezirk' as area_level, stat_bezirk_code as area_code, * from placed where stat_bezirk_code is not null
    union all
    select 'stadtbezirk', stadtbezirk_code, * from placed
    union all
    select 'stadt', (select area_code from city), * from placed
),

-- every area of the three levels, also one without a place (0, not missing)
counts as (
    select
        areas.area_level,
        areas.area_code,
        count(places_by_level.place_id) filter (where places_by_level.place_kind = 'schule') as schools,
        -- a centre whose source gives no number of places adds none
        coalesce(sum(places_by_level.capacity) filter (where places_by_level.place_kind = 'kindertageseinrichtung'), 0) as daycare_places,
        case when areas.area_level <> 'statistischer_bezirk'
            then count(places_by_level.place_id) filter (where places_by_level.place_kind = 'jugendfreizeitstaette') end as youth_facilities,
        case when areas.area_level <> 'statistischer_bezirk'
            then count(places_by_level.place_id) filter (where places_by_level.place_kind = 'bibliothek') end as libraries,
        case when areas.area_level <> 'statistischer_bezirk'
            then count(places_by_level.place_id) filter (where places_by_level.place_kind = 'volkshochschule') end as adult_education_sites
    from areas
    left join places_by_level on places_by_level.area_level = areas.area_level and places_by_level.area_code = areas.area_code
    group by areas.area_level, areas.area_code
),

final as (
    select
        counts.area_level,
        counts.area_code,
        residents.year,
        counts.schools,
        counts.daycare_places,
        counts.youth_facilities,
        counts.libraries,
        counts.adult_education_sites,
        residents.residents_under_6,
        residents.under_6_has_symbol,
        residents.residents_6_to_17,
        residents.age_6_to_17_has_symbol,
        residents.residents_6_to_24,
        residents.age_6_to_24_has_symbol,
        residents.residents_all,
        residents.all_has_symbol,
        place_sources.schools_source_id,
        place_sources.daycare_source_id,
        place_sources.youth_facilities_source_id,
        place_sources.libraries_source_id,
        place_sources.adult_education_source_id,
        residents.population_source_id,
        residents.run_id
    from counts
    inner join residents on residents.area_level = counts.area_level and residents.area_code = counts.area_code
    cross join place_sources
)

select * from final
