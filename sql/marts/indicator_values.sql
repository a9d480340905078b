-- grain: one row per indicator, area and year. Shares are recomputed at every level from summed
-- numerators and denominators, never averaged. A value whose inputs include a secret cell is NULL
-- with status '.'.
with

population as (
    select * from core.int_population_by_area
),

indicators as (
    select * from marts.indicators
),

population_values as (
    select area_level, area_code, year, 'population_total' as indicator_id,
           cast(residents_count as double) as numerator, cast(null as double) as denominator, has_secret_cell, run_id
    from population
    union all
    select area_level, area_code, year, 'population_share_under_18',
           under_18_count, residents_count, has_secret_cell, run_id
    from population
    union all
    select area_level, area_code, year, 'population_share_15_to_24',
           age_15_to_24_count, residents_count, has_secret_cell, run_id
    from population
    union all
    select area_level, area_code, year, 'population_share_non_german',
           non_german_count, residents_count, has_secret_cell, run_id
    from population
),

computed as (
    select
        v.indicator_id,
        v.area_level,
        v.area_code,
        v.year,
        case
            when v.has_secret_cell then null
            when v.denominator is null then round(v.numerator, i.decimals)
            when v.denominator = 0 then null
            else round(100.0 * v.numerator / v.denominator, i.decimals)
        end as value,
        case
            when v.has_secret_cell then '.'
            when v.denominator = 0 then 'x'
            else ''
        end as status,
        case when v.has_secret_cell then null else v.numerator end as numerator,
        v.denominator,
        i.unit,
        i.source_ids,
        v.run_id
    from population_values v
    inner join indicators i on i.indicator_id = v.indicator_id
),

final as (
    select * from computed
)

select * from final
