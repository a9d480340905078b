-- grain: one row per indicator, area and year: official unemployment figures and rates (Regionalstatistik), the benchmarks of the labour indicators
-- A part of core.int_indicator_inputs (its columns; numerator and denominator as double).
with

official_unemployment as (
    select * from core.fct_official_unemployment
),

final as (
    select 'unemployed_total' as indicator_id, area_level, area_code, year, 'count' as kind,
           cast(value as double) as numerator, cast(null as double) as denominator, status in ('.', '/', 'x') as has_secret_cell, source_id as source_ids, run_id
    from official_unemployment
    where measure = 'unemployed' and population_group = 'total' and area_level in ('land', 'bund')
    union all
    select 'unemployment_rate_official', area_level, area_code, year, 'given', value, null, status in ('.', '/', 'x'), source_id, run_id
    from official_unemployment
    where measure = 'unemployment_rate' and basis = 'all_civilian_labour_force' and population_group = 'total'
    union all
    select 'youth_unemployment_rate_official', area_level, area_code, year, 'given', value, null, status in ('.', '/', 'x'), source_id, run_id
    from official_unemployment
    where measure = 'unemployment_rate' and basis = 'all_civilian_labour_force' and population_group = 'age_15_to_24'
)

select * from final
