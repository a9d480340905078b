-- grain: one row per indicator, area and year: labour indicators of the city's districts (district densities relate annual-average unemployment to residents at 31.12. of the same year)
-- A part of core.int_indicator_inputs (its columns; numerator and denominator as double).
with

unemployment as (
    select * from core.int_unemployment_by_area
),

population as (
    select * from core.int_population_by_area
),

final as (
    select 'unemployed_total' as indicator_id, area_level, area_code, year, 'count' as kind,
           cast(unemployed_count as double) as numerator, cast(null as double) as denominator, has_secret_cell and not uses_official_total as has_secret_cell,
           case when uses_official_total then official_source_id else source_id end as source_ids, run_id
    from unemployment
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
)

select * from final
