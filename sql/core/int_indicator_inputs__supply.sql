-- grain: one row per indicator, area and year: supply indicators: places of talent support per 1,000 (100,000) residents of the target ages; a place count is no count of people, the residents are; the levels are those the places' sources give (core.int_supply_by_area)
-- A part of core.int_indicator_inputs (its columns; numerator and denominator as double).
with

supply as (
    select * from core.int_supply_by_area
),

final as (
    select 'daycare_places_per_1000_under_6' as indicator_id, area_level, area_code, year, 'per_1000' as kind,
           cast(daycare_places as double) as numerator, cast(residents_under_6 as double) as denominator,
           coalesce(under_6_has_symbol, true) as has_secret_cell, daycare_source_id || ',' || population_source_id as source_ids, run_id
    from supply
    union all
    select 'schools_per_1000_aged_6_to_17', area_level, area_code, year, 'per_1000', schools, residents_6_to_17,
           coalesce(age_6_to_17_has_symbol, true), schools_source_id || ',' || population_source_id, run_id from supply
    union all
    select 'youth_facilities_per_1000_aged_6_to_24', area_level, area_code, year, 'per_1000', youth_facilities, residents_6_to_24,
           coalesce(age_6_to_24_has_symbol, true), youth_facilities_source_id || ',' || population_source_id, run_id from supply
    where youth_facilities is not null
    union all
    select 'libraries_per_100000', area_level, area_code, year, 'per_100000', libraries, residents_all,
           coalesce(all_has_symbol, true), libraries_source_id || ',' || population_source_id, run_id from supply
    where libraries is not null
    union all
    select 'adult_education_sites_per_100000', area_level, area_code, year, 'per_100000', adult_education_sites, residents_all,
           coalesce(all_has_symbol, true), adult_education_source_id || ',' || population_source_id, run_id from supply
    where adult_education_sites is not null
)

select * from final
