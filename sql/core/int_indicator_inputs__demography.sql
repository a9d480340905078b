-- grain: one row per indicator, area and year: demography indicators, from the residents by area
-- A part of core.int_indicator_inputs (its columns; numerator and denominator as double).
with

population as (
    select * from core.int_population_by_area
),

final as (
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
)

select * from final
