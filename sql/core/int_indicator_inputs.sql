-- grain: one row per indicator, area and year with the inputs of its value: a count, a ratio of two counts
-- (numerator and denominator, both summed at this level), or a value the source publishes as it is.
with

population as (
    select * from core.int_population_by_area
),

unemployment as (
    select * from core.int_unemployment_by_area
),

school_leavers as (
    select * from core.int_school_leavers_by_area
),

transitions as (
    select * from core.int_school_transitions_by_area
),

social as (
    select * from core.fct_social_indicators
),

official_unemployment as (
    select * from core.fct_official_unemployment
),

training as (
    select * from core.fct_training_market
),

regional as (
    select * from core.int_regional_indicator_inputs
),

supply as (
    select * from core.int_supply_by_area
),

training_by_area as (
    select
        area_level,
        area_code,
        year,
        max(value) filter (where measure = 'applicants') as applicants,
        max(value) filter (where measure = 'training_places') as places,
        max(value) filter (where measure = 'unplaced_applicants') as unplaced,
        bool_or(status in ('.', '/', 'x') and measure in ('applicants', 'training_places', 'unplaced_applicants')) as has_secret_cell,
        string_agg(distinct source_id, ',' order by source_id) as source_id,
        max(run_id) as run_id
    from training
    group by all
),

inputs as (
    ---------- demography
    select 'population_total' as indicator_id, area_level, area_code, year, 'count' as kind,
           cast(residents_count as double) as numerator, cast(null as double) as denominator,
           has_secret_cell, source_id as source_ids, run_id
    from population
    union all
    select 'population_share_under_18', area_level, area_code, year, 'ratio', under_18_count, residents_count, has_secret_cell, source_id, run_id from population
    union all
    select 'population_share_15_to_24', area_level, area_code, year, 'ratio', age_15_to_24_count, residents_count, has_secret_cell, source_id, run_id from population
    union all
    select 'population_share_non_german', area_level, area_code, year, 'ratio', non_german_count, residents_count, has_secret_cell, source_id, run_id from population

    ---------- school
    union all
    select 'school_leavers_total', area_level, area_code, year, 'count', leavers_count, null, has_secret_cell, source_ids, run_id from school_leavers
    union all
    select 'school_leavers_share_without_hauptschulabschluss', area_level, area_code, year, 'ratio', without_hsa_count, leavers_count, has_secret_cell, source_ids, run_id from school_leavers
    union all
    select 'school_leavers_share_abitur', area_level, area_code, year, 'ratio', abitur_count, leavers_count, has_secret_cell, source_ids, run_id from school_leavers
    union all
    select 'transition_rate_gymnasium', area_level, area_code, year, 'ratio', gymnasium_count, pupils_count, has_secret_cell, source_id, run_id from transitions

    ---------- training
    union all
    select 'training_applicants_per_100_places', area_level, area_code, year, 'ratio', applicants, places, has_secret_cell, source_id, run_id from training_by_area
    union all
    select 'training_unplaced_applicants_share', area_level, area_code, year, 'ratio', unplaced, applicants, has_secret_cell, source_id, run_id from training_by_area

    ---------- labour (district densities relate annual-average unemployment to residents at 31.12. of the same year)
    union all
    select 'unemployed_total', area_level, area_code, year, 'count', unemployed_count, null, has_secret_cell and not uses_official_total,
           case when uses_official_total then official_source_id else source_id end, run_id
    from unemployment
    union all
    select 'unemployed_total', area_level, area_code, year, 'count', value, null, status in ('.', '/', 'x'), source_id, run_id
    from official_unemployment
    where measure = 'unemployed' and population_group = 'total' and area_level in ('land', 'bund')
    union all
    select 'unemployment_density', u.area_level, u.area_code, u.year, 'ratio', u.unemployed_count, p.age_15_to_64_count,
           u.has_secret_cell or p.has_secret_cell, u.source_id || ',' || p.source_id, u.run_id
    from unemployment u
    inner join population p on p.area_level = u.area_level and p.area_code = u.area_code and p.year = u.year
    union all
    select 'youth_unemployment_density', u.area_level, u.area_code, u.year, 'ratio', u.unemployed_under_25_count, p.age_15_to_24_count,
           u.has_secret_cell or p.has_secret_cell, u.source_id || ',' || p.source_id, u.run_id
    from unemployment u
    inner join population p on p.area_level = u.area_level and p.area_code = u.area_code and p.year = u.year
    union all
    select 'unemployed_share_sgb2', area_level, area_code, year, 'ratio', unemployed_sgb2_count, unemployed_count, has_secret_cell, source_id, run_id from unemployment
    union all
    select 'unemployment_rate_official', area_level, area_code, year, 'given', value, null, status in ('.', '/', 'x'), source_id, run_id
    from official_unemployment
    where measure = 'unemployment_rate' and basis = 'all_civilian_labour_force' and population_group = 'total'
    union all
    select 'youth_unemployment_rate_official', area_level, area_code, year, 'given', value, null, status in ('.', '/', 'x'), source_id, run_id
    from official_unemployment
    where measure = 'unemployment_rate' and basis = 'all_civilian_labour_force' and population_group = 'age_15_to_24'

    ---------- shares computed from Regionalstatistik figures (the Städtevergleich's definitions): the city's Kreis, the
    ---------- state and the country; the city's other school-leaver shares come from school_leavers above
    union all
    select indicator_id,
           case area_level when 'kreis' then 'stadt' else area_level end,
           case area_level when 'kreis' then (select area_code from ref.regions where area_level = 'stadt') else area_code end,
           year, 'ratio', numerator, denominator, has_secret_cell, source_ids, run_id
    from regional
    where indicator_id not in ('school_leavers_share_without_hauptschulabschluss', 'school_leavers_share_abitur')
      and (area_level in ('land', 'bund') or area_code = (select genesis_code from ref.regions where area_level = 'stadt'))

    ---------- social (published as quotas by Stadtbezirk only; no counts to sum up to the city)
    union all
    select 'sgb2_quota', 'stadtbezirk', stadtbezirk_code, year, 'given', sgb2_quota_pct, null, status <> '', source_id, run_id from social
    union all
    -- the Sozialgeldquote: children under 15 in SGB II households; its own symbol is not kept, so a missing value is secret
    select 'child_sgb2_quota', 'stadtbezirk', stadtbezirk_code, year, 'given', sozialgeld_quota_pct, null, sozialgeld_quota_pct is null, source_id, run_id from social

    ---------- supply: places of talent support per 1,000 (100,000) residents of the target ages; a place count is no
    ---------- count of people, the residents are; the levels are those the places' sources give (core.int_supply_by_area)
    union all
    select 'daycare_places_per_1000_under_6', area_level, area_code, year, 'per_1000', daycare_places, residents_under_6,
           coalesce(under_6_has_symbol, true), daycare_source_id || ',' || population_source_id, run_id from supply
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
),

final as (
    select * from inputs
)

select * from final
